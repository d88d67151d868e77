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
    // Issue 15: the first 1:1 closes the gap since the tracking start (the
    // rep's start), 01-05 -> 11-03 = 302 days, which is also the longest.
    CHECK(f.longest_gap == 302);
    CHECK(f.median_gap == 302);
    CHECK(f.days_counted == 15); // 11-01 to 11-15, the archive day
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
    // Issue 15: a rep never met counts from the tracking start, the rep's
    // start 01-05: 01-05 -> 11-30 = 329 days (was: no figure).
    CHECK(f.longest_gap == 329);
    CHECK(f.days_since_last == 329);
  }
  SUBCASE("no 1:1 at all, no start and no record: nothing to count from") {
    const RepFigures f = rep_figures(rep_from_yaml("al", "name: Al\n"), weekly, november);
    CHECK_FALSE(f.longest_gap);
    CHECK_FALSE(f.days_since_last);
  }
  SUBCASE("an even number of gaps: the mean of the middle two, rounded down") {
    // Gaps 10-26 -> 11-02 = 7 and 11-02 -> 11-16 = 14: (7 + 14) / 2 = 10.5 -> 10.
    const RepFigures f = rep_figures(rep_meeting_on("al", {"2026-10-26", "2026-11-02", "2026-11-16"}), weekly,
                                     november);
    CHECK(f.median_gap == 10);
    CHECK(f.longest_gap == 14); // max(7, 14, open 11-16 -> 11-30 = 14)
  }
  SUBCASE("the first 1:1 closes the gap since the tracking start") {
    // Started 11-01; 1:1s 11-12 and 11-19: gaps 11-01 -> 11-12 = 11 and 7; open 11-19 -> 11-30 = 11.
    const RepFigures f = rep_figures(rep_from_yaml("al", R"(name: Al
start: 2026-11-01
records:
  - {kind: 1on1, id: raaaaa, date: 2026-11-12}
  - {kind: 1on1, id: rbbbbb, date: 2026-11-19}
)"),
                                     weekly, november);
    CHECK(f.median_gap == 9); // (7 + 11) / 2
    CHECK(f.longest_gap == 11);
  }
  SUBCASE("a lone 1:1 on the period's last day has a longest gap") {
    // Started 11-01, first 1:1 11-30: one gap 11-01 -> 11-30 = 29 (was: no figure).
    const RepFigures f = rep_figures(
        rep_from_yaml("al", "name: Al\nstart: 2026-11-01\nrecords:\n  - {kind: 1on1, id: raaaaa, date: 2026-11-30}\n"),
        weekly, november);
    CHECK(f.median_gap == 29);
    CHECK(f.longest_gap == 29);
    CHECK(f.days_since_last == 0);
  }
  SUBCASE("no start: the first record is the tracking start, and a 1:1 on it closes no gap") {
    const RepFigures f = rep_figures(
        rep_from_yaml("al", "name: Al\nrecords:\n  - {kind: 1on1, id: raaaaa, date: 2026-11-17}\n"), weekly, november);
    CHECK_FALSE(f.median_gap);
    CHECK(f.longest_gap == 13); // the open gap 11-17 -> 11-30
    CHECK(f.days_since_last == 13);
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
    // Started 11-16 (issue 15: the gap from the start to the first 1:1, 7, counts too).
    const RepFigures f = rep_figures(rep_from_yaml("al", R"(name: Al
start: 2026-11-16
records:
  - {kind: 1on1, id: raaaaa, date: 2026-11-23}
  - {kind: 1on1, id: rbbbbb, date: 2026-11-30}
)"),
                                     weekly, november);
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
  // Issue 15: bo's first 1:1 closes the gap since the start, 01-05 -> 11-02 = 301 (was al's 14).
  CHECK(t.longest_gap == 301);
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
  CHECK(team.trend[1].expected == 4); // W(11-30) = 47: floor(47 / 7) - floor(17 / 7) = 6 - 2
  CHECK(team.trend[1].held == 1);
  CHECK(team.trend[2].label == "2026-12");
  CHECK(team.trend[2].last == day("2026-12-10"));
  // Issue 15: W(12-10) = 57 working days: floor(57 / 7) - floor(47 / 7) = 8 - 6 = 2 (was 10 / 7 = 1).
  CHECK(team.trend[2].expected == 2);
  CHECK(team.trend[2].held == 1);
  // The months add up to the period exactly: 2 + 4 + 2 = 8 = 57 / 7.
  CHECK(team.totals.expected == 8);
}

