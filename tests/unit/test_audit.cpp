#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <coach/audit.hpp>

#include "audit_lines.hpp"
#include "from_yaml.hpp"

using namespace coach;
using coach::testing::Audit;
using coach::testing::day;
using coach::testing::rep_from_yaml;
using coach::testing::run;
using coach::testing::settings_from_yaml;

// Rules of coach-audit(1), "THE CHECKS", "Away days" and "The day audited".

namespace {

// A rep on the team since January whose 1:1s are flow maps with notes and a personal topic.
Rep rep_meeting_on(const std::string& id, const std::vector<std::string>& dates, const std::string& extra = "") {
  std::string text = "name: " + id + " Doe\nstart: 2026-01-05\n" + extra + "records:\n";
  int n = 0;
  for (const auto& date : dates) {
    text += "  - {kind: 1on1, id: r" + id + std::to_string(n++) + ", date: " + date + ", notes: n, personal: [p]}\n";
  }
  return rep_from_yaml(id, text);
}

const std::set<std::string> cadence_only{"cadence"};

} // namespace

TEST_CASE("audit cadence: a 1:1 is late when the days since it pass cadence + grace") {
  const Audit audit{.checks = cadence_only};
  // 2026-11-14 to 11-25 is 11 days; 11 - (7 + 2) = 2 days late.
  CHECK(run(rep_meeting_on("al", {"2026-11-14"}), audit) ==
        std::vector<std::string>{"error cadence [al] last 1:1 Sat 2026-11-14, 11 days ago: 2 days past the 7-day "
                                 "cadence and 2-day grace"});
  // 11-15: 10 days, 1 late (singular); 11-16: 9 days = 7 + 2, on time.
  CHECK(run(rep_meeting_on("al", {"2026-11-15"}), audit) ==
        std::vector<std::string>{"error cadence [al] last 1:1 Sun 2026-11-15, 10 days ago: 1 day past the 7-day "
                                 "cadence and 2-day grace"});
  CHECK(run(rep_meeting_on("al", {"2026-11-16"}), audit).empty());
  // The last 1:1 is the latest, wherever it stands in the file.
  CHECK(run(rep_meeting_on("al", {"2026-11-20", "2026-11-01"}), audit).empty());
}

TEST_CASE("audit cadence: the cadence of the rep, else of their tags (the shortest), else the policy's") {
  Audit audit{.settings = "policy:\n  cadence: 5\n  grace: 1\n  tags:\n    Tenured: 14\n    sdr: 10\n",
              .checks = cadence_only};
  // Policy: 11-18 to 11-25 is 7 days; 7 - (5 + 1) = 1.
  CHECK(run(rep_meeting_on("al", {"2026-11-18"}), audit) ==
        std::vector<std::string>{"error cadence [al] last 1:1 Wed 2026-11-18, 7 days ago: 1 day past the 5-day "
                                 "cadence and 1-day grace"});
  // Tags tenured (14) and sdr (10): 10 applies; 11-09 is 16 days ago, 16 - 11 = 5.
  CHECK(run(rep_meeting_on("al", {"2026-11-09"}, "tags: [tenured, SDR]\n"), audit) ==
        std::vector<std::string>{"error cadence [al] last 1:1 Mon 2026-11-09, 16 days ago: 5 days past the 10-day "
                                 "cadence and 1-day grace"});
  CHECK(run(rep_meeting_on("al", {"2026-11-14"}, "tags: [tenured, sdr]\n"), audit).empty()); // 11 = 10 + 1
  // The rep's own cadence (3) wins over the tags: 11-20 is 5 days ago, 5 - 4 = 1.
  CHECK(run(rep_meeting_on("al", {"2026-11-20"}, "cadence: 3\ntags: [tenured]\n"), audit) ==
        std::vector<std::string>{"error cadence [al] last 1:1 Fri 2026-11-20, 5 days ago: 1 day past the 3-day "
                                 "cadence and 1-day grace"});
}

TEST_CASE("audit cadence: away days are not counted, the rep's own and the team's") {
  const Audit audit{.checks = cadence_only};
  // From 11-12: 13 days, of which 11-17..11-19 (3) away: 10 counted, 10 - 9 = 1 late.
  const std::string away = "away:\n  - {from: 2026-11-17, to: 2026-11-19, reason: Trip}\n";
  const std::vector<std::string> late{"error cadence [al] last 1:1 Thu 2026-11-12, 13 days ago: 1 day past the 7-day "
                                      "cadence and 2-day grace (3 days away not counted)"};
  CHECK(run(rep_meeting_on("al", {"2026-11-12"}, away), audit) == late);
  Audit team_away = audit;
  team_away.settings = "policy:\n  " + std::string("away:\n    - {from: 2026-11-17, to: 2026-11-19}\n");
  CHECK(run(rep_meeting_on("al", {"2026-11-12"}), team_away) == late);
  // From 11-14: 11 days, 3 away: 8 counted, within 9.
  CHECK(run(rep_meeting_on("al", {"2026-11-14"}, away), audit).empty());
  // A period of one day (no `to:`): 11-13..11-25 is 13 days, 1 away, 12 - 9 = 3.
  CHECK(run(rep_meeting_on("al", {"2026-11-12"}, "away:\n  - from: 2026-11-20\n"), audit) ==
        std::vector<std::string>{"error cadence [al] last 1:1 Thu 2026-11-12, 13 days ago: 3 days past the 7-day "
                                 "cadence and 2-day grace (1 day away not counted)"});
}

