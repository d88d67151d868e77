// `coach report`: cadence and promises per rep, per team, per period, for a
// manager and, over several directories, for a senior leader.
#include <algorithm>
#include <ostream>
#include <set>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/files.hpp>
#include <coach/settings.hpp>
#include <coach/team_file.hpp>
#include <coach/text.hpp>

#include "context.hpp"
#include "output.hpp"
#include "report_render.hpp"

namespace coach::cli {

namespace {

struct ReportOptions {
  std::string since;
  std::string until;
  std::string last;
  std::string quarter;
  std::string month;
  std::string by;
  std::string format = "table";
  std::string output;
  std::string teams_file;
  bool archived = false;
};

ReportPeriod choose_period(const ReportOptions& o, Date today) {
  const int named = !o.quarter.empty() + !o.month.empty() + !o.last.empty();
  if (named > 1 || (named == 1 && (!o.since.empty() || !o.until.empty()))) {
    throw Error(ExitCode::usage, "choose one period: --quarter, --month, --last, or --since/--until");
  }
  ReportPeriod period;
  if (!o.quarter.empty()) {
    auto q = quarter_period(o.quarter);
    if (!q) throw Error(ExitCode::usage, fmt::format("--quarter: \"{}\" is not a quarter such as 2026-Q3", o.quarter));
    period = *q;
  } else if (!o.month.empty()) {
    auto m = month_period(o.month);
    if (!m) throw Error(ExitCode::usage, fmt::format("--month: \"{}\" is not a month such as 2026-10", o.month));
    period = *m;
  } else if (!o.since.empty() || !o.until.empty()) {
    period.last = o.until.empty() ? today : parse_date_option("--until", o.until, today, DateDirection::past);
    period.first = o.since.empty() ? period.last.plus_days(-89)
                                   : parse_date_option("--since", o.since, today, DateDirection::past);
    if (period.first > today) {
      throw Error(ExitCode::usage, fmt::format("--since: {} is in the future", period.first.pretty()));
    }
    if (period.last > today) period.last = today;
    period.label = fmt::format("{} to {}", period.first.iso(), period.last.iso());
  } else {
    const auto span = o.last.empty() ? std::optional<int>(90) : parse_day_span(o.last);
    if (!span || *span < 1)
      throw Error(ExitCode::usage, fmt::format("--last: \"{}\" is not a span such as 90d or 12w", o.last));
    period.last = today;
    period.first = today.plus_days(1 - *span);
    period.label = fmt::format("last {} days", *span);
  }
  if (period.first > period.last) {
    throw Error(ExitCode::usage,
                fmt::format("the period starts ({}) after it ends ({})", period.first.iso(), period.last.iso()));
  }
  if (period.first > today)
    throw Error(ExitCode::usage, fmt::format("the period starts in the future ({})", period.first.iso()));
  if (period.last > today) period.last = today; // nothing is known of days to come
  return period;
}

// A team directory named on the command line or in a --teams file, and where
// it was named ("-C", "--teams teams.txt:3") for messages.
struct NamedDir {
  std::string path;
  std::string source;
};

// Team directories from a file: one path a line, relative to the file; # comments.
std::vector<NamedDir> read_teams_file(const std::string& path) {
  const std::string text = read_text_file(path, 1024 * 1024);
  const std::filesystem::path base = std::filesystem::path(path).parent_path();
  std::vector<NamedDir> dirs;
  int line_number = 0;
  for (auto line : split_lines(text)) {
    ++line_number;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    const std::filesystem::path dir(std::string{line});
    dirs.push_back({(dir.is_absolute() ? dir : base / dir).lexically_normal().string(),
                    fmt::format("--teams {}:{}", path, line_number)});
  }
  if (dirs.empty()) throw Error(ExitCode::usage, fmt::format("--teams: {} lists no directory", path));
  return dirs;
}

// One team's part of the report, its reps read one at a time: memory follows
// the answer, not the directory. Files that cannot be read are added to
// `unreadable`, in the order of the reads that count them.
TeamReport team_of(const DataDir& dir, const ReportOptions& options, const Report& report, Context& context,
                   std::vector<LoadFailure>& unreadable) {
  Settings settings = dir.load_settings();
  // Unknown keys (a part of policy.index the report does not know changes the index): once per directory.
  context.warn_about_settings_keys(dir, settings);
  // As audit does: coach.yaml's since, else the earliest record, known from the roster before any rep is
  // read (its unreadable files are named below, by the reads that count them).
  if (!settings.policy.since) {
    std::vector<LoadFailure> named_below;
    settle_since(settings, dir.load_roster(&named_below));
  }
  std::vector<LoadFailure> team_unreadable;
  const std::vector<Rep> team_files = dir.load_team_files(&team_unreadable);
  std::vector<Record> team_records; // the team meetings, for their own section
  for (const Rep& file : team_files) team_records.insert(team_records.end(), file.records.begin(), file.records.end());
  std::vector<LoadFailure> results_unreadable;
  const std::vector<ResultsPeriod> results = dir.load_results(&results_unreadable);
  TeamReportBuilder team(dir.root().lexically_normal().string(), settings, report.period, report.by, options.archived,
                         team_records, results);
  dir.for_each_rep(
      [&](Rep& rep) {
        attach_team_actions(rep, team_files); // team meetings' actions count as promises
        team.add(rep);
      },
      &unreadable);
  for (const auto* failures : {&team_unreadable, &results_unreadable})
    unreadable.insert(unreadable.end(), failures->begin(), failures->end());
  return team.finish();
}

int run_report(const ReportOptions& options, const Setup& setup) {
  Context& context = setup.context;
  const Date today = setup.today();
  Report report;
  report.period = choose_period(options, today);
  report.by = options.by == "week" ? TrendBy::week : options.by == "month" ? TrendBy::month : TrendBy::none;

  std::vector<NamedDir> dirs;
  for (const auto& dir : context.global.dirs) dirs.push_back({dir, "-C"});
  if (!options.teams_file.empty()) {
    for (auto& dir : read_teams_file(options.teams_file)) dirs.push_back(std::move(dir));
  }
  std::vector<DataDir> data_dirs;
  if (dirs.empty()) {
    data_dirs.push_back(context.open_data_dir());
  } else {
    std::set<std::filesystem::path> seen;
    for (const auto& dir : dirs) {
      DirectoryHints hints = context.directory_hints();
      hints.explicit_dir = dir.path;
      hints.explicit_dir_source = dir.source;
      const auto found = find_data_dir(hints);
      std::error_code ec;
      const auto canonical = std::filesystem::weakly_canonical(found, ec);
      if (!seen.insert(ec ? found : canonical).second) continue; // named twice (-C and --teams): once
      data_dirs.emplace_back(found);
    }
  }
  for (const auto& dir : data_dirs) {
    if (!options.output.empty()) refuse_output_over_data(options.output, dir.root());
  }
  if (!options.output.empty()) check_can_write_atomic(options.output); // not after reading every file
  std::vector<LoadFailure> unreadable; // every team's, named at the end; the other files still count
  for (const auto& dir : data_dirs) report.teams.push_back(team_of(dir, options, report, context, unreadable));
  report.team_results = teams_results_section(report.teams);

  std::string text;
  if (options.format == "json") text = render_report_json(report);
  else if (options.format == "csv") text = render_report_csv(report);
  else if (options.format == "md") text = render_report_markdown(report);
  else if (options.format == "html") text = render_report_html(report, today);
  else
    text = render_report_table(report, options.output.empty() ? context.terminal_width() : 0,
                               options.output.empty() && context.color());

  if (!options.output.empty()) {
    write_file_atomic(options.output, text, 0600);
    context.out() << fmt::format("Wrote {} ({} format, {})\n", options.output, options.format, report.period.label);
  } else {
    context.out() << text; // through the pager on a terminal (pager.hpp), as every long output
  }
  fail_on_unreadable(unreadable, context.out(), context.err());
  return 0;
}

} // namespace

CommandBody report_command(CLI::App& cmd) {
  auto options = std::make_shared<ReportOptions>();
  cmd.add_option("--since", options->since, "First day of the period")->check(non_empty())->type_name("DATE");
  cmd.add_option("--until", options->until, "Last day of the period (default: today)")
      ->check(non_empty())
      ->type_name("DATE");
  cmd.add_option("--last", options->last, "The last N days or weeks, e.g. 90d (the default) or 12w")
      ->check(non_empty())
      ->type_name("SPAN");
  cmd.add_option("--quarter", options->quarter, "A calendar quarter, e.g. 2026-Q3")
      ->check(non_empty())
      ->type_name("YYYY-QN");
  cmd.add_option("--month", options->month, "A calendar month, e.g. 2026-10")->check(non_empty())->type_name("YYYY-MM");
  cmd.add_option("--by", options->by, "Also show the trend per week or month")
      ->check(CLI::IsMember({"week", "month"}))
      ->type_name("week|month");
  cmd.add_option("--format", options->format, "table (default), md, csv, json or html")
      ->check(CLI::IsMember({"table", "md", "csv", "json", "html"}));
  cmd.add_option("-o,--output", options->output, "Write to this file (owner-only) instead of standard output")
      ->check(non_empty())
      ->type_name("FILE");
  cmd.add_option("--teams", options->teams_file, "A file listing team directories, one per line (with -C: added)")
      ->check(non_empty())
      ->type_name("FILE");
  cmd.add_flag("--archived", options->archived, "Include reps archived before the period");
  cmd.footer("Several teams: coach -C team-a -C team-b report, or --teams FILE; one row per manager comes first.");
  return [options](const Setup& setup) { return run_report(*options, setup); };
}

} // namespace coach::cli
