#include <doctest/doctest.h>
#include <fmt/format.h>

#include <coach/date.hpp>

using coach::Date;
using coach::DateDirection;
using coach::parse_user_date;

namespace {
Date d(const char* iso) {
  return *Date::parse_iso(iso);
}
const Date wednesday = d("2026-11-25");
} // namespace

TEST_CASE("date::iso and pretty spell every day as the calendar does, years 0 to 9999 and beyond") {
  using namespace std::chrono;
  const auto spelled = [](Date date) {
    const auto d = date.ymd();
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                       static_cast<unsigned>(d.day()));
  };
  // Every day of 1899-2101 (every month length, leap years and 1900, 2000, 2100), then a day a week to 9999.
  for (Date day = *Date::from_ymd(1899, 1, 1); day <= *Date::from_ymd(2101, 12, 31); day = day.plus_days(1)) {
    REQUIRE(day.iso() == spelled(day));
    if (day >= *Date::from_ymd(1900, 1, 1)) REQUIRE(Date::parse_iso(day.iso()) == day); // parse_iso refuses before
  }
  for (Date day = *Date::from_ymd(0, 1, 1); day <= *Date::from_ymd(9999, 12, 31); day = day.plus_days(7)) {
    REQUIRE(day.iso() == spelled(day));
  }
  CHECK(Date::from_ymd(9999, 12, 31)->iso() == "9999-12-31");
  CHECK(Date::from_ymd(0, 1, 1)->iso() == "0000-01-01");
  CHECK(Date::from_ymd(10000, 1, 1)->iso() == "10000-01-01"); // past the four digits: as fmt spells it
  CHECK(Date::from_ymd(-1, 12, 31)->iso() == "-001-12-31");
  CHECK(d("2026-11-30").pretty() == "Mon 2026-11-30");
  CHECK(d("2026-12-06").pretty() == "Sun 2026-12-06");
}

TEST_CASE("date::parse_iso") {
  CHECK(Date::parse_iso("2026-11-20")->iso() == "2026-11-20");
  CHECK(Date::parse_iso("2024-02-29").has_value());
  CHECK_FALSE(Date::parse_iso("2026-02-29").has_value());
  CHECK_FALSE(Date::parse_iso("2026-13-01").has_value());
  CHECK_FALSE(Date::parse_iso("2026-1-01").has_value());
  CHECK_FALSE(Date::parse_iso("20261101").has_value());
  CHECK_FALSE(Date::parse_iso("2026-11-2x").has_value());
  CHECK_FALSE(Date::parse_iso("").has_value());
  CHECK(d("2026-11-20").pretty() == "Fri 2026-11-20");
}

TEST_CASE("date::arithmetic") {
  CHECK(d("2026-12-31").plus_days(1).iso() == "2027-01-01");
  CHECK(d("2026-11-20").days_until(d("2026-11-27")) == 7);
  CHECK(d("2026-11-27").days_until(d("2026-11-20")) == -7);
  CHECK(d("2026-11-23").iso_weekday_index() == 0); // Monday
  CHECK(d("2026-11-29").iso_weekday_index() == 6); // Sunday
}

TEST_CASE("date::parse_user_date words and offsets") {
  const auto past = [](const char* text) { return parse_user_date(text, wednesday, DateDirection::past); };
  const auto future = [](const char* text) { return parse_user_date(text, wednesday, DateDirection::future); };
  CHECK(past("today")->iso() == "2026-11-25");
  CHECK(past("Yesterday")->iso() == "2026-11-24");
  CHECK(future("tomorrow")->iso() == "2026-11-26");
  CHECK(past("-3d")->iso() == "2026-11-22");
  CHECK(past("3d")->iso() == "2026-11-22");
  CHECK(future("3d")->iso() == "2026-11-28");
  CHECK(future("+7d")->iso() == "2026-12-02");
  CHECK(future("+2w")->iso() == "2026-12-09");
  CHECK(future(" 2026-12-01 ")->iso() == "2026-12-01");
  CHECK_FALSE(past("+d").has_value());
  CHECK_FALSE(past("soon").has_value());
  CHECK_FALSE(past("").has_value());
  CHECK_FALSE(past("99999999d").has_value());
  CHECK_FALSE(past("--3d").has_value());
  CHECK_FALSE(past("+-3d").has_value());
}

