#include <doctest/doctest.h>

#include <string>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/rep_cache.hpp>
#include <coach/settings.hpp>

#include "from_yaml.hpp"

using namespace coach;
using coach::testing::day;
using coach::testing::rep_from_yaml;
using coach::testing::settings_from_yaml;

// coach.yaml as coach-files(5) ("COACH.YAML", "Periods") and coach-audit(1) ("THE POLICY") define it.

namespace {

// The error read_settings gives for `text`: exit code and message.
std::pair<ExitCode, std::string> settings_error(const std::string& text) {
  try {
    settings_from_yaml(text);
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
  FAIL("coach.yaml was read without an error:\n" << text);
  return {ExitCode::ok, ""};
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

} // namespace

TEST_CASE("settings: an empty coach.yaml means every default") {
  for (const char* text : {"", "# only a comment\n", "policy:\n", "git:\n"}) {
    CAPTURE(text);
    const Settings s = settings_from_yaml(text);
    CHECK(s.manager.empty());
    CHECK(s.team.empty());
    CHECK(s.policy.cadence == 7);
    CHECK(s.policy.grace == 2);
    CHECK(s.policy.window == 84);
    CHECK(s.policy.promise_grace == 2);
    CHECK(s.policy.tenure_years == 5);
    CHECK(s.policy.tag_cadence.empty());
    CHECK(s.policy.away.empty());
    CHECK_FALSE(s.git_commit);
    CHECK(s.unknown_keys.empty());
  }
}

TEST_CASE("settings: every key of the policy") {
  const Settings s = settings_from_yaml(R"(manager: Dana Whitfield
team: Midwest Enterprise
policy:
  cadence: 10
  grace: 0
  tags:
    new-hire: 7
    Tenured: 14
  window: 365
  promise_grace: 365
  tenure_years: 60
  away:
    - from: 2026-12-24
      to: 2027-01-01
      reason: Holidays
    - {from: 2027-01-18, to: 2027-01-22, reason: Sales kick-off}
    - from: 2027-02-01
git:
  commit: true
)");
  CHECK(s.manager == "Dana Whitfield");
  CHECK(s.team == "Midwest Enterprise");
  CHECK(s.policy.cadence == 10);
  CHECK(s.policy.grace == 0);
  CHECK(s.policy.tag_cadence == std::map<std::string, int>{{"new-hire", 7}, {"tenured", 14}}); // tags in lower case
  CHECK(s.policy.window == 365);
  CHECK(s.policy.promise_grace == 365);
  CHECK(s.policy.tenure_years == 60);
  REQUIRE(s.policy.away.size() == 3);
  CHECK(s.policy.away[0].from == day("2026-12-24"));
  CHECK(s.policy.away[0].to == day("2027-01-01"));
  CHECK(s.policy.away[0].reason == "Holidays");
  CHECK(s.policy.away[1].reason == "Sales kick-off"); // flow style
  CHECK(s.policy.away[2].to == day("2027-02-01"));    // no `to`: one day
  CHECK(s.git_commit);
  CHECK(s.unknown_keys.empty());
}

TEST_CASE("settings: git.commit") {
  for (const char* yes : {"true", "yes", "on", "True"}) {
    CAPTURE(yes);
    CHECK(settings_from_yaml(std::string("git:\n  commit: ") + yes + "\n").git_commit);
  }
  for (const char* no : {"false", "no", "off"}) {
    CAPTURE(no);
    CHECK_FALSE(settings_from_yaml(std::string("git:\n  commit: ") + no + "\n").git_commit);
  }
  const auto [code, message] = settings_error("git:\n  commit: maybe\n");
  CHECK(code == ExitCode::data);
  CHECK(message == "coach.yaml:2:11: git.commit: \"maybe\" is neither true nor false");
  CHECK(settings_error("git: true\n").first == ExitCode::data);
}

TEST_CASE("settings: keys coach does not know are kept for audit, with their place") {
  const Settings s = settings_from_yaml("manager: Dana\nregion: West\npolicy:\n  cadense: 7\ngit:\n  push: true\n");
  REQUIRE(s.unknown_keys.size() == 3);
  CHECK(s.unknown_keys[0].name == "region");
  CHECK(s.unknown_keys[0].origin.place.line == 2);
  CHECK(s.unknown_keys[1].name == "policy.cadense");
  CHECK(s.unknown_keys[1].origin.place.line == 4);
  CHECK(s.unknown_keys[1].origin.place.column == 3);
  CHECK(s.unknown_keys[2].name == "git.push");
  CHECK(s.policy.cadence == 7); // the default, since `cadense` is not `cadence`
}

TEST_CASE("settings: every unknown key gets a warning with its place and the closest known key") {
  const Settings s = settings_from_yaml("manager: Dana\n"
                                        "polcy: 1\n"
                                        "policy:\n"
                                        "  cadance: 10\n"
                                        "  away:\n"
                                        "    - from: 2026-01-05\n"
                                        "      untl: 2026-01-09\n"
                                        "  index:\n"
                                        "    regularty: 3\n"
                                        "git:\n"
                                        "  comit: true\n"
                                        "  push: true\n");
  const auto warnings = unknown_settings_key_warnings(s);
  REQUIRE(warnings.size() == 6);
  const auto place = [&](size_t i) { return std::pair(warnings[i].place.line, warnings[i].place.column); };
  CHECK(place(0) == std::pair(2, 1));
  CHECK(warnings[0].message == "unknown key 'polcy' (did you mean 'policy'?); it is ignored");
  CHECK(place(1) == std::pair(4, 3));
  CHECK(warnings[1].message == "unknown key 'cadance' in policy (did you mean 'cadence'?); it is ignored");
  CHECK(place(2) == std::pair(7, 7)); // a period of policy.away, in the order of the file
  CHECK(warnings[2].message == "unknown key 'untl' in a period of policy.away; it is ignored");
  CHECK(place(3) == std::pair(9, 5));
  CHECK(warnings[3].message ==
        "unknown part 'regularty' of policy.index (did you mean 'regularity'?); it is left out of the coaching index");
  CHECK(warnings[4].message == "unknown key 'comit' in git (did you mean 'commit'?); it is ignored");
  CHECK(warnings[5].message == "unknown key 'push' in git; it is ignored"); // nothing close: no suggestion
  CHECK(s.policy.cadence == 7);
  CHECK(unknown_settings_key_warnings(settings_from_yaml("policy:\n  cadence: 10\n")).empty());
}

TEST_CASE("settings: values out of range name the file, line, column and field; exit code 3") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"policy:\n  cadence: 0\n", "coach.yaml:2:12: policy.cadence: 0 days is out of range (1 to 365)"},
      {"policy:\n  cadence: 366\n", "coach.yaml:2:12: policy.cadence: 366 days is out of range (1 to 365)"},
      {"policy:\n  grace: -1\n", "coach.yaml:2:10: policy.grace: -1 days is out of range (0 to 365)"},
      {"policy:\n  window: 6\n", "coach.yaml:2:11: policy.window: 6 days is out of range (7 to 365)"},
      {"policy:\n  promise_grace: 366\n", "coach.yaml:2:18: policy.promise_grace: 366 days is out of range (0 to 365)"},
      {"policy:\n  tenure_years: 61\n", "coach.yaml:2:17: policy.tenure_years: 61 years is out of range (1 to 60)"},
      {"policy:\n  tenure_years: 0\n", "coach.yaml:2:17: policy.tenure_years: 0 years is out of range (1 to 60)"},
      {"policy:\n  tags:\n    tenured: 0\n", "coach.yaml:3:14: policy.tags.tenured: 0 days is out of range (1 to 365)"},
  };
  for (const Case& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    const auto [code, message] = settings_error(c.text);
    CHECK(code == ExitCode::data);
    CHECK(message == c.message);
  }
}