TEST_CASE("audit cadence: a rep away on the day audited is not checked") {
  const Audit audit{.checks = cadence_only};
  CHECK(run(rep_meeting_on("al", {"2026-10-01"}, "away:\n  - {from: 2026-11-24, to: 2026-11-28}\n"), audit).empty());
  CHECK(run(rep_meeting_on("al", {"2026-10-01"}, "away:\n  - {from: 2026-11-20, to: 2026-11-24}\n"), audit).size() ==
        1);
}

TEST_CASE("audit cadence: no 1:1 yet, a new rep is spared for cadence + grace days") {
  const Audit audit{.checks = cadence_only};
  // No start, no record, no since: nothing to count from, a warning says so.
  CHECK(run(rep_from_yaml("al", "name: Al\n"), audit) ==
        std::vector<std::string>{"warning cadence [al] no 1:1 recorded yet"});
  // Started 11-16: 11-17..11-25 is 9 days = 7 + 2, still new; started 11-15: 10 days, an error like a late 1:1.
  CHECK(run(rep_from_yaml("al", "name: Al\nstart: 2026-11-16\n"), audit).empty());
  CHECK(run(rep_from_yaml("al", "name: Al\nstart: 2026-11-15\n"), audit) ==
        std::vector<std::string>{"error cadence [al] no 1:1 recorded yet, 10 days after joining the team on Sun "
                                 "2026-11-15: 1 day past the 7-day cadence and 2-day grace"});
  // A promise recorded with `followups add` is not a 1:1 (its date is the rep's first day, having no start).
  CHECK(run(rep_from_yaml("al", "name: Al\nrecords:\n  - kind: promise\n    id: raaaaa\n    date: 2026-11-10\n"
                                "    promises:\n      - {id: paaaaa, owner: manager, text: t}\n"),
            audit) ==
        std::vector<std::string>{"error cadence [al] no 1:1 recorded yet, 15 days after joining the team on Tue "
                                 "2026-11-10: 6 days past the 7-day cadence and 2-day grace"});
  // Away days are not counted: 11-18..11-20 away, 12 - 3 = 9 counted, within 7 + 2.
  CHECK(run(rep_from_yaml("al", "name: Al\nstart: 2026-11-13\naway:\n  - {from: 2026-11-18, to: 2026-11-20}\n"), audit)
            .empty());
}

TEST_CASE("audit cadence: nothing is expected before since; a rep never met is late from it") {
  // On the team since 2019, but coach tracks from since: spared for cadence + grace days after it.
  const Rep veteran = rep_from_yaml("al", "name: Al\nstart: 2019-04-01\n");
  CHECK(run(veteran, {.settings = "since: 2026-11-16\n", .checks = cadence_only}).empty()); // exactly 9 days
  CHECK(run(veteran, {.settings = "since: 2026-11-15\n", .checks = cadence_only}) ==
        std::vector<std::string>{"error cadence [al] no 1:1 recorded yet, 10 days after the tracking start on Sun "
                                 "2026-11-15: 1 day past the 7-day cadence and 2-day grace"});
  // A rep without a start or a record counts from since too.
  CHECK(run(rep_from_yaml("bo", "name: Bo\n"), {.settings = "since: 2026-11-14\n", .checks = cadence_only}) ==
        std::vector<std::string>{"error cadence [bo] no 1:1 recorded yet, 11 days after the tracking start on Sat "
                                 "2026-11-14: 2 days past the 7-day cadence and 2-day grace"});
  // A 1:1 before since: counted from since, not from the 1:1.
  const Rep met_before = rep_meeting_on("cy", {"2026-10-01"});
  CHECK(run(met_before, {.settings = "since: 2026-11-16\n", .checks = cadence_only}).empty());
  CHECK(run(met_before, {.settings = "since: 2026-11-14\n", .checks = cadence_only}) ==
        std::vector<std::string>{"error cadence [cy] no 1:1 since the tracking start on Sat 2026-11-14, 11 days ago "
                                 "(the last on Thu 2026-10-01): 2 days past the 7-day cadence and 2-day grace"});
  // A 1:1 on or after since is judged as always.
  CHECK(run(rep_meeting_on("cy", {"2026-11-14"}), {.settings = "since: 2026-11-14\n", .checks = cadence_only}) ==
        std::vector<std::string>{"error cadence [cy] last 1:1 Sat 2026-11-14, 11 days ago: 2 days past the 7-day "
                                 "cadence and 2-day grace"});
}

TEST_CASE("audit consistency: the window starts at since when it is later") {
  // Window 84 days, but since 10-29: 28 days, 4 expected; 2 held.
  const Policy policy = settings_from_yaml("since: 2026-10-29\n").policy;
  const Consistency c = consistency_of(rep_meeting_on("al", {"2026-11-04", "2026-11-18"}), policy, day("2026-11-25"));
  CHECK(c.expected == 4);
  CHECK(c.held == 2);
  // Since after the day audited: nothing expected.
  CHECK(consistency_of(rep_meeting_on("al", {}), settings_from_yaml("since: 2026-11-26\n").policy, day("2026-11-25"))
            .expected == 0);
}

