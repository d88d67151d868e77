#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <coach/correlation.hpp>
#include <coach/model.hpp>
#include <coach/results.hpp>

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
  // Gaps: each 1:1 in the period closes the one since the 1:1 before it or,
  // for the first, since the tracking start; the open gap runs from the last
  // 1:1 (or the tracking start) to the period's end or the archive day.
  std::optional<int> median_gap;      // of the closed gaps
  std::optional<int> longest_gap;     // of the closed gaps and the open one
  std::optional<int> days_since_last; // the open gap
  int minutes = 0;
  int with_personal = 0;      // 1:1s with at least one personal topic
  int with_notes = 0;         // 1:1s with notes
  PromiseCounts manager;      // the manager's promises made in the period
  PromiseCounts rep;          // the reps' commitments made in the period
  std::vector<Date> meetings; // dates of the 1:1s in the period, for timelines
  // Regularity: the days on the team in the period counted from the tracking
  // start (away days left out), and of those the days more than cadence +
  // grace after the last 1:1 (or, before the first, after the tracking start).
  int days_counted = 0;
  int days_late = 0;
  std::optional<double> on_cadence() const; // (days_counted - days_late) / days_counted
  /// The rep's sales results for the period (results_in); for a team, the
  /// sums over the reps with results. nullopt: none imported for the period.
  std::optional<Attainment> results;
  // For timelines: the rep's tracking_start() (nothing is expected before
  // it), and the archive day when it is on or before the period's last day.
  std::optional<Date> tracking_start;
  std::optional<Date> archived_on;
};

/// One bucket of the trend (a week, Monday to Sunday, or a month), clipped to the period.
struct TrendBucket {
  Date first;
  Date last;
  std::string label; // "2026-W47" or "2026-11"
  int held = 0;
  int expected = 0; // per rep floor(W(last) / cadence) - floor(W(first - 1) / cadence), W: working days so far
  int overdue = 0;  // open promises (both ways, any age) overdue on the bucket's last day
  int overdue_manager = 0;
};

enum class TrendBy { none, week, month };

/// One rep's figures for a coaching activity other than the 1:1 (a joint
/// call, team meeting, career conversation or skills audit) over a period; as
/// totals, a team's.
struct ActivityFigures {
  int cadence = 0;                         // days between two (cadence_for); 0: not tracked, so none expected
  int held = 0;                            // days in the period with one that counts (a joint call: with feedback)
  int expected = 0;                        // working days on the team in the period / cadence, rounded down
  int credited = 0;                        // min(held, expected), summed over reps for a team
  std::optional<double> adherence() const; // credited / expected
  std::optional<int> days_since_last;      // from the last one that counts to the period's end
  std::vector<Date> dates;                 // the days held in the period
};

/// A skill group's average rating in a skills audit, and its change against
/// the audit before it. For a team: the means of the reps' figures.
struct GroupRating {
  std::string group;
  std::optional<double> average;  // of the group's ratings in the last audit of the period
  std::optional<double> previous; // of the group's ratings in the audit before it (a rep's only)
  std::optional<double> change;   // average - previous; for a team, the mean of the reps' changes
};

/// A rep's last skills audit of the period, per skill group of the team's list.
struct SkillsFigures {
  std::optional<Date> audited;        // the last audit in the period
  std::optional<Date> previous_audit; // the one before it, in the period or before
  std::vector<GroupRating> groups;    // every group of the skill list, in its order
};

/// One rep's row of an activity's section.
struct ActivityRow {
  std::string id;
  std::string name;
  bool archived = false;
  ActivityFigures figures;
  SkillsFigures skills; // a skills audit's
};

/// A section of the report for one activity: shown when the directory holds a
/// record of its kind dated on or before the period's last day.
struct ActivityReport {
  std::string kind;              // a kind of activity_kinds other than the 1:1
  std::vector<ActivityRow> reps; // in the order of TeamReport::reps
  ActivityFigures totals;        // the team's: sums, and the policy's cadence
  SkillsFigures team_skills;     // a skills audit's: per group, means over the reps
  int days_held = 0;             // days in the period with one, whoever attended (the team's meetings)
};

/// One point of the "Coaching and results" section: a rep, or at the level
/// above, a team (coach-report(1), "Coaching and results").
struct ResultsPoint {
  std::string id;   // the rep's id; a team's directory
  std::string name; // the rep's name; a team's manager
  std::string team; // a team's name ("" for a rep)
  bool archived = false;
  double consistency = 0; // coaching consistency, 0..1
  double quota = 0;
  double actual = 0;
  double attainment = 0;            // actual / quota
  std::vector<std::string> periods; // the results periods summed (a rep's)
  /// The extra columns of each results period summed, by period label (a rep's).
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> extra;
};

/// The points of one group of the top fifth split.
struct ResultsGroup {
  std::vector<std::string> ids;           // in the section's order
  std::optional<double> mean_consistency; // nullopt: the group is empty
  std::optional<double> mean_attainment;  // the mean of the points' attainments
};

