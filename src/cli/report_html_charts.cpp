#include "report_html_charts.hpp"

#include <algorithm>
#include <array>
#include <span>

#include <fmt/format.h>

#include "output.hpp"
#include "report_grid.hpp"

namespace coach::cli {

namespace {

constexpr std::array<const char*, 12> month_names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

int year_of(Date d) {
  return static_cast<int>(d.ymd().year());
}

unsigned month_of(Date d) {
  return static_cast<unsigned>(d.ymd().month());
}

Date month_start(int year, unsigned month) {
  return month > 12 ? *Date::from_ymd(year + 1, 1, 1) : *Date::from_ymd(year, month, 1);
}

// "Nov", or "Nov 2026" at January and at the axis's first label, so the year is always known.
std::string month_label(Date d, bool first) {
  const char* name = month_names[month_of(d) - 1];
  return first || month_of(d) == 1 ? fmt::format("{} {}", name, year_of(d)) : std::string(name);
}

// The first days of the months from `first` to `last` (`first` itself when it is one).
std::vector<Date> month_starts(Date first, Date last) {
  std::vector<Date> starts;
  Date d = month_start(year_of(first), month_of(first));
  if (d < first) d = month_start(year_of(d), month_of(d) + 1);
  for (; d <= last; d = month_start(year_of(d), month_of(d) + 1)) starts.push_back(d);
  return starts;
}

// The timeline's axis under its line: a tick and a label at each month's first
// day; a period inside one month gets its month's label at the left end.
std::string timeline_axis(const ReportPeriod& period, double left, double right, const auto& x) {
  std::string svg = fmt::format(R"(<line x1="{:.1f}" y1="26" x2="{:.1f}" y2="26" stroke="#999" stroke-width="1"/>)",
                                left, right);
  std::vector<Date> ticks = month_starts(period.first, period.last);
  // A label needs about 50 units; the period's own month is named at its start when there is room.
  if (ticks.empty() || x(ticks.front()) - left >= 50) ticks.insert(ticks.begin(), period.first);
  for (size_t i = 0; i < ticks.size(); ++i) {
    const double at = x(ticks[i]);
    const char* anchor = right - at < 40 ? "end" : "start";
    svg += fmt::format(R"(<line x1="{:.1f}" y1="23" x2="{:.1f}" y2="30" stroke="#666" stroke-width="1"/>)", at, at);
    svg += fmt::format(R"(<text x="{:.1f}" y="40" font-size="10" fill="#444" text-anchor="{}">{}</text>)", at, anchor,
                       month_label(ticks[i], i == 0));
  }
  return svg;
}

} // namespace

std::string stacked_bar_svg(std::span<const BarPart> parts, int scale_max) {
  const double width = 320;
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="18" viewBox="0 0 {} 18">)", width, width);
  double at = 0;
  for (const auto& part : parts) {
    if (part.count <= 0 || scale_max <= 0) continue;
    const double w = width * part.count / scale_max;
    svg += fmt::format(R"(<rect x="{:.1f}" y="2" width="{:.1f}" height="14" fill="{}"><title>{} {}</title></rect>)", at,
                       w, part.color, part.count, part.label);
    // The count on the part itself where it fits; the text after the bar has them all.
    if (w >= 12) {
      svg += fmt::format(R"(<text x="{:.1f}" y="13" font-size="10" fill="#fff" text-anchor="middle">{}</text>)",
                         at + w / 2, part.count);
    }
    at += w;
  }
  return svg + "</svg>";
}

namespace {

// Bars and labels of one bucket of the trend chart.
std::string trend_bucket_svg(const TrendBucket& b, double x, double slot, double scale, TrendBy by) {
  const double base = 110;
  const double bar = std::min(28.0, slot * 0.6);
  const double left = x + (slot - bar) / 2;
  std::string svg;
  if (b.expected > 0) {
    svg += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="none" stroke="#888" stroke-dasharray="3 2"/>)",
        left, base - b.expected * scale, bar, b.expected * scale);
  }
  if (b.held > 0) {
    svg += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#2e7d32"/>)", left + 3,
                       base - b.held * scale, bar - 6, b.held * scale);
  }
  svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="10" text-anchor="middle">{}/{}</text>)", x + slot / 2,
                     base - std::max(b.held, b.expected) * scale - 3, b.held, b.expected);
  // "W47" or "Nov" under the bar: the table beside it has the full label.
  const std::string label = by == TrendBy::week ? b.label.substr(b.label.find('-') + 1) : month_label(b.first, false);
  svg += fmt::format(R"(<text x="{:.1f}" y="124" font-size="10" fill="#444" text-anchor="middle">{}</text>)",
                     x + slot / 2, label);
  return svg;
}

// A horizontal bar of `value` out of 1 with the figure written after it.
std::string share_bar_svg(std::optional<double> value, const std::string& text, const char* color) {
  const double width = 200;
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="18" viewBox="0 0 {} 18">)", width + 40, width + 40);
  svg += fmt::format(R"(<rect x="0" y="2" width="{}" height="14" fill="#eee"/>)", width);
  if (value) {
    svg += fmt::format(R"(<rect x="0" y="2" width="{:.1f}" height="14" fill="{}"/>)",
                       width * std::clamp(*value, 0.0, 1.0), color);
  }
  svg += fmt::format(R"(<text x="{}" y="13" font-size="11">{}</text>)", width + 4, text);
  return svg + "</svg>";
}

} // namespace