TEST_CASE("audit consistency: exactly 10 points below the average is not more than 10") {
  // Window 70: 09-17..11-25, 10 expected. a: 9 of 10 (90%), c: 7 of 10 (70%); average 80%.
  // 70 is exactly 10 points below 80: not reported (0.8 - 0.10 is 0.7000000000000001 in binary, which
  // reported it). d: 6 of 10 (60%), average (90 + 60) / 2 = 75%: 15 points below, reported.
  const Audit audit{.settings = "policy:\n  window: 70\n", .checks = {"consistency"}};
  std::vector<std::string> weekly;
  for (Date d = day("2026-09-23"); d <= day("2026-11-25"); d = d.plus_days(7)) weekly.push_back(d.iso());
  REQUIRE(weekly.size() == 10);
  const std::vector<std::string> nine(weekly.begin(), weekly.begin() + 9);
  const std::vector<std::string> seven(weekly.begin(), weekly.begin() + 7);
  const std::vector<std::string> six(weekly.begin(), weekly.begin() + 6);
  CHECK(run({rep_meeting_on("a", nine), rep_meeting_on("c", seven)}, audit).empty());
  CHECK(run({rep_meeting_on("a", nine), rep_meeting_on("d", six)}, audit) ==
        std::vector<std::string>{"warning consistency [d] 6 of 10 expected 1:1s in the last 10 weeks (60%; team "
                                 "average 75%)"});
}

TEST_CASE("audit cadence: archived reps are never checked, even with --archived") {
  Audit audit{.checks = cadence_only, .archived = true};
  CHECK(run(rep_meeting_on("al", {"2026-01-10"}, "archived: 2026-02-01\n"), audit).empty());
}

TEST_CASE("audit --as-of: records after the day are left out, a later archive date ignored") {
  // As of Fri 11-20: the 1:1 of 11-22 did not happen yet, the rep was not archived yet.
  // 11-05 to 11-20 is 15 days; 15 - 9 = 6.
  const Rep rep = rep_meeting_on("al", {"2026-11-05", "2026-11-22"}, "archived: 2026-11-24\n");
  CHECK(run(rep, {.checks = cadence_only, .as_of = "2026-11-20"}) ==
        std::vector<std::string>{"error cadence [al] last 1:1 Thu 2026-11-05, 15 days ago: 6 days past the 7-day "
                                 "cadence and 2-day grace"});
  CHECK(run(rep, {.checks = cadence_only}).empty()); // today: archived
  // The new-hire exemption counts from the day audited: started 11-10, new up to 11-10 + 9 = 11-19.
  CHECK(run(rep_from_yaml("al", "name: Al\nstart: 2026-11-10\n"), {.checks = cadence_only, .as_of = "2026-11-19"})
            .empty());
  CHECK(run(rep_from_yaml("al", "name: Al\nstart: 2026-11-10\n"), {.checks = cadence_only, .as_of = "2026-11-20"})
            .size() == 1);
}

TEST_CASE("audit: rep_as_of and changed_after") {
  const Rep rep = rep_from_yaml("al", R"(name: Al
archived: 2026-11-24
records:
  - kind: 1on1
    id: raaaaa
    date: 2026-11-02
    promises:
      - {id: pkept1, owner: rep, text: t, due: 2026-11-10, done: 2026-11-12, note: fine}
      - {id: pdrop1, owner: rep, text: t, dropped: 2026-11-03, reason: moot}
  - kind: 1on1
    id: rbbbbb
    date: 2026-11-16
)");
  CHECK(changed_after(rep, day("2026-11-10")));
  CHECK(changed_after(rep, day("2026-11-23"))); // the archive date
  CHECK_FALSE(changed_after(rep, day("2026-11-24")));
  const Rep past = rep_as_of(rep, day("2026-11-10"));
  CHECK_FALSE(past.archived.has_value());
  REQUIRE(past.records.size() == 1);
  const auto& kept = past.records[0].promises[0];
  CHECK(kept.is_open()); // kept on the 12th: open on the 10th
  CHECK(kept.note.empty());
  CHECK(past.records[0].promises[1].dropped == day("2026-11-03")); // dropped before: stays dropped
  CHECK(rep_as_of(rep, day("2026-11-24")) == rep);
}

TEST_CASE("audit consistency: held of expected over the window, compared with the team") {
  // Window 28 days ending Wed 11-25: 10-29..11-25, 28 working days, weekly cadence: 28 / 7 = 4 expected.
  const Audit audit{.settings = "policy:\n  window: 28\n", .checks = {"consistency"}};
  std::vector<Rep> reps{
      rep_meeting_on("a", {"2026-11-04", "2026-11-11", "2026-11-18", "2026-11-25"}),
      // Two 1:1s on 11-18 count once: 4 of 4.
      rep_meeting_on("b", {"2026-11-04", "2026-11-11", "2026-11-18", "2026-11-18", "2026-11-24"}),
      // 10-28 is before the window: 1 of 4.
      rep_meeting_on("c", {"2026-10-28", "2026-11-11"}),
  };
  // Started 11-15: 11 days in the window, 11 / 7 = 1 expected: fewer than 2, left out of everything.
  reps.push_back(rep_from_yaml("d", "name: D\nstart: 2026-11-15\n"));
  CHECK(consistency_of(reps[1], settings_from_yaml(audit.settings).policy, day("2026-11-25")).held == 4);
  const Consistency c = consistency_of(reps[2], settings_from_yaml(audit.settings).policy, day("2026-11-25"));
  CHECK(c.held == 1);
  CHECK(c.expected == 4);
  CHECK(consistency_of(reps[3], settings_from_yaml(audit.settings).policy, day("2026-11-25")).expected == 1);
  // Shares 1, 1 and 1/4: team average (1 + 1 + 0.25) / 3 = 75%; c is under 75% and 50 points below it.
  CHECK(run(reps, audit) ==
        std::vector<std::string>{"warning consistency [c] 1 of 4 expected 1:1s in the last 4 weeks (25%; team "
                                 "average 75%)"});
}