TEST_CASE("settings: values of the wrong kind") {
  struct Case {
    const char* text;
    const char* prefix; // file:line:column: field
    const char* says;   // a part of what it says
  };
  const Case cases[] = {
      {"policy:\n  cadence: weekly\n", "coach.yaml:2:12: policy.cadence: ", "whole number"},
      {"policy:\n  cadence: [7]\n", "coach.yaml:2:12: policy.cadence: ", "found a list or map"},
      {"policy:\n  cadence: 030\n", "coach.yaml:2:12: policy.cadence: ", "write 30"},  // octal to PyYAML
      {"policy:\n  cadence: 1:30\n", "coach.yaml:2:12: policy.cadence: ", "write 90"}, // sexagesimal
      {"policy:\n  cadence: 0x1E\n", "coach.yaml:2:12: policy.cadence: ", "write 30"},
      {"policy:\n  grace: 2.5\n", "coach.yaml:2:10: policy.grace: ", "whole number"},
      {"manager: [Dana]\n", "coach.yaml:1:10: manager: ", "expected text"},
      {"team: {a: b}\n", "coach.yaml:1:7: team: ", "expected text"},
      {"policy: weekly\n", "coach.yaml:1:9: policy: ", "expected a map"},
      {"policy:\n  tags: [tenured]\n", "coach.yaml:2:9: policy.tags: ", "expected a map"},
      {"- manager: Dana\n", "coach.yaml:1:1: coach.yaml: ", "expected a map of settings"},
      {"policy:\n  away:\n    from: 2026-12-24\n", "coach.yaml:3:5: policy.away: ", "expected a list of periods"},
      {"policy:\n  away:\n    - 2026-12-24\n", "coach.yaml:3:7: policy.away: ", "each period is a map"},
      {"policy:\n  away:\n    - {to: 2026-12-24}\n", "coach.yaml:3:7: policy.away.from: ", "needs a first day"},
      {"policy:\n  away:\n    - {from: 2026-12-24, to: 2026-12-23}\n",
       "coach.yaml:3:7: policy.away.to: ", "2026-12-23 is before 2026-12-24"},
      {"policy:\n  away:\n    - {from: 2026-02-30}\n", "coach.yaml:3:", "2026-02-30"},
  };
  for (const Case& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    const auto [code, message] = settings_error(c.text);
    CHECK(code == ExitCode::data);
    CAPTURE(message);
    CHECK(starts_with(message, c.prefix));
    CHECK(message.find(c.says) != std::string::npos);
  }
}