// A cadence timeline: the period as a line, the expected rhythm as ticks, each
// 1:1 as a dot, and gaps longer than the cadence and its grace shaded red,
// from the tracking start to the archive day; months on an axis below.
std::string timeline_svg(const RepFigures& f, const ReportPeriod& period, int grace) {
  const double width = 640;
  const double left = 4;
  const double span = width - 2 * left;
  const int total_days = std::max(1, period.days() - 1);
  const auto x = [&](Date d) { return left + span * period.first.days_until(d) / total_days; };
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="44" viewBox="0 0 {} 44" role="img" aria-label="{}">)",
      width, width, html_text(fmt::format("1:1s with {}", f.name)));
  svg += fmt::format(R"(<line x1="{:.1f}" y1="13" x2="{:.1f}" y2="13" stroke="#bbb" stroke-width="2"/>)", left,
                     width - left);
  // Only the days the rep is tracked are judged: none before the tracking
  // start (the rep's start, coach.yaml's since) nor after the archive day.
  const Date first = f.tracking_start && *f.tracking_start > period.first ? *f.tracking_start : period.first;
  const Date last = f.archived_on && *f.archived_on < period.last ? *f.archived_on : period.last;
  for (Date d = first; d <= last && f.cadence > 0; d = d.plus_days(f.cadence)) {
    svg += fmt::format(R"(<line x1="{:.1f}" y1="6" x2="{:.1f}" y2="20" stroke="#ccc" stroke-width="1"/>)", x(d), x(d));
  }
  const std::vector<Date>& points = f.meetings;
  for (size_t i = 0; i <= points.size(); ++i) {
    const Date from = std::max(first, i == 0 ? first : points[i - 1]);
    const Date to = std::min(last, i == points.size() ? last : points[i]);
    if (from.days_until(to) > f.cadence + grace) {
      svg += fmt::format(R"(<rect x="{:.1f}" y="9" width="{:.1f}" height="8" fill="#e5533d" fill-opacity="0.25"/>)",
                         x(from), x(to) - x(from));
    }
  }
  for (Date d : points) {
    svg += fmt::format(R"(<circle cx="{:.1f}" cy="13" r="4.5" fill="#2e7d32"><title>{}</title></circle>)", x(d),
                       d.pretty());
  }
  return svg + timeline_axis(period, left, width - left, x) + "</svg>";
}

std::string promise_bar_html(const PromiseCounts& c, int scale_max) {
  const BarPart parts[] = {{c.kept_on_time, "#2e7d32", "kept on time"},
                           {c.kept_after_move, "#9ccc65", "kept after a move"},
                           {c.kept_late, "#f9a825", "kept late"},
                           {c.dropped, "#9e9e9e", "dropped"},
                           {c.open - c.overdue, "#64b5f6", "open"},
                           {c.overdue, "#e5533d", "overdue"}};
  std::string counts = fmt::format("{} made", c.made);
  for (const auto& part : parts) {
    if (part.count > 0) counts += fmt::format(", {} {}", part.count, part.label);
  }
  return stacked_bar_svg(parts, scale_max) + fmt::format(R"(<br/><span class="counts">{}</span>)", counts);
}

std::string trend_chart_svg(const std::vector<TrendBucket>& trend, TrendBy by) {
  const double width = 480;
  const double slot = trend.empty() ? width : width / static_cast<double>(trend.size());
  int top = 1;
  for (const auto& b : trend) top = std::max({top, b.held, b.expected});
  const double scale = 90.0 / top; // the tallest bar 90 units high, its figure above it
  std::string svg = fmt::format(
      R"(<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{}" height="130" viewBox="0 0 {} 130" role="img" aria-label="1:1s held against expected">)",
      width, width);
  svg += fmt::format(R"(<line x1="0" y1="110" x2="{}" y2="110" stroke="#999"/>)", width);
  for (size_t i = 0; i < trend.size(); ++i)
    svg += trend_bucket_svg(trend[i], slot * static_cast<double>(i), slot, scale, by);
  return svg + "</svg>";
}

std::string rollup_chart_html(const Report& report) {
  std::string out =
      R"(<p class="legend"><span><i style="background:#2e7d32"></i>1:1 adherence</span><span><i style="background:#5c6bc0"></i>coaching index, 0 to 100</span></p>
<table class="chart"><thead><tr><th>Manager</th><th>Adherence</th><th>Coaching index</th></tr></thead><tbody>)";
  for (const auto& team : report.teams) {
    const auto adherence = team.totals.adherence();
    const auto score = team.standing.index.score();
    const std::string who = team.manager.empty() ? (team.team.empty() ? team.directory : team.team) : team.manager;
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", html_text(who),
                       share_bar_svg(adherence, percent_text(adherence), "#2e7d32"),
                       share_bar_svg(score ? std::optional<double>(*score / 100.0) : std::nullopt,
                                     score ? std::to_string(*score) : "-", "#5c6bc0"));
  }
  return out + "</tbody></table>\n";
}

} // namespace coach::cli
