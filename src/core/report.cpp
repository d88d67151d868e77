#include <coach/report.hpp>

#include <algorithm>
#include <limits>
#include <set>

#include <fmt/format.h>

#include <coach/audit.hpp>
#include <coach/followups.hpp>
#include <coach/text.hpp>
#include <coach/working_days.hpp>

namespace coach {

using namespace std::chrono;

namespace {

std::optional<int> number(std::string_view text) {
  const auto value = parse_whole_number(text);
  if (!value || *value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max()) {
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

void count_promise(PromiseCounts& counts, const Promise& promise, Date end) {
  ++counts.made;
  switch (promise_state(promise, end)) {
  case PromiseState::kept_on_time:
    ++counts.kept_on_time;
    ++counts.kept;
    break;
  case PromiseState::kept_after_move:
    ++counts.kept_after_move;
    ++counts.kept;
    break;
  case PromiseState::kept_late:
    ++counts.kept_late;
    ++counts.kept;
    break;
  case PromiseState::dropped: ++counts.dropped; break;
  case PromiseState::overdue:
    ++counts.overdue;
    ++counts.open;
    break;
  case PromiseState::open:
  case PromiseState::due_today: ++counts.open; break;
  }
}

int median(std::vector<int> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Mondays start weeks; the label is the ISO week of that Monday.
std::string iso_week_label(Date monday) {
  const Date thursday = monday.plus_days(3);
  const auto year = thursday.ymd().year();
  const Date jan4{sys_days{year / January / 4}};
  const Date week1_monday = jan4.plus_days(-static_cast<int>(jan4.iso_weekday_index()));
  const int week = week1_monday.days_until(monday) / 7 + 1;
  return fmt::format("{}-W{:02}", static_cast<int>(year), week);
}

} // namespace

int working_days_on_team(const Rep& rep, const Policy& policy, Date first, Date last) {
  // Nothing is expected before the tracking start (the rep's first day, or coach.yaml's since).
  if (const auto start = tracking_start(rep, policy); start && *start > first) first = *start;
  if (rep.archived && *rep.archived < last) last = *rep.archived;
  return working_days(rep, policy, first, last);
}

std::optional<ReportPeriod> quarter_period(std::string_view text) {
  // 2026-Q3
  if (text.size() != 7 || text[4] != '-' || (text[5] != 'Q' && text[5] != 'q')) return std::nullopt;
  const auto year = number(text.substr(0, 4));
  const auto quarter = number(text.substr(6, 1));
  if (!year || !quarter || *quarter < 1 || *quarter > 4 || *year < 1900) return std::nullopt;
  const unsigned first_month = static_cast<unsigned>(*quarter - 1) * 3 + 1;
  const auto first = Date::from_ymd(*year, first_month, 1);
  const Date last{sys_days{std::chrono::year{*year} / std::chrono::month{first_month + 2} / std::chrono::last}};
  return ReportPeriod{*first, last, fmt::format("{}-Q{}", *year, *quarter)};
}

std::optional<ReportPeriod> month_period(std::string_view text) {
  // 2026-10
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  const auto year = number(text.substr(0, 4));
  const auto month = number(text.substr(5, 2));
  if (!year || !month || *month < 1 || *month > 12 || *year < 1900) return std::nullopt;
  const auto first = Date::from_ymd(*year, static_cast<unsigned>(*month), 1);
  const Date last{
      sys_days{std::chrono::year{*year} / std::chrono::month{static_cast<unsigned>(*month)} / std::chrono::last}};
  return ReportPeriod{*first, last, std::string(text)};
}

std::optional<double> PromiseCounts::on_time_rate() const {
  const int came_due = kept + overdue;
  if (came_due == 0) return std::nullopt;
  return static_cast<double>(kept_on_time) / came_due;
}

PromiseCounts& PromiseCounts::operator+=(const PromiseCounts& other) {
  made += other.made;
  kept += other.kept;
  kept_on_time += other.kept_on_time;
  kept_after_move += other.kept_after_move;
  kept_late += other.kept_late;
  dropped += other.dropped;
  open += other.open;
  overdue += other.overdue;
  return *this;
}

std::optional<double> RepFigures::adherence() const {
  if (expected == 0) return std::nullopt;
  return static_cast<double>(credited) / expected;
}

std::optional<double> RepFigures::on_cadence() const {
  if (days_counted == 0) return std::nullopt;
  return static_cast<double>(days_counted - days_late) / days_counted;
}

RepFigures rep_figures(const Rep& full_rep, const Policy& policy, const ReportPeriod& period) {
  // Judge everything as it stood on the period's last day.
  std::optional<Rep> copy;
  if (changed_after(full_rep, period.last)) copy = rep_as_of(full_rep, period.last);
  const Rep& rep = copy ? *copy : full_rep;
  RepFigures f;
  f.id = rep.id;
  f.name = rep.name;
  f.tags = rep.tags;
  f.archived = full_rep.is_archived();
  f.cadence = cadence_for(rep, policy);
  f.expected = working_days_on_team(rep, policy, period.first, period.last) / f.cadence;
  f.tracking_start = tracking_start(rep, policy);
  if (full_rep.archived && *full_rep.archived <= period.last) f.archived_on = full_rep.archived;

  std::set<Date> in_period;
  std::set<Date> personal_days;
  std::set<Date> notes_days;
  std::optional<Date> before; // the last 1:1 before the period
  for (const auto& record : rep.records) {
    if (!record.is_one_on_one()) continue;
    if (record.date < period.first) {
      if (!before || record.date > *before) before = record.date;
      continue;
    }
    in_period.insert(record.date);
    f.minutes += record.fields.number(field::minutes).value_or(0);
    // Shares count days, as `held` does, so they never pass 100%.
    if (!record.fields.list(field::personal).empty()) personal_days.insert(record.date);
    if (record.fields.text(field::notes)) notes_days.insert(record.date);
  }
  f.with_personal = static_cast<int>(personal_days.size());
  f.with_notes = static_cast<int>(notes_days.size());
  f.held = static_cast<int>(in_period.size());
  f.credited = std::min(f.held, f.expected);
  f.meetings.assign(in_period.begin(), in_period.end());

  // Gaps: each 1:1 in the period closes the gap since the one before it (which
  // may lie before the period); the open gap runs from the last 1:1 to the end.
  std::vector<int> closed_gaps;
  std::optional<Date> previous = before;
  for (Date day : in_period) {
    if (previous) closed_gaps.push_back(previous->days_until(day));
    previous = day;
  }
  if (!closed_gaps.empty()) f.median_gap = median(closed_gaps);
  std::optional<int> longest;
  for (int gap : closed_gaps) longest = std::max(longest.value_or(0), gap);
  // A rep who left: the open gap ends on the day they left, not at the period's end.
  const Date end = full_rep.archived && *full_rep.archived < period.last ? *full_rep.archived : period.last;
  if (previous) {
    f.days_since_last = previous->days_until(std::max(end, *previous));
    if (*f.days_since_last > 0) longest = std::max(longest.value_or(0), *f.days_since_last);
  }
  f.longest_gap = longest;

  for (const auto& record : rep.records) {
    if (record.date < period.first) continue; // rep_as_of left out records after the end
    for (const auto& promise : record.promises) {
      if (promise.goal) continue; // a development goal is the rep's growth, not a promise between two people
      count_promise(promise.owner == Owner::manager ? f.manager : f.rep, promise, period.last);
    }
  }
  return f;
}

TeamReport team_report(const std::string& directory, const Settings& settings, const std::vector<Rep>& reps,
                       const ReportPeriod& period, TrendBy by, bool include_archived,
                       const std::vector<Record>& team_records, const std::vector<ResultsPeriod>& results) {
  TeamReport team;
  team.directory = directory;
  team.manager = settings.manager;
  team.team = settings.team;
  team.grace = settings.policy.grace;
  std::vector<const Rep*> included;
  for (const auto& rep : reps) {
    if (rep.archived && *rep.archived < period.first && !include_archived) continue;
    if (rep.start && *rep.start > period.last) continue;
    included.push_back(&rep);
  }
  RepFigures& totals = team.totals;
  totals.id = "";
  totals.name = "Team";
  std::vector<int> all_gaps_median;
  const auto results_by_rep = results_in(results, period.first, period.last);
  for (const Rep* rep : included) {
    RepFigures f = rep_figures(*rep, settings.policy, period);
    if (auto it = results_by_rep.find(rep->id); it != results_by_rep.end()) {
      f.results = it->second;
      if (!totals.results) totals.results = Attainment{};
      totals.results->quota += it->second.quota;
      totals.results->actual += it->second.actual;
    }
    totals.days_counted += f.days_counted;
    totals.days_late += f.days_late;
    totals.held += f.held;
    totals.expected += f.expected;
    // No rep counts above 100%: extra 1:1s with one rep do not make up for another.
    totals.credited += f.credited;
    totals.minutes += f.minutes;
    totals.with_personal += f.with_personal;
    totals.with_notes += f.with_notes;
    totals.manager += f.manager;
    totals.rep += f.rep;
    if (f.longest_gap) totals.longest_gap = std::max(totals.longest_gap.value_or(0), *f.longest_gap);
    if (f.median_gap) all_gaps_median.push_back(*f.median_gap);
    team.reps.push_back(std::move(f));
  }
  if (!all_gaps_median.empty()) totals.median_gap = median(all_gaps_median);
  totals.cadence = settings.policy.cadence;
  team.activities = activity_reports(included, settings, period, team_records);
  team.results = team_results_section(team, results);

  if (by == TrendBy::none) return team;
  Date start = period.first;
  while (start <= period.last) {
    TrendBucket bucket;
    bucket.first = start;
    if (by == TrendBy::week) {
      const Date monday = start.plus_days(-static_cast<int>(start.iso_weekday_index()));
      bucket.last = std::min(monday.plus_days(6), period.last);
      bucket.label = iso_week_label(monday);
    } else {
      const auto ymd = start.ymd();
      bucket.last = std::min(Date{sys_days{ymd.year() / ymd.month() / std::chrono::last}}, period.last);
      bucket.label = fmt::format("{:04}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()));
    }
    const ReportPeriod slice{bucket.first, bucket.last, bucket.label};
    for (const Rep* rep : included) {
      const RepFigures f = rep_figures(*rep, settings.policy, slice);
      bucket.held += f.held;
      bucket.expected += f.expected;
      // Overdue on the bucket's last day: made by then, not closed by then, due before it.
      for (const auto& record : rep->records) {
        if (record.date > bucket.last) continue;
        for (const auto& promise : record.promises) {
          if (promise.goal) continue; // as above: not a promise
          const bool closed = (promise.done && *promise.done <= bucket.last) ||
                              (promise.dropped && *promise.dropped <= bucket.last);
          if (!closed && promise.due && *promise.due < bucket.last) {
            ++bucket.overdue;
            if (promise.owner == Owner::manager) ++bucket.overdue_manager;
          }
        }
      }
    }
    team.trend.push_back(bucket);
    start = bucket.last.plus_days(1);
  }
  return team;
}

} // namespace coach