// coach-files(5): "The message names the file, line and column". For a key
// with no value, the parser's place is the start of the next line (3:1 here, a
// line the file does not have; or the next key's line): the key's is named.
TEST_CASE("settings: an empty value is named at its own line") {
  const auto [code, message] = settings_error("policy:\n  cadence:\n");
  CHECK(code == ExitCode::data);
  CHECK(starts_with(message, "coach.yaml:2:"));
  CHECK(message.find("policy.cadence: expected a whole number of days, found nothing") != std::string::npos);
  CHECK(starts_with(settings_error("policy:\n  grace:\nteam: West\n").second, "coach.yaml:2:"));
}

TEST_CASE("settings: a coach.yaml that is not valid YAML names its place") {
  try {
    settings_from_yaml("manager: Dana\nmanager: Lee\n");
    FAIL("a duplicate key was read");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::data);
    CHECK(starts_with(e.what(), "coach.yaml:2:1: "));
  }
}

TEST_CASE("settings: git: commit: true set in the text, everything else left as it is") {
  const auto with_commit = [](const std::string& text) {
    return settings_text_with_git_commit(parse_yaml("coach.yaml", text));
  };
  SUBCASE("no git: key: added at the end") {
    const std::string text = "manager: Dana   # me\npolicy:\n  cadence: 14\n";
    const std::string out = with_commit(text);
    CHECK(starts_with(out, text));
    CHECK(out.substr(text.size()).rfind("git:\n  commit: true", 0) == 0);
    const Settings s = settings_from_yaml(out);
    CHECK(s.git_commit);
    CHECK(s.policy.cadence == 14);
  }
  SUBCASE("a last line without a line break, and CRLF line ends") {
    CHECK(settings_from_yaml(with_commit("manager: Dana")).git_commit);
    const std::string out = with_commit("manager: Dana\r\n");
    CHECK(out.find("\r\ngit:\r\n  commit: true") != std::string::npos);
    for (size_t at = out.find('\n'); at != std::string::npos; at = out.find('\n', at + 1)) {
      CHECK(out[at - 1] == '\r'); // every line ends in CRLF
    }
  }
  SUBCASE("an empty file") {
    CHECK(settings_from_yaml(with_commit("")).git_commit);
  }
  SUBCASE("commit: false replaced in place, the comment after it kept") {
    CHECK(with_commit("git:\n  commit: false  # later\nteam: West\n") == "git:\n  commit: true  # later\nteam: West\n");
  }
  SUBCASE("git: with other keys: commit added at their column") {
    const std::string out = with_commit("git:\n    push: false\nteam: West\n");
    CHECK(out == "git:\n    commit: true\n    push: false\nteam: West\n");
    CHECK(settings_from_yaml(out).git_commit);
  }
  SUBCASE("an empty git:") {
    const std::string out = with_commit("git:\nteam: West\n");
    CHECK(settings_from_yaml(out).git_commit);
    CHECK(settings_from_yaml(out).team == "West");
  }
  SUBCASE("forms coach does not edit: an error with the place, exit code 3") {
    for (const char* text : {"git: {commit: false}\n", "git:\n  commit: \"false\"\n", "[a, b]\n"}) {
      CAPTURE(text);
      try {
        with_commit(text);
        FAIL("edited");
      } catch (const Error& e) {
        CHECK(e.code() == ExitCode::data);
        CHECK(starts_with(e.what(), "coach.yaml:"));
      }
    }
  }
}

