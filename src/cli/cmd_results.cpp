// `coach results import FILE.csv` and `coach results [show] [PERIOD]`: the
// sales results of each period, in results/PERIOD.yaml.
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <ostream>
#include <set>

#include <fmt/format.h>

#include <coach/csv.hpp>
#include <coach/error.hpp>
#include <coach/files.hpp>
#include <coach/git.hpp>
#include <coach/results_file.hpp>
#include <coach/settings.hpp>
#include <coach/team_file.hpp>

#include "columns.hpp"
#include "context.hpp"
#include "output.hpp"

namespace coach::cli {

namespace {

using Json = nlohmann::ordered_json;

// A CRM export is a few thousand rows; this leaves room for a whole organization's year.
constexpr size_t max_csv_file_size = 64 * 1024 * 1024;
// Bad rows named one per line, up to this many.
constexpr size_t max_problems_shown = 10;

struct ImportOptions {
  std::string file;
  std::string period;
  std::vector<std::string> maps;
  bool dry_run = false;
};

struct ShowOptions {
  std::string period;
  std::string format = "table";
};

ResultsImportOptions import_options(const ImportOptions& options) {
  ResultsImportOptions out;
  if (!options.period.empty()) out.period = options.period;
  for (const auto& map : options.maps) {
    const size_t equals = map.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == map.size()) {
      throw Error(ExitCode::usage,
                  fmt::format("--map {}: expected FIELD=COLUMN, e.g. --map rep=\"Account Owner\"", map));
    }
    out.columns.emplace_back(map.substr(0, equals), map.substr(equals + 1));
  }
  return out;
}

// The reps a row may name: every rep file's id and name (unreadable ones by their file's name).
std::vector<ResultsRepName> rep_names(const DataDir& dir) {
  std::vector<LoadFailure> unreadable;
  std::vector<ResultsRepName> reps;
  for (const auto& entry : dir.load_roster(&unreadable)) {
    if (!is_team_file_path(entry.path)) reps.push_back({entry.id, entry.name});
  }
  return reps;
}

// Names the bad rows on standard error and stops: nothing is written.
void refuse_bad_rows(const std::string& file, const std::vector<std::string>& problems, std::ostream& err) {
  const size_t shown = std::min(problems.size(), max_problems_shown);
  for (size_t i = 0; i < shown; ++i) err << "coach: error: " << problems[i] << "\n";
  const size_t more = problems.size() - shown;
  throw Error(ExitCode::data, fmt::format("{}: {} bad row{}{}; nothing was imported: correct the rows and run again",
                                          file, problems.size(), problems.size() == 1 ? "" : "s",
                                          more ? fmt::format(" (and {} more not shown)", more) : ""));
}

// Commits the results files just written, in one commit, when git.commit is on.
std::function<void(const std::vector<std::string>&)> results_committer(const Setup& setup, std::string message) {
  if (setup.context.global.no_commit) return {};
  return [&setup, message = std::move(message)](const std::vector<std::string>& files) {
    const DataDir& dir = setup.dir();
    Settings settings;
    try {
      settings = dir.load_settings();
    } catch (const Error&) {
      return; // the change is made; a settings file that cannot be read is reported by every other command
    }
    if (!settings.git_commit || !in_git_work_tree(dir.root())) return;
    if (auto why = commit_paths(dir.root(), files, message)) {
      setup.context.err() << fmt::format("note: not committed to git: {}; the change itself is saved\n", *why);
    }
  };
}

int run_import(const ImportOptions& options, const Setup& setup) {
  const ResultsImportOptions import_with = import_options(options);
  const std::string text = read_text_file(options.file, max_csv_file_size);
  const auto rows = parse_csv(options.file, text);
  const ResultsImport import = plan_results_import(options.file, rows, import_with, rep_names(setup.dir()));
  if (!import.problems.empty()) refuse_bad_rows(options.file, import.problems, setup.context.err());
  const std::string source = std::filesystem::path(options.file).filename().string();
  std::vector<std::string> labels;
  for (const auto& period : import.periods) labels.push_back(period.label);
  const auto changes = setup.dir().write_results(import.periods, source, options.dry_run,
                                                 results_committer(setup, fmt::format("results import: {} from {}",
                                                                                      join(labels, ", "), source)));
  for (const auto& change : changes) setup.context.out() << fmt::format("{}: {}\n", change.label, change.what);
  if (options.dry_run) setup.context.out() << "dry run: nothing was written\n";
  return 0;
}

// attainment as a whole percentage, as the report rounds it (basis_points); "-" when there is no quota.
std::string attainment_percent(const SalesResult& result) {
  if (result.quota == 0) return "-";
  return percent_text(result.actual / result.quota);
}

// A whole amount as a JSON integer (120000, not 120000.0).
Json amount_json(double amount) {
  if (amount == std::floor(amount)) return static_cast<long long>(amount);
  return amount;
}

Json attainment_json(const SalesResult& result) {
  if (result.quota == 0) return nullptr;
  return share_json(result.actual / result.quota);
}

// The extra columns' keys of `periods`, in the order first seen.
std::vector<std::string> extra_keys(const std::vector<ResultsPeriod>& periods) {
  std::vector<std::string> keys;
  for (const auto& period : periods) {
    for (const auto& result : period.reps) {
      for (const auto& [key, value] : result.extra) {
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
      }
    }
  }
  return keys;
}

std::string extra_of(const SalesResult& result, std::string_view key) {
  for (const auto& [k, v] : result.extra) {
    if (k == key) return v;
  }
  return {};
}

std::string render_table(const std::vector<ResultsPeriod>& periods, const std::map<std::string, std::string>& names,
                         int width, bool color) {
  std::string out;
  for (const auto& period : periods) {
    if (!out.empty()) out += "\n";
    out += styled(fmt::format("{} ({} to {}), {}", period.label, period.first.iso(), period.last.iso(), period.path),
                  Style::bold, color) +
           "\n";
    Table table;
    table.add_column("REP");
    table.add_column("NAME", Table::Align::left, true);
    table.add_column("QUOTA", Table::Align::right);
    table.add_column("ACTUAL", Table::Align::right);
    table.add_column("ATTAIN", Table::Align::right);
    const auto keys = extra_keys({period});
    for (const auto& key : keys) table.add_column(to_upper_ascii(key), Table::Align::left, true, true);
    table.give_way("REP", 8); // the id first: the name says who it is
    for (const auto& result : period.reps) {
      const auto name = names.find(result.rep_id);
      std::vector<Table::Cell> cells{{result.rep_id},
                                     {name == names.end() ? "" : one_line(name->second)},
                                     {amount_display(result.quota)},
                                     {amount_display(result.actual)},
                                     {attainment_percent(result)}};
      for (const auto& key : keys) cells.push_back({one_line(extra_of(result, key))});
      table.add_row(cells);
    }
    out += table.render(width, color);
  }
  return width > 0 ? wrap_long_lines(out, static_cast<size_t>(width)) : out; // a title with a long path
}

std::string render_json(const std::vector<ResultsPeriod>& periods, const std::map<std::string, std::string>& names) {
  Json list = Json::array();
  for (const auto& period : periods) {
    Json reps = Json::array();
    for (const auto& result : period.reps) {
      const auto name = names.find(result.rep_id);
      Json extra = Json::object();
      for (const auto& [key, value] : result.extra) extra[key] = value;
      reps.push_back({{"id", result.rep_id},
                      {"name", name == names.end() ? Json(nullptr) : Json(name->second)},
                      {"quota", amount_json(result.quota)},
                      {"actual", amount_json(result.actual)},
                      {"attainment", attainment_json(result)},
                      {"extra", std::move(extra)}});
    }
    list.push_back({{"period", period.label},
                    {"first", period.first.iso()},
                    {"last", period.last.iso()},
                    {"file", period.path},
                    {"reps", std::move(reps)}});
  }
  return Json{{"periods", std::move(list)}}.dump(2) + "\n";
}

std::string render_csv(const std::vector<ResultsPeriod>& periods, const std::map<std::string, std::string>& names) {
  const auto keys = extra_keys(periods);
  std::string out = "period,rep,name,quota,actual,attainment";
  for (const auto& key : keys) out += "," + csv_field(key);
  out += "\r\n";
  for (const auto& period : periods) {
    for (const auto& result : period.reps) {
      const auto name = names.find(result.rep_id);
      const std::string attainment = attainment_percent(result);
      out += fmt::format("{},{},{},{},{},{}", period.label, result.rep_id,
                         csv_field(name == names.end() ? "" : name->second), amount_text(result.quota),
                         amount_text(result.actual),
                         attainment == "-" ? "" : attainment.substr(0, attainment.size() - 1));
      for (const auto& key : keys) out += "," + csv_field(extra_of(result, key));
      out += "\r\n";
    }
  }
  return out;
}

int run_show(const ShowOptions& options, const Setup& setup) {
  const DataDir& dir = setup.dir();
  Context& context = setup.context;
  std::optional<std::string> wanted;
  if (!options.period.empty()) {
    const auto period = results_period_of(options.period);
    if (!period) {
      throw Error(ExitCode::usage,
                  fmt::format("\"{}\" is neither a month (2026-10) nor a quarter (2026-Q3)", options.period));
    }
    wanted = period->label;
  }
  std::vector<LoadFailure> unreadable;
  std::vector<ResultsPeriod> periods;
  for (auto& period : dir.load_results(&unreadable)) {
    for (const auto& warning : period.warnings) context.err() << "warning: " << warning << "\n";
    if (!wanted || period.label == *wanted) periods.push_back(std::move(period));
  }
  if (wanted && periods.empty() && unreadable.empty()) {
    throw Error(ExitCode::not_found, fmt::format("no results for {} (no results/{}.yaml); import them with `coach "
                                                 "results import FILE.csv`",
                                                 *wanted, *wanted));
  }
  std::map<std::string, std::string> names;
  std::vector<LoadFailure> unreadable_reps; // a rep file that cannot be read only loses its name here
  for (const auto& entry : dir.load_roster(&unreadable_reps)) {
    if (!entry.name.empty()) names[entry.id] = entry.name;
  }
  if (options.format == "json") {
    context.out() << render_json(periods, names);
  } else if (options.format == "csv") {
    context.out() << render_csv(periods, names);
  } else if (periods.empty() && unreadable.empty()) {
    context.out() << "No results yet; import them with `coach results import FILE.csv`.\n";
  } else {
    context.page(render_table(periods, names, context.terminal_width(), context.color()), true);
  }
  fail_on_unreadable(unreadable, context.out(), context.err());
  return 0;
}

void add_show_options(CLI::App& cmd, ShowOptions& show) {
  cmd.add_option("PERIOD", show.period, "Only this period: a month (2026-10) or a quarter (2026-Q3)");
  cmd.add_option("--format", show.format, "table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}));
}

} // namespace

CommandBody results_show_command(CLI::App& cmd) {
  auto show = std::make_shared<ShowOptions>();
  cmd.require_subcommand(0, 1);
  add_show_options(cmd, *show);
  return [show](const Setup& setup) { return run_show(*show, setup); };
}

CommandBody results_show_only_command(CLI::App& cmd) {
  auto show = std::make_shared<ShowOptions>();
  add_show_options(cmd, *show);
  return [show](const Setup& setup) { return run_show(*show, setup); };
}

CommandBody results_import_command(CLI::App& cmd) {
  auto import = std::make_shared<ImportOptions>();
  cmd.add_option("FILE", import->file,
                 "The CSV export: a header (rep,period,quota,actual, other columns kept), "
                 "then one row per rep and period")
      ->required()
      ->check(non_empty());
  cmd.add_option("--period", import->period,
                 "The period of every row, when the CSV has no period column: a month "
                 "(2026-10) or a quarter (2026-Q3)")
      ->check(non_empty())
      ->type_name("PERIOD");
  cmd.add_option("--map", import->maps,
                 "Read FIELD (rep, period, quota, actual) from COLUMN: --map rep=\"Account "
                 "Owner\" (repeatable)")
      ->type_name("FIELD=COLUMN")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd.add_flag("--dry-run", import->dry_run, "Check every row and print the changes; write nothing");
  cmd.footer("The CSV's header names its columns: rep (an id or a rep's name), period (2026-10 or 2026-Q3),\n"
             "quota and actual, in any case; every other column is kept as text. Amounts are digits with an\n"
             "optional currency sign, thousands commas and decimals ($120,000.50). Every row is checked first:\n"
             "one bad row and nothing is written (exit 3). Each period replaces results/PERIOD.yaml whole.\n"
             "See coach-results(1).");
  return [import](const Setup& setup) { return run_import(*import, setup); };
}

} // namespace coach::cli
