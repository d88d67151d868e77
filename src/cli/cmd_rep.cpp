// `coach rep add|list|show|archive`: the team's roster.
#include <algorithm>
#include <numeric>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <coach/error.hpp>
#include <coach/ids.hpp>
#include <coach/roster.hpp>
#include <coach/text.hpp>

#include "context.hpp"
#include "output.hpp"

namespace coach::cli {

namespace {

using Json = nlohmann::ordered_json;

struct AddOptions {
  std::string name;
  std::string id;
  std::string role;
  std::string start;
  std::vector<std::string> tags;
  int cadence = 0;
};

struct ListOptions {
  bool all = false;
  std::string format = "table";
};

struct ShowOptions {
  std::string rep;
  std::string format = "text";
};

struct ArchiveOptions {
  std::string rep;
  std::string date;
};

// The figures `rep list` and `rep show` give for one rep.
struct RepSummary {
  const Record* last = nullptr;
  std::optional<int> days_since_last;
  Date next_due;
  int cadence = 0;
  size_t one_on_ones = 0;
  size_t open = 0;
  size_t overdue = 0;
};

RepSummary summarize(const Rep& rep, const Policy& policy, Date today) {
  RepSummary summary;
  summary.last = rep.last_one_on_one();
  if (summary.last) summary.days_since_last = summary.last->date.days_until(today);
  summary.cadence = cadence_for(rep, policy);
  summary.next_due = next_one_on_one_due(rep, policy, today);
  for (const auto& record : rep.records) {
    if (record.is_one_on_one()) ++summary.one_on_ones;
  }
  for (const Promise* promise : rep.open_promises()) {
    ++summary.open;
    if (promise->is_overdue(today)) ++summary.overdue;
  }
  return summary;
}

Style lateness_style(const RepSummary& summary, const Policy& policy) {
  if (!summary.days_since_last) return Style::red;
  if (*summary.days_since_last > summary.cadence + policy.grace) return Style::red;
  if (*summary.days_since_last > summary.cadence) return Style::yellow;
  return Style::plain;
}

void run_add(const AddOptions& options, Context& context) {
  const DataDir dir = context.open_data_dir();
  const Date today = context.today();
  Rep rep;
  rep.name = std::string(trim(checked_text("NAME", options.name)));
  if (rep.name.find('\n') != std::string::npos) {
    throw Error(ExitCode::usage, "NAME: a name is one line");
  }
  rep.id = options.id.empty() ? slugify(rep.name) : options.id;
  if (rep.id.empty()) {
    throw Error(ExitCode::usage, fmt::format("NAME: \"{}\" gives no usable id; choose one with --id", rep.name));
  }
  if (!is_rep_id(rep.id)) {
    throw Error(ExitCode::usage,
                fmt::format("--id: \"{}\" is not a valid id (1-64 of a-z, 0-9 and -, not starting with -)", rep.id));
  }
  if (!options.role.empty()) rep.role = std::string(trim(checked_text("--role", options.role)));
  if (!options.start.empty()) rep.start = parse_date_option("--start", options.start, today, DateDirection::past);
  for (const auto& raw : options.tags) {
    const std::string tag = to_lower(trim(raw));
    if (!is_rep_id(tag)) {
      throw Error(ExitCode::usage, fmt::format("--tag: \"{}\" is not a tag (a-z, 0-9 and -)", raw));
    }
    if (!rep.has_tag(tag)) rep.tags.push_back(tag);
  }
  if (options.cadence != 0) rep.cadence = options.cadence;
  dir.add_rep(rep, context.committer(dir, [&](const WrittenChange&) {
    return fmt::format("rep add: {} ({})", rep.name, rep.id);
  }));
  context.out() << fmt::format("Added {} ({}) in {}\n", rep.name, rep.id,
                               dir.rep_path(rep.id).lexically_normal().string());
}

void run_list(const ListOptions& options, Context& context) {
  const DataDir dir = context.open_data_dir();
  const Settings settings = dir.load_settings();
  const Date today = context.today();
  std::vector<LoadFailure> unreadable; // named after the list, which shows every other rep
  const auto reps = dir.load_reps(&unreadable);
  if (options.format == "json") {
    Json list = Json::array();
    for (const auto& rep : reps) {
      if (rep.is_archived() && !options.all) continue;
      const auto s = summarize(rep, settings.policy, today);
      list.push_back({{"id", rep.id},
                      {"name", rep.name},
                      {"role", rep.role},
                      {"tags", rep.tags},
                      {"start", date_json(rep.start)},
                      {"archived", date_json(rep.archived)},
                      {"cadence_days", s.cadence},
                      {"one_on_ones", s.one_on_ones},
                      {"last_one_on_one", s.last ? Json(s.last->date.iso()) : Json(nullptr)},
                      {"days_since_last_one_on_one", s.days_since_last ? Json(*s.days_since_last) : Json(nullptr)},
                      {"next_one_on_one_due", s.next_due.iso()},
                      {"open_promise_count", s.open},
                      {"overdue_promise_count", s.overdue}});
    }
    context.out() << Json{{"as_of", today.iso()}, {"reps", list}}.dump(2) << "\n";
    fail_on_unreadable(unreadable, context.out(), context.err());
    return;
  }
  const bool color = context.color();
  Table table;
  table.add_column("ID");
  table.add_column("NAME", Table::Align::left, true);
  table.add_column("ROLE", Table::Align::left, true);
  table.add_column("TAGS", Table::Align::left, true);
  table.add_column("LAST 1:1");
  table.add_column("DAYS", Table::Align::right);
  table.add_column("OPEN", Table::Align::right);
  table.add_column("OVERDUE", Table::Align::right);
  size_t hidden = 0;
  for (const auto& rep : reps) {
    if (rep.is_archived() && !options.all) {
      ++hidden;
      continue;
    }
    const auto s = summarize(rep, settings.policy, today);
    std::string name = rep.name + (rep.is_archived() ? " (archived)" : "");
    table.add_row({{rep.id},
                   {name, rep.is_archived() ? Style::dim : Style::plain},
                   {rep.role},
                   {join(rep.tags, ", ")},
                   {s.last ? s.last->date.pretty() : "never"},
                   {s.days_since_last ? std::to_string(*s.days_since_last) : "-",
                    rep.is_archived() ? Style::dim : lateness_style(s, settings.policy)},
                   {std::to_string(s.open)},
                   {std::to_string(s.overdue), s.overdue > 0 ? Style::red : Style::plain}});
  }
  if (table.empty()) {
    context.out() << (hidden > 0 ? "No active reps; `coach rep list --all` shows the archived ones.\n"
                                 : !unreadable.empty() ? "No rep file could be read.\n"
                                 : "No reps yet; add one with `coach rep add NAME`.\n");
    fail_on_unreadable(unreadable, context.out(), context.err());
    return;
  }
  context.out() << table.render(context.terminal_width(), color);
  if (hidden > 0) {
    context.out() << styled(fmt::format("{} archived rep{} not shown (--all)\n", hidden, hidden == 1 ? "" : "s"),
                            Style::dim, color);
  }
  fail_on_unreadable(unreadable, context.out(), context.err());
}

std::string owner_label(const Promise& promise, const Rep& rep) {
  return promise.owner == Owner::manager ? "you" : rep.first_name();
}

void run_show(const ShowOptions& options, Context& context) {
  const DataDir dir = context.open_data_dir();
  const Settings settings = dir.load_settings();
  const Date today = context.today();
  const Rep rep = dir.find_rep(options.rep);
  const auto s = summarize(rep, settings.policy, today);
  const auto open = rep.open_promises();

  if (options.format == "json") {
    Json promises = Json::array();
    for (const Promise* p : open) {
      promises.push_back({{"id", p->id},
                          {"owner", owner_name(p->owner)},
                          {"text", p->text},
                          {"due", date_json(p->due)},
                          {"overdue", p->is_overdue(today)}});
    }
    Json records = Json::array();
    for (const auto& record : rep.records) {
      Json entry = {{"kind", record.kind}, {"id", record.id}, {"date", record.date.iso()}};
      add_fields_json(entry, record);
      entry["promises"] = record.promises.size();
      records.push_back(std::move(entry));
    }
    context.out() << Json{{"as_of", today.iso()},
                          {"id", rep.id},
                          {"name", rep.name},
                          {"role", rep.role},
                          {"tags", rep.tags},
                          {"start", date_json(rep.start)},
                          {"archived", date_json(rep.archived)},
                          {"cadence_days", s.cadence},
                          {"last_one_on_one", s.last ? Json(s.last->date.iso()) : Json(nullptr)},
                          {"next_one_on_one_due", s.next_due.iso()},
                          {"open_promises", promises},
                          {"records", records}}
                         .dump(2)
                  << "\n";
    return;
  }

  const bool color = context.color();
  auto& out = context.out();
  out << styled(fmt::format("{} ({})", rep.name, rep.id), Style::bold, color) << "\n";
  const auto field = [&](std::string_view label, const std::string& value) {
    if (!value.empty()) out << fmt::format("  {:<11}{}\n", label, one_line(value));
  };
  field("Role:", rep.role);
  if (rep.start) {
    const int days = rep.start->days_until(today);
    const int years = days / 365;
    field("Started:", days < 0 ? fmt::format("{} (starts {})", rep.start->iso(), relative_day_phrase(*rep.start, today))
                               : fmt::format("{} ({} year{})", rep.start->iso(), years, years == 1 ? "" : "s"));
  }
  field("Tags:", join(rep.tags, ", "));
  field("Archived:", rep.archived ? rep.archived->iso() : "");
  field("Cadence:", fmt::format("every {} days{}", s.cadence, rep.cadence ? " (set for this rep)" : ""));
  if (s.last) {
    field("Last 1:1:", fmt::format("{}, {}; next due {}", s.last->date.pretty(),
                                   relative_day_phrase(s.last->date, today), s.next_due.pretty()));
  } else {
    field("Last 1:1:", "never");
  }
  int minutes = 0;
  int timed = 0;
  for (const auto& record : rep.records) {
    const auto length = record.fields.number(field::minutes);
    if (record.is_one_on_one() && length) {
      minutes += *length;
      ++timed;
    }
  }
  field("1:1s:", fmt::format("{} recorded{}", s.one_on_ones,
                             timed > 0 ? fmt::format(", {} min on average", minutes / timed) : ""));
  out << (open.empty() ? "  No open promises.\n" : "  Open promises:\n");
  Table promises;
  promises.add_column("ID");
  promises.add_column("OWNER");
  promises.add_column("PROMISE", Table::Align::left, true);
  promises.add_column("DUE");
  for (const Promise* p : open) {
    std::string due = p->due ? fmt::format("due {} ({})", p->due->pretty(), relative_day_phrase(*p->due, today))
                             : "no due date";
    promises.add_row({{p->id}, {owner_label(*p, rep)}, {p->text}, {due, p->is_overdue(today) ? Style::red : Style::plain}});
  }
  out << promises.render(context.terminal_width(), color, 4, false);
  std::vector<const Record*> recent;
  for (const auto& record : rep.records) recent.push_back(&record);
  std::stable_sort(recent.begin(), recent.end(), [](auto* a, auto* b) { return a->date > b->date; });
  if (!recent.empty()) out << "  Recent:\n";
  for (size_t i = 0; i < recent.size() && i < 5; ++i) {
    const Record& r = *recent[i];
    std::string topics = join(r.fields.list(field::personal), "; ");
    const auto& professional = r.fields.list(field::professional);
    if (!professional.empty()) topics += (topics.empty() ? "" : " | ") + join(professional, "; ");
    const auto length = r.fields.number(field::minutes);
    out << fmt::format("    {}  {:<5} {:>4}  {}\n", r.date.pretty(), r.kind, length ? fmt::format("{}m", *length) : "",
                       fit(one_line(topics), 60));
  }
}

void run_archive(const ArchiveOptions& options, Context& context) {
  const DataDir dir = context.open_data_dir();
  const Date today = context.today();
  const Rep rep = dir.find_rep(options.rep);
  const Date date = options.date.empty() ? today : parse_date_option("--date", options.date, today, DateDirection::past);
  if (date > today) {
    throw Error(ExitCode::usage, fmt::format("--date: {} is in the future; archive a rep once they left", date.pretty()));
  }
  for (const auto& record : rep.records) {
    if (record.date > date) {
      throw Error(ExitCode::usage, fmt::format("--date: {} is before the record of {} in {}'s history", date.pretty(),
                                               record.date.pretty(), rep.name));
    }
  }
  if (rep.start && date < *rep.start) {
    throw Error(ExitCode::usage, fmt::format("--date: {} is before {} started ({})", date.pretty(), rep.name,
                                             rep.start->pretty()));
  }
  dir.archive_rep(rep, date, context.committer(dir, [&](const WrittenChange&) {
    return fmt::format("rep archive: {}, {}", rep.name, date.iso());
  }));
  const auto open = rep.open_promises();
  context.out() << fmt::format("Archived {} ({}) as of {}; their history stays in {}\n", rep.name, rep.id,
                               date.pretty(), rep.path);
  if (!open.empty()) {
    context.err() << fmt::format("note: {} still has {} open promise{}\n", rep.name, open.size(),
                                 open.size() == 1 ? "" : "s");
  }
}

} // namespace

void register_rep_command(CLI::App& app, Context& context) {
  auto* rep = app.add_subcommand("rep", "Add, list, show and archive the reps on the team");
  rep->require_subcommand(1);

  auto add = std::make_shared<AddOptions>();
  auto* add_cmd = rep->add_subcommand("add", "Add a rep (creates reps/ID.yaml)");
  add_cmd->add_option("NAME", add->name, "The rep's full name")->required();
  add_cmd->add_option("--id", add->id, "The rep's id (default: made from the name, e.g. alice-chen)")->check(non_empty());
  add_cmd->add_option("--role", add->role, "Job title, e.g. \"Account Executive\"")->check(non_empty());
  add_cmd->add_option("--start", add->start, "Date the rep started, for tenure (e.g. 2019-04-01)")->check(non_empty())->type_name("DATE");
  add_cmd->add_option("--tag", add->tags, "A tag such as high-performer or new-hire (repeat, or a,b)")
      ->delimiter(',')
      ->type_name("TAG");
  add_cmd->add_option("--cadence", add->cadence, "Days between 1:1s for this rep, overriding the policy")
      ->check(CLI::Range(1, 365))
      ->type_name("DAYS");
  add_cmd->callback([add, &context] { run_add(*add, context); });

  auto list = std::make_shared<ListOptions>();
  auto* list_cmd = rep->add_subcommand("list", "List the reps: last 1:1, days since, open and overdue promises");
  list_cmd->add_flag("-a,--all", list->all, "Include archived reps");
  list_cmd->add_option("--format", list->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  list_cmd->callback([list, &context] { run_list(*list, context); });

  auto show = std::make_shared<ShowOptions>();
  auto* show_cmd = rep->add_subcommand("show", "Show one rep: details, open promises, recent 1:1s");
  show_cmd->add_option("REP", show->rep, "Id, start of an id, or part of a name")->required();
  show_cmd->add_option("--format", show->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  show_cmd->callback([show, &context] { run_show(*show, context); });

  auto archive = std::make_shared<ArchiveOptions>();
  auto* archive_cmd = rep->add_subcommand("archive", "Archive a rep who left: history kept, left out of lists");
  archive_cmd->add_option("REP", archive->rep, "Id, start of an id, or part of a name")->required();
  archive_cmd->add_option("--date", archive->date, "Date the rep left (default: today)")->check(non_empty())->type_name("DATE");
  archive_cmd->callback([archive, &context] { run_archive(*archive, context); });
}

} // namespace coach::cli
