#pragma once

#include <optional>
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

/// Parses a promise spec. `me:`, `i:` or `manager:` before the text make it
/// the manager's; `rep:` or `they:` the rep's; with no prefix it is
/// `default_owner`'s. A trailing `(due DATE)` sets its due date. Throws
/// coach::Error (usage) when no text is left.
PromiseDraft parse_promise_spec(std::string_view spec, Owner default_owner);

/// What a manager wrote in the editor for one record.
struct MeetingDraft {
  std::optional<std::string> date; // as typed
  RecordFields fields;             // the kind's fields written in the template
  std::vector<PromiseDraft> promises;

  /// True when nothing of the meeting was written (the edit aborts).
  bool has_no_content() const { return fields.empty() && promises.empty(); }
};

/// The editor template for a 1:1 with `rep` on `date`: the rep's open promises
/// and the last meeting's topics as comments, then the 1:1's template fields
/// (schema.hpp) to fill in.
std::string render_meeting_template(const Rep& rep, Date date, Date today);

/// Reads a filled-in template of a record of `kind` (its template fields are
/// the sections, beside `date`). Lines starting with `#` are ignored. Throws
/// coach::Error (usage) with `template line N: ...` for what it cannot read.
MeetingDraft parse_meeting_template(std::string_view text, const KindSpec& kind);

} // namespace coach
