// The report's "Coaching and results" sections in every format
// (coach-report(1), "Coaching and results"); the figures are computed in
// src/core/report_results.cpp, nothing here computes one.
#include "report_render_results.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <coach/results_file.hpp>

#include "output.hpp"
#include "report_grid.hpp"

namespace coach::cli {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* team_title = "Coaching and results";
constexpr const char* teams_title = "Coaching and results across teams";

std::string four_decimals(double share) {
  return fmt::format("{:.4f}", static_cast<double>(basis_points(share)) / 10000);
}

std::string two_decimals(double value) {
  const std::string text = fmt::format("{:.2f}", std::round(value * 100) / 100);
  return text == "-0.00" ? "0.00" : text;
}

std::string p_value_text(double p) {
  return p < 0.005 ? "< 0.01" : two_decimals(p);
}

const char* units(bool over_teams, size_t n) {
  if (over_teams) return n == 1 ? "team" : "teams";
  return n == 1 ? "rep" : "reps";
}

Grid points_grid(const ResultsSection& section, bool over_teams) {
  Grid g;
  if (over_teams) {
    g.headers = {"MANAGER", "TEAM", "CONSISTENCY", "QUOTA", "ACTUAL", "ATTAINMENT"};
    g.right = {false, false, true, true, true, true};
  } else {
    g.headers = {"REP", "CONSISTENCY", "QUOTA", "ACTUAL", "ATTAINMENT"};
    g.right = {false, true, true, true, true};
  }
  for (const auto& p : section.points) {
    std::vector<std::string> row;
    if (over_teams) {
      row = {p.name.empty() ? "-" : p.name, p.team.empty() ? p.id : p.team};
    } else {
      row = {p.name + (p.archived ? " (archived)" : "")};
    }
    for (auto& cell :
         {percent_text(p.consistency), amount_display(p.quota), amount_display(p.actual), percent_text(p.attainment)}) {
      row.push_back(cell);
    }
    g.rows.push_back(std::move(row));
  }
  return g;
}

std::string statistics_line(const ResultsSection& section) {
  const RankCorrelation& c = section.correlation;
  if (!c.rho || !c.p) return fmt::format("Spearman's rank correlation: rho -, n {}.", c.n);
  std::string method;
  if (c.method == PValueMethod::exact) {
    long orderings = 1;
    for (int i = 2; i <= c.n; ++i) orderings *= i;
    method = fmt::format("exact, over all {} orderings", amount_display(static_cast<double>(orderings)));
  } else {
    method = fmt::format("t approximation, {} degrees of freedom", c.n - 2);
  }
  return fmt::format("Spearman's rank correlation: rho {}, n {}, p {} ({}).", two_decimals(*c.rho), c.n,
                     p_value_text(*c.p), method);
}

Grid groups_grid(const ResultsSection& section, bool over_teams) {
  Grid g{{"GROUP", over_teams ? "TEAMS" : "REPS", "CONSISTENCY", "ATTAINMENT"}, {false, true, true, true}, {}};
  for (const auto& [label, group] : {std::pair{"Top fifth", &section.top}, std::pair{"The rest", &section.rest}}) {
    const ResultsGroup& r = **group;
    g.rows.push_back(
        {label, std::to_string(r.ids.size()), percent_text(r.mean_consistency), percent_text(r.mean_attainment)});
  }
  return g;
}

std::string groups_title(bool over_teams) {
  return fmt::format("Top fifth of the {} by coaching consistency against the rest", over_teams ? "teams" : "reps");
}

std::string no_groups_line(bool over_teams) {
  return fmt::format("The top fifth against the rest needs at least 2 {}.", units(over_teams, 2));
}

std::string no_points_line(bool over_teams) {
  return over_teams ? "No team has both a coaching consistency and an attainment for the period."
                    : "No rep has both a coaching consistency and an attainment for the period.";
}

// Words of `text` on lines of at most `width` columns.
std::string wrapped(const std::string& text, size_t width) {
  std::string out;
  size_t line = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view word(text.data() + start, end - start);
    if (line > 0 && line + 1 + word.size() > width) {
      out += "\n";
      line = 0;
    } else if (line > 0) {
      out += " ";
      ++line;
    }
    out += word;
    line += word.size();
    start = end + 1;
  }
  return out + "\n";
}

