#include <coach/rep_file.hpp>

#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/field_reader.hpp>
#include <coach/team_file.hpp>
#include <coach/text.hpp>
#include <coach/yaml_write.hpp>

namespace coach {

std::vector<Period> read_periods(const YamlDocument& doc, const YamlNode& node, std::string_view field) {
  FieldReader in(doc);
  std::vector<Period> periods;
  if (FieldReader::is_absent(node)) return periods;
  if (!node.is_sequence()) in.fail(node, field, "expected a list of periods (- from: DATE, to: DATE, reason: TEXT)");
  for (const auto& item : node.items) {
    if (!item.is_map()) in.fail(item, field, "each period is a map with from, to and reason");
    Period period;
    period.origin.place = item.place;
    std::optional<Date> from;
    std::optional<Date> to;
    for (const auto& [key, value] : item.entries) {
      if (key.value == "from") from = in.date(value, "from");
      else if (key.value == "to") to = in.date(value, "to");
      else if (key.value == "reason") period.reason = in.text(value, "reason");
      else
        period.unknown_keys.push_back(
            {key.value, content_key(value), {key.place}}); // kept in the file; audit reports it
    }
    if (!from) in.fail(item, std::string(field) + ".from", "a period needs a first day (from)");
    if (!to) to = from;
    if (*to < *from) in.fail(item, std::string(field) + ".to", fmt::format("{} is before {}", to->iso(), from->iso()));
    period.from = *from;
    period.to = *to;
    periods.push_back(std::move(period));
  }
  return periods;
}

namespace {

std::vector<Period> read_periods(const FieldReader& in, const YamlNode& node, std::string_view field) {
  return coach::read_periods(in.doc(), node, field);
}

Promise read_promise(const FieldReader& in, const YamlNode& node, bool goal = false) {
  if (!node.is_map()) {
    in.fail(node, goal ? "goals" : "promises",
            goal ? "each development goal must be a map (id, owner, text, due)"
                 : "each promise must be a map (id, owner, text, due)");
  }
  Promise promise;
  promise.origin.place = node.place;
  bool have_owner = false;
  for (const auto& [key, value] : node.entries) {
    const auto& k = key.value;
    if (k == "id") promise.id = in.text(value, "id");
    else if (k == "owner") {
      const auto owner = in.text(value, "owner");
      if (owner == "manager") promise.owner = Owner::manager;
      else if (owner == "rep") promise.owner = Owner::rep;
      else in.fail(value, "owner", fmt::format("\"{}\" is neither manager nor rep", owner));
      have_owner = true;
    } else if (k == "text") promise.text = in.text(value, "text");
    else if (k == "rep") promise.rep = in.text(value, "rep");
    else if (k == "due") promise.due = in.date(value, "due");
    else if (k == "first_due") promise.first_due = in.date(value, "first_due");
    else if (k == "done") promise.done = in.date(value, "done");
    else if (k == "dropped") promise.dropped = in.date(value, "dropped");
    else if (k == "reason") promise.reason = in.text(value, "reason");
    else if (k == "note") promise.note = in.text(value, "note");
    else promise.unknown_keys.push_back({k, content_key(value), {key.place}}); // kept in the file; audit reports it
  }
  if (!have_owner) in.fail(node, "owner", "a promise needs an owner (manager or rep)");
  if (promise.text.empty()) in.fail(node, "text", "a promise needs a text");
  return promise;
}

void read_promises(const FieldReader& in, const YamlNode& value, Record& record, bool goals = false) {
  if (FieldReader::is_absent(value)) return;
  const std::string_view key = goals ? "goals" : "promises";
  if (!value.is_sequence()) in.fail(value, key, fmt::format("expected a list of {}", goals ? "goals" : "promises"));
  for (const auto& item : value.items) {
    record.promises.push_back(read_promise(in, item, goals));
    record.promises.back().goal = goals;
  }
}

// A map of skill: rating (1-5) or skill: text, in the file's order.
void read_skill_map(const FieldReader& in, const FieldSpec& spec, const YamlNode& value, Record& record) {
  if (FieldReader::is_absent(value)) return;
  if (!value.is_map()) in.fail(value, spec.key, "expected a map of skill: value, one skill per line");
  std::vector<SkillRating> ratings;
  std::vector<SkillText> texts;
  for (const auto& [skill, item] : value.entries) {
    const std::string field = fmt::format("{}.{}", spec.key, skill.value);
    if (spec.type == FieldType::skill_ratings) {
      if (const auto n = in.number(item, field, 1, 5)) {
        ratings.push_back({skill.value, *n, skill.place.line, skill.place.column});
      }
    } else if (auto text = in.text(item, field); !text.empty()) {
      texts.push_back({skill.value, std::move(text), skill.place.line, skill.place.column});
    }
  }
  if (!ratings.empty()) record.fields.set(spec, std::move(ratings));
  if (!texts.empty()) record.fields.set(spec, std::move(texts));
}

// Reads one field of a known kind into `record`, by the field's type.
void read_field(const FieldReader& in, const FieldSpec& spec, const YamlNode& value, Record& record) {
  const std::string_view key = spec.key;
  switch (spec.type) {
  case FieldType::text:
    if (auto text = in.text(value, key); !text.empty()) record.fields.set(spec, std::move(text));
    break;
  case FieldType::notes:
    // Empty notes are no notes: an undocumented 1:1 must not hide behind `notes: ""`.
    if (auto text = in.text(value, key); !trim(text).empty()) record.fields.set(spec, std::move(text));
    break;
  case FieldType::text_list:
    if (auto items = in.text_list(value, key); !items.empty()) record.fields.set(spec, std::move(items));
    break;
  case FieldType::minutes:
    if (const auto n = in.number(value, key, 0, 24 * 60)) record.fields.set(spec, *n);
    break;
  case FieldType::rating:
    if (const auto n = in.number(value, key, 1, 5)) record.fields.set(spec, *n);
    break;
  case FieldType::date:
    if (const auto d = in.date(value, key)) record.fields.set(spec, *d);
    break;
  case FieldType::choice:
    if (auto word = in.text(value, key); !word.empty()) {
      if (std::find(spec.choices.begin(), spec.choices.end(), word) == spec.choices.end()) {
        in.fail(value, key, fmt::format("\"{}\" is not one of {}", word, join(spec.choices, ", ")));
      }
      record.fields.set(spec, std::move(word));
    }
    break;
  case FieldType::skill_ratings:
  case FieldType::skill_texts: read_skill_map(in, spec, value, record); break;
  case FieldType::goals: read_promises(in, value, record, true); break;
  case FieldType::promises: break; // read with the header, for every kind
  }
}

Record read_record(const FieldReader& in, const YamlNode& node) {
  if (!node.is_map()) in.fail(node, "records", "each record must be a map (kind, id, date, ...)");
  Record record;
  record.origin.place = node.place;
  for (const auto& [key, value] : node.entries) {
    if (key.value == "kind") record.kind = in.text(value, "kind");
  }
  if (record.kind.empty()) in.fail(node, "kind", "a record needs a kind (1on1)");
  // A kind this version does not know keeps every key but the header as written.
  const KindSpec* kind = find_kind(record.kind);
  bool have_date = false;
  for (const auto& [key, value] : node.entries) {
    const auto& k = key.value;
    if (k == "kind") continue;
    if (k == "id") record.id = in.text(value, "id");
    else if (k == "date") {
      if (auto d = in.date(value, "date")) {
        record.date = *d;
        have_date = true;
      }
    } else if (k == "promises") read_promises(in, value, record);
    else if (const FieldSpec* spec = kind ? kind->field(k) : nullptr) read_field(in, *spec, value, record);
    else record.unknown_keys.push_back({k, content_key(value), {key.place}});
  }
  if (!have_date) in.fail(node, "date", "a record needs a date");
  for (const FieldSpec& spec : kind ? kind->fields : std::span<const FieldSpec>{}) {
    if (spec.required && !record.fields.find(spec.key)) {
      in.fail(node, spec.key, fmt::format("a {} needs {}", kind->title, spec.key));
    }
  }
  return record;
}

// Where the line holding `offset` starts.
size_t line_start_of(std::string_view text, size_t offset) {
  if (offset == 0) return 0;
  const size_t nl = text.rfind('\n', offset - 1);
  return nl == std::string_view::npos ? 0 : nl + 1;
}

// Where a one-line scalar's text ends in the source, quotes included.
size_t scalar_end(std::string_view text, const YamlNode& node) {
  const size_t at = node.place.offset;
  if (at < text.size() && (text[at] == '"' || text[at] == '\'')) {
    const size_t close = text.find(text[at], at + 1);
    return close == std::string_view::npos ? at : close + 1;
  }
  return at + node.value.size();
}

// Where the document ends: at a final `...` end marker (followed by nothing
// but comments and blank lines), else at the end of the text.
size_t document_end(std::string_view text) {
  size_t line_end = text.size();
  while (true) {
    const size_t line_start = line_start_of(text, line_end);
    const std::string_view line = text.substr(line_start, line_end - line_start);
    const std::string_view body = trim(line);
    if (starts_with(line, "...")) {
      const std::string_view after = line.substr(3);
      if (trim(after).empty() || ((after[0] == ' ' || after[0] == '\t') && trim(after).front() == '#'))
        return line_start;
    }
    if ((!body.empty() && body.front() != '#') || line_start == 0) return text.size();
    line_end = line_start - 1;
  }
}

// The scalar that comes last in `node`, in file order, or nullptr.
const YamlNode* last_scalar(const YamlNode& node) {
  if (node.is_scalar()) return &node;
  if (node.is_sequence() && !node.items.empty()) return last_scalar(node.items.back());
  if (node.is_map() && !node.entries.empty()) return last_scalar(node.entries.back().value);
  return nullptr;
}

// Whether `node` is a block scalar with keep chomping (`|+`, `>+`, `|2+`):
// the blank lines after its text are part of its value.
bool is_keep_block(std::string_view text, const YamlNode& node) {
  const size_t at = node.place.offset;
  if (!node.is_scalar() || at >= text.size() || (text[at] != '|' && text[at] != '>')) return false;
  const size_t header_end = text.find_first_of(" \r\n#", at);
  return text.substr(at, header_end - at).find('+') != std::string_view::npos;
}

// Whether a line holds only a dash (and maybe a comment): the start of a list
// item whose value begins on a later line.
bool is_bare_dash(std::string_view body) {
  return body == "-" || (starts_with(body, "-") && body.size() > 1 && (body[1] == ' ' || body[1] == '\t') &&
                         (trim(body.substr(1)).empty() || trim(body.substr(1)).front() == '#'));
}

// Where text can be added after the last line of `node`'s content: the end of
// its last line that is neither blank nor a comment at or left of `column`
// (such a comment more likely belongs to what follows), nor a bare dash left
// of `column` (the next item's). The blank lines that end a keep-chomped block
// scalar are its value: they stay before what is added.
size_t end_of_content(std::string_view text, const YamlNode& node, int column) {
  const size_t cut = std::min(node.end, document_end(text));
  size_t best = node.place.offset;
  const YamlNode* last = last_scalar(node);
  const size_t keep_from = last && is_keep_block(text, *last) ? line_start_of(text, last->place.offset)
                                                              : std::string_view::npos;
  bool in_keep_blanks = false; // on the blank lines right after the keep block's text
  // Walk the lines of [start, end) and remember the end of the last content line.
  size_t line_start = text.rfind('\n', node.place.offset == 0 ? 0 : node.place.offset - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  while (line_start < cut) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    const std::string_view line = text.substr(line_start, line_end - line_start);
    if (cut < line_end) {
      // The next node starts on this line; if only "- " comes before it, the line is the next item's.
      const std::string_view before = text.substr(line_start, cut - line_start);
      if (before.find_first_not_of(" -") == std::string_view::npos) break;
    }
    const std::string_view body = trim(line);
    const auto indent = static_cast<int>(line.find_first_not_of(' '));
    const bool low_comment = !body.empty() && body.front() == '#' && indent + 1 <= column;
    if (!body.empty() && indent < column && is_bare_dash(body)) break;
    if (body.empty() && in_keep_blanks) {
      best = line_end;
    } else if (!body.empty() && !low_comment) {
      best = line_end;
      in_keep_blanks = line_start >= keep_from && keep_from != std::string_view::npos;
    } else {
      in_keep_blanks = false;
    }
    line_start = line_end + 1;
  }
  return best;
}

std::string line_ending_of(std::string_view text) {
  const auto nl = text.find('\n');
  return nl != std::string_view::npos && nl > 0 && text[nl - 1] == '\r' ? "\r\n" : "\n";
}

// Converts "\n" line ends to the file's own, so a CRLF file stays CRLF.
std::string with_line_ending(std::string lines, const std::string& eol) {
  if (eol == "\n") return lines;
  std::string out;
  for (char c : lines) {
    if (c == '\n') out += eol;
    else out += c;
  }
  return out;
}

// Inserts `lines` (each ending in "\n") at `offset`, which is the end of a line
// (before its line feed) or the end of the file.
std::string insert_lines_after(std::string_view text, size_t offset, const std::string& lines) {
  const std::string eol = line_ending_of(text);
  std::string converted = with_line_ending(lines, eol);
  std::string out;
  out.reserve(text.size() + converted.size() + 2);
  if (offset >= text.size()) {
    out.append(text);
    if (!out.empty() && out.back() != '\n') out += eol;
    out += converted;
    return out;
  }
  // offset points at "\n" or "\r\n" of the line we insert after.
  size_t after = text.find('\n', offset);
  after = after == std::string_view::npos ? text.size() : after + 1;
  out.append(text.substr(0, after));
  if (out.back() != '\n') out += eol;
  out += converted;
  out.append(text.substr(after));
  return out;
}

// Inserts `lines` at the end of the document: before a final `...` marker.
std::string insert_lines_at_document_end(std::string_view text, const std::string& lines) {
  const size_t at = document_end(text);
  if (at >= text.size()) return insert_lines_after(text, text.size(), lines);
  std::string out(text.substr(0, at));
  out += with_line_ending(lines, line_ending_of(text));
  out.append(text.substr(at));
  return out;
}

void emit_text_list(std::string& out, std::string_view key, const std::vector<std::string>& items, int indent) {
  if (items.empty()) return;
  const std::string pad(static_cast<size_t>(indent), ' ');
  out += fmt::format("{}{}:\n", pad, key);
  for (const auto& item : items) {
    out += fmt::format("{}  - {}\n", pad, yaml_scalar(item));
  }
}

// Kinds such as `1on1` start with a digit but can never be read as a number
// (no YAML number has letters other than e, or x/o/b after a leading 0):
// they are written plain.
std::string yaml_kind(std::string_view kind) {
  bool letter = false;
  for (char c : kind) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return yaml_scalar(kind);
    if (c >= 'a' && c <= 'z' && c != 'e') letter = true;
  }
  const bool prefixed = kind.size() > 1 && kind[0] == '0' && (kind[1] == 'x' || kind[1] == 'o' || kind[1] == 'b');
  const bool digit_first = !kind.empty() && kind[0] >= '0' && kind[0] <= '9';
  return digit_first && letter && !prefixed ? std::string(kind) : yaml_scalar(kind);
}

// `cadence: 14` (days between 1:1s), or a map of activity: days
// (`1on1: 14`, `joint-call: 60`, ...).
void read_rep_cadence(const FieldReader& in, const YamlNode& value, Rep& rep) {
  if (!value.is_map()) {
    rep.cadence = in.number(value, "cadence", 1, 365);
    return;
  }
  for (const auto& [activity, days] : value.entries) {
    const std::string field = "cadence." + activity.value;
    if (std::find(std::begin(activity_kinds), std::end(activity_kinds), activity.value) == std::end(activity_kinds)) {
      in.fail(activity, field,
              fmt::format("\"{}\" is not an activity ({})", activity.value, join(activity_kinds, ", ")));
    }
    if (activity.value == kind::one_on_one) rep.cadence = in.count(activity, days, field, 1, 365, "days");
    else rep.activity_cadence[activity.value] = in.count(activity, days, field, 0, 3650, "days");
  }
}

} // namespace

