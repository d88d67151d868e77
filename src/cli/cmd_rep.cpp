// `coach rep add|list|show|archive|set|move`: the team's roster.
#include <algorithm>
#include <deque>
#include <filesystem>
#include <numeric>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <coach/activities.hpp>
#include <coach/audit.hpp>
#include <coach/error.hpp>
#include <coach/ids.hpp>
#include <coach/results.hpp>
#include <coach/roster.hpp>
#include <coach/settings.hpp>
#include <coach/team_file.hpp>
#include <coach/text.hpp>

#include "activity_output.hpp"
#include "columns.hpp"
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

struct SetOptions {
  std::string rep;
  std::string name;
  std::string role;
  std::string start;
  std::vector<std::string> tags;
  std::vector<std::string> untags;
  std::string cadence; // DAYS or "default"
};

struct MoveOptions {
  std::string rep;
  std::string to; // the other team's data directory
};

struct ArchiveOptions {
  std::string rep;
  std::string date;
};

// The figures `rep list` and `rep show` give for one rep.
struct RepSummary {
  std::optional<Date> last; // the last 1:1's date
  std::optional<int> days_since_last;
  Date next_due;
  int cadence = 0;
  size_t one_on_ones = 0;
  size_t open = 0;
  size_t overdue = 0;
};

