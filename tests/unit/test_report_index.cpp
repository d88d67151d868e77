#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <coach/error.hpp>
#include <coach/report.hpp>

#include "from_yaml.hpp"

using namespace coach;
using coach::testing::day;
using coach::testing::rep_from_yaml;
using coach::testing::settings_from_yaml;

// The coaching index and the roll-up's figures per manager, as coach-report(1)
// defines them ("The coaching index", "SEVERAL TEAMS"); the arithmetic is
// beside each expected figure.

namespace {

const ReportPeriod november{day("2026-11-01"), day("2026-11-30"), "2026-11"};

// A team's figures built by hand: 1:1 adherence 8/10, on cadence 15/20, the
// manager's promises 3 kept on time of 5 that came due, 2 of 8 1:1s with a
// personal topic, 6 of 8 with notes; no other activity shown.
TeamReport hand_built_team() {
  TeamReport team;
  RepFigures& t = team.totals;
  t.expected = 10;
  t.credited = 8;
  t.days_counted = 20;
  t.days_late = 5;
  t.manager.kept_on_time = 3;
  t.manager.kept = 4;
  t.manager.overdue = 1;
  t.held = 8;
  t.with_personal = 2;
  t.with_notes = 6;
  return team;
}

const IndexPart& part(const CoachingIndex& index, std::string_view name) {
  for (const auto& p : index.parts) {
    if (p.name == name) return p;
  }
  FAIL("no part " << name);
  return index.parts.front();
}

Policy policy_of(const std::string& text) {
  return settings_from_yaml(text).policy;
}

std::pair<ExitCode, std::string> settings_error(const std::string& text) {
  try {
    settings_from_yaml(text);
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
  FAIL("coach.yaml was read without an error:\n" << text);
  return {ExitCode::ok, ""};
}

} // namespace

TEST_CASE("index: every part in its order, with its default weight") {
  const CoachingIndex index = coaching_index(hand_built_team(), Policy{});
  std::vector<std::string> names;
  std::vector<double> weights;
  for (const auto& p : index.parts) {
    names.push_back(p.name);
    weights.push_back(p.weight);
  }
  CHECK(names == std::vector<std::string>{"1on1", "regularity", "joint-call", "team-meeting", "career", "skills-audit",
                                          "promises", "personal", "notes"});
  CHECK(weights == std::vector<double>{2, 2, 1, 1, 1, 1, 2, 1, 1});
  CHECK(part(index, "1on1").value == doctest::Approx(0.8));        // 8 / 10
  CHECK(part(index, "regularity").value == doctest::Approx(0.75)); // (20 - 5) / 20
  CHECK(part(index, "promises").value == doctest::Approx(0.6));    // 3 / (4 + 1)
  CHECK(part(index, "personal").value == doctest::Approx(0.25));   // 2 / 8
  CHECK(part(index, "notes").value == doctest::Approx(0.75));      // 6 / 8
  for (const char* none : {"joint-call", "team-meeting", "career", "skills-audit"}) {
    CAPTURE(none);
    CHECK_FALSE(part(index, none).value); // no section shown: left out
  }
  // (2*0.8 + 2*0.75 + 2*0.6 + 0.25 + 0.75) / (2 + 2 + 2 + 1 + 1) = 5.3 / 8 = 66.25%
  CHECK(index.score() == 66);
}

TEST_CASE("index: an activity's section counts when it expects something") {
  TeamReport team = hand_built_team();
  ActivityReport joint;
  joint.kind = "joint-call";
  joint.totals.expected = 4;
  joint.totals.credited = 1;
  ActivityReport meetings;
  meetings.kind = "team-meeting"; // shown, but none expected: no value
  team.activities = {joint, meetings};
  const CoachingIndex index = coaching_index(team, Policy{});
  CHECK(part(index, "joint-call").value == doctest::Approx(0.25));
  CHECK_FALSE(part(index, "team-meeting").value);
  // (5.3 + 1*0.25) / (8 + 1) = 61.67%
  CHECK(index.score() == 62);
}

TEST_CASE("index: weights from coach.yaml; parts without a value are left out with their weight") {
  const Policy policy = policy_of("policy:\n  index:\n    promises: 4\n    notes: 0\n    1on1: 0.5\n");
  TeamReport team = hand_built_team();
  team.totals.days_counted = 0; // regularity: nothing counted, so no value
  const CoachingIndex index = coaching_index(team, policy);
  CHECK(part(index, "promises").weight == 4);
  CHECK(part(index, "notes").weight == 0);
  CHECK(part(index, "1on1").weight == 0.5);
  CHECK(part(index, "regularity").weight == 2); // not given: its default
  CHECK_FALSE(part(index, "regularity").value);
  // (0.5*0.8 + 4*0.6 + 1*0.25 + 0*0.75) / (0.5 + 4 + 1 + 0) = 3.05 / 5.5 = 55.45%
  CHECK(index.score() == 55);
}

TEST_CASE("index: no part with a value, or only weights of 0, is no index") {
  CHECK_FALSE(coaching_index(TeamReport{}, Policy{}).score());
  TeamReport team;
  team.totals.expected = 4;
  team.totals.credited = 4;
  CHECK(coaching_index(team, Policy{}).score() == 100);
  CHECK_FALSE(coaching_index(team, policy_of("policy:\n  index: {1on1: 0}\n")).score());
}

TEST_CASE("index: rounded half up, as every percentage") {
  TeamReport team;
  team.totals.expected = 40;
  team.totals.credited = 23; // 57.5%, which doubles compute as 57.49999999999999
  CHECK(coaching_index(team, Policy{}).score() == 58);
  team.totals.credited = 1;
  team.totals.expected = 8; // 12.5%
  CHECK(coaching_index(team, Policy{}).score() == 13);
}

TEST_CASE("settings: policy.index, its weights and its errors") {
  const Settings s = settings_from_yaml("policy:\n  index:\n    regularity: 3\n    skills-audit: 0.25\n");
  CHECK(s.policy.index_weights == std::map<std::string, double>{{"regularity", 3}, {"skills-audit", 0.25}});
  CHECK(s.unknown_keys.empty());
  CHECK(index_weight(s.policy, "regularity") == 3);
  CHECK(index_weight(s.policy, "1on1") == 2);
  CHECK(index_weight(s.policy, "career") == 1);
  CHECK(settings_from_yaml("policy:\n  index:\n").policy.index_weights.empty());

  // An unknown part is kept, with its place, for audit's warning; the others still count.
  const Settings typo = settings_from_yaml("policy:\n  index:\n    regularty: 3\n    notes: 2\n");
  REQUIRE(typo.unknown_keys.size() == 1);
  CHECK(typo.unknown_keys[0].name == "policy.index.regularty");
  CHECK(typo.unknown_keys[0].origin.place.line == 3);
  CHECK(typo.unknown_keys[0].origin.place.column == 5);
  CHECK(typo.policy.index_weights == std::map<std::string, double>{{"notes", 2}});

  CHECK(index_part_suggestion("regularty") == " (did you mean 'regularity'?)");
  CHECK(index_part_suggestion("Promise") == " (did you mean 'promises'?)");
  CHECK(index_part_suggestion("1on1s") == " (did you mean '1on1'?)");
  CHECK(index_part_suggestion("weather") == "");

  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"policy:\n  index:\n    notes: -1\n",
       "coach.yaml:3:12: policy.index.notes: \"-1\" is not a weight; write a number of 0 or more, such as 2 or 0.5"},
      {"policy:\n  index:\n    notes: lots\n",
       "coach.yaml:3:12: policy.index.notes: \"lots\" is not a weight; write a number of 0 or more, such as 2 or 0.5"},
      {"policy:\n  index:\n    notes: 1.\n",
       "coach.yaml:3:12: policy.index.notes: \"1.\" is not a weight; write a number of 0 or more, such as 2 or 0.5"},
      {"policy:\n  index:\n    notes: 1e3\n",
       "coach.yaml:3:12: policy.index.notes: \"1e3\" is not a weight; write a number of 0 or more, such as 2 or 0.5"},
      {"policy:\n  index:\n    notes: 1001\n", "coach.yaml:3:12: policy.index.notes: 1001 is out of range (0 to 1000)"},
      {"policy:\n  index:\n    notes: [1]\n",
       "coach.yaml:3:12: policy.index.notes: expected a weight (a number such as 2 or 0.5), found a list or map"},
      {"policy:\n  index:\n    notes:\n",
       "coach.yaml:3:5: policy.index.notes: expected a weight (a number such as 2 or 0.5), found nothing"},
      {"policy:\n  index: 2\n",
       "coach.yaml:2:10: policy.index: expected a map of part: weight (1on1: 2, promises: 2, ...)"},
  };
  for (const Case& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    const auto [code, message] = settings_error(c.text);
    CHECK(code == ExitCode::data);
    CHECK(message == c.message);
  }
}

