#pragma once

#include <array>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <coach/chunked_sequence.hpp>
#include <coach/error.hpp>
#include <coach/model.hpp>

namespace coach {

/// How much a finding matters; `audit --fail-on` compares against it.
enum class Severity { note = 0, warning = 1, error = 2 };
std::string_view severity_name(Severity severity);

/// The checks `coach audit` runs, by name: the 1:1's (cadence, consistency,
/// content), promises, one per other coaching activity (its record kind), data.
inline constexpr std::array<std::string_view, 9> audit_checks{"cadence",      "consistency",  "content",
                                                              "promises",     "joint-call",   "career",
                                                              "skills-audit", "team-meeting", "data"};

/// One thing audit found.
struct Finding {
  Severity severity = Severity::note;
  std::string check;   // one of audit_checks
  std::string rep_id;  // empty for findings about the directory or coach.yaml
  std::string place;   // `file:line:column` for data findings, else empty
  std::string message; // one line
};

/// A rep file that could not be read at all; audit reports it and goes on.
struct LoadFailure {
  std::string path;
  std::string message;            // `path:line:column: what`
  ExitCode code = ExitCode::data; // io when the file could not even be read
};

/// What to audit.
struct AuditRequest {
  Date as_of;                   // audit the state on this date
  Date today;                   // the real today, for dates in the future
  std::set<std::string> checks; // the checks to run (all when empty)
  bool include_archived = false;
  std::string settings_path; // for places in coach.yaml
};

/// The audit fed one rep at a time, so that its memory follows the findings,
/// not the directory: each rep is checked as it comes (its copy as of the day
/// audited made and dropped inside add), and what the checks over the whole
/// directory need of it (consistency figures, its record and promise ids with
/// their places, packed) is kept as compact facts it owns, never a pointer
/// into the rep.
class IncrementalAudit {
public:
  /// `settings` with `since` settled; `started` is activity_starts() of every
  /// rep file as it is now (the roster's will do: a file that cannot be read
  /// has none): the starts after request.as_of are left out here.
  IncrementalAudit(Settings settings, AuditRequest request, std::map<std::string, Date, std::less<>> started);
  ~IncrementalAudit();
  IncrementalAudit(const IncrementalAudit&) = delete;
  IncrementalAudit& operator=(const IncrementalAudit&) = delete;

  /// Audits one rep file's rep, archived or not, in load_reps' order (an id
  /// used twice is reported where it is seen again). `rep` may go once this returns.
  void add(const Rep& rep);

  /// Runs the checks over the whole directory (the team's meetings,
  /// consistency across the reps, ids used twice, coach.yaml, the files that
  /// could not be read) and returns every finding as run_audit does, in
  /// chunks (a vector of them all would be a second copy). Call once, after
  /// the last add.
  ChunkedSequence<Finding> finish(const std::vector<LoadFailure>& failures,
                                  std::span<const Record* const> team_meetings = {});

private:
  struct State;
  std::unique_ptr<State> m_state;
};

/// Runs the checks and returns the findings, grouped by rep (in rep id order,
/// directory-wide findings first) and most severe first within a group.
/// `team_meetings` are the team's team-meeting records (team/YEAR.yaml), for
/// the team-meeting check; none: the team never met, nothing is checked.
/// (An IncrementalAudit fed `reps` in order.)
std::vector<Finding> run_audit(const Settings& settings, const std::vector<Rep>& reps,
                               const std::vector<LoadFailure>& failures, const AuditRequest& request,
                               std::span<const Record* const> team_meetings = {});

/// The rep as they stood on `day`: later records left out, promises closed
/// later counted open, an archive date later ignored.
Rep rep_as_of(const Rep& rep, Date day);

/// Whether anything in the rep's file happened after `day` (so that
/// rep_as_of would differ from the rep itself).
bool changed_after(const Rep& rep, Date day);

/// The share of expected 1:1s a rep had over the window ending on `as_of`
/// (away days left out), with the counts behind it; `expected` is 0 when the
/// window holds less than one cadence of days for the rep.
struct Consistency {
  int held = 0;
  int expected = 0;
  double share() const { return expected == 0 ? 1.0 : std::min(1.0, static_cast<double>(held) / expected); }
};
Consistency consistency_of(const Rep& rep, const Policy& policy, Date as_of);

/// Whether a record counts as one held of its activity: a joint call only once
/// its feedback is written (a plan alone is an open item), any other record always.
bool is_held(const Record& record);

/// The day the team began each activity other than the 1:1: the date of its
/// first held record among `reps` (kind -> date); an activity the team never
/// logged is not there, and its cadence is not checked.
std::map<std::string, Date, std::less<>> activity_starts(std::span<const Rep* const> reps);
struct RosterEntry; // rep_cache.hpp
/// The same from the roster's entries (each holds its file's starts).
std::map<std::string, Date, std::less<>> activity_starts(const std::vector<RosterEntry>& roster);
/// What a command that reads the reps one at a time needs of every file
/// first, from the roster (DataDir::load_roster): `settings`' `since` settled
/// over every file, rep and team (settle_since), and the activity_starts of the
/// rep files alone (a team meeting is not a rep's activity), of the active
/// reps' only when `active_only`.
std::map<std::string, Date, std::less<>> settle_from_roster(Settings& settings, std::vector<RosterEntry> roster,
                                                            bool active_only);

/// Where one of a rep's activities stands on `as_of`.
struct ActivityStanding {
  std::string_view kind;
  int cadence = 0;              // days; 0: not tracked
  const Record* last = nullptr; // the latest held record of the kind up to as_of
  std::optional<Date> since;    // what the cadence counts from: last's date, else the later of the team's
                                // first and the rep's first day; never before policy.since; nullopt:
                                // nothing to count from (not tracked, or the team never held one)
  int counted = 0;              // days after `since` up to as_of, away days left out
  int over = 0;                 // counted - cadence: > 0 past due, > grace overdue
  Date due() const { return since ? since->plus_days(cadence) : Date{}; }
};
/// The standing of `kind` (an activity_kinds entry but the team meeting) for
/// the rep; `started` is activity_starts() of the team (unused for the 1:1).
ActivityStanding activity_standing(const Rep& rep, const Policy& policy, std::string_view kind,
                                   const std::map<std::string, Date, std::less<>>& started, Date as_of);

/// Whether a rep counts as tenured: tagged `tenured`, or on the team for
/// policy.tenure_years or more.
bool is_tenured(const Rep& rep, const Policy& policy, Date as_of);

} // namespace coach
