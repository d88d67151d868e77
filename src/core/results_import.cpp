// `coach results import`: from a CRM's CSV export to the periods it holds,
// every row checked before anything is written.
#include <coach/results_file.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/text.hpp>

namespace coach {

namespace {

std::string plural(size_t count, std::string_view word) {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

const SalesResult* find_result(const ResultsPeriod& period, std::string_view rep_id) {
  for (const auto& result : period.reps) {
    if (result.rep_id == rep_id) return &result;
  }
  return nullptr;
}

std::string extra_value(const SalesResult& result, std::string_view key) {
  for (const auto& [k, v] : result.extra) {
    if (k == key) return v;
  }
  return {};
}

// "priya actual 98,000 -> 98,500", one item per value that changed.
void describe_rep_change(const SalesResult& before, const SalesResult& after, std::vector<std::string>& changes) {
  if (before.quota != after.quota) {
    changes.push_back(
        fmt::format("{} quota {} -> {}", after.rep_id, amount_display(before.quota), amount_display(after.quota)));
  }
  if (before.actual != after.actual) {
    changes.push_back(
        fmt::format("{} actual {} -> {}", after.rep_id, amount_display(before.actual), amount_display(after.actual)));
  }
  std::vector<std::string> keys;
  for (const auto* side : {&before, &after}) {
    for (const auto& [key, value] : side->extra) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
  }
  for (const auto& key : keys) {
    const std::string old_value = extra_value(before, key);
    const std::string new_value = extra_value(after, key);
    if (old_value == new_value) continue;
    const auto shown = [](const std::string& v) { return v.empty() ? std::string("(none)") : '"' + v + '"'; };
    changes.push_back(fmt::format("{} {} {} -> {}", after.rep_id, key, shown(old_value), shown(new_value)));
  }
}

} // namespace

std::string describe_results_change(const ResultsPeriod* before, const ResultsPeriod& after) {
  if (!before) return fmt::format("{} (new)", plural(after.reps.size(), "rep"));
  std::vector<std::string> changes;
  for (const auto& result : after.reps) {
    if (const SalesResult* old = find_result(*before, result.rep_id)) {
      describe_rep_change(*old, result, changes);
    } else {
      changes.push_back(result.rep_id + " added");
    }
  }
  for (const auto& result : before->reps) {
    if (!find_result(after, result.rep_id)) changes.push_back(result.rep_id + " removed");
  }
  return changes.empty() ? "unchanged" : join(changes, "; ");
}

namespace {

constexpr std::array<std::string_view, 4> import_fields{"rep", "period", "quota", "actual"};

// Where each field and extra column is in the header.
struct CsvLayout {
  std::map<std::string, size_t, std::less<>> field_column; // rep, period, quota, actual
  std::vector<std::pair<std::string, size_t>> extras;      // key, column
  size_t width = 0;
};

std::string columns_list(const std::vector<std::string>& header) {
  std::vector<std::string> quoted;
  for (const auto& name : header) quoted.push_back('"' + name + '"');
  return join(quoted, ", ");
}

std::optional<size_t> find_column(const std::vector<std::string>& header, std::string_view name) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (trim(header[i]) == trim(name)) return i;
  }
  std::optional<size_t> found;
  for (size_t i = 0; i < header.size(); ++i) {
    if (to_lower(trim(header[i])) != to_lower(trim(name))) continue;
    if (found) return std::nullopt; // "Rep" and "REP": only an exact match decides
    found = i;
  }
  return found;
}

// The column of each field: --map's, else the field's own name.
void place_fields(std::string_view path, const std::vector<std::string>& header, const ResultsImportOptions& options,
                  CsvLayout& layout) {
  std::map<std::string, std::string, std::less<>> wanted;
  for (const auto& [field, column] : options.columns) {
    if (std::find(import_fields.begin(), import_fields.end(), field) == import_fields.end()) {
      throw Error(ExitCode::usage, fmt::format("--map {}={}: '{}' is not a field; map one of rep, period, quota, "
                                               "actual (other columns are kept as they are)",
                                               field, column, field));
    }
    wanted[field] = column;
  }
  for (const std::string_view field : import_fields) {
    const auto mapped = wanted.find(field);
    const std::string name = mapped != wanted.end() ? mapped->second : std::string(field);
    const auto column = find_column(header, name);
    if (column) {
      layout.field_column[std::string(field)] = *column;
    } else if (mapped != wanted.end()) {
      throw Error(ExitCode::usage, fmt::format("--map {}={}: no column \"{}\" in {}'s header (its columns: {})", field,
                                               name, name, path, columns_list(header)));
    } else if (field != "period") {
      throw Error(ExitCode::data, fmt::format("{}:1: no column \"{}\" in the header (its columns: {}); name a "
                                              "column {} or give --map {}=COLUMN",
                                              path, field, columns_list(header), field, field));
    }
  }
  const bool period_column = layout.field_column.contains("period");
  if (!period_column && !options.period) {
    throw Error(ExitCode::usage, fmt::format("{} has no period column; give the period of its rows with --period "
                                             "(2026-10 or 2026-Q3), or map one with --map period=COLUMN",
                                             path));
  }
  if (period_column && options.period) {
    throw Error(ExitCode::usage, fmt::format("{} has a period column, so --period {} would contradict it; leave "
                                             "--period out",
                                             path, *options.period));
  }
}

CsvLayout read_header(std::string_view path, const std::vector<CsvRow>& rows, const ResultsImportOptions& options) {
  if (rows.empty()) {
    throw Error(ExitCode::data, fmt::format("{}:1: no header; the first line names the columns: rep,period,quota,"
                                            "actual",
                                            path));
  }
  const auto& header = rows.front().fields;
  CsvLayout layout;
  layout.width = header.size();
  place_fields(path, header, options, layout);
  std::set<size_t> used;
  for (const auto& [field, column] : layout.field_column) used.insert(column);
  std::map<std::string, std::string> key_of_column;
  for (size_t i = 0; i < header.size(); ++i) {
    if (used.contains(i)) continue;
    const std::string key = extra_column_key(header[i]);
    const auto fail = [&](std::string what) {
      throw Error(ExitCode::data,
                  fmt::format("{}:{}: column {} (\"{}\"): {}", path, rows.front().line, i + 1, header[i], what));
    };
    if (key.empty()) fail("an extra column needs a name with a letter or digit; name it in the header");
    if (key == "quota" || key == "actual") {
      fail(fmt::format("kept as '{}', which is the {} field; rename the column", key, key));
    }
    if (key_of_column.contains(key)) {
      fail(fmt::format("kept as '{}', as column \"{}\" is; rename one of them", key, key_of_column[key]));
    }
    key_of_column[key] = header[i];
    layout.extras.emplace_back(key, i);
  }
  return layout;
}

// Finds reps by id or by name, as a row names them.
class RepFinder {
public:
  explicit RepFinder(const std::vector<ResultsRepName>& reps) {
    for (const auto& rep : reps) {
      m_ids.insert(rep.id);
      if (!rep.name.empty()) m_by_name[to_lower(trim(rep.name))].push_back(rep.id);
    }
  }

