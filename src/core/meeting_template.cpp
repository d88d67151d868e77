#include <coach/meeting_template.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <type_traits>
#include <variant>

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

namespace {

// Reads a number at the start of `text`: digits, with a fraction when `decimal`; its value in
// hundredths, and the rest of the text after it. nullopt without a digit or with more than two decimals.
std::optional<long long> leading_hundredths(std::string_view& text, bool decimal) {
  size_t at = 0;
  long long whole = 0;
  while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])) && at < 6) {
    whole = whole * 10 + (text[at++] - '0');
  }
  if (at == 0) return std::nullopt;
  long long hundredths = whole * 100;
  if (decimal && at < text.size() && (text[at] == '.' || text[at] == ',')) {
    ++at;
    long long scale = 10;
    const size_t first = at;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
      if (scale == 0) return std::nullopt;
      hundredths += (text[at++] - '0') * scale;
      scale /= 10;
    }
    if (at == first) return std::nullopt;
  }
  text = trim(text.substr(at));
  return hundredths;
}

// The unit word at the start of `text` (letters), removed from it.
std::string leading_unit(std::string_view& text) {
  size_t at = 0;
  while (at < text.size() && std::isalpha(static_cast<unsigned char>(text[at]))) ++at;
  const std::string unit = to_lower(text.substr(0, at));
  text = trim(text.substr(at));
  return unit;
}

bool is_minutes_unit(std::string_view unit) {
  return unit == "m" || unit == "min" || unit == "mins" || unit == "minute" || unit == "minutes";
}

bool is_hours_unit(std::string_view unit) {
  return unit == "h" || unit == "hr" || unit == "hrs" || unit == "hour" || unit == "hours";
}

} // namespace

std::optional<int> parse_minutes(std::string_view text) {
  std::string_view rest = trim(text);
  const auto first = leading_hundredths(rest, true);
  if (!first) return std::nullopt;
  const std::string unit = leading_unit(rest);
  long long minutes = 0;
  if (is_hours_unit(unit)) {
    if (*first * 60 % 100 != 0) return std::nullopt; // 1.01h is not whole minutes
    minutes = *first * 60 / 100;
    if (!rest.empty()) { // "1h30", "1h 30m": whole hours and minutes under 60
      const auto extra = leading_hundredths(rest, false);
      const std::string extra_unit = leading_unit(rest);
      if (*first % 100 != 0 || !extra || *extra >= 6000 || !rest.empty() ||
          !(extra_unit.empty() || is_minutes_unit(extra_unit))) {
        return std::nullopt;
      }
      minutes += *extra / 100;
    }
  } else {
    if (*first % 100 != 0 || !rest.empty() || !(unit.empty() || is_minutes_unit(unit))) return std::nullopt;
    minutes = *first / 100;
  }
  if (minutes > 24 * 60) return std::nullopt;
  return static_cast<int>(minutes);
}

namespace {

// Splits a trailing "(due DATE)" off `rest` into `draft.due`.
std::string_view without_due(std::string_view rest, PromiseDraft& draft) {
  if (rest.empty() || rest.back() != ')') return rest;
  const auto open = rest.rfind('(');
  if (open == std::string_view::npos) return rest;
  const std::string_view inside = trim(rest.substr(open + 1, rest.size() - open - 2));
  if (to_lower(inside.substr(0, 4)) != "due " && to_lower(inside.substr(0, 4)) != "due:") return rest;
  draft.due = std::string(trim(inside.substr(4)));
  return trim(rest.substr(0, open));
}

} // namespace

namespace {

// `rest`, what follows the owner prefix of `spec` (if any), as `owner`'s promise: its text and due date.
PromiseDraft promise_of(Owner owner, std::string_view rest, std::string_view spec) {
  PromiseDraft draft;
  draft.owner = owner;
  rest = without_due(trim(rest), draft);
  if (rest.empty()) {
    throw Error(ExitCode::usage, fmt::format("promise \"{}\" has no text", std::string(trim(spec))));
  }
  draft.text = std::string(rest);
  return draft;
}

} // namespace