TEST_CASE("report: the trend expects 1:1s over a rolling window of the cadence") {
  // Issue 15: a 14-day cadence expects one 1:1 every other week, not none every
  // week. W(d) = working days 11-01..d = the day of the month; a week [a, b]
  // expects floor(W(b) / 14) - floor(W(a - 1) / 14).
  const Settings settings = settings_from_yaml("policy:\n  cadence: 14\n");
  const TeamReport team = team_report("dir", settings, {rep_meeting_on("al", {})}, november, TrendBy::week, false);
  REQUIRE(team.trend.size() == 6);
  const int expected[] = {
      0, // W44, 11-01: floor(1 / 14) - 0
      0, // W45, 11-02..11-08: floor(8 / 14) - floor(1 / 14)
      1, // W46, 11-09..11-15: floor(15 / 14) - floor(8 / 14)
      0, // W47, 11-16..11-22: floor(22 / 14) - floor(15 / 14)
      1, // W48, 11-23..11-29: floor(29 / 14) - floor(22 / 14)
      0, // W49, 11-30: floor(30 / 14) - floor(29 / 14)
  };
  int sum = 0;
  for (size_t i = 0; i < 6; ++i) {
    CAPTURE(i);
    CHECK(team.trend[i].expected == expected[i]);
    sum += team.trend[i].expected;
  }
  CHECK(sum == team.totals.expected); // 2 = floor(30 / 14)
}

TEST_CASE("report: a rep without start has one start per report, in the table and the trend") {
  // No start: the first record, 11-17, judged as of the period's end, for every
  // week alike (each week used to judge it as of its own end, so the weeks
  // before 11-17 expected a 1:1 each and the weeks added up to 3, not 2).
  const Settings settings = settings_from_yaml("");
  const Rep rep = rep_from_yaml("al", "name: Al\nrecords:\n  - {kind: 1on1, id: raaaaa, date: 2026-11-17}\n");
  const TeamReport team = team_report("dir", settings, {rep}, november, TrendBy::week, false);
  REQUIRE(team.trend.size() == 6);
  // W(d) = 0 up to 11-16, then d - 16: W(11-22) = 6, W(11-29) = 13, W(11-30) = 14.
  const int expected[] = {0, 0, 0, 0, 1, 1}; // W47: 6 / 7 = 0; W48: 1 - 0; W49: 2 - 1
  for (size_t i = 0; i < 6; ++i) {
    CAPTURE(i);
    CHECK(team.trend[i].expected == expected[i]);
  }
  CHECK(team.reps[0].expected == 2); // 11-17..11-30: 14 / 7
}

