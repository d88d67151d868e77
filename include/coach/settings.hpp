#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <coach/model.hpp>
#include <coach/yaml_tree.hpp>

namespace coach {

/// The keys read_settings knows, at the top, under `policy:` and under `git:`.
inline constexpr std::string_view settings_keys[] = {"manager", "team", "since", "git", "policy", "skills", "pager"};
inline constexpr std::string_view policy_keys[] = {"cadence",      "grace", "tags",       "window", "promise_grace",
                                                   "tenure_years", "away",  "activities", "index"};
inline constexpr std::string_view git_keys[] = {"commit"};

/// The settings a parsed coach.yaml holds; throws coach::Error
/// (ExitCode::data) with the place of a bad value.
Settings read_settings(const YamlDocument& doc);

/// coach.yaml's `pager:`, the command through which long output goes on a
/// terminal ("" or `false`: none); nullopt when coach.yaml has no `pager:`.
/// read_settings checks it (text, not a list or map); the command line reads it.
std::optional<std::string> read_pager_setting(const YamlDocument& doc);

/// A key of coach.yaml that read_settings does not know, as every command
/// warns about it: a typo (`cadance: 10`) would otherwise leave the default
/// in force without a word.
struct SettingsKeyWarning {
  SourcePlace place;
  std::string message; // "unknown key 'cadance' in policy (did you mean 'cadence'?); it is ignored"
};

/// One warning per unknown key of `settings` (at the top, under policy:, git:,
/// policy.index and the periods of policy.away), in the order of the file.
std::vector<SettingsKeyWarning> unknown_settings_key_warnings(const Settings& settings);

/// " (did you mean 'KNOWN'?)" for the known key closest to `key` (case
/// ignored, at most 2 edits away), else "".
std::string key_suggestion(std::string_view key, std::span<const std::string_view> known);

/// coach.yaml's text with `git: commit: true` set (a line added, or a
/// `commit:` value replaced), everything else left as it is. Throws
/// coach::Error (data) with the place when `git:` is written in a form coach
/// does not edit (a flow map, a quoted value).
std::string settings_text_with_git_commit(const YamlDocument& doc);

/// The text of a new coach.yaml, with the defaults written out and explained,
/// and `since:` the tracking start when given (`coach init` gives today).
std::string render_new_settings_file(const std::string& manager, const std::string& team, bool git_commit = false,
                                     std::optional<Date> since = std::nullopt);

/// Gives policy.since its default when coach.yaml has none: the date of the
/// earliest record of `reps` (archived ones included) and `team_files`; none
/// when there is no record at all. Report and audit call it once the files
/// are read, so that both count from the same day.
void settle_since(Settings& settings, const std::vector<Rep>& reps, const std::vector<Rep>& team_files);

struct RosterEntry; // rep_cache.hpp
/// The same from the roster (DataDir::load_roster: the rep files' entries and
/// the team files'), each entry holding its file's first record, so that the
/// day is known before any rep is read.
void settle_since(Settings& settings, const std::vector<RosterEntry>& roster);

} // namespace coach