PromiseDraft parse_promise_spec(std::string_view spec, Owner default_owner) {
  const std::string_view rest = trim(spec);
  if (const auto colon = rest.find(':'); colon != std::string_view::npos && colon <= 8) {
    if (const auto owner = owner_from_word(rest.substr(0, colon)))
      return promise_of(*owner, rest.substr(colon + 1), spec);
  }
  return promise_of(default_owner, rest, spec);
}

namespace {

// The word before the colon of "WORD:" at the start of `item` (letters,
// digits, '-', any UTF-8 letter), or "" when the item does not start with
// one: "Q4 plan: draft" does not. `spaced`: a blank or the end follows the
// colon, as after an owner, and not as in "10:30" or "re:Acme".
std::string_view owner_prefix(std::string_view item, bool& spaced) {
  size_t at = 0;
  while (at < item.size()) {
    const auto c = static_cast<unsigned char>(item[at]);
    if (!(std::isalnum(c) || c == '-' || c >= 0x80)) break;
    ++at;
  }
  if (at == 0 || at >= item.size() || item[at] != ':') return {};
  spaced = at + 1 == item.size() || item[at + 1] == ' ' || item[at + 1] == '\t';
  return item.substr(0, at);
}

} // namespace

PromiseDraft parse_editor_promise(std::string_view item, const Rep& rep) {
  const std::string_view body = trim(item);
  // The rep's full name before the colon names them too ("Priya Raman: Send it").
  const std::string full_name = to_lower(rep.name) + ":";
  if (!rep.name.empty() && to_lower(body.substr(0, full_name.size())) == full_name) {
    return promise_of(Owner::rep, body.substr(full_name.size()), body);
  }
  bool spaced = false;
  const std::string_view word = owner_prefix(body, spaced);
  const std::string lower = to_lower(word);
  std::optional<Owner> owner = word.empty() ? std::nullopt : owner_from_word(lower);
  if (!owner && !word.empty() && (lower == to_lower(rep.first_name()) || lower == to_lower(rep.id))) {
    owner = Owner::rep;
  }
  if (!owner && !spaced) return promise_of(Owner::manager, body, body); // no owner prefix: text
  if (!owner) {
    throw Error(ExitCode::usage,
                fmt::format("\"{}:\" names no owner of a promise; write me, rep, {} or {} before the colon "
                            "(or no owner: the promise is yours)",
                            std::string(word), to_lower(rep.first_name()), rep.id));
  }
  return promise_of(*owner, body.substr(word.size() + 1), body);
}

PromiseDraft parse_goal_spec(std::string_view spec) {
  PromiseDraft draft;
  draft.owner = Owner::rep;
  const std::string_view rest = without_due(trim(spec), draft);
  if (rest.empty()) {
    throw Error(ExitCode::usage, fmt::format("goal \"{}\" has no text", std::string(trim(spec))));
  }
  draft.text = std::string(rest);
  return draft;
}

const Skill& checked_skill(std::span<const Skill> skills, std::string_view name) {
  for (const auto& skill : skills) {
    if (skill.id == name) return skill;
  }
  const Skill* closest = nullptr;
  size_t best = 4; // farther than 3 edits is no suggestion
  for (const auto& skill : skills) {
    const size_t distance = edit_distance(to_lower(name), skill.id);
    if (distance < best) {
      best = distance;
      closest = &skill;
    }
  }
  throw Error(ExitCode::usage,
              fmt::format("\"{}\" is not a skill on the team's list{}; the list is coach.yaml's `skills:`", name,
                          closest ? fmt::format(" (did you mean \"{}\"?)", closest->id) : ""));
}

