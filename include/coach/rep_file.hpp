#pragma once

#include <string>
#include <string_view>

#include <coach/model.hpp>
#include <coach/yaml_tree.hpp>

namespace coach {

/// Reading and editing one rep file (reps/<id>.yaml; format in coach-files(5)).
///
/// Edits never re-emit the document: they insert lines into the user's text,
/// so comments, blank lines, key order, quoting and unknown fields stay byte
/// for byte, and every edit is checked by parsing the result again before it
/// is written.

/// The keys the reader knows, besides a record's (schema.hpp's record_keys):
/// audit calls any other key unknown and suggests the closest of these.
inline constexpr std::string_view rep_keys[] = {"id",      "name",     "role", "start",  "tags",
                                                "cadence", "archived", "away", "records"};
inline constexpr std::string_view promise_keys[] = {"id",        "owner", "rep",     "text",   "due",
                                                    "first_due", "done",  "dropped", "reason", "note"};
inline constexpr std::string_view period_keys[] = {"from", "to", "reason"};

/// The rep a parsed file holds. Throws coach::Error (ExitCode::data) naming
/// `path:line:column` and the field for any value of the wrong shape.
/// A team file (is_team_file_path(doc.path): team/YEAR.yaml) reads as read_team.
Rep read_rep(const YamlDocument& doc);

/// The team meetings a parsed team file holds, as a Rep (see team_file.hpp).
/// Throws coach::Error (ExitCode::data) like read_rep.
Rep read_team(const YamlDocument& doc);

/// Reads a list of away periods (`- from: DATE, to: DATE, reason: TEXT`).
std::vector<Period> read_periods(const YamlDocument& doc, const YamlNode& node, std::string_view field);

/// The text of a new rep file holding `rep` (no records yet).
std::string render_new_rep_file(const Rep& rep);

/// The lines of one record as an item of the `records:` list, its dash at
/// `indent` spaces and its keys `key_offset` columns after the dash.
std::string render_record(const Record& record, int indent, int key_offset = 2);

/// The file's text with `record` appended to its `records:` list.
std::string text_with_record_appended(const YamlDocument& doc, const Record& record);

/// The file's text with a top-level `key: value` line added before `records:`.
std::string text_with_header_field(const YamlDocument& doc, std::string_view key, std::string_view value);

/// What `followups done|drop|move` change in one promise.
struct PromiseChange {
  std::optional<Date> done;
  std::optional<Date> dropped;
  std::string note;   // with done
  std::string reason; // with dropped
  std::optional<Date> new_due;
};

/// Applies `change` to the model of a promise (a move keeps the first due date in `first_due`).
void apply_change(Promise& promise, const PromiseChange& change);

/// The file's text with `change` made to the promise with id `id`: new key
/// lines at the end of the promise's map and, for a move, its `due:` value
/// replaced. Throws coach::Error (data) when the promise is written in a form
/// coach does not edit (a flow map).
std::string text_with_promise_changed(const YamlDocument& doc, std::string_view id, const PromiseChange& change);

/// The file's text with `fields` (rows of the record's kind) added to the
/// record with id `record_id`: new key lines at the end of its map, in the
/// kind's order, everything else as it was. Throws coach::Error: not_found
/// when there is no such record, exists when it has one of the keys already,
/// data when it is written in a form coach does not edit (a flow map).
std::string text_with_record_fields_added(const YamlDocument& doc, std::string_view record_id,
                                          const RecordFields& fields);

/// What `coach rep set` changes in a rep file's header; what is not given stays.
struct RepChange {
  std::optional<std::string> name;
  std::optional<std::string> role;
  std::optional<Date> start;
  std::vector<std::string> add_tags;    // each a valid tag (is_rep_id), lower case
  std::vector<std::string> remove_tags; // each one the rep has
  std::optional<int> cadence;           // days between 1:1s, the rep's own
  bool default_cadence = false;         // drop the rep's own cadence: the policy's applies

  bool empty() const;
  /// What changes, for messages and commits: "name", "role", "start", "tags", "cadence".
  std::vector<std::string> what() const;
};

/// `change` less what `rep` has already (a tag it has, the same name...).
/// Throws coach::Error (not_found) for a tag to remove that the rep does not
/// have, naming its tags.
RepChange effective_change(const Rep& rep, const RepChange& change);

/// Applies `change` (as effective_change returns it) to the model of a rep.
void apply_rep_change(Rep& rep, const RepChange& change);

/// The file's text with `change` (as effective_change returns it) made:
/// each value replaced on its line, a missing key added before `records:`,
/// a tag added to or removed from the list as it is written (`[a, b]` or
/// `- a` lines), the `cadence:` line removed for the default. Throws
/// coach::Error (data) for a value written in a form coach does not edit (a
/// block, a text on several lines, a cadence per activity).
std::string text_with_rep_changed(const YamlDocument& doc, const RepChange& change);

/// A file's text without one record or promise, and the lines taken out.
struct RemovedItem {
  std::string text;
  std::string lines;
};

/// The file's text without the record or promise with id `id`: the lines of
/// its list item, from its dash through its last line (comments inside it
/// included), are taken out and every other byte stays. Throws coach::Error:
/// not_found when there is no such item, data when it is not written as a
/// block list item.
RemovedItem text_with_item_removed(const YamlDocument& doc, std::string_view id);

/// Parses `new_text` and checks that it holds exactly `expected`; throws
/// coach::Error (ExitCode::internal) when an edit would change anything else.
void verify_edit(const std::string& path, const std::string& new_text, const Rep& expected);

} // namespace coach
