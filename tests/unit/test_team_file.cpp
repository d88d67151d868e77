#include <doctest/doctest.h>

#include <algorithm>

#include <coach/data_dir.hpp>
#include <coach/error.hpp>
#include <coach/files.hpp>
#include <coach/followups.hpp>
#include <coach/ids.hpp>
#include <coach/team_file.hpp>

#include "from_yaml.hpp"
#include "temp_dir.hpp"

using namespace coach;
using coach::testing::day;
namespace fs = std::filesystem;

namespace {

const char* const team_text = "# Our weekly team meeting.\n"
                              "team: West\n"
                              "records:\n"
                              "  - kind: team-meeting   # the kick-off\n"
                              "    id: t1aaaa\n"
                              "    date: 2026-11-02\n"
                              "    attendees: [alice-chen, bob-diaz]\n"
                              "    promises:\n"
                              "      - id: a1aaaa\n"
                              "        owner: rep\n"
                              "        rep: alice-chen\n"
                              "        text: Share the pricing deck\n"
                              "        due: 2026-11-09\n"
                              "      - id: a2aaaa\n"
                              "        owner: manager\n"
                              "        rep: bob-diaz\n"
                              "        text: Get Bob a demo account\n"
                              "        due: 2026-11-06\n"
                              "      - id: a3aaaa\n"
                              "        owner: manager\n"
                              "        text: Book the offsite\n"
                              "        due: 2026-11-20\n";

Rep rep_named(const std::string& id, const std::string& name) {
  Rep rep;
  rep.id = id;
  rep.name = name;
  return rep;
}

Record meeting_on(const char* iso) {
  Record record;
  record.kind = std::string(kind::team_meeting);
  record.date = day(iso);
  Promise action;
  action.owner = Owner::rep;
  action.rep = "alice-chen";
  action.text = "Share the pricing deck";
  action.due = day(iso).plus_days(7);
  record.promises.push_back(action);
  return record;
}

} // namespace

TEST_CASE("team_file::is_team_file_path: team/YYYY.yaml, also as git names a version") {
  CHECK(is_team_file_path("team/2026.yaml"));
  CHECK(is_team_file_path("../data/team/2026.yaml"));
  CHECK(is_team_file_path("HEAD:team/2026.yaml"));
  CHECK(is_team_file_path(":team/2026.yaml"));
  CHECK_FALSE(is_team_file_path("reps/2026.yaml"));
  CHECK_FALSE(is_team_file_path("team/notes.yaml"));
  CHECK_FALSE(is_team_file_path("team/20260.yaml"));
  CHECK_FALSE(is_team_file_path("myteam/2026.yaml"));
  CHECK_FALSE(is_team_file_path("2026.yaml"));
}

TEST_CASE("team_file::read_team: a team file reads as a Rep of team meetings") {
  const Rep team = read_rep(parse_yaml("team/2026.yaml", team_text));
  CHECK(team.id == "team-2026");
  CHECK(team.name == "West");
  REQUIRE(team.records.size() == 1);
  CHECK(team.records[0].kind == kind::team_meeting);
  CHECK(team.records[0].fields.list(field::attendees) == std::vector<std::string>{"alice-chen", "bob-diaz"});
  REQUIRE(team.records[0].promises.size() == 3);
  CHECK(team.records[0].promises[0].rep == "alice-chen");
  CHECK(read_rep(parse_yaml("team/2027.yaml", "records:\n")).name == default_team_name);
  CHECK(read_rep(parse_yaml("team/2027.yaml", "")).records.empty());

  const auto error_of = [](const std::string& text) {
    try {
      read_rep(parse_yaml("team/2026.yaml", text));
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::data);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of("records:\n  - kind: 1on1\n    date: 2026-11-02\n")
            .find("team/2026.yaml:2:5: kind: a team file "
                  "holds team meetings only") == 0);
  CHECK(error_of("records:\n  - kind: team-meeting\n    date: 2026-11-02\n    promises:\n      - owner: rep\n"
                 "        text: x\n")
            .find("team/2026.yaml:5:9: rep: an action owned by a rep names the rep") == 0);
  // A kind this version does not know is kept, as in a rep file.
  CHECK(read_rep(parse_yaml("team/2026.yaml", "records:\n  - kind: offsite\n    date: 2026-11-02\n")).records.size() ==
        1);
}

TEST_CASE("team_file::parse_team_action: the owner before the colon") {
  CHECK(parse_team_action("Book the offsite (due fri)") ==
        TeamActionDraft{Owner::manager, "", "Book the offsite", std::string("fri")});
  CHECK(parse_team_action("me: Pricing: update the deck") ==
        TeamActionDraft{Owner::manager, "", "Pricing: update the deck", std::nullopt});
  CHECK(parse_team_action("me to bob: demo account") == TeamActionDraft{Owner::manager, "bob", "demo account", {}});
  CHECK(parse_team_action("alice: share the deck (due +1w)") ==
        TeamActionDraft{Owner::rep, "alice", "share the deck", std::string("+1w")});
  CHECK(parse_team_action("alice: me: x") == TeamActionDraft{Owner::rep, "alice", "me: x", {}});
  CHECK(parse_team_action("see the wiki: pricing") == TeamActionDraft{Owner::manager, "", "see the wiki: pricing", {}});
  CHECK_THROWS_WITH_AS(parse_team_action("rep: x"), doctest::Contains("name the rep"), Error);
  CHECK_THROWS_WITH_AS(parse_team_action("alice:"), doctest::Contains("has no text"), Error);
  CHECK_THROWS_WITH_AS(parse_team_action("me: (due fri)"), doctest::Contains("has no text"), Error);
}