FieldValue typed_field_value(const FieldSpec& spec, std::string_view label, std::string_view value) {
  const std::string shown(value);
  switch (spec.type) {
  case FieldType::minutes: {
    const auto minutes = parse_minutes(value);
    if (!minutes) throw Error(ExitCode::usage, fmt::format("{}: \"{}\" {}", label, shown, minutes_forms));
    return *minutes;
  }
  case FieldType::rating: {
    const auto n = parse_whole_number(trim(value));
    if (!n || *n < 1 || *n > 5) {
      throw Error(ExitCode::usage, fmt::format("{}: \"{}\" is not a rating from 1 to 5", label, shown));
    }
    return static_cast<int>(*n);
  }
  case FieldType::date: {
    const auto date = Date::parse_iso(trim(value));
    if (!date) throw Error(ExitCode::usage, fmt::format("{}: \"{}\" is not a date (YYYY-MM-DD)", label, shown));
    return *date;
  }
  case FieldType::choice: {
    const std::string word = to_lower(trim(value));
    if (std::find(spec.choices.begin(), spec.choices.end(), word) == spec.choices.end()) {
      throw Error(ExitCode::usage, fmt::format("{}: \"{}\" is not one of {}", label, shown, join(spec.choices, ", ")));
    }
    return word;
  }
  default: break;
  }
  return std::string(value);
}

void add_skill_item(FieldValue& map, const FieldSpec& spec, std::span<const Skill> skills, std::string_view label,
                    std::string_view skill, std::string_view value) {
  std::string id;
  try {
    id = checked_skill(skills, trim(skill)).id;
  } catch (const Error& e) {
    throw Error(ExitCode::usage, fmt::format("{}: {}", label, e.what()));
  }
  const auto twice = [&] {
    return Error(ExitCode::usage, fmt::format("{}: {} is given twice; give each skill once", label, id));
  };
  if (spec.type == FieldType::skill_ratings) {
    auto& ratings = std::get<std::vector<SkillRating>>(map);
    const auto n = parse_whole_number(trim(value));
    if (!n || *n < 1 || *n > 5) {
      throw Error(ExitCode::usage,
                  fmt::format("{}: {}: \"{}\" is not a rating from 1 to 5", label, id, std::string(value)));
    }
    if (std::any_of(ratings.begin(), ratings.end(), [&](const SkillRating& r) { return r.skill == id; })) throw twice();
    ratings.push_back({id, static_cast<int>(*n)});
  } else {
    auto& texts = std::get<std::vector<SkillText>>(map);
    if (std::any_of(texts.begin(), texts.end(), [&](const SkillText& t) { return t.skill == id; })) throw twice();
    texts.push_back({id, std::string(trim(value))});
  }
}

namespace {

// The rep's open promises (and development goals), as comment lines.
std::string open_promises_comment(const Rep& rep, Date today) {
  const auto open = rep.open_promises();
  if (open.empty()) return "";
  std::string out = "#\n# Open promises:\n";
  for (const Promise* promise : open) {
    std::string due = promise->due ? promise->due->pretty() : "no due date";
    if (promise->is_overdue(today)) {
      due += fmt::format(", {} days overdue", promise->due->days_until(today));
    }
    out += fmt::format("#   {}  {}: {} (due {})\n", promise->id,
                       promise->goal                      ? "goal"
                       : promise->owner == Owner::manager ? "you"
                                                          : comment_text(rep.first_name()),
                       comment_text(promise->text), due);
  }
  return out;
}

// How to write a promise (parse_editor_promise): the owners `rep`'s may name, and due dates.
std::string promises_help(const Rep& rep) {
  return fmt::format("#\n# Promises: one per line, \"me: TEXT\" or \"rep: TEXT\" (or \"{}: TEXT\"), optionally\n"
                     "# ending in (due DATE): (due fri), (due +2w), (due 2026-12-01). Without one, a\n"
                     "# promise is due at the next 1:1 under the cadence policy, a weekend's on Monday.\n\n",
                     comment_text(to_lower(rep.first_name())));
}

} // namespace

