#include <coach/schema.hpp>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace coach {

namespace {

// A 1:1: the record the product began with (coach-files(5)).
constexpr std::array one_on_one_fields{
    FieldSpec{"minutes", FieldType::minutes, false, "minutes", 1, "minutes:\n\n"},
    FieldSpec{"personal", FieldType::text_list, false, "personal", 2, "personal:\n- \n\n"},
    FieldSpec{"professional", FieldType::text_list, false, "professional", 3, "professional:\n- \n\n"},
    FieldSpec{"notes", FieldType::notes, false, "notes", 5, "notes:\n\n"},
    FieldSpec{"promises", FieldType::promises, false, "promises", 4, "promises:\n- me: \n- rep: \n\n"},
};

// A promise made outside any meeting (`followups add`): only its promises.
constexpr std::array promise_fields{
    FieldSpec{"promises", FieldType::promises, false, "promises", 0, ""},
};

const std::array kinds{
    KindSpec{"1on1", "1:1", one_on_one_fields},
    KindSpec{"promise", "promise", promise_fields},
};

static_assert(sizeof(Field) == sizeof(FieldValue), "a field's id fits in its value's padding");

} // namespace

const FieldSpec* KindSpec::field(std::string_view key) const {
  for (const auto& spec : fields) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

std::vector<const FieldSpec*> KindSpec::template_fields() const {
  std::vector<const FieldSpec*> out;
  for (const auto& spec : fields) {
    if (spec.template_rank > 0) out.push_back(&spec);
  }
  std::sort(out.begin(), out.end(),
            [](const FieldSpec* a, const FieldSpec* b) { return a->template_rank < b->template_rank; });
  return out;
}

std::vector<std::string_view> record_keys(const KindSpec& kind) {
  std::vector<std::string_view> keys(std::begin(header_keys), std::end(header_keys));
  for (const auto& spec : kind.fields) {
    if (std::find(keys.begin(), keys.end(), spec.key) == keys.end()) keys.push_back(spec.key);
  }
  return keys;
}

std::span<const KindSpec> record_kinds() {
  return kinds;
}

const KindSpec* find_kind(std::string_view kind) {
  for (const auto& spec : kinds) {
    if (spec.kind == kind) return &spec;
  }
  return nullptr;
}

uint64_t schema_fingerprint() {
  // FNV-1a over every kind's name and its fields' keys and types, in order.
  uint64_t hash = 14695981039346656037ULL;
  const auto mix = [&](std::string_view bytes) {
    for (const char c : bytes) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
    hash ^= 0xFF; // a separator, so that "ab","c" and "a","bc" differ
    hash *= 1099511628211ULL;
  };
  for (const auto& kind : kinds) {
    mix(kind.kind);
    for (const auto& spec : kind.fields) {
      mix(spec.key);
      mix(std::string_view(reinterpret_cast<const char*>(&spec.type), 1));
    }
  }
  return hash;
}

FieldValue empty_value(FieldType type) {
  switch (type) {
  case FieldType::text_list: return std::vector<std::string>{};
  case FieldType::minutes:
  case FieldType::rating: return 0;
  case FieldType::date: return Date{};
  case FieldType::text:
  case FieldType::notes:
  case FieldType::promises: break;
  }
  return std::string{};
}

uint16_t Field::id_of(const FieldSpec& spec) {
  for (size_t k = 0; k < kinds.size(); ++k) {
    const auto& rows = kinds[k].fields;
    if (&spec >= rows.data() && &spec < rows.data() + rows.size()) {
      return static_cast<uint16_t>(k << 8 | static_cast<size_t>(&spec - rows.data()));
    }
  }
  throw std::logic_error("a field spec that is not a row of a kind's table");
}

const FieldSpec& Field::spec() const {
  return kinds[id >> 8].fields[id & 0xFF];
}

void RecordFields::set(const FieldSpec& spec, FieldValue value) {
  // Rows of one table: their addresses are in table order.
  const uint16_t id = Field::id_of(spec);
  const auto at = std::lower_bound(m_fields.begin(), m_fields.end(), id,
                                   [](const Field& f, uint16_t wanted) { return f.id < wanted; });
  if (at != m_fields.end() && at->id == id) {
    at->value = std::move(value);
  } else {
    m_fields.insert(at, Field{std::move(value), id});
  }
}

const FieldValue* RecordFields::find(std::string_view key) const {
  for (const auto& f : m_fields) {
    if (f.spec().key == key) return &f.value;
  }
  return nullptr;
}

const std::string* RecordFields::text(std::string_view key) const {
  const FieldValue* value = find(key);
  return value ? std::get_if<std::string>(value) : nullptr;
}

const std::vector<std::string>& RecordFields::list(std::string_view key) const {
  static const std::vector<std::string> none;
  const FieldValue* value = find(key);
  const auto* items = value ? std::get_if<std::vector<std::string>>(value) : nullptr;
  return items ? *items : none;
}

std::optional<int> RecordFields::number(std::string_view key) const {
  const FieldValue* value = find(key);
  const int* n = value ? std::get_if<int>(value) : nullptr;
  return n ? std::optional<int>(*n) : std::nullopt;
}

std::optional<Date> RecordFields::date(std::string_view key) const {
  const FieldValue* value = find(key);
  const Date* d = value ? std::get_if<Date>(value) : nullptr;
  return d ? std::optional<Date>(*d) : std::nullopt;
}

} // namespace coach
