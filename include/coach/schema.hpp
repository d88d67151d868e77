#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <coach/date.hpp>

namespace coach {

/// The record kinds coach knows, as data: each kind is a table of fields, and
/// the reader, the renderer, the cache, audit's known keys, the editor template
/// and the JSON writer all work from that table. Adding a field to a kind is
/// one row in schema.cpp (plus its tests); adding a kind is one table.

/// How a field's value is read, written, cached and shown.
enum class FieldType : uint8_t {
  text,          // one line of text
  notes,         // free text over any number of lines; blank notes are no notes
  text_list,     // a list of one-line texts (one text alone reads as a list of one)
  minutes,       // a whole number of minutes, 0 to 1440
  rating,        // a whole number from 1 to 5
  date,          // YYYY-MM-DD
  choice,        // one word of the field's `choices`
  skill_ratings, // a map of skill: rating from 1 to 5 (the team's skill list, coach.yaml)
  skill_texts,   // a map of skill: one line of text
  promises,      // the record's promises, kept in Record::promises
  goals,         // development goals: promises kept in Record::promises with `goal` set
};

/// Which part of a record a field belongs to: a joint call is planned before
/// the call and gets its feedback after it.
enum class FieldPart : uint8_t { main, plan, feedback };

/// One field of a record kind.
struct FieldSpec {
  std::string_view key; // the YAML key
  FieldType type;
  bool required = false;                          // the reader refuses a record without it
  std::string_view json_name;                     // its name in --format json
  int template_rank = 0;                          // its place in the editor template (1 first), 0: not in the template
  std::string_view template_text;                 // the lines the editor template shows for it
  std::string_view help;                          // what it holds, for --help and the man page
  std::span<const std::string_view> choices = {}; // a choice field's words
  FieldPart part = FieldPart::main;
};

/// A record kind and its fields, in the order a new record writes them.
struct KindSpec {
  std::string_view kind;  // the `kind:` value, e.g. "1on1"
  std::string_view title; // how people call it, e.g. "1:1"
  std::span<const FieldSpec> fields;