std::string render_meeting_template(const Rep& rep, Date date, Date today) {
  std::string out;
  out += fmt::format("# 1:1 with {}. Fill in what you covered, save and quit.\n", comment_text(rep.name));
  out += "# Lines starting with '#' are ignored; an empty or unchanged template logs nothing.\n";
  out += open_promises_comment(rep, today);
  if (const Record* last = rep.last_one_on_one()) {
    out += fmt::format("#\n# Last 1:1, {}:\n", last->date.pretty());
    for (const auto& topic : last->fields.list(field::personal))
      out += fmt::format("#   personal: {}\n", comment_text(topic));
    for (const auto& topic : last->fields.list(field::professional))
      out += fmt::format("#   professional: {}\n", comment_text(topic));
    if (last->fields.list(field::personal).empty() && last->fields.list(field::professional).empty())
      out += "#   (no topics written down)\n";
  }
  out += promises_help(rep);
  out += fmt::format("date: {}\n", date.iso());
  for (const FieldSpec* spec : find_kind(kind_one_on_one)->template_fields()) out += spec->template_text;
  return out;
}

std::vector<const FieldSpec*> TemplateSubject::sections() const {
  std::vector<const FieldSpec*> out = kind->template_fields();
  if (existing) std::erase_if(out, [&](const FieldSpec* spec) { return spec->part != part; });
  return out;
}

namespace {

// A field's value on one comment line ("" for promises and goals, listed apart).
std::string value_comment(const Field& field) {
  return std::visit(
      [](const auto& value) -> std::string {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, std::string>) return comment_text(trim(value));
        else if constexpr (std::is_same_v<T, int>) return std::to_string(value);
        else if constexpr (std::is_same_v<T, Date>) return value.iso();
        else if constexpr (std::is_same_v<T, std::vector<std::string>>) return comment_text(join(value, "; "));
        else if constexpr (std::is_same_v<T, std::vector<SkillRating>>) {
          std::vector<std::string> items;
          for (const auto& r : value) items.push_back(fmt::format("{} {}", r.skill, r.rating));
          return join(items, ", ");
        } else {
          std::vector<std::string> items;
          for (const auto& t : value) items.push_back(fmt::format("{}: {}", t.skill, comment_text(t.text)));
          return join(items, "; ");
        }
      },
      field.value);
}

// What the rep's history says about a new record of the subject's kind, as comments.
std::string history_comment(const TemplateSubject& subject) {
  const Rep& rep = *subject.rep;
  std::string out;
  if (subject.existing) {
    out += fmt::format("#\n# The {} of {}:\n", subject.kind->title, subject.existing->date.pretty());
    for (const Field& field : subject.existing->fields.all()) {
      out += fmt::format("#   {}: {}\n", field.spec().key, value_comment(field));
    }
    return out;
  }
  if (const Record* last = rep.last_record(subject.kind->kind)) {
    out += fmt::format("#\n# Last {}, {}:\n", subject.kind->title, last->date.pretty());
    for (const Field& field : last->fields.all()) {
      if (field.spec().type != FieldType::notes)
        out += fmt::format("#   {}: {}\n", field.spec().key, value_comment(field));
    }
  }
  return out;
}

// A skill field's section: the header line, then for a required map every
// skill of the list (its question as a comment), else the list's names.
std::string skill_section(const FieldSpec& spec, std::span<const Skill> skills) {
  const std::string_view header = spec.template_text.substr(0, spec.template_text.find('\n') + 1);
  std::string out(header);
  if (!spec.required) {
    std::vector<std::string_view> names;
    for (const auto& skill : skills) names.push_back(skill.id);
    out += fmt::format("# one per line, - SKILL: {}; skills: {}\n\n",
                       spec.type == FieldType::skill_ratings ? "1-5" : "TEXT", join(names, ", "));
    return out;
  }
  std::string_view group;
  for (const auto& skill : skills) {
    if (skill.group != group) out += fmt::format("#   {}\n", comment_text(skill.group));
    group = skill.group;
    out += fmt::format("# {} ({}{})\n- {}:\n", comment_text(skill.question), assessment_name(skill.assessed),
                       skill.required ? ", required" : "", skill.id);
  }
  return out + "\n";
}

} // namespace

