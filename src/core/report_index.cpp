// The coaching index per manager and the roll-up's figures per manager
// (coach-report(1), "The coaching index" and "SEVERAL TEAMS").
#include <coach/report.hpp>
#include <coach/settings.hpp>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <coach/audit.hpp>
#include <coach/followups.hpp>
#include <coach/text.hpp>

namespace coach {

namespace {

std::optional<double> share(int part, int whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / whole;
}

// The team's adherence of an activity: only when its section is shown.
std::optional<double> activity_adherence(const TeamReport& team, std::string_view kind) {
  for (const auto& section : team.activities) {
    if (section.kind == kind) return section.totals.adherence();
  }
  return std::nullopt;
}

std::optional<double> part_value(const TeamReport& team, std::string_view part) {
  const RepFigures& t = team.totals;
  if (part == "1on1") return t.adherence();
  if (part == "regularity") return t.on_cadence();
  if (part == "promises") return t.manager.on_time_rate();
  if (part == "personal") return share(t.with_personal, t.held);
  if (part == "notes") return share(t.with_notes, t.held);
  return activity_adherence(team, part); // joint-call, team-meeting, career, skills-audit
}

void add_to(GroupAdherence& group, const RepFigures& f) {
  ++group.reps;
  group.credited += f.credited;
  group.expected += f.expected;
}

} // namespace

double index_weight(const Policy& policy, std::string_view part) {
  if (const auto given = policy.index_weights.find(std::string(part)); given != policy.index_weights.end()) {
    return given->second;
  }
  return part == "1on1" || part == "regularity" || part == "promises" ? 2 : 1;
}

std::string index_part_suggestion(std::string_view name) {
  return key_suggestion(name, index_part_names);
}

std::optional<int> CoachingIndex::score() const {
  double weighted = 0;
  double weights = 0;
  for (const auto& part : parts) {
    if (!part.value) continue;
    weighted += part.weight * *part.value;
    weights += part.weight;
  }
  if (weights <= 0) return std::nullopt;
  // Half up; the tolerance keeps 57.5 computed as 57.49999999999999 from rounding down.
  return static_cast<int>(std::floor(100 * weighted / weights + 0.5 + 1e-9));
}

CoachingIndex coaching_index(const TeamReport& team, const Policy& policy) {
  CoachingIndex index;
  for (std::string_view name : index_part_names) {
    index.parts.push_back({std::string(name), index_weight(policy, name), part_value(team, name)});
  }
  return index;
}

std::optional<double> GroupAdherence::adherence() const {
  return share(credited, expected);
}

std::optional<double> ManagerStanding::drop_rate() const {
  return share(dropped, made);
}

namespace {

// The manager's team-meeting actions to the whole team (in no rep's file)
// overdue on `last`: made by then, not closed by then, due before it.
void count_team_actions_overdue(ManagerStanding& s, const std::vector<Record>& team_records, Date last) {
  for (const auto& meeting : team_records) {
    if (meeting.kind != kind::team_meeting || meeting.date > last) continue;
    for (const auto& action : meeting.promises) {
      if (action.owner != Owner::manager || !action.rep.empty() || !action.due || *action.due >= last) continue;
      const bool closed = (action.done && *action.done <= last) || (action.dropped && *action.dropped <= last);
      if (closed) continue;
      ++s.overdue_now;
      s.oldest_overdue_days = std::max(s.oldest_overdue_days.value_or(0), action.due->days_until(last));
    }
  }
}

} // namespace

RepStanding rep_standing(const Rep& rep_at_end, const Policy& policy, const ReportPeriod& period) {
  // As the rep stood on the period's last day: promises made, moved or closed later do not count.
  RepStanding s;
  for (const auto& record : rep_at_end.records) {
    for (const auto& promise : record.promises) {
      if (promise.goal || promise.owner != Owner::manager) continue;
      if (promise_state(promise, period.last) != PromiseState::overdue) continue;
      ++s.overdue_now;
      s.oldest_overdue_days = std::max(s.oldest_overdue_days.value_or(0), promise.due->days_until(period.last));
    }
  }
  s.high_performer = rep_at_end.has_tag("high-performer");
  s.tenured = is_tenured(rep_at_end, policy, period.last);
  return s;
}

ManagerStanding manager_standing_of(const TeamReport& team, const std::vector<RepStanding>& reps, const Policy& policy,
                                    const ReportPeriod& period, const std::vector<Record>& team_records) {
  ManagerStanding s;
  s.index = coaching_index(team, policy);
  if (team.totals.results) s.attainment = team.totals.results->rate();
  s.made = team.totals.manager.made;
  s.dropped = team.totals.manager.dropped;
  for (size_t i = 0; i < reps.size() && i < team.reps.size(); ++i) {
    const RepStanding& rep = reps[i];
    s.overdue_now += rep.overdue_now;
    if (rep.oldest_overdue_days) {
      s.oldest_overdue_days = std::max(s.oldest_overdue_days.value_or(0), *rep.oldest_overdue_days);
    }
    const RepFigures& f = team.reps[i];
    if (rep.high_performer) add_to(s.high_performers, f);
    if (rep.tenured) add_to(s.tenured, f);
    if (!rep.high_performer && !rep.tenured) add_to(s.others, f);
  }
  count_team_actions_overdue(s, team_records, period.last);
  return s;
}

ManagerStanding manager_standing(const TeamReport& team, const std::vector<const Rep*>& included, const Policy& policy,
                                 const ReportPeriod& period, const std::vector<Record>& team_records) {
  std::vector<RepStanding> reps;
  for (size_t i = 0; i < included.size() && i < team.reps.size(); ++i) {
    std::optional<Rep> copy;
    if (changed_after(*included[i], period.last)) copy = rep_as_of(*included[i], period.last);
    reps.push_back(rep_standing(copy ? *copy : *included[i], policy, period));
  }
  return manager_standing_of(team, reps, policy, period, team_records);
}

} // namespace coach
