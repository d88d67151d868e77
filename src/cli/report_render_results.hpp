#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include <coach/report.hpp>

namespace coach::cli {

/// The "Coaching and results" sections (coach-report(1)) in each format: a
/// team's (`over_teams` false: a point per rep) or the one over the teams of
/// the report (a point per team). Each renders the computed section only.
std::string results_as_table(const ResultsSection& section, bool over_teams, int width, bool color);
std::string results_as_markdown(const ResultsSection& section, bool over_teams, const std::string& heading);
std::string results_as_html(const ResultsSection& section, bool over_teams, const std::string& heading);
nlohmann::ordered_json results_json(const ResultsSection& section, bool over_teams);

/// The CSV's columns of the sections ("" when no team shows one), and a rep's fields of them.
std::string csv_results_header(const Report& report);
std::string csv_results_fields(const Report& report, const TeamReport& team, size_t rep_index);

/// The plain sentence under the rank correlation.
std::string correlation_sentence(const ResultsSection& section, bool over_teams);

} // namespace coach::cli
