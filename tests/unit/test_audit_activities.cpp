#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include <coach/activities.hpp>
#include <coach/audit.hpp>

#include "audit_lines.hpp"
#include "from_yaml.hpp"

using namespace coach;
using coach::testing::Audit;
using coach::testing::day;
using coach::testing::rep_from_yaml;
using coach::testing::run;
using coach::testing::settings_from_yaml;

// coach-audit(1), "THE CHECKS": joint-call, team-meeting, career, skills-audit,
// and the data check's skills. The figures are counted by hand in the comments;
// the day audited is Wed 2026-11-25 and the default cadences apply (joint call
// 30 days, team meeting 7, career conversation 90, skills audit 180; grace 2).

namespace {

// A rep on the team since January with `extra` keys and one record per line of `records` (flow maps).
Rep rep_with(const std::string& id, const std::vector<std::string>& records, const std::string& extra = "") {
  std::string text = "name: " + id + " Doe\nstart: 2026-01-05\n" + extra + "records:\n";
  for (const auto& record : records) text += "  - " + record + "\n";
  return rep_from_yaml(id, text);
}

// A joint call with feedback (held) on `date`, and one with only its plan.
std::string held_call(const std::string& id, const std::string& date) {
  return "{kind: joint-call, id: " + id + ", date: " + date + ", account: Acme, went_well: [Opening]}";
}
std::string planned_call(const std::string& id, const std::string& date) {
  return "{kind: joint-call, id: " + id + ", date: " + date + ", account: Acme, objective: Demo}";
}

const std::set<std::string> joint_call_only{"joint-call"};

} // namespace

TEST_CASE("audit joint-call: the last call with feedback against the cadence; none yet counts from the team's first") {
  const std::vector<Rep> team{
      // 10-20 to 11-25: 36 days, 36 - (30 + 2) = 4 late.
      rep_with("al", {held_call("ral001", "2026-10-20")}),
      // 10-23: 33 days, 1 late. A later plan without feedback does not count as held.
      rep_with("bo", {held_call("rbo001", "2026-10-23"), planned_call("rbo002", "2026-11-25")}),
      // None held: counted from the team's first, 10-20: 36 days, 4 late; its plan of 11-20 has passed.
      rep_from_yaml("cy", "name: Cy\nstart: 2026-01-05\nrecords:\n  - kind: joint-call\n    id: rcy001\n"
                          "    date: 2026-11-20\n    account: Initech\n"),
      // Joined 11-01, after the team's first: 24 days, within 32.
      rep_from_yaml("dee", "name: Dee\nstart: 2026-11-01\n"),
      // 10-24: 32 days = 30 + 2, on time.
      rep_with("ed", {held_call("red001", "2026-10-24")}),
  };
  CHECK(run(team, {.checks = joint_call_only}) ==
        std::vector<std::string>{
            "error joint-call [al] last joint call Tue 2026-10-20, 36 days ago: 4 days past the 30-day cadence and "
            "2-day grace",
            "error joint-call [bo] last joint call Fri 2026-10-23, 33 days ago: 1 day past the 30-day cadence and "
            "2-day grace",
            "warning joint-call [cy] no joint call recorded yet, 36 days after the team's first on Tue 2026-10-20: 4 "
            "days past the 30-day cadence and 2-day grace",
            "warning joint-call [cy] reps/cy.yaml:5:5: joint call rcy001 at Initech on Fri 2026-11-20 has a plan but "
            "no feedback: write how it went, or drop it if the call did not happen",
        });
  // A plan for the day audited has not passed yet. The other checks say nothing of joint calls.
  for (const auto& line : run(team, {.checks = {"cadence", "consistency", "content", "promises", "data"}})) {
    CHECK(line.find("joint") == std::string::npos);
  }
}

TEST_CASE("audit joint-call: a team that never held one is not checked; a plan alone does not begin it") {
  const std::vector<Rep> team{rep_with("al", {"{kind: 1on1, id: ral001, date: 2026-11-24, notes: n, personal: [p]}"}),
                              rep_with("bo", {planned_call("rbo001", "2026-11-30")})};
  CHECK(run(team, {.checks = {"joint-call", "career", "skills-audit", "team-meeting"}}).empty());
}

