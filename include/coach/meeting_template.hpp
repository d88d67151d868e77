#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <coach/model.hpp>

namespace coach {

/// A promise as typed: `[me:|rep:] TEXT [(due DATE)]`, the date still unparsed.
struct PromiseDraft {
  Owner owner = Owner::manager;
  std::string text;
  std::optional<std::string> due; // as typed, e.g. "fri" or "+2w"
  bool operator==(const PromiseDraft&) const = default;
};

/// The owner a word names: `me`, `i`, `manager` or `mine` the manager; `rep`,
/// `they`, `them` or `theirs` the rep (any case); nullopt for any other word.
std::optional<Owner> owner_from_word(std::string_view word);

/// A length of time as typed, in whole minutes from 0 to 1440: `30`, `30m`,
/// `30min`, `45 min`, `1h`, `1h30`, `1h30m`, `1 h 30 min`, `90min`, `1.5h`
/// (units m, min, mins, minute(s), h, hr, hrs, hour(s), any case). nullopt
/// for anything else, such as `1.01h` (not whole minutes) or `1h75`.
std::optional<int> parse_minutes(std::string_view text);

/// What a usage error says after a length of time parse_minutes does not read.
inline constexpr std::string_view minutes_forms =
    "is not a number of minutes (0 to 1440; e.g. 30, 30m, 45min, 1h, 1h30, 1.5h)";

/// Parses a promise spec. `me:`, `i:` or `manager:` before the text make it
/// the manager's; `rep:` or `they:` the rep's; with no prefix it is
/// `default_owner`'s. A trailing `(due DATE)` sets its due date. Throws
/// coach::Error (usage) when no text is left.
PromiseDraft parse_promise_spec(std::string_view spec, Owner default_owner);

/// Parses a promise typed under `promises:` in the editor template of a
/// record of `rep`: `[OWNER:] TEXT [(due DATE)]`. OWNER is `me` (or another
/// word owner_from_word reads), `rep`, the rep's first name or id, any case;
/// without one the promise is the manager's. An owner prefix is one word of
/// letters, digits and '-' at the start, then a colon and a blank (or the
/// end): "Q4 plan: draft" and "Call at 10:30" are text. Throws coach::Error
/// (usage) for any other such word ("boss: ...", another rep's name), naming
/// the owners accepted, and when no text is left.
PromiseDraft parse_editor_promise(std::string_view item, const Rep& rep);

/// Parses a development goal as typed: `TEXT (due DATE)` (the rep's; no owner
/// prefix, so a colon in the text stays text). Throws coach::Error (usage)
/// when no text is left.
PromiseDraft parse_goal_spec(std::string_view spec);

/// The skill of the team's list (coach.yaml `skills:`) named `name`. Throws
/// coach::Error (usage) for any other name, with the closest one ("did you mean").
const Skill& checked_skill(std::span<const Skill> skills, std::string_view name);

/// The value typed for a one-value field (text, notes, choice, minutes,
/// rating, date). Throws coach::Error (usage) saying `LABEL: "VALUE" is not ...`.
FieldValue typed_field_value(const FieldSpec& spec, std::string_view label, std::string_view value);

/// Adds `skill` with `value` (a rating 1-5, or a text) to `map`, the value of
/// a skill_ratings or skill_texts field. Throws coach::Error (usage) for a
/// skill not on the list, a bad rating, or a skill given twice; `label` names
/// what was typed (e.g. "--rate").
void add_skill_item(FieldValue& map, const FieldSpec& spec, std::span<const Skill> skills, std::string_view label,
                    std::string_view skill, std::string_view value);

/// What a manager wrote in the editor for one record.
struct MeetingDraft {
  std::optional<std::string> date; // as typed
  RecordFields fields;             // the kind's fields written in the template
  std::vector<PromiseDraft> promises;
  std::vector<PromiseDraft> goals; // development goals, as typed (the rep's)

  /// True when nothing of the meeting was written (the edit aborts).
  bool has_no_content() const { return fields.empty() && promises.empty() && goals.empty(); }
};

/// The editor template for a 1:1 with `rep` on `date`: the rep's open promises
/// and the last meeting's topics as comments, then the 1:1's template fields
/// (schema.hpp) to fill in.
std::string render_meeting_template(const Rep& rep, Date date, Date today);

/// What the editor template of a record of any kind is about.
struct TemplateSubject {
  const KindSpec* kind = nullptr;
  const Rep* rep = nullptr;
  Date date;
  Date today;
  std::span<const Skill> skills; // the team's list: listed for skill fields
  /// For adding a part to an existing record (a joint call's feedback): that
  /// record, whose fields show as comments, and the part whose fields are the
  /// sections (no `date:` then).
  const Record* existing = nullptr;
  FieldPart part = FieldPart::feedback;

  /// The sections: the kind's template fields, or those of `part` for an existing record.
  std::vector<const FieldSpec*> sections() const;
};

/// The editor template for a record of any kind but the 1:1 (see
/// render_meeting_template): what the rep's history says about it as
/// comments, then `date:` and the sections, skill fields with the team's list.
std::string render_record_template(const TemplateSubject& subject);

/// Reads a filled-in template of a record of `kind` (its template fields are
/// the sections, beside `date`). Lines starting with `#` are ignored, and so
/// is the comment the template writes after a section's name. Skill items
/// (`- SKILL: N`) are checked against `skills`. With `rep`, the record's rep,
/// promises are read with parse_editor_promise (owners checked); without, with
/// parse_promise_spec. Throws coach::Error (usage) with `template line N: ...`
/// for what it cannot read.
MeetingDraft parse_meeting_template(std::string_view text, const KindSpec& kind, std::span<const Skill> skills = {},
                                    const Rep* rep = nullptr);

/// The same with `sections` as the sections; `date:` is one only when `with_date`.
MeetingDraft parse_template_sections(std::string_view text, const std::vector<const FieldSpec*>& sections,
                                     std::span<const Skill> skills, bool with_date, const Rep* rep = nullptr);

} // namespace coach