TEST_CASE("settings: a new coach.yaml reads back with what it was made from and the defaults") {
  for (const std::string manager : {"Dana Lee", "yes", "O'Brien: sales", ""}) {
    CAPTURE(manager);
    const Settings s = settings_from_yaml(render_new_settings_file(manager, "West #1", false));
    CHECK(s.manager == manager);
    CHECK(s.team == "West #1");
    CHECK(s.policy.cadence == 7);
    CHECK(s.policy.grace == 2);
    CHECK_FALSE(s.git_commit);
    CHECK(s.unknown_keys.empty());
  }
  CHECK(settings_from_yaml(render_new_settings_file("Dana", "", true)).git_commit);
  CHECK(settings_from_yaml(render_new_settings_file("Dana", "", false)).team.empty());
}

TEST_CASE("settings: the skill list, the default one and a team's own") {
  const Settings defaults = settings_from_yaml("manager: M\n");
  REQUIRE(defaults.skills.size() == 12);
  CHECK(defaults.skills.front().id == "product");
  CHECK(defaults.skills.front().group == "knowledge");
  CHECK(defaults.find_skill("objections") != nullptr);
  CHECK(defaults.find_skill("objection") == nullptr);

  const Settings own = settings_from_yaml("skills:\n"
                                          "  discovery:\n"
                                          "    questions:\n"
                                          "      question: Does the rep ask before telling?\n"
                                          "      assessed: observe\n"
                                          "      required: true\n"
                                          "    listening:\n"
                                          "  product:\n"
                                          "    pricing: {assessed: test}\n");
  REQUIRE(own.skills.size() == 3); // a team's list replaces the default one
  CHECK(own.skills[0] ==
        Skill{"questions", "discovery", "Does the rep ask before telling?", Assessment::observe, true});
  CHECK(own.skills[1] == Skill{"listening", "discovery", "", Assessment::observe, false});
  CHECK(own.skills[2].assessed == Assessment::test);
  CHECK(own.find_skill("objections") == nullptr);
}