TEST_CASE("audit joint-call: away days, the rep's and the tag's cadence, 0 = not tracked") {
  const Audit audit{.checks = joint_call_only};
  // 36 days, 3 away (11-10..11-12): 33 counted, 1 late.
  const std::string three_away = "away:\n  - {from: 2026-11-10, to: 2026-11-12}\n";
  CHECK(run({rep_with("al", {held_call("ral001", "2026-10-20")}, three_away)}, audit) ==
        std::vector<std::string>{"error joint-call [al] last joint call Tue 2026-10-20, 36 days ago: 1 day past the "
                                 "30-day cadence and 2-day grace (3 days away not counted)"});
  // 5 away: 31 counted, within 32; away on the day audited: not checked.
  CHECK(run({rep_with("al", {held_call("ral001", "2026-10-20")}, "away:\n  - {from: 2026-11-10, to: 2026-11-14}\n")},
            audit)
            .empty());
  CHECK(run({rep_with("al", {held_call("ral001", "2026-10-20")}, "away:\n  - {from: 2026-11-24, to: 2026-11-27}\n")},
            audit)
            .empty());
  // The rep's own cadence (40: 36 days on time), the tag's (20: 36 - 22 = 14 late), 0: not tracked.
  CHECK(run({rep_with("al", {held_call("ral001", "2026-10-20")}, "cadence: {joint-call: 40}\n")}, audit).empty());
  Audit tagged = audit;
  tagged.settings = "policy:\n  tags:\n    ramp: {joint-call: 20}\n    tenured: {joint-call: 0}\n";
  CHECK(run({rep_with("al", {held_call("ral001", "2026-10-20")}, "tags: [ramp]\n")}, tagged) ==
        std::vector<std::string>{"error joint-call [al] last joint call Tue 2026-10-20, 36 days ago: 14 days past the "
                                 "20-day cadence and 2-day grace"});
  CHECK(run({rep_with("al", {held_call("ral001", "2026-10-20")}, "tags: [tenured]\n")}, tagged).empty());
  Audit off = audit;
  off.settings = "policy:\n  activities:\n    joint-call: 0\n";
  CHECK(run({rep_with("al", {held_call("ral001", "2026-10-20")})}, off).empty());
}

TEST_CASE("audit career: the last conversation against the cadence; overdue development goals here, not in promises") {
  // 08-01 to 11-25: 30 + 30 + 31 + 25 = 116 days, 116 - 92 = 24 late. Goals: 11-20 is 5 days overdue,
  // 11-23 is 2 (= promise_grace, not reported), the achieved and the dropped ones never.
  const Rep al = rep_from_yaml("al", R"(name: Al Chen
start: 2026-01-05
records:
  - kind: career
    id: ral001
    date: 2026-08-01
    goal: Team lead
    goals:
      - {id: gaaaaa, owner: rep, text: Lead a demo, due: 2026-11-20}
      - {id: gbbbbb, owner: rep, text: Coach a peer, due: 2026-11-01, done: 2026-11-02}
      - {id: gccccc, owner: rep, text: At grace, due: 2026-11-23}
      - {id: gddddd, owner: manager, text: Find a mentor, due: 2026-11-01, dropped: 2026-11-03, reason: r}
    promises:
      - {id: paaaaa, owner: rep, text: Read the book, due: 2026-11-20}
)");
  CHECK(run({al}, {.checks = {"career"}}) ==
        std::vector<std::string>{"error career [al] last career conversation Sat 2026-08-01, 116 days ago: 24 days "
                                 "past the 90-day cadence and 2-day grace",
                                 "warning career [al] development goal gaaaaa is 5 days overdue: Lead a demo"});
  CHECK(run({al}, {.checks = {"promises"}}) ==
        std::vector<std::string>{"warning promises [al] Al's commitment paaaaa is 5 days overdue: Read the book"});
}

