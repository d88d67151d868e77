#include <doctest/doctest.h>

#include <random>
#include <string>

#include <coach/text.hpp>
#include <coach/yaml_tree.hpp>
#include <coach/yaml_write.hpp>

using namespace coach;

namespace {

// Random valid UTF-8 with the characters that break naive YAML writers.
std::string random_text(std::mt19937& rng) {
  static const std::vector<std::string> pieces{"a",
                                               "Z",
                                               " ",
                                               "  ",
                                               "\n",
                                               "\n\n",
                                               "\t",
                                               ":",
                                               ": ",
                                               " #",
                                               "#",
                                               "'",
                                               "\"",
                                               "\\",
                                               "-",
                                               "- ",
                                               "?",
                                               "|",
                                               ">",
                                               "{",
                                               "}",
                                               "[",
                                               "]",
                                               ",",
                                               "&",
                                               "*",
                                               "!",
                                               "%",
                                               "@",
                                               "`",
                                               "yes",
                                               "no",
                                               "007",
                                               "1e3",
                                               "2024-01-05",
                                               "12:30",
                                               "~",
                                               "null",
                                               "é",
                                               "Zoë",
                                               "李",
                                               "😀",
                                               "\xC2\x85",
                                               "\xE2\x80\xA8",
                                               "\xEF\xBB\xBF",
                                               "\x01",
                                               "\x7F",
                                               "\r",
                                               "\r\n",
                                               "\xC2\xA0",
                                               "---",
                                               "...",
                                               "\xEF\xBF\xBE"};
  std::uniform_int_distribution<size_t> count(0, 12);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::string out;
  for (size_t n = count(rng); n > 0; --n) out += pieces[pick(rng)];
  return out;
}

std::string read_back(const std::string& yaml_value_line) {
  const auto doc = parse_yaml("t.yaml", yaml_value_line);
  const auto* value = doc.root.find("v");
  REQUIRE(value);
  return value->value;
}

} // namespace

TEST_CASE("yaml_write::yaml_scalar quotes everything a reader could misread") {
  CHECK(yaml_scalar("Alice Chen") == "Alice Chen");
  CHECK(yaml_scalar("Send the deck") == "Send the deck");
  for (const char* risky :
       {"yes",   "No",   "on",   "OFF", "true", "null",  "~",      "007", "0123",  "1e3",  "2024-01-05",
        "12:30", "a: b", "a #b", "- x", "",     " lead", "trail ", "'q'", "\"q\"", "x\ny", "@x",
        "%x",    "&x",   "*x",   "!x",  "|",    ">",     "[x]",    "{x}", "y",     "n"}) {
    CAPTURE(risky);
    CHECK(yaml_scalar(risky).front() == '"');
    CHECK(read_back(std::string("v: ") + yaml_scalar(risky) + "\n") == risky);
  }
}

TEST_CASE("yaml_write::round trip of random text") {
  std::mt19937 rng(20261125);
  for (int i = 0; i < 20000; ++i) {
    const std::string text = random_text(rng);
    CAPTURE(text);
    REQUIRE_FALSE(find_invalid_utf8(text).has_value());
    CHECK(read_back("v: " + yaml_scalar(text) + "\n") == text);
    if (!text.empty()) {
      const std::string block = "v:" + yaml_notes_value(text, 2) + "w: end\n";
      CHECK(read_back(block) == text);
    }
  }
}

TEST_CASE("yaml_write::notes use literal blocks when they fit") {
  CHECK(yaml_notes_value("one\ntwo\n", 4) == " |\n    one\n    two\n");
  CHECK(yaml_notes_value("one\n\ntwo", 2) == " |-\n  one\n\n  two\n");
  CHECK(yaml_notes_value("one\n\n\n", 2) == " |+\n  one\n\n\n");
  CHECK(yaml_notes_value("  indented first", 2) == " \"  indented first\"\n");
  CHECK(yaml_notes_value("bell\x07", 2) == " \"bell\\x07\"\n");
  CHECK(fits_literal_block("# not a comment inside a block\n"));
  CHECK_FALSE(fits_literal_block("a\n   \nb"));
}