TEST_CASE("audit consistency: a team behind as a whole is not reported here") {
  const Audit audit{.settings = "policy:\n  window: 28\n", .checks = {"consistency"}};
  // 2 of 4 each: 50%, average 50%, no one 10 points below it.
  CHECK(
      run({rep_meeting_on("a", {"2026-11-04", "2026-11-18"}), rep_meeting_on("b", {"2026-11-11", "2026-11-25"})}, audit)
          .empty());
}

TEST_CASE("audit consistency: a window that is not whole weeks is written in days") {
  // Window 30: 10-27..11-25, 30 / 7 = 4 expected. a and b 4 of 4, c 2 of 4 (10-28 is in now).
  // Average (1 + 1 + 0.5) / 3 = 83.3%: c is under 75% and 33 points below.
  const Audit audit{.settings = "policy:\n  window: 30\n", .checks = {"consistency"}};
  CHECK(run({rep_meeting_on("a", {"2026-11-04", "2026-11-11", "2026-11-18", "2026-11-25"}),
             rep_meeting_on("b", {"2026-11-04", "2026-11-11", "2026-11-18", "2026-11-24"}),
             rep_meeting_on("c", {"2026-10-28", "2026-11-11"})},
            audit) ==
        std::vector<std::string>{"warning consistency [c] 2 of 4 expected 1:1s in the last 30 days (50%; team "
                                 "average 83%)"});
}

TEST_CASE("audit consistency: away days leave the expected 1:1s out; a 1:1 on an away day still counts") {
  const Policy policy =
      settings_from_yaml("policy:\n  window: 28\n  away:\n    - {from: 2026-11-01, to: 2026-11-07}\n").policy;
  // Window 10-29..11-25 (28 days) less the team's 11-01..11-07 (7) and the rep's 11-08..11-14 (7): 14 / 7 = 2.
  const Rep rep = rep_meeting_on("e", {"2026-11-03", "2026-11-18"}, "away:\n  - {from: 2026-11-08, to: 2026-11-14}\n");
  const Consistency c = consistency_of(rep, policy, day("2026-11-25"));
  CHECK(c.expected == 2);
  CHECK(c.held == 2);
  CHECK(c.share() == doctest::Approx(1.0));
}

TEST_CASE("audit consistency: high performers and tenured reps compared with the rest") {
  // Window 28, 4 expected. a and b: 4 of 4 (the others: 100%); h, t, u: 3 of 4 (75%), 25 points below.
  // Team average (1 + 1 + 3 * 0.75) / 5 = 85%: 75% is not under 75%, so no first warning.
  const Audit audit{.settings = "policy:\n  window: 28\n", .checks = {"consistency"}};
  const std::vector<std::string> four{"2026-11-04", "2026-11-11", "2026-11-18", "2026-11-25"};
  const std::vector<std::string> three{"2026-11-04", "2026-11-11", "2026-11-18"};
  std::vector<Rep> reps{rep_meeting_on("a", four), rep_meeting_on("b", four),
                        rep_meeting_on("h", three, "tags: [High-Performer]\n"),
                        rep_meeting_on("u", three, "tags: [tenured, high-performer]\n")};
  // t is tenured by its start: 2021-11-26 to 2026-11-25 is 1825 days = 5 years of 365.
  reps.push_back(rep_from_yaml("t", "name: T\nstart: 2021-11-26\nrecords:\n"
                                    "  - {kind: 1on1, id: rt0, date: 2026-11-04}\n"
                                    "  - {kind: 1on1, id: rt1, date: 2026-11-11}\n"
                                    "  - {kind: 1on1, id: rt2, date: 2026-11-18}\n"));
  const std::string tail = " gets fewer 1:1s than the rest: 3 of 4 expected in the last 4 weeks (75%; the others 100%)";
  CHECK(run(reps, audit) == std::vector<std::string>{"warning consistency [h] high performer" + tail,
                                                     "warning consistency [t] tenured rep" + tail,
                                                     "warning consistency [u] tenured high performer" + tail});
  // With no rep who is neither, nothing is compared.
  CHECK(run(std::vector<Rep>(reps.begin() + 2, reps.end()), audit).empty());
}

TEST_CASE("audit: is_tenured by tag or by years on the team, counted from the day audited") {
  const Policy policy = settings_from_yaml("").policy;
  CHECK(is_tenured(rep_from_yaml("t", "name: T\ntags: [Tenured]\n"), policy, day("2026-11-25")));
  const Rep rep = rep_from_yaml("t", "name: T\nstart: 2021-11-26\n");
  CHECK(is_tenured(rep, policy, day("2026-11-25")));       // 1825 days = 5 * 365
  CHECK_FALSE(is_tenured(rep, policy, day("2026-11-24"))); // 1824
  CHECK_FALSE(is_tenured(rep_from_yaml("t", "name: T\n"), policy, day("2026-11-25")));
  CHECK(is_tenured(rep, settings_from_yaml("policy:\n  tenure_years: 1\n").policy, day("2022-11-26")));
}

