#pragma once

#include <string>
#include <string_view>

#include <coach/model.hpp>
#include <coach/yaml_tree.hpp>

namespace coach {

/// The keys read_settings knows, at the top, under `policy:` and under `git:`.
inline constexpr std::string_view settings_keys[] = {"manager", "team", "git", "policy", "skills"};
inline constexpr std::string_view policy_keys[] = {"cadence",      "grace", "tags",       "window", "promise_grace",
                                                   "tenure_years", "away",  "activities", "index"};
inline constexpr std::string_view git_keys[] = {"commit"};

/// The settings a parsed coach.yaml holds; throws coach::Error
/// (ExitCode::data) with the place of a bad value.
Settings read_settings(const YamlDocument& doc);

/// coach.yaml's text with `git: commit: true` set (a line added, or a
/// `commit:` value replaced), everything else left as it is. Throws
/// coach::Error (data) with the place when `git:` is written in a form coach
/// does not edit (a flow map, a quoted value).
std::string settings_text_with_git_commit(const YamlDocument& doc);

/// The text of a new coach.yaml, with the defaults written out and explained.
std::string render_new_settings_file(const std::string& manager, const std::string& team, bool git_commit = false);

} // namespace coach