// ---- The scatter plot (HTML) ----

struct PlotFrame {
  double left = 64, right = 500, top = 16, bottom = 296; // the plot area inside a 520 x 344 picture
  double low = 0, high = 1;                              // attainment shown, in quarters
  double x(double consistency) const { return left + (right - left) * consistency; }
  double y(double attainment) const { return bottom - (bottom - top) * (attainment - low) / (high - low); }
};

// The attainment axis: from 0 (or lower) to 100% (or higher), in whole quarters, taking in every dot and the line.
PlotFrame plot_frame(const ResultsSection& section, double x_first, double x_last) {
  PlotFrame frame;
  std::vector<double> ys{0.0, 1.0};
  for (const auto& p : section.points) ys.push_back(p.attainment);
  if (section.trend) {
    for (double x : {x_first, x_last}) ys.push_back(section.trend->intercept + section.trend->slope * x);
  }
  frame.low = std::floor(*std::min_element(ys.begin(), ys.end()) * 4) / 4;
  frame.high = std::ceil(*std::max_element(ys.begin(), ys.end()) * 4) / 4;
  return frame;
}

std::string axes_svg(const PlotFrame& f) {
  std::string svg;
  const double step = f.high - f.low > 2 ? 0.5 : 0.25; // at most about 8 lines
  for (double a = f.low; a <= f.high + 1e-9; a += step) {
    svg += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#e0e0e0" stroke-width="1"/>)",
                       f.left, f.y(a), f.right, f.y(a));
    svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="end" fill="#555">{}</text>)",
                       f.left - 6, f.y(a) + 4, percent_text(a));
  }
  for (int tick = 0; tick <= 4; ++tick) {
    const double c = tick / 4.0;
    svg += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#e0e0e0" stroke-width="1"/>)",
                       f.x(c), f.top, f.x(c), f.bottom);
    svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="middle" fill="#555">{}</text>)",
                       f.x(c), f.bottom + 16, percent_text(c));
  }
  svg += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="none" stroke="#999"/>)",
                     f.left, f.top, f.right - f.left, f.bottom - f.top);
  svg += fmt::format(R"(<text x="{:.1f}" y="336" font-size="12" text-anchor="middle" fill="#222">)"
                     R"(Coaching consistency</text>)",
                     (f.left + f.right) / 2);
  svg += fmt::format(R"(<text x="14" y="{:.1f}" font-size="12" text-anchor="middle" fill="#222" )"
                     R"svg(transform="rotate(-90 14 {:.1f})">Attainment</text>)svg",
                     (f.top + f.bottom) / 2, (f.top + f.bottom) / 2);
  return svg;
}

// Consistency (x, 0 to 100%) against attainment (y): a blue dot per point, the least-squares line in orange.
std::string scatter_svg(const ResultsSection& section, bool over_teams) {
  double x_first = 1;
  double x_last = 0;
  for (const auto& p : section.points) {
    x_first = std::min(x_first, p.consistency);
    x_last = std::max(x_last, p.consistency);
  }
  const PlotFrame f = plot_frame(section, x_first, x_last);
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="520" height="344" viewBox="0 0 520 344" role="img" )"
      R"(aria-label="{}">)",
      over_teams ? "Coaching consistency against attainment, a dot per team"
                 : "Coaching consistency against attainment, a dot per rep");
  svg += axes_svg(f);
  if (section.trend) {
    const Line& line = *section.trend;
    svg += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#ef6c00" stroke-width="3">)"
                       R"(<title>least squares: attainment = {} + {} × consistency</title></line>)",
                       f.x(x_first), f.y(line.intercept + line.slope * x_first), f.x(x_last),
                       f.y(line.intercept + line.slope * x_last), two_decimals(line.intercept),
                       two_decimals(line.slope));
  }
  for (const auto& p : section.points) {
    // A team: its manager, else its name, else its directory.
    const std::string who = !p.name.empty() ? p.name : !p.team.empty() ? p.team : p.id;
    svg += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="5" fill="#1565c0" stroke="#fff" stroke-width="1">)"
                       R"(<title>{}: consistency {}, attainment {}</title></circle>)",
                       f.x(p.consistency), f.y(p.attainment), html_text(who), percent_text(p.consistency),
                       percent_text(p.attainment));
  }
  return svg + "</svg>";
}