  // The rep's id, or a problem.
  std::pair<std::string, std::string> find(std::string_view cell) const {
    const std::string wanted = to_lower(trim(cell));
    if (wanted.empty()) return {"", "no rep; give the rep's id or name"};
    if (m_ids.contains(wanted)) return {wanted, ""};
    const auto named = m_by_name.find(wanted);
    if (named == m_by_name.end()) {
      return {"", fmt::format("no rep \"{}\" (neither an id in reps/ nor a rep's name); add the rep with `coach rep "
                              "add` or correct the row",
                              trim(cell))};
    }
    if (named->second.size() > 1) {
      std::vector<std::string> ids = named->second;
      std::sort(ids.begin(), ids.end());
      return {"", fmt::format("\"{}\" is the name of {} reps ({}); give the id instead", trim(cell), ids.size(),
                              join(ids, ", "))};
    }
    return {named->second.front(), ""};
  }

private:
  std::set<std::string> m_ids;
  std::map<std::string, std::vector<std::string>> m_by_name;
};

// The row's result and its period's label, or the row's first problem.
struct RowResult {
  SalesResult result;
  std::string period;
  std::string problem;
};

RowResult read_row(const CsvRow& row, const CsvLayout& layout, const ResultsImportOptions& options,
                   const RepFinder& reps) {
  RowResult out;
  const auto cell = [&](std::string_view field) { return row.fields[layout.field_column.at(std::string(field))]; };
  if (row.fields.size() != layout.width) {
    out.problem = fmt::format("{} fields, the header has {}; quote a field that holds a comma", row.fields.size(),
                              layout.width);
    return out;
  }
  auto [id, rep_problem] = reps.find(cell("rep"));
  if (!rep_problem.empty()) return {{}, "", "rep: " + rep_problem};
  out.result.rep_id = id;
  const std::string label = options.period ? *options.period : std::string(trim(cell("period")));
  const auto period = results_period_of(label);
  if (!period) {
    out.problem = fmt::format("period: \"{}\" is neither a month (2026-10) nor a quarter (2026-Q3)", label);
    return out;
  }
  out.period = period->label;
  for (const std::string_view field : {"quota", "actual"}) {
    std::string problem;
    const auto amount = parse_csv_amount(cell(field), &problem);
    if (!amount) return {{}, "", fmt::format("{}: {}", field, problem)};
    (field == "quota" ? out.result.quota : out.result.actual) = *amount;
  }
  for (const auto& [key, column] : layout.extras) {
    const std::string& text = row.fields[column];
    if (const std::string problem = extra_text_problem(text); !problem.empty()) return {{}, "", key + ": " + problem};
    if (!trim(text).empty()) out.result.extra.emplace_back(key, text);
  }
  return out;
}

} // namespace

