#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <coach/date.hpp>

namespace coach {

/// One rep's sales results for one results period (a month or a quarter), as
/// imported from a CRM export into results/PERIOD.yaml.
struct SalesResult {
  std::string rep_id;
  double quota = 0;  // 0: no quota (a rep ramping up); attainment is then not computed
  double actual = 0; // closed sales in the period
  /// The export's other columns (pipeline, win rate, ...), by their key in
  /// the file, with their text as imported; kept and shown, never computed on.
  std::vector<std::pair<std::string, std::string>> extra;
  int line = 0; // of the rep's entry in the results file
  bool operator==(const SalesResult&) const = default;
};

/// The results of one period: the file results/LABEL.yaml.
struct ResultsPeriod {
  std::string label; // "2026-10" (a month) or "2026-Q3" (a quarter)
  Date first;
  Date last;
  std::vector<SalesResult> reps;     // in the file's order
  std::string path;                  // the file it was read from ("" when not read from a file)
  std::vector<std::string> warnings; // "file:line:column: unknown key ..." (read_results_file); not compared
  bool operator==(const ResultsPeriod& other) const {
    return label == other.label && first == other.first && last == other.last && reps == other.reps;
  }
};

/// A rep's results over a report period: the sums over the results periods
/// that count for it (see results_in).
struct Attainment {
  double quota = 0;
  double actual = 0;
  std::vector<std::string> periods; // the labels of the results periods summed, in date order
  /// actual / quota; nullopt when quota is 0.
  std::optional<double> rate() const;
};

/// The results that count for the report period [first, last], per rep id:
/// every results period that lies wholly within it, except a month whose
/// quarter is also there (the quarter counts, its months do not).
std::map<std::string, Attainment> results_in(const std::vector<ResultsPeriod>& periods, Date first, Date last);

/// The period of a results label ("2026-10" or "2026-Q3"), or nullopt.
std::optional<ResultsPeriod> results_period_of(std::string_view label);

} // namespace coach