TEST_CASE("standing: overdue now, the oldest, the drop rate and the attention split") {
  const Settings settings = settings_from_yaml("manager: Dana\npolicy:\n  cadence: 7\n  tenure_years: 5\n");
  const std::vector<Rep> reps = {
      rep_from_yaml("hp", R"(name: High
start: 2026-01-05
tags: [high-performer]
records:
  - kind: 1on1
    id: raaaaa
    date: 2026-08-01
    promises:
      - {id: m1, owner: manager, text: made long before, due: 2026-09-01}
      - {id: r1, owner: rep, text: the rep's own, due: 2026-09-01}
  - kind: 1on1
    id: rbbbbb
    date: 2026-11-02
    promises:
      - {id: m2, owner: manager, text: due on the last day, due: 2026-11-30}
  - {kind: 1on1, id: rccccc, date: 2026-11-09}
  - {kind: 1on1, id: rddddd, date: 2026-11-16}
  - {kind: 1on1, id: reeeee, date: 2026-11-23}
)"),
      rep_from_yaml("both", R"(name: Both
start: 2026-01-05
tags: [high-performer, tenured]
records:
  - {kind: 1on1, id: rfffff, date: 2026-11-03}
  - {kind: 1on1, id: rggggg, date: 2026-11-17}
)"),
      rep_from_yaml("vet", R"(name: Vet
start: 2021-12-01
records:
  - kind: 1on1
    id: rhhhhh
    date: 2026-11-05
    promises:
      - {id: m3, owner: manager, text: overdue, due: 2026-11-20}
      - {id: m4, owner: manager, text: dropped, due: 2026-11-10, dropped: 2026-11-12, reason: r}
)"),
      rep_from_yaml("new", R"(name: New
start: 2026-01-05
records:
  - kind: 1on1
    id: riiiii
    date: 2026-11-07
    promises:
      - {id: m5, owner: manager, text: kept after the period, due: 2026-11-15, done: 2026-12-02}
  - {kind: 1on1, id: rjjjjj, date: 2026-11-14}
  - {kind: 1on1, id: rkkkkk, date: 2026-11-21}
)"),
  };
  const TeamReport team = team_report(".", settings, reps, november, TrendBy::none, false);
  REQUIRE(team.reps.size() == 4);
  for (const auto& f : team.reps) CHECK(f.expected == 4); // 30 days / 7
  const ManagerStanding& s = team.standing;
  // m1 (due 09-01: 90 days on 11-30), m3 (due 11-20: 10 days), m5 (due 11-15, done only after the
  // period: 15 days); not m2 (due on the last day), nor r1 (the rep's), nor m4 (dropped).
  CHECK(s.overdue_now == 3);
  CHECK(s.oldest_overdue_days == 90);
  // Made in the period: m2, m3, m4, m5; dropped: m4.
  CHECK(s.made == 4);
  CHECK(s.dropped == 1);
  CHECK(s.drop_rate() == doctest::Approx(0.25));
  // Vet started 2021-12-01: 1825 days (5 x 365) before 11-30, so tenured; Both by its tag.
  CHECK(s.high_performers.reps == 2); // High 4 of 4, Both 2 of 4
  CHECK(s.high_performers.adherence() == doctest::Approx(6.0 / 8));
  CHECK(s.tenured.reps == 2); // Both 2 of 4, Vet 1 of 4
  CHECK(s.tenured.adherence() == doctest::Approx(3.0 / 8));
  CHECK(s.others.reps == 1); // New 3 of 4
  CHECK(s.others.adherence() == doctest::Approx(3.0 / 4));
  CHECK_FALSE(s.attainment); // no results
  CHECK(s.index.score() == coaching_index(team, settings.policy).score());

  // The manager's team-meeting actions to the whole team count too (those to one
  // rep are in that rep's records already): t1 overdue 100 days; t2 kept; t3 not due.
  Record meeting;
  meeting.kind = "team-meeting";
  meeting.id = "rmmmmm";
  meeting.date = day("2026-08-20");
  const auto action = [](const char* id, std::optional<Date> due, std::optional<Date> done) {
    Promise p;
    p.id = id;
    p.owner = Owner::manager;
    p.text = id;
    p.due = due;
    p.done = done;
    return p;
  };
  meeting.promises = {action("t1", day("2026-08-22"), std::nullopt), action("t2", day("2026-08-22"), day("2026-08-22")),
                      action("t3", day("2026-12-22"), std::nullopt)};
  const TeamReport with_actions = team_report(".", settings, reps, november, TrendBy::none, false, {meeting});
  CHECK(with_actions.standing.overdue_now == 4);
  CHECK(with_actions.standing.oldest_overdue_days == 100); // 08-22 to 11-30

  // ATTAIN: the sums over the reps with results (Dee has none) of the results periods that count.
  ResultsPeriod month = *results_period_of("2026-11");
  month.reps = {{"hp", 100000, 80000, {}, 0}, {"vet", 50000, 64000, {}, 0}};
  ResultsPeriod october = *results_period_of("2026-10"); // outside the period: left out
  october.reps = {{"hp", 100000, 0, {}, 0}};
  const TeamReport with_results = team_report(".", settings, reps, november, TrendBy::none, false, {},
                                              {month, october});
  CHECK(with_results.standing.attainment == doctest::Approx(0.96)); // (80000 + 64000) / (100000 + 50000)
}

TEST_CASE("standing: an empty group has no adherence; attainment from the team's results") {
  TeamReport team;
  team.totals.results = Attainment{200, 150, {"2026-11"}};
  const ManagerStanding s = manager_standing(team, {}, Policy{}, november);
  CHECK_FALSE(s.high_performers.adherence());
  CHECK_FALSE(s.tenured.adherence());
  CHECK_FALSE(s.others.adherence());
  CHECK_FALSE(s.oldest_overdue_days);
  CHECK_FALSE(s.drop_rate());
  CHECK(s.attainment == doctest::Approx(0.75)); // 150 / 200
}