/// Consistency against attainment over the points with both.
struct ResultsSection {
  std::vector<ResultsPoint> points; // in the report's order
  RankCorrelation correlation;      // consistency against attainment
  std::optional<ResultsGroup> top;  // the top fifth by consistency, ties with its last included; n >= 2
  std::optional<ResultsGroup> rest; // the others
  std::optional<Line> trend;        // least squares of attainment on consistency
};

/// The parts of the coaching index, in their order; the names are the keys of
/// coach.yaml `policy.index` and of the json.
inline constexpr std::string_view index_part_names[] = {"1on1",         "regularity", "joint-call",
                                                        "team-meeting", "career",     "skills-audit",
                                                        "promises",     "personal",   "notes"};

/// The weight of an index part: policy.index's, else its default (1on1,
/// regularity and promises 2, the others 1).
double index_weight(const Policy& policy, std::string_view part);

/// " (did you mean 'regularity'?)" for a name that differs from a part's by at
/// most two letters (added, removed or changed), as audit suggests keys; else "".
std::string index_part_suggestion(std::string_view name);

/// One part of the coaching index: a share 0..1 of the team and its weight.
struct IndexPart {
  std::string name; // of index_part_names
  double weight = 0;
  std::optional<double> value; // nullopt: nothing to measure (none expected, no promise came due); left out
};

/// A manager's coaching index over a period (coach-report(1), "The coaching index").
struct CoachingIndex {
  std::vector<IndexPart> parts; // every part, in the order of index_part_names
  /// round(100 * sum(weight * value) / sum(weight)) over the parts with a
  /// value; nullopt when none has one (or their weights add up to 0).
  std::optional<int> score() const;
};

/// Credited against expected 1:1s of a group of reps.
struct GroupAdherence {
  int reps = 0;
  int credited = 0;
  int expected = 0;
  std::optional<double> adherence() const; // credited / expected; nullopt when no rep or none expected
};

/// A manager's figures for the roll-up over several teams.
struct ManagerStanding {
  CoachingIndex index;
  std::optional<double> attainment;        // the team's: sum of actuals / sum of quotas
  int overdue_now = 0;                     // the manager's open promises (made at any time) overdue on the last day
  std::optional<int> oldest_overdue_days;  // days the oldest of those is overdue on the last day
  int made = 0;                            // the manager's promises made in the period
  int dropped = 0;                         // of those, dropped
  std::optional<double> drop_rate() const; // dropped / made
  GroupAdherence high_performers;          // reps tagged high-performer
  GroupAdherence tenured;                  // reps tenured on the last day (audit's is_tenured)
  GroupAdherence others;                   // reps neither
};

/// One team's report: a row per rep, totals, and the trend.
struct TeamReport {
  std::string directory;
  std::string manager;
  std::string team;
  int grace = 0; // the policy's grace, for charts
  std::vector<RepFigures> reps;
  RepFigures totals;
  std::vector<TrendBucket> trend;
  std::vector<ActivityReport> activities; // in the order of activity_kinds; only those shown
  /// "Coaching and results": only when a rep has results for the period.
  std::optional<ResultsSection> results;
  ManagerStanding standing; // the index and the roll-up's figures
};

/// The index of a team from its figures (totals, the activities' sections).
CoachingIndex coaching_index(const TeamReport& team, const Policy& policy);

/// The manager's standing: `team`'s figures (reps, totals, activities) and
/// `included`, the reps of team.reps in the same order, for promises and tags;
/// `team_records`, the team files' meetings, for the actions to the whole team.
ManagerStanding manager_standing(const TeamReport& team, const std::vector<const Rep*>& included, const Policy& policy,
                                 const ReportPeriod& period, const std::vector<Record>& team_records = {});

/// What the manager's standing needs of one rep, taken as the rep passes.
struct RepStanding {
  int overdue_now = 0;                    // the manager's promises to the rep overdue on the period's last day
  std::optional<int> oldest_overdue_days; // days the oldest of those is overdue
  bool high_performer = false;            // tagged high-performer
  bool tenured = false;                   // tenured on the period's last day
};

/// The standing inputs of a rep as it stood on the period's last day (rep_as_of).
RepStanding rep_standing(const Rep& rep_at_end, const Policy& policy, const ReportPeriod& period);

/// The manager's standing from `team`'s figures and `reps`, one per rep of
/// team.reps in the same order; `team_records` as for manager_standing.
ManagerStanding manager_standing_of(const TeamReport& team, const std::vector<RepStanding>& reps, const Policy& policy,
                                    const ReportPeriod& period, const std::vector<Record>& team_records = {});

