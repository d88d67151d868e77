#include <coach/settings.hpp>

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/field_reader.hpp>
#include <coach/ids.hpp>
#include <coach/rep_cache.hpp>
#include <coach/rep_file.hpp>
#include <coach/report.hpp>
#include <coach/text.hpp>
#include <coach/yaml_write.hpp>

namespace coach {

namespace {

bool is_activity(std::string_view kind) {
  return std::find(std::begin(activity_kinds), std::end(activity_kinds), kind) != std::end(activity_kinds);
}

// A map of activity: days (`joint-call: 30`); 0 days: the activity is not tracked.
void read_activity_cadences(const FieldReader& in, const YamlNode& node, const std::string& field,
                            std::map<std::string, int>& cadences) {
  if (node.is_null()) return;
  if (!node.is_map()) in.fail(node, field, "expected a map of activity: days (joint-call: 30, ...)");
  for (const auto& [activity, days] : node.entries) {
    if (!is_activity(activity.value) || activity.value == kind::one_on_one) {
      in.fail(activity, field + "." + activity.value,
              fmt::format("\"{}\" is not an activity with its own cadence (joint-call, team-meeting, career, "
                          "skills-audit; the 1:1's is policy.cadence)",
                          activity.value));
    }
    cadences[activity.value] = in.count(activity, days, field + "." + activity.value, 0, 3650, "days");
  }
}

// `tags:` maps a tag to its 1:1 cadence (`tenured: 14`) or to a map of
// activity: days (`tenured: {1on1: 14, joint-call: 60}`).
void read_tag_cadences(const FieldReader& in, const YamlNode& node, Policy& policy) {
  if (node.is_null()) return;
  if (!node.is_map()) in.fail(node, "policy.tags", "expected a map of tag: days");
  for (const auto& [tag, tag_days] : node.entries) {
    const std::string field = "policy.tags." + tag.value;
    const std::string name = to_lower(tag.value);
    if (!tag_days.is_map()) {
      policy.tag_cadence[name] = in.count(tag, tag_days, field, 1, 365, "days");
      continue;
    }
    for (const auto& [activity, days] : tag_days.entries) {
      if (activity.value == kind::one_on_one) {
        policy.tag_cadence[name] = in.count(activity, days, field + ".1on1", 1, 365, "days");
      } else {
        YamlNode one; // read like policy.activities, one entry at a time
        one.kind = YamlNode::Kind::map;
        one.entries.push_back({activity, days});
        read_activity_cadences(in, one, field, policy.tag_activity_cadence[name]);
      }
    }
  }
}

// A weight of the coaching index: a plain decimal number, 0 to 1000 (2, 0.5).
double read_index_weight(const FieldReader& in, const YamlNode& key, const YamlNode& node, const std::string& field) {
  if (!node.is_scalar()) {
    in.fail(node.is_null() ? key : node, field,
            fmt::format("expected a weight (a number such as 2 or 0.5), found {}",
                        node.is_null() ? "nothing" : "a list or map"));
  }
  const std::string& text = node.value;
  const size_t dot = text.find('.');
  const auto digits = [](std::string_view part) {
    return !part.empty() && part.size() <= 9 &&
           std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  const bool plain = dot == std::string::npos ? digits(text)
                                              : digits(text.substr(0, dot)) && digits(text.substr(dot + 1));
  if (!plain) {
    in.fail(node, field, fmt::format("\"{}\" is not a weight; write a number of 0 or more, such as 2 or 0.5", text));
  }
  double weight = 0;
  std::from_chars(text.data(), text.data() + text.size(), weight); // checked plain above
  if (weight > 1000) in.fail(node, field, fmt::format("{} is out of range (0 to 1000)", text));
  return weight;
}

// `index:` maps a part of the coaching index to its weight (`promises: 3`);
// an unknown part is kept as an unknown key, for audit's warning.
void read_index_weights(const FieldReader& in, const YamlNode& node, Settings& settings) {
  if (node.is_null()) return;
  if (!node.is_map()) in.fail(node, "policy.index", "expected a map of part: weight (1on1: 2, promises: 2, ...)");
  for (const auto& [part, weight] : node.entries) {
    const std::string field = "policy.index." + part.value;
    const bool known = std::find(std::begin(index_part_names), std::end(index_part_names), part.value) !=
                       std::end(index_part_names);
    if (!known) {
      settings.unknown_keys.push_back({field, content_key(weight), {part.place}});
      continue;
    }
    settings.policy.index_weights[part.value] = read_index_weight(in, part, weight, field);
  }
}

Assessment read_assessment(const FieldReader& in, const YamlNode& node, const std::string& field) {
  const std::string how = to_lower(in.text(node, field));
  if (how == "observe" || how.empty()) return Assessment::observe;
  if (how == "test") return Assessment::test;
  if (how == "ask") return Assessment::ask;
  in.fail(node, field, fmt::format("\"{}\" is not observe, test or ask", how));
}

// `skills:` groups of skills: `GROUP: {SKILL: {question: TEXT, assessed: observe|test|ask, required: BOOL}}`.
std::vector<Skill> read_skills(const FieldReader& in, const YamlNode& node) {
  std::vector<Skill> skills;
  if (FieldReader::is_absent(node)) return default_skills(); // an empty value is no value
  if (!node.is_map()) in.fail(node, "skills", "expected a map of groups, each a map of skills");
  for (const auto& [group, group_skills] : node.entries) {
    if (!group_skills.is_map()) in.fail(group_skills, "skills." + group.value, "expected a map of skills");
    for (const auto& [id, about] : group_skills.entries) {
      const std::string field = fmt::format("skills.{}.{}", group.value, id.value);
      if (!is_rep_id(id.value)) {
        in.fail(id, field, "a skill's name is lower-case letters, digits and dashes (e.g. needs-analysis)");
      }
      for (const auto& known : skills) {
        if (known.id == id.value) in.fail(id, field, fmt::format("the skill {} is listed twice", id.value));
      }
      Skill skill{id.value, group.value, "", Assessment::observe};
      if (!about.is_null() && !about.is_map()) in.fail(about, field, "expected question, assessed and required");
      for (const auto& [key, value] : about.entries) {
        if (key.value == "question") skill.question = in.text(value, field + ".question");
        else if (key.value == "assessed") skill.assessed = read_assessment(in, value, field + ".assessed");
        else if (key.value == "required") skill.required = in.flag(value, field + ".required");
        else in.fail(key, field + "." + key.value, "a skill has question, assessed and required");
      }
      skills.push_back(std::move(skill));
    }
  }
  return skills;
}

} // namespace

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
    else if (key.value == "since") settings.policy.since = in.date(value, "since");
    else if (key.value == "pager") in.text_or_false(value, "pager"); // checked here, read by read_pager_setting
    else if (key.value == "git") {
      if (value.is_null()) continue;
      if (!value.is_map()) in.fail(value, "git", "expected a map (commit: true or false)");
      for (const auto& [gkey, gvalue] : value.entries) {
        if (gkey.value == "commit") {
          settings.git_commit = in.flag(gvalue, "git.commit");
        } else {
          settings.unknown_keys.push_back({"git." + gkey.value, content_key(gvalue), {gkey.place}});
        }
      }
    } else if (key.value == "skills") {
      settings.skills = read_skills(in, value);
    } else if (key.value == "policy") {
      if (value.is_null()) continue;
      if (!value.is_map()) {
        in.fail(value, "policy",
                "expected a map (cadence, grace, tags, window, promise_grace, tenure_years, away, index)");
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
          read_tag_cadences(in, pvalue, settings.policy);
        } else if (pkey.value == "index") {
          read_index_weights(in, pvalue, settings);
        } else if (pkey.value == "activities") {
          read_activity_cadences(in, pvalue, "policy.activities", settings.policy.activity_cadence);
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

std::optional<std::string> read_pager_setting(const YamlDocument& doc) {
  if (!doc.root.is_map()) return std::nullopt;
  const YamlNode* pager = doc.root.find("pager");
  if (!pager) return std::nullopt;
  return FieldReader(doc).text_or_false(*pager, "pager"); // `pager: false` is a boolean to every reader
}

std::string key_suggestion(std::string_view key, std::span<const std::string_view> known) {
  std::string_view best;
  size_t best_distance = 3;
  for (std::string_view candidate : known) {
    const size_t distance = edit_distance(to_lower(key), candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best);
}

namespace {

// The warning for the unknown key `name` as read_settings records it: "policy.cadance", "git.push", "region".
std::string unknown_key_message(const std::string& name) {
  const auto ignored = [](std::string_view key, std::string_view where, std::span<const std::string_view> known) {
    return fmt::format("unknown key '{}'{}{}; it is ignored", key, where, key_suggestion(key, known));
  };
  if (name.starts_with("policy.index.")) {
    const std::string part = name.substr(std::string_view("policy.index.").size());
    return fmt::format("unknown part '{}' of policy.index{}; it is left out of the coaching index", part,
                       index_part_suggestion(part));
  }
  if (name.starts_with("policy.")) return ignored(name.substr(7), " in policy", policy_keys);
  if (name.starts_with("git.")) return ignored(name.substr(4), " in git", git_keys);
  return ignored(name, "", settings_keys);
}

} // namespace

std::vector<SettingsKeyWarning> unknown_settings_key_warnings(const Settings& settings) {
  std::vector<SettingsKeyWarning> warnings;
  for (const auto& key : settings.unknown_keys) {
    warnings.push_back({key.origin.place, unknown_key_message(key.name)});
  }
  for (const auto& period : settings.policy.away) {
    for (const auto& key : period.unknown_keys) {
      warnings.push_back({key.origin.place, fmt::format("unknown key '{}' in a period of policy.away{}; it is ignored",
                                                        key.name, key_suggestion(key.name, period_keys))});
    }
  }
  std::stable_sort(warnings.begin(), warnings.end(),
                   [](const auto& a, const auto& b) { return a.place.offset < b.place.offset; });
  return warnings;
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

std::string render_new_settings_file(const std::string& manager, const std::string& team, bool git_commit,
                                     std::optional<Date> since) {
  std::string out = "# Settings of this coach directory (see coach-files(5)).\n";
  out += fmt::format("manager: {}\n", manager.empty() ? "\"\"" : yaml_scalar(manager));
  if (!team.empty()) out += fmt::format("team: {}\n", yaml_scalar(team));
  if (since)
    out += fmt::format("since: {}   # tracking start: no 1:1 or activity is expected before it\n", since->iso());
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

void settle_since(Settings& settings, const std::vector<Rep>& reps, const std::vector<Rep>& team_files) {
  if (settings.policy.since) return;
  for (const auto* files : {&reps, &team_files}) {
    for (const Rep& file : *files) {
      for (const Record& record : file.records) {
        if (!settings.policy.since || record.date < *settings.policy.since) settings.policy.since = record.date;
      }
    }
  }
}

void settle_since(Settings& settings, const std::vector<RosterEntry>& roster) {
  if (settings.policy.since) return;
  for (const RosterEntry& entry : roster) {
    if (entry.first_record && (!settings.policy.since || *entry.first_record < *settings.policy.since)) {
      settings.policy.since = entry.first_record;
    }
  }
}

} // namespace coach
