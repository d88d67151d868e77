// `coach prep REP`: one screen to read right before a 1:1.
#include <algorithm>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <coach/followups.hpp>
#include <coach/roster.hpp>
#include <coach/text.hpp>

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

// Whether the next 1:1 is due, as a phrase and a style.
std::pair<std::string, Style> cadence_status(const Rep& rep, const Policy& policy, Date today) {
  if (rep.is_archived()) return {fmt::format("archived since {}", rep.archived->pretty()), Style::dim};
  if (const Period* away = away_period(rep, policy, today)) {
    return {fmt::format("away until {}{}", away->to.pretty(), away->reason.empty() ? "" : " (" + away->reason + ")"),
            Style::plain};
  }
  const Record* last = rep.last_one_on_one();
  if (!last) return {"no 1:1 recorded yet: due now", Style::red};
  const int cadence = cadence_for(rep, policy);
  const Date due = last->date.plus_days(cadence);
  const int late = due.days_until(today);
  if (late < 0) return {fmt::format("next due {} ({})", due.pretty(), relative_day_phrase(due, today)), Style::plain};
  if (late == 0) return {"due today", Style::yellow};
  if (late <= policy.grace) {
    return {fmt::format("due since {} ({} day{} late, within the {}-day grace)", due.pretty(), late,
                        late == 1 ? "" : "s", policy.grace),
            Style::yellow};
  }
  return {fmt::format("OVERDUE by {} day{} (was due {})", late, late == 1 ? "" : "s", due.pretty()), Style::red};
}

