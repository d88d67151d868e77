#include <doctest/doctest.h>

#include <optional>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include <coach/error.hpp>
#include <coach/text.hpp>
#include <coach/yaml_tree.hpp>

using namespace coach;

namespace {

// The message of the data error that parsing `text` raises ("" when none).
std::string parse_error(const std::string& text) {
  try {
    parse_yaml("f.yaml", text);
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::data);
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("yaml_tree::parse builds the tree with places") {
  const auto doc = parse_yaml("f.yaml", "# c\nname: 'yes'\nplain: yes\nlist:\n  - a\n  - b\n");
  REQUIRE(doc.root.is_map());
  const auto* name = doc.root.find("name");
  REQUIRE(name);
  CHECK(name->value == "yes");
  CHECK(name->quoted);
  CHECK_FALSE(doc.root.find("plain")->quoted);
  CHECK(doc.root.find("list")->items.size() == 2);
  CHECK(doc.root.find_key("plain")->place.line == 3);
  CHECK(doc.root.find_key("plain")->place.column == 1);
  CHECK(doc.root.find("list")->items[1].place.line == 6);
  CHECK(doc.root.find("list")->items[1].place.column == 5);
}

TEST_CASE("yaml_tree::parse refuses what yaml-cpp would silently accept") {
  CHECK(parse_error("a: 1\na: 2\n") == "f.yaml:2:1: duplicate key 'a' (first at line 1)");
  CHECK(parse_error("records:\n  - note: \"cut\n  - date: y\n").find("f.yaml:2:11: quoted text is never closed") == 0);
  CHECK(parse_error("a: 1\n---\nb: 2\n").find("more than one YAML document") != std::string::npos);
  CHECK(parse_error("a: 1\n---\n[}\n").find("f.yaml") == 0);
  CHECK(parse_error("notes: |\n  x\n<<<<<<< HEAD\n  y\n=======\n  z\n>>>>>>> b\n") ==
        "f.yaml:3:1: git conflict marker: resolve the merge conflict first");
  CHECK(parse_error("a: &x 1\nb: *x\n").find("f.yaml:1:4: YAML anchors") == 0);
  CHECK(parse_error("a: !!python/object:os.system 1\n").find("YAML tag") != std::string::npos);
  CHECK(parse_error("a: \xff\xfe\n") == "f.yaml:1:4: invalid UTF-8 (is this a binary file?)");
  CHECK(parse_error(std::string("a: 1\0b", 6)).find("NUL byte") != std::string::npos);
  CHECK(parse_error("a: 1\rb: 2\r").find("carriage return") != std::string::npos);
  CHECK(parse_error("a: 1\nb: x\x04y\n") == "f.yaml:2:5: control character U+0004 (is this a binary file?)");
  CHECK(parse_error("a: x\xE2\x80\xA8y\n") ==
        "f.yaml:1:5: U+2028 LINE SEPARATOR, which YAML readers take for a line break: delete it, or write it as "
        "\\u2028 inside double quotes");
  CHECK(parse_error("a: \"x\xC2\x85y\"\n").find("f.yaml:1:6: U+0085 NEXT LINE") == 0);
  CHECK(parse_error("a: |\n  x\xE2\x80\xA9\n").find("U+2029 PARAGRAPH SEPARATOR") != std::string::npos);
  CHECK(parse_error("\xEF\xBB\xBF\xEF\xBB\xBF"
                    "a: 1\n")
            .find("f.yaml:1:1: a second byte order mark") == 0);
  CHECK(parse_error("a: \"x\x1b[31m\"\n").find("control character U+001B") != std::string::npos);
  CHECK(parse_error("a: [1, 2\n").find("f.yaml:") == 0);
}

TEST_CASE("yaml_tree::parse reads escapes and line breaks as the YAML spec does") {
  const auto value = [](const std::string& text) { return parse_yaml("f.yaml", text).root.find("a")->value; };
  // yaml-cpp 0.7 decodes these two into single bytes that are not UTF-8.
  CHECK(value("a: \"x\\_y\\Nz\"\n") == "x\u00A0y\u0085z");
  CHECK(value("a: \"\\L\\P\\x41\\u00e9\\U0001F600\\t\\0\"\n") == std::string("\u2028\u2029A\u00e9\U0001F600\t\0", 15));
  // Trailing line breaks of multi-line quoted scalars, as PyYAML's safe_dump writes them.
  CHECK(value("a: 'Call her back.\n\n\n\n  '\n") == "Call her back.\n\n\n");
  CHECK(value("a: \"Call her back.\\n\\\n  \\n\\n\"\n") == "Call her back.\n\n\n");
  CHECK(value("a: \"one\n  two  \n\n  three\\\n  \\ four\"\n") == "one two\nthree four");
  CHECK(value("a: 'it''s\r\n  x'\r\n") == "it's x");
  // A `>+` block keeps every trailing line break; yaml-cpp 0.7 drops one.
  CHECK(value("a: >+\n  x\n  y\n\n\nb: 1\n") == "x y\n\n\n");
  CHECK(value("a: >+\n  x\n\n  y\n\n# c\n\nb: 1\n") == "x\ny\n\n");
  CHECK(value("a: |+\n  x\n\n") == "x\n\n");
  CHECK(value("a: >2+\n   x\n\n") == " x\n\n");
  CHECK(parse_error("a: \"it\\'s\"\n") ==
        "f.yaml:1:7: unknown escape '\\'' in double quotes; write \\\\ for a backslash");
  CHECK(parse_error("a: \"\\ud800\"\n").find("f.yaml:1:") == 0);
}

TEST_CASE("yaml_tree::parse refuses merge keys, which YAML readers apply differently") {
  CHECK(parse_error("b: 1\n<<: {a: 1}\n").find("f.yaml:2:1: merge key (<<)") == 0);
  CHECK(parse_error("x:\n  - c: 1\n    <<: {a: 1}\n").find("f.yaml:3:5: merge key (<<)") == 0);
  CHECK(parse_yaml("f.yaml", "'<<': 1\n").root.find("<<")->value == "1");
}

TEST_CASE("yaml_tree::parse refuses a last line of plain text without a colon, as PyYAML does") {
  // yaml-cpp 0.7 reads it as a key with no value.
  CHECK(parse_error("a: 1\nb:\n  c: 2\n  done 2026-11-24\n") ==
        "f.yaml:4:3: \"done 2026-11-24\" is neither a `key: value` line nor part of a value: a colon is missing "
        "(PyYAML refuses the file); write `key: value`");
  CHECK(parse_error("a: 1\njust text") != "");
  CHECK(parse_error("a: 1\nb  # no colon\n") != "");
  // What stays valid: an empty value, a colon after spaces, an explicit key, a flow map's lone key.
  CHECK(parse_error("a: 1\nb:\n") == "");
  CHECK(parse_error("a: 1\nb   : 2\n") == "");
  CHECK(parse_error("? a\n: 1\n") == "");
  CHECK(parse_error("a: {b, c: 1}\n") == "");
}

TEST_CASE("yaml_tree::read_whole_number") {
  CHECK(read_whole_number("30").value == 30);
  CHECK(read_whole_number("0").value == 0);
  CHECK(read_whole_number("-7").value == -7);
  for (const char* text :
       {"030", "+30", "0x1E", "0o36", "0b11110", "1_000", "1:30", "", "3.0", "thirty", "-", "99999999999999"}) {
    CAPTURE(text);
    const auto number = read_whole_number(text);
    CHECK_FALSE(number.value);
    CHECK_FALSE(number.problem.empty());
  }
  CHECK(read_whole_number("0b11110").problem == "\"0b11110\" is binary; write 30");
  CHECK(read_whole_number("-1:00").problem.find("write -60") != std::string::npos);
}

TEST_CASE("yaml_tree::parse guards against resource exhaustion") {
  SUBCASE("deep nesting") {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    CHECK(parse_error(deep).find("nesting") != std::string::npos);
    std::string block;
    for (int i = 0; i < 100; ++i) block += std::string(static_cast<size_t>(i) * 2, ' ') + "k:\n";
    CHECK(parse_error(block).find("nesting deeper than 64") != std::string::npos);
  }
  SUBCASE("a map with 100,000 keys") {
    std::string many;
    for (int i = 0; i < 100000; ++i) many += "k" + std::to_string(i) + ": 1\n";
    CHECK(parse_yaml("f.yaml", many).root.entries.size() == 100000);
    CHECK(parse_error(many + "k7: 2\n") == "f.yaml:100001:1: duplicate key 'k7' (first at line 8)");
  }
  SUBCASE("alias bomb") {
    std::string bomb = "a: &a [x, x]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
      bomb += std::string(1, c) + ": &" + c + " [*" + static_cast<char>(c - 1) + ", *" + static_cast<char>(c - 1) +
              "]\n";
    }
    CHECK(parse_error(bomb).find("anchors") != std::string::npos);
  }
  SUBCASE("size") {
    const std::string big = "a: \"" + std::string(max_yaml_file_size, 'x') + "\"\n";
    CHECK(parse_error(big).find("more than the") != std::string::npos);
  }
}

TEST_CASE("yaml_tree::parse accepts CRLF, BOM and empty files") {
  CHECK(parse_yaml("f", "a: 1\r\nb: 2\r\n").root.find("b")->value == "2");
  CHECK(parse_yaml("f", "\xEF\xBB\xBF"
                        "a: 1\n")
            .root.find("a")
            ->value == "1");
  CHECK(parse_yaml("f", "").root.is_null());
  CHECK(parse_yaml("f", "# only a comment\n").root.is_null());
}

TEST_CASE("yaml_tree::same_content ignores places and styles of collections") {
  const auto a = parse_yaml("f", "k: [1, 2]\nm: {x: y}\n");
  const auto b = parse_yaml("f", "\n\nk:\n  - 1\n  - 2\nm:\n  x: y\n");
  CHECK(same_content(a.root, b.root));
  const auto c = parse_yaml("f", "k: [1, '2']\nm: {x: y}\n");
  CHECK_FALSE(same_content(a.root, c.root));
}

// The word-at-a-time scans against byte-by-byte references, at every alignment.
TEST_CASE("text::find_control_character and find_invalid_utf8 match a byte-by-byte scan") {
  const auto control_reference = [](std::string_view text) -> std::optional<size_t> {
    for (size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c < 0x20 && c != '\n' && c != '\t') return i;
    }
    return std::nullopt;
  };
  std::mt19937 random(11);
  const std::string pieces[] = {"a",
                                "Z",
                                " ",
                                "\n",
                                "\t",
                                "\r",
                                "\x01",
                                "\x1f",
                                "\x7f",
                                "\xc3\xa9",
                                "\xe2\x82\xac",
                                "\xf0\x9f\x8e\x89",
                                "\xc3",
                                "\x80",
                                "\xff",
                                std::string(1, '\0'),
                                "\x20",
                                "~"};
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const size_t length = random() % 40;
    for (size_t i = 0; i < length; ++i) {
      // Mostly plain text, now and then one odd piece.
      text += random() % 8 == 0 ? pieces[random() % std::size(pieces)] : std::string(1, "abc de\n"[random() % 7]);
    }
    CAPTURE(text);
    CHECK(find_control_character(text) == control_reference(text));
    // Valid text stays valid, and the first invalid byte is found wherever it sits.
    const auto bad = find_invalid_utf8(text);
    if (bad) CHECK(*bad < text.size());
    std::string longer = std::string(8 + random() % 8, 'x') + text;
    const auto bad_longer = find_invalid_utf8(longer);
    CHECK(bad_longer.has_value() == bad.has_value());
    if (bad && bad_longer) CHECK(*bad_longer == *bad + (longer.size() - text.size()));
  }
  CHECK(find_control_character(std::string(64, 'a') + "\x04") == 64);
  CHECK(find_invalid_utf8(std::string(64, 'a') + "\xff") == 64);
  CHECK_FALSE(find_invalid_utf8(std::string(64, 'a') + "\xc3\xa9").has_value());
}