std::string render_record_template(const TemplateSubject& subject) {
  const Rep& rep = *subject.rep;
  const bool adding = subject.existing != nullptr;
  std::string title(subject.kind->title);
  title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
  std::string out;
  out += fmt::format("# {} with {}{}. Fill in {}, save and quit.\n", title, comment_text(rep.name),
                     adding ? fmt::format(" on {}", subject.existing->date.pretty()) : "",
                     adding ? "what was said after it" : "what you covered");
  out += "# Lines starting with '#' are ignored; an empty or unchanged template logs nothing.\n";
  if (!adding && subject.kind->kind == kind::joint_call) {
    out += "# Before the call, fill in the plan only (account to watch), with the call's date; add the\n"
           "# feedback after it with `coach joint-call feedback ID`. Or fill in both at once.\n";
  }
  if (!adding) out += open_promises_comment(rep, subject.today);
  out += history_comment(subject);
  const auto sections = subject.sections();
  const bool has_promises = std::any_of(sections.begin(), sections.end(),
                                        [](const FieldSpec* spec) { return spec->type == FieldType::promises; });
  out += has_promises ? promises_help(rep) : std::string("#\n\n");
  if (!adding) out += fmt::format("date: {}\n", subject.date.iso());
  for (const FieldSpec* spec : sections) {
    const bool skill_map = spec->type == FieldType::skill_ratings || spec->type == FieldType::skill_texts;
    out += skill_map ? skill_section(*spec, subject.skills) : std::string(spec->template_text);
  }
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
  switch (spec.type) {
  case FieldType::text_list:
  case FieldType::promises:
  case FieldType::goals:
  case FieldType::skill_ratings:
  case FieldType::skill_texts: return true;
  default: return false;
  }
}

// The comment the template writes after a section's name ("# met, partly or missed"), or "".
std::string_view template_comment(const FieldSpec& spec) {
  const std::string_view first_line = spec.template_text.substr(0, spec.template_text.find('\n'));
  const auto hash = first_line.find('#');
  return hash == std::string_view::npos ? std::string_view{} : trim(first_line.substr(hash));
}

// A section's value without the template's own comment, when it is still there after it.
std::string_view without_template_comment(const FieldSpec& spec, std::string_view value) {
  const std::string_view comment = template_comment(spec);
  if (comment.empty() || value.size() < comment.size() || value.substr(value.size() - comment.size()) != comment) {
    return value;
  }
  return trim(value.substr(0, value.size() - comment.size()));
}

// Reads a filled-in template line by line; each section is a field.
class TemplateParser {
public:
  TemplateParser(const std::vector<const FieldSpec*>& sections, std::span<const Skill> skills, bool with_date,
                 const Rep* rep)
      : m_fields(sections), m_skills(skills), m_with_date(with_date), m_rep(rep) {
    std::vector<std::string_view> names;
    if (with_date) names.push_back("date");
    std::vector<std::string_view> listed;
    for (const FieldSpec* spec : m_fields) {
      names.push_back(spec->key);
      if (takes_items(*spec)) listed.push_back(spec->key);
    }
    m_sections = join(names, ", ");
    m_list_sections = either_of(listed, "or");
  }

  void line(size_t number, std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line.front() == '#') return;
    if (m_section && m_section->type == FieldType::notes && !ends_notes(line)) {
      m_notes[m_section].append(line);
      m_notes[m_section] += '\n';
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
    for (auto& [spec, map] : m_maps) m_draft.fields.set(*spec, std::move(map)); // made with its first item
    for (const auto& [spec, notes] : m_notes) {
      const std::string_view trimmed = trim(notes);
      if (!trimmed.empty()) m_draft.fields.set(*spec, std::string(trimmed) + "\n");
    }
    return std::move(m_draft);
  }

private:
  // Notes take every line up to the next section's header; the last
  // section's notes take every line (a 1:1's notes may hold "Next: ...").
  bool ends_notes(std::string_view line) const {
    if (m_section == m_fields.back() || line.empty() || line.front() == ' ') return false;
    const std::string name = to_lower(trim(line.substr(0, line.find(':'))));
    return line.find(':') != std::string_view::npos &&
           std::any_of(m_fields.begin(), m_fields.end(), [&](const FieldSpec* f) { return f->key == name; });
  }