Json group_json(const std::optional<ResultsGroup>& group, bool over_teams) {
  if (!group) return nullptr;
  return Json{{over_teams ? "directories" : "reps", group->ids},
              {"consistency", share_json(group->mean_consistency)},
              {"attainment", share_json(group->mean_attainment)}};
}

Json point_json(const ResultsPoint& p, bool over_teams) {
  Json j;
  if (over_teams) {
    j = Json{{"directory", p.id}, {"manager", p.name}, {"team", p.team}};
  } else {
    j = Json{{"id", p.id}, {"name", p.name}, {"archived", p.archived}};
  }
  j["consistency"] = share_json(p.consistency);
  j["quota"] = p.quota;
  j["actual"] = p.actual;
  j["attainment"] = share_json(p.attainment);
  if (over_teams) return j;
  j["periods"] = p.periods;
  Json extra = Json::object();
  for (const auto& [label, columns] : p.extra) {
    Json fields = Json::object();
    for (const auto& [key, text] : columns) fields[key] = text;
    extra[label] = fields;
  }
  j["extra"] = extra;
  return j;
}

// The section's figures for a CSV row: consistency, (a rep's) quota, actual and attainment, group, n, rho, p
// (empty where none). A team's attainment is the roll-up's column team_attainment.
std::string csv_point_fields(const ResultsSection* section, const std::string& id, bool is_rep) {
  const ResultsPoint* point = nullptr;
  if (section) {
    for (const auto& p : section->points) {
      if (p.id == id) point = &p;
    }
  }
  std::string out;
  out += point ? "," + four_decimals(point->consistency) : ",";
  if (is_rep) {
    out += point ? fmt::format(",{},{},", point->quota, point->actual) + four_decimals(point->attainment) : ",,,";
  }
  std::string group;
  if (point && section->top) {
    const auto& top = section->top->ids;
    group = std::find(top.begin(), top.end(), id) != top.end() ? "top" : "rest";
  }
  out += "," + group;
  if (!section) return out + ",,,";
  const RankCorrelation& c = section->correlation;
  return out + fmt::format(",{},{},{}", c.n, c.rho ? four_decimals(*c.rho) : "", c.p ? four_decimals(*c.p) : "");
}

} // namespace

std::string correlation_sentence(const ResultsSection& section, bool over_teams) {
  const RankCorrelation& c = section.correlation;
  const auto n = static_cast<size_t>(c.n);
  if (c.n < 3) {
    return fmt::format("With {} {} with both figures, no rank correlation is shown: it needs at least 3.", c.n,
                       units(over_teams, n));
  }
  if (!c.rho || !c.p) {
    const auto& points = section.points;
    const bool same_consistency = std::all_of(points.begin(), points.end(), [&](const ResultsPoint& p) {
      return p.consistency == points.front().consistency;
    });
    return fmt::format("The {} {} all have the same {}, so no rank correlation is shown.", c.n, units(over_teams, n),
                       same_consistency ? "coaching consistency" : "attainment");
  }
  const std::string chance = *c.p < 0.005 ? "under 1%" : percent_text(*c.p);
  return fmt::format("With {} {}, a rank correlation this size ({}) arises by chance alone in {} of {} with no link "
                     "at all; it cannot show that coaching drives results, only whether the two went together.",
                     c.n, units(over_teams, n), two_decimals(*c.rho), chance, over_teams ? "groups of teams" : "teams");
}