Rep read_team(const YamlDocument& doc) {
  FieldReader in(doc);
  const YamlNode& root = doc.root;
  Rep team;
  team.path = doc.path;
  team.origin.place = root.place;
  const std::string_view file = std::string_view(doc.path).substr(doc.path.find_last_of("/:") + 1);
  team.id = team_file_id(std::stoi(std::string(file.substr(0, 4)))); // is_team_file_path: YYYY.yaml
  team.name = std::string(default_team_name);
  if (root.is_null()) return team; // an empty team file holds no meeting
  if (!root.is_map()) in.fail(root, "file", "a team file must be a map of fields (team, records)");
  for (const auto& [key, value] : root.entries) {
    if (key.value == "team") {
      if (auto name = in.text(value, "team"); !name.empty()) team.name = std::move(name);
    } else if (key.value == "records") {
      if (FieldReader::is_absent(value)) continue;
      if (!value.is_sequence()) in.fail(value, "records", "expected a list of team meetings");
      for (const auto& item : value.items) {
        team.records.push_back(read_record(in, item));
        const std::string& kind = team.records.back().kind;
        // A kind this version does not know is kept as written; a rep's kind belongs in the rep's file.
        if (find_kind(kind) && kind != kind::team_meeting) {
          in.fail(item, "kind",
                  fmt::format("a team file holds team meetings only, not \"{}\"; move this record "
                              "to the rep's file",
                              kind));
        }
        for (const auto& action : team.records.back().promises) {
          if (action.owner == Owner::rep && action.rep.empty()) {
            throw Error(ExitCode::data, place_message(doc.path, action.origin.place,
                                                      "rep: an action owned by a rep names the rep (rep: ID)"));
          }
        }
      }
    } else {
      team.unknown_keys.push_back({key.value, content_key(value), {key.place}});
    }
  }
  return team;
}

