#pragma once

#include <string>

#include <coach/model.hpp>
#include <coach/yaml_tree.hpp>

namespace coach {

/// The settings a parsed coach.yaml holds; throws coach::Error
/// (ExitCode::data) with the place of a bad value.
Settings read_settings(const YamlDocument& doc);

/// The text of a new coach.yaml, with the defaults written out and explained.
std::string render_new_settings_file(const std::string& manager, const std::string& team, bool git_commit = false);

} // namespace coach
