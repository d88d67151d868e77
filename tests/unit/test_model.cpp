#include <doctest/doctest.h>

#include <coach/model.hpp>

using namespace coach;

TEST_CASE("model::cadence_for") {
  Policy policy;
  policy.cadence = 7;
  policy.tag_cadence = {{"tenured", 14}, {"new-hire", 5}};
  Rep rep;
  CHECK(cadence_for(rep, policy) == 7);
  rep.tags = {"tenured"};
  CHECK(cadence_for(rep, policy) == 14);
  rep.tags = {"tenured", "new-hire"};
  CHECK(cadence_for(rep, policy) == 5); // the shortest of the tags
  rep.cadence = 10;
  CHECK(cadence_for(rep, policy) == 10); // the rep's own wins
}

TEST_CASE("model::promises and the last 1:1") {
  Rep rep;
  const Date today = *Date::parse_iso("2026-11-25");
  Record a;
  a.kind = "1on1";
  a.date = *Date::parse_iso("2026-11-20");
  Record b;
  b.kind = "joint-call"; // other kinds never count as a 1:1
  b.date = *Date::parse_iso("2026-11-24");
  Promise late;
  late.text = "late";
  late.due = Date::parse_iso("2026-11-24");
  Promise kept = late;
  kept.done = Date::parse_iso("2026-11-23");
  Promise later = late;
  later.text = "later";
  later.due = Date::parse_iso("2026-11-30");
  a.promises = {later, kept, late};
  rep.records = {a, b};
  CHECK(rep.last_one_on_one()->date.iso() == "2026-11-20");
  const auto open = rep.open_promises();
  REQUIRE(open.size() == 2);
  CHECK(open[0]->text == "late");
  CHECK(open[0]->is_overdue(today));
  CHECK_FALSE(open[1]->is_overdue(today));
  Policy policy;
  CHECK(next_one_on_one_due(rep, policy, today).iso() == "2026-11-27");
  CHECK(next_one_on_one_due(Rep{}, policy, today) == today);
}

TEST_CASE("model::first_day_on_team") {
  Rep rep;
  CHECK_FALSE(first_day_on_team(rep).has_value());
  Record a;
  a.date = *Date::parse_iso("2026-11-20");
  Record b;
  b.date = *Date::parse_iso("2026-10-01");
  rep.records = {a, b};
  CHECK(first_day_on_team(rep)->iso() == "2026-10-01");
  rep.start = Date::parse_iso("2019-04-01");
  CHECK(first_day_on_team(rep)->iso() == "2019-04-01");
}

TEST_CASE("model::tracking_start: the later of the first day on the team and the policy's since") {
  Policy policy;
  Rep rep;
  CHECK_FALSE(tracking_start(rep, policy).has_value()); // nothing known
  policy.since = Date::parse_iso("2026-11-02");
  CHECK(tracking_start(rep, policy)->iso() == "2026-11-02"); // no start, no record: since
  rep.start = Date::parse_iso("2019-04-01");
  CHECK(tracking_start(rep, policy)->iso() == "2026-11-02"); // on the team long before coach
  rep.start = Date::parse_iso("2026-11-16");
  CHECK(tracking_start(rep, policy)->iso() == "2026-11-16"); // joined after since
  policy.since.reset();
  CHECK(tracking_start(rep, policy)->iso() == "2026-11-16");
  rep.start.reset();
  Record first;
  first.date = *Date::parse_iso("2026-10-01");
  rep.records = {first};
  CHECK(tracking_start(rep, policy)->iso() == "2026-10-01"); // no start: the first record
}