Rep read_rep(const YamlDocument& doc) {
  if (is_team_file_path(doc.path)) return read_team(doc);
  FieldReader in(doc);
  const YamlNode& root = doc.root;
  if (root.is_null()) {
    throw Error(ExitCode::data, fmt::format("{}:1:1: the file is empty; a rep file needs at least `name:`", doc.path));
  }
  if (!root.is_map()) in.fail(root, "file", "a rep file must be a map of fields (id, name, records, ...)");
  Rep rep;
  rep.path = doc.path;
  rep.origin.place = root.place;
  for (const auto& [key, value] : root.entries) {
    const auto& k = key.value;
    if (k == "id") rep.id = in.text(value, "id");
    else if (k == "name") rep.name = in.text(value, "name");
    else if (k == "role") rep.role = in.text(value, "role");
    else if (k == "start") rep.start = in.date(value, "start");
    else if (k == "tags") rep.tags = in.text_list(value, "tags");
    else if (k == "cadence") read_rep_cadence(in, value, rep);
    else if (k == "archived") rep.archived = in.date(value, "archived");
    else if (k == "away") rep.away = read_periods(in, value, "away");
    else if (k == "records") {
      if (FieldReader::is_absent(value)) continue;
      if (!value.is_sequence()) in.fail(value, "records", "expected a list of records");
      rep.records.reserve(value.items.size());
      for (const auto& item : value.items) rep.records.push_back(read_record(in, item));
    } else {
      rep.unknown_keys.push_back({k, content_key(value), {key.place}});
    }
  }
  if (rep.name.empty()) in.fail(root, "name", "a rep file needs a name");
  return rep;
}

