#pragma once

// What `coach remind` tells the manager each morning: the 1:1s, the other
// coaching activities and the promises due by a day, computed once for every
// format. No terminal I/O here.
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <coach/followups.hpp>
#include <coach/model.hpp>

namespace coach {

/// A 1:1 or another activity due by the digest's last day.
struct DueActivity {
  const Rep* rep = nullptr;     // nullptr: the team meeting, the whole team's
  std::string_view kind;        // a kind of activity_kinds
  const Record* last = nullptr; // the latest held one; nullptr: none yet
  Date due;                     // the day it is (or was) due
  int days_late = 0;            // calendar days from `due` to today; negative: still to come
  bool beyond_grace = false;    // late by more than policy.grace days
};

/// The digest of one day.
struct Reminders {
  Date today;
  int within = 0;                         // days after today the digest reaches
  std::vector<DueActivity> one_on_ones;   // most late first
  std::vector<DueActivity> activities;    // the other activities, most late first
  std::vector<PromiseRef> your_promises;  // the manager's, most overdue first
  std::vector<PromiseRef> their_promises; // the reps', most overdue first
  bool empty() const {
    return one_on_ones.empty() && activities.empty() && your_promises.empty() && their_promises.empty();
  }
};

/// What the digest is made from.
struct RemindSources {
  std::span<const Rep> reps;       // the rep files, team meetings' actions attached (attach_team_actions)
  std::span<const Rep> team_views; // the actions to the whole team (team_action_views)
  std::span<const Rep> team_files; // team/YEAR.yaml, for the team meeting's cadence
  const Policy* policy = nullptr;  // with `since` settled (settle_since)
  std::map<std::string, Date, std::less<>>
      started; // activity_starts of the rep files, before the actions were attached
};

/// Everything due on or before `today` + `within` days. Archived reps are left
/// out, and so is a rep away today (their own or the team's away period): no
/// 1:1 or activity is due from them then, though their promises still are. A
/// 1:1 is due `cadence` days after the last one (as prep and rep list count
/// it), or now when the rep never had one; another activity is due as audit
/// counts it (activity_standing), the team meeting `policy.activities` days
/// after the last, once the team has held one. Promises are the open ones
/// with a due date; those without one are never "due".
Reminders gather_reminders(const RemindSources& sources, Date today, int within);

} // namespace coach