TEST_CASE("team_file::attach_team_actions: each rep gets the actions that concern them") {
  const std::vector<Rep> teams{read_rep(parse_yaml("team/2026.yaml", team_text))};
  std::vector<Rep> reps{testing::rep_from_yaml("alice-chen", "name: Alice Chen\n"),
                        testing::rep_from_yaml("bob-diaz", "name: Bob Diaz\n"),
                        testing::rep_from_yaml("cy-ng", "name: Cy Ng\n")};
  attach_team_actions(reps, teams);
  REQUIRE(reps[0].records.size() == 1);
  CHECK(reps[0].records[0].kind == kind::team_meeting);
  CHECK(reps[0].records[0].date == day("2026-11-02"));
  CHECK(reps[0].records[0].fields.empty()); // not a meeting the rep is counted in
  REQUIRE(reps[0].records[0].promises.size() == 1);
  CHECK(reps[0].records[0].promises[0].id == "a1aaaa");
  REQUIRE(reps[1].open_promises().size() == 1);
  CHECK(reps[1].open_promises()[0]->id == "a2aaaa");
  CHECK(reps[2].records.empty());

  const auto views = team_action_views(teams);
  REQUIRE(views.size() == 1);
  CHECK(views[0].name == "Team");
  REQUIRE(views[0].open_promises().size() == 1);
  CHECK(views[0].open_promises()[0]->id == "a3aaaa");
}

TEST_CASE("data_dir::append_team_meeting creates the year's file, then appends and keeps every comment") {
  testing::TempDir tmp;
  const auto root = tmp.path() / "d";
  init_data_dir(root, "Dana", "West");
  const DataDir dir(root);
  dir.add_rep(rep_named("alice-chen", "Alice Chen"));
  Record one_on_one;
  one_on_one.kind = std::string(kind::one_on_one);
  one_on_one.date = day("2026-11-01");
  one_on_one.promises.push_back(meeting_on("2026-11-01").promises[0]);
  const Record rep_record = dir.append_record(dir.find_rep("alice-chen"), one_on_one);

  const Record first = dir.append_team_meeting(meeting_on("2026-11-02"), "West");
  const std::string created = read_text_file(root / "team" / "2026.yaml", max_yaml_file_size);
  CHECK(created.find("team: West\nrecords:\n  - kind: team-meeting\n") != std::string::npos);
  const std::string commented = created + "# kept by hand\n";
  write_file_atomic(root / "team" / "2026.yaml", commented);
  const Record second = dir.append_team_meeting(meeting_on("2026-11-09"));
  const std::string after = read_text_file(root / "team" / "2026.yaml", max_yaml_file_size);
  // The new record goes after the last one; the file's text around it stays byte for byte.
  CHECK(after.substr(0, created.size()) == created);
  CHECK(after.substr(after.size() - 15) == "# kept by hand\n");
  CHECK(after.find("date: 2026-11-09\n") > created.size());
  dir.append_team_meeting(meeting_on("2025-12-29")); // another year, another file
  CHECK(fs::exists(root / "team" / "2025.yaml"));

  const auto teams = dir.load_team_files();
  REQUIRE(teams.size() == 2);
  CHECK(teams[0].id == "team-2025");
  CHECK(teams[1].records.size() == 2);
  // Ids are unique across rep and team files, and the roster knows the team's.
  std::vector<std::string> ids{rep_record.id, rep_record.promises[0].id, first.id, first.promises[0].id,
                               second.id,     second.promises[0].id};
  std::sort(ids.begin(), ids.end());
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
  const auto [holder, exact] = dir.find_rep_with_promise(second.promises[0].id);
  CHECK(holder.id == "team-2026");
  CHECK(exact == second.promises[0].id);
  // The team is not a rep a REP can name.
  CHECK_THROWS_AS(dir.find_rep("team"), Error);
  CHECK(dir.load_reps().size() == 1);
}

TEST_CASE("data_dir::change_promise closes a team action in the team file, only adding its lines") {
  testing::TempDir tmp;
  const auto root = tmp.path() / "d";
  init_data_dir(root, "Dana", "");
  fs::create_directories(root / "team");
  write_file_atomic(root / "team" / "2026.yaml", team_text);
  const DataDir dir(root);
  const auto [team, id] = dir.find_rep_with_promise("a2aa");
  CHECK(id == "a2aaaa");
  PromiseChange change;
  change.done = day("2026-11-05");
  dir.change_promise(team, id, change);
  std::string expected = team_text;
  const std::string anchor = "        due: 2026-11-06\n";
  expected.insert(expected.find(anchor) + anchor.size(), "        done: 2026-11-05\n");
  CHECK(read_text_file(root / "team" / "2026.yaml", max_yaml_file_size) == expected);
}
