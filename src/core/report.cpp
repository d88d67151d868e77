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

namespace {

// The rep as it stood at the end of `day` (rep_as_of), copied only when it differs.
const Rep& rep_at(const Rep& full_rep, Date day, std::optional<Rep>& copy) {
  if (!changed_after(full_rep, day)) return full_rep;
  copy = rep_as_of(full_rep, day);
  return *copy;
}

// THE tracking start of the report's 1:1 figures: the day from which 1:1s are
// expected of a rep, computed once per report from the rep as it stood on the
// period's last day, and used by the table and by every bucket of the trend
// alike: the later of the rep's first day on the team and coach.yaml's since.
std::optional<Date> report_tracking_start(const Rep& rep_at_end, const Policy& policy) {
  return tracking_start(rep_at_end, policy);
}

// Days of [first, last] from `start` on, up to the archive day, away days left out.
int working_days_from(const Rep& rep, const Policy& policy, std::optional<Date> start, Date first, Date last) {
  if (start && *start > first) first = *start;
  if (rep.archived && *rep.archived < last) last = *rep.archived;
  return working_days(rep, policy, first, last);
}

// Each 1:1 in the period closes the gap since the 1:1 before it (which may lie
// before the period) or, for the rep's first 1:1, since the tracking start;
// the open gap runs from the last 1:1, or for a rep never met from the
// tracking start, to `end` (the period's last day or the archive day).
void measure_gaps(RepFigures& f, std::optional<Date> before, std::optional<Date> start, Date end) {
  std::vector<int> closed_gaps;
  std::optional<Date> previous = before ? before : start;
  for (Date day : f.meetings) {
    // A first 1:1 on (or before) the tracking start closes no gap.
    if (previous && previous->days_until(day) > 0) closed_gaps.push_back(previous->days_until(day));
    previous = day;
  }
  if (!closed_gaps.empty()) f.median_gap = median(closed_gaps);
  std::optional<int> longest;
  for (int gap : closed_gaps) longest = std::max(longest.value_or(0), gap);
  if (previous) {
    f.days_since_last = previous->days_until(std::max(end, *previous));
    if (*f.days_since_last > 0) longest = std::max(longest.value_or(0), *f.days_since_last);
  }
  f.longest_gap = longest;
}

// ON CADENCE: the days on the team in the period from the tracking start to
// `end`, away days left out, and among them those more than cadence + grace
// working days (as coach audit counts them) after the last 1:1 on or before
// the day or, before the first, after the tracking start.
void measure_regularity(RepFigures& f, const Rep& rep, const Policy& policy, std::optional<Date> before,
                        std::optional<Date> start, const ReportPeriod& period, Date end) {
  const Date from = start && *start > period.first ? *start : period.first;
  // No start is known only for a rep with no record at all: count from the period's first day.
  // A 1:1 before the tracking start counts from the tracking start, as coach audit does.
  Date reference = before ? (start && *start > *before ? *start : *before) : start.value_or(from);
  int since = reference < period.first ? working_days(rep, policy, reference.plus_days(1), period.first.plus_days(-1))
                                       : 0;
  const int limit = f.cadence + policy.grace;
  auto next = f.meetings.begin();
  for (Date day = period.first; day <= end; day = day.plus_days(1)) {
    const bool away = away_period(rep, policy, day) != nullptr;
    // The tracking start counts as a 1:1 (nothing is expected before it), so
    // a 1:1 before it is judged the same whatever day the period starts.
    const bool starts_here = start && *start == day && reference < day;
    if ((next != f.meetings.end() && *next == day) || starts_here) {
      if (next != f.meetings.end() && *next == day) ++next;
      reference = day;
      since = 0;
    } else if (reference < day && !away) {
      ++since;
    }
    if (day < from || away) continue;
    ++f.days_counted;
    if (since > limit) ++f.days_late;
  }
}

RepFigures figures_of(const Rep& rep, bool archived_now, const Policy& policy, const ReportPeriod& period,
                      std::optional<Date> start) {
  RepFigures f;
  f.id = rep.id;
  f.name = rep.name;
  f.tags = rep.tags;
  f.archived = archived_now;
  f.cadence = cadence_for(rep, policy);
  f.expected = working_days_from(rep, policy, start, period.first, period.last) / f.cadence;
  f.tracking_start = start;
  if (rep.archived && *rep.archived <= period.last) f.archived_on = rep.archived;

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
    if (has_any_notes(record.fields)) notes_days.insert(record.date); // private notes document a 1:1 too
  }
  f.with_personal = static_cast<int>(personal_days.size());
  f.with_notes = static_cast<int>(notes_days.size());
  f.held = static_cast<int>(in_period.size());
  f.credited = std::min(f.held, f.expected);
  f.meetings.assign(in_period.begin(), in_period.end());