RepSummary summarize(const Rep& rep, const Policy& policy, Date today) {
  RepSummary summary;
  if (const Record* last = rep.last_one_on_one()) {
    summary.last = last->date;
    summary.days_since_last = last->date.days_until(today);
  }
  summary.cadence = cadence_for(rep, policy);
  summary.next_due = next_one_on_one_due(rep, policy, today);
  for (const auto& record : rep.records) {
    if (record.is_one_on_one()) ++summary.one_on_ones;
  }
  for (const Promise* promise : rep.open_promises()) {
    if (promise->goal) continue; // a development goal: the career plan's, not a promise
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

// --start of `rep add` and `rep set`: refused in the future, like every date
// of something that happened; `what_then` says what to do ("add the rep").
Date start_date_option(const std::string& value, Date today, std::string_view what_then) {
  const Date start = parse_date_option("--start", value, today, DateDirection::past);
  if (start > today) {
    throw Error(ExitCode::usage,
                fmt::format("--start: {} is in the future; {} once they started", start.pretty(), what_then));
  }
  return start;
}

int run_add(const AddOptions& options, const Setup& setup) {
  Context& context = setup.context;
  const DataDir& dir = setup.dir();
  const Date today = setup.today();
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
  if (!options.start.empty()) rep.start = start_date_option(options.start, today, "add the rep");
  for (const auto& raw : options.tags) {
    const std::string tag = to_lower(trim(raw));
    if (!is_rep_id(tag)) {
      throw Error(ExitCode::usage, fmt::format("--tag: \"{}\" is not a tag (a-z, 0-9 and -)", raw));
    }
    if (!rep.has_tag(tag)) rep.tags.push_back(tag);
  }
  if (options.cadence != 0) rep.cadence = options.cadence;
  dir.add_rep(rep,
              setup.committer([&](const WrittenChange&) { return fmt::format("rep add: {} ({})", rep.name, rep.id); }));
  context.out() << fmt::format("Added {} ({}) in {}\n", rep.name, rep.id,
                               dir.rep_path(rep.id).lexically_normal().string());
  return 0;
}

// The activity a rep is furthest behind on: the 1:1 or another the team has
// begun, by calendar days past its due date (as `prep` counts them).
struct Behind {
  std::string_view kind;
  int days = 0;  // past due
  int grace = 0; // within it: yellow, beyond: red
};

std::optional<Behind> most_overdue(const Rep& rep, const Policy& policy,
                                   const std::map<std::string, Date, std::less<>>& started, Date today) {
  if (rep.is_archived() || away_period(rep, policy, today)) return std::nullopt;
  std::optional<Behind> worst;
  for (const auto kind : activity_kinds) {
    if (kind == kind::team_meeting) continue; // the team's, not the rep's
    const ActivityStanding s = activity_standing(rep, policy, kind, started, today);
    if (s.cadence == 0 || !s.since) continue;
    const int days = s.due().days_until(today);
    if (days > 0 && (!worst || days > worst->days)) worst = Behind{kind, days, policy.grace};
  }
  return worst;
}

// One rep of `rep list`, in every format.
struct RepRow {
  const Rep* rep;
  RepSummary summary;
  Style lateness;
  std::optional<Behind> behind;
};

const Columns<RepRow>& rep_columns() {
  using R = const RepRow&;
  static const Columns<RepRow> columns{
      {"ID", "id", [](R r) { return Table::Cell{r.rep->id}; }, [](R r) { return Json(r.rep->id); }},
      {"Name", "name",
       [](R r) {
         return Table::Cell{r.rep->name + (r.rep->is_archived() ? " (archived)" : ""),
                            r.rep->is_archived() ? Style::dim : Style::plain};
       },
       [](R r) { return Json(r.rep->name); }},
      {"Role", "role", [](R r) { return Table::Cell{r.rep->role}; }, [](R r) { return Json(r.rep->role); },
       Table::Align::left, true},
      {"Tags", "tags", [](R r) { return Table::Cell{join(r.rep->tags, ", ")}; }, [](R r) { return Json(r.rep->tags); },
       Table::Align::left, true},
      {"", "start", {}, [](R r) { return date_json(r.rep->start); }},
      {"", "archived", {}, [](R r) { return date_json(r.rep->archived); }},
      {"", "cadence_days", {}, [](R r) { return Json(r.summary.cadence); }},
      {"", "one_on_ones", {}, [](R r) { return Json(r.summary.one_on_ones); }},
      {"Last 1:1", "last_one_on_one",
       [](R r) { return Table::Cell{r.summary.last ? r.summary.last->pretty() : "never"}; },
       [](R r) { return r.summary.last ? Json(r.summary.last->iso()) : Json(nullptr); }},
      {"Days", "days_since_last_one_on_one",
       [](R r) {
         const auto& days = r.summary.days_since_last;
         return Table::Cell{days ? std::to_string(*days) : "-", r.lateness};
       },
       [](R r) { return r.summary.days_since_last ? Json(*r.summary.days_since_last) : Json(nullptr); },
       Table::Align::right},
      {"", "next_one_on_one_due", {}, [](R r) { return Json(r.summary.next_due.iso()); }},
      {"Open", "open_promise_count", [](R r) { return Table::Cell{std::to_string(r.summary.open)}; },
       [](R r) { return Json(r.summary.open); }, Table::Align::right},
      {"Overdue", "overdue_promise_count",
       [](R r) {
         return Table::Cell{std::to_string(r.summary.overdue), r.summary.overdue > 0 ? Style::red : Style::plain};
       },
       [](R r) { return Json(r.summary.overdue); }, Table::Align::right},
      {"Behind", "most_overdue_activity",
       [](R r) {
         if (!r.behind) return Table::Cell{""};
         return Table::Cell{fmt::format("{} {}d", r.behind->kind, r.behind->days),
                            r.behind->days > r.behind->grace ? Style::red : Style::yellow};
       },
       [](R r) {
         return r.behind ? Json{{"kind", r.behind->kind}, {"days_overdue", r.behind->days}} : Json(nullptr);
       },
       Table::Align::left, false, false, "-"},
  };
  return columns;
}

// The columns of `rep list`: BEHIND (most_overdue_activity) only once the team
// has held an activity other than the 1:1: before, it would only repeat DAYS,
// and a team that does not use the activities sees the list it always had.
Columns<RepRow> list_columns(bool other_activities) {
  Columns<RepRow> columns = rep_columns();
  if (!other_activities) columns.pop_back();
  return columns;
}

// The table fits the width by giving up first what the other columns say again:
// the id (the name's slug) is cut with ~, then left out; then the role and tags
// are cut and left out, then BEHIND; the name is cut (to 16, then 8) only after that.
const std::vector<GiveWay> rep_list_give_way{{"ID", 8},   {"ID", 0},     {"TAGS", 8},  {"ROLE", 8}, {"TAGS", 0},
                                             {"ROLE", 0}, {"BEHIND", 0}, {"NAME", 16}, {"NAME", 8}};

int run_list(const ListOptions& options, const Setup& setup) {
  Context& context = setup.context;
  const Date today = setup.today();
  const DataDir& dir = setup.dir();
  std::vector<LoadFailure> unreadable; // named after the list, which shows every other rep
  // What every row needs of the whole team (the tracking start, each activity's first day) comes from the
  // roster, so that the reps are read one at a time, each summed up and its history freed: holding every
  // history took 828 MB and 2-3 s at 2,000 reps.
  Settings settings = setup.settings();
  std::vector<LoadFailure> unread_again; // the roster's: the same files for_each_rep names
  // As report and audit: a rep never met is due from the tracking start.
  const auto started = settle_from_roster(settings, dir.load_roster(&unread_again), false);
  const Policy& policy = settings.policy;
  std::vector<LoadFailure> unreadable_team; // named after the rep files', as when every rep was read at once
  const std::vector<Rep> team_files = dir.load_team_files(&unreadable_team);
  std::deque<Rep> reps; // each row's rep, without its records
  std::vector<RepRow> rows;
  size_t hidden = 0;
  dir.for_each_rep(
      [&](Rep& rep) {
        if (rep.is_archived() && !options.all) {
          ++hidden;
          return;
        }
        attach_team_actions(rep, team_files); // their actions count as promises
        const RepSummary summary = summarize(rep, policy, today);
        const Style lateness = rep.is_archived() ? Style::dim : lateness_style(summary, policy);
        const auto behind = most_overdue(rep, policy, started, today);
        // A copy without the records: the rep itself is freed by the thread that read it, which keeps the
        // blocks for the next rep (freed here, its records took 260 MB at 2,000 reps).
        Rep& kept = reps.emplace_back();
        kept.id = rep.id;
        kept.name = rep.name;
        kept.role = rep.role;
        kept.start = rep.start;
        kept.tags = rep.tags;
        kept.cadence = rep.cadence;
        kept.archived = rep.archived;
        kept.path = rep.path;
        rows.push_back({&kept, summary, lateness, behind});
      },
      &unreadable);
  unreadable.insert(unreadable.end(), unreadable_team.begin(), unreadable_team.end());
  const Columns<RepRow> columns = list_columns(!started.empty());
  auto& out = context.out();
  const bool color = options.format != "json" && context.color();
  if (options.format == "json") {
    std::string text;
    JsonTextWriter json(text);
    json.open_object();
    json.key("as_of");
    json.value(today.iso());
    json.key("reps");
    json.open_array();
    write_json_items(json, columns, rows, [] {});
    json.close();
    json.close();
    out << text << "\n";
  } else if (rows.empty()) {
    out << (hidden > 0            ? "No active reps; `coach rep list --all` shows the archived ones.\n"
            : !unreadable.empty() ? "No rep file could be read.\n"
                                  : "No reps yet; add one with `coach rep add NAME`.\n");
  } else {
    write_table(columns, rows, out, context.terminal_width(), color, 0, true, nullptr, rep_list_give_way);
    if (hidden > 0) {
      out << styled(fmt::format("{} archived rep{} not shown (--all)\n", hidden, hidden == 1 ? "" : "s"), Style::dim,
                    color);
    }
  }
  fail_on_unreadable(unreadable, out, context.err());
  return 0;
}

std::string owner_label(const Promise& promise, const Rep& rep) {
  return promise.owner == Owner::manager ? "you" : rep.first_name();
}

// What `rep show` shows, computed once for the text and the JSON.
struct RepView {
  const Rep* rep = nullptr;
  Date today;
  RepSummary summary;
  std::vector<const Promise*> open;
  std::optional<int> average_minutes; // over the 1:1s with minutes
  std::vector<const Record*> recent;  // newest first, at most 5
  CareerPlan plan;
  SkillsComparison skills;
};

RepView view_of(const Rep& rep, const Settings& settings, Date today) {
  const Policy& policy = settings.policy;
  RepView view{&rep,
               today,
               summarize(rep, policy, today),
               rep.open_promises(),
               std::nullopt,
               {},
               career_plan(rep),
               compare_skills_audits(rep, settings.skills)};
  // Development goals are shown with the career plan, not among the promises.
  std::erase_if(view.open, [](const Promise* promise) { return promise->goal; });
  int minutes = 0;
  int timed = 0;
  for (const auto& record : rep.records) {
    const auto length = record.fields.number(field::minutes);
    if (record.is_one_on_one() && length) {
      minutes += *length;
      ++timed;
    }
  }
  if (timed > 0) view.average_minutes = minutes / timed;
  for (const auto& record : rep.records) view.recent.push_back(&record);
  std::stable_sort(view.recent.begin(), view.recent.end(), [](auto* a, auto* b) { return a->date > b->date; });
  if (view.recent.size() > 5) view.recent.resize(5);
  return view;
}

struct OpenPromise {
  const Promise* promise;
  const Rep* rep;
  Date today;
};

// The open promises of `rep show`: the text's indented table and the JSON's list.
const Columns<OpenPromise>& open_promise_columns() {
  static const Columns<OpenPromise> columns{
      {"ID", "id", [](const OpenPromise& o) { return Table::Cell{o.promise->id}; },
       [](const OpenPromise& o) { return Json(o.promise->id); }},
      {"Owner", "owner", [](const OpenPromise& o) { return Table::Cell{owner_label(*o.promise, *o.rep)}; },
       [](const OpenPromise& o) { return Json(owner_name(o.promise->owner)); }},
      {"Promise", "text", [](const OpenPromise& o) { return Table::Cell{o.promise->text}; },
       [](const OpenPromise& o) { return Json(o.promise->text); }, Table::Align::left, true},
      {"Due", "due",
       [](const OpenPromise& o) {
         const Promise& p = *o.promise;
         return Table::Cell{p.due ? fmt::format("due {} ({})", p.due->pretty(), relative_day_phrase(*p.due, o.today))
                                  : "no due date",
                            p.is_overdue(o.today) ? Style::red : Style::plain};
       },
       [](const OpenPromise& o) { return date_json(o.promise->due); }},
      {"", "overdue", {}, [](const OpenPromise& o) { return Json(o.promise->is_overdue(o.today)); }},
  };
  return columns;
}

std::vector<OpenPromise> open_promise_rows(const RepView& view) {
  std::vector<OpenPromise> rows;
  for (const Promise* p : view.open) rows.push_back({p, view.rep, view.today});
  return rows;
}

std::string rep_show_json(const RepView& view) {
  const Rep& rep = *view.rep;
  const RepSummary& s = view.summary;
  Json records = Json::array();
  for (const auto& record : rep.records) {
    Json entry{{"kind", record.kind}, {"id", record.id}, {"date", record.date.iso()}};
    entry.update(record_fields_json(record));
    entry["promises"] = record.promises.size();
    records.push_back(std::move(entry));
  }
  Json out = rep_json_head(rep, view.today);
  out["archived"] = date_json(rep.archived);
  out["cadence_days"] = s.cadence;
  out["last_one_on_one"] = s.last ? Json(s.last->iso()) : Json(nullptr);
  out["next_one_on_one_due"] = s.next_due.iso();
  out["open_promises"] = json_of(open_promise_columns(), open_promise_rows(view));
  out["records"] = records;
  out["career_plan"] = career_json(view.plan, view.today);
  out["skills"] = skills_json(view.skills);
  return out.dump(2) + "\n";
}

// The rep's details, one "  Label:    value" line each (empty values left out).
std::string rep_details_text(const RepView& view) {
  const Rep& rep = *view.rep;
  const RepSummary& s = view.summary;
  const Date today = view.today;
  std::string out;
  const auto field = [&](std::string_view label, const std::string& value) {
    if (!value.empty()) out += fmt::format("  {:<11}{}\n", label, one_line(value));
  };
  field("Role:", rep.role);
  if (rep.start) {
    field("Started:", *rep.start > today
                          ? fmt::format("{} (starts {})", rep.start->iso(), relative_day_phrase(*rep.start, today))
                          : fmt::format("{} ({})", rep.start->iso(), tenure_phrase(*rep.start, today)));
  }
  field("Tags:", join(rep.tags, ", "));
  field("Archived:", rep.archived ? rep.archived->iso() : "");
  field("Cadence:", fmt::format("every {} days{}", s.cadence, rep.cadence ? " (set for this rep)" : ""));
  field("Last 1:1:", s.last ? fmt::format("{}, {}; next due {}", s.last->pretty(), relative_day_phrase(*s.last, today),
                                          s.next_due.pretty())
                            : "never");
  field("1:1s:", fmt::format("{} recorded{}", s.one_on_ones,
                             view.average_minutes ? fmt::format(", {} min on average", *view.average_minutes) : ""));
  return out;
}

// What a record was about, in a few words: a 1:1's topics, a joint call's
// account and result, a career conversation's goal, a skills audit's count.
std::string record_gist(const Record& r) {
  const auto text = [&](std::string_view key) {
    const std::string* value = r.fields.text(key);
    return value ? *value : std::string();
  };
  if (r.kind == kind::joint_call) {
    const std::string result = text("result");
    return text(field::account) + (r.fields.has_part(FieldPart::feedback)
                                       ? (result.empty() ? "" : ", objective " + result)
                                       : ", planned (no feedback yet)");
  }
  if (r.kind == kind::career) return text(field::goal);
  if (r.kind == kind::skills_audit) return fmt::format("{} skills rated", r.fields.ratings(field::ratings).size());
  std::string topics = join(r.fields.list(field::personal), "; ");
  const auto& professional = r.fields.list(field::professional);
  if (!professional.empty()) topics += (topics.empty() ? "" : " | ") + join(professional, "; ");
  return topics;
}

// A record's line under "Recent:": date, kind, minutes, what it was about (and its private notes).
std::string recent_line(const Record& r) {
  const auto length = r.fields.number(field::minutes);
  const std::string kind = r.kind == kind::skills_audit ? "audit" : r.kind == kind::joint_call ? "call" : r.kind;
  std::string out = fmt::format("    {}  {:<6} {:>4}  {}\n", r.date.pretty(), kind,
                                length ? fmt::format("{}m", *length) : "", fit(one_line(record_gist(r)), 59));
  // The manager's own screen shows the private notes, labelled (never in --format json).
  if (const std::string* private_notes = r.fields.text(field::private_notes)) {
    out += fmt::format("      Private: {}\n", fit(one_line(*private_notes), 66));
  }
  return out;
}

// The career plan: the goal, then every development goal with its state.
std::string career_plan_text(const CareerPlan& plan) {
  if (plan.empty()) return "";
  std::string out = fmt::format("  {:<11}{}\n", "Career:",
                                plan.goal_record
                                    ? fmt::format("{} (set {})", one_line(plan.goal), plan.goal_record->date.pretty())
                                    : std::string("no goal written down"));
  if (!plan.goals.empty()) out += "  Development goals:\n";
  for (const Promise* goal : plan.goals) {
    out += fmt::format("    {}  {:<8}  {}{}\n", goal->id, goal_state(*goal), one_line(goal->text),
                       goal->due ? " · due " + goal->due->pretty() : "");
  }
  return out;
}

// The last skills audit, each skill's rating and how it moved since the one before.
std::string skills_audit_text(const SkillsComparison& skills) {
  if (!skills.last) return "";
  std::string out = fmt::format("  {:<11}{}{}\n", "Skills:", skills.last->date.pretty(),
                                skills.before ? fmt::format(" (the one before: {})", skills.before->date.pretty())
                                              : "");
  for (const auto& skill : skills.skills) {
    if (!skill.last) continue;
    const std::string change(skill.change());
    out += fmt::format("    {:<16}{}{}\n", skill.skill, *skill.last,
                       change.empty() || change == "same" ? "" : fmt::format("  {} (was {})", change, *skill.before));
  }
  return out;
}

std::string rep_show_text(const RepView& view, int width, bool color) {
  const Rep& rep = *view.rep;
  std::string out = styled(fmt::format("{} ({})", rep.name, rep.id), Style::bold, color) + "\n";
  out += rep_details_text(view) + career_plan_text(view.plan) + skills_audit_text(view.skills);
  out += view.open.empty() ? "  No open promises.\n" : "  Open promises:\n";
  out += render_table(open_promise_columns(), open_promise_rows(view), width, color, 4, false);
  if (!view.recent.empty()) out += "  Recent:\n";
  for (const Record* record : view.recent) out += recent_line(*record);
  return width > 0 ? wrap_long_lines(out, static_cast<size_t>(width)) : out; // free texts never past the width
}

int run_show(const ShowOptions& options, const Setup& setup) {
  Context& context = setup.context;
  const Rep rep = setup.dir().find_rep(options.rep);
  const RepView view = view_of(rep, setup.settings(), setup.today());
  context.out() << (options.format == "json" ? rep_show_json(view)
                                             : rep_show_text(view, context.terminal_width(), context.color()));
  return 0;
}

int run_archive(const ArchiveOptions& options, const Setup& setup) {
  Context& context = setup.context;
  const DataDir& dir = setup.dir();
  const Date today = setup.today();
  const Rep rep = dir.find_rep(options.rep);
  const Date date = options.date.empty() ? today
                                         : parse_date_option("--date", options.date, today, DateDirection::past);
  if (date > today) {
    throw Error(ExitCode::usage,
                fmt::format("--date: {} is in the future; archive a rep once they left", date.pretty()));
  }
  for (const auto& record : rep.records) {
    if (record.date > date) {
      throw Error(ExitCode::usage, fmt::format("--date: {} is before the record of {} in {}'s history", date.pretty(),
                                               record.date.pretty(), rep.name));
    }
  }
  if (rep.start && date < *rep.start) {
    throw Error(ExitCode::usage,
                fmt::format("--date: {} is before {} started ({})", date.pretty(), rep.name, rep.start->pretty()));
  }
  dir.archive_rep(rep, date, setup.committer([&](const WrittenChange&) {
    return fmt::format("rep archive: {}, {}", rep.name, date.iso());
  }));
  const auto open = rep.open_promises();
  context.out() << fmt::format("Archived {} ({}) as of {}; their history stays in {}\n", rep.name, rep.id,
                               date.pretty(), rep.path);
  if (!open.empty()) {
    context.err() << fmt::format("note: {} still has {} open promise{}\n", rep.name, open.size(),
                                 open.size() == 1 ? "" : "s");
  }
  return 0;
}

// A --tag or --untag value as stored: lower case, checked as `rep add` checks it.
std::string tag_option(std::string_view option, const std::string& raw) {
  std::string tag = to_lower(trim(raw));
  if (!is_rep_id(tag))
    throw Error(ExitCode::usage, fmt::format("{}: \"{}\" is not a tag (a-z, 0-9 and -)", option, raw));
  return tag;
}

RepChange change_of(const SetOptions& options, Date today) {
  RepChange change;
  if (!options.name.empty()) {
    change.name = std::string(trim(checked_text("--name", options.name)));
    if (change.name->find('\n') != std::string::npos) throw Error(ExitCode::usage, "--name: a name is one line");
  }
  if (!options.role.empty()) change.role = std::string(trim(checked_text("--role", options.role)));
  if (!options.start.empty()) change.start = start_date_option(options.start, today, "set it");
  for (const auto& raw : options.tags) change.add_tags.push_back(tag_option("--tag", raw));
  for (const auto& raw : options.untags) {
    change.remove_tags.push_back(tag_option("--untag", raw));
    if (std::find(change.add_tags.begin(), change.add_tags.end(), change.remove_tags.back()) != change.add_tags.end())
      throw Error(ExitCode::usage,
                  fmt::format("--tag and --untag both name '{}'; give one", change.remove_tags.back()));
  }
  if (options.cadence == "default") {
    change.default_cadence = true;
  } else if (!options.cadence.empty()) {
    const auto days = parse_day_span(options.cadence);
    if (!days || *days < 1 || *days > 365) {
      throw Error(ExitCode::usage,
                  fmt::format("--cadence: \"{}\" is not 1 to 365 days nor `default`", options.cadence));
    }
    change.cadence = *days;
  }
  if (change.empty()) {
    throw Error(ExitCode::usage, "rep set: nothing to set; give --name, --role, --tag, --untag, --cadence or --start");
  }
  return change;
}

// What `rep set` changed, in words: "name Priya Khan, tags +new-hire -sdr, cadence 10 days".
std::string change_text(const RepChange& c) {
  std::vector<std::string> parts;
  if (c.name) parts.push_back("name " + one_line(*c.name));
  if (c.role) parts.push_back("role " + one_line(*c.role));
  if (c.start) parts.push_back("start " + c.start->iso());
  std::string tags;
  for (const auto& tag : c.add_tags) tags += " +" + tag;
  for (const auto& tag : c.remove_tags) tags += " -" + tag;
  if (!tags.empty()) parts.push_back("tags" + tags);
  if (c.cadence) parts.push_back(fmt::format("cadence {} days", *c.cadence));
  if (c.default_cadence) parts.push_back("cadence the policy's");
  return join(parts, ", ");
}

int run_set(const SetOptions& options, const Setup& setup) {
  Context& context = setup.context;
  const DataDir& dir = setup.dir();
  const RepChange change = change_of(options, setup.today());
  const Rep rep = dir.find_rep(options.rep);
  effective_change(rep, change); // an unknown --untag: refused before the lock
  if (change.start) {
    for (const auto& record : rep.records) { // as archive refuses a day before a record
      if (record.date < *change.start) {
        throw Error(ExitCode::usage, fmt::format("--start: {} is after the record of {} in {}'s history",
                                                 change.start->pretty(), record.date.pretty(), rep.name));
      }
    }
  }
  const RepChange made = dir.set_rep(rep, change, setup.committer([&](const WrittenChange&) {
    return fmt::format("rep set: {} {}", rep.name, join(effective_change(rep, change).what(), ", "));
  }));
  if (made.empty()) {
    context.out() << fmt::format("Nothing to change: {} ({}) has these already\n", rep.name, rep.id);
    return 0;
  }
  context.out() << fmt::format("Set for {} ({}): {}\n", rep.name, rep.id, change_text(made));
  if (made.name) {
    context.out() << fmt::format("The id stays {}: it names the file ({}) and the rep in other commands\n", rep.id,
                                 rep.path);
  }
  return 0;
}

// A team as messages and commits name it: coach.yaml's `team:`, else its directory's name.
std::string team_label(const DataDir& dir) {
  const Settings settings = dir.load_settings();
  if (!settings.team.empty()) return settings.team;
  return std::filesystem::absolute(dir.root()).lexically_normal().filename().string();
}

// A results file names only reps of its own directory, and what a rep sold
// stays with the team they sold it in: a rep with results here is not moved.
void refuse_moving_results(const DataDir& here, const Rep& rep) {
  std::vector<std::string> files;
  for (const ResultsPeriod& period : here.load_results()) {
    for (const SalesResult& result : period.reps) {
      if (result.rep_id == rep.id) files.push_back(period.path);
    }
  }
  if (files.empty()) return;
  throw Error(ExitCode::exists,
              fmt::format("{} has sales results in this team's {}{}; they stay with the team they were sold in, "
                          "so {} is not moved (archive the rep here and add them there with `coach rep add`)",
                          rep.name, files.front(),
                          files.size() > 1 ? fmt::format(" and {} other results files", files.size() - 1) : "",
                          rep.name));
}

int run_move(const MoveOptions& options, const Setup& setup) {
  Context& context = setup.context;
  const DataDir& here = setup.dir();
  const DataDir there(options.to);
  if (!std::filesystem::is_regular_file(there.settings_path())) {
    throw Error(ExitCode::not_found, fmt::format("--to: {} is not a data directory (no {}); create it with `coach "
                                                 "init {}`",
                                                 options.to, settings_file_name, options.to));
  }
  const std::string from_team = team_label(here);
  const std::string to_team = team_label(there);
  const Rep rep = here.find_rep(options.rep);
  refuse_moving_results(here, rep);
  const auto target = here.move_rep(rep, there,
                                    context.committer(here,
                                                      [&](const WrittenChange&) {
                                                        return fmt::format("rep move: {} to {}", rep.name, to_team);
                                                      }),
                                    context.committer(there, [&](const WrittenChange&) {
                                      return fmt::format("rep move: {} from {}", rep.name, from_team);
                                    }));
  context.out() << fmt::format("Moved {} ({}) to {}: {}, history and all; {} is gone from {}\n", rep.name, rep.id,
                               to_team, target.lexically_normal().string(), rep.path, from_team);
  return 0;
}

} // namespace

CommandBody rep_add_command(CLI::App& cmd) {
  auto add = std::make_shared<AddOptions>();
  cmd.add_option("NAME", add->name, "The rep's full name")->required();
  cmd.add_option("--id", add->id, "The rep's id (default: made from the name, e.g. alice-chen)")->check(non_empty());
  cmd.add_option("--role", add->role, "Job title, e.g. \"Account Executive\"")->check(non_empty());
  cmd.add_option("--start", add->start, "Date the rep started, for tenure (e.g. 2019-04-01)")
      ->check(non_empty())
      ->type_name("DATE");
  cmd.add_option("--tag", add->tags, "A tag such as high-performer or new-hire (repeat, or a,b)")
      ->delimiter(',')
      ->type_name("TAG");
  cmd.add_option("--cadence", add->cadence, "Days between 1:1s for this rep, overriding the policy")
      ->check(CLI::Range(1, 365))
      ->type_name("DAYS");
  return [add](const Setup& setup) { return run_add(*add, setup); };
}

CommandBody rep_list_command(CLI::App& cmd) {
  auto list = std::make_shared<ListOptions>();
  cmd.add_flag("-a,--all", list->all, "Include archived reps");
  cmd.add_option("--format", list->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  return [list](const Setup& setup) { return run_list(*list, setup); };
}

CommandBody rep_show_command(CLI::App& cmd) {
  auto show = std::make_shared<ShowOptions>();
  cmd.add_option("REP", show->rep, "Id, start of an id, or part of a name")->required();
  cmd.add_option("--format", show->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  return [show](const Setup& setup) { return run_show(*show, setup); };
}

CommandBody rep_archive_command(CLI::App& cmd) {
  auto archive = std::make_shared<ArchiveOptions>();
  cmd.add_option("REP", archive->rep, "Id, start of an id, or part of a name")->required();
  cmd.add_option("--date", archive->date, "Date the rep left (default: today)")->check(non_empty())->type_name("DATE");
  return [archive](const Setup& setup) { return run_archive(*archive, setup); };
}

CommandBody rep_set_command(CLI::App& cmd) {
  auto set = std::make_shared<SetOptions>();
  cmd.add_option("REP", set->rep, "Id, start of an id, or part of a name")->required();
  cmd.add_option("--name", set->name, "The rep's full name (the id stays)")->check(non_empty());
  cmd.add_option("--role", set->role, "Job title")->check(non_empty());
  cmd.add_option("--tag", set->tags, "Add a tag (repeat, or a,b)")->delimiter(',')->type_name("TAG");
  cmd.add_option("--untag", set->untags, "Remove a tag (repeat, or a,b)")->delimiter(',')->type_name("TAG");
  cmd.add_option("--cadence", set->cadence, "Days between 1:1s for this rep, or `default` for the policy's")
      ->check(non_empty())
      ->type_name("DAYS|default");
  cmd.add_option("--start", set->start, "Date the rep started")->check(non_empty())->type_name("DATE");
  return [set](const Setup& setup) { return run_set(*set, setup); };
}

CommandBody rep_move_command(CLI::App& cmd) {
  auto move = std::make_shared<MoveOptions>();
  cmd.add_option("REP", move->rep, "Id, start of an id, or part of a name")->required();
  cmd.add_option("--to", move->to, "The other team's data directory")->required()->check(non_empty())->type_name("DIR");
  return [move](const Setup& setup) { return run_move(*move, setup); };
}

} // namespace coach::cli
