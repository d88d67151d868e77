#pragma once

#include <optional>
#include <string>
#include <vector>

#include <coach/model.hpp>

namespace coach {

/// The days a report covers, both ends included.
struct ReportPeriod {
  Date first;
  Date last;
  std::string label; // "2026-Q3", "2026-10", "last 90 days", "2026-09-01 to 2026-11-25"
  int days() const { return first.days_until(last) + 1; }
};

/// Parses `--quarter 2026-Q3`; nullopt when not of that form.
std::optional<ReportPeriod> quarter_period(std::string_view text);
/// Parses `--month 2026-10`; nullopt when not of that form.
std::optional<ReportPeriod> month_period(std::string_view text);

/// What happened to the promises one side made in the period, judged on the
/// period's last day.
struct PromiseCounts {
  int made = 0;
  int kept = 0; // kept_on_time + kept_after_move + kept_late
  int kept_on_time = 0;
  int kept_after_move = 0;
  int kept_late = 0;
  int dropped = 0;
  int open = 0;    // still open at the period's end, overdue or not
  int overdue = 0; // open and past due at the period's end
  /// kept on time / (kept + overdue): of the promises that came due, the share kept by their first date.
  std::optional<double> on_time_rate() const;
  PromiseCounts& operator+=(const PromiseCounts& other);
};

/// The figures of one rep (or of a whole team, as totals) over a period.
struct RepFigures {
  std::string id;
  std::string name;
  std::vector<std::string> tags;
  bool archived = false;
  int cadence = 0;
  int held = 0;                            // 1:1s in the period (one per day at most)
  int expected = 0;                        // working days in the period / cadence (away days left out)
  int credited = 0;                        // min(held, expected), summed over reps for a team
  std::optional<double> adherence() const; // credited / expected
  std::optional<int> median_gap;           // days between consecutive 1:1s ending in the period
  std::optional<int> longest_gap;          // the same, and the open gap from the last 1:1 to the period's end
  std::optional<int> days_since_last;      // on the period's last day
  int minutes = 0;
  int with_personal = 0;      // 1:1s with at least one personal topic
  int with_notes = 0;         // 1:1s with notes
  PromiseCounts manager;      // the manager's promises made in the period
  PromiseCounts rep;          // the reps' commitments made in the period
  std::vector<Date> meetings; // dates of the 1:1s in the period, for timelines
};

/// One bucket of the trend (a week, Monday to Sunday, or a month), clipped to the period.
struct TrendBucket {
  Date first;
  Date last;
  std::string label; // "2026-W47" or "2026-11"
  int held = 0;
  int expected = 0; // summed over reps, fractional cadences rounded down per rep
  int overdue = 0;  // open promises (both ways, any age) overdue on the bucket's last day
  int overdue_manager = 0;
};

enum class TrendBy { none, week, month };

/// One team's report: a row per rep, totals, and the trend.
struct TeamReport {
  std::string directory;
  std::string manager;
  std::string team;
  int grace = 0; // the policy's grace, for charts
  std::vector<RepFigures> reps;
  RepFigures totals;
  std::vector<TrendBucket> trend;
};

/// The report over one or several teams for one period: one computed result
/// that every output format renders.
struct Report {
  ReportPeriod period;
  TrendBy by = TrendBy::none;
  std::vector<TeamReport> teams;
};

/// The figures of one rep over `period`.
RepFigures rep_figures(const Rep& rep, const Policy& policy, const ReportPeriod& period);

/// A team's report. Reps archived before the period starts are left out
/// unless `include_archived`.
TeamReport team_report(const std::string& directory, const Settings& settings, const std::vector<Rep>& reps,
                       const ReportPeriod& period, TrendBy by, bool include_archived);

} // namespace coach