  void header(size_t number, std::string_view body) {
    const auto colon = body.find(':');
    const std::string name = to_lower(trim(body.substr(0, colon)));
    std::string_view value = colon == std::string_view::npos ? "" : trim(body.substr(colon + 1));
    if (colon == std::string_view::npos) {
      fail(number, fmt::format("\"{}\" is not a section ({})", std::string(body), m_sections));
    }
    m_section = nullptr;
    if (name == "date" && m_with_date) {
      if (!value.empty()) m_draft.date = std::string(value);
      return;
    }
    const auto found = std::find_if(m_fields.begin(), m_fields.end(),
                                    [&](const FieldSpec* f) { return f->key == name; });
    if (found == m_fields.end()) fail(number, fmt::format("\"{}\" is not a section ({})", name, m_sections));
    const FieldSpec& spec = **found;
    value = without_template_comment(spec, value);
    if (takes_items(spec) || spec.type == FieldType::notes) m_section = &spec;
    if (value.empty()) return;
    if (takes_items(spec)) return add_item(number, spec, value, true);
    if (spec.type == FieldType::notes) {
      m_notes[&spec].append(value);
      m_notes[&spec] += '\n';
      return;
    }
    try {
      m_draft.fields.set(spec, typed_field_value(spec, spec.key, value));
    } catch (const Error& e) {
      fail(number, e.what());
    }
  }

  // `on_header`: written after `promises:` itself, where an empty "me:" is no placeholder.
  void add_item(size_t number, const FieldSpec& spec, std::string_view item, bool on_header = false) {
    if (spec.type == FieldType::text_list) {
      if (!item.empty()) m_lists[&spec].emplace_back(item);
      return;
    }
    try {
      if (spec.type == FieldType::skill_ratings || spec.type == FieldType::skill_texts) return add_skill(spec, item);
      if (spec.type == FieldType::goals) {
        if (!item.empty()) m_draft.goals.push_back(parse_goal_spec(item));
        return;
      }
      // The template's empty "- me:" and "- rep:" lines are skipped.
      const std::string lower = to_lower(item);
      if (!on_header && (item.empty() || lower == "me:" || lower == "rep:")) return;
      m_draft.promises.push_back(m_rep ? parse_editor_promise(item, *m_rep) : parse_promise_spec(item, Owner::manager));
    } catch (const Error& e) {
      fail(number, e.what());
    }
  }

  // `- SKILL: VALUE`; the template's `- SKILL:` with no value is skipped.
  void add_skill(const FieldSpec& spec, std::string_view item) {
    if (item.empty()) return;
    const auto colon = item.find(':');
    if (colon == std::string_view::npos) {
      throw Error(ExitCode::usage, fmt::format("{}: write \"- SKILL: {}\"", spec.key,
                                               spec.type == FieldType::skill_ratings ? "N" : "TEXT"));
    }
    const std::string_view value = trim(item.substr(colon + 1));
    if (value.empty()) return;
    auto [at, added] = m_maps.try_emplace(&spec, empty_value(spec.type));
    add_skill_item(at->second, spec, m_skills, spec.key, item.substr(0, colon), value);
  }

  std::vector<const FieldSpec*> m_fields;
  std::span<const Skill> m_skills;
  bool m_with_date = true;
  const Rep* m_rep = nullptr; // whose record: the owners its promises may name
  std::string m_sections;
  std::string m_list_sections;
  const FieldSpec* m_section = nullptr;
  std::map<const FieldSpec*, std::vector<std::string>> m_lists;
  std::map<const FieldSpec*, FieldValue> m_maps;
  std::map<const FieldSpec*, std::string> m_notes;
  MeetingDraft m_draft;
};

} // namespace

MeetingDraft parse_template_sections(std::string_view text, const std::vector<const FieldSpec*>& sections,
                                     std::span<const Skill> skills, bool with_date, const Rep* rep) {
  TemplateParser parser(sections, skills, with_date, rep);
  size_t number = 0;
  for (std::string_view line : split_lines(text)) parser.line(++number, line);
  return parser.finish();
}

MeetingDraft parse_meeting_template(std::string_view text, const KindSpec& kind, std::span<const Skill> skills,
                                    const Rep* rep) {
  return parse_template_sections(text, kind.template_fields(), skills, true, rep);
}

} // namespace coach
