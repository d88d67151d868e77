#include "report_render.hpp"

#include <algorithm>
#include <cmath>
#include <span>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <coach/schema.hpp>
#include <coach/text.hpp>

#include "output.hpp"
#include "report_grid.hpp"
#include "report_html_charts.hpp"
#include "report_render_results.hpp"

namespace coach::cli {

namespace {

using Json = nlohmann::ordered_json;

std::string share_of(int part, int whole) {
  return whole == 0 ? "-" : percent_text(static_cast<double>(part) / whole);
}

std::string days(const std::optional<int>& value) {
  return value ? std::to_string(*value) : "-";
}

std::string team_title(const TeamReport& team) {
  std::string title = !team.team.empty() ? team.team : team.directory == "." ? std::string("Team") : team.directory;
  if (!team.manager.empty()) title += " (" + team.manager + ")";
  return title;
}

std::string period_line(const Report& report) {
  return fmt::format("{}: {} to {}", report.period.label, report.period.first.pretty(), report.period.last.pretty());
}

// The headers are short so that the table keeps within 80 columns; coach-report(1)
// gives each figure's full name.
Grid cadence_grid(const TeamReport& team) {
  Grid g{{"REP", "HELD", "EXP", "ADH", "ON CAD", "GAP", "MAX GAP", "SINCE", "MIN", "PERS", "NOTES"},
         {false, true, true, true, true, true, true, true, true, true, true},
         {}};
  const auto row = [](const RepFigures& f) {
    return std::vector<std::string>{f.name + (f.archived ? " (archived)" : ""),
                                    std::to_string(f.held),
                                    std::to_string(f.expected),
                                    percent_text(f.adherence()),
                                    percent_text(f.on_cadence()),
                                    days(f.median_gap),
                                    days(f.longest_gap),
                                    days(f.days_since_last),
                                    std::to_string(f.minutes),
                                    share_of(f.with_personal, f.held),
                                    share_of(f.with_notes, f.held)};
  };
  for (const auto& f : team.reps) g.rows.push_back(row(f));
  g.rows.push_back(row(team.totals));
  g.rows.back()[7] = "-"; // DAYS SINCE
  return g;
}

Grid promise_grid(const TeamReport& team, bool manager) {
  Grid g{{"REP", "MADE", "KEPT", "ON TIME", "AFTER MOVE", "LATE", "DROPPED", "OPEN", "OVERDUE", "ON-TIME RATE"},
         {false, true, true, true, true, true, true, true, true, true},
         {}};
  const auto row = [&](const RepFigures& f) {
    const PromiseCounts& c = manager ? f.manager : f.rep;
    return std::vector<std::string>{f.name,
                                    std::to_string(c.made),
                                    std::to_string(c.kept),
                                    std::to_string(c.kept_on_time),
                                    std::to_string(c.kept_after_move),
                                    std::to_string(c.kept_late),
                                    std::to_string(c.dropped),
                                    std::to_string(c.open),
                                    std::to_string(c.overdue),
                                    percent_text(c.on_time_rate())};
  };
  for (const auto& f : team.reps) g.rows.push_back(row(f));
  g.rows.push_back(row(team.totals));
  return g;
}

Grid trend_grid(const TeamReport& team) {
  Grid g{{"PERIOD", "FROM", "TO", "HELD", "EXPECTED", "OVERDUE", "YOURS OVERDUE"},
         {false, false, false, true, true, true, true},
         {}};
  for (const auto& b : team.trend) {
    g.rows.push_back({b.label, b.first.iso(), b.last.iso(), std::to_string(b.held), std::to_string(b.expected),
                      std::to_string(b.overdue), std::to_string(b.overdue_manager)});
  }
  return g;
}

Grid rollup_grid(const Report& report) {
  Grid g{{"MANAGER", "TEAM", "REPS", "HELD", "EXPECTED", "ADHERENCE", "ATTAIN", "INDEX"},
         {false, false, true, true, true, true, true, true},
         {}};
  for (const auto& team : report.teams) {
    const RepFigures& t = team.totals;
    const auto score = team.standing.index.score();
    g.rows.push_back({team.manager.empty() ? "-" : team.manager, team.team.empty() ? team.directory : team.team,
                      std::to_string(team.reps.size()), std::to_string(t.held), std::to_string(t.expected),
                      percent_text(t.adherence()), percent_text(team.standing.attainment),
                      score ? std::to_string(*score) : "-"});
  }
  return g;
}

// ---- The coaching index and the roll-up's other tables (coach-report(1), "The coaching index") ----

std::string_view index_part_label(std::string_view part) {
  if (part == "1on1") return "1:1s";
  if (part == "regularity") return "on cadence";
  if (part == "joint-call") return "joint calls";
  if (part == "team-meeting") return "team meetings";
  if (part == "skills-audit") return "skills audits";
  if (part == "promises") return "promises on time";
  return part; // career, personal, notes
}

std::string index_line(const TeamReport& team) {
  const CoachingIndex& index = team.standing.index;
  const auto score = index.score();
  if (!score) return "Coaching index: - (nothing measured in the period).";
  std::string parts;
  for (const auto& part : index.parts) {
    if (!part.value || part.weight <= 0) continue;
    parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", index_part_label(part.name), percent_text(part.value));
  }
  return fmt::format("Coaching index: {} ({}).", *score, parts);
}

// `text` broken after its commas into lines of at most `width` columns where
// it can, the later lines indented by two, so that a part stays whole.
std::string wrapped(const std::string& text, size_t width) {
  std::string out;
  std::string line;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(", ", start);
    end = end == std::string::npos ? text.size() : end + 1;
    const std::string piece = text.substr(start, end - start);
    if (!line.empty() && display_width(line) + 1 + display_width(piece) > width) {
      out += line + "\n";
      line = "  " + piece;
    } else {
      line += (line.empty() ? "" : " ") + piece;
    }
    start = end + 1;
  }
  return out + line + "\n";
}

// The manager, else the team, else the directory: one column naming a team in the narrow tables.
std::string manager_label(const TeamReport& team) {
  return !team.manager.empty() ? team.manager : !team.team.empty() ? team.team : team.directory;
}

Grid index_parts_grid(const Report& report) {
  Grid g{{"MANAGER", "1:1", "CADENCE", "JOINT", "MTGS", "CAREER", "AUDITS", "ON TIME", "PERSONAL", "NOTES"},
         {false, true, true, true, true, true, true, true, true, true},
         {}};
  for (const auto& team : report.teams) {
    std::vector<std::string> row{manager_label(team)};
    for (const auto& part : team.standing.index.parts) row.push_back(percent_text(part.value));
    g.rows.push_back(std::move(row));
  }
  return g;
}

// The teams' weights differ: their indexes are not comparable.
bool index_weights_differ(const Report& report) {
  const auto weights = [](const TeamReport& team) {
    std::vector<double> w;
    for (const auto& part : team.standing.index.parts) w.push_back(part.weight);
    return w;
  };
  return std::any_of(report.teams.begin(), report.teams.end(),
                     [&](const TeamReport& team) { return weights(team) != weights(report.teams.front()); });
}

constexpr const char* index_parts_title = "Coaching index parts";
constexpr const char* weights_differ_line =
    "The teams' weights differ (policy.index): their indexes are not comparable.";
constexpr const char* promises_rollup_title = "Your promises: dropped, and overdue now (made at any time)";
constexpr const char* attention_title = "Attention: 1:1 adherence by group of reps";

Grid promises_rollup_grid(const Report& report) {
  Grid g{{"MANAGER", "PROMISES", "DROP RATE", "OVERDUE", "OVERDUE NOW", "OLDEST", "REPS' OVERDUE"},
         {false, true, true, true, true, true, true},
         {}};
  for (const auto& team : report.teams) {
    const ManagerStanding& s = team.standing;
    g.rows.push_back({manager_label(team), std::to_string(s.made), percent_text(s.drop_rate()),
                      std::to_string(team.totals.manager.overdue), std::to_string(s.overdue_now),
                      days(s.oldest_overdue_days), std::to_string(team.totals.rep.overdue)});
  }
  return g;
}

Grid attention_grid(const Report& report) {
  Grid g{{"MANAGER", "LONGEST GAP", "HIGH PERF", "TENURED", "OTHERS"}, {false, true, true, true, true}, {}};
  for (const auto& team : report.teams) {
    const ManagerStanding& s = team.standing;
    g.rows.push_back({manager_label(team), days(team.totals.longest_gap), percent_text(s.high_performers.adherence()),
                      percent_text(s.tenured.adherence()), percent_text(s.others.adherence())});
  }
  return g;
}

// ---- The other activities (coach-report(1), "Other activities") ----

std::string activity_title(std::string_view kind) {
  if (kind == kind::joint_call) return "Joint calls";
  if (kind == kind::team_meeting) return "Team meetings";
  if (kind == kind::career) return "Career conversations";
  return "Skills audits";
}

// "joint-call" as "joint_call", for CSV columns.
std::string snake(std::string_view kind) {
  std::string out(kind);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

std::string every(int cadence) {
  return cadence > 0 ? std::to_string(cadence) : "-";
}

std::string one_decimal(const std::optional<double>& value) {
  return value ? fmt::format("{:.1f}", *value) : "-";
}

std::string signed_decimal(const std::optional<double>& value) {
  if (!value) return "-";
  const std::string text = fmt::format("{:+.1f}", *value);
  return text == "+0.0" || text == "-0.0" ? "0.0" : text;
}

Grid activity_grid(const ActivityReport& section) {
  Grid g{{"REP", "EVERY", "HELD", "EXPECTED", "ADHERENCE", "DAYS SINCE"}, {false, true, true, true, true, true}, {}};
  const auto row = [](const std::string& name, const ActivityFigures& f) {
    return std::vector<std::string>{name,
                                    every(f.cadence),
                                    std::to_string(f.held),
                                    std::to_string(f.expected),
                                    percent_text(f.adherence()),
                                    days(f.days_since_last)};
  };
  for (const auto& r : section.reps) g.rows.push_back(row(r.name + (r.archived ? " (archived)" : ""), r.figures));
  g.rows.push_back(row("Team", section.totals));
  return g;
}

// One row per rep and skill group of the rep's last audit in the period, then the team's.
Grid ratings_grid(const ActivityReport& section) {
  Grid g{{"REP", "AUDITED", "GROUP", "AVERAGE", "CHANGE"}, {false, false, false, true, true}, {}};
  for (const auto& r : section.reps) {
    for (const auto& group : r.skills.groups) {
      if (!group.average) continue;
      g.rows.push_back(
          {r.name, r.skills.audited->iso(), group.group, one_decimal(group.average), signed_decimal(group.change)});
    }
  }
  for (const auto& group : section.team_skills.groups) {
    g.rows.push_back({"Team", "-", group.group, one_decimal(group.average), signed_decimal(group.change)});
  }
  return g;
}

bool any_audit(const ActivityReport& section) {
  return std::any_of(section.reps.begin(), section.reps.end(), [](const auto& r) { return r.skills.audited; });
}

// The line under an activity's table: the team's meetings, or why a skills audit has no ratings table.
std::string activity_line(const ActivityReport& section) {
  if (section.kind == kind::team_meeting) {
    return fmt::format("Team meetings held: {} (days with one in the period).", section.days_held);
  }
  if (section.kind == kind::skills_audit && !any_audit(section)) return "No skills audit in the period.";
  return "";
}

const ActivityReport* find_activity(const TeamReport& team, std::string_view kind) {
  for (const auto& section : team.activities) {
    if (section.kind == kind) return &section;
  }
  return nullptr;
}

bool any_activity(const Report& report) {
  return std::any_of(report.teams.begin(), report.teams.end(), [](const auto& t) { return !t.activities.empty(); });
}

// The roll-up's second table: each team's adherence per activity.
Grid activity_rollup_grid(const Report& report) {
  Grid g{{"MANAGER", "TEAM", "JOINT CALLS", "TEAM MTGS", "CAREER", "AUDITS"},
         {false, false, true, true, true, true},
         {}};
  for (const auto& team : report.teams) {
    std::vector<std::string> row{team.manager.empty() ? "-" : team.manager,
                                 team.team.empty() ? team.directory : team.team};
    for (std::string_view kind : {kind::joint_call, kind::team_meeting, kind::career, kind::skills_audit}) {
      const ActivityReport* section = find_activity(team, kind);
      row.push_back(section ? percent_text(section->totals.adherence()) : "-");
    }
    g.rows.push_back(std::move(row));
  }
  return g;
}

// Only the reps on the team for at least one day of the period count: one away
// for all of it, or not yet started or archived before it, got no time to judge.
std::string time_line(const TeamReport& team) {
  std::vector<const RepFigures*> counted;
  for (const auto& f : team.reps) {
    if (f.days_counted > 0) counted.push_back(&f);
  }
  if (counted.size() < 2) return "";
  const auto by_minutes = [](const RepFigures* a, const RepFigures* b) { return a->minutes < b->minutes; };
  const RepFigures* most = *std::max_element(counted.begin(), counted.end(), by_minutes);
  const RepFigures* least = *std::min_element(counted.begin(), counted.end(), by_minutes);
  const auto meetings = [](int n) { return fmt::format("{} 1:1{}", n, n == 1 ? "" : "s"); };
  return fmt::format("Most time: {} ({} min in {}). Least: {} ({} min in {}).", most->name, most->minutes,
                     meetings(most->held), least->name, least->minutes, meetings(least->held));
}

// The names column keeps names of up to this many characters whole when a table is cut to fit.
constexpr size_t whole_name_width = 16;

// The grid's columns `shown` (the first is the names column) as a text table.
std::string grid_part_as_table(const Grid& grid, const std::vector<size_t>& shown, int width, bool color,
                               bool total_row) {
  Table table;
  for (size_t c : shown) {
    table.add_column(grid.headers[c], grid.right[c] ? Table::Align::right : Table::Align::left, c == 0);
  }
  table.give_way(grid.headers[0], whole_name_width);
  for (size_t r = 0; r < grid.rows.size(); ++r) {
    std::vector<Table::Cell> cells;
    const bool bold = total_row && r + 1 == grid.rows.size();
    for (size_t c : shown) cells.push_back({grid.rows[r][c], bold ? Style::bold : Style::plain});
    table.add_row(cells);
  }
  return table.render(width, color);
}

// The grid as a text table within `width` (0: no limit). Too wide even with the
// names cut to 16 characters (with ~), it is split into tables of the columns
// that fit, each with the names column again, one after the other.
std::string grid_as_table(const Grid& grid, int width, bool color, bool total_row) {
  std::vector<size_t> widths(grid.headers.size());
  for (size_t c = 0; c < widths.size(); ++c) {
    widths[c] = display_width(grid.headers[c]);
    for (const auto& row : grid.rows) widths[c] = std::max(widths[c], display_width(one_line(row[c])));
  }
  const size_t names = std::min(widths[0], whole_name_width);
  std::vector<std::vector<size_t>> parts{{0}};
  size_t used = names;
  for (size_t c = 1; c < widths.size(); ++c) {
    if (width > 0 && parts.back().size() > 1 && used + 2 + widths[c] > static_cast<size_t>(width)) {
      parts.push_back({0});
      used = names;
    }
    parts.back().push_back(c);
    used += 2 + widths[c];
  }
  std::string out;
  for (const auto& part : parts) {
    out += (out.empty() ? "" : "\n") + grid_part_as_table(grid, part, width, color, total_row);
  }
  return out;
}

std::string md_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' || c == '>') out += '\\';
    out += c;
  }
  return out;
}