std::string render_new_rep_file(const Rep& rep) {
  // No user text goes into comments: a comment cannot escape a line break.
  std::string out = "# Coaching record kept with coach (see coach-files(5)).\n"
                    "# Hand edits and comments are welcome; coach changes only the lines it must.\n";
  out += fmt::format("id: {}\n", yaml_scalar(rep.id));
  out += fmt::format("name: {}\n", yaml_scalar(rep.name));
  if (!rep.role.empty()) out += fmt::format("role: {}\n", yaml_scalar(rep.role));
  if (rep.start) out += fmt::format("start: {}\n", rep.start->iso());
  if (!rep.tags.empty()) {
    std::string tags;
    for (const auto& tag : rep.tags) tags += (tags.empty() ? "" : ", ") + yaml_scalar(tag);
    out += fmt::format("tags: [{}]\n", tags);
  }
  if (rep.cadence) out += fmt::format("cadence: {}\n", *rep.cadence);
  if (rep.archived) out += fmt::format("archived: {}\n", rep.archived->iso());
  out += "records:\n";
  return out;
}

namespace {

// The record's promises (`goals`: its development goals instead) as a list under their key.
void emit_promises(std::string& out, const std::vector<Promise>& promises, int key_indent, bool goals = false) {
  const auto listed = [&](const Promise& p) { return p.goal == goals; };
  if (std::none_of(promises.begin(), promises.end(), listed)) return;
  out += fmt::format("{}{}:\n", std::string(static_cast<size_t>(key_indent), ' '), goals ? "goals" : "promises");
  const std::string item_pad(static_cast<size_t>(key_indent + 2), ' ');
  const std::string field_pad(static_cast<size_t>(key_indent + 4), ' ');
  for (const auto& promise : promises) {
    if (!listed(promise)) continue;
    out += fmt::format("{}- id: {}\n", item_pad, yaml_scalar(promise.id));
    out += fmt::format("{}owner: {}\n", field_pad, owner_name(promise.owner));
    if (!promise.rep.empty()) out += fmt::format("{}rep: {}\n", field_pad, yaml_scalar(promise.rep));
    out += fmt::format("{}text: {}\n", field_pad, yaml_scalar(promise.text));
    if (promise.due) out += fmt::format("{}due: {}\n", field_pad, promise.due->iso());
  }
}

// A map of skill: value, one skill per line.
template <class Items, class Value>
void emit_skill_map(std::string& out, std::string_view key, const Items& items, int key_indent, Value&& value) {
  const std::string key_pad(static_cast<size_t>(key_indent), ' ');
  out += fmt::format("{}{}:\n", key_pad, key);
  for (const auto& item : items) out += fmt::format("{}  {}: {}\n", key_pad, yaml_scalar(item.skill), value(item));
}

// Writes one field's `key: value` lines, by the field's type.
void emit_field(std::string& out, const Field& field, int key_indent) {
  const std::string key_pad(static_cast<size_t>(key_indent), ' ');
  const std::string_view key = field.spec().key;
  switch (field.spec().type) {
  case FieldType::text:
  case FieldType::choice:
    out += fmt::format("{}{}: {}\n", key_pad, key, yaml_scalar(std::get<std::string>(field.value)));
    break;
  case FieldType::notes:
    out += fmt::format("{}{}:{}", key_pad, key, yaml_notes_value(std::get<std::string>(field.value), key_indent + 2));
    break;
  case FieldType::text_list:
    emit_text_list(out, key, std::get<std::vector<std::string>>(field.value), key_indent);
    break;
  case FieldType::minutes:
  case FieldType::rating: out += fmt::format("{}{}: {}\n", key_pad, key, std::get<int>(field.value)); break;
  case FieldType::date: out += fmt::format("{}{}: {}\n", key_pad, key, std::get<Date>(field.value).iso()); break;
  case FieldType::skill_ratings:
    emit_skill_map(out, key, std::get<std::vector<SkillRating>>(field.value), key_indent,
                   [](const SkillRating& r) { return std::to_string(r.rating); });
    break;
  case FieldType::skill_texts:
    emit_skill_map(out, key, std::get<std::vector<SkillText>>(field.value), key_indent,
                   [](const SkillText& t) { return yaml_scalar(t.text); });
    break;
  case FieldType::promises:
  case FieldType::goals: break; // written from Record::promises at the row's place
  }
}

} // namespace

std::string render_record(const Record& record, int indent, int key_offset) {
  const std::string pad(static_cast<size_t>(indent), ' ');
  const int key_indent = indent + key_offset;
  const std::string key_pad(static_cast<size_t>(key_indent), ' ');
  std::string out = fmt::format("{}-{}kind: {}\n", pad, std::string(static_cast<size_t>(key_offset - 1), ' '),
                                yaml_kind(record.kind));
  if (!record.id.empty()) out += fmt::format("{}id: {}\n", key_pad, yaml_scalar(record.id));
  out += fmt::format("{}date: {}\n", key_pad, record.date.iso());
  bool promises_written = false;
  auto field = record.fields.all().begin();
  const KindSpec* kind = record.spec();
  for (const FieldSpec& spec : kind ? kind->fields : std::span<const FieldSpec>{}) {
    if (spec.type == FieldType::promises) {
      emit_promises(out, record.promises, key_indent);
      promises_written = true;
    } else if (spec.type == FieldType::goals) {
      emit_promises(out, record.promises, key_indent, true);
    } else if (field != record.fields.all().end() && &field->spec() == &spec) {
      emit_field(out, *field++, key_indent);
    }
  }
  if (!promises_written) emit_promises(out, record.promises, key_indent);
  return out;
}

namespace {

// A file whose last line has no line break gets one before lines are added
// after it. When that changes what the file says (its last line is the end
// of a `|` or `>` block, whose text would gain a line break), the edit is
// refused with the place, rather than changing the user's text.
void refuse_open_block_at_end(const YamlDocument& doc) {
  const std::string& text = doc.text;
  if (text.empty() || text.back() == '\n') return;
  const Rep as_is = read_rep(doc);
  const Rep terminated = read_rep(parse_yaml(doc.path, text + line_ending_of(text)));
  if (as_is == terminated) return;
  const int last_line = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  const size_t last_start = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
  throw Error(ExitCode::data,
              place_message(doc.path, SourcePlace{last_line, 1, last_start},
                            "the file ends inside a block of text (| or >) without a line break, so a line added "
                            "after it would change that text; end the file with a line break (your editor's "
                            "\"final newline\") and run again"));
}

} // namespace

