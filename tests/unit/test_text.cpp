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

TEST_CASE("display_width counts code points, whatever their place in an eight-byte step") {
  CHECK(coach::display_width("") == 0);
  CHECK(coach::display_width("Ana") == 3);
  CHECK(coach::display_width("Zoë Müller-Ødegård") == 18);
  CHECK(coach::display_width("日本語のメモ") == 6);
  CHECK(coach::display_width(std::string(24, '\x80')) == 0); // eight continuation bytes in every step
  CHECK(coach::display_width(std::string(24, 'a')) == 24);
  CHECK(coach::display_width("\xF0\x9F\x98\x80 ok") == 4); // one emoji (4 bytes), a space, two letters
  // Every split of a text mixing 1- to 4-byte characters, against a byte-at-a-time count.
  const std::string mixed = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"
                            "bc\xC3\xB6\xE6\x97\xA5"
                            "de\xF0\x9F\x8E\x89";
  for (size_t start = 0; start <= mixed.size(); ++start) {
    for (size_t length = 0; start + length <= mixed.size(); ++length) {
      const std::string_view part = std::string_view(mixed).substr(start, length);
      size_t expected = 0;
      for (char c : part) expected += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
      REQUIRE(coach::display_width(part) == expected);
    }
  }
}

TEST_CASE("plain_width is display_width without a control byte, and nothing with one, at every length and place") {
  CHECK(coach::plain_width("") == size_t{0});
  CHECK(coach::plain_width("Zoë Müller-Ødegård") == size_t{18});
  CHECK(coach::plain_width("a\tb") == std::nullopt);
  // Every byte value at every place of texts of 1 to 20 bytes, the others 1- to 4-byte characters or ASCII.
  const std::string fillers[] = {std::string(24, 'a'),
                                 "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80xy\xE6\x97\xA5~ \x80\xBF\xC2"
                                 "\xA0\xF4\x8F\xBF\xBF!"};
  for (const std::string& filler : fillers) {
    for (size_t length = 1; length <= 20; ++length) {
      for (size_t at = 0; at < length; ++at) {
        for (int byte = 0; byte < 256; ++byte) {
          std::string text = filler.substr(0, length);
          text[at] = static_cast<char>(byte);
          const auto width = coach::plain_width(text);
          CAPTURE(byte);
          CAPTURE(at);
          CAPTURE(length);
          REQUIRE(width.has_value() == !coach::has_control_byte(text));
          if (width) REQUIRE(*width == coach::display_width(text));
        }
      }
    }
  }
}

TEST_CASE("has_control_byte finds a byte below 0x20 or DEL anywhere, and nothing in UTF-8 text") {
  CHECK_FALSE(coach::has_control_byte(""));
  CHECK_FALSE(coach::has_control_byte("Call Acme about the renewal, Zoë Müller, 日本"));
  CHECK_FALSE(coach::has_control_byte("\x80\xFF\xC3\xA9~ !")); // high bytes and the printable ends of ASCII
  for (const char bad : {'\0', '\t', '\n', '\r', '\x1B', '\x1F', '\x7F'}) {
    for (size_t length = 1; length <= 20; ++length) {
      for (size_t at = 0; at < length; ++at) {
        std::string text(length, 'a');
        text[at] = bad;
        CAPTURE(static_cast<int>(bad));
        CAPTURE(at);
        REQUIRE(coach::has_control_byte(text));
        text[at] = bad == '\x7F' ? '\x7E' : ' '; // the bytes just past each range are not control
        REQUIRE_FALSE(coach::has_control_byte(text));
      }
    }
  }
}
