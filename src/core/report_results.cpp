// The report's "Coaching and results" section: each rep's coaching
// consistency against attainment, their rank correlation and the top fifth
// against the rest; and the same one level up, a point per team
// (coach-report(1), "Coaching and results").
#include <coach/report.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace coach {

namespace {

std::optional<double> mean(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

ResultsGroup group_of(const std::vector<const ResultsPoint*>& points) {
  ResultsGroup group;
  std::vector<double> consistency;
  std::vector<double> attainment;
  for (const ResultsPoint* p : points) {
    group.ids.push_back(p->id);
    consistency.push_back(p->consistency);
    attainment.push_back(p->attainment);
  }
  group.mean_consistency = mean(consistency);
  group.mean_attainment = mean(attainment);
  return group;
}

// The top fifth by consistency: the ceil(n/5) highest, and any tied with the last of them.
void split_top_fifth(ResultsSection& section) {
  const size_t n = section.points.size();
  if (n < 2) return;
  std::vector<const ResultsPoint*> sorted;
  for (const auto& p : section.points) sorted.push_back(&p);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const ResultsPoint* a, const ResultsPoint* b) { return a->consistency > b->consistency; });
  size_t top_count = (n + 4) / 5;
  while (top_count < n && sorted[top_count]->consistency == sorted[top_count - 1]->consistency) ++top_count;
  std::vector<const ResultsPoint*> top;
  std::vector<const ResultsPoint*> rest;
  // In the section's order, not the sorted one.
  for (const auto& p : section.points) {
    const auto at = std::find(sorted.begin(), sorted.end(), &p) - sorted.begin();
    (static_cast<size_t>(at) < top_count ? top : rest).push_back(&p);
  }
  section.top = group_of(top);
  section.rest = group_of(rest);
}

// The extra columns of each results period the rep's attainment sums.
std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>
extra_columns(const std::string& rep_id, const Attainment& attainment, const std::vector<ResultsPeriod>& results) {
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> extra;
  for (const auto& label : attainment.periods) {
    for (const auto& period : results) {
      if (period.label != label) continue;
      for (const auto& result : period.reps) {
        if (result.rep_id == rep_id && !result.extra.empty()) extra.emplace_back(label, result.extra);
      }
    }
  }
  return extra;
}

// The activities' rows of the rep at `index` (the sections' rows follow TeamReport::reps).
std::vector<const ActivityFigures*> activity_rows(const TeamReport& team, size_t index) {
  std::vector<const ActivityFigures*> rows;
  for (const auto& section : team.activities) {
    if (index < section.reps.size()) rows.push_back(&section.reps[index].figures);
  }
  return rows;
}

} // namespace

std::optional<double> coaching_consistency(const RepFigures& one_on_ones,
                                           const std::vector<const ActivityFigures*>& others) {
  std::vector<double> parts;
  // A part expected but without a value (no day counted) is left out.
  if (one_on_ones.expected > 0) {
    if (const auto on_cadence = one_on_ones.on_cadence()) parts.push_back(*on_cadence);
  }
  for (const ActivityFigures* f : others) {
    if (f->expected > 0) parts.push_back(*f->adherence());
  }
  return mean(parts);
}

ResultsSection results_section(std::vector<ResultsPoint> points) {
  ResultsSection section;
  section.points = std::move(points);
  std::vector<double> xs;
  std::vector<double> ys;
  for (const auto& p : section.points) {
    xs.push_back(p.consistency);
    ys.push_back(p.attainment);
  }
  section.correlation = spearman(xs, ys);
  section.trend = least_squares(xs, ys);
  split_top_fifth(section);
  return section;
}

std::optional<ResultsSection> team_results_section(const TeamReport& team, const std::vector<ResultsPeriod>& results) {
  const bool any_results = std::any_of(team.reps.begin(), team.reps.end(), [](const auto& f) { return f.results; });
  if (!any_results) return std::nullopt;
  std::vector<ResultsPoint> points;
  for (size_t i = 0; i < team.reps.size(); ++i) {
    const RepFigures& f = team.reps[i];
    const auto consistency = coaching_consistency(f, activity_rows(team, i));
    const auto attainment = f.results ? f.results->rate() : std::nullopt;
    if (!consistency || !attainment) continue;
    ResultsPoint p;
    p.id = f.id;
    p.name = f.name;
    p.archived = f.archived;
    p.consistency = *consistency;
    p.quota = f.results->quota;
    p.actual = f.results->actual;
    p.attainment = *attainment;
    p.periods = f.results->periods;
    p.extra = extra_columns(f.id, *f.results, results);
    points.push_back(std::move(p));
  }
  return results_section(std::move(points));
}

std::optional<ResultsSection> teams_results_section(const std::vector<TeamReport>& teams) {
  const bool any_section = std::any_of(teams.begin(), teams.end(), [](const auto& t) { return t.results; });
  if (teams.size() < 2 || !any_section) return std::nullopt;
  std::vector<ResultsPoint> points;
  for (const auto& team : teams) {
    // The team's consistency: the mean over all its reps with one, with results or not.
    std::vector<double> consistencies;
    for (size_t i = 0; i < team.reps.size(); ++i) {
      if (const auto c = coaching_consistency(team.reps[i], activity_rows(team, i))) consistencies.push_back(*c);
    }
    const auto consistency = mean(consistencies);
    const auto& results = team.totals.results;
    const auto attainment = results ? results->rate() : std::nullopt;
    if (!consistency || !attainment) continue;
    ResultsPoint p;
    p.id = team.directory;
    p.name = team.manager;
    p.team = team.team;
    p.consistency = *consistency;
    p.quota = results->quota;
    p.actual = results->actual;
    p.attainment = *attainment;
    points.push_back(std::move(p));
  }
  return results_section(std::move(points));
}

} // namespace coach
