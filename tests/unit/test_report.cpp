#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <coach/report.hpp>

#include "from_yaml.hpp"

using namespace coach;
using coach::testing::day;
using coach::testing::rep_from_yaml;
using coach::testing::settings_from_yaml;

// Figures of coach-report(1), "THE PERIOD" and "THE FIGURES", on cases small
// enough to count by hand; the arithmetic is beside each expected figure.

namespace {

// November 2026: Sun 11-01 to Mon 11-30, 30 days.
const ReportPeriod november{day("2026-11-01"), day("2026-11-30"), "2026-11"};
const Policy weekly = settings_from_yaml("").policy; // cadence 7

std::vector<Date> days(const std::vector<const char*>& isos) {
  std::vector<Date> out;
  for (const char* iso : isos) out.push_back(day(iso));
  return out;
}

// A rep on the team since January with 1:1s on `dates` (flow maps, nothing else in them).
Rep rep_meeting_on(const std::string& id, const std::vector<std::string>& dates, const std::string& extra = "") {
  std::string text = "name: " + id + "\nstart: 2026-01-05\n" + extra + "records:\n";
  int n = 0;
  for (const auto& date : dates)
    text += "  - {kind: 1on1, id: r" + id + std::to_string(n++) + ", date: " + date + "}\n";
  return rep_from_yaml(id, text);
}

const Rep al = rep_from_yaml("al", R"(name: Al Chen
start: 2026-01-05
records:
  - {kind: 1on1, id: raaaaa, date: 2026-10-27, minutes: 30, notes: before the period}
  - {kind: 1on1, id: rbbbbb, date: 2026-11-03, minutes: 30, personal: [Kids], notes: n}
  - {kind: 1on1, id: rccccc, date: 2026-11-10, minutes: 45, professional: [Pipeline]}
  - {kind: 1on1, id: rddddd, date: 2026-11-10, minutes: 15, personal: [Trip]}
  - {kind: promise, id: reeeee, date: 2026-11-20, promises: [{id: paaaaa, owner: manager, text: t}]}
  - {kind: 1on1, id: rfffff, date: 2026-11-24, notes: m}
  - {kind: 1on1, id: rggggg, date: 2026-12-01, minutes: 60, personal: [After]}
)");

} // namespace

TEST_CASE("report: quarters and months") {
  const auto q3 = quarter_period("2026-Q3");
  REQUIRE(q3);
  CHECK(q3->first == day("2026-07-01"));
  CHECK(q3->last == day("2026-09-30"));
  CHECK(q3->label == "2026-Q3");
  CHECK(q3->days() == 92); // 31 + 31 + 30
  const auto q4 = quarter_period("2026-q4");
  REQUIRE(q4);
  CHECK(q4->label == "2026-Q4");
  CHECK(q4->last == day("2026-12-31"));
  for (const char* bad : {"2026-Q0", "2026-Q5", "2026Q3", "2026-Q", "26-Q3", "1899-Q4", "2026-Q3 ", "abcd-Q1"}) {
    CAPTURE(bad);
    CHECK_FALSE(quarter_period(bad));
  }
  const auto feb = month_period("2026-02");
  REQUIRE(feb);
  CHECK(feb->days() == 28);
  CHECK(feb->label == "2026-02");
  CHECK(month_period("2024-02")->days() == 29);
  CHECK(month_period("2026-11")->last == day("2026-11-30"));
  for (const char* bad : {"2026-00", "2026-13", "2026-1", "2026/10", "1899-12", "2026-1x"}) {
    CAPTURE(bad);
    CHECK_FALSE(month_period(bad));
  }
}