std::string grid_as_markdown(const Grid& grid) {
  std::string out = "|";
  for (const auto& h : grid.headers) out += " " + h + " |";
  out += "\n|";
  for (size_t c = 0; c < grid.headers.size(); ++c) out += grid.right[c] ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : grid.rows) {
    out += "|";
    for (const auto& cell : row) out += " " + md_escape(cell) + " |";
    out += "\n";
  }
  return out;
}

std::string number_or_empty(const std::optional<int>& value) {
  return value ? std::to_string(*value) : "";
}

std::string ratio_or_empty(const std::optional<double>& value) {
  if (!value) return "";
  const long points = basis_points(*value);
  return fmt::format("{}.{:04}", points / 10000, points % 10000);
}

Json counts_json(const PromiseCounts& c) {
  return {{"made", c.made},
          {"kept", c.kept},
          {"kept_on_time", c.kept_on_time},
          {"kept_after_move", c.kept_after_move},
          {"kept_late", c.kept_late},
          {"dropped", c.dropped},
          {"open", c.open},
          {"overdue", c.overdue},
          {"on_time_rate", share_json(c.on_time_rate())}};
}

Json figures_json(const RepFigures& f, bool is_rep) {
  Json j;
  if (is_rep) {
    j["id"] = f.id;
    j["name"] = f.name;
    j["tags"] = f.tags;
    j["archived"] = f.archived;
    j["cadence_days"] = f.cadence;
  }
  j["held"] = f.held;
  j["expected"] = f.expected;
  j["adherence"] = share_json(f.adherence());
  j["on_cadence"] = share_json(f.on_cadence());
  j["days_counted"] = f.days_counted;
  j["days_late"] = f.days_late;
  j["median_gap_days"] = f.median_gap ? Json(*f.median_gap) : Json(nullptr);
  j["longest_gap_days"] = f.longest_gap ? Json(*f.longest_gap) : Json(nullptr);
  if (is_rep) j["days_since_last"] = f.days_since_last ? Json(*f.days_since_last) : Json(nullptr);
  j["minutes"] = f.minutes;
  j["with_personal_topic"] = f.with_personal;
  j["with_notes"] = f.with_notes;
  j["manager_promises"] = counts_json(f.manager);
  j["rep_promises"] = counts_json(f.rep);
  if (is_rep) {
    Json dates = Json::array();
    for (Date d : f.meetings) dates.push_back(d.iso());
    j["one_on_ones"] = dates;
  }
  return j;
}

