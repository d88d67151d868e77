#pragma once

// What `coach remind` tells the manager each morning: the 1:1s, the other
// coaching activities and the promises due by a day, computed once for every
// format. No terminal I/O here.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <coach/model.hpp>

namespace coach {

/// A 1:1 or another activity due by the digest's last day. It holds copies,
/// not pointers into a history, so that the reps can be read one at a time.
struct DueActivity {
  std::string rep_id;        // empty: the team meeting, the whole team's
  std::string rep_name;      // the rep's name; the team's ("Team") for the team meeting
  std::string_view kind;     // a kind of activity_kinds (a constant of schema.hpp, not a record's text)
  std::optional<Date> last;  // the latest held one's date; none: none yet
  Date due;                  // the day it is (or was) due
  int days_late = 0;         // calendar days from `due` to today; negative: still to come
  bool beyond_grace = false; // late by more than policy.grace days
};

/// An open promise due by the digest's last day, copied out of its record.
struct DuePromise {
  std::string id;
  Owner owner = Owner::manager;
  std::string file_rep; // the id of the rep (or team view) whose file holds it
  std::string rep;      // the rep it concerns: a team meeting's action names it, else file_rep
  std::string rep_name; // that rep's name: a team meeting's action's `rep:`, else the file's rep's
  std::string text;
  Date due;
  std::string from_kind; // the record it was made at
  std::string from_id;
  Date from_date;
};

/// The digest of one day.
struct Reminders {
  Date today;
  int within = 0;                         // days after today the digest reaches
  std::vector<DueActivity> one_on_ones;   // most late first
  std::vector<DueActivity> activities;    // the other activities, most late first
  std::vector<DuePromise> your_promises;  // the manager's, most overdue first
  std::vector<DuePromise> their_promises; // the reps', most overdue first
  bool empty() const {
    return one_on_ones.empty() && activities.empty() && your_promises.empty() && their_promises.empty();
  }
};

/// Everything due on or before `today` + `within` days. Archived reps are left
/// out, and so is a rep away today (their own or the team's away period): no
/// 1:1 or activity is due from them then, though their promises still are. A
/// 1:1 is due `cadence` days after the last one (as prep and rep list count
/// it), or now when the rep never had one; another activity is due as audit
/// counts it (activity_standing), the team meeting `policy.activities` days
/// after the last, once the team has held one. Promises are the open ones
/// with a due date; those without one are never "due".
///
/// Gathered one rep at a time (DataDir::for_each_rep), each rep free to go
/// once add() returns: memory follows what is due, not the history.
class ReminderGatherer {
public:
  /// `policy` with `since` settled (settle_since); `started` is
  /// activity_starts of the rep files, before the team's actions were attached.
  ReminderGatherer(Policy policy, std::map<std::string, Date, std::less<>> started, Date today, int within);
  /// A rep file's rep, in load_reps' order, the team meetings' actions attached (attach_team_actions).
  void add(const Rep& rep);
  /// The digest, once every rep was added: `team_files` (team/YEAR.yaml) for
  /// the team meeting's cadence, `team_views` (team_action_views) for the
  /// actions to the whole team.
  Reminders finish(std::span<const Rep> team_files, std::span<const Rep> team_views);

private:
  void add_due_promises(const Rep& rep);

  Policy m_policy;
  std::map<std::string, Date, std::less<>> m_started;
  Date m_last_day;
  Reminders m_out; // promises unsorted until finish()
};

/// What gather_reminders is made from, when every rep is at hand.
struct RemindSources {
  std::span<const Rep> reps;       // the rep files, team meetings' actions attached (attach_team_actions)
  std::span<const Rep> team_views; // the actions to the whole team (team_action_views)
  std::span<const Rep> team_files; // team/YEAR.yaml, for the team meeting's cadence
  const Policy* policy = nullptr;  // with `since` settled (settle_since)
  std::map<std::string, Date, std::less<>>
      started; // activity_starts of the rep files, before the actions were attached
};

/// The digest of ReminderGatherer from reps already read.
Reminders gather_reminders(const RemindSources& sources, Date today, int within);

} // namespace coach
