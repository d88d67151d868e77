#include <coach/meeting_template.hpp>

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/text.hpp>

namespace coach {

namespace {

// Text for a `#` comment line: a line break in it would end the comment.
std::string comment_text(std::string_view text) {
  std::string out;
  for (char c : text) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return out;
}

[[noreturn]] void fail(size_t line, std::string_view message) {
  throw Error(ExitCode::usage, fmt::format("template line {}: {}", line, message));
}

} // namespace

std::optional<Owner> owner_from_word(std::string_view word) {
  const std::string lower = to_lower(trim(word));
  if (lower == "me" || lower == "i" || lower == "manager" || lower == "mine") return Owner::manager;
  if (lower == "rep" || lower == "they" || lower == "them" || lower == "theirs") return Owner::rep;
  return std::nullopt;
}

PromiseDraft parse_promise_spec(std::string_view spec, Owner default_owner) {
  PromiseDraft draft;
  draft.owner = default_owner;
  std::string_view rest = trim(spec);
  if (const auto colon = rest.find(':'); colon != std::string_view::npos && colon <= 8) {
    if (const auto owner = owner_from_word(rest.substr(0, colon))) {
      draft.owner = *owner;
      rest = trim(rest.substr(colon + 1));
    }
  }
  // A trailing "(due DATE)".
  if (!rest.empty() && rest.back() == ')') {
    const auto open = rest.rfind('(');
    if (open != std::string_view::npos) {
      const std::string_view inside = trim(rest.substr(open + 1, rest.size() - open - 2));
      if (to_lower(inside.substr(0, 4)) == "due " || to_lower(inside.substr(0, 4)) == "due:") {
        draft.due = std::string(trim(inside.substr(4)));
        rest = trim(rest.substr(0, open));
      }
    }
  }
  if (rest.empty()) {
    throw Error(ExitCode::usage, fmt::format("promise \"{}\" has no text", std::string(trim(spec))));
  }
  draft.text = std::string(rest);
  return draft;
}

std::string render_meeting_template(const Rep& rep, Date date, Date today) {
  std::string out;
  out += fmt::format("# 1:1 with {}. Fill in what you covered, save and quit.\n", comment_text(rep.name));
  out += "# Lines starting with '#' are ignored; an empty or unchanged template logs nothing.\n";
  const auto open = rep.open_promises();
  if (!open.empty()) {
    out += "#\n# Open promises:\n";
    for (const Promise* promise : open) {
      std::string due = promise->due ? promise->due->pretty() : "no due date";
      if (promise->is_overdue(today)) {
        due += fmt::format(", {} days overdue", promise->due->days_until(today));
      }
      out += fmt::format("#   {}  {}: {} (due {})\n", promise->id,
                         promise->owner == Owner::manager ? "you" : comment_text(rep.first_name()),
                         comment_text(promise->text), due);
    }
  }
  if (const Record* last = rep.last_one_on_one()) {
    out += fmt::format("#\n# Last 1:1, {}:\n", last->date.pretty());
    for (const auto& topic : last->fields.list(field::personal))
      out += fmt::format("#   personal: {}\n", comment_text(topic));
    for (const auto& topic : last->fields.list(field::professional))
      out += fmt::format("#   professional: {}\n", comment_text(topic));
    if (last->fields.list(field::personal).empty() && last->fields.list(field::professional).empty())
      out += "#   (no topics written down)\n";
  }
  out += "#\n# Promises: one per line, \"me: TEXT\" or \"rep: TEXT\", optionally ending in\n"
         "# (due DATE): (due fri), (due +2w), (due 2026-12-01). Without one, a promise is\n"
         "# due at the next 1:1 under the cadence policy.\n\n";
  out += fmt::format("date: {}\n", date.iso());
  for (const FieldSpec* spec : find_kind(kind_one_on_one)->template_fields()) out += spec->template_text;
  return out;
}

namespace {

// "a, b or c"
std::string either_of(const std::vector<std::string_view>& names, std::string_view last_joint) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? fmt::format(" {} ", last_joint) : ", ";
    out += names[i];
  }
  return out;
}

bool takes_items(const FieldSpec& spec) {
  return spec.type == FieldType::text_list || spec.type == FieldType::promises;
}

// Reads a filled-in template line by line; each template field of the kind is a section.
class TemplateParser {
public:
  explicit TemplateParser(const KindSpec& kind) : m_fields(kind.template_fields()) {
    std::vector<std::string_view> names{"date"};
    std::vector<std::string_view> listed;
    for (const FieldSpec* spec : m_fields) {
      names.push_back(spec->key);
      if (takes_items(*spec)) listed.push_back(spec->key);
    }
    m_sections = join_names(names);
    m_list_sections = either_of(listed, "or");
  }