std::string grid_as_html(const Grid& grid, bool total_row) {
  std::string out = "<table><thead><tr>";
  for (size_t c = 0; c < grid.headers.size(); ++c) {
    out += fmt::format("<th{}>{}</th>", grid.right[c] ? R"( class="n")" : "", html_escape(grid.headers[c]));
  }
  out += "</tr></thead><tbody>";
  for (size_t r = 0; r < grid.rows.size(); ++r) {
    out += total_row && r + 1 == grid.rows.size() ? R"(<tr class="total">)" : "<tr>";
    for (size_t c = 0; c < grid.rows[r].size(); ++c) {
      out += fmt::format("<td{}>{}</td>", grid.right[c] ? R"( class="n")" : "", html_escape(grid.rows[r][c]));
    }
    out += "</tr>";
  }
  out += "</tbody></table>\n";
  return out;
}

constexpr const char* activity_rollup_title = "Other activities (adherence)";
constexpr const char* ratings_title = "Skill ratings (last audit in the period; change since the audit before)";

std::string activities_as_table(const TeamReport& team, int width, bool color) {
  std::string out;
  for (const auto& section : team.activities) {
    out += "\n" + styled(activity_title(section.kind), Style::bold, color) + "\n" +
           grid_as_table(activity_grid(section), width, color, true);
    if (const std::string line = activity_line(section); !line.empty()) out += line + "\n";
    if (section.kind == kind::skills_audit && any_audit(section)) {
      out += "\n" + styled(ratings_title, Style::bold, color) + "\n" +
             grid_as_table(ratings_grid(section), width, color, false);
    }
  }
  return out;
}

