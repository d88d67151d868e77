#include <coach/remind.hpp>

#include <algorithm>

#include <coach/audit.hpp>
#include <coach/schema.hpp>
#include <coach/team_file.hpp>

namespace coach {

namespace {

DueActivity due_activity(const Rep* rep, std::string_view kind, const Record* last, Date due, Date today, int grace) {
  const int days_late = due.days_until(today);
  return {rep, kind, last, due, days_late, days_late > grace};
}

// The rep's next 1:1 as prep counts it: the last one plus the cadence, now when there was none.
DueActivity one_on_one_of(const Rep& rep, const Policy& policy, Date today) {
  return due_activity(&rep, kind::one_on_one, rep.last_one_on_one(), next_one_on_one_due(rep, policy, today), today,
                      policy.grace);
}

// The team meeting: due `policy.activities` days after the last, once the team held one.
std::optional<DueActivity> team_meeting_of(std::span<const Rep> team_files, const Policy& policy, Date today) {
  static const Rep team; // no away periods or cadence of its own: only the team's count
  const int cadence = cadence_for(team, policy, kind::team_meeting);
  if (cadence == 0 || away_period(team, policy, today)) return std::nullopt;
  const Record* last = latest_team_meeting(team_files, today);
  if (!last) return std::nullopt;
  return due_activity(nullptr, kind::team_meeting, last, last->date.plus_days(cadence), today, policy.grace);
}

bool more_late(const DueActivity& a, const DueActivity& b) {
  return a.days_late > b.days_late;
}

// The open promises of the active reps in `reps` due by `last_day`, undated ones left out.
void add_due_promises(std::span<const Rep> reps, Date last_day, std::vector<PromiseRef>& out) {
  for (const Rep& rep : reps) {
    if (rep.is_archived()) continue;
    for (const Record& record : rep.records) {
      for (const Promise& promise : record.promises) {
        if (promise.is_open() && promise.due && *promise.due <= last_day) out.push_back({&rep, &record, &promise});
      }
    }
  }
}

} // namespace

Reminders gather_reminders(const RemindSources& sources, Date today, int within) {
  const Policy& policy = *sources.policy;
  const Date last_day = today.plus_days(within);
  Reminders out;
  out.today = today;
  out.within = within;
  for (const Rep& rep : sources.reps) {
    if (rep.is_archived() || away_period(rep, policy, today)) continue;
    if (const DueActivity next = one_on_one_of(rep, policy, today); next.due <= last_day) {
      out.one_on_ones.push_back(next);
    }
    for (const auto kind : {kind::joint_call, kind::career, kind::skills_audit}) {
      const ActivityStanding s = activity_standing(rep, policy, kind, sources.started, today);
      if (s.cadence == 0 || !s.since || s.due() > last_day) continue;
      out.activities.push_back(due_activity(&rep, kind, s.last, s.due(), today, policy.grace));
    }
  }
  if (const auto team = team_meeting_of(sources.team_files, policy, today); team && team->due <= last_day) {
    out.activities.push_back(*team);
  }
  std::stable_sort(out.one_on_ones.begin(), out.one_on_ones.end(), more_late);
  std::stable_sort(out.activities.begin(), out.activities.end(), more_late);
  std::vector<PromiseRef> promises;
  add_due_promises(sources.reps, last_day, promises);
  add_due_promises(sources.team_views, last_day, promises);
  // Most overdue first; the same day by rep, then in the file's order.
  std::stable_sort(promises.begin(), promises.end(), [](const PromiseRef& a, const PromiseRef& b) {
    if (*a.promise->due != *b.promise->due) return *a.promise->due < *b.promise->due;
    return a.rep->id < b.rep->id;
  });
  for (const PromiseRef& ref : promises) {
    (ref.promise->owner == Owner::manager ? out.your_promises : out.their_promises).push_back(ref);
  }
  return out;
}

} // namespace coach
