// `coach remind`: a short digest of what is due today (1:1s, the other
// activities, promises both ways), made for cron and mail: nothing printed
// when nothing is due, never a pager, never a write.
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <coach/audit.hpp>
#include <coach/error.hpp>
#include <coach/remind.hpp>
#include <coach/rep_cache.hpp>
#include <coach/schema.hpp>
#include <coach/settings.hpp>
#include <coach/team_file.hpp>

#include "context.hpp"
#include "output.hpp"

namespace coach::cli {

namespace {

using Json = nlohmann::ordered_json;

struct RemindOptions {
  std::string within = "0";
  std::string format = "text";
  bool exit_code = false;
};

constexpr std::string_view close_hint = "coach followups done ID";

std::string plural_days(int days) {
  return fmt::format("{} day{}", days, days == 1 ? "" : "s");
}

// "due today", "3 days late", "tomorrow", "in 4 days".
std::string when_text(int days_late, Date due, Date today) {
  if (days_late == 0) return "due today";
  if (days_late > 0) return plural_days(days_late) + " late";
  return relative_day_phrase(due, today);
}

Style when_style(int days_late, bool beyond_grace) {
  if (beyond_grace) return Style::red;
  return days_late >= 0 ? Style::yellow : Style::plain;
}

const std::string& who(const DueActivity& item) {
  return item.rep_name;
}

std::string_view title_of(std::string_view kind) {
  const KindSpec* spec = find_kind(kind);
  return spec ? spec->title : kind;
}

// A rep never met: their first 1:1 is due now, from no date in particular.
bool never_met(const DueActivity& item) {
  return item.kind == kind::one_on_one && !item.last;
}

// "no 1:1 yet" for a rep never met, else the due date.
std::string due_text(const DueActivity& item) {
  return never_met(item) ? "no 1:1 yet" : "due " + item.due.pretty();
}

std::string when_text(const DueActivity& item, Date today) {
  return never_met(item) ? "due now" : when_text(item.days_late, item.due, today);
}

int days_late(const DuePromise& promise, Date today) {
  return promise.due.days_until(today);
}

// ---- text ----

Table activity_table(const std::vector<DueActivity>& items, bool with_kind, const Reminders& r) {
  Table table;
  table.add_column("REP", Table::Align::left, true);
  if (with_kind) table.add_column("WHAT");
  table.add_column("DUE", Table::Align::left, true);
  table.add_column("WHEN");
  for (const auto& item : items) {
    std::vector<Table::Cell> row{{who(item)}};
    if (with_kind) row.push_back({std::string(title_of(item.kind))});
    row.push_back({due_text(item)});
    row.push_back({when_text(item, r.today), when_style(item.days_late, item.beyond_grace)});
    table.add_row(row);
  }
  return table;
}

Table promise_table(const std::vector<DuePromise>& promises, const Reminders& r, int grace) {
  Table table;
  table.add_column("ID");
  table.add_column("REP", Table::Align::left, true);
  table.add_column("PROMISE", Table::Align::left, true);
  table.add_column("DUE");
  table.add_column("WHEN");
  // The date goes first: WHEN says how late, and the promise's words are what a digest is read for.
  table.give_way("DUE", 0);
  table.give_way("PROMISE", 12);
  table.give_way("REP", 8);
  for (const auto& p : promises) {
    const int late = days_late(p, r.today);
    table.add_row({{p.id},
                   {p.rep_name},
                   {one_line(p.text)},
                   {p.due.pretty()},
                   {when_text(late, p.due, r.today), when_style(late, late > grace)}});
  }
  return table;
}

std::string heading(std::string_view what, size_t count, bool color) {
  return styled(fmt::format("{} ({})", what, count), Style::bold, color) + "\n";
}

std::string first_line(const Reminders& r) {
  if (r.within == 0) return fmt::format("Due on {}", r.today.pretty());
  return fmt::format("Due by {} (within {} of {})", r.today.plus_days(r.within).pretty(), plural_days(r.within),
                     r.today.pretty());
}

// Written a table at a time and each table a line at a time (Table::write), never the whole digest at once:
// at 2,000 reps it is 50,000 lines.
void write_text(const Reminders& r, int grace, int width, bool color, std::ostream& out) {
  out << styled(first_line(r), Style::bold, color) << "\n";
  const auto section = [&](std::string_view what, size_t count, const Table& table) {
    out << heading(what, count, color);
    table.write(out, width, color, 2, false);
  };
  if (!r.one_on_ones.empty()) {
    section("1:1s", r.one_on_ones.size(), activity_table(r.one_on_ones, false, r));
  }
  if (!r.activities.empty()) {
    section("Other activities", r.activities.size(), activity_table(r.activities, true, r));
  }
  if (!r.your_promises.empty()) {
    section("Your promises", r.your_promises.size(), promise_table(r.your_promises, r, grace));
  }
  if (!r.their_promises.empty()) {
    section("The reps' promises", r.their_promises.size(), promise_table(r.their_promises, r, grace));
  }
  if (!r.your_promises.empty() || !r.their_promises.empty()) {
    out << fit(fmt::format("Close a promise with `{}`.", close_hint), static_cast<size_t>(width)) << "\n";
  }
}

// ---- Markdown ----

// Free text inline in Markdown: one line, every character that could start markup escaped.
std::string md_inline(std::string_view text) {
  return markdown_escape(one_line(text));
}

std::string md_activities(std::string_view what, const std::vector<DueActivity>& items, bool with_kind,
                          const Reminders& r) {
  if (items.empty()) return "";
  std::string out = fmt::format("\n## {} ({})\n\n", what, items.size());
  for (const auto& item : items) {
    out += fmt::format("- **{}**{}: {}, {}\n", md_inline(who(item)),
                       with_kind ? fmt::format(", {}", title_of(item.kind)) : "", due_text(item),
                       when_text(item, r.today));
  }
  return out;
}

std::string md_promises(std::string_view what, const std::vector<DuePromise>& promises, const Reminders& r) {
  if (promises.empty()) return "";
  std::string out = fmt::format("\n## {} ({})\n\n", what, promises.size());
  for (const auto& p : promises) {
    out += fmt::format("- `{}` **{}**: {} (due {}, {})\n", p.id, md_inline(p.rep_name), md_inline(p.text),
                       p.due.pretty(), when_text(days_late(p, r.today), p.due, r.today));
  }
  return out;
}

std::string render_markdown(const Reminders& r) {
  std::string out = fmt::format("# {}\n", first_line(r));
  out += md_activities("1:1s", r.one_on_ones, false, r);
  out += md_activities("Other activities", r.activities, true, r);
  out += md_promises("Your promises", r.your_promises, r);
  out += md_promises("The reps' promises", r.their_promises, r);
  if (!r.your_promises.empty() || !r.their_promises.empty()) {
    out += fmt::format("\nClose a promise with `{}`.\n", close_hint);
  }
  return out;
}

// ---- JSON ----

Json activity_json(const DueActivity& item) {
  return {{"kind", item.kind},
          {"rep", item.rep_id.empty() ? Json(nullptr) : Json(item.rep_id)},
          {"rep_name", who(item)},
          {"last", item.last ? Json(item.last->iso()) : Json(nullptr)},
          {"due", item.due.iso()},
          {"days_late", item.days_late},
          {"beyond_grace", item.beyond_grace}};
}

Json promise_json(const DuePromise& p, Date today) {
  return {{"id", p.id},
          {"owner", owner_name(p.owner)},
          {"rep", p.rep},
          {"rep_name", p.rep_name},
          {"text", p.text},
          {"due", p.due.iso()},
          {"days_late", days_late(p, today)},
          {"from", {{"kind", p.from_kind}, {"id", p.from_id}, {"date", p.from_date.iso()}}}};
}

// The digest as JSON, byte for byte one document's dump(2), written an item at a time: at 2,000 reps the
// document of 50,000 promises took 70 MB.
void write_json(const Reminders& r, std::ostream& out) {
  const size_t due = r.one_on_ones.size() + r.activities.size() + r.your_promises.size() + r.their_promises.size();
  out << "{\n  \"date\": " << Json(r.today.iso()).dump()
      << ",\n  \"until\": " << Json(r.today.plus_days(r.within).iso()).dump() << ",\n  \"due_count\": " << due << ",\n";
  {
    JsonArrayMember one_on_ones(out, "one_on_ones");
    for (const auto& item : r.one_on_ones) one_on_ones.add(activity_json(item));
  }
  out << ",\n";
  {
    JsonArrayMember activities(out, "activities");
    for (const auto& item : r.activities) activities.add(activity_json(item));
  }
  out << ",\n";
  {
    JsonArrayMember promises(out, "promises");
    for (const auto& p : r.your_promises) promises.add(promise_json(p, r.today));
    for (const auto& p : r.their_promises) promises.add(promise_json(p, r.today));
  }
  out << ",\n  \"close_hint\": " << Json(close_hint).dump() << "\n}\n";
}

int parse_within(const std::string& value) {
  const auto days = parse_day_span(value);
  if (!days || *days < 0) {
    throw Error(ExitCode::usage, fmt::format("--within: \"{}\" is not a number of days (0, 7, 7d, 2w)", value));
  }
  return *days;
}

int run_remind(const RemindOptions& options, const Setup& setup) {
  const int within = parse_within(options.within);
  const DataDir& dir = setup.dir();
  // What the digest needs of the whole team (the tracking start, each activity's first day) comes from the
  // roster, so that the reps are read one at a time and what is due copied out: holding every history took
  // 838 MB and 2.4 s at 2,000 reps.
  Settings settings = setup.settings();
  std::vector<LoadFailure> unread_again; // the roster's: the same files for_each_rep names
  auto started = settle_from_roster(settings, dir.load_roster(&unread_again), false);
  std::vector<LoadFailure> unreadable;      // named after the digest, which shows every other rep
  std::vector<LoadFailure> unreadable_team; // then the team files', as before the reps were read one at a time
  const std::vector<Rep> team_files = dir.load_team_files(&unreadable_team);
  ReminderGatherer gatherer(settings.policy, std::move(started), setup.today(), within);
  dir.for_each_rep(
      [&](Rep& rep) {
        attach_team_actions(rep, team_files);
        gatherer.add(rep);
      },
      &unreadable);
  unreadable.insert(unreadable.end(), unreadable_team.begin(), unreadable_team.end());
  const Reminders reminders = gatherer.finish(team_files, team_action_views(team_files));
  Context& context = setup.context;
  if (options.format == "json") {
    write_json(reminders, context.out());
  } else if (!reminders.empty()) { // nothing due: nothing printed, so cron sends no mail
    if (options.format == "md") context.out() << render_markdown(reminders);
    else write_text(reminders, settings.policy.grace, context.terminal_width(), context.color(), context.out());
  }
  fail_on_unreadable(unreadable, context.out(), context.err());
  return options.exit_code && !reminders.empty() ? 1 : 0;
}

} // namespace

CommandBody remind_command(CLI::App& cmd) {
  auto options = std::make_shared<RemindOptions>();
  cmd.add_option("--within", options->within,
                 "Also what falls due in the next DAYS days (7, 7d, 2w; default 0: due today or late)")
      ->check(non_empty())
      ->type_name("DAYS");
  cmd.add_option("--format", options->format, "text (default), md (for a mail) or json")
      ->check(CLI::IsMember({"text", "md", "json"}));
  cmd.add_flag("--exit-code", options->exit_code, "Exit 1 when something is due (as git diff --exit-code)");
  return [options](const Setup& setup) { return run_remind(*options, setup); };
}

} // namespace coach::cli