TEST_CASE("audit content: every 1:1 up to the day audited is written down") {
  const Rep rep = rep_from_yaml("al", R"(name: Al Chen
records:
  - kind: 1on1
    id: raaaaa
    date: 2026-11-02
  - kind: 1on1
    id: rbbbbb
    date: 2026-11-09
    professional: [Pipeline]
  - kind: 1on1
    id: rccccc
    date: 2026-11-16
    notes: Good
  - kind: 1on1
    id: rddddd
    date: 2026-11-23
    personal: [Kids]
    notes: "  "
  - kind: 1on1
    id: reeeee
    date: 2026-11-24
    personal: Kids
    notes: Fine
  - kind: promise
    id: rfffff
    date: 2026-11-24
    promises:
      - {id: pfffff, owner: manager, text: t}
)");
  const std::vector<std::string> all{
      "warning content [al] reps/al.yaml:4:5: 1:1 on Mon 2026-11-02 is undocumented: no notes and no topics",
      "warning content [al] reps/al.yaml:7:5: 1:1 on Mon 2026-11-09 has no notes",
      "warning content [al] reps/al.yaml:7:5: 1:1 on Mon 2026-11-09 has no personal topic",
      "warning content [al] reps/al.yaml:11:5: 1:1 on Mon 2026-11-16 has no personal topic",
      "warning content [al] reps/al.yaml:15:5: 1:1 on Mon 2026-11-23 has no notes", // blank notes are no notes
  };
  CHECK(run(rep, {.checks = {"content"}}) == all);
  CHECK(run(rep, {.checks = {"content"}, .as_of = "2026-11-20"}) ==
        std::vector<std::string>(all.begin(), all.begin() + 4));
  // An archived rep's 1:1s only with --archived.
  const Rep archived = rep_from_yaml("al",
                                     "name: Al\narchived: 2026-11-20\nrecords:\n  - {kind: 1on1, date: 2026-11-02}\n");
  CHECK(run(archived, {.checks = {"content"}}).empty());
  CHECK(run(archived, {.checks = {"content"}, .archived = true}).size() == 1);
}

TEST_CASE("audit promises: open promises overdue by more than promise_grace") {
  const Rep rep = rep_from_yaml("al", R"(name: Al Chen
records:
  - kind: 1on1
    id: raaaaa
    date: 2026-11-02
    promises:
      - {id: pmgr05, owner: manager, text: Send deck, due: 2026-11-20}
      - {id: prep05, owner: rep, text: Call Acme, due: 2026-11-20}
      - {id: pmgr02, owner: manager, text: At grace, due: 2026-11-23}
      - {id: pmgr03, owner: manager, text: Past grace, due: 2026-11-22}
      - {id: pnodue, owner: manager, text: Undated}
      - {id: pdone1, owner: manager, text: Kept, due: 2026-11-01, done: 2026-11-02}
      - {id: pdrop1, owner: manager, text: Dropped, due: 2026-11-01, dropped: 2026-11-02, reason: r}
      - {id: plater, owner: manager, text: Kept later, due: 2026-11-10, done: 2026-11-24}
)");
  // On 11-25: due 11-20 is 5 days overdue, 11-22 3 days (> 2), 11-23 2 days (= grace, not reported).
  CHECK(run(rep, {.checks = {"promises"}}) ==
        std::vector<std::string>{"error promises [al] your promise pmgr05 is 5 days overdue: Send deck",
                                 "error promises [al] your promise pmgr03 is 3 days overdue: Past grace",
                                 "warning promises [al] Al's commitment prep05 is 5 days overdue: Call Acme"});
  CHECK(run(rep, {.settings = "policy:\n  promise_grace: 0\n", .checks = {"promises"}}).size() == 4);
  // As of 11-20: 11-20 is 0 days overdue; kept on 11-24, `plater` was open then, 10 days overdue.
  CHECK(run(rep, {.checks = {"promises"}, .as_of = "2026-11-20"}) ==
        std::vector<std::string>{"error promises [al] your promise plater is 10 days overdue: Kept later"});
}

TEST_CASE("audit promises: an archived rep's only with --archived") {
  const Rep rep = rep_from_yaml("al", "name: Al\narchived: 2026-11-20\nrecords:\n"
                                      "  - {kind: promise, id: raaaaa, date: 2026-11-02, promises: "
                                      "[{id: paaaaa, owner: rep, text: t, due: 2026-11-03}]}\n");
  CHECK(run(rep, {.checks = {"promises"}}).empty());
  CHECK(run(rep, {.checks = {"promises"}, .archived = true}) ==
        std::vector<std::string>{"warning promises [al] Al's commitment paaaaa is 22 days overdue: t"});
}