  // A rep who left: the open gap ends on the day they left, not at the period's end.
  const Date end = rep.archived && *rep.archived < period.last ? *rep.archived : period.last;
  measure_gaps(f, before, start, end);
  measure_regularity(f, rep, policy, before, start, period, end);

  for (const auto& record : rep.records) {
    if (record.date < period.first) continue; // rep_as_of left out records after the end
    for (const auto& promise : record.promises) {
      if (promise.goal) continue; // a development goal is the rep's growth, not a promise between two people
      count_promise(promise.owner == Owner::manager ? f.manager : f.rep, promise, period.last);
    }
  }
  return f;
}

// The bucket after `start`: a week (Monday to Sunday) or a month, clipped to the period.
TrendBucket next_bucket(Date start, TrendBy by, const ReportPeriod& period) {
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
  return bucket;
}

// W(d) for each day d of the period: the rep's working days on the team from
// the period's first day to d, counted from the report's tracking start
// `start`; `rep` as it stood on the period's last day.
std::vector<int> cumulative_working_days(const Rep& rep, const Policy& policy, const ReportPeriod& period,
                                         std::optional<Date> start) {
  std::vector<int> cumulative;
  int total = 0;
  for (Date day = period.first; day <= period.last; day = day.plus_days(1)) {
    total += working_days_from(rep, policy, start, day, day);
    cumulative.push_back(total);
  }
  return cumulative;
}

// Open promises (both ways, made at any time) overdue on the bucket's last day.
void count_overdue(TrendBucket& bucket, const Rep& rep) {
  for (const auto& record : rep.records) {
    if (record.date > bucket.last) continue;
    for (const auto& promise : record.promises) {
      if (promise.goal) continue; // as in rep_figures: not a promise
      const bool closed = (promise.done && *promise.done <= bucket.last) ||
                          (promise.dropped && *promise.dropped <= bucket.last);
      if (!closed && promise.due && *promise.due < bucket.last) {
        ++bucket.overdue;
        if (promise.owner == Owner::manager) ++bucket.overdue_manager;
      }
    }
  }
}

// The trend's buckets over the period, their counts still zero.
std::vector<TrendBucket> empty_trend(const ReportPeriod& period, TrendBy by) {
  std::vector<TrendBucket> trend;
  for (Date start = period.first; start <= period.last;) {
    trend.push_back(next_bucket(start, by, period));
    start = trend.back().last.plus_days(1);
  }
  return trend;
}