std::string results_as_table(const ResultsSection& section, bool over_teams, int width, bool color) {
  std::string out = "\n" + styled(over_teams ? teams_title : team_title, Style::bold, color) + "\n";
  if (section.points.empty()) return out + no_points_line(over_teams) + "\n";
  out += render_grid_table(points_grid(section, over_teams), width, color, false);
  const size_t line_width = width > 0 ? static_cast<size_t>(width) : 80;
  out += wrapped(statistics_line(section), line_width) + wrapped(correlation_sentence(section, over_teams), line_width);
  if (!section.top) return out + no_groups_line(over_teams) + "\n";
  return out + "\n" + styled(groups_title(over_teams), Style::bold, color) + "\n" +
         render_grid_table(groups_grid(section, over_teams), width, color, false);
}

std::string results_as_markdown(const ResultsSection& section, bool over_teams, const std::string& heading) {
  std::string out = fmt::format("\n{} {}\n\n", heading, over_teams ? teams_title : team_title);
  if (section.points.empty()) return out + no_points_line(over_teams) + "\n";
  out += render_grid_markdown(points_grid(section, over_teams));
  out += "\n" + markdown_text(statistics_line(section)) + "\n\n" +
         markdown_text(correlation_sentence(section, over_teams)) + "\n";
  if (!section.top) return out + "\n" + no_groups_line(over_teams) + "\n";
  return out + fmt::format("\n{} {}\n\n", heading, groups_title(over_teams)) +
         render_grid_markdown(groups_grid(section, over_teams));
}

std::string results_as_html(const ResultsSection& section, bool over_teams, const std::string& heading) {
  std::string out = fmt::format("<{0}>{1}</{0}>\n", heading, over_teams ? teams_title : team_title);
  if (section.points.empty()) return out + fmt::format("<p>{}</p>\n", no_points_line(over_teams));
  out += render_grid_html(points_grid(section, over_teams), false);
  out += fmt::format("<p>{}</p>\n<p>{}</p>\n", html_text(statistics_line(section)),
                     html_text(correlation_sentence(section, over_teams)));
  out += fmt::format("<p class=\"meta\">Each dot is a {}; the orange line is the least-squares line of attainment "
                     "on coaching consistency.</p>\n",
                     over_teams ? "team" : "rep");
  out += scatter_svg(section, over_teams) + "\n";
  if (!section.top) return out + fmt::format("<p>{}</p>\n", no_groups_line(over_teams));
  return out + fmt::format("<{0}>{1}</{0}>\n", heading, html_text(groups_title(over_teams))) +
         render_grid_html(groups_grid(section, over_teams), false);
}

Json results_json(const ResultsSection& section, bool over_teams) {
  Json points = Json::array();
  for (const auto& p : section.points) points.push_back(point_json(p, over_teams));
  const RankCorrelation& c = section.correlation;
  Json correlation{{"n", c.n},
                   {"rho", share_json(c.rho)},
                   {"p_value", share_json(c.p)},
                   {"p_method", !c.p ? Json(nullptr) : Json(c.method == PValueMethod::exact ? "exact" : "t")},
                   {"sentence", correlation_sentence(section, over_teams)}};
  Json trend = nullptr;
  if (section.trend) {
    trend = Json{{"intercept", share_json(section.trend->intercept)}, {"slope", share_json(section.trend->slope)}};
  }
  return Json{{over_teams ? "teams" : "reps", points},
              {"correlation", correlation},
              {"top_fifth", group_json(section.top, over_teams)},
              {"rest", group_json(section.rest, over_teams)},
              {"trend_line", trend}};
}

std::string csv_results_header(const Report& report) {
  const bool any = std::any_of(report.teams.begin(), report.teams.end(), [](const auto& t) { return t.results; });
  if (!any) return "";
  std::string out = ",consistency,quota,actual,attainment,results_group,results_n,results_rho,results_p_value";
  if (report.team_results) {
    out += ",team_consistency,team_results_group,teams_results_n,teams_results_rho,"
           "teams_results_p_value";
  }
  return out;
}

std::string csv_results_fields(const Report& report, const TeamReport& team, size_t rep_index) {
  if (csv_results_header(report).empty()) return "";
  const ResultsSection* section = team.results ? &*team.results : nullptr;
  std::string out = csv_point_fields(section, team.reps[rep_index].id, true);
  if (report.team_results) out += csv_point_fields(&*report.team_results, team.directory, false);
  return out;
}

} // namespace coach::cli