ResultsImport plan_results_import(std::string_view path, const std::vector<CsvRow>& rows,
                                  const ResultsImportOptions& options, const std::vector<ResultsRepName>& reps) {
  if (options.period) {
    const auto period = results_period_of(*options.period);
    if (!period) {
      throw Error(ExitCode::usage,
                  fmt::format("--period {}: neither a month (2026-10) nor a quarter (2026-Q3)", *options.period));
    }
  }
  const CsvLayout layout = read_header(path, rows, options);
  const RepFinder finder(reps);
  ResultsImport import;
  std::map<std::string, ResultsPeriod> periods;
  std::map<std::pair<std::string, std::string>, int> seen; // (period, rep) -> line
  for (size_t i = 1; i < rows.size(); ++i) {
    RowResult row = read_row(rows[i], layout, options, finder);
    if (row.problem.empty()) {
      const auto [it, first] = seen.emplace(std::pair(row.period, row.result.rep_id), rows[i].line);
      if (!first) {
        row.problem = fmt::format("{} for {} again (first on line {}); keep one row per rep and period",
                                  row.result.rep_id, row.period, it->second);
      }
    }
    if (!row.problem.empty()) {
      import.problems.push_back(fmt::format("{}:{}: {}", path, rows[i].line, row.problem));
      continue;
    }
    if (!periods.contains(row.period)) periods.emplace(row.period, *results_period_of(row.period));
    periods.at(row.period).reps.push_back(std::move(row.result));
  }
  if (rows.size() == 1) import.problems.push_back(fmt::format("{}:1: a header and no rows; nothing to import", path));
  for (auto& [label, period] : periods) import.periods.push_back(std::move(period));
  std::sort(import.periods.begin(), import.periods.end(), [](const ResultsPeriod& a, const ResultsPeriod& b) {
    return a.first != b.first ? a.first < b.first : a.last < b.last;
  });
  return import;
}

} // namespace coach