TEST_CASE("report: ON CADENCE, the days within cadence and grace of the last 1:1") {
  // Cadence 7, grace 2: a day is late when more than 9 working days passed
  // since the last 1:1 on or before it (or, before the first, the start).
  SUBCASE("al: 1:1s 10-27, 11-03, 11-10, 11-24") {
    const RepFigures f = rep_figures(al, weekly, november);
    CHECK(f.days_counted == 30);
    CHECK(f.days_late == 4); // 11-20..11-23: 10 to 13 days after 11-10
    REQUIRE(f.on_cadence());
    CHECK(*f.on_cadence() == doctest::Approx(26.0 / 30));
  }
  SUBCASE("seen every week: 100%") {
    const Rep rep = rep_meeting_on("al", {"2026-10-29", "2026-11-05", "2026-11-12", "2026-11-19", "2026-11-26"});
    const RepFigures f = rep_figures(rep, weekly, november);
    CHECK(f.days_late == 0);
    REQUIRE(f.on_cadence());
    CHECK(*f.on_cadence() == doctest::Approx(1.0));
  }
  SUBCASE("13 1:1s on the last 13 days score 23 of 30, not 100%") {
    std::string text = "name: Al\nstart: 2026-11-01\nrecords:\n";
    for (int d = 18; d <= 30; ++d)
      text += "  - {kind: 1on1, id: r" + std::to_string(d) + ", date: 2026-11-" + std::to_string(d) + "}\n";
    const RepFigures f = rep_figures(rep_from_yaml("al", text), weekly, november);
    CHECK(*f.adherence() == doctest::Approx(1.0)); // 13 held, 4 expected
    CHECK(f.days_counted == 30);
    CHECK(f.days_late == 7); // 11-11..11-17: 10 to 16 days after the start 11-01
    REQUIRE(f.on_cadence());
    CHECK(*f.on_cadence() == doctest::Approx(23.0 / 30));
  }
  SUBCASE("away days are not counted, and do not add to the days since") {
    // Last 1:1 10-27; away 11-16..11-29. Days since: 4 on 10-31, 5 on 11-01 ...
    // 19 on 11-15 (late from 11-06: 10 days), frozen while away, 20 on 11-30 (late).
    const Rep rep = rep_meeting_on("al", {"2026-10-27"}, "away:\n  - {from: 2026-11-16, to: 2026-11-29}\n");
    const RepFigures f = rep_figures(rep, weekly, november);
    CHECK(f.days_counted == 16); // 30 - 14 away
    CHECK(f.days_late == 11);    // 11-06..11-15 and 11-30
  }
  SUBCASE("never met: every day late, counted from the start") {
    const RepFigures f = rep_figures(rep_meeting_on("al", {}), weekly, november);
    CHECK(f.days_counted == 30);
    CHECK(f.days_late == 30);
    REQUIRE(f.on_cadence());
    CHECK(*f.on_cadence() == doctest::Approx(0.0));
  }
  SUBCASE("started in the period: counted from the start") {
    // Started 11-16, never met: 15 days counted; late from 11-26 (10 days after 11-16).
    const RepFigures f = rep_figures(rep_from_yaml("al", "name: Al\nstart: 2026-11-16\n"), weekly, november);
    CHECK(f.days_counted == 15);
    CHECK(f.days_late == 5);
  }
  SUBCASE("a 1:1 before since: counted from since, whichever day the period starts") {
    // since 11-05; 1:1s 10-31 and 11-20. From 11-05 (not 10-31): late 11-15..11-19
    // (10 to 14 days) and 11-30 (10 days after 11-20): 6 of the 26 days 11-05..11-30.
    Policy from_since = weekly;
    from_since.since = day("2026-11-05");
    const Rep rep = rep_meeting_on("al", {"2026-10-31", "2026-11-20"});
    const ReportPeriod longer{day("2026-10-15"), day("2026-11-30"), "x"};
    for (const ReportPeriod& period : {november, longer}) {
      CAPTURE(period.first.iso());
      const RepFigures f = rep_figures(rep, from_since, period);
      CHECK(f.days_counted == 26);
      CHECK(f.days_late == 6);
    }
  }
  SUBCASE("no day counted: no figure") {
    const ReportPeriod before_start{day("2026-01-01"), day("2026-01-04"), "x"};
    CHECK_FALSE(rep_figures(rep_meeting_on("al", {}), weekly, before_start).on_cadence());
  }
  SUBCASE("the team: the sums of the reps' days") {
    const Settings settings = settings_from_yaml("");
    const TeamReport team = team_report("dir", settings, {al, rep_meeting_on("bo", {})}, november, TrendBy::none,
                                        false);
    CHECK(team.totals.days_counted == 60);
    CHECK(team.totals.days_late == 34); // 4 + 30
    REQUIRE(team.totals.on_cadence());
    CHECK(*team.totals.on_cadence() == doctest::Approx(26.0 / 60)); // (60 - 34) / 60
  }
}