TEST_CASE("audit data: a rep file checked as it is now, whatever --as-of") {
  const Rep rep = rep_from_yaml("bo", R"(name: Bo Ruiz
nmae: typo
archived: 2026-11-20
away:
  - {from: 2026-08-03, to: 2026-08-14, resaon: Trip}
records:
  - kind: 1on1
    date: 2026-11-02
    minuts: 30
    promises:
      - {owner: manager, text: No id}
      - {id: pboth1, owner: rep, text: Both, done: 2026-11-03, dropped: 2026-11-04, reason: r}
      - {id: pearly, owner: rep, text: Early, done: 2026-11-01}
      - {id: pfutur, owner: rep, text: Future, dropped: 2026-11-30, reason: r}
      - {id: pduebf, owner: rep, text: Due before, due: 2026-11-01, owenr: x}
  - kind: ride-along
    id: rjoint
    date: 2026-11-26
    account: Acme
)");
  // The unknown kind's own keys (account) are not reported one by one: the kind's note covers them.
  std::vector<std::string> expected{
      "error data [bo] reps/bo.yaml:13:9: promise pboth1 is both done and dropped",
      "error data [bo] reps/bo.yaml:14:9: promise pearly was kept on 2026-11-01, before it was made on 2026-11-02",
      "error data [bo] reps/bo.yaml:15:9: promise pfutur was dropped on 2026-11-30, which is in the future",
      "error data [bo] reps/bo.yaml:17:5: date 2026-11-26 is in the future",
      "warning data [bo] reps/bo.yaml:3:1: unknown key 'nmae' (did you mean 'name'?)",
      "warning data [bo] reps/bo.yaml:6:40: unknown key 'resaon' in an away period (did you mean 'reason'?)",
      "warning data [bo] reps/bo.yaml:10:5: unknown key 'minuts' (did you mean 'minutes'?)",
      "warning data [bo] reps/bo.yaml:12:9: promise has no id, so followups cannot close it",
      "warning data [bo] reps/bo.yaml:16:69: unknown key 'owenr' (did you mean 'owner'?)",
      "warning data [bo] reps/bo.yaml:16:9: promise pduebf is due 2026-11-01, before it was made on 2026-11-02",
      // Open: the promise without id and pduebf.
      "warning data [bo] reps/bo.yaml:1:1: archived rep has 2 open promises: close or drop them",
      "note data [bo] reps/bo.yaml:8:5: record has no id",
      "note data [bo] reps/bo.yaml:17:5: record kind 'ride-along' is not known to this version of coach (kept, not "
      "counted)",
  };
  auto sorted = [](std::vector<std::string> lines) {
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  const auto found = run(rep, {.checks = {"data"}});
  CHECK(sorted(found) == sorted(expected));
  // The future is after the real today, not after the day audited; the archive counts as it is now.
  CHECK(sorted(run(rep, {.checks = {"data"}, .as_of = "2026-11-01"})) == sorted(expected));
}

TEST_CASE("audit data: an id that does not match the file name") {
  const Rep rep = read_rep(parse_yaml("reps/al.yaml", "id: alice\nname: Al\n"));
  CHECK(run(rep, {.checks = {"data"}}) ==
        std::vector<std::string>{
            "error data [alice] reps/al.yaml:1:1: id 'alice' does not match the file name 'al.yaml'"});
}

TEST_CASE("audit data: record and promise ids are unique across the directory") {
  const std::string records = R"(records:
  - kind: 1on1
    id: qaaaaa
    date: 2026-11-02
    promises:
      - id: paaaaa
        owner: rep
        text: t
  - kind: 1on1
    id: meeting-1
    date: 2026-11-03
)";
  const std::vector<Rep> reps{rep_from_yaml("cy", "name: Cy\n" + records), rep_from_yaml("dy", "name: Dy\n" + records)};
  // Generated ids (qaaaaa, paaaaa) and hand-written ones (meeting-1) alike; the findings go under the directory.
  CHECK(run(reps, {.checks = {"data"}}) ==
        std::vector<std::string>{
            "error data [] reps/dy.yaml:4:5: record id 'qaaaaa' is used twice (also at reps/cy.yaml:4:5)",
            "error data [] reps/dy.yaml:8:9: promise id 'paaaaa' is used twice (also at reps/cy.yaml:8:9)",
            "error data [] reps/dy.yaml:11:5: record id 'meeting-1' is used twice (also at reps/cy.yaml:11:5)",
        });
}

TEST_CASE("audit data: unknown keys of coach.yaml, its policy and its away periods") {
  const std::string settings = R"(manager: Dana
polcy: {}
team: West
policy:
  graec: 3
  away:
    - {from: 2026-12-24, too: 2027-01-01}
territory: x
)";
  CHECK(run(std::vector<Rep>{}, {.settings = settings, .checks = {"data"}}) ==
        std::vector<std::string>{
            // In file order (coach-audit(1), OUTPUT).
            "warning data [] coach.yaml:2:1: unknown key 'polcy' (did you mean 'policy'?)",
            "warning data [] coach.yaml:5:3: unknown key 'policy.graec' (did you mean 'grace'?)",
            "warning data [] coach.yaml:7:26: unknown key 'too' in an away period (did you mean 'to'?)",
            "warning data [] coach.yaml:8:1: unknown key 'territory'",
        });
}

// coach-files(5): `git:` is a key of coach.yaml, and an unknown key one or two
// letters from a known one gets a "did you mean" (audit's list of coach.yaml
// keys once lacked `git`; the lists now live beside their readers).
TEST_CASE("audit data: a typo of git: in coach.yaml gets a did you mean") {
  CHECK(run(std::vector<Rep>{}, {.settings = "gti:\n  commit: true\n", .checks = {"data"}}) ==
        std::vector<std::string>{"warning data [] coach.yaml:1:1: unknown key 'gti' (did you mean 'git'?)"});
}

TEST_CASE("audit data: a file that cannot be read is an error under the directory, whatever the checks") {
  const std::vector<LoadFailure> failures{{"reps/ex.yaml", "reps/ex.yaml:3:7: due: \"2026-13-01\" is not a date"}};
  const std::vector<std::string> expected{"error data [] reps/ex.yaml:3:7: due: \"2026-13-01\" is not a date"};
  CHECK(run(std::vector<Rep>{}, {.checks = {"data"}, .failures = failures}) == expected);
  CHECK(run(std::vector<Rep>{}, {.checks = cadence_only, .failures = failures}) == expected);
}

