#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <coach/audit.hpp>
#include <coach/remind.hpp>
#include <coach/team_file.hpp>

#include "from_yaml.hpp"

using namespace coach;
using coach::testing::day;
using coach::testing::rep_from_yaml;
using coach::testing::settings_from_yaml;

// Rules of coach-remind(1), "WHAT IS DUE", worked out by hand on Mon 2026-11-30
// under the default policy (1:1s every 7 days, 2 days' grace, skills audits every 180).

namespace {

const Date today = day("2026-11-30");

std::vector<Rep> team() {
  std::vector<Rep> reps;
  // Last 1:1 Fri 11-20: due Fri 11-27, 3 days late (beyond the grace); a skills audit on 05-01: due 10-28.
  reps.push_back(rep_from_yaml("al", R"(name: Al Chen
start: 2026-01-05
records:
  - kind: skills-audit
    id: saaaaa
    date: 2026-05-01
    ratings: {product: 3}
  - kind: 1on1
    id: raaaaa
    date: 2026-11-20
    promises:
      - {id: mover1, owner: manager, text: Quote, due: 2026-11-25}
      - {id: rtoday, owner: rep, text: Call Acme, due: 2026-11-30}
      - {id: mnext2, owner: manager, text: Deck, due: 2026-12-02}
      - {id: mnodue, owner: manager, text: Read the book}
      - {id: mkept1, owner: manager, text: Intro, due: 2026-11-18, done: 2026-11-19}
)"));
  // Last 1:1 Sat 11-28: due Sat 12-05; no skills audit since the team began them on 05-01: due 10-28.
  reps.push_back(rep_from_yaml("bo", R"(name: Bo Ruiz
start: 2026-01-05
records:
  - kind: 1on1
    id: rbbbbb
    date: 2026-11-28
    promises:
      - {id: rover1, owner: rep, text: Forecast, due: 2026-11-29}
      - {id: mover3, owner: manager, text: Pricing, due: 2026-11-27}
)"));
  // Away today: nothing of theirs is due but their promises.
  reps.push_back(rep_from_yaml("cy", R"(name: Cy Park
start: 2026-01-05
away:
  - {from: 2026-11-25, to: 2026-12-04, reason: vacation}
records:
  - kind: 1on1
    id: rccccc
    date: 2026-11-10
    promises:
      - {id: cyover, owner: rep, text: Notes, due: 2026-11-20}
)"));
  // Archived: nothing of theirs at all.
  reps.push_back(rep_from_yaml("dee", R"(name: Dee Lane
archived: 2026-11-01
records:
  - kind: 1on1
    id: rddddd
    date: 2026-10-01
    promises:
      - {id: darchv, owner: manager, text: Reference, due: 2026-11-01}
)"));
  // Started today, never met: the 1:1 is due now.
  reps.push_back(rep_from_yaml("ed", "name: Ed Moss\nstart: 2026-11-30\n"));
  // Last 1:1 Mon 11-23: due today.
  reps.push_back(rep_from_yaml("fay", R"(name: Fay Wu
records:
  - kind: 1on1
    id: rfffff
    date: 2026-11-23
)"));
  return reps;
}

// A team meeting on Fri 11-20 (due again Fri 11-27) with an action of yours to the whole team due Thu 11-26.
const char* const team_text = R"(records:
  - kind: team-meeting
    id: tmaaaa
    date: 2026-11-20
    promises:
      - {id: tmine1, owner: manager, text: Book the offsite, due: 2026-11-26}
)";

struct Fixture {
  std::vector<Rep> reps = team();
  std::vector<Rep> team_files{read_rep(parse_yaml("team/2026.yaml", team_text))};
  std::vector<Rep> views;
  Settings settings;
  std::map<std::string, Date, std::less<>> started;

  explicit Fixture(const std::string& coach_yaml = "manager: Dana\n") : settings(settings_from_yaml(coach_yaml)) {
    std::vector<const Rep*> pointers;
    for (const auto& rep : reps) pointers.push_back(&rep);
    started = activity_starts(pointers);
    attach_team_actions(reps, team_files);
    views = team_action_views(team_files);
  }
  Reminders gather(int within) const {
    return gather_reminders({reps, views, team_files, &settings.policy, started}, today, within);
  }
};

std::vector<std::string> who_and_late(const std::vector<DueActivity>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) {
    out.push_back((item.rep_id.empty() ? std::string("team") : item.rep_id) + " " + std::string(item.kind) + " " +
                  item.due.iso() + " " + std::to_string(item.days_late) + (item.beyond_grace ? " beyond" : ""));
  }
  return out;
}

std::vector<std::string> ids_of(const std::vector<DuePromise>& promises) {
  std::vector<std::string> ids;
  for (const auto& promise : promises) ids.push_back(promise.id);
  return ids;
}

} // namespace

TEST_CASE("remind: 1:1s due today or late, most late first; away, archived and not yet due left out") {
  const Fixture fixture; // what the reminders point into
  const Reminders r = fixture.gather(0);
  CHECK(who_and_late(r.one_on_ones) ==
        std::vector<std::string>{"al 1on1 2026-11-27 3 beyond", "ed 1on1 2026-11-30 0", "fay 1on1 2026-11-30 0"});
  CHECK(r.one_on_ones[0].last == day("2026-11-20"));
  CHECK(!r.one_on_ones[1].last); // never met: due now
}

TEST_CASE("remind: other activities as audit counts them, the team meeting the team's") {
  const Fixture fixture; // what the reminders point into
  const Reminders r = fixture.gather(0);
  CHECK(who_and_late(r.activities) == std::vector<std::string>{"al skills-audit 2026-10-28 33 beyond",
                                                               "bo skills-audit 2026-10-28 33 beyond",
                                                               "team team-meeting 2026-11-27 3 beyond"});
}

TEST_CASE("remind: promises due today or overdue, yours (the team's actions too) apart from the reps'") {
  const Fixture fixture; // what the reminders point into
  const Reminders r = fixture.gather(0);
  CHECK(ids_of(r.your_promises) == std::vector<std::string>{"mover1", "tmine1", "mover3"});
  CHECK(ids_of(r.their_promises) == std::vector<std::string>{"cyover", "rover1", "rtoday"});
  CHECK_FALSE(r.empty());
}

TEST_CASE("remind: --within reaches the days ahead") {
  const Fixture fixture;
  const Reminders four = fixture.gather(4);
  CHECK(ids_of(four.your_promises) == std::vector<std::string>{"mover1", "tmine1", "mover3", "mnext2"});
  CHECK(four.one_on_ones.size() == 3); // Bo's, due 12-05, is 5 days ahead
  const Reminders five = fixture.gather(5);
  CHECK(who_and_late(five.one_on_ones).back() == "bo 1on1 2026-12-05 -5");
}

TEST_CASE("remind: a team-wide away day holds back every 1:1 and activity, not the promises") {
  const Fixture fixture("manager: Dana\npolicy:\n  away:\n    - {from: 2026-11-30, to: 2026-11-30}\n");
  const Reminders r = fixture.gather(0);
  CHECK(r.one_on_ones.empty());
  CHECK(r.activities.empty());
  CHECK(r.your_promises.size() == 3);
}

TEST_CASE("remind: nothing due is empty") {
  Fixture fixture;
  fixture.reps.clear();
  fixture.views.clear();
  fixture.team_files.clear();
  fixture.started.clear();
  CHECK(fixture.gather(30).empty());
}

TEST_CASE("remind: gathered one rep at a time, the digest holds copies, not the histories") {
  Reminders r;
  {
    Fixture fixture; // freed before the digest is read
    ReminderGatherer gatherer(fixture.settings.policy, fixture.started, today, 0);
    for (const Rep& rep : fixture.reps) gatherer.add(rep);
    r = gatherer.finish(fixture.team_files, fixture.views);
  }
  REQUIRE(r.your_promises.size() == 3);
  const DuePromise& team_action = r.your_promises[1];
  CHECK(team_action.id == "tmine1");
  CHECK(team_action.rep_name == "Team");
  CHECK(team_action.text == "Book the offsite");
  CHECK(team_action.due == day("2026-11-26"));
  CHECK(team_action.from_kind == "team-meeting");
  CHECK(team_action.from_id == "tmaaaa");
  CHECK(team_action.from_date == day("2026-11-20"));
  const DuePromise& al = r.your_promises[0];
  CHECK(al.rep == "al");
  CHECK(al.rep_name == "Al Chen");
  CHECK(al.from_id == "raaaaa");
  CHECK(r.activities.back().rep_name == "Team");
  CHECK(r.activities.back().rep_id.empty());
  CHECK(r.activities.back().last == day("2026-11-20"));
  CHECK(r.one_on_ones[0].rep_name == "Al Chen");
}
