// `coach calendar`: the coming 1:1s and activities as events, the promises as
// to-dos, in an iCalendar file to import or subscribe to.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <ostream>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <coach/audit.hpp>
#include <coach/calendar.hpp>
#include <coach/files.hpp>
#include <coach/rep_cache.hpp>
#include <coach/settings.hpp>
#include <coach/team_file.hpp>

#include "context.hpp"
#include "version.hpp"

namespace coach::cli {

namespace {

struct CalendarOptions {
  std::string output;
  bool mine = false;
  int closed_within = 30;
};

int run_calendar(const CalendarOptions& options, const Setup& setup) {
  const DataDir& dir = setup.dir();
  const Settings& settings = setup.settings();
  if (!options.output.empty()) {
    refuse_output_over_data(options.output, dir.root());
    check_can_write_atomic(options.output); // not after reading every file
  }
  CalendarRequest request;
  request.today = setup.today();
  request.team_slug = calendar_team_slug(settings.team, dir.root());
  request.mine_only = options.mine;
  request.closed_within = options.closed_within;
  // Every file or none (no failures list: the first unreadable one stops it): a calendar that left out a rep
  // whose file is broken would make a subscribed calendar drop that rep's events and to-dos. The team files
  // first, as before the reps were read one at a time.
  const std::vector<Rep> team_files = dir.load_team_files();
  // What the entries need of the whole team (the tracking start, each activity's first day) comes from the
  // roster, so that the reps are read one at a time and each one's entries copied out: holding every history
  // took 874 MB and 4.0 s at 2,000 reps.
  Settings settled = settings;     // as audit and report: nothing is expected before the first record
  std::vector<LoadFailure> unread; // for_each_rep stops at the first of them below
  auto started = settle_from_roster(settled, dir.load_roster(&unread), true); // settles before the policy is copied
  CalendarBuilder builder(settled.policy, std::move(started), team_files, request);
  dir.for_each_rep([&](Rep& rep) { builder.add(rep); });
  ChunkedSequence<CalendarEntry> entries = builder.finish();

  CalendarHeader header;
  header.product_version = version_string;
  std::error_code ec;
  const auto root = std::filesystem::weakly_canonical(dir.root(), ec);
  header.name = fmt::format("coach: {}",
                            settings.team.empty() ? (ec ? dir.root() : root).filename().string() : settings.team);
  header.stamp = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  if (options.output.empty()) {
    std::ostream& out = setup.context.out();
    write_icalendar(std::move(entries), header,
                    [&](std::string_view text) { out.write(text.data(), static_cast<std::streamsize>(text.size())); });
    return 0;
  }
  const auto count = [&](CalendarEntry::Type type) {
    size_t n = 0;
    entries.for_each([&](const CalendarEntry& e) { n += e.type == type ? 1 : 0; });
    return n;
  };
  const auto events = count(CalendarEntry::Type::event);
  const auto todos = count(CalendarEntry::Type::todo);
  // Written a batch at a time into the temporary file that then replaces the output: never the whole text at once
  // (107 MB at 2,000 reps when it was made first).
  write_file_atomic(
      options.output,
      [&](const std::function<void(std::string_view)>& write) { write_icalendar(std::move(entries), header, write); },
      0600);
  setup.context.out() << fmt::format("Wrote {} ({} event{}, {} to-do{})\n", options.output, events,
                                     events == 1 ? "" : "s", todos, todos == 1 ? "" : "s");
  return 0;
}

} // namespace

CommandBody calendar_command(CLI::App& cmd) {
  auto options = std::make_shared<CalendarOptions>();
  cmd.add_option("-o,--output", options->output,
                 "Write to this file (atomically; a new one owner-only) instead of standard output")
      ->check(non_empty())
      ->type_name("FILE");
  cmd.add_flag("--mine", options->mine, "Only your promises among the to-dos (the events stay)");
  cmd.add_option("--closed-within", options->closed_within,
                 "Promises kept or dropped in the last DAYS days (0-3660: 30, 30d, 4w; 0: none) come as closed "
                 "to-dos (default 30)")
      ->transform([](std::string value) {
        // The same forms as remind --within and followups --due-within (parse_day_span).
        const auto days = parse_day_span(value);
        if (!days || *days < 0 || *days > 3660) {
          throw CLI::ValidationError(fmt::format("\"{}\" is not a number of days from 0 to 3660 (30, 30d, 4w)", value));
        }
        return std::to_string(*days);
      })
      ->type_name("DAYS");
  cmd.footer("Subscribe to the file (or import it again): the UIDs stay, so entries update in place.");
  return [options](const Setup& setup) { return run_calendar(*options, setup); };
}

} // namespace coach::cli