std::string activities_as_markdown(const TeamReport& team, const char* level) {
  std::string out;
  for (const auto& section : team.activities) {
    out += fmt::format("\n{}# {}\n\n", level, activity_title(section.kind)) + grid_as_markdown(activity_grid(section));
    if (const std::string line = activity_line(section); !line.empty()) out += "\n" + md_escape(line) + "\n";
    if (section.kind == kind::skills_audit && any_audit(section)) {
      out += fmt::format("\n{}# {}\n\n", level, ratings_title) + grid_as_markdown(ratings_grid(section));
    }
  }
  return out;
}

// Held against expected: held and credited (dark green), held beyond the
// expected (light green), expected and not held (red); one scale for the team.
std::string held_bar_svg(const ActivityFigures& f, int scale_max) {
  const BarPart parts[] = {{f.credited, "#2e7d32", "held"},
                           {f.held - f.credited, "#9ccc65", "held beyond the expected"},
                           {f.expected - f.credited, "#e5533d", "expected and not held"}};
  return stacked_bar_svg(parts, scale_max);
}

// A group's average on a 0-5 scale (blue), the previous audit's as a dark tick.
std::string rating_bar_svg(const GroupRating& g) {
  const double width = 200;
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="18" viewBox="0 0 {} 18">)", width, width);
  svg += fmt::format(R"(<rect x="0" y="2" width="{:.1f}" height="14" fill="#eee"/>)", width);
  if (g.average) {
    svg += fmt::format(R"(<rect x="0" y="2" width="{:.1f}" height="14" fill="#64b5f6"><title>{} {}</title></rect>)",
                       width * *g.average / 5, html_escape(g.group), one_decimal(g.average));
  }
  if (g.previous) {
    const double x = width * *g.previous / 5;
    svg += fmt::format(
        R"(<line x1="{:.1f}" y1="0" x2="{:.1f}" y2="18" stroke="#333" stroke-width="2"><title>before: {}</title></line>)",
        x, x, one_decimal(g.previous));
  }
  return svg + "</svg>";
}

std::string ratings_chart_html(const ActivityReport& section) {
  std::string out =
      R"(<p class="legend"><span><i style="background:#64b5f6"></i>average, 0 to 5</span><span><i style="background:#333"></i>the audit before</span></p>
<table><tbody>)";
  for (const auto& r : section.reps) {
    for (const auto& group : r.skills.groups) {
      if (!group.average) continue;
      out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>", html_escape(r.name),
                         html_escape(group.group), rating_bar_svg(group), signed_decimal(group.change));
    }
  }
  return out + "</tbody></table>\n";
}

void append_activities_html(std::string& out, const TeamReport& team) {
  for (const auto& section : team.activities) {
    out += fmt::format("<h3>{}</h3>\n", activity_title(section.kind)) + grid_as_html(activity_grid(section), true);
    if (const std::string line = activity_line(section); !line.empty()) {
      out += fmt::format("<p>{}</p>\n", html_escape(line));
    }
    out +=
        R"(<p class="legend"><span><i style="background:#2e7d32"></i>held</span><span><i style="background:#9ccc65"></i>held beyond the expected</span><span><i style="background:#e5533d"></i>expected and not held</span></p>
<table><tbody>)";
    int scale = 1;
    for (const auto& r : section.reps) scale = std::max({scale, r.figures.held, r.figures.expected});
    for (const auto& r : section.reps) {
      out += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"n\">{} of {}</td></tr>", html_escape(r.name),
                         held_bar_svg(r.figures, scale), r.figures.held, r.figures.expected);
    }
    out += "</tbody></table>\n";
    if (section.kind == kind::skills_audit && any_audit(section)) {
      out += fmt::format("<h3>{}</h3>\n", html_escape(ratings_title)) + grid_as_html(ratings_grid(section), false) +
             ratings_chart_html(section);
    }
  }
}