TEST_CASE("settings: a skill list with a mistake names its place") {
  CHECK(settings_error("skills:\n  call:\n    closing: {assessed: guess}\n") ==
        std::pair{ExitCode::data, std::string("coach.yaml:3:25: skills.call.closing.assessed: \"guess\" is not "
                                              "observe, test or ask")});
  CHECK(settings_error("skills:\n  call:\n    Closing Deals:\n").second ==
        "coach.yaml:3:5: skills.call.Closing Deals: a skill's name is lower-case letters, digits and dashes (e.g. "
        "needs-analysis)");
  CHECK(settings_error("skills:\n  call:\n    closing:\n  prep:\n    closing:\n").second ==
        "coach.yaml:5:5: skills.prep.closing: the skill closing is listed twice");
  CHECK(settings_error("skills:\n  call: [closing]\n").second ==
        "coach.yaml:2:9: skills.call: expected a map of skills");
  CHECK(settings_error("skills:\n  call:\n    closing: {weight: 2}\n").second ==
        "coach.yaml:3:15: skills.call.closing.weight: a skill has question, assessed and required");
}

TEST_CASE("settings: a cadence per activity, per tag and per rep") {
  const Settings s = settings_from_yaml("policy:\n"
                                        "  cadence: 7\n"
                                        "  activities:\n"
                                        "    joint-call: 21\n"
                                        "    skills-audit: 0\n"
                                        "  tags:\n"
                                        "    new: 3\n"
                                        "    tenured:\n"
                                        "      1on1: 14\n"
                                        "      career: 60\n");
  CHECK(s.policy.activity_cadence.at("joint-call") == 21);
  CHECK(s.policy.activity_cadence.at("team-meeting") == 7); // the default stays
  CHECK(s.policy.activity_cadence.at("skills-audit") == 0);
  CHECK(s.policy.tag_cadence.at("new") == 3);
  CHECK(s.policy.tag_cadence.at("tenured") == 14);
  CHECK(s.policy.tag_activity_cadence.at("tenured").at("career") == 60);

  Rep rep;
  CHECK(cadence_for(rep, s.policy, kind::career) == 90);
  CHECK(cadence_for(rep, s.policy, kind::joint_call) == 21);
  CHECK(cadence_for(rep, s.policy, kind::one_on_one) == 7);
  rep.tags = {"Tenured"};
  CHECK(cadence_for(rep, s.policy, kind::career) == 60);
  CHECK(cadence_for(rep, s.policy, kind::one_on_one) == 14);
  rep.activity_cadence["career"] = 30; // the rep's own wins over the tag's
  CHECK(cadence_for(rep, s.policy, kind::career) == 30);

  CHECK(
      settings_error("policy:\n  activities:\n    ride-along: 30\n")
          .second.starts_with(
              "coach.yaml:3:5: policy.activities.ride-along: \"ride-along\" is not an activity with its own cadence"));
  CHECK(settings_error("policy:\n  activities:\n    1on1: 30\n").first == ExitCode::data);
  CHECK(settings_error("policy:\n  activities:\n    career: -1\n").first == ExitCode::data);
}

TEST_CASE("settings: an empty skills: is the default list, like any empty value") {
  CHECK(settings_from_yaml("skills:\n").skills == default_skills());
  CHECK(settings_from_yaml("skills: ~\n").skills == default_skills());
}

TEST_CASE("settings: since, the tracking start, read as a date or not at all") {
  CHECK(settings_from_yaml("since: 2026-11-02\n").policy.since == day("2026-11-02"));
  CHECK_FALSE(settings_from_yaml("manager: Dana\n").policy.since.has_value());
  CHECK_FALSE(settings_from_yaml("since:\n").policy.since.has_value()); // no value: the default
  CHECK(settings_from_yaml("since:  2026-11-02\n").unknown_keys.empty());
  // A bad value names its place, as every other setting does.
  const auto [code, message] = settings_error("manager: Dana\nsince: 2026-13-01\n");
  CHECK(code == ExitCode::data);
  CHECK(message == "coach.yaml:2:8: since: \"2026-13-01\" is not a date (YYYY-MM-DD)");
  CHECK(settings_error("since: [2026-11-02]\n").second ==
        "coach.yaml:1:8: since: expected a date (YYYY-MM-DD), found a list or map");
  CHECK(settings_error("since: yesterday\n").first == ExitCode::data);
}