TEST_CASE("audit: only the checks asked for run; findings by rep id, the directory first, most severe first") {
  // zed: late 1:1 (error cadence), overdue commitment (warning promises), a 1:1 without notes (warning content).
  const Rep zed = rep_from_yaml("zed", R"(name: Zed
records:
  - kind: 1on1
    id: rzzzzz
    date: 2026-11-01
    personal: [p]
    promises:
      - {id: pzzzzz, owner: rep, text: t, due: 2026-11-10}
)");
  // amy, new on the team (first record 11-24), has too few expected 1:1s for consistency.
  const Rep amy = rep_from_yaml("amy", "name: Amy\nhobby: chess\nrecords:\n"
                                       "  - {kind: 1on1, id: ramy01, date: 2026-11-24, notes: n, personal: [p]}\n");
  const std::vector<Rep> reps{zed, amy};
  const std::vector<LoadFailure> failures{{"reps/ex.yaml", "reps/ex.yaml:1:1: broken"}};
  CHECK(run(reps, {.failures = failures}) ==
        std::vector<std::string>{
            "error data [] reps/ex.yaml:1:1: broken",
            "warning data [amy] reps/amy.yaml:3:1: unknown key 'hobby'",
            "error cadence [zed] last 1:1 Sun 2026-11-01, 24 days ago: 15 days past the 7-day cadence and 2-day grace",
            "warning content [zed] reps/zed.yaml:4:5: 1:1 on Sun 2026-11-01 has no notes",
            "warning promises [zed] Zed's commitment pzzzzz is 15 days overdue: t",
        });
  CHECK(run(reps, {.checks = {"promises", "content"}}) ==
        std::vector<std::string>{"warning content [zed] reps/zed.yaml:4:5: 1:1 on Sun 2026-11-01 has no notes",
                                 "warning promises [zed] Zed's commitment pzzzzz is 15 days overdue: t"});
}

// coach-audit(1), OUTPUT: "for the same severity, in the order of the checks
// above, then in file order". The archived rep's open promises are reported
// at the file's first line, after findings further down the file.
TEST_CASE("audit data: findings of one severity in file order") {
  const Rep rep = rep_from_yaml("bo", "name: Bo\narchived: 2026-11-20\nnmae: x\nrecords:\n"
                                      "  - {kind: promise, id: raaaaa, date: 2026-11-02, promises: "
                                      "[{id: paaaaa, owner: rep, text: t}]}\n");
  CHECK(run(rep, {.checks = {"data"}}) ==
        std::vector<std::string>{
            "warning data [bo] reps/bo.yaml:1:1: archived rep has 1 open promise: close or drop them",
            "warning data [bo] reps/bo.yaml:4:1: unknown key 'nmae' (did you mean 'name'?)"});
}

TEST_CASE("audit content: private notes document a 1:1 as notes do") {
  const Rep rep = rep_from_yaml("al", R"(name: Al Chen
records:
  - kind: 1on1
    id: raaaaa
    date: 2026-11-02
    private: Worried about the move
  - kind: 1on1
    id: rbbbbb
    date: 2026-11-09
    personal: [Kids]
    private: Thinking of leaving
)");
  // Only the first misses a personal topic; neither is "undocumented" nor "has no notes".
  CHECK(run(rep, {.checks = {"content"}}) ==
        std::vector<std::string>{"warning content [al] reps/al.yaml:4:5: 1:1 on Mon 2026-11-02 has no personal topic"});
}

// The audit `coach audit` runs, fed one rep at a time (issue 18: memory that
// follows the findings, not the directory). Each rep here is read into a local
// that is gone, its memory reused by the next, once add returns: a finding
// made at the end from a pointer or a view into a rep (the ids used twice
// with their places, the consistency figures) would show the next rep's text.
namespace {

// One rep file: `id` on the team since January, 1:1s on `dates` (ids r<id><n>),
// then `extra_records` as written.
std::string team_rep_text(const std::string& id, const std::vector<std::string>& dates, const std::string& top,
                          const std::string& extra_records = "") {
  std::string text = "name: " + id + " Doe\nstart: 2026-01-05\n" + top + "records:\n";
  int n = 0;
  for (const auto& date : dates) {
    text += "  - {kind: 1on1, id: r" + id + std::to_string(n++) + ", date: " + date + ", notes: n, personal: [p]}\n";
  }
  return text + extra_records;
}

std::vector<std::string> lines_of(const std::vector<Finding>& findings) {
  std::vector<std::string> lines;
  for (const auto& f : findings) {
    lines.push_back(std::string(severity_name(f.severity)) + " " + f.check + " [" + f.rep_id + "] " +
                    (f.place.empty() ? "" : f.place + ": ") + f.message);
  }
  return lines;
}

} // namespace

