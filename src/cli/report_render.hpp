#pragma once

#include <string>

#include <coach/report.hpp>

namespace coach::cli {

/// Each output format renders the one computed Report; none computes anything.
std::string render_report_table(const Report& report, int width, bool color);
std::string render_report_markdown(const Report& report);
std::string render_report_csv(const Report& report);
std::string render_report_json(const Report& report);
std::string render_report_html(const Report& report, Date generated);

} // namespace coach::cli