Json average_json(const std::optional<double>& value) {
  return value ? Json(std::round(*value * 100) / 100) : Json(nullptr);
}

Json groups_json(const SkillsFigures& skills, bool is_rep) {
  Json groups = Json::array();
  for (const auto& g : skills.groups) {
    Json j{{"group", g.group}, {"average", average_json(g.average)}};
    if (is_rep) j["previous"] = average_json(g.previous);
    j["change"] = average_json(g.change);
    groups.push_back(std::move(j));
  }
  return groups;
}

Json activity_figures_json(const ActivityFigures& f, bool is_rep) {
  Json j;
  j["cadence_days"] = f.cadence;
  j["held"] = f.held;
  j["expected"] = f.expected;
  j["adherence"] = share_json(f.adherence());
  if (!is_rep) return j;
  j["days_since_last"] = f.days_since_last ? Json(*f.days_since_last) : Json(nullptr);
  Json dates = Json::array();
  for (Date d : f.dates) dates.push_back(d.iso());
  j["dates"] = dates;
  return j;
}

// A team's "activities": one object per section shown, by kind, each rep's written as it is made.
void write_activities_json(JsonTextWriter& json, const TeamReport& team) {
  json.open_object();
  for (const auto& section : team.activities) {
    const bool audits = section.kind == kind::skills_audit;
    json.key(section.kind);
    json.open_object();
    Json totals = activity_figures_json(section.totals, false);
    if (section.kind == kind::team_meeting) totals["days_held"] = section.days_held;
    if (audits) totals["groups"] = groups_json(section.team_skills, false);
    json.key("totals");
    json.value(totals);
    json.key("reps");
    json.open_array();
    for (const auto& r : section.reps) {
      Json j{{"id", r.id}};
      j.update(activity_figures_json(r.figures, true));
      if (audits) {
        j["audited"] = date_json(r.skills.audited);
        j["previous_audit"] = date_json(r.skills.previous_audit);
        j["groups"] = groups_json(r.skills, true);
      }
      json.item();
      json.value(j);
    }
    json.close();
    json.close();
  }
  json.close();
}

// The CSV's columns for the other activities: for each kind a team shows, and
// for each skill group of the teams' skills audits.
struct CsvActivities {
  std::vector<std::string_view> kinds;
  std::vector<std::string> groups;
};

CsvActivities csv_activities(const Report& report) {
  CsvActivities c;
  for (std::string_view kind : activity_kinds) {
    for (const auto& team : report.teams) {
      const ActivityReport* section = find_activity(team, kind);
      if (!section) continue;
      if (std::find(c.kinds.begin(), c.kinds.end(), kind) == c.kinds.end()) c.kinds.push_back(kind);
      for (const auto& g : section->team_skills.groups) {
        if (std::find(c.groups.begin(), c.groups.end(), g.group) == c.groups.end()) c.groups.push_back(g.group);
      }
    }
  }
  return c;
}

std::string csv_activity_header(const CsvActivities& c) {
  std::string out;
  for (std::string_view kind : c.kinds) {
    for (const char* column : {"cadence_days", "held", "expected", "adherence", "days_since_last"}) {
      out += fmt::format(",{}_{}", snake(kind), column);
    }
    if (kind != kind::skills_audit) continue;
    out += ",skills_audit_audited";
    for (const auto& group : c.groups) {
      out += "," + csv_field(fmt::format("skills_audit_{}_average", group)) + "," +
             csv_field(fmt::format("skills_audit_{}_change", group));
    }
  }
  return out;
}

std::string decimals_or_empty(const std::optional<double>& value) {
  return value ? fmt::format("{:.2f}", std::round(*value * 100) / 100) : "";
}

// The rep's fields of those columns (empty where the team does not show the activity).
std::string csv_activity_fields(const TeamReport& team, size_t rep_index, const CsvActivities& c) {
  static const std::vector<GroupRating> no_groups;
  std::string out;
  for (std::string_view kind : c.kinds) {
    const ActivityReport* section = find_activity(team, kind);
    const ActivityRow* row = section ? &section->reps[rep_index] : nullptr;
    if (row) {
      const ActivityFigures& f = row->figures;
      out += fmt::format(",{},{},{},{},{}", f.cadence, f.held, f.expected, ratio_or_empty(f.adherence()),
                         number_or_empty(f.days_since_last));
    } else {
      out += ",,,,,";
    }
    if (kind != kind::skills_audit) continue;
    out += "," + (row && row->skills.audited ? row->skills.audited->iso() : std::string());
    for (const auto& group : c.groups) {
      const GroupRating* rating = nullptr;
      for (const auto& g : row ? row->skills.groups : no_groups) {
        if (g.group == group) rating = &g;
      }
      out += rating ? "," + decimals_or_empty(rating->average) + "," + decimals_or_empty(rating->change) : ",,";
    }
  }
  return out;
}

// The roll-up's tables of the index's parts, the managers' promises and their attention, as text.
std::string standing_as_table(const Report& report, int width, bool color) {
  std::string out = "\n" + styled(index_parts_title, Style::bold, color) + "\n" +
                    grid_as_table(index_parts_grid(report), width, color, false);
  if (index_weights_differ(report)) out += std::string(weights_differ_line) + "\n";
  out += "\n" + styled(promises_rollup_title, Style::bold, color) + "\n" +
         grid_as_table(promises_rollup_grid(report), width, color, false);
  out += "\n" + styled(attention_title, Style::bold, color) + "\n" +
         grid_as_table(attention_grid(report), width, color, false);
  return out;
}