// ---- The other activities (coach-report(1), "Other activities"): a team of two
// over November 2026 (30 days), every figure counted by hand.

namespace {

const Settings activity_settings = settings_from_yaml(R"(policy:
  cadence: 7
  activities: {joint-call: 14, team-meeting: 7, career: 30, skills-audit: 30}
)");

// Al: on the team all month. Bo: starts 11-16 and is away 11-23..11-26, so
// 15 - 4 = 11 working days in November.
const Rep al_activities = rep_from_yaml("al", R"(name: Al Chen
start: 2026-01-05
records:
  - {kind: joint-call, id: j00001, date: 2026-10-20, account: Acme, result: met}
  - {kind: joint-call, id: j00002, date: 2026-11-05, account: Acme, objective: demo, result: partly}
  - {kind: joint-call, id: j00003, date: 2026-11-12, account: Initech, objective: plan only}
  - {kind: joint-call, id: j00004, date: 2026-11-19, account: Hooli, went_well: [opening]}
  - {kind: joint-call, id: j00005, date: 2026-11-19, account: Hooli, result: met}
  - {kind: joint-call, id: j00006, date: 2026-12-02, account: Umbrella, result: met}
  - {kind: career, id: c00001, date: 2026-11-10, goal: team lead}
  - {kind: skills-audit, id: s00001, date: 2026-05-01, ratings: {product: 2, industry: 3, objections: 2}}
  - {kind: skills-audit, id: s00002, date: 2026-11-15, ratings: {product: 4, industry: 4, competitors: 3, objections: 3, closing: 4, juggling: 1}}
)");

const Rep bo_activities = rep_from_yaml("bo", R"(name: Bo Diaz
start: 2026-11-16
away:
  - {from: 2026-11-23, to: 2026-11-26}
records:
  - {kind: joint-call, id: j00007, date: 2026-11-20, account: Acme, objective: plan only}
  - {kind: skills-audit, id: s00003, date: 2026-11-20, ratings: {product: 3, opening: 2}}
)");

// The team's file: who attended which team meeting.
const std::vector<Record> team_meetings = rep_from_yaml("team", R"(name: Team
records:
  - {kind: team-meeting, id: t00001, date: 2026-11-02, attendees: [al]}
  - {kind: team-meeting, id: t00002, date: 2026-11-09}
  - {kind: team-meeting, id: t00003, date: 2026-11-16, absent: [bo]}
  - {kind: team-meeting, id: t00004, date: 2026-11-23, attendees: [al, bo]}
  - {kind: team-meeting, id: t00005, date: 2026-11-30, absent: [al]}
  - {kind: team-meeting, id: t00006, date: 2026-12-07}
)")
                                              .records;

const ActivityReport& section(const TeamReport& team, std::string_view kind) {
  for (const auto& s : team.activities) {
    if (s.kind == kind) return s;
  }
  FAIL("no section for " << kind);
  throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("report activities: joint calls count only with feedback, one a day") {
  const ActivityFigures al = activity_figures(al_activities, activity_settings.policy, "joint-call", november, {});
  CHECK(al.cadence == 14);
  CHECK(al.expected == 2); // 30 // 14
  // 11-05 and 11-19 (twice, one day); 11-12 is a plan without feedback; 10-20 and 12-02 are outside.
  CHECK(al.held == 2);
  CHECK(al.dates == days({"2026-11-05", "2026-11-19"}));
  CHECK(al.adherence() == doctest::Approx(1.0));
  CHECK(al.days_since_last == 11); // 11-19 -> 11-30
  const ActivityFigures bo = activity_figures(bo_activities, activity_settings.policy, "joint-call", november, {});
  CHECK(bo.expected == 0); // 11 working days // 14
  CHECK(bo.held == 0);     // only a plan
  CHECK_FALSE(bo.adherence());
  CHECK_FALSE(bo.days_since_last);
}

TEST_CASE("report activities: team meetings count for those who attended") {
  const Policy& policy = activity_settings.policy;
  const ActivityFigures al = activity_figures(al_activities, policy, "team-meeting", november, team_meetings);
  // 11-02 (listed), 11-09 (none listed), 11-16 (bo absent), 11-23 (listed); not 11-30 (absent), not 12-07.
  CHECK(al.held == 4);
  CHECK(al.expected == 4); // 30 // 7
  CHECK(al.days_since_last == 7);
  const ActivityFigures bo = activity_figures(bo_activities, policy, "team-meeting", november, team_meetings);
  // Not 11-02 (not listed), 11-09 (before his start), 11-16 (absent); 11-23 listed although away; 11-30.
  CHECK(bo.held == 2);
  CHECK(bo.expected == 1); // 11 // 7
  CHECK(bo.credited == 1);
  CHECK(bo.days_since_last == 0);
}

TEST_CASE("report activities: the team's sections, totals and skill groups") {
  const TeamReport team = team_report(".", activity_settings, {al_activities, bo_activities}, november, TrendBy::none,
                                      false, team_meetings);
  REQUIRE(team.activities.size() == 4);
  CHECK(team.activities[0].kind == "joint-call"); // the order of activity_kinds
  CHECK(team.activities[3].kind == "skills-audit");

  const ActivityReport& meetings = section(team, "team-meeting");
  CHECK(meetings.totals.cadence == 7);
  CHECK(meetings.totals.held == 6);     // 4 + 2
  CHECK(meetings.totals.expected == 5); // 4 + 1
  CHECK(meetings.totals.credited == 5); // min(4, 4) + min(2, 1)
  CHECK(*meetings.totals.adherence() == doctest::Approx(1.0));
  CHECK(meetings.days_held == 5); // 11-02 .. 11-30, not 12-07

  const ActivityReport& career = section(team, "career");
  CHECK((career.reps[0].figures.held == 1 && career.reps[0].figures.expected == 1)); // 30 // 30
  CHECK(career.reps[1].figures.expected == 0);                                       // 11 // 30
  CHECK(career.totals.held == 1);

  const ActivityReport& audits = section(team, "skills-audit");
  const SkillsFigures& al = audits.reps[0].skills;
  CHECK(al.audited == day("2026-11-15"));
  CHECK(al.previous_audit == day("2026-05-01"));
  REQUIRE(al.groups.size() == 3); // knowledge, prep, call: the default list's order
  CHECK(al.groups[0].group == "knowledge");
  CHECK(*al.groups[0].average == doctest::Approx(11.0 / 3)); // (4 + 4 + 3) / 3
  CHECK(*al.groups[0].previous == doctest::Approx(2.5));     // (2 + 3) / 2
  CHECK(*al.groups[0].change == doctest::Approx(11.0 / 3 - 2.5));
  CHECK_FALSE(al.groups[1].average);                    // prep: not rated
  CHECK(*al.groups[2].average == doctest::Approx(3.5)); // (3 + 4) / 2; juggling is not on the list
  CHECK(*al.groups[2].change == doctest::Approx(1.5));  // 3.5 - 2
  const SkillsFigures& bo = audits.reps[1].skills;
  CHECK(*bo.groups[0].average == doctest::Approx(3.0));
  CHECK_FALSE(bo.groups[0].change); // his first audit
  // The team: means of the reps' averages and of their changes.
  CHECK(*audits.team_skills.groups[0].average == doctest::Approx((11.0 / 3 + 3) / 2));
  CHECK(*audits.team_skills.groups[0].change == doctest::Approx(11.0 / 3 - 2.5));
  CHECK(*audits.team_skills.groups[2].average == doctest::Approx(2.75)); // (3.5 + 2) / 2
  CHECK_FALSE(audits.team_skills.groups[1].average);
}

TEST_CASE("report activities: a section shows only with a record of its kind by the period's end") {
  const TeamReport none = team_report(".", activity_settings, {al}, november, TrendBy::none, false);
  CHECK(none.activities.empty()); // 1:1s only: the report is as before
  const Rep later = rep_from_yaml("cy", R"(name: Cy
start: 2026-01-05
records:
  - {kind: career, id: c00009, date: 2026-12-03}
  - {kind: career, id: c00008, date: 2026-09-03}
)");
  const TeamReport september = team_report(".", activity_settings, {later}, {day("2026-08-01"), day("2026-08-31"), "x"},
                                           TrendBy::none, false);
  CHECK(september.activities.empty()); // both are after August
  const TeamReport team = team_report(".", activity_settings, {later}, november, TrendBy::none, false);
  REQUIRE(team.activities.size() == 1); // shown, with none held in November
  CHECK(team.activities[0].reps[0].figures.held == 0);
  CHECK(team.activities[0].reps[0].figures.days_since_last == 88); // 09-03 -> 11-30
}

TEST_CASE("report activities: cadence 0 tracks nothing; the rep's own cadence wins") {
  const Settings settings = settings_from_yaml("policy:\n  activities: {career: 0}\n");
  const ActivityFigures untracked = activity_figures(al_activities, settings.policy, "career", november, {});
  CHECK(untracked.expected == 0);
  CHECK(untracked.held == 1);
  CHECK_FALSE(untracked.adherence());
  const Rep own = rep_from_yaml("dee", "name: Dee\nstart: 2026-01-05\ncadence: {1on1: 14, career: 10}\n");
  CHECK(activity_figures(own, settings.policy, "career", november, {}).expected == 3); // 30 // 10
}

TEST_CASE("report: a career conversation's development goals are not counted as promises") {
  const Rep bo = rep_from_yaml("bo", "name: Bo\n"
                                     "records:\n"
                                     "  - kind: career\n"
                                     "    date: 2026-11-10\n"
                                     "    goals:\n"
                                     "      - {id: gaaaaa, owner: rep, text: Lead a demo, due: 2026-11-20}\n"
                                     "      - {id: gbbbbb, owner: rep, text: Close a deal, due: 2027-01-20}\n"
                                     "    promises:\n"
                                     "      - {id: paaaaa, owner: rep, text: Read the book, due: 2026-11-20}\n"
                                     "      - {id: pbbbbb, owner: manager, text: Find a mentor, due: 2026-11-24, "
                                     "done: 2026-11-23}\n");
  const RepFigures f = rep_figures(bo, weekly, november);
  CHECK(f.rep.made == 1); // the book; the two goals (one overdue) are not promises
  CHECK(f.rep.overdue == 1);
  CHECK(f.manager.made == 1);
  CHECK(f.manager.kept == 1);
}

TEST_CASE("report: a 1:1 whose only notes are private counts as one with notes") {
  const Rep rep = rep_from_yaml("al", R"(name: Al Chen
records:
  - {kind: 1on1, id: raaaaa, date: 2026-11-02, private: For me alone}
  - {kind: 1on1, id: rbbbbb, date: 2026-11-09, notes: Shared}
  - {kind: 1on1, id: rccccc, date: 2026-11-16, personal: [Kids]}
)");
  const RepFigures f = rep_figures(rep, weekly, november);
  CHECK(f.held == 3);
  CHECK(f.with_notes == 2); // 11-02 (private) and 11-09
}