namespace {

// The length of the `[]`, `~` or `null` that `rest` (the rest of a line)
// starts with, or 0 when it starts with no such value.
size_t empty_value_length(std::string_view rest) {
  if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);
  size_t length = 0;
  if (starts_with(rest, "[")) length = rest.find(']') == std::string_view::npos ? 0 : rest.find(']') + 1;
  else if (starts_with(rest, "~")) length = 1;
  else if (starts_with(rest, "null") || starts_with(rest, "Null") || starts_with(rest, "NULL")) length = 4;
  const std::string_view after = rest.substr(length);
  const bool ends = after.empty() || after.front() == ' ';
  return length > 0 && ends && (trim(after).empty() || trim(after).front() == '#') ? length : 0;
}

// `records:`, `records: []` or `records: ~` with nothing in it: the key's
// line becomes `records:` and the first record follows it.
std::string text_with_first_record(const YamlDocument& doc, const YamlNode& key_node, const YamlNode& records_node,
                                   const Record& record) {
  const std::string_view text = doc.text;
  const YamlNode* key = &key_node;
  const YamlNode* records = &records_node;
  const size_t line_start = line_start_of(text, key->place.offset);
  size_t line_end = text.find('\n', line_start);
  if (line_end == std::string_view::npos) line_end = text.size();
  std::string_view line = text.substr(line_start, line_end - line_start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // The `:` right after the key on its line; an explicit key (`? records`) has none.
  size_t colon = scalar_end(text, *key) - line_start;
  while (colon < line.size() && line[colon] == ' ') ++colon;
  if (colon >= line.size() || line[colon] != ':') {
    throw Error(ExitCode::data, place_message(doc.path, key->place,
                                              "records: coach adds records only under a plain `records:` key on "
                                              "its own line; write it that way"));
  }
  size_t value_at = colon + 1;
  while (value_at < line.size() && line[value_at] == ' ') ++value_at;
  const std::string_view value_text = line.substr(value_at);
  const size_t value_length = empty_value_length(value_text);
  const bool nothing_after_key = value_text.empty() || value_text.front() == '#';
  if (!nothing_after_key && value_length == 0) {
    throw Error(ExitCode::data, place_message(doc.path, records->place,
                                              "records: write an empty list as `records:` alone on its line"));
  }
  const std::string_view below = std::string_view(text).substr(records->place.offset);
  if (nothing_after_key && records->place.line != key->place.line &&
      empty_value_length(below.substr(0, below.find('\n'))) > 0) {
    // `~` or `[]` on a line of its own below the key.
    throw Error(ExitCode::data, place_message(doc.path, records->place,
                                              "records: write an empty list as `records:` alone on its line"));
  }
  // Keep a trailing comment on the line.
  std::string new_line(line.substr(0, key->place.offset - line_start));
  new_line += "records:";
  new_line.append(line.substr(value_length > 0 ? value_at + value_length : colon + 1));
  std::string out(text.substr(0, line_start));
  out += new_line;
  out.append(text.substr(line_start + line.size()));
  return insert_lines_after(out, line_start + new_line.size(), render_record(record, 2));
}

} // namespace

std::string text_with_record_appended(const YamlDocument& doc, const Record& record) {
  refuse_open_block_at_end(doc);
  const YamlNode& root = doc.root;
  const std::string_view text = doc.text;
  if (root.flow) {
    throw Error(ExitCode::data,
                place_message(doc.path, root.place,
                              "the file is written as a flow map ({...}); coach edits only block maps"));
  }
  const YamlNode* key = root.is_map() ? root.find_key("records") : nullptr;
  const YamlNode* records = root.is_map() ? root.find("records") : nullptr;
  if (!key) {
    // No list yet: start one at the end of the file.
    return insert_lines_at_document_end(text, "records:\n" + render_record(record, 2));
  }
  if (records->is_sequence() && !records->flow && !records->items.empty()) {
    // Follow the file's own layout: where its dashes stand and how far its keys sit after them.
    const int dash_column = records->place.column - 1;
    const YamlNode& first = records->items.front();
    const int key_offset = first.is_map() && first.place.line == records->place.line
                               ? std::clamp(first.place.column - records->place.column, 2, 8)
                               : 2;
    const size_t at = end_of_content(text, *records, dash_column);
    return insert_lines_after(text, at, render_record(record, dash_column, key_offset));
  }
  const bool empty_flow = records->is_sequence() && records->flow && records->items.empty();
  if (!records->is_null() && !empty_flow && !FieldReader::is_absent(*records)) {
    throw Error(ExitCode::data, place_message(doc.path, records->place,
                                              "records: coach appends only to a block list (`- kind: ...` lines)"));
  }
  return text_with_first_record(doc, *key, *records, record);
}

std::string text_with_header_field(const YamlDocument& doc, std::string_view key, std::string_view value) {
  refuse_open_block_at_end(doc);
  if (doc.root.flow) {
    throw Error(ExitCode::data,
                place_message(doc.path, doc.root.place,
                              "the file is written as a flow map ({...}); coach edits only block maps"));
  }
  if (const YamlNode* existing_key = doc.root.find_key(key)) {
    // `key:` left empty (or `~`) by hand: give it the value on its own line.
    const YamlNode* existing = doc.root.find(key);
    if (!FieldReader::is_absent(*existing)) {
      throw Error(ExitCode::exists, place_message(doc.path, existing->place, fmt::format("{} is set already", key)));
    }
    const std::string_view text = doc.text;
    const size_t start = line_start_of(text, existing_key->place.offset);
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start && text[end - 1] == '\r') --end;
    const std::string_view old_line = text.substr(start, end - start);
    const size_t hash = old_line.find(" #");
    std::string new_line = fmt::format("{}: {}", key, value);
    if (hash != std::string_view::npos) new_line += "  " + std::string(trim(old_line.substr(hash)));
    return std::string(text.substr(0, start)) + new_line + std::string(text.substr(end));
  }
  const std::string line = fmt::format("{}: {}\n", key, value);
  const YamlNode* records_key = doc.root.is_map() ? doc.root.find_key("records") : nullptr;
  if (!records_key || records_key->place.column != 1) {
    return insert_lines_at_document_end(doc.text, line);
  }
  // Before `records:` and the comments and blank lines just above it.
  std::string_view text = doc.text;
  size_t at = line_start_of(text, records_key->place.offset);
  while (at > 0) {
    const size_t prev = line_start_of(text, at - 1);
    const std::string_view prev_line = trim(text.substr(prev, at - prev));
    if (!prev_line.empty() && prev_line.front() != '#') break;
    if (!prev_line.empty() && text[prev] != '#') break; // an indented comment belongs to the value above
    at = prev;
  }
  // The blank lines that end a keep-chomped block (`|+`) just above are its value.
  for (const auto& entry : doc.root.entries) {
    if (entry.value.end != records_key->place.offset || entry.key.place.offset >= records_key->place.offset) continue;
    const YamlNode* last = last_scalar(entry.value);
    if (last && is_keep_block(text, *last)) {
      const size_t content_end = end_of_content(text, entry.value, 1);
      const size_t after = text.find('\n', content_end);
      at = std::max(at, after == std::string_view::npos ? text.size() : after + 1);
    }
  }
  std::string out(text.substr(0, at));
  out += with_line_ending(line, line_ending_of(text));
  out.append(text.substr(at));
  return out;
}