TEST_CASE("audit: IncrementalAudit fed reps that are gone once added finds what run_audit finds over them all") {
  // Window 28 days (10-29..11-25), weekly: 4 1:1s expected. The same generated record and promise ids, and
  // the same hand-written one, in the files of a rep with a long id (its path on the heap) and of bo.
  const std::string shared = "  - kind: promise\n    id: qaaaaa\n    date: 2026-10-01\n    promises:\n"
                             "      - {id: paaaaa, owner: rep, text: t, done: 2026-10-02}\n"
                             "  - {kind: promise, id: meeting-1, date: 2026-10-03}\n";
  const std::vector<std::string> four{"2026-11-04", "2026-11-11", "2026-11-18", "2026-11-25"};
  const std::vector<std::pair<std::string, std::string>> files{
      {"amy-with-a-long-id-on-the-heap", team_rep_text("amy-with-a-long-id-on-the-heap", four, "", shared)},
      {"bo", team_rep_text("bo", {"2026-11-11"}, "", shared)}, // 1 of 4
      {"cy", team_rep_text("cy", {"2026-11-04", "2026-11-11", "2026-11-18"}, "tags: [high-performer]\n")},
      {"dy", team_rep_text("dy", four, "")},
      // Archived on 11-20 with a promise overdue: in the consistency check only as of a day before.
      {"ed", team_rep_text("ed", {"2026-11-04"}, "archived: 2026-11-20\n",
                           "  - kind: promise\n    id: qeeeee\n    date: 2026-10-05\n    promises:\n"
                           "      - {id: peeeee, owner: manager, text: call back, due: 2026-10-10}\n")},
  };
  std::vector<Rep> whole;
  for (const auto& [id, text] : files) whole.push_back(rep_from_yaml(id, text));
  std::vector<const Rep*> pointers;
  for (const auto& rep : whole) pointers.push_back(&rep);
  const Settings settings = settings_from_yaml("policy:\n  window: 28\n");

  for (const bool archived : {false, true}) {
    for (const char* as_of : {"2026-11-25", "2026-11-19"}) {
      CAPTURE(archived);
      CAPTURE(as_of);
      const bool today = as_of == std::string("2026-11-25");
      const AuditRequest request{day(as_of), day("2026-11-25"), {}, archived, "coach.yaml"};
      IncrementalAudit audit(settings, request, activity_starts(pointers));
      for (const auto& [id, text] : files) {
        Rep rep = rep_from_yaml(id, text);
        audit.add(rep);
        rep = rep_from_yaml("zz", "name: Zz\n"); // what rep held is freed and may be reused
      }
      const std::vector<LoadFailure> failures{{"reps/xx.yaml", "reps/xx.yaml:1:1: broken"}};
      const auto lines = lines_of(audit.finish(failures).take());
      CHECK(lines == lines_of(run_audit(settings, whole, failures, request)));
      const std::string second = "reps/bo.yaml";
      const std::string first = "reps/amy-with-a-long-id-on-the-heap.yaml";
      for (const std::string& line : std::vector<std::string>{
               "error data [] reps/xx.yaml:1:1: broken",
               "error data [] " + second + ":6:5: record id 'qaaaaa' is used twice (also at " + first + ":9:5)",
               "error data [] " + second + ":10:9: promise id 'paaaaa' is used twice (also at " + first + ":13:9)",
               "error data [] " + second + ":11:5: record id 'meeting-1' is used twice (also at " + first + ":14:5)",
               // Today bo's 1 of 4 (25%) against amy 1, bo 0.25, cy 0.75, dy 1: 75%; ed is archived, left out.
               // On 11-19 (10-23..11-19): amy, cy, dy 3 of 4, bo and ed (not yet archived) 1 of 4: 55%.
               std::string("warning consistency [bo] 1 of 4 expected 1:1s in the last 4 weeks (25%; team average ") +
                   (today ? "75%)" : "55%)"),
           }) {
        CAPTURE(line);
        CHECK(std::count(lines.begin(), lines.end(), line) == 1);
      }
      // ed's overdue promise: only with --archived once ed is archived.
      const bool ed_promise = std::any_of(lines.begin(), lines.end(), [](const std::string& line) {
        return line.rfind("error promises [ed] your promise peeeee", 0) == 0;
      });
      CHECK(ed_promise == (archived || !today));
      const std::string ed_consistency = "warning consistency [ed] 1 of 4 expected 1:1s in the last 4 weeks (25%; "
                                         "team average 55%)";
      CHECK(std::count(lines.begin(), lines.end(), ed_consistency) == (today ? 0 : 1));
    }
  }
}

TEST_CASE("audit: thousands of findings come out sorted, each once, whatever order the reps were fed in") {
  // 3 reps of 2,000 undocumented 1:1s each: 6,000 content warnings, more than
  // one block of findings, fed c, a, b so that sorting moves nearly all of them.
  std::vector<Rep> reps;
  for (const std::string id : {"c", "a", "b"}) {
    std::string text = "name: " + id + " Doe\nstart: 2020-01-01\nrecords:\n";
    for (int n = 0; n < 2000; ++n) {
      text += "  - {kind: 1on1, id: r" + id + std::to_string(n) + ", date: " + day("2020-01-01").plus_days(n).iso() +
              "}\n";
    }
    reps.push_back(rep_from_yaml(id, text));
  }
  const AuditRequest request{day("2026-11-25"), day("2026-11-25"), {}, false, "coach.yaml"};
  const std::vector<Finding> findings = run_audit(settings_from_yaml(""), reps, {}, request);
  std::set<std::string> undocumented;
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    if (f.message.find("is undocumented") != std::string::npos) undocumented.insert(f.place);
    if (i == 0) continue;
    const Finding& before = findings[i - 1];
    CAPTURE(f.place);
    REQUIRE(before.rep_id <= f.rep_id);
    if (before.rep_id == f.rep_id) REQUIRE(before.severity >= f.severity);
    if (before.rep_id == f.rep_id && before.check == "content" && f.check == "content") {
      const auto line = [](const std::string& place) { return std::stoi(place.substr(place.find(':') + 1)); };
      REQUIRE(line(before.place) < line(f.place)); // one 1:1 a line, in file order
    }
  }
  CHECK(undocumented.size() == 6000);
  CHECK(std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.check == "content"; }) == 6000);
  CHECK(findings.front().rep_id == "a");
  CHECK(findings.back().rep_id == "c");
}
