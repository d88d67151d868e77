#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <coach/model.hpp>

namespace coach {

/// The team's files: team/YEAR.yaml, one per calendar year of the meetings'
/// dates, holding `team: NAME` (optional) and a `records:` list of team
/// meetings (format in coach-files(5)). A team file reads into a Rep (id
/// "team-YEAR", name the `team:` value or "Team"), so the cache, the roster
/// (ids unique across the directory), promise edits, verify_edit, the lock,
/// commits and the merge driver treat it as they treat a rep file.

/// The keys a team file's top level knows.
inline constexpr std::string_view team_keys[] = {"team", "records"};

/// The name a team file's Rep has when the file has no `team:`, and the
/// name of team_action_views.
inline constexpr std::string_view default_team_name = "Team";

/// Whether `path` names a team file: its last two components are `team` and
/// `YYYY.yaml` ("team/2026.yaml", "dir/team/2026.yaml", git's "HEAD:team/2026.yaml").
bool is_team_file_path(std::string_view path);

/// The Rep id of the team file of `year` ("team-2026").
std::string team_file_id(int year);

/// The text of a new team file holding no meeting yet.
std::string render_new_team_file(std::string_view team_name);

/// An action as typed after `--action` (or on a line of the editor's
/// `promises:`): `[OWNER:] TEXT [(due DATE)]`, where OWNER is `me` (yours, to
/// the team; the default), `me to REP` (yours, promised to REP) or `REP`
/// (REP's). REP is still unresolved.
struct TeamActionDraft {
  Owner owner = Owner::manager;
  std::string rep; // as typed; empty: the whole team's
  std::string text;
  std::optional<std::string> due; // as typed
  bool operator==(const TeamActionDraft&) const = default;
};

/// Parses an action spec. Throws coach::Error (usage) when no text is left or
/// the owner is `rep:` without naming the rep.
TeamActionDraft parse_team_action(std::string_view spec);

/// Adds the team meetings' actions that concern a rep to that rep's history:
/// per meeting of `team_files` with an action owned by the rep, or made by
/// the manager to the rep, the rep gets a read-only copy of the meeting's
/// record (kind team-meeting, its id and date, no fields) holding only those
/// actions. For followups, prep and the report's promise figures; these
/// copies are not meetings the rep attended (count meetings from the team
/// files). Editing such an action goes to its team file (find_rep_with_promise).
void attach_team_actions(std::vector<Rep>& reps, const std::vector<Rep>& team_files);
/// The same for one rep (as the reps pass one at a time).
void attach_team_actions(Rep& rep, const std::vector<Rep>& team_files);

/// The actions to the whole team (the manager's, naming no rep): one view per
/// team file that has any, named "Team", its records holding only those.
std::vector<Rep> team_action_views(const std::vector<Rep>& team_files);

/// Whether the rep was at a team meeting: among its attendees, or, when it
/// lists none, on the team that day (from their first day to their archive
/// date) and not among its absent.
bool attended_team_meeting(const Rep& rep, const Record& meeting);

/// The team's latest meeting on or before `today` in its files, or nullptr.
const Record* latest_team_meeting(std::span<const Rep> team_files, Date today);

} // namespace coach
