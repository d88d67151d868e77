#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <coach/csv.hpp>
#include <coach/results.hpp>
#include <coach/yaml_tree.hpp>

namespace coach {

// results/PERIOD.yaml (see coach-files(5)):
//
//   # Sales results for 2026-Q3, from crm-q3.csv (coach results import).
//   period: 2026-Q3
//   reps:
//     priya:
//       quota: 120000
//       actual: 98500
//       pipeline: "310000"
//
// Written whole by `coach results import`, read strictly.

/// Reads a parsed results file. `period:` must be a month or a quarter and,
/// when the file is named after a period, that one; each rep's `quota` and
/// `actual` are plain decimal numbers (120000, 98500.5), 0 or more; every
/// other key of a rep is an extra column, kept as text. `known_rep`, when
/// given, says whether a rep id has a file in reps/; an id it refuses is an
/// error. Unknown top-level keys are kept out and named in `warnings`. Throws
/// coach::Error (data) with `file:line:column: what is wrong; what to do`.
ResultsPeriod read_results_file(const YamlDocument& doc, const std::function<bool(std::string_view)>& known_rep = {});

/// The text of results/PERIOD.yaml for `period`, imported from `source` (a
/// file name, for the comment), quoted so that every YAML reader reads back
/// exactly these texts and numbers.
std::string render_results_file(const ResultsPeriod& period, std::string_view source);

/// An amount as the file holds it: plain decimal, no exponent, as few digits
/// as read back to the same number ("120000", "98500.5").
std::string amount_text(double amount);

/// An amount for people, as coach report shows it: thousands separated by
/// commas, rounded to cents, two decimals only when there are cents
/// ("98,500", "1,200.50").
std::string amount_display(double amount);

/// An amount from a CSV cell: digits with an optional currency sign ($ € £,
/// before or after), thousands commas and decimals ("$120,000.50"). nullopt
/// with `problem` set otherwise (negative amounts and more than 2 decimals
/// other than trailing zeros included).
std::optional<double> parse_csv_amount(std::string_view text, std::string* problem);

/// What is wrong with the text of an extra column, or empty: a results file
/// keeps each value on one line of plain text, so a line break (\n, \r, U+0085,
/// U+2028, U+2029) or a control character (C0 with TAB, DEL, C1) is refused.
std::string extra_text_problem(std::string_view text);

/// The key under which an extra column is kept: the header lower-cased, each
/// run of characters other than a-z and 0-9 turned into one `_`, none at
/// either end ("Win Rate (%)" gives "win_rate"). Empty when nothing is left.
std::string extra_column_key(std::string_view header);

/// What importing `after` changes in `before` (nullptr: no file yet), in one
/// line: "8 reps (new)", "unchanged", or the changes, e.g. "priya actual
/// 98,000 -> 98,500; sam added; lee removed".
std::string describe_results_change(const ResultsPeriod* before, const ResultsPeriod& after);

/// A rep an import row may name: by id, or by name (exact, any case).
struct ResultsRepName {
  std::string id;
  std::string name;
};

/// `coach results import`'s options.
struct ResultsImportOptions {
  std::optional<std::string> period;                        // --period: the period of every row
  std::vector<std::pair<std::string, std::string>> columns; // --map FIELD=COLUMN
};

/// What an import would write: the periods (oldest first, each rep in the
/// CSV's order) and the rows' problems ("FILE:LINE: what; what to do", in
/// line order). Nothing may be written when there are problems.
struct ResultsImport {
  std::vector<ResultsPeriod> periods;
  std::vector<std::string> problems;
};

/// Checks every row of a CSV export (`rows` from parse_csv, the header first)
/// and builds the periods it holds. Throws coach::Error: usage for options
/// that do not fit the header (an unknown --map field or column, no period
/// column and no --period, or both), data for a header that cannot be used
/// (missing, a field twice, two extra columns with the same key).
ResultsImport plan_results_import(std::string_view path, const std::vector<CsvRow>& rows,
                                  const ResultsImportOptions& options, const std::vector<ResultsRepName>& reps);

} // namespace coach