TEST_CASE("report: a rep's 1:1 figures over a month") {
  const RepFigures f = rep_figures(al, weekly, november);
  CHECK(f.id == "al");
  CHECK(f.cadence == 7);
  CHECK(f.held == 3);     // 11-03, 11-10 (twice: once), 11-24; not 10-27, 12-01, nor the promise record
  CHECK(f.expected == 4); // 30 working days / 7 = 4.28, rounded down
  CHECK(f.credited == 3); // min(3, 4)
  REQUIRE(f.adherence());
  CHECK(*f.adherence() == doctest::Approx(0.75)); // 3 / 4
  CHECK(f.meetings == days({"2026-11-03", "2026-11-10", "2026-11-24"}));
  // Gaps closed in the period: 10-27 -> 11-03 = 7, 11-03 -> 11-10 = 7, 11-10 -> 11-24 = 14.
  CHECK(f.median_gap == 7);      // median of 7, 7, 14
  CHECK(f.longest_gap == 14);    // max(14, open gap 11-24 -> 11-30 = 6)
  CHECK(f.days_since_last == 6); // 11-24 -> 11-30
  CHECK(f.minutes == 90);        // 30 + 45 + 15 + 0 (11-24 has no minutes)
  CHECK(f.with_personal == 2);   // 11-03 and 11-10 (one of its two records)
  CHECK(f.with_notes == 2);      // 11-03 and 11-24
}

TEST_CASE("report: expected counts the days on the team, away days left out") {
  SUBCASE("started during the period") {
    // 11-11 to 11-30: 20 days / 7 = 2.
    CHECK(rep_figures(rep_from_yaml("al", "name: Al\nstart: 2026-11-11\n"), weekly, november).expected == 2);
  }
  SUBCASE("no start: from the first record") {
    // First record 11-17: 11-17 to 11-30 = 14 days / 7 = 2.
    CHECK(rep_figures(rep_from_yaml("al", "name: Al\nrecords:\n  - {kind: 1on1, date: 2026-11-17}\n"), weekly, november)
              .expected == 2);
  }
  SUBCASE("the rep's own away days and the team's") {
    const Rep rep = rep_meeting_on("al", {}, "away:\n  - {from: 2026-11-16, to: 2026-11-29}\n");
    CHECK(rep_figures(rep, weekly, november).expected == 2); // 30 - 14 = 16 days / 7 = 2
    const Policy team_away = settings_from_yaml("policy:\n  away:\n    - {from: 2026-11-01, to: 2026-11-07}\n").policy;
    CHECK(rep_figures(rep, team_away, november).expected == 1); // 30 - 14 - 7 = 9 days / 7 = 1
    // Both away on the same days: counted once. 30 - 14 = 16 / 7 = 2.
    const Policy overlap = settings_from_yaml("policy:\n  away:\n    - {from: 2026-11-20, to: 2026-11-22}\n").policy;
    CHECK(rep_figures(rep, overlap, november).expected == 2);
  }
  SUBCASE("the rep's cadence, else the tags', else the policy's") {
    const Policy policy = settings_from_yaml("policy:\n  cadence: 10\n  tags:\n    tenured: 14\n").policy;
    CHECK(rep_figures(rep_meeting_on("al", {}), policy, november).expected == 3);                      // 30 / 10
    CHECK(rep_figures(rep_meeting_on("al", {}, "tags: [tenured]\n"), policy, november).expected == 2); // 30 / 14
    CHECK(rep_figures(rep_meeting_on("al", {}, "cadence: 5\ntags: [tenured]\n"), policy, november).expected == 6);
  }
  SUBCASE("archived during the period: up to the archive date") {
    const Rep rep = rep_meeting_on("al", {"2026-11-03"}, "archived: 2026-11-15\n");
    const RepFigures f = rep_figures(rep, weekly, november);
    CHECK(f.expected == 2);         // 11-01 to 11-15 = 15 days / 7 = 2
    CHECK(f.days_since_last == 12); // 11-03 -> 11-15, the day the rep left
    CHECK(f.longest_gap == 12);     // the open gap, ending on the archive date
    CHECK_FALSE(f.median_gap);      // the rep's very first 1:1 closes no gap
    CHECK(f.archived);
  }
  SUBCASE("archived after the period: a whole month on the team") {
    const RepFigures f = rep_figures(rep_meeting_on("al", {"2026-11-03"}, "archived: 2026-12-10\n"), weekly, november);
    CHECK(f.expected == 4);
    CHECK(f.days_since_last == 27); // 11-03 -> 11-30
    CHECK(f.archived);              // archived now
  }
}