void run_prep(const PrepOptions& options, Context& context) {
  const DataDir dir = context.open_data_dir();
  const Settings settings = dir.load_settings();
  const Date today = context.today();
  const Rep rep = dir.find_rep(options.rep);
  const Record* last = rep.last_one_on_one();
  const auto [status, status_style] = cadence_status(rep, settings.policy, today);

  PromiseFilter filter;
  filter.rep_id = rep.id;
  const std::vector<Rep> just_this_rep{rep};
  const auto open = select_promises(just_this_rep, filter, today);

  // The personal topics of the last few 1:1s, newest first.
  std::vector<const Record*> meetings;
  for (const auto& record : rep.records) {
    if (record.is_one_on_one()) meetings.push_back(&record);
  }
  std::stable_sort(meetings.begin(), meetings.end(), [](auto* a, auto* b) { return a->date > b->date; });
  if (meetings.size() > static_cast<size_t>(options.personal_meetings)) {
    meetings.resize(static_cast<size_t>(options.personal_meetings));
  }

  if (options.format == "json") {
    Json promises = Json::array();
    for (const auto& ref : open) {
      const Promise& p = *ref.promise;
      promises.push_back({{"id", p.id},
                          {"owner", owner_name(p.owner)},
                          {"text", p.text},
                          {"due", date_json(p.due)},
                          {"overdue", p.is_overdue(today)}});
    }
    Json personal = Json::array();
    for (const Record* r : meetings) personal.push_back({{"date", r->date.iso()}, {"topics", r->fields.list(field::personal)}});
    Json last_json = nullptr;
    if (last) {
      last_json = {{"date", last->date.iso()}};
      add_fields_json(last_json, *last);
    }
    context.out() << Json{{"as_of", today.iso()},
                          {"id", rep.id},
                          {"name", rep.name},
                          {"role", rep.role},
                          {"tags", rep.tags},
                          {"start", date_json(rep.start)},
                          {"cadence_days", cadence_for(rep, settings.policy)},
                          {"days_since_last_one_on_one", last ? Json(last->date.days_until(today)) : Json(nullptr)},
                          {"status", status},
                          {"open_promises", promises},
                          {"last_one_on_one", last_json},
                          {"recent_personal", personal}}
                         .dump(2)
                  << "\n";
    return;
  }

  const bool color = context.color();
  auto& out = context.out();
  const int width = context.terminal_width();
  out << styled(fmt::format("Prep for the 1:1 with {} ({}), {}", rep.name, rep.id, today.pretty()), Style::bold, color)
      << "\n";
  std::vector<std::string> about;
  if (!rep.role.empty()) about.push_back(rep.role);
  for (const auto& tag : rep.tags) about.push_back(tag);
  if (rep.start) {
    const int years = rep.start->days_until(today) / 365;
    about.push_back(years >= 1 ? fmt::format("{} year{} on the team", years, years == 1 ? "" : "s")
                               : fmt::format("started {}", rep.start->iso()));
  }
  if (rep.is_archived()) about.push_back("archived " + rep.archived->iso());
  if (!about.empty()) out << "  " << join(about, " · ") << "\n";
  out << "  Last 1:1: "
      << (last ? fmt::format("{}, {}", last->date.pretty(), relative_day_phrase(last->date, today)) : "never")
      << fmt::format(" · every {} days · ", cadence_for(rep, settings.policy)) << styled(status, status_style, color)
      << "\n";

  for (const Owner owner : {Owner::manager, Owner::rep}) {
    Table table;
    table.add_column("ID");
    table.add_column("PROMISE", Table::Align::left, true);
    table.add_column("DUE");
    table.add_column("WHEN");
    size_t overdue = 0;
    for (const auto& ref : open) {
      const Promise& p = *ref.promise;
      if (p.owner != owner) continue;
      std::string when = "no due date";
      Style style = Style::plain;
      if (p.due) {
        const int days = today.days_until(*p.due);
        when = days < 0 ? fmt::format("{} day{} overdue", -days, days == -1 ? "" : "s") : relative_day_phrase(*p.due, today);
        style = days < 0 ? Style::red : days == 0 ? Style::yellow : Style::plain;
        if (days < 0) ++overdue;
      }
      table.add_row({{p.id}, {p.text}, {p.due ? p.due->pretty() : "-"}, {when, style}});
    }
    const std::string who = owner == Owner::manager ? "Your promises" : rep.first_name() + "'s commitments";
    out << "\n" << styled(who, Style::bold, color);
    if (table.empty()) {
      out << ": none open\n";
      continue;
    }
    out << fmt::format(" ({} open{})\n", open.empty() ? 0 : std::count_if(open.begin(), open.end(), [&](const auto& r) {
                         return r.promise->owner == owner;
                       }),
                       overdue > 0 ? fmt::format(", {} overdue", overdue) : "");
    out << table.render(width, color, 2, false);
  }

  if (last) {
    out << "\n"
        << styled(fmt::format("Last time, {}{}", last->date.pretty(),
                              last->fields.number(field::minutes)
                                  ? fmt::format(" ({} min)", *last->fields.number(field::minutes))
                                  : ""),
                  Style::bold, color)
        << "\n";
    const auto field = [&](std::string_view label, const std::vector<std::string>& items) {
      if (items.empty()) {
        out << fmt::format("  {:<14}{}\n", label, styled("(none written down)", Style::dim, color));
        return;
      }
      for (size_t i = 0; i < items.size(); ++i) {
        out << fmt::format("  {:<14}{}\n", i == 0 ? label : "", one_line(items[i]));
      }
    };
    field("Personal:", last->fields.list(field::personal));
    field("Professional:", last->fields.list(field::professional));
    if (const std::string* notes = last->fields.text(field::notes)) {
      const auto lines = split_lines(*notes);
      for (size_t i = 0; i < lines.size() && i < 6; ++i) {
        out << fmt::format("  {:<14}{}\n", i == 0 ? "Notes:" : "", lines[i]);
      }
      if (lines.size() > 6) out << fmt::format("  {:<14}{}\n", "", styled("…", Style::dim, color));
    } else {
      out << fmt::format("  {:<14}{}\n", "Notes:", styled("(none: undocumented)", Style::dim, color));
    }
  }

  if (meetings.size() > 1) {
    out << "\n" << styled(fmt::format("Personal, the last {} 1:1s", meetings.size()), Style::bold, color) << "\n";
    for (const Record* r : meetings) {
      out << fmt::format("  {}  {}\n", r->date.pretty(),
                         r->fields.list(field::personal).empty()
                             ? styled("(no personal topic)", Style::dim, color)
                             : one_line(join(r->fields.list(field::personal), "; ")));
    }
  }
}

} // namespace

void register_prep_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<PrepOptions>();
  auto* cmd = app.add_subcommand("prep", "One screen before a 1:1: cadence, open promises both ways, last topics");
  cmd->add_option("REP", options->rep, "Id, start of an id, or part of a name")->required();
  cmd->add_option("--personal", options->personal_meetings, "How many 1:1s of personal topics to show (default 3)")
      ->check(CLI::Range(1, 50))
      ->type_name("N");
  cmd->add_option("--format", options->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([options, &context] { run_prep(*options, context); });
}

} // namespace coach::cli