namespace {

// PyYAML's resolvers for int, float and timestamp as it writes them (YAML 1.1),
// the definition yaml11_non_text's hand-written reader must agree with.
std::optional<std::string> pyyaml_number_or_date(const std::string& text) {
  static const std::regex whole(R"([-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)"
                                R"(|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)");
  static const std::regex real(
      R"([-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?)"
      R"(|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))");
  static const std::regex timestamp(
      R"([0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9])"
      R"(|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?)"
      R"(:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)");
  if (std::regex_match(text, whole) || std::regex_match(text, real)) return "a number";
  if (std::regex_match(text, timestamp)) return "a date";
  return std::nullopt;
}

} // namespace

TEST_CASE("yaml_tree::yaml11_non_text reads numbers and dates exactly as PyYAML's resolver patterns") {
  // Seeds of every form, then random texts built from their characters and from mutations of the seeds.
  const std::vector<std::string> seeds = {
      "0",
      "007",
      "0o7",
      "0b101",
      "0b",
      "0x1F",
      "0x",
      "-0x_a",
      "+12",
      "1_000",
      "1:30",
      "190:20:30",
      "1:60",
      "1:5:",
      "12:345",
      "1.5",
      "-.5",
      ".5",
      "+.5",
      "1.",
      "1.5e+3",
      "1.5e3",
      "1e+3",
      ".5E-1",
      "1:30.5",
      "1:30.",
      ".inf",
      "-.Inf",
      "+.INF",
      ".nan",
      "-.nan",
      ".NaN",
      "_1",
      "2026-11-02",
      "2026-1-2",
      "2026-11-2 ",
      "26-11-02",
      "20261-11-02",
      "1.5.5",
      "--1",
      "2026-11-02T10:00:00",
      "2026-11-02t1:00:00.5Z",
      "2026-1-2 \t 10:00:00 -5",
      "2026-11-02 10:00:00+05:30",
      "2026-11-02 10:00:00 ",
      "2026-11-02 10:00:00 Z",
      "2026-11-02 10:00:00+123",
      "2026-11-02T10:0:00",
      "3 deals",
      "1st call",
      "-",
      "+",
      ".",
      "",
  };
  std::mt19937 engine(20261201);
  const std::string alphabet = "0123456789-+._:xbeEinfaINFNTtZ \t";
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::vector<std::string> texts = seeds;
  for (int n = 0; n < 20000; ++n) {
    std::string text = seeds[engine() % seeds.size()];
    const int edits = 1 + static_cast<int>(engine() % 3);
    for (int e = 0; e < edits; ++e) {
      const size_t at = text.empty() ? 0 : engine() % (text.size() + 1);
      switch (engine() % 3) {
      case 0: text.insert(at, 1, alphabet[pick(engine)]); break;
      case 1:
        if (at < text.size()) text.erase(at, 1);
        break;
      default:
        if (at < text.size()) text[at] = alphabet[pick(engine)];
      }
    }
    texts.push_back(text);
  }
  for (int n = 0; n < 20000; ++n) {
    std::string text;
    const size_t size = engine() % 12;
    while (text.size() < size) text += alphabet[pick(engine)];
    texts.push_back(text);
  }
  size_t numbers_or_dates = 0;
  for (const std::string& text : texts) {
    // Only texts the resolvers are tried on: those starting with a sign, dot or digit.
    if (text.empty() || std::string_view("-+.0123456789").find(text[0]) == std::string_view::npos) continue;
    CAPTURE(text);
    const auto expected = pyyaml_number_or_date(text);
    CHECK(yaml11_non_text(text) == expected);
    numbers_or_dates += expected ? 1 : 0;
  }
  CHECK(numbers_or_dates > 1000); // the texts reach both sides of every pattern
}