void apply_change(Promise& promise, const PromiseChange& change) {
  if (change.done) {
    promise.done = change.done;
    if (!change.note.empty()) promise.note = change.note;
  }
  if (change.dropped) {
    promise.dropped = change.dropped;
    if (!change.reason.empty()) promise.reason = change.reason;
  }
  if (change.new_due) {
    if (!promise.first_due && promise.due) promise.first_due = promise.due;
    promise.due = change.new_due;
  }
}

namespace {

const YamlNode* find_promise_node(const YamlNode& root, std::string_view id) {
  const YamlNode* records = root.is_map() ? root.find("records") : nullptr;
  if (!records || !records->is_sequence()) return nullptr;
  for (const auto& record : records->items) {
    if (!record.is_map()) continue;
    const YamlNode* kind_node = record.find("kind");
    const KindSpec* kind = kind_node && kind_node->is_scalar() ? find_kind(kind_node->value) : nullptr;
    for (const std::string_view key : {field::promises, field::goals}) {
      const FieldSpec* spec = kind ? kind->field(key) : nullptr;
      if (key == field::goals && (!spec || spec->type != FieldType::goals)) continue;
      const YamlNode* promises = record.find(key);
      if (!promises || !promises->is_sequence()) continue;
      for (const auto& promise : promises->items) {
        const YamlNode* promise_id = promise.is_map() ? promise.find("id") : nullptr;
        if (promise_id && promise_id->is_scalar() && promise_id->value == id) return &promise;
      }
    }
  }
  return nullptr;
}

} // namespace

std::string text_with_promise_changed(const YamlDocument& doc, std::string_view id, const PromiseChange& change) {
  refuse_open_block_at_end(doc);
  const YamlNode* node = find_promise_node(doc.root, id);
  if (!node) {
    throw Error(ExitCode::not_found, fmt::format("{}: no promise '{}' in this file", doc.path, id));
  }
  if (node->flow) {
    throw Error(ExitCode::data, place_message(doc.path, node->place,
                                              "promise is written as a flow map ({...}); coach edits only block maps"));
  }
  const int key_column = node->place.column - 1;
  const std::string pad(static_cast<size_t>(key_column), ' ');
  for (const auto& [key, given] :
       {std::pair{"note", !change.note.empty()}, std::pair{"reason", !change.reason.empty()}}) {
    if (given && node->find(key)) {
      throw Error(ExitCode::exists, place_message(doc.path, node->find_key(key)->place,
                                                  fmt::format("the promise has a {} already; edit it by hand or leave "
                                                              "out --{}",
                                                              key, key)));
    }
  }
  std::string lines;
  if (change.done) {
    lines += fmt::format("{}done: {}\n", pad, change.done->iso());
    if (!change.note.empty()) lines += fmt::format("{}note: {}\n", pad, yaml_scalar(change.note));
  }
  if (change.dropped) {
    lines += fmt::format("{}dropped: {}\n", pad, change.dropped->iso());
    if (!change.reason.empty()) lines += fmt::format("{}reason: {}\n", pad, yaml_scalar(change.reason));
  }
  std::string text = doc.text;
  size_t insert_at = end_of_content(text, *node, key_column);
  if (change.new_due) {
    const YamlNode* due = node->find("due");
    const YamlNode* first_due = node->find("first_due");
    if (due && due->is_scalar() && !due->value.empty() && due->place.line == node->find_key("due")->place.line) {
      if (!first_due) lines += fmt::format("{}first_due: {}\n", pad, due->value);
      const size_t start = due->place.offset;
      const size_t end = scalar_end(text, *due);
      const std::string replacement = change.new_due->iso();
      text.replace(start, end - start, replacement);
      if (insert_at >= end) insert_at = insert_at + replacement.size() - (end - start);
    } else if (!due) {
      lines += fmt::format("{}due: {}\n", pad, change.new_due->iso());
    } else if (FieldReader::is_absent(*due)) {
      // `due:` left empty by hand: the new date goes on that line.
      const YamlNode* due_key = node->find_key("due");
      const size_t start = due_key->place.offset + due_key->value.size() + 1; // after "due:"
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      if (end > start && text[end - 1] == '\r') --end;
      const std::string_view rest = std::string_view(text).substr(start, end - start);
      const size_t hash = rest.find('#');
      const std::string replacement = " " + change.new_due->iso() +
                                      (hash == std::string_view::npos ? "" : "  " + std::string(rest.substr(hash)));
      text.replace(start, end - start, replacement);
      if (insert_at >= end) insert_at = insert_at + replacement.size() - (end - start);
    } else {
      throw Error(ExitCode::data, place_message(doc.path, due->place, "due: coach edits only a one-line date here"));
    }
  }
  return insert_lines_after(text, insert_at, lines);
}

namespace {

const YamlNode* find_record_node(const YamlNode& root, std::string_view id) {
  const YamlNode* records = root.is_map() ? root.find("records") : nullptr;
  if (!records || !records->is_sequence()) return nullptr;
  for (const auto& record : records->items) {
    const YamlNode* record_id = record.is_map() ? record.find("id") : nullptr;
    if (record_id && record_id->is_scalar() && record_id->value == id) return &record;
  }
  return nullptr;
}

} // namespace

std::string text_with_record_fields_added(const YamlDocument& doc, std::string_view record_id,
                                          const RecordFields& fields) {
  refuse_open_block_at_end(doc);
  const YamlNode* node = find_record_node(doc.root, record_id);
  if (!node) throw Error(ExitCode::not_found, fmt::format("{}: no record '{}' in this file", doc.path, record_id));
  if (node->flow) {
    throw Error(ExitCode::data, place_message(doc.path, node->place,
                                              "record is written as a flow map ({...}); coach edits only block maps"));
  }
  const int key_column = node->place.column - 1;
  std::string lines;
  for (const Field& field : fields.all()) {
    if (const YamlNode* key = node->find_key(field.spec().key)) {
      throw Error(ExitCode::exists,
                  place_message(doc.path, key->place,
                                fmt::format("the record has {} already; edit it by hand", field.spec().key)));
    }
    emit_field(lines, field, key_column);
  }
  return insert_lines_after(doc.text, end_of_content(doc.text, *node, key_column), lines);
}

