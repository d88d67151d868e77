// `coach prep REP`: one screen to read right before a 1:1.
#include <algorithm>
#include <ostream>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <coach/activities.hpp>
#include <coach/audit.hpp>
#include <coach/followups.hpp>
#include <coach/roster.hpp>
#include <coach/team_file.hpp>
#include <coach/text.hpp>

#include "activity_output.hpp"
#include "columns.hpp"
#include "context.hpp"
#include "output.hpp"

namespace coach::cli {

namespace {

using Json = nlohmann::ordered_json;

struct PrepOptions {
  std::string rep;
  int personal_meetings = 3;
  std::string format = "text";
};

// Whether something due on `due` is, as a phrase and a style: "next due ...", "OVERDUE by ...".
std::pair<std::string, Style> due_status(Date due, int grace, Date today) {
  const int late = due.days_until(today);
  if (late < 0) return {fmt::format("next due {} ({})", due.pretty(), relative_day_phrase(due, today)), Style::plain};
  if (late == 0) return {"due today", Style::yellow};
  if (late <= grace) {
    return {fmt::format("due since {} ({} day{} late, within the {}-day grace)", due.pretty(), late,
                        late == 1 ? "" : "s", grace),
            Style::yellow};
  }
  return {fmt::format("OVERDUE by {} day{} (was due {})", late, late == 1 ? "" : "s", due.pretty()), Style::red};
}

// Whether the next 1:1 is due, as a phrase and a style.
std::pair<std::string, Style> cadence_status(const Rep& rep, const Policy& policy, Date today) {
  if (rep.is_archived()) return {fmt::format("archived since {}", rep.archived->pretty()), Style::dim};
  if (const Period* away = away_period(rep, policy, today)) {
    return {fmt::format("away until {}{}", away->to.pretty(), away->reason.empty() ? "" : " (" + away->reason + ")"),
            Style::plain};
  }
  const Record* last = rep.last_one_on_one();
  if (!last) return {"no 1:1 recorded yet: due now", Style::red};
  return due_status(last->date.plus_days(cadence_for(rep, policy)), policy.grace, today);
}

// What `prep` shows, computed once for the text and the JSON.
struct PrepView {
  const Rep* rep = nullptr;
  Date today;
  int cadence = 0;
  std::string status;
  Style status_style = Style::plain;
  const Record* last = nullptr;
  std::vector<Rep> just_this_rep; // what `open` points into
  std::vector<PromiseRef> open;
  std::vector<const Record*> meetings; // the last few 1:1s, newest first, for their personal topics
  int grace = 0;
  std::vector<ActivityStanding> activities; // the rep's other activities the team has begun or that are theirs
  CareerPlan plan;
  SkillsComparison skills;
  std::vector<const Record*> open_calls;     // joint calls planned, no feedback yet
  const Record* last_team_meeting = nullptr; // the team's latest, up to today
  bool attended_last_team_meeting = false;
  int team_meeting_cadence = 0; // days; 0: not tracked
};

// The team's latest meeting up to today, from its files.
void add_team_meeting(PrepView& view, const std::vector<Rep>& team_files, const Policy& policy) {
  view.last_team_meeting = latest_team_meeting(team_files, view.today);
  if (view.last_team_meeting)
    view.attended_last_team_meeting = attended_team_meeting(*view.rep, *view.last_team_meeting);
  view.team_meeting_cadence = cadence_for(*view.rep, policy, kind::team_meeting);
}

// The rep's joint calls, career conversations and skills audits: each that is
// tracked and the team has begun (as audit checks them), or that the rep had.
std::vector<ActivityStanding> activities_of(const Rep& rep, const Policy& policy,
                                            const std::map<std::string, Date, std::less<>>& started, Date today) {
  std::vector<ActivityStanding> out;
  for (const auto kind : {kind::joint_call, kind::career, kind::skills_audit}) {
    ActivityStanding standing = activity_standing(rep, policy, kind, started, today);
    if (standing.since || standing.last) out.push_back(standing);
  }
  return out;
}

PrepView prep_view(const Rep& rep, const Settings& settings, Date today, int personal_meetings,
                   const std::map<std::string, Date, std::less<>>& started) {
  const Policy& policy = settings.policy;
  PrepView view;
  view.grace = policy.grace;
  view.activities = activities_of(rep, policy, started, today);
  view.plan = career_plan(rep);
  view.skills = compare_skills_audits(rep, settings.skills);
  view.open_calls = open_joint_calls(rep);
  view.rep = &rep;
  view.today = today;
  view.cadence = cadence_for(rep, policy);
  view.last = rep.last_one_on_one();
  std::tie(view.status, view.status_style) = cadence_status(rep, policy, today);
  PromiseFilter filter;
  filter.rep_id = rep.id;
  view.just_this_rep = {rep};
  view.open = select_promises(view.just_this_rep, filter, today);
  // Development goals are shown with the career plan, not among the promises.
  std::erase_if(view.open, [](const PromiseRef& ref) { return ref.promise->goal; });
  for (const auto& record : rep.records) {
    if (record.is_one_on_one()) view.meetings.push_back(&record);
  }
  std::stable_sort(view.meetings.begin(), view.meetings.end(), [](auto* a, auto* b) { return a->date > b->date; });
  if (view.meetings.size() > static_cast<size_t>(personal_meetings)) {
    view.meetings.resize(static_cast<size_t>(personal_meetings));
  }
  return view;
}

struct PromiseRow {
  const Promise* promise;
  Date today;
  const Record* record = nullptr; // where it was made
};

// A team meeting's action says where it comes from; a 1:1's promise needs no saying.
std::string promise_text(const PromiseRow& row) {
  if (!row.record || row.record->kind != kind::team_meeting) return row.promise->text;
  return fmt::format("{} (team meeting {})", row.promise->text, row.record->date.pretty());
}

// How far a promise's due date is: "3 days overdue", "tomorrow", "no due date".
Table::Cell when_cell(const Promise& p, Date today) {
  if (!p.due) return {"no due date"};
  const int days = today.days_until(*p.due);
  return {days < 0 ? fmt::format("{} day{} overdue", -days, days == -1 ? "" : "s") : relative_day_phrase(*p.due, today),
          days < 0    ? Style::red
          : days == 0 ? Style::yellow
                      : Style::plain};
}

// The open promises: a table per owner in the text, one list in the JSON.
const Columns<PromiseRow>& promise_columns() {
  using R = const PromiseRow&;
  static const Columns<PromiseRow> columns{
      {"ID", "id", [](R r) { return Table::Cell{r.promise->id}; }, [](R r) { return Json(r.promise->id); }},
      {"", "owner", {}, [](R r) { return Json(owner_name(r.promise->owner)); }},
      {"Promise", "text", [](R r) { return Table::Cell{promise_text(r)}; }, [](R r) { return Json(r.promise->text); },
       Table::Align::left, true},
      {"Due", "due", [](R r) { return Table::Cell{r.promise->due ? r.promise->due->pretty() : ""}; },
       [](R r) { return date_json(r.promise->due); }, Table::Align::left, false, false, "-"},
      {"When", "", [](R r) { return when_cell(*r.promise, r.today); }, {}},
      {"", "overdue", {}, [](R r) { return Json(r.promise->is_overdue(r.today)); }},
  };
  return columns;
}

std::vector<PromiseRow> promise_rows(const PrepView& view, std::optional<Owner> owner) {
  std::vector<PromiseRow> rows;
  for (const auto& ref : view.open) {
    if (!owner || ref.promise->owner == *owner) rows.push_back({ref.promise, view.today, ref.record});
  }
  return rows;
}

Json activities_json(const PrepView& view) {
  Json list = Json::array();
  for (const auto& a : view.activities) {
    const bool due = a.cadence > 0 && a.since;
    list.push_back({{"kind", a.kind},
                    {"cadence_days", a.cadence},
                    {"last", a.last ? Json(a.last->date.iso()) : Json(nullptr)},
                    {"next_due", due ? Json(a.due().iso()) : Json(nullptr)},
                    {"days_overdue", due ? Json(a.due().days_until(view.today)) : Json(nullptr)}});
  }
  return list;
}

Json open_calls_json(const std::vector<const Record*>& calls) {
  Json list = Json::array();
  for (const Record* call : calls) {
    const auto text = [&](std::string_view key) {
      const std::string* value = call->fields.text(key);
      return value ? Json(*value) : Json(nullptr);
    };
    list.push_back({{"id", call->id},
                    {"date", call->date.iso()},
                    {"account", text(field::account)},
                    {"objective", text("objective")}});
  }
  return list;
}

std::string prep_json(const PrepView& view) {
  const Rep& rep = *view.rep;
  Json personal = Json::array();
  for (const Record* r : view.meetings)
    personal.push_back({{"date", r->date.iso()}, {"topics", r->fields.list(field::personal)}});
  Json last_json = nullptr;
  if (view.last) {
    last_json = {{"date", view.last->date.iso()}};
    last_json.update(record_fields_json(*view.last));
  }
  Json out = rep_json_head(rep, view.today);
  out["cadence_days"] = view.cadence;
  out["days_since_last_one_on_one"] = view.last ? Json(view.last->date.days_until(view.today)) : Json(nullptr);
  out["status"] = view.status;
  out["open_promises"] = json_of(promise_columns(), promise_rows(view, std::nullopt));
  out["last_one_on_one"] = last_json;
  out["recent_personal"] = personal;
  out["activities"] = activities_json(view);
  out["career_plan"] = career_json(view.plan, view.today);
  out["skills"] = skills_json(view.skills);
  out["open_joint_calls"] = open_calls_json(view.open_calls);
  const Record* meeting = view.last_team_meeting;
  out["last_team_meeting"] = meeting ? Json{{"date", meeting->date.iso()},
                                            {"attended", view.attended_last_team_meeting},
                                            {"cadence_days", view.team_meeting_cadence},
                                            {"next_due",
                                             view.team_meeting_cadence > 0
                                                 ? Json(meeting->date.plus_days(view.team_meeting_cadence).iso())
                                                 : Json(nullptr)}}
                                     : Json(nullptr);
  return out.dump(2) + "\n";
}

// The title, who the rep is, and where the cadence stands.
std::string header_text(const PrepView& view, bool color) {
  const Rep& rep = *view.rep;
  const Date today = view.today;
  std::string out = styled(fmt::format("Prep for the 1:1 with {} ({}), {}", rep.name, rep.id, today.pretty()),
                           Style::bold, color) +
                    "\n";
  std::vector<std::string> about;
  if (!rep.role.empty()) about.push_back(rep.role);
  for (const auto& tag : rep.tags) about.push_back(tag);
  if (rep.start) {
    const int years = rep.start->days_until(today) / 365;
    about.push_back(years >= 1 ? fmt::format("{} year{} on the team", years, years == 1 ? "" : "s")
                               : fmt::format("started {}", rep.start->iso()));
  }
  if (rep.is_archived()) about.push_back("archived " + rep.archived->iso());
  if (!about.empty()) out += "  " + join(about, " · ") + "\n";
  out += "  Last 1:1: " +
         (view.last ? fmt::format("{}, {}", view.last->date.pretty(), relative_day_phrase(view.last->date, today))
                    : std::string("never")) +
         fmt::format(" · every {} days · ", view.cadence) + styled(view.status, view.status_style, color) + "\n";
  return out;
}

// "Your promises (2 open, 1 overdue)" and its table; the same for the rep's commitments.
std::string promises_text(const PrepView& view, int width, bool color) {
  std::string out;
  for (const Owner owner : {Owner::manager, Owner::rep}) {
    const auto rows = promise_rows(view, owner);
    const std::string who = owner == Owner::manager ? "Your promises" : view.rep->first_name() + "'s commitments";
    out += "\n" + styled(who, Style::bold, color);
    if (rows.empty()) {
      out += ": none open\n";
      continue;
    }
    const auto overdue = std::count_if(rows.begin(), rows.end(), [&](const PromiseRow& r) {
      return r.promise->due && view.today.days_until(*r.promise->due) < 0;
    });
    out += fmt::format(" ({} open{})\n", rows.size(), overdue > 0 ? fmt::format(", {} overdue", overdue) : "");
    out += render_table(promise_columns(), rows, width, color, 2, false);
  }
  return out;
}

// "Last time": the last 1:1's fields.
std::string last_time_text(const Record& last, bool color) {
  std::string out = "\n" +
                    styled(fmt::format("Last time, {}{}", last.date.pretty(),
                                       last.fields.number(field::minutes)
                                           ? fmt::format(" ({} min)", *last.fields.number(field::minutes))
                                           : ""),
                           Style::bold, color) +
                    "\n";
  const auto field = [&](std::string_view label, const std::vector<std::string>& items) {
    if (items.empty()) {
      out += fmt::format("  {:<14}{}\n", label, styled("(none written down)", Style::dim, color));
      return;
    }
    for (size_t i = 0; i < items.size(); ++i)
      out += fmt::format("  {:<14}{}\n", i == 0 ? label : "", one_line(items[i]));
  };
  field("Personal:", last.fields.list(field::personal));
  field("Professional:", last.fields.list(field::professional));
  if (const std::string* notes = last.fields.text(field::notes)) {
    const auto lines = split_lines(*notes);
    for (size_t i = 0; i < lines.size() && i < 6; ++i)
      out += fmt::format("  {:<14}{}\n", i == 0 ? "Notes:" : "", lines[i]);
    if (lines.size() > 6) out += fmt::format("  {:<14}{}\n", "", styled("…", Style::dim, color));
  } else if (!last.fields.text(field::private_notes)) {
    out += fmt::format("  {:<14}{}\n", "Notes:", styled("(none: undocumented)", Style::dim, color));
  }
  // The manager's own screen: private notes are shown, labelled so that they are never read out by mistake.
  if (const std::string* private_notes = last.fields.text(field::private_notes)) {
    const auto lines = split_lines(*private_notes);
    for (size_t i = 0; i < lines.size() && i < 6; ++i)
      out += fmt::format("  {:<14}{}\n", i == 0 ? "Private:" : "", lines[i]);
    if (lines.size() > 6) out += fmt::format("  {:<14}{}\n", "", styled("…", Style::dim, color));
  }
  return out;
}

// "Activities": for each, the last one, its cadence and when the next is due.
std::string activities_text(const PrepView& view, bool color) {
  const Record* meeting = view.team_meeting_cadence > 0 ? view.last_team_meeting : nullptr;
  if (view.activities.empty() && !meeting) return "";
  std::string out = "\n" + styled("Activities", Style::bold, color) + "\n";
  if (meeting) { // the team's, not the rep's: when it last met, whether they were there
    const auto [status, style] = due_status(meeting->date.plus_days(view.team_meeting_cadence), view.grace, view.today);
    out += fmt::format("  {:<21}{}, {} ({}) · every {} days · ", "Team meeting:", meeting->date.pretty(),
                       relative_day_phrase(meeting->date, view.today),
                       view.attended_last_team_meeting ? "attended" : "absent", view.team_meeting_cadence) +
           styled(status, style, color) + "\n";
  }
  for (const auto& a : view.activities) {
    out += fmt::format("  {:<21}", activity_label(a.kind) + ":") +
           (a.last ? fmt::format("{}, {}", a.last->date.pretty(), relative_day_phrase(a.last->date, view.today))
                   : std::string("never"));
    if (a.cadence == 0 || !a.since) {
      out += " · not tracked\n";
      continue;
    }
    const auto [status, style] = due_status(a.due(), view.grace, view.today);
    out += fmt::format(" · every {} days · ", a.cadence) + styled(status, style, color) + "\n";
  }
  return out;
}

// "Career plan": the goal and the open development goals.
std::string career_text(const PrepView& view, bool color) {
  const CareerPlan& plan = view.plan;
  if (plan.empty()) return "";
  std::string out = "\n" + styled("Career plan", Style::bold, color) + "\n";
  out += "  Goal: " +
         (plan.goal_record ? fmt::format("{} (set {})", one_line(plan.goal), plan.goal_record->date.pretty())
                           : styled("(none written down)", Style::dim, color)) +
         "\n";
  for (const Promise* goal : plan.goals) {
    if (!goal->is_open()) continue;
    const Table::Cell when = when_cell(*goal, view.today);
    out += fmt::format("  {}  {}", goal->id, one_line(goal->text)) +
           (goal->due ? " · due " + goal->due->pretty() + " (" + styled(when.text, when.style, color) + ")" : "") +
           "\n";
  }
  return out;
}

// "Skills": the last audit beside the one before, and the joint calls' ratings since.
std::string skills_text(const PrepView& view, bool color) {
  const SkillsComparison& skills = view.skills;
  if (!skills.last) return "";
  std::string out = "\n" +
                    styled(fmt::format("Skills audit {}{}", skills.last->date.pretty(),
                                       skills.before ? " beside " + skills.before->date.pretty() : ""),
                           Style::bold, color) +
                    "\n";
  out += fmt::format("  {:<16} {:>6} {:>4}  {:<6} {}\n", "SKILL", "BEFORE", "LAST", "", "JOINT CALLS SINCE");
  const auto rating = [](const std::optional<int>& n) { return n ? std::to_string(*n) : std::string("-"); };
  for (const auto& skill : skills.skills) {
    std::vector<std::string> observed;
    for (const auto& o : skill.observed) observed.push_back(fmt::format("{} ({})", o.rating, o.call->date.iso()));
    const std::string change(skill.change());
    const Style style = change == "rose" ? Style::green : change == "fell" ? Style::red : Style::plain;
    out += fmt::format("  {:<16} {:>6} {:>4}  ", skill.skill, rating(skill.before), rating(skill.last)) +
           styled(fmt::format("{:<6}", change), style, color) + " " + join(observed, ", ");
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += "\n";
  }
  return out;
}

// "Open joint calls": planned, no feedback yet.
std::string open_calls_text(const PrepView& view, bool color) {
  if (view.open_calls.empty()) return "";
  std::string out = "\n" + styled("Open joint calls (planned, no feedback yet)", Style::bold, color) + "\n";
  for (const Record* call : view.open_calls) {
    const std::string* account = call->fields.text(field::account);
    const std::string* objective = call->fields.text("objective");
    out += fmt::format("  {}  {} ({})  {}{}\n", call->id, call->date.pretty(),
                       relative_day_phrase(call->date, view.today), account ? one_line(*account) : "",
                       objective ? " · objective: " + one_line(*objective) : "");
  }
  return out;
}

std::string prep_text(const PrepView& view, int width, bool color) {
  std::string out = header_text(view, color) + promises_text(view, width, color) + activities_text(view, color) +
                    career_text(view, color) + skills_text(view, color) + open_calls_text(view, color);
  if (view.last) out += last_time_text(*view.last, color);
  if (view.meetings.size() > 1) {
    out += "\n" + styled(fmt::format("Personal, the last {} 1:1s", view.meetings.size()), Style::bold, color) + "\n";
    for (const Record* r : view.meetings) {
      out += fmt::format("  {}  {}\n", r->date.pretty(),
                         r->fields.list(field::personal).empty()
                             ? styled("(no personal topic)", Style::dim, color)
                             : one_line(join(r->fields.list(field::personal), "; ")));
    }
  }
  return width > 0 ? wrap_long_lines(out, static_cast<size_t>(width)) : out; // free texts never past the width
}

int run_prep(const PrepOptions& options, const Setup& setup) {
  Context& context = setup.context;
  std::vector<Rep> with_team_actions{setup.dir().find_rep(options.rep)};
  const auto& team_files = kept_until_exit(setup.dir().load_team_files());
  attach_team_actions(with_team_actions, team_files); // the team meetings' actions too
  const Rep& rep = with_team_actions.front();
  std::vector<LoadFailure> unreadable; // another rep's broken file must not stop the prep of this one
  // When the team began each activity, from the roster: prep reads one rep file, not the team's.
  PrepView view = prep_view(rep, setup.settings(), setup.today(), options.personal_meetings,
                            activity_starts(setup.dir().load_roster(&unreadable)));
  add_team_meeting(view, team_files, setup.settings().policy);
  context.out() << (options.format == "json" ? prep_json(view)
                                             : prep_text(view, context.terminal_width(), context.color()));
  return 0;
}

} // namespace

CommandBody prep_command(CLI::App& cmd) {
  auto options = std::make_shared<PrepOptions>();
  cmd.add_option("REP", options->rep, "Id, start of an id, or part of a name")->required();
  cmd.add_option("--personal", options->personal_meetings, "How many 1:1s of personal topics to show (default 3)")
      ->check(CLI::Range(1, 50))
      ->type_name("N");
  cmd.add_option("--format", options->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  return [options](const Setup& setup) { return run_prep(*options, setup); };
}

} // namespace coach::cli