std::string standing_as_markdown(const Report& report) {
  std::string out = fmt::format("## {}\n\n", index_parts_title) + grid_as_markdown(index_parts_grid(report)) + "\n";
  if (index_weights_differ(report)) out += md_escape(weights_differ_line) + "\n\n";
  out += fmt::format("## {}\n\n", promises_rollup_title) + grid_as_markdown(promises_rollup_grid(report)) + "\n";
  out += fmt::format("## {}\n\n", attention_title) + grid_as_markdown(attention_grid(report)) + "\n";
  return out;
}

std::string standing_as_html(const Report& report) {
  std::string out = fmt::format("<h3>{}</h3>\n", index_parts_title) + grid_as_html(index_parts_grid(report), false);
  if (index_weights_differ(report)) out += fmt::format("<p>{}</p>\n", html_escape(weights_differ_line));
  out += fmt::format("<h3>{}</h3>\n", html_escape(promises_rollup_title)) +
         grid_as_html(promises_rollup_grid(report), false);
  out += fmt::format("<h3>{}</h3>\n", html_escape(attention_title)) + grid_as_html(attention_grid(report), false);
  return out;
}

Json index_json(const CoachingIndex& index) {
  Json parts = Json::array();
  for (const auto& part : index.parts) {
    parts.push_back({{"name", part.name}, {"weight", part.weight}, {"value", share_json(part.value)}});
  }
  const auto score = index.score();
  return {{"score", score ? Json(*score) : Json(nullptr)}, {"parts", parts}};
}

Json group_json(const GroupAdherence& group) {
  return {{"reps", group.reps},
          {"credited", group.credited},
          {"expected", group.expected},
          {"adherence", share_json(group.adherence())}};
}

// The manager's figures of the roll-up (every team has them, one team or several).
Json standing_json(const ManagerStanding& s) {
  return {{"attainment", share_json(s.attainment)},
          {"overdue_now", s.overdue_now},
          {"oldest_overdue_days", s.oldest_overdue_days ? Json(*s.oldest_overdue_days) : Json(nullptr)},
          {"made", s.made},
          {"dropped", s.dropped},
          {"drop_rate", share_json(s.drop_rate())},
          {"high_performers", group_json(s.high_performers)},
          {"tenured", group_json(s.tenured)},
          {"others", group_json(s.others)}};
}

std::string csv_standing_header() {
  std::string out = ",index";
  for (std::string_view part : index_part_names) out += ",index_" + snake(part);
  return out + ",team_attainment,manager_overdue_now,manager_oldest_overdue_days,manager_drop_rate,"
               "adherence_high_performers,adherence_tenured,adherence_others";
}

// The team's index and roll-up figures, the same on each of its reps' rows.
std::string csv_standing_fields(const ManagerStanding& s) {
  std::string out = "," + number_or_empty(s.index.score());
  for (const auto& part : s.index.parts) out += "," + ratio_or_empty(part.value);
  return out + fmt::format(",{},{},{},{},{},{},{}", ratio_or_empty(s.attainment), s.overdue_now,
                           number_or_empty(s.oldest_overdue_days), ratio_or_empty(s.drop_rate()),
                           ratio_or_empty(s.high_performers.adherence()), ratio_or_empty(s.tenured.adherence()),
                           ratio_or_empty(s.others.adherence()));
}

} // namespace

std::string render_grid_table(const Grid& grid, int width, bool color, bool total_row) {
  return grid_as_table(grid, width, color, total_row);
}
std::string render_grid_markdown(const Grid& grid) {
  return grid_as_markdown(grid);
}
std::string render_grid_html(const Grid& grid, bool total_row) {
  return grid_as_html(grid, total_row);
}
std::string markdown_text(std::string_view text) {
  return md_escape(text);
}
std::string html_text(std::string_view text) {
  return html_escape(text);
}

std::string render_report_table(const Report& report, int width, bool color) {
  std::string out;
  if (report.teams.size() > 1) {
    out += styled(fmt::format("Coaching across {} teams, {}", report.teams.size(), period_line(report)), Style::bold,
                  color) +
           "\n\n";
    out += grid_as_table(rollup_grid(report), width, color, false);
    if (any_activity(report)) {
      out += "\n" + styled(activity_rollup_title, Style::bold, color) + "\n" +
             grid_as_table(activity_rollup_grid(report), width, color, false);
    }
    out += standing_as_table(report, width, color);
    if (report.team_results) out += results_as_table(*report.team_results, true, width, color);
  }
  for (const auto& team : report.teams) {
    if (!out.empty()) out += "\n";
    out += styled(fmt::format("Coaching report: {}, {}", team_title(team), period_line(report)), Style::bold, color) +
           "\n\n";
    out += styled("1:1s", Style::bold, color) + "\n" + grid_as_table(cadence_grid(team), width, color, true);
    const size_t line_width = width > 0 ? static_cast<size_t>(width) : 80;
    const std::string time = time_line(team);
    if (!time.empty()) out += time + "\n";
    out += wrapped(index_line(team), line_width);
    out += "\n" + styled("Your promises (made in the period)", Style::bold, color) + "\n" +
           grid_as_table(promise_grid(team, true), width, color, true);
    out += "\n" + styled("Their commitments (made in the period)", Style::bold, color) + "\n" +
           grid_as_table(promise_grid(team, false), width, color, true);
    out += activities_as_table(team, width, color);
    if (team.results) out += results_as_table(*team.results, false, width, color);
    if (!team.trend.empty()) {
      out += "\n" + styled(report.by == TrendBy::week ? "By week" : "By month", Style::bold, color) + "\n" +
             grid_as_table(trend_grid(team), width, color, false);
    }
  }
  return width > 0 ? wrap_long_lines(out, static_cast<size_t>(width)) : out; // the titles and lines under tables
}