TEST_CASE("report: gaps") {
  SUBCASE("no 1:1 at all") {
    const RepFigures f = rep_figures(rep_meeting_on("al", {}), weekly, november);
    CHECK(f.held == 0);
    CHECK(f.credited == 0);
    CHECK(*f.adherence() == doctest::Approx(0.0));
    CHECK_FALSE(f.median_gap);
    CHECK_FALSE(f.longest_gap);
    CHECK_FALSE(f.days_since_last);
  }
  SUBCASE("an even number of gaps: the mean of the middle two, rounded down") {
    // Gaps 11-02 -> 11-09 = 7 and 11-09 -> 11-23 = 14: (7 + 14) / 2 = 10.5 -> 10.
    const RepFigures f = rep_figures(rep_meeting_on("al", {"2026-11-02", "2026-11-09", "2026-11-23"}), weekly,
                                     november);
    CHECK(f.median_gap == 10);
    CHECK(f.longest_gap == 14); // max(7, 14, open 11-23 -> 11-30 = 7)
  }
  SUBCASE("the open gap is the longest") {
    // Closed gap 10-20 -> 11-02 = 13; open gap 11-02 -> 11-30 = 28.
    const RepFigures f = rep_figures(rep_meeting_on("al", {"2026-10-20", "2026-11-02"}), weekly, november);
    CHECK(f.median_gap == 13);
    CHECK(f.longest_gap == 28);
    CHECK(f.days_since_last == 28);
    CHECK(f.held == 1);
  }
  SUBCASE("the last 1:1 before the period") {
    // No 1:1 in November: no closed gap; 10-20 -> 11-30 = 41 days.
    const RepFigures f = rep_figures(rep_meeting_on("al", {"2026-10-20"}), weekly, november);
    CHECK_FALSE(f.median_gap);
    CHECK(f.longest_gap == 41);
    CHECK(f.days_since_last == 41);
  }
  SUBCASE("a 1:1 on the period's last day") {
    const RepFigures f = rep_figures(rep_meeting_on("al", {"2026-11-23", "2026-11-30"}), weekly, november);
    CHECK(f.days_since_last == 0);
    CHECK(f.longest_gap == 7);
  }
}

TEST_CASE("report: promises made in the period, judged on its last day") {
  const Rep rep = rep_from_yaml("pr", R"(name: Pat Roe
start: 2026-01-05
records:
  - kind: 1on1
    id: raaaaa
    date: 2026-10-20
    promises:
      - {id: m0, owner: manager, text: before the period, due: 2026-11-05, done: 2026-11-04}
  - kind: 1on1
    id: rbbbbb
    date: 2026-11-02
    promises:
      - {id: m1, owner: manager, text: on time, due: 2026-11-10, done: 2026-11-09}
      - {id: m2, owner: manager, text: after a move, due: 2026-11-14, first_due: 2026-11-10, done: 2026-11-12}
      - {id: m3, owner: manager, text: late, due: 2026-11-10, done: 2026-11-12}
      - {id: m4, owner: manager, text: dropped, due: 2026-11-10, dropped: 2026-11-11, reason: r}
      - {id: m5, owner: manager, text: not due yet, due: 2026-12-05}
      - {id: m6, owner: manager, text: overdue, due: 2026-11-20}
      - {id: m7, owner: manager, text: due on the last day, due: 2026-11-30}
      - {id: m8, owner: manager, text: kept after the period, due: 2026-11-20, done: 2026-12-02}
      - {id: r1, owner: rep, text: on time, due: 2026-11-10, done: 2026-11-10}
      - {id: r2, owner: rep, text: no due date, done: 2026-11-15}
  - kind: promise
    id: rccccc
    date: 2026-11-20
    promises:
      - {id: r3, owner: rep, text: overdue, due: 2026-11-25}
  - kind: 1on1
    id: rddddd
    date: 2026-12-01
    promises:
      - {id: r4, owner: rep, text: after the period, due: 2026-12-02}
)");
  const RepFigures f = rep_figures(rep, weekly, november);
  const PromiseCounts& m = f.manager;
  CHECK(m.made == 8); // m1..m8; m0 was made before the period
  CHECK(m.kept == 3); // m1, m2, m3
  CHECK(m.kept_on_time == 1);
  CHECK(m.kept_after_move == 1);
  CHECK(m.kept_late == 1);
  CHECK(m.dropped == 1);
  CHECK(m.open == 4);    // m5, m6, m7, and m8 (kept after 11-30)
  CHECK(m.overdue == 2); // m6 and m8 (due 11-20 < 11-30); m7 is due on the last day, not before it
  REQUIRE(m.on_time_rate());
  CHECK(*m.on_time_rate() == doctest::Approx(0.2)); // 1 / (3 kept + 2 overdue)
  const PromiseCounts& r = f.rep;
  CHECK(r.made == 3); // r1, r2, r3 (a promise record counts); r4 is after the period
  CHECK(r.kept == 2);
  CHECK(r.kept_on_time == 2); // r2 has no due date
  CHECK(r.open == 1);
  CHECK(r.overdue == 1);
  CHECK(*r.on_time_rate() == doctest::Approx(2.0 / 3)); // 2 / (2 kept + 1 overdue)
}