// One rep's part of the trend: a bucket [a, b] expects floor(W(b) / cadence) -
// floor(W(a - 1) / cadence) of each rep, so the buckets add up to the
// period's EXPECTED exactly. `rep` as it stood on the period's last day;
// overdue promises are counted in `full_rep`, bucket by bucket.
void add_to_trend(std::vector<TrendBucket>& trend, const Rep& full_rep, const Rep& rep, std::optional<Date> start,
                  const RepFigures& figures, const Policy& policy, const ReportPeriod& period) {
  const std::vector<int> cumulative = cumulative_working_days(rep, policy, period, start);
  for (TrendBucket& bucket : trend) {
    const int a = period.first.days_until(bucket.first);
    const int b = period.first.days_until(bucket.last);
    const int before = a == 0 ? 0 : cumulative[static_cast<size_t>(a - 1)];
    bucket.expected += cumulative[static_cast<size_t>(b)] / figures.cadence - before / figures.cadence;
    for (Date met : figures.meetings) bucket.held += met >= bucket.first && met <= bucket.last ? 1 : 0;
    count_overdue(bucket, full_rep);
  }
}

} // namespace

RepFigures rep_figures(const Rep& full_rep, const Policy& policy, const ReportPeriod& period) {
  // Judge everything as it stood on the period's last day.
  std::optional<Rep> copy;
  const Rep& rep = rep_at(full_rep, period.last, copy);
  return figures_of(rep, full_rep.is_archived(), policy, period, report_tracking_start(rep, policy));
}

TeamReportBuilder::TeamReportBuilder(std::string directory, const Settings& settings, const ReportPeriod& period,
                                     TrendBy by, bool include_archived, const std::vector<Record>& team_records,
                                     const std::vector<ResultsPeriod>& results)
    : m_settings(settings), m_period(period), m_by(by), m_include_archived(include_archived),
      m_team_records(team_records), m_results(results),
      m_results_by_rep(results_in(results, period.first, period.last)), m_activities(settings, m_period, team_records) {
  m_team.directory = std::move(directory);
  m_team.manager = settings.manager;
  m_team.team = settings.team;
  m_team.grace = settings.policy.grace;
  m_team.totals.id = "";
  m_team.totals.name = "Team";
  if (by != TrendBy::none) m_team.trend = empty_trend(period, by);
}

void TeamReportBuilder::add(const Rep& full_rep) {
  if (full_rep.archived && *full_rep.archived < m_period.first && !m_include_archived) return;
  if (full_rep.start && *full_rep.start > m_period.last) return;
  const Policy& policy = m_settings.policy;
  // Judge everything as it stood on the period's last day.
  std::optional<Rep> copy;
  const Rep& rep = rep_at(full_rep, m_period.last, copy);
  const std::optional<Date> start = report_tracking_start(rep, policy);
  RepFigures f = figures_of(rep, full_rep.is_archived(), policy, m_period, start);
  if (m_by != TrendBy::none) add_to_trend(m_team.trend, full_rep, rep, start, f, policy, m_period);
  m_activities.add(full_rep);
  m_standings.push_back(rep_standing(rep, policy, m_period));
  add_to_totals(f);
  m_team.reps.push_back(std::move(f));
}

void TeamReportBuilder::add_to_totals(RepFigures& f) {
  RepFigures& totals = m_team.totals;
  if (auto it = m_results_by_rep.find(f.id); it != m_results_by_rep.end()) {
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
  if (f.median_gap) m_gap_medians.push_back(*f.median_gap);
}

TeamReport TeamReportBuilder::finish() {
  RepFigures& totals = m_team.totals;
  if (!m_gap_medians.empty()) totals.median_gap = median(m_gap_medians);
  totals.cadence = m_settings.policy.cadence;
  m_team.activities = m_activities.finish();
  m_team.results = team_results_section(m_team, m_results);
  m_team.standing = manager_standing_of(m_team, m_standings, m_settings.policy, m_period, m_team_records);
  return std::move(m_team);
}

TeamReport team_report(const std::string& directory, const Settings& settings, const std::vector<Rep>& reps,
                       const ReportPeriod& period, TrendBy by, bool include_archived,
                       const std::vector<Record>& team_records, const std::vector<ResultsPeriod>& results) {
  TeamReportBuilder builder(directory, settings, period, by, include_archived, team_records, results);
  for (const Rep& rep : reps) builder.add(rep);
  return builder.finish();
}

} // namespace coach