/// The sections of the activities other than the 1:1, built one rep at a
/// time: every kind's rows are taken, and finish() keeps the sections shown.
/// `settings`, `period` and `team_records` must outlive it.
class ActivitySections {
public:
  ActivitySections(const Settings& settings, const ReportPeriod& period, const std::vector<Record>& team_records);
  /// The rows of one rep counted (as activity_reports' `included`, in the report's order).
  void add(const Rep& rep);
  /// The sections shown (as activity_reports returns them).
  std::vector<ActivityReport> finish();

private:
  const Settings& m_settings;
  const ReportPeriod& m_period;
  const std::vector<Record>& m_team_records;
  std::vector<ActivityReport> m_sections; // every kind of activity_kinds but the 1:1, in its order
  std::vector<bool> m_shown;              // per section: a record of its kind on or before the period's last day
};

/// A team's report built one rep at a time (DataDir::for_each_rep): each
/// rep's figures, activity rows, trend counts and standing inputs are taken as
/// it passes, so that no rep need be kept. `settings`, `team_records` and
/// `results` must outlive it. team_report is this over a vector of reps.
class TeamReportBuilder {
public:
  TeamReportBuilder(std::string directory, const Settings& settings, const ReportPeriod& period, TrendBy by,
                    bool include_archived, const std::vector<Record>& team_records,
                    const std::vector<ResultsPeriod>& results);
  /// One rep of the team, in the report's order (sorted by id), with the team
  /// meetings' actions attached; left out when team_report leaves it out.
  void add(const Rep& rep);
  /// The report over the reps added.
  TeamReport finish();

private:
  void add_to_totals(RepFigures& figures);

  const Settings& m_settings;
  ReportPeriod m_period;
  TrendBy m_by;
  bool m_include_archived;
  const std::vector<Record>& m_team_records;
  const std::vector<ResultsPeriod>& m_results;
  std::map<std::string, Attainment> m_results_by_rep; // results_in the period
  TeamReport m_team;
  std::vector<int> m_gap_medians; // each rep's median gap, for the team's
  std::vector<RepStanding> m_standings;
  ActivitySections m_activities;
};

/// The report over one or several teams for one period: one computed result
/// that every output format renders.
struct Report {
  ReportPeriod period;
  TrendBy by = TrendBy::none;
  std::vector<TeamReport> teams;
  /// "Coaching and results" one level up, a point per team: only with several
  /// teams of which one has results for the period.
  std::optional<ResultsSection> team_results;
};

/// Days of [first, last] on which the rep was on the team (from their
/// tracking start, see tracking_start(), to their archive) and not away.
int working_days_on_team(const Rep& rep, const Policy& policy, Date first, Date last);

/// The figures of one rep over `period`.
RepFigures rep_figures(const Rep& rep, const Policy& policy, const ReportPeriod& period);

/// A team's report. Reps archived before the period starts are left out
/// unless `include_archived`. `team_records` are the records of the team's
/// files (team meetings), read with the reps.
TeamReport team_report(const std::string& directory, const Settings& settings, const std::vector<Rep>& reps,
                       const ReportPeriod& period, TrendBy by, bool include_archived,
                       const std::vector<Record>& team_records = {}, const std::vector<ResultsPeriod>& results = {});

/// The figures of `rep` for the activity `kind` over `period`: records of the
/// rep's file, or for a team meeting those of `team_records` the rep attended.
ActivityFigures activity_figures(const Rep& rep, const Policy& policy, std::string_view kind,
                                 const ReportPeriod& period, const std::vector<Record>& team_records);

/// The rep's last skills audit of the period against the one before it, per
/// group of `settings.skills`.
SkillsFigures skills_figures(const Rep& rep, const Settings& settings, const ReportPeriod& period);

/// The sections of the activities other than the 1:1 for the reps counted
/// (`included`, in the report's order); only those with a record on or before
/// the period's last day.
std::vector<ActivityReport> activity_reports(const std::vector<const Rep*>& included, const Settings& settings,
                                             const ReportPeriod& period, const std::vector<Record>& team_records);

/// A rep's coaching consistency: the mean, over the activities expected of
/// the rep in the period (EXPECTED > 0), of the 1:1s' ON CADENCE and each
/// other activity's ADHERENCE (`others`: the rep's rows of the sections
/// shown); nullopt when none is expected.
std::optional<double> coaching_consistency(const RepFigures& one_on_ones,
                                           const std::vector<const ActivityFigures*>& others);

/// The team's "Coaching and results" section, from its reps' figures and
/// results (team_report calls it); nullopt when no rep has results.
std::optional<ResultsSection> team_results_section(const TeamReport& team, const std::vector<ResultsPeriod>& results);

/// The section one level up: a point per team with a consistency and an
/// attainment; nullopt unless several teams and one has a section.
std::optional<ResultsSection> teams_results_section(const std::vector<TeamReport>& teams);

/// The points' correlation, top fifth split and trend line.
ResultsSection results_section(std::vector<ResultsPoint> points);

} // namespace coach
