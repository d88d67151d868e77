#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <coach/date.hpp>
#include <coach/model.hpp>
#include <coach/rep_file.hpp>
#include <coach/settings.hpp>
#include <coach/yaml_tree.hpp>

// Reps and settings for the engine tests, read from YAML text as the files
// hold it (not built member by member, so the tests follow the model's changes).
namespace coach::testing {

/// The rep of `reps/<id>.yaml` holding `id: <id>` and then `rest`.
inline Rep rep_from_yaml(const std::string& id, const std::string& rest) {
  return read_rep(parse_yaml("reps/" + id + ".yaml", "id: " + id + "\n" + rest));
}

/// The settings of a coach.yaml holding `text`.
inline Settings settings_from_yaml(const std::string& text) {
  return read_settings(parse_yaml("coach.yaml", text));
}

/// A date written YYYY-MM-DD (a test's own constant: a typo fails loudly).
inline Date day(const char* iso) {
  const auto date = Date::parse_iso(iso);
  if (!date) throw std::invalid_argument(std::string("not a date: ") + iso);
  return *date;
}

} // namespace coach::testing

// Lists of lines (findings, ids) shown one a line when a CHECK fails.
template <>
struct doctest::StringMaker<std::vector<std::string>> {
  static doctest::String convert(const std::vector<std::string>& lines) {
    std::string out = "{";
    for (const auto& line : lines) out += "\n  \"" + line + "\"";
    return (out + (lines.empty() ? "}" : "\n}")).c_str();
  }
};