TEST_CASE("report: no on-time rate when nothing came due") {
  const Rep rep = rep_from_yaml("pr", R"(name: Pat
records:
  - kind: 1on1
    id: raaaaa
    date: 2026-11-02
    promises:
      - {id: m1, owner: manager, text: dropped, due: 2026-11-10, dropped: 2026-11-11, reason: r}
      - {id: m2, owner: manager, text: not due, due: 2026-12-10}
)");
  const RepFigures f = rep_figures(rep, weekly, november);
  CHECK(f.manager.made == 2);
  CHECK_FALSE(f.manager.on_time_rate());
  CHECK_FALSE(f.rep.on_time_rate());
}

TEST_CASE("report: the team's totals; no rep counts above 100%") {
  const Settings settings = settings_from_yaml("manager: Dana\nteam: West\n");
  // bo: 6 1:1s, 4 expected: credited 4. Gaps 3, 4, 3, 4, 3: median 3; longest max(4, open 11-19 -> 11-30 = 11) = 11.
  const Rep bo = rep_meeting_on("bo",
                                {"2026-11-02", "2026-11-05", "2026-11-09", "2026-11-12", "2026-11-16", "2026-11-19"});
  const Rep gone = rep_meeting_on("ry", {"2026-09-01"}, "archived: 2026-10-15\n"); // before the period
  const Rep later = rep_from_yaml("zo", "name: Zo\nstart: 2026-12-05\n");          // after it
  const std::vector<Rep> reps{al, bo, gone, later};
  const TeamReport team = team_report("dir", settings, reps, november, TrendBy::none, false);
  CHECK(team.manager == "Dana");
  CHECK(team.team == "West");
  REQUIRE(team.reps.size() == 2);
  CHECK(team.reps[1].credited == 4); // min(6, 4)
  const RepFigures& t = team.totals;
  CHECK(t.held == 9);                              // 3 + 6
  CHECK(t.expected == 8);                          // 4 + 4
  CHECK(t.credited == 7);                          // 3 + 4
  CHECK(*t.adherence() == doctest::Approx(0.875)); // 7 / 8, not 9 / 8
  CHECK(t.median_gap == 5);                        // median of the medians 7 and 3: (7 + 3) / 2
  CHECK(t.longest_gap == 14);                      // al's
  CHECK(t.minutes == 90);
  CHECK(t.manager.made == 1); // al's promise recorded on 11-20 (a record of kind promise)
  CHECK(t.manager.open == 1);
  CHECK(team.trend.empty());
  // --archived: the rep archived before the period is counted, with no day on the team in it.
  const TeamReport all = team_report("dir", settings, reps, november, TrendBy::none, true);
  REQUIRE(all.reps.size() == 3);
  CHECK(all.reps[2].expected == 0);
  CHECK_FALSE(all.reps[2].adherence());
}

