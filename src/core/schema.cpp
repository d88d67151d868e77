#include <coach/schema.hpp>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace coach {

namespace {

// Field rows: key, type, required, JSON name, template rank, template lines, help.

// Every kind with notes has private notes beside them (coach-files(5)): the
// manager's alone, shown by prep, rep show and the file, never by share without
// --include-private, report, followups or any export.
constexpr std::string_view private_help = "Notes for you alone: never in coach share, report, calendar or remind";

// A 1:1: the record the product began with (coach-files(5)).
constexpr std::array one_on_one_fields{
    FieldSpec{"minutes", FieldType::minutes, false, "minutes", 1, "minutes:\n\n", "How long it lasted"},
    FieldSpec{"personal", FieldType::text_list, false, "personal", 2, "personal:\n- \n\n", "A personal topic"},
    FieldSpec{"professional", FieldType::text_list, false, "professional", 3, "professional:\n- \n\n",
              "A professional topic"},
    FieldSpec{"notes", FieldType::notes, false, "notes", 5, "notes:\n\n", "Free notes"},
    FieldSpec{"private", FieldType::notes, false, "private", 6, "private:          # for you alone: never shared\n\n",
              private_help},
    FieldSpec{"promises", FieldType::promises, false, "promises", 4, "promises:\n- me: \n- rep: \n\n",
              "Promises both ways"},
};

// A promise made outside any meeting (`followups add`): only its promises.
constexpr std::array promise_fields{
    FieldSpec{"promises", FieldType::promises, false, "promises", 0, "", "Promises both ways"},
};

constexpr std::string_view manager_roles[] = {"observe", "support", "lead"};
constexpr std::string_view call_results[] = {"met", "partly", "missed"};

// A joint sales call (ride-along): the plan before the call, the feedback after it.
constexpr std::array joint_call_fields{
    FieldSpec{"account", FieldType::text, true, "account", 1, "account:\n", "The customer's company"},
    FieldSpec{"contact", FieldType::text, false, "contact", 2, "contact:\n", "Who the call is with"},
    FieldSpec{"call_type", FieldType::text, false, "call_type", 3, "call_type:\n", "discovery, demo, negotiation, ..."},
    FieldSpec{"minutes", FieldType::minutes, false, "minutes", 4, "minutes:\n\n", "How long the call lasted"},
    FieldSpec{"objective",
              FieldType::text,
              false,
              "objective",
              5,
              "objective:        # the pre-call plan: the rep's objective for the call\n",
              "The rep's objective for the call",
              {},
              FieldPart::plan},
    FieldSpec{"best_step",
              FieldType::text,
              false,
              "best_step",
              6,
              "best_step:\n",
              "The best next step the customer could agree to",
              {},
              FieldPart::plan},
    FieldSpec{"fallback_step",
              FieldType::text,
              false,
              "fallback_step",
              7,
              "fallback_step:\n",
              "The fallback next step",
              {},
              FieldPart::plan},
    FieldSpec{"manager_role", FieldType::choice, false, "manager_role", 8,
              "manager_role:     # observe, support or lead\n", "Your role on the call", manager_roles,
              FieldPart::plan},
    FieldSpec{"watch",
              FieldType::text_list,
              false,
              "watch",
              9,
              "watch:            # skills you will watch for\n- \n\n",
              "A skill you will watch for",
              {},
              FieldPart::plan},
    FieldSpec{"self_assessment",
              FieldType::notes,
              false,
              "self_assessment",
              10,
              "self_assessment:  # after the call: the rep's own assessment, asked first\n\n",
              "The rep's own assessment, asked first",
              {},
              FieldPart::feedback},
    FieldSpec{"went_well",
              FieldType::text_list,
              false,
              "went_well",
              11,
              "went_well:\n- \n\n",
              "What went well",
              {},
              FieldPart::feedback},
    FieldSpec{"do_differently",
              FieldType::text_list,
              false,
              "do_differently",
              12,
              "do_differently:\n- \n\n",
              "What to do differently",
              {},
              FieldPart::feedback},
    FieldSpec{"result", FieldType::choice, false, "result", 13, "result:           # met, partly or missed\n",
              "The outcome against the objective", call_results, FieldPart::feedback},
    FieldSpec{"outcome",
              FieldType::text,
              false,
              "outcome",
              14,
              "outcome:\n",
              "What the customer agreed to",
              {},
              FieldPart::feedback},
    FieldSpec{"focus",
              FieldType::text_list,
              false,
              "focus",
              15,
              "focus:            # one or two points\n- \n\n",
              "A focus point for the rep (one or two)",
              {},
              FieldPart::feedback},
    FieldSpec{"ratings",
              FieldType::skill_ratings,
              false,
              "ratings",
              16,
              "ratings:          # skill: 1-5, for the skills observed\n\n",
              "SKILL=N: a rating 1-5 of a skill observed",
              {},
              FieldPart::feedback},
    FieldSpec{"notes", FieldType::notes, false, "notes", 18, "notes:\n\n", "Free notes"},
    FieldSpec{"private", FieldType::notes, false, "private", 19, "private:          # for you alone: never shared\n\n",
              private_help},
    FieldSpec{"promises", FieldType::promises, false, "promises", 17, "promises:\n- me: \n- rep: \n\n",
              "Promises both ways"},
};

// A team meeting: kept in the team's file (team/YEAR.yaml), its actions are
// promises that name the rep they concern.
constexpr std::array team_meeting_fields{
    FieldSpec{"minutes", FieldType::minutes, false, "minutes", 1, "minutes:\n\n", "How long it lasted"},
    FieldSpec{"attendees", FieldType::text_list, false, "attendees", 2,
              "attendees:        # every active rep unless you list them\n- \n\n", "A rep who attended"},
    FieldSpec{"absent", FieldType::text_list, false, "absent", 3, "absent:\n- \n\n", "A rep who was absent"},
    FieldSpec{"topics", FieldType::text_list, false, "topics", 4, "topics:\n- \n\n", "A topic"},
    FieldSpec{"notes", FieldType::notes, false, "notes", 6, "notes:\n\n", "Free notes"},
    FieldSpec{"private", FieldType::notes, false, "private", 7, "private:          # for you alone: never shared\n\n",
              private_help},
    FieldSpec{"promises", FieldType::promises, false, "promises", 5, "promises:\n- me: \n\n",
              "Actions, with their owner"},
};

// A career conversation: reviews the rep's career plan (the goal, the development goals).
constexpr std::array career_fields{
    FieldSpec{"minutes", FieldType::minutes, false, "minutes", 1, "minutes:\n\n", "How long it lasted"},
    FieldSpec{"goal", FieldType::text, false, "goal", 2,
              "goal:             # the role they want next, or the skills to grow\n\n",
              "The career goal: the role they want next, or the skills to grow"},
    FieldSpec{"goals", FieldType::goals, false, "development_goals", 3,
              "goals:            # development goals: TEXT (due DATE)\n- \n\n",
              "A development goal: \"TEXT (due DATE)\""},
    FieldSpec{"notes", FieldType::notes, false, "notes", 5, "notes:\n\n", "Free notes"},
    FieldSpec{"private", FieldType::notes, false, "private", 6, "private:          # for you alone: never shared\n\n",
              private_help},
    FieldSpec{"promises", FieldType::promises, false, "promises", 4, "promises:\n- me: \n- rep: \n\n",
              "Promises both ways"},
};

// A sales skills audit: a rating and a recommendation per skill of the team's list.
constexpr std::array skills_audit_fields{
    FieldSpec{"ratings", FieldType::skill_ratings, true, "ratings", 1, "ratings:          # skill: 1-5\n\n",
              "SKILL=N: the skill's rating 1-5"},
    FieldSpec{"recommendations", FieldType::skill_texts, false, "recommendations", 2,
              "recommendations:  # skill: what to work on\n\n", "SKILL=TEXT: what to work on"},
    FieldSpec{"notes", FieldType::notes, false, "notes", 4, "notes:\n\n", "An overall note"},
    FieldSpec{"private", FieldType::notes, false, "private", 5, "private:          # for you alone: never shared\n\n",
              private_help},
    FieldSpec{"promises", FieldType::promises, false, "promises", 3, "promises:\n- me: \n- rep: \n\n",
              "Promises both ways"},
};

const std::array kinds{
    KindSpec{kind::one_on_one, "1:1", one_on_one_fields},
    KindSpec{kind::promise, "promise", promise_fields},
    KindSpec{kind::joint_call, "joint call", joint_call_fields},
    KindSpec{kind::team_meeting, "team meeting", team_meeting_fields},
    KindSpec{kind::career, "career conversation", career_fields},
    KindSpec{kind::skills_audit, "skills audit", skills_audit_fields},
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
      for (const auto choice : spec.choices) mix(choice);
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
  case FieldType::skill_ratings: return std::vector<SkillRating>{};
  case FieldType::skill_texts: return std::vector<SkillText>{};
  case FieldType::text:
  case FieldType::notes:
  case FieldType::choice:
  case FieldType::promises:
  case FieldType::goals: break;
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

const std::vector<SkillRating>& RecordFields::ratings(std::string_view key) const {
  static const std::vector<SkillRating> none;
  const FieldValue* value = find(key);
  const auto* items = value ? std::get_if<std::vector<SkillRating>>(value) : nullptr;
  return items ? *items : none;
}

const std::vector<SkillText>& RecordFields::skill_texts(std::string_view key) const {
  static const std::vector<SkillText> none;
  const FieldValue* value = find(key);
  const auto* items = value ? std::get_if<std::vector<SkillText>>(value) : nullptr;
  return items ? *items : none;
}

bool has_any_notes(const RecordFields& fields) {
  return fields.text(field::notes) || fields.text(field::private_notes);
}

bool RecordFields::has_part(FieldPart part) const {
  return std::any_of(m_fields.begin(), m_fields.end(), [&](const Field& f) { return f.spec().part == part; });
}

} // namespace coach