TEST_CASE("settings: a new coach.yaml carries the since it is given (coach init: today)") {
  const std::string text = render_new_settings_file("Dana", "West", false, day("2026-11-25"));
  CHECK(text.find("since: 2026-11-25   # tracking start") != std::string::npos);
  CHECK(settings_from_yaml(text).policy.since == day("2026-11-25"));
  CHECK(settings_from_yaml(text).unknown_keys.empty());
  CHECK_FALSE(settings_from_yaml(render_new_settings_file("Dana", "West", false)).policy.since.has_value());
}

TEST_CASE("settings: settle_since gives the earliest record of the rep and team files when coach.yaml has none") {
  const std::vector<Rep> reps{
      rep_from_yaml("al", "name: Al\nstart: 2019-04-01\nrecords:\n  - {kind: 1on1, id: r1, date: 2026-10-05}\n"),
      rep_from_yaml("bo", "name: Bo\narchived: 2026-10-01\nrecords:\n  - {kind: career, id: r2, date: 2026-09-14}\n"
                          "  - {kind: 1on1, id: r3, date: 2026-09-20}\n"),
      rep_from_yaml("cy", "name: Cy\n")};
  const std::vector<Rep> team_files{
      rep_from_yaml("team", "name: Team\nrecords:\n  - {kind: team-meeting, id: r4, date: 2026-09-30}\n")};
  Settings settings;
  settle_since(settings, reps, team_files);
  CHECK(settings.policy.since == day("2026-09-14")); // Bo's career conversation; Al's start is not a record
  Settings team_first;
  settle_since(team_first, {reps[0]},
               {rep_from_yaml("team", "name: Team\nrecords:\n  - {kind: team-meeting, id: r4, "
                                      "date: 2026-08-31}\n")});
  CHECK(team_first.policy.since == day("2026-08-31"));
  Settings written = settings_from_yaml("since: 2026-11-01\n");
  settle_since(written, reps, team_files);
  CHECK(written.policy.since == day("2026-11-01")); // coach.yaml's own is kept
  Settings empty;
  settle_since(empty, {reps[2]}, {});
  CHECK_FALSE(empty.policy.since.has_value()); // no record at all: no since
}

TEST_CASE("settings: settle_since over the roster gives the day settle_since over the files gives") {
  const std::vector<Rep> reps{
      rep_from_yaml("al", "name: Al\nstart: 2019-04-01\nrecords:\n  - {kind: 1on1, id: r1, date: 2026-10-05}\n"),
      rep_from_yaml("bo", "name: Bo\narchived: 2026-10-01\nrecords:\n  - {kind: 1on1, id: r3, date: 2026-09-20}\n"
                          "  - {kind: career, id: r2, date: 2026-09-14}\n"),
      rep_from_yaml("cy", "name: Cy\n")};
  for (const char* meeting : {"2026-09-30", "2026-08-31"}) { // the team files' meeting after Bo's first, then before
    const std::vector<Rep> team_files{
        rep_from_yaml("team",
                      fmt::format("name: Team\nrecords:\n  - {{kind: team-meeting, id: r4, date: {}}}\n", meeting))};
    std::vector<RosterEntry> roster;
    for (const auto* files : {&reps, &team_files}) {
      for (const Rep& file : *files) roster.push_back(roster_entry_of(file));
    }
    Settings from_files;
    settle_since(from_files, reps, team_files);
    Settings from_roster;
    settle_since(from_roster, roster);
    REQUIRE(from_roster.policy.since.has_value());
    CHECK(from_roster.policy.since == from_files.policy.since);
  }
  Settings written = settings_from_yaml("since: 2026-11-01\n");
  settle_since(written, std::vector<RosterEntry>{roster_entry_of(reps[0])});
  CHECK(written.policy.since == day("2026-11-01")); // coach.yaml's own is kept
  Settings empty;
  settle_since(empty, std::vector<RosterEntry>{roster_entry_of(reps[2])});
  CHECK_FALSE(empty.policy.since.has_value()); // no record at all: no since
}