TEST_CASE("report: the trend by ISO week, clipped to the period") {
  const Settings settings = settings_from_yaml("");
  const Rep rep = rep_from_yaml("al", R"(name: Al
start: 2026-01-05
records:
  - kind: 1on1
    id: raaaaa
    date: 2026-10-20
    promises:
      - {id: m1, owner: manager, text: closed in W46, due: 2026-11-04, done: 2026-11-12}
      - {id: m2, owner: manager, text: due on the last day of W46, due: 2026-11-15, dropped: 2026-11-16, reason: r}
  - {kind: 1on1, id: rbbbbb, date: 2026-11-03}
  - {kind: 1on1, id: rccccc, date: 2026-11-10}
  - kind: 1on1
    id: rddddd
    date: 2026-11-12
    promises:
      - {id: r1, owner: rep, text: open, due: 2026-11-20}
  - {kind: 1on1, id: reeeee, date: 2026-11-24}
)");
  const TeamReport team = team_report("dir", settings, {rep}, november, TrendBy::week, false);
  REQUIRE(team.trend.size() == 6);
  struct Row {
    const char* label;
    const char* first;
    const char* last;
    int held;
    int expected; // days in the bucket / 7, rounded down
    int overdue;
    int overdue_manager;
  };
  const Row rows[] = {
      {"2026-W44", "2026-11-01", "2026-11-01", 0, 0, 0, 0}, // Sunday alone: 1 / 7 = 0
      {"2026-W45", "2026-11-02", "2026-11-08", 1, 1, 1, 1}, // m1 due 11-04, open on 11-08
      {"2026-W46", "2026-11-09", "2026-11-15", 2, 1, 0, 0}, // m1 kept 11-12; m2 due 11-15 is not before 11-15
      {"2026-W47", "2026-11-16", "2026-11-22", 0, 1, 1, 0}, // r1 due 11-20; m2 dropped 11-16
      {"2026-W48", "2026-11-23", "2026-11-29", 1, 1, 1, 0}, {"2026-W49", "2026-11-30", "2026-11-30", 0, 0, 1, 0},
  };
  for (size_t i = 0; i < 6; ++i) {
    CAPTURE(i);
    const TrendBucket& b = team.trend[i];
    CHECK(b.label == rows[i].label);
    CHECK(b.first == day(rows[i].first));
    CHECK(b.last == day(rows[i].last));
    CHECK(b.held == rows[i].held);
    CHECK(b.expected == rows[i].expected);
    CHECK(b.overdue == rows[i].overdue);
    CHECK(b.overdue_manager == rows[i].overdue_manager);
  }
}

TEST_CASE("report: ISO weeks across a new year take the year of their Thursday") {
  // 2026 starts on a Thursday, so it has 53 weeks; Mon 2026-12-28 to Sun 2027-01-03 is 2026-W53.
  const Settings settings = settings_from_yaml("");
  const ReportPeriod turn{day("2026-12-28"), day("2027-01-10"), "x"};
  const TeamReport team = team_report("dir", settings, {rep_meeting_on("al", {})}, turn, TrendBy::week, false);
  REQUIRE(team.trend.size() == 2);
  CHECK(team.trend[0].label == "2026-W53");
  CHECK(team.trend[1].label == "2027-W01");
  CHECK(team.trend[1].first == day("2027-01-04"));
  const ReportPeriod from_friday{day("2027-01-01"), day("2027-01-05"), "x"};
  const TeamReport short_team = team_report("dir", settings, {rep_meeting_on("al", {})}, from_friday, TrendBy::week,
                                            false);
  REQUIRE(short_team.trend.size() == 2);
  CHECK(short_team.trend[0].label == "2026-W53");
  CHECK(short_team.trend[0].last == day("2027-01-03"));
}

TEST_CASE("report: the trend by month") {
  const Settings settings = settings_from_yaml("");
  const ReportPeriod period{day("2026-10-15"), day("2026-12-10"), "x"};
  const TeamReport team = team_report("dir", settings, {rep_meeting_on("al", {"2026-11-03", "2026-12-01"})}, period,
                                      TrendBy::month, false);
  REQUIRE(team.trend.size() == 3);
  CHECK(team.trend[0].label == "2026-10");
  CHECK(team.trend[0].first == day("2026-10-15"));
  CHECK(team.trend[0].expected == 2); // 10-15 to 10-31: 17 days / 7
  CHECK(team.trend[1].expected == 4); // 30 / 7
  CHECK(team.trend[1].held == 1);
  CHECK(team.trend[2].label == "2026-12");
  CHECK(team.trend[2].last == day("2026-12-10"));
  CHECK(team.trend[2].expected == 1); // 10 / 7
  CHECK(team.trend[2].held == 1);
  // The weeks' or months' expected 1:1s may add up to fewer than the period's: 2 + 4 + 1 = 7 < 57 / 7 = 8.
  CHECK(team.totals.expected == 8);
}
