#include <doctest/doctest.h>

#include <limits>

#include <coach/text.hpp>

using namespace coach;

TEST_CASE("parse_whole_number reads an optional minus and decimal digits, the whole text") {
  CHECK(parse_whole_number("0") == 0);
  CHECK(parse_whole_number("42") == 42);
  CHECK(parse_whole_number("-7") == -7);
  CHECK(parse_whole_number("-0") == 0);
  CHECK(parse_whole_number("007") == 7); // leading zeros: callers that care refuse them themselves
  CHECK(parse_whole_number("9223372036854775807") == 9223372036854775807LL);
  CHECK(parse_whole_number("-9223372036854775808") == std::numeric_limits<long long>::min());
}

TEST_CASE("parse_whole_number refuses anything but the number") {
  for (const char* text : {"", "-", "+", "+5", " 5", "5 ", "5x", "x5", "1.5", "1e3", "0x1E", "1_000", "--5", "١٢",
                           "9223372036854775808", "-9223372036854775809", "99999999999999999999"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_whole_number(text).has_value());
  }
}