TEST_CASE("audit skills-audit: the last audit against the 180-day cadence") {
  // 05-01 to 11-25: 30 + 30 + 31 + 31 + 30 + 31 + 25 = 208 days, 208 - 182 = 26 late; the joint call's
  // ratings are observations, not an audit.
  const std::vector<Rep> team{
      rep_with("al", {"{kind: skills-audit, id: ral001, date: 2026-05-01, ratings: {objections: 3}}",
                      "{kind: joint-call, id: ral002, date: 2026-11-20, account: A, ratings: {objections: 4}}"}),
      rep_with("bo", {"{kind: skills-audit, id: rbo001, date: 2026-06-01, ratings: {objections: 3}}"}),
  };
  CHECK(run(team, {.checks = {"skills-audit"}}) ==
        std::vector<std::string>{"error skills-audit [al] last skills audit Fri 2026-05-01, 208 days ago: 26 days past "
                                 "the 180-day cadence and 2-day grace"});
}

TEST_CASE("audit team-meeting: the team's last meeting against its cadence, the team's away days honoured") {
  Record tuesday, monday, later;
  tuesday.kind = monday.kind = later.kind = std::string(kind::team_meeting);
  tuesday.date = day("2026-11-10");
  monday.date = day("2026-11-16");
  later.date = day("2026-11-26");
  const std::vector<Rep> team{rep_with("al", {})};
  // 11-16 to 11-25: 9 days = 7 + 2, on time; 11-10: 15 days, 6 late (the one after the day audited ignored).
  CHECK(run(team, {.checks = {"team-meeting"}, .team_meetings = {&tuesday, &monday}}).empty());
  CHECK(run(team, {.checks = {"team-meeting"}, .team_meetings = {&later, &tuesday}}) ==
        std::vector<std::string>{"error team-meeting [] last team meeting Tue 2026-11-10, 15 days ago: 6 days past "
                                 "the 7-day cadence and 2-day grace"});
  // The team away 11-17..11-22: 9 counted, on time; a rep's own away days do not count for the team.
  CHECK(run(team, {.settings = "policy:\n  away:\n    - {from: 2026-11-17, to: 2026-11-22}\n",
                   .checks = {"team-meeting"},
                   .team_meetings = {&tuesday}})
            .empty());
  CHECK(run({rep_with("al", {}, "away:\n  - {from: 2026-11-17, to: 2026-11-22}\n")},
            {.checks = {"team-meeting"}, .team_meetings = {&tuesday}})
            .size() == 1);
  CHECK(run(team, {.settings = "policy:\n  activities:\n    team-meeting: 0\n",
                   .checks = {"team-meeting"},
                   .team_meetings = {&tuesday}})
            .empty());
  CHECK(run(team, {.checks = {"team-meeting"}}).empty()); // never held: not checked
}

TEST_CASE("audit data: a skill not on coach.yaml's list, at its key; a joint call may be planned ahead") {
  const Rep al = rep_from_yaml("al", R"(name: Al
records:
  - kind: skills-audit
    id: ral001
    date: 2026-11-02
    ratings:
      objection: 3
      closing: 4
    recommendations:
      closng: Ask for the order
  - kind: joint-call
    id: ral002
    date: 2026-12-01
    account: Acme
)");
  CHECK(run({al}, {.checks = {"data"}}) ==
        std::vector<std::string>{
            "warning data [al] reps/al.yaml:8:7: skill 'objection' is not on the team's skill list (coach.yaml "
            "skills:) (did you mean 'objections'?)",
            "warning data [al] reps/al.yaml:11:7: skill 'closng' is not on the team's skill list (coach.yaml "
            "skills:) (did you mean 'closing'?)",
        });
  // The team's own list: closing is on it, objection is far from every skill.
  CHECK(run({al}, {.settings = "skills:\n  call:\n    closing: {}\n    demo: {}\n", .checks = {"data"}}) ==
        std::vector<std::string>{"warning data [al] reps/al.yaml:8:7: skill 'objection' is not on the team's skill "
                                 "list (coach.yaml skills:)",
                                 "warning data [al] reps/al.yaml:11:7: skill 'closng' is not on the team's skill "
                                 "list (coach.yaml skills:) (did you mean 'closing'?)"});
  // A call held (with feedback) on a day to come is a mistake, as any record's.
  const Rep bo = rep_with("bo", {held_call("rbo001", "2026-12-01")});
  CHECK(run({bo}, {.checks = {"data"}}) ==
        std::vector<std::string>{"error data [bo] reps/bo.yaml:5:5: date 2026-12-01 is in the future"});
}

