#pragma once

#include <span>
#include <string>

#include <coach/report.hpp>

namespace coach::cli {

// The HTML report's charts (coach-report(1), "HTML"): each an inline SVG whose
// figures are also written as text, so that a printed copy keeps them.

/// One part of a stacked bar: how many, its color, what it counts.
struct BarPart {
  int count;
  const char* color;
  const char* label;
};

/// A bar 320 wide of `parts` side by side, on a scale of `scale_max` (one for
/// the team), each part's count written on it where it fits.
std::string stacked_bar_svg(std::span<const BarPart> parts, int scale_max);

/// A rep's cadence timeline over the period, with a date axis: a tick at each
/// month's first day, labelled "Nov" ("Jan 2027" at January and at the first label).
std::string timeline_svg(const RepFigures& f, const ReportPeriod& period, int grace);

/// What happened to the promises one side made, as a stacked bar on a scale of
/// `scale_max` (one for the team), followed by the counts as text.
std::string promise_bar_html(const PromiseCounts& c, int scale_max);

/// The trend: per bucket, the 1:1s held (bar) against those expected (outline).
std::string trend_chart_svg(const std::vector<TrendBucket>& trend, TrendBy by);

/// The roll-up's chart: a row per manager with the 1:1 adherence and the
/// coaching index as bars, each with its figure.
std::string rollup_chart_html(const Report& report);

} // namespace coach::cli
