#include <doctest/doctest.h>

#include <coach/working_days.hpp>

using namespace coach;

namespace {
Date d(const char* iso) {
  return *Date::parse_iso(iso);
}

Period away(const char* from, const char* to) {
  Period period;
  period.from = d(from);
  period.to = d(to);
  return period;
}
} // namespace

TEST_CASE("working_days counts every day of [first, last] when nobody is away") {
  const Rep rep;
  const Policy policy;
  CHECK(working_days(rep, policy, d("2026-03-01"), d("2026-03-31")) == 31);
  CHECK(working_days(rep, policy, d("2026-03-05"), d("2026-03-05")) == 1);
  CHECK(working_days(rep, policy, d("2026-03-06"), d("2026-03-05")) == 0);
}

TEST_CASE("working_days leaves out the rep's and the team's away days, overlaps counted once") {
  Rep rep;
  rep.away.push_back(away("2026-03-10", "2026-03-14")); // 5 days
  Policy policy;
  policy.away.push_back(away("2026-03-13", "2026-03-16")); // 2 more, 2 shared with the rep's
  policy.away.push_back(away("2026-02-20", "2026-03-02")); // 2 days inside March's range
  CHECK(working_days(rep, policy, d("2026-03-01"), d("2026-03-31")) == 31 - 5 - 2 - 2);
  CHECK(working_days(rep, policy, d("2026-03-10"), d("2026-03-16")) == 0);
  CHECK(working_days(rep, policy, d("2026-03-16"), d("2026-03-17")) == 1); // both ends count
}

TEST_CASE("weekday_on_or_after moves a Saturday or a Sunday to the Monday after, and keeps a weekday") {
  CHECK(weekday_on_or_after(d("2026-11-28")) == d("2026-11-30")); // Saturday
  CHECK(weekday_on_or_after(d("2026-11-29")) == d("2026-11-30")); // Sunday
  CHECK(weekday_on_or_after(d("2026-12-31")) == d("2026-12-31")); // Thursday, across the year's end below
  CHECK(weekday_on_or_after(d("2027-01-02")) == d("2027-01-04")); // Saturday
  for (Date day = d("2026-11-23"); day <= d("2026-11-27"); day = day.plus_days(1)) {
    CHECK(weekday_on_or_after(day) == day); // Monday to Friday
  }
}