TEST_CASE("date::parse_user_date weekdays") {
  SUBCASE("past: the most recent such day, today included") {
    CHECK(parse_user_date("fri", wednesday, DateDirection::past)->iso() == "2026-11-20");
    CHECK(parse_user_date("monday", wednesday, DateDirection::past)->iso() == "2026-11-23");
    CHECK(parse_user_date("wed", wednesday, DateDirection::past)->iso() == "2026-11-25");
    CHECK(parse_user_date("last wed", wednesday, DateDirection::past)->iso() == "2026-11-18");
  }
  SUBCASE("future: the next such day, today included") {
    CHECK(parse_user_date("fri", wednesday, DateDirection::future)->iso() == "2026-11-27");
    CHECK(parse_user_date("Monday", wednesday, DateDirection::future)->iso() == "2026-11-30");
    CHECK(parse_user_date("wed", wednesday, DateDirection::future)->iso() == "2026-11-25");
    CHECK(parse_user_date("next wed", wednesday, DateDirection::future)->iso() == "2026-12-02");
    CHECK(parse_user_date("thurs", wednesday, DateDirection::future)->iso() == "2026-11-26");
  }
  SUBCASE("too short to guess") {
    CHECK_FALSE(parse_user_date("t", wednesday, DateDirection::future).has_value());
    CHECK_FALSE(parse_user_date("fr", wednesday, DateDirection::future).has_value());
  }
}

TEST_CASE("date::eow and eom") {
  CHECK(parse_user_date("eow", wednesday, DateDirection::future)->iso() == "2026-11-27");
  CHECK(parse_user_date("eow", d("2026-11-27"), DateDirection::future)->iso() == "2026-11-27");
  CHECK(parse_user_date("eow", d("2026-11-28"), DateDirection::future)->iso() == "2026-12-04"); // Saturday
  CHECK(parse_user_date("eom", wednesday, DateDirection::future)->iso() == "2026-11-30");
  CHECK(parse_user_date("eom", d("2028-02-03"), DateDirection::future)->iso() == "2028-02-29");
}

TEST_CASE("date::relative_day_phrase") {
  CHECK(coach::relative_day_phrase(wednesday, wednesday) == "today");
  CHECK(coach::relative_day_phrase(d("2026-11-26"), wednesday) == "tomorrow");
  CHECK(coach::relative_day_phrase(d("2026-11-30"), wednesday) == "in 5 days");
  CHECK(coach::relative_day_phrase(d("2026-11-22"), wednesday) == "3 days ago");
}

TEST_CASE("date::tenure_phrase") {
  CHECK(coach::tenure_phrase(wednesday, wednesday) == "less than a month");
  CHECK(coach::tenure_phrase(d("2026-10-26"), wednesday) == "less than a month"); // a day short of a month
  CHECK(coach::tenure_phrase(d("2026-10-25"), wednesday) == "1 month");
  CHECK(coach::tenure_phrase(d("2026-09-30"), wednesday) == "1 month");
  CHECK(coach::tenure_phrase(d("2026-01-25"), wednesday) == "10 months");
  CHECK(coach::tenure_phrase(d("2025-11-26"), wednesday) == "11 months");
  CHECK(coach::tenure_phrase(d("2025-11-25"), wednesday) == "1 year");
  CHECK(coach::tenure_phrase(d("2025-10-01"), wednesday) == "1 year 1 month");
  CHECK(coach::tenure_phrase(d("2023-09-01"), wednesday) == "3 years 2 months");
  CHECK(coach::tenure_phrase(d("2014-03-10"), wednesday) == "12 years 8 months");
}

TEST_CASE("date::parse_day_span") {
  CHECK(coach::parse_day_span("7") == 7);
  CHECK(coach::parse_day_span("7d") == 7);
  CHECK(coach::parse_day_span(" 2w ") == 14);
  CHECK_FALSE(coach::parse_day_span("").has_value());
  CHECK_FALSE(coach::parse_day_span("w").has_value());
  CHECK_FALSE(coach::parse_day_span("-3d").has_value());
  CHECK_FALSE(coach::parse_day_span("soon").has_value());
  CHECK_FALSE(coach::parse_day_span("123456d").has_value());
}