namespace {

// Where the list item whose map is `node` starts: the line of its dash, which
// is the node's own line ("- kind: 1on1") or an earlier line holding a dash
// alone. None when the item is not written as a block list item.
std::optional<size_t> item_start(std::string_view text, const YamlNode& node) {
  size_t line = line_start_of(text, node.place.offset);
  const std::string_view before = text.substr(line, node.place.offset - line);
  if (before.find('-') != std::string_view::npos && before.find_first_not_of(" -") == std::string_view::npos)
    return line;
  if (!trim(before).empty()) return std::nullopt;
  while (line > 0) {
    line = line_start_of(text, line - 1);
    const size_t end = text.find('\n', line);
    const std::string_view body = trim(text.substr(line, end - line));
    if (body.empty() || body.front() == '#') continue;
    return is_bare_dash(body) ? std::optional<size_t>(line) : std::nullopt;
  }
  return std::nullopt;
}

} // namespace

RemovedItem text_with_item_removed(const YamlDocument& doc, std::string_view id) {
  const YamlNode* node = find_record_node(doc.root, id);
  if (!node) node = find_promise_node(doc.root, id);
  if (!node) throw Error(ExitCode::not_found, fmt::format("{}: no record or promise '{}' in this file", doc.path, id));
  const std::optional<size_t> start = node->flow ? std::nullopt : item_start(doc.text, *node);
  if (!start) {
    throw Error(ExitCode::data, place_message(doc.path, node->place,
                                              "written in a form coach does not edit (only `- key: value` block "
                                              "list items); remove it by hand or with `coach edit`"));
  }
  // Through the end of its last content line: comments and blank lines after it belong to what follows.
  const size_t last = end_of_content(doc.text, *node, node->place.column - 1);
  const size_t newline = doc.text.find('\n', last);
  const size_t end = newline == std::string::npos ? doc.text.size() : newline + 1;
  RemovedItem removed;
  removed.lines = doc.text.substr(*start, end - *start);
  removed.text = doc.text.substr(0, *start) + doc.text.substr(end);
  return removed;
}

void verify_edit(const std::string& path, const std::string& new_text, const Rep& expected) {
  Rep actual;
  try {
    actual = read_rep(parse_yaml(path, new_text));
  } catch (const Error& e) {
    throw Error(ExitCode::internal,
                fmt::format("{}: refusing to write: the edited file would not read back ({})", path, e.what()));
  }
  actual.path = expected.path;
  if (!(actual == expected)) {
    throw Error(ExitCode::internal,
                fmt::format("{}: refusing to write: the edited file would not read back as intended; "
                            "the file's layout is unusual, please report it",
                            path));
  }
}

} // namespace coach

// ---- rep set: a rep's header edited in place ----

