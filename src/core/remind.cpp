#include <coach/remind.hpp>

#include <algorithm>

#include <coach/audit.hpp>
#include <coach/schema.hpp>
#include <coach/team_file.hpp>

namespace coach {

namespace {

DueActivity due_activity(const Rep* rep, std::string_view kind, const Record* last, Date due, Date today, int grace) {
  const int days_late = due.days_until(today);
  DueActivity out;
  if (rep) {
    out.rep_id = rep->id;
    out.rep_name = rep->name;
  } else {
    out.rep_name = default_team_name;
  }
  out.kind = kind;
  if (last) out.last = last->date;
  out.due = due;
  out.days_late = days_late;
  out.beyond_grace = days_late > grace;
  return out;
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

DuePromise due_promise(const Rep& rep, const Record& record, const Promise& promise) {
  DuePromise out;
  out.id = promise.id;
  out.owner = promise.owner;
  out.file_rep = rep.id;
  out.rep = promise.rep.empty() ? rep.id : promise.rep;
  out.rep_name = promise.rep.empty() ? rep.name : promise.rep;
  out.text = promise.text;
  out.due = *promise.due;
  out.from_kind = record.kind;
  out.from_id = record.id;
  out.from_date = record.date;
  return out;
}

} // namespace

ReminderGatherer::ReminderGatherer(Policy policy, std::map<std::string, Date, std::less<>> started, Date today,
                                   int within)
    : m_policy(std::move(policy)), m_started(std::move(started)), m_last_day(today.plus_days(within)) {
  m_out.today = today;
  m_out.within = within;
}

// The open promises of an active rep due by the last day, undated ones left out.
void ReminderGatherer::add_due_promises(const Rep& rep) {
  if (rep.is_archived()) return;
  for (const Record& record : rep.records) {
    for (const Promise& promise : record.promises) {
      if (promise.is_open() && promise.due && *promise.due <= m_last_day) {
        (promise.owner == Owner::manager ? m_out.your_promises : m_out.their_promises)
            .push_back(due_promise(rep, record, promise));
      }
    }
  }
}

void ReminderGatherer::add(const Rep& rep) {
  const Date today = m_out.today;
  if (!rep.is_archived() && !away_period(rep, m_policy, today)) {
    if (DueActivity next = one_on_one_of(rep, m_policy, today); next.due <= m_last_day) {
      m_out.one_on_ones.push_back(std::move(next));
    }
    for (const auto kind : {kind::joint_call, kind::career, kind::skills_audit}) {
      const ActivityStanding s = activity_standing(rep, m_policy, kind, m_started, today);
      if (s.cadence == 0 || !s.since || s.due() > m_last_day) continue;
      m_out.activities.push_back(due_activity(&rep, kind, s.last, s.due(), today, m_policy.grace));
    }
  }
  add_due_promises(rep);
}

Reminders ReminderGatherer::finish(std::span<const Rep> team_files, std::span<const Rep> team_views) {
  if (auto team = team_meeting_of(team_files, m_policy, m_out.today); team && team->due <= m_last_day) {
    m_out.activities.push_back(std::move(*team));
  }
  for (const Rep& view : team_views) add_due_promises(view);
  Reminders out = std::move(m_out);
  std::stable_sort(out.one_on_ones.begin(), out.one_on_ones.end(), more_late);
  std::stable_sort(out.activities.begin(), out.activities.end(), more_late);
  // Most overdue first; the same day by rep, then in the file's order. Yours and theirs are kept apart from
  // the start (sorting each is sorting both and splitting them): one copy of each due promise, not two.
  const auto most_overdue = [](const DuePromise& a, const DuePromise& b) {
    if (a.due != b.due) return a.due < b.due;
    return a.file_rep < b.file_rep;
  };
  std::stable_sort(out.your_promises.begin(), out.your_promises.end(), most_overdue);
  std::stable_sort(out.their_promises.begin(), out.their_promises.end(), most_overdue);
  return out;
}

Reminders gather_reminders(const RemindSources& sources, Date today, int within) {
  ReminderGatherer gatherer(*sources.policy, sources.started, today, within);
  for (const Rep& rep : sources.reps) gatherer.add(rep);
  return gatherer.finish(sources.team_files, sources.team_views);
}

} // namespace coach