std::string render_report_markdown(const Report& report) {
  std::string out;
  if (report.teams.size() > 1) {
    out += fmt::format("# Coaching across {} teams\n\n{}\n\n", report.teams.size(), period_line(report));
    out += grid_as_markdown(rollup_grid(report)) + "\n";
    if (any_activity(report)) {
      out += fmt::format("## {}\n\n", activity_rollup_title) + grid_as_markdown(activity_rollup_grid(report)) + "\n";
    }
    out += standing_as_markdown(report);
    if (report.team_results) out += results_as_markdown(*report.team_results, true, "##") + "\n";
  }
  const char* level = report.teams.size() > 1 ? "##" : "#";
  for (const auto& team : report.teams) {
    out += fmt::format("{} Coaching report: {}\n\n{}\n\n", level, md_escape(team_title(team)), period_line(report));
    out += fmt::format("{}# 1:1s\n\n", level) + grid_as_markdown(cadence_grid(team));
    const std::string time = time_line(team);
    if (!time.empty()) out += "\n" + md_escape(time) + "\n";
    out += "\n" + md_escape(index_line(team)) + "\n";
    out += fmt::format("\n{}# Your promises (made in the period)\n\n", level) +
           grid_as_markdown(promise_grid(team, true));
    out += fmt::format("\n{}# Their commitments (made in the period)\n\n", level) +
           grid_as_markdown(promise_grid(team, false));
    out += activities_as_markdown(team, level);
    if (team.results) out += results_as_markdown(*team.results, false, fmt::format("{}#", level));
    if (!team.trend.empty()) {
      out += fmt::format("\n{}# {}\n\n", level, report.by == TrendBy::week ? "By week" : "By month") +
             grid_as_markdown(trend_grid(team));
    }
    out += "\n";
  }
  return out;
}

std::string render_report_csv(const Report& report) {
  std::string out;
  if (report.by != TrendBy::none) {
    out = "directory,manager,team,period,first,last,held,expected,overdue,overdue_manager\r\n";
    for (const auto& team : report.teams) {
      for (const auto& b : team.trend) {
        out += fmt::format("{},{},{},{},{},{},{},{},{},{}\r\n", csv_field(team.directory), csv_field(team.manager),
                           csv_field(team.team), b.label, b.first.iso(), b.last.iso(), b.held, b.expected, b.overdue,
                           b.overdue_manager);
      }
    }
    return out;
  }
  out = "directory,manager,team,rep,name,archived,cadence_days,held,expected,adherence,on_cadence,median_gap_days,"
        "longest_gap_days,days_since_last,minutes,with_personal_topic,with_notes";
  for (const char* side : {"manager", "rep"}) {
    for (const char* field : {"made", "kept", "kept_on_time", "kept_after_move", "kept_late", "dropped", "open",
                              "overdue", "on_time_rate"}) {
      out += fmt::format(",{}_{}", side, field);
    }
  }
  const CsvActivities activities = csv_activities(report); // no columns when no team shows one
  out += csv_activity_header(activities) + csv_standing_header() + csv_results_header(report) + "\r\n";
  for (const auto& team : report.teams) {
    for (size_t i = 0; i < team.reps.size(); ++i) {
      const RepFigures& f = team.reps[i];
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}", csv_field(team.directory),
                         csv_field(team.manager), csv_field(team.team), csv_field(f.id), csv_field(f.name),
                         f.archived ? "true" : "false", f.cadence, f.held, f.expected, ratio_or_empty(f.adherence()),
                         ratio_or_empty(f.on_cadence()), number_or_empty(f.median_gap), number_or_empty(f.longest_gap),
                         number_or_empty(f.days_since_last), f.minutes, f.with_personal, f.with_notes);
      for (const PromiseCounts* c : {&f.manager, &f.rep}) {
        out += fmt::format(",{},{},{},{},{},{},{},{},{}", c->made, c->kept, c->kept_on_time, c->kept_after_move,
                           c->kept_late, c->dropped, c->open, c->overdue, ratio_or_empty(c->on_time_rate()));
      }
      out += csv_activity_fields(team, i, activities) + csv_standing_fields(team.standing) +
             csv_results_fields(report, team, i) + "\r\n";
    }
  }
  return out;
}

std::string render_report_json(const Report& report) {
  // Written a member at a time (JsonTextWriter), each rep's figures made just
  // before they are written: at 2,000 reps the document as one tree was most
  // of the command's memory (58 MB warm; the table took 25).
  std::string out;
  JsonTextWriter json(out);
  json.open_object();
  json.key("period");
  json.value({{"label", report.period.label},
              {"first", report.period.first.iso()},
              {"last", report.period.last.iso()},
              {"days", report.period.days()}});
  const char* by = report.by == TrendBy::week ? "week" : report.by == TrendBy::month ? "month" : nullptr;
  json.key("by");
  json.value(by ? Json(by) : Json(nullptr));
  json.key("teams");
  json.open_array();
  for (const auto& team : report.teams) {
    json.item();
    json.open_object();
    json.key("directory");
    json.value(team.directory);
    json.key("manager");
    json.value(team.manager);
    json.key("team");
    json.value(team.team);
    json.key("totals");
    json.value(figures_json(team.totals, false));
    json.key("reps");
    json.open_array();
    for (const auto& f : team.reps) {
      json.item();
      json.value(figures_json(f, true));
    }
    json.close();
    json.key("trend");
    json.open_array();
    for (const auto& b : team.trend) {
      json.item();
      json.value({{"label", b.label},
                  {"first", b.first.iso()},
                  {"last", b.last.iso()},
                  {"held", b.held},
                  {"expected", b.expected},
                  {"overdue", b.overdue},
                  {"overdue_manager", b.overdue_manager}});
    }
    json.close();
    // Only with a section to show, so a report without these records is as before.
    if (!team.activities.empty()) {
      json.key("activities");
      write_activities_json(json, team);
    }
    json.key("index");
    json.value(index_json(team.standing.index));
    json.key("roll_up");
    json.value(standing_json(team.standing));
    if (team.results) {
      json.key("results");
      json.value(results_json(*team.results, false));
    }
    json.close();
  }
  json.close();
  if (report.team_results) {
    json.key("teams_results");
    json.value(results_json(*report.team_results, true));
  }
  json.close();
  out += '\n';
  return out;
}