  void line(size_t number, std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line.front() == '#') return;
    if (m_section && m_section->type == FieldType::notes) {
      m_notes.append(line);
      m_notes += '\n';
      return;
    }
    const std::string_view body = trim(line);
    if (body.empty()) return;
    // A section header starts at the left margin: `name:` and maybe a value.
    if (line.front() != ' ' && line.front() != '-') return header(number, body);
    if (body.front() != '-') fail(number, "items start with \"- \"");
    const std::string_view item = trim(body.substr(1));
    if (!m_section || !takes_items(*m_section)) fail(number, fmt::format("a list item outside {}", m_list_sections));
    add_item(number, *m_section, item);
  }

  MeetingDraft finish() {
    for (auto& [spec, items] : m_lists) {
      if (!items.empty()) m_draft.fields.set(*spec, std::move(items));
    }
    const std::string_view trimmed = trim(m_notes);
    if (!trimmed.empty() && m_notes_spec) m_draft.fields.set(*m_notes_spec, std::string(trimmed) + "\n");
    return std::move(m_draft);
  }

private:
  static std::string join_names(const std::vector<std::string_view>& names) {
    std::string out;
    for (const auto name : names) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
  }

  void header(size_t number, std::string_view body) {
    const auto colon = body.find(':');
    const std::string name = to_lower(trim(body.substr(0, colon)));
    const std::string_view value = colon == std::string_view::npos ? "" : trim(body.substr(colon + 1));
    if (colon == std::string_view::npos) {
      fail(number, fmt::format("\"{}\" is not a section ({})", std::string(body), m_sections));
    }
    m_section = nullptr;
    if (name == "date") {
      if (!value.empty()) m_draft.date = std::string(value);
      return;
    }
    const auto found = std::find_if(m_fields.begin(), m_fields.end(),
                                    [&](const FieldSpec* f) { return f->key == name; });
    if (found == m_fields.end()) fail(number, fmt::format("\"{}\" is not a section ({})", name, m_sections));
    const FieldSpec& spec = **found;
    if (takes_items(spec) || spec.type == FieldType::notes) m_section = &spec;
    if (spec.type == FieldType::notes) m_notes_spec = &spec;
    if (value.empty()) return;
    if (takes_items(spec)) return add_item(number, spec, value, true);
    if (spec.type == FieldType::notes) {
      m_notes.append(value);
      m_notes += '\n';
      return;
    }
    m_draft.fields.set(spec, scalar_value(number, spec, value));
  }

  static FieldValue scalar_value(size_t number, const FieldSpec& spec, std::string_view value) {
    if (spec.type == FieldType::minutes || spec.type == FieldType::rating) {
      const int low = spec.type == FieldType::minutes ? 0 : 1;
      const int high = spec.type == FieldType::minutes ? 24 * 60 : 5;
      const auto n = parse_whole_number(value);
      if (!n || *n < low || *n > high) {
        fail(number, spec.type == FieldType::minutes
                         ? fmt::format("{}: \"{}\" is not a number of minutes", spec.key, std::string(value))
                         : fmt::format("{}: \"{}\" is not a rating from 1 to 5", spec.key, std::string(value)));
      }
      return static_cast<int>(*n);
    }
    if (spec.type == FieldType::date) {
      const auto date = Date::parse_iso(value);
      if (!date) fail(number, fmt::format("{}: \"{}\" is not a date (YYYY-MM-DD)", spec.key, std::string(value)));
      return *date;
    }
    return std::string(value);
  }

  // `on_header`: written after `promises:` itself, where an empty "me:" is no placeholder.
  void add_item(size_t number, const FieldSpec& spec, std::string_view item, bool on_header = false) {
    if (spec.type == FieldType::text_list) {
      if (!item.empty()) m_lists[&spec].emplace_back(item);
      return;
    }
    // The template's empty "- me:" and "- rep:" lines are skipped.
    const std::string lower = to_lower(item);
    if (!on_header && (item.empty() || lower == "me:" || lower == "rep:")) return;
    try {
      m_draft.promises.push_back(parse_promise_spec(item, Owner::manager));
    } catch (const Error& e) {
      fail(number, e.what());
    }
  }

  std::vector<const FieldSpec*> m_fields;
  std::string m_sections;
  std::string m_list_sections;
  const FieldSpec* m_section = nullptr;
  const FieldSpec* m_notes_spec = nullptr;
  std::map<const FieldSpec*, std::vector<std::string>> m_lists;
  std::string m_notes;
  MeetingDraft m_draft;
};

} // namespace

MeetingDraft parse_meeting_template(std::string_view text, const KindSpec& kind) {
  TemplateParser parser(kind);
  size_t number = 0;
  for (std::string_view line : split_lines(text)) parser.line(++number, line);
  return parser.finish();
}

} // namespace coach