TEST_CASE("audit: activity_starts and activity_standing") {
  const Rep al = rep_with("al", {held_call("ral001", "2026-10-20"), planned_call("ral002", "2026-09-01"),
                                 "{kind: career, id: ral003, date: 2026-08-01}",
                                 "{kind: promise, id: ral004, date: 2026-07-01, promises: [{owner: rep, text: t}]}"});
  const Rep bo = rep_with("bo", {held_call("rbo001", "2026-10-01")});
  const std::vector<const Rep*> reps{&al, &bo};
  const auto started = activity_starts(reps);
  CHECK(started.size() == 2); // a promise recorded alone is no activity
  CHECK(started.at("joint-call") == day("2026-10-01"));
  CHECK(started.at("career") == day("2026-08-01"));
  const Policy policy;
  const ActivityStanding call = activity_standing(al, policy, kind::joint_call, started, day("2026-11-25"));
  REQUIRE(call.last != nullptr);
  CHECK(call.last->id == "ral001");
  CHECK(call.cadence == 30);
  CHECK(call.due() == day("2026-11-19"));
  CHECK(call.over == 6);
  const ActivityStanding audit = activity_standing(al, policy, kind::skills_audit, started, day("2026-11-25"));
  CHECK(audit.last == nullptr);
  CHECK(!audit.since); // the team never audited: nothing to count from
}

TEST_CASE("activities: the career plan and the last skills audit beside the one before") {
  const Rep al = rep_from_yaml("al", R"(name: Al
records:
  - {kind: career, id: ral003, date: 2026-09-01, goals: [{id: gbbbbb, owner: rep, text: Later goal}]}
  - {kind: career, id: ral001, date: 2026-03-01, goal: Senior AE, goals: [{id: gaaaaa, owner: rep, text: G, done: 2026-04-01}]}
  - {kind: skills-audit, id: ral010, date: 2026-10-01, ratings: {closing: 2, objections: 4, custom: 3}}
  - {kind: skills-audit, id: ral009, date: 2026-04-01, ratings: {objections: 3, closing: 2, product: 5}}
  - {kind: joint-call, id: ral020, date: 2026-09-15, account: A, ratings: {objections: 1}}
  - {kind: joint-call, id: ral021, date: 2026-10-15, account: A, ratings: {objections: 5}}
  - {kind: joint-call, id: ral022, date: 2026-10-20, account: A, objective: Plan only}
)");
  // The goal of the latest conversation that has one (the 09-01 one has none); goals oldest first.
  const CareerPlan plan = career_plan(al);
  REQUIRE(plan.goal_record != nullptr);
  CHECK(plan.goal == "Senior AE");
  REQUIRE(plan.goals.size() == 2);
  CHECK(plan.goals[0]->id == "gaaaaa");
  CHECK(goal_state(*plan.goals[0]) == "achieved");
  CHECK(goal_state(*plan.goals[1]) == "open");
  // By date, not file order: 10-01 is the last, 04-01 the one before; the team's list order, then `custom`.
  const SkillsComparison skills = compare_skills_audits(al, default_skills());
  REQUIRE(skills.last != nullptr);
  CHECK(skills.last->id == "ral010");
  CHECK(skills.before->id == "ral009");
  std::vector<std::string> rows;
  for (const auto& s : skills.skills) {
    rows.push_back(s.skill + " " + std::string(s.change()) + " " + std::to_string(s.observed.size()));
  }
  // Only the joint call after the last audit is an observation (10-15, rating 5); product: not in the last.
  CHECK(rows == std::vector<std::string>{"product  0", "objections rose 1", "closing same 0", "custom  0"});
  CHECK(skills.skills[1].observed[0].rating == 5);
  REQUIRE(open_joint_calls(al).size() == 1);
  CHECK(open_joint_calls(al)[0]->id == "ral022");
}