namespace {

// On screen as before; on paper (A4 or Letter) the page's full width, and no
// chart, table row, figure or heading split from what follows it.
constexpr const char* html_style = R"(<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #ddd; }
h3 { font-size: 1.05em; margin-top: 1.5em; }
p.meta { color: #666; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
th, td { padding: 0.3em 0.6em; border-bottom: 1px solid #eee; text-align: left; vertical-align: middle; }
th { background: #f6f6f6; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 2px solid #ccc; }
.legend span { display: inline-block; margin-right: 1em; font-size: 0.85em; }
.legend i { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.3em; vertical-align: -0.1em; }
.counts { font-size: 0.8em; color: #444; }
.side { display: flex; flex-wrap: wrap; gap: 2em; align-items: flex-end; }
svg { max-width: 100%; height: auto; }
@media print {
  @page { margin: 12mm; }
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  h2 { margin-top: 1.2em; }
  h2, h3, p.legend, p.meta { break-after: avoid; page-break-after: avoid; }
  tr, svg, .side, table.chart { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: none; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
</style>
)";

void append_timelines_html(std::string& out, const TeamReport& team, const ReportPeriod& period) {
  out += "<h3>Cadence timeline</h3>\n<p class=\"meta\">Each dot is a 1:1; grey ticks mark the expected "
         "rhythm; red shading marks gaps longer than the cadence and its grace.</p>\n<table><tbody>";
  for (const auto& f : team.reps) {
    out += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"n\">{} of {}</td></tr>", html_escape(f.name),
                       timeline_svg(f, period, team.grace), f.held, f.expected);
  }
  out += "</tbody></table>\n";
}

void append_promise_bars_html(std::string& out, const TeamReport& team) {
  out += R"(<h3>Promises kept and overdue</h3>
<p class="legend"><span><i style="background:#2e7d32"></i>kept on time</span><span><i style="background:#9ccc65"></i>kept after a move</span><span><i style="background:#f9a825"></i>kept late</span><span><i style="background:#9e9e9e"></i>dropped</span><span><i style="background:#64b5f6"></i>open</span><span><i style="background:#e5533d"></i>overdue</span></p>
<table><thead><tr><th>Rep</th><th>Your promises</th><th>Their commitments</th></tr></thead><tbody>)";
  int scale = 1;
  for (const auto& f : team.reps) scale = std::max({scale, f.manager.made, f.rep.made});
  for (const auto& f : team.reps) {
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", html_escape(f.name),
                       promise_bar_html(f.manager, scale), promise_bar_html(f.rep, scale));
  }
  out += "</tbody></table>\n";
}

// The trend's table with its chart beside it (below it on a narrow page).
std::string trend_html(const TeamReport& team, TrendBy by) {
  return fmt::format("<h3>{}</h3>\n", by == TrendBy::week ? "By week" : "By month") +
         R"(<p class="legend"><span><i style="background:#2e7d32"></i>1:1s held</span><span><i style="border:1px dashed #888"></i>expected</span></p>
<div class="side"><div>)" +
         grid_as_html(trend_grid(team), false) + "</div><div>" + trend_chart_svg(team.trend, by) + "</div></div>\n";
}

void append_team_html(std::string& out, const TeamReport& team, const Report& report) {
  out += fmt::format("<h2>{}</h2>\n", html_escape(team_title(team)));
  out += "<h3>1:1s</h3>\n" + grid_as_html(cadence_grid(team), true);
  const std::string time = time_line(team);
  if (!time.empty()) out += fmt::format("<p>{}</p>\n", html_escape(time));
  out += fmt::format("<p>{}</p>\n", html_escape(index_line(team)));
  append_timelines_html(out, team, report.period);
  append_promise_bars_html(out, team);
  out += "<h3>Your promises (made in the period)</h3>\n" + grid_as_html(promise_grid(team, true), true);
  out += "<h3>Their commitments (made in the period)</h3>\n" + grid_as_html(promise_grid(team, false), true);
  append_activities_html(out, team);
  if (team.results) out += results_as_html(*team.results, false, "h3");
  if (!team.trend.empty()) out += trend_html(team, report.by);
}

} // namespace

std::string render_report_html(const Report& report, Date generated) {
  // Room for about 12 KB a rep (8 KB measured over 90 days at 2,000 reps),
  // taken once, and every part appended in place: a string grown by doubling
  // holds its old and new text at once, and a part made apart is a copy.
  // Room never written takes no memory. At 2,000 reps, 65 MB to 43.
  size_t reps = 0;
  for (const auto& team : report.teams) reps += team.reps.size();
  std::string out;
  out.reserve(64 * 1024 + 12 * 1024 * reps);
  out += R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
)";
  out += fmt::format("<title>Coaching report, {}</title>\n", html_escape(report.period.label));
  out += std::string(html_style) + "</head>\n<body>\n";
  out += fmt::format("<h1>Coaching report</h1>\n<p class=\"meta\">{} · generated {}</p>\n",
                     html_escape(period_line(report)), generated.pretty());
  if (report.teams.size() > 1) {
    out += fmt::format("<h2>Across {} teams</h2>\n", report.teams.size()) + grid_as_html(rollup_grid(report), false);
    out += rollup_chart_html(report);
    if (any_activity(report)) {
      out += fmt::format("<h3>{}</h3>\n", activity_rollup_title) + grid_as_html(activity_rollup_grid(report), false);
    }
    out += standing_as_html(report);
    if (report.team_results) out += results_as_html(*report.team_results, true, "h3");
  }
  for (const auto& team : report.teams) append_team_html(out, team, report);
  out += "</body>\n</html>\n";
  return out;
}

} // namespace coach::cli
