#include <coach/settings.hpp>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/field_reader.hpp>
#include <coach/rep_file.hpp>
#include <coach/text.hpp>
#include <coach/yaml_write.hpp>

namespace coach {

Settings read_settings(const YamlDocument& doc) {
  const FieldReader in(doc);
  Settings settings;
  const YamlNode& root = doc.root;
  if (root.is_null()) {
    return settings; // an empty coach.yaml means every default
  }
  if (!root.is_map()) in.fail(root, "coach.yaml", "expected a map of settings (manager, policy, ...)");
  for (const auto& [key, value] : root.entries) {
    if (key.value == "manager") settings.manager = in.text(value, "manager");
    else if (key.value == "team") settings.team = in.text(value, "team");
    else if (key.value == "git") {
      if (value.is_null()) continue;
      if (!value.is_map()) in.fail(value, "git", "expected a map (commit: true or false)");
      for (const auto& [gkey, gvalue] : value.entries) {
        if (gkey.value == "commit") {
          const std::string flag = to_lower(in.text(gvalue, "git.commit"));
          if (flag == "true" || flag == "yes" || flag == "on") settings.git_commit = true;
          else if (flag == "false" || flag == "no" || flag == "off") settings.git_commit = false;
          else in.fail(gvalue, "git.commit", fmt::format("\"{}\" is neither true nor false", flag));
        } else {
          settings.unknown_keys.push_back({"git." + gkey.value, content_key(gvalue), {gkey.place}});
        }
      }
    } else if (key.value == "policy") {
      if (value.is_null()) continue;
      if (!value.is_map()) {
        in.fail(value, "policy", "expected a map (cadence, grace, tags, window, promise_grace, tenure_years, away)");
      }
      for (const auto& [pkey, pvalue] : value.entries) {
        if (pkey.value == "cadence") settings.policy.cadence = in.count(pkey, pvalue, "policy.cadence", 1, 365, "days");
        else if (pkey.value == "grace") settings.policy.grace = in.count(pkey, pvalue, "policy.grace", 0, 365, "days");
        else if (pkey.value == "window")
          settings.policy.window = in.count(pkey, pvalue, "policy.window", 7, 365, "days");
        else if (pkey.value == "promise_grace") {
          settings.policy.promise_grace = in.count(pkey, pvalue, "policy.promise_grace", 0, 365, "days");
        } else if (pkey.value == "tenure_years") {
          settings.policy.tenure_years = in.count(pkey, pvalue, "policy.tenure_years", 1, 60, "years");
        } else if (pkey.value == "away") {
          settings.policy.away = read_periods(doc, pvalue, "policy.away");
        } else if (pkey.value == "tags") {
          if (pvalue.is_null()) continue;
          if (!pvalue.is_map()) in.fail(pvalue, "policy.tags", "expected a map of tag: days");
          for (const auto& [tag, tag_days] : pvalue.entries) {
            settings.policy.tag_cadence[to_lower(tag.value)] = in.count(tag, tag_days, "policy.tags." + tag.value, 1,
                                                                        365, "days");
          }
        } else {
          settings.unknown_keys.push_back({"policy." + pkey.value, content_key(pvalue), {pkey.place}});
        }
      }
    } else {
      settings.unknown_keys.push_back({key.value, content_key(value), {key.place}});
    }
  }
  return settings;
}

std::string settings_text_with_git_commit(const YamlDocument& doc) {
  const std::string& text = doc.text;
  const std::string eol = text.find("\r\n") != std::string::npos ? "\r\n" : "\n";
  const auto ended = [&](std::string t) { return t.empty() || t.back() == '\n' ? t : t + eol; };
  const std::string comment = "    # commit every change coach makes (see coach-git(1))";
  if (doc.root.is_null()) return ended(text) + "git:" + eol + "  commit: true" + comment + eol;
  if (!doc.root.is_map() || doc.root.flow) {
    throw Error(ExitCode::data, place_message(doc.path, doc.root.place, "coach.yaml is not a block map of settings"));
  }
  const YamlNode* git_key = doc.root.find_key("git");
  if (!git_key) return ended(text) + "git:" + eol + "  commit: true" + comment + eol;
  const YamlNode& git = *doc.root.find("git");
  const auto line_end = [&](size_t offset) {
    const size_t nl = text.find('\n', offset);
    return nl == std::string::npos ? text.size() : nl + 1;
  };
  const auto by_hand = [&](const YamlNode& node) {
    return Error(ExitCode::data, place_message(doc.path, node.place,
                                               "git: written in a form coach does not edit; set `commit: true` "
                                               "under `git:` by hand"));
  };
  if (git.is_null() && git.value.empty()) {
    const size_t at = line_end(git_key->place.offset);
    return ended(text.substr(0, at)) + "  commit: true" + comment + eol + text.substr(at);
  }
  if (!git.is_map() || git.flow) throw by_hand(git);
  if (const YamlNode* commit = git.find("commit")) {
    if (!commit->is_scalar() || commit->quoted || commit->flow ||
        text.compare(commit->place.offset, commit->value.size(), commit->value) != 0) {
      throw by_hand(*commit);
    }
    return text.substr(0, commit->place.offset) + "true" + text.substr(commit->place.offset + commit->value.size());
  }
  const int indent = git.entries.front().key.place.column - 1;
  const size_t at = line_end(git_key->place.offset);
  return ended(text.substr(0, at)) + std::string(static_cast<size_t>(indent), ' ') + "commit: true" + eol +
         text.substr(at);
}

std::string render_new_settings_file(const std::string& manager, const std::string& team, bool git_commit) {
  std::string out = "# Settings of this coach directory (see coach-files(5)).\n";
  out += fmt::format("manager: {}\n", manager.empty() ? "\"\"" : yaml_scalar(manager));
  if (!team.empty()) out += fmt::format("team: {}\n", yaml_scalar(team));
  out += "policy:\n"
         "  cadence: 7      # days between 1:1s with each rep\n"
         "  grace: 2        # days of slack before a 1:1 counts as late\n"
         "  # tags:         # a cadence per rep tag, e.g.\n"
         "  #   tenured: 14\n";
  if (git_commit) {
    out += "git:\n"
           "  commit: true    # commit every change coach makes (see coach-git(1))\n";
  }
  return out;
}

} // namespace coach
