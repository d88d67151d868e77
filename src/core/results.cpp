#include <coach/results.hpp>

#include <algorithm>
#include <set>

#include <coach/report.hpp>

namespace coach {

std::optional<double> Attainment::rate() const {
  if (quota == 0) return std::nullopt;
  return actual / quota;
}

std::optional<ResultsPeriod> results_period_of(std::string_view label) {
  auto period = label.size() == 7 && (label[5] == 'Q' || label[5] == 'q') ? quarter_period(label) : month_period(label);
  if (!period) return std::nullopt;
  ResultsPeriod results;
  results.label = period->label;
  results.first = period->first;
  results.last = period->last;
  return results;
}

std::map<std::string, Attainment> results_in(const std::vector<ResultsPeriod>& periods, Date first, Date last) {
  std::vector<const ResultsPeriod*> inside;
  for (const auto& period : periods) {
    if (period.first >= first && period.last <= last) inside.push_back(&period);
  }
  // A quarter and its months: the quarter counts, so that nothing is counted twice.
  std::vector<const ResultsPeriod*> counted;
  for (const ResultsPeriod* period : inside) {
    const bool within_a_quarter = std::any_of(inside.begin(), inside.end(), [&](const ResultsPeriod* other) {
      return other != period && other->first <= period->first && period->last <= other->last &&
             other->first.days_until(other->last) > period->first.days_until(period->last);
    });
    if (!within_a_quarter) counted.push_back(period);
  }
  std::sort(counted.begin(), counted.end(),
            [](const ResultsPeriod* a, const ResultsPeriod* b) { return a->first < b->first; });
  std::map<std::string, Attainment> by_rep;
  for (const ResultsPeriod* period : counted) {
    for (const auto& result : period->reps) {
      Attainment& a = by_rep[result.rep_id];
      a.quota += result.quota;
      a.actual += result.actual;
      a.periods.push_back(period->label);
    }
  }
  return by_rep;
}

} // namespace coach