namespace coach {

bool RepChange::empty() const {
  return !name && !role && !start && add_tags.empty() && remove_tags.empty() && !cadence && !default_cadence;
}

std::vector<std::string> RepChange::what() const {
  std::vector<std::string> out;
  if (name) out.emplace_back("name");
  if (role) out.emplace_back("role");
  if (start) out.emplace_back("start");
  if (!add_tags.empty() || !remove_tags.empty()) out.emplace_back("tags");
  if (cadence || default_cadence) out.emplace_back("cadence");
  return out;
}

RepChange effective_change(const Rep& rep, const RepChange& change) {
  RepChange out;
  if (change.name && *change.name != rep.name) out.name = change.name;
  if (change.role && *change.role != rep.role) out.role = change.role;
  if (change.start && change.start != rep.start) out.start = change.start;
  for (const auto& tag : change.remove_tags) {
    if (!rep.has_tag(tag)) {
      throw Error(ExitCode::not_found,
                  fmt::format("--untag: {} has no tag '{}' ({})", rep.name, tag,
                              rep.tags.empty() ? std::string("no tags") : "tags: " + join(rep.tags, ", ")));
    }
    if (std::find(out.remove_tags.begin(), out.remove_tags.end(), tag) == out.remove_tags.end())
      out.remove_tags.push_back(tag);
  }
  for (const auto& tag : change.add_tags) {
    if (!rep.has_tag(tag) && std::find(out.add_tags.begin(), out.add_tags.end(), tag) == out.add_tags.end())
      out.add_tags.push_back(tag);
  }
  if (change.cadence && change.cadence != rep.cadence) out.cadence = change.cadence;
  out.default_cadence = change.default_cadence && rep.cadence.has_value();
  return out;
}

void apply_rep_change(Rep& rep, const RepChange& change) {
  if (change.name) rep.name = *change.name;
  if (change.role) rep.role = *change.role;
  if (change.start) rep.start = change.start;
  std::erase_if(rep.tags, [&](const std::string& tag) {
    return std::find(change.remove_tags.begin(), change.remove_tags.end(), tag) != change.remove_tags.end();
  });
  for (const auto& tag : change.add_tags) rep.tags.push_back(tag);
  if (change.cadence) rep.cadence = change.cadence;
  if (change.default_cadence) rep.cadence.reset();
}

namespace {

// Where the text of `value`, written on its key's line, ends: before a
// trailing comment or at the line's end; nullopt when it is not a one-line
// scalar there (a block, a text quoted over several lines, a list). Each
// candidate end is checked by reading the piece alone, so `#` inside quotes
// and escaped quotes are no trap.
std::optional<size_t> one_line_value_end(std::string_view text, const YamlNode& key, const YamlNode& value) {
  const size_t from = value.place.offset;
  if (!value.is_scalar() || value.place.line != key.place.line || from >= text.size()) return std::nullopt;
  if (text[from] == '|' || text[from] == '>') return std::nullopt;
  size_t line_end = text.find('\n', from);
  if (line_end == std::string_view::npos) line_end = text.size();
  if (line_end > from && text[line_end - 1] == '\r') --line_end;
  for (size_t at = from;;) {
    size_t cut = text.find('#', at);
    if (cut == std::string_view::npos || cut >= line_end) cut = line_end;
    const std::string_view piece = trim(text.substr(from, cut - from));
    try {
      const YamlDocument alone = parse_yaml("value", "v: " + std::string(piece) + "\n");
      const YamlNode* read = alone.root.is_map() ? alone.root.find("v") : nullptr;
      if (read && read->is_scalar() && read->value == value.value && read->quoted == value.quoted)
        return from + piece.size();
    } catch (const Error&) {
      // not the whole value yet: try the next `#`
    }
    if (cut == line_end) return std::nullopt;
    at = cut + 1;
  }
}

Error not_one_line(const YamlDocument& doc, const YamlNode& node, std::string_view key) {
  return Error(ExitCode::data, place_message(doc.path, node.place,
                                             fmt::format("{}: coach changes only a value written on one line after "
                                                         "`{}:`; change it by hand (coach edit)",
                                                         key, key)));
}

// `key: value` set: the value replaced where it stands (a comment after it
// kept), or the key added before `records:` when it is missing or empty.
std::string text_with_value(const YamlDocument& doc, std::string_view key, const std::string& value) {
  const YamlNode* key_node = doc.root.is_map() ? doc.root.find_key(key) : nullptr;
  if (!key_node || FieldReader::is_absent(*doc.root.find(key))) return text_with_header_field(doc, key, value);
  const YamlNode& old = *doc.root.find(key);
  const auto end = one_line_value_end(doc.text, *key_node, old);
  if (!end) throw not_one_line(doc, old, key);
  std::string text = doc.text;
  text.replace(old.place.offset, *end - old.place.offset, value);
  return text;
}

// The whole lines of `key:` and its one-line value removed.
std::string text_without_key(const YamlDocument& doc, std::string_view key) {
  const YamlNode* key_node = doc.root.find_key(key);
  const YamlNode& value = *doc.root.find(key);
  const auto end = one_line_value_end(doc.text, *key_node, value);
  if (!end) throw not_one_line(doc, value, key);
  const size_t start = line_start_of(doc.text, key_node->place.offset);
  const size_t line_end = doc.text.find('\n', *end);
  std::string text = doc.text;
  text.erase(start, line_end == std::string::npos ? std::string::npos : line_end + 1 - start);
  return text;
}

// Where a tag of a list ends in the source (tags are plain words, or quoted).
size_t tag_end(std::string_view text, const YamlNode& item) {
  return item.quoted ? scalar_end(text, item) : item.place.offset + item.value.size();
}

std::string text_with_tag_added(const YamlDocument& doc, const std::string& tag) {
  const YamlNode* tags = doc.root.find("tags");
  if (!tags || FieldReader::is_absent(*tags)) return text_with_header_field(doc, "tags", "[" + yaml_scalar(tag) + "]");
  std::string text = doc.text;
  if (tags->is_scalar()) { // one tag written without a list
    return text_with_value(doc, "tags", fmt::format("[{}, {}]", yaml_scalar(tags->value), yaml_scalar(tag)));
  }
  if (tags->is_sequence() && tags->flow) {
    const size_t at = tags->items.empty() ? tags->place.offset + 1 : tag_end(text, tags->items.back());
    return text.insert(at, (tags->items.empty() ? "" : ", ") + yaml_scalar(tag));
  }
  if (!tags->is_sequence()) throw not_one_line(doc, *tags, "tags");
  const int dash_column = tags->place.column - 1;
  const std::string line = fmt::format("{}- {}\n", std::string(static_cast<size_t>(dash_column), ' '),
                                       yaml_scalar(tag));
  return insert_lines_after(text, end_of_content(text, *tags, dash_column), line);
}

// A `- tag` line of a block list removed whole: only a dash before the tag, only a comment after it.
std::string text_without_tag_line(const YamlDocument& doc, const YamlNode& item) {
  const std::string_view text = doc.text;
  const size_t start = line_start_of(text, item.place.offset);
  const size_t end = tag_end(text, item);
  size_t line_end = text.find('\n', end);
  if (line_end == std::string_view::npos) line_end = text.size();
  const std::string_view before = trim(text.substr(start, item.place.offset - start));
  const std::string_view after = trim(text.substr(end, line_end - end));
  if (before != "-" || !(after.empty() || after.front() == '#')) throw not_one_line(doc, item, "tags");
  std::string out(text);
  return out.erase(start, line_end < text.size() ? line_end + 1 - start : std::string::npos);
}

std::string text_with_tag_removed(const YamlDocument& doc, const std::string& tag) {
  const YamlNode& tags = *doc.root.find("tags");
  if (tags.is_scalar()) return text_without_key(doc, "tags");
  const auto& items = tags.items;
  const auto it = std::find_if(items.begin(), items.end(), [&](const YamlNode& i) { return i.value == tag; });
  const auto i = static_cast<size_t>(it - items.begin());
  if (!tags.flow) return text_without_tag_line(doc, *it);
  std::string text = doc.text;
  if (items.size() == 1) return text.erase(it->place.offset, tag_end(text, *it) - it->place.offset);
  if (i + 1 < items.size()) return text.erase(it->place.offset, items[i + 1].place.offset - it->place.offset);
  // The last of several: from the comma after the one before it.
  const size_t comma = text.rfind(',', it->place.offset);
  return text.erase(comma, tag_end(text, *it) - comma);
}

std::string text_with_cadence(const YamlDocument& doc, const RepChange& change) {
  const YamlNode* cadence = doc.root.find("cadence");
  if (cadence && cadence->is_map()) {
    throw Error(ExitCode::data, place_message(doc.path, cadence->place,
                                              "cadence: holds a cadence per activity; change its 1on1 line by hand "
                                              "(coach edit)"));
  }
  if (change.default_cadence) return text_without_key(doc, "cadence");
  return text_with_value(doc, "cadence", std::to_string(*change.cadence));
}

} // namespace

std::string text_with_rep_changed(const YamlDocument& doc, const RepChange& change) {
  refuse_open_block_at_end(doc);
  if (doc.root.flow) {
    throw Error(ExitCode::data,
                place_message(doc.path, doc.root.place,
                              "the file is written as a flow map ({...}); coach edits only block maps"));
  }
  // One edit at a time, each on the text the one before made.
  std::string text = doc.text;
  const auto step = [&](const std::function<std::string(const YamlDocument&)>& edit) {
    text = edit(parse_yaml(doc.path, text));
  };
  if (change.name) step([&](const YamlDocument& d) { return text_with_value(d, "name", yaml_scalar(*change.name)); });
  if (change.role) step([&](const YamlDocument& d) { return text_with_value(d, "role", yaml_scalar(*change.role)); });
  if (change.start) step([&](const YamlDocument& d) { return text_with_value(d, "start", change.start->iso()); });
  for (const auto& tag : change.remove_tags) step([&](const YamlDocument& d) { return text_with_tag_removed(d, tag); });
  for (const auto& tag : change.add_tags) step([&](const YamlDocument& d) { return text_with_tag_added(d, tag); });
  if (change.cadence || change.default_cadence)
    step([&](const YamlDocument& d) { return text_with_cadence(d, change); });
  return text;
}

} // namespace coach