  /// The field with `key`, or nullptr.
  const FieldSpec* field(std::string_view key) const;
  /// The fields in the editor template, in its order.
  std::vector<const FieldSpec*> template_fields() const;
};

/// The keys of a record's common header: every kind has them.
inline constexpr std::string_view header_keys[] = {"kind", "id", "date", "promises"};

/// The record kinds, by their `kind:` value.
namespace kind {
inline constexpr std::string_view one_on_one = "1on1";
inline constexpr std::string_view promise = "promise";
inline constexpr std::string_view joint_call = "joint-call";
inline constexpr std::string_view team_meeting = "team-meeting";
inline constexpr std::string_view career = "career";
inline constexpr std::string_view skills_audit = "skills-audit";
} // namespace kind

/// The coaching activities whose cadence audit checks, in the order the
/// articles name them (the 1:1 among them).
inline constexpr std::string_view activity_kinds[] = {kind::joint_call, kind::one_on_one, kind::team_meeting,
                                                      kind::career, kind::skills_audit};

/// The keys a record of `kind` may have: the header's and its fields'.
std::vector<std::string_view> record_keys(const KindSpec& kind);

/// Field keys of the kinds, for the code that reads them by name.
namespace field {
inline constexpr std::string_view minutes = "minutes";
inline constexpr std::string_view personal = "personal";
inline constexpr std::string_view professional = "professional";
inline constexpr std::string_view notes = "notes";
/// The manager's private notes: every kind with `notes` has them (coach-files(5)).
inline constexpr std::string_view private_notes = "private";
inline constexpr std::string_view promises = "promises";
inline constexpr std::string_view goals = "goals";
inline constexpr std::string_view ratings = "ratings";
inline constexpr std::string_view recommendations = "recommendations";
inline constexpr std::string_view focus = "focus";
inline constexpr std::string_view goal = "goal";
inline constexpr std::string_view attendees = "attendees";
inline constexpr std::string_view absent = "absent";
inline constexpr std::string_view topics = "topics";
inline constexpr std::string_view account = "account";
} // namespace field

/// Whether `spec` holds the manager's private notes, which only prep, rep show,
/// the file and `share --include-private` show: never an export or a report.
inline bool is_private(const FieldSpec& spec) {
  return spec.key == field::private_notes;
}

/// Every kind coach knows; the 1:1 first.
std::span<const KindSpec> record_kinds();

/// The kind named `kind`, or nullptr for a kind this version does not know
/// (its keys are kept as unknown keys, so a newer coach's records survive).
const KindSpec* find_kind(std::string_view kind);

/// A number that changes whenever a kind or a field (key, type, order) changes:
/// part of the cache's format, so an old cache entry is never read with a new schema.
uint64_t schema_fingerprint();

/// One skill's rating (1 to 5) in a skills audit or a joint call's feedback.
struct SkillRating {
  std::string skill;
  int rating = 0;
  int line = 0, column = 0; // where the skill's key is in its file (audit's unknown-skill finding); 0: not read
  bool operator==(const SkillRating& o) const { return skill == o.skill && rating == o.rating; }
};

/// One skill's line of text (a skills audit's recommendation).
struct SkillText {
  std::string skill;
  std::string text;
  int line = 0, column = 0; // as SkillRating's
  bool operator==(const SkillText& o) const { return skill == o.skill && text == o.text; }
};

/// A field's value: text, notes and choice hold a string, text_list a list,
/// minutes and rating an int, date a Date, skill_ratings and skill_texts
/// their lists in the file's order.
using FieldValue =
    std::variant<std::string, std::vector<std::string>, int, Date, std::vector<SkillRating>, std::vector<SkillText>>;

/// The empty value of a field of `type` (its alternative of FieldValue).
FieldValue empty_value(FieldType type);

/// One field a record holds: 40 bytes, its value and which row of which
/// kind's table it is (an index, not a pointer, fits in the value's padding;
/// an organization holds hundreds of thousands of fields).
struct Field {
  [[no_unique_address]] FieldValue value;
  uint16_t id = 0; // the kind's place in record_kinds() << 8 | the row's place in the kind's table

  /// The id of `spec`, a row of one of record_kinds()' tables.
  static uint16_t id_of(const FieldSpec& spec);
  const FieldSpec& spec() const;
  bool operator==(const Field& other) const { return id == other.id && value == other.value; }
};

/// The fields a record holds, in its kind's table order; absent fields are
/// simply not there.
class RecordFields {
public:
  /// Sets the field of `spec`, a row of the record's kind (replacing its value),
  /// keeping the table's order.
  void set(const FieldSpec& spec, FieldValue value);
  const FieldValue* find(std::string_view key) const;

  /// The text of a text or notes field, or nullptr when absent.
  const std::string* text(std::string_view key) const;
  /// A text list field, empty when absent.
  const std::vector<std::string>& list(std::string_view key) const;
  /// A minutes or rating field.
  std::optional<int> number(std::string_view key) const;
  std::optional<Date> date(std::string_view key) const;
  /// A skill_ratings field, empty when absent.
  const std::vector<SkillRating>& ratings(std::string_view key) const;
  /// A skill_texts field, empty when absent.
  const std::vector<SkillText>& skill_texts(std::string_view key) const;
  /// Whether any field of `part` is there (a joint call's feedback).
  bool has_part(FieldPart part) const;

  bool empty() const { return m_fields.empty(); }
  const std::vector<Field>& all() const { return m_fields; }
  bool operator==(const RecordFields&) const = default;

private:
  std::vector<Field> m_fields;
};

/// Whether a record holds notes of either kind, shared or private: a 1:1
/// whose only notes are private is documented all the same (audit, report).
bool has_any_notes(const RecordFields& fields);

} // namespace coach
