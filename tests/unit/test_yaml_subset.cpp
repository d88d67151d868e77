#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <coach/files.hpp>
#include <coach/yaml_subset.hpp>

#include "targets.hpp"

namespace fs = std::filesystem;
using namespace coach;

namespace {

// Texts the fast reader must take itself: each case is also checked against yaml-cpp.
const std::vector<std::string> subset_texts = {
    "a: 1\n",
    "a: 1",
    "a:\n",
    "a:   # nothing\n\n# after\nb: x\n",
    "a: b   \n  \n",
    "a: null\nb: Null\nc: ~\nd: NULL\ne: nUll\n",
    "a: C# and F#\nb: x # comment\nc: a:b\nd: -5\ne: it's\nf: x [y] {z}, w\n",
    "x: é b\ny: \"é\" \n",
    "tags: [tenured, high-performer ,x y]\nb: [ a ]   # c\nc: [a,b]\nd: [ ]\n",
    "a: \"q \\\" \\\\ \\/ \\n \\t \\r\"\nb: 'it''s'\nc: '' \nd: \"\"\n",
    "a: \"\\x41\\u00e9\\u20ac\"\n",
    "a: []\nb: {}\nc: [] # none\n",
    "a:\n  - x\n  -\n  - y\nb: 2\n",
    "a:\n- x\n- y\nb: 2",
    "a:\n  b:\n  c:\nd: 1\n",
    "a:\n  - k: 1\n    j:\n  - k: 2\n    j:\n",
    "- x\n- # nothing\n-\n",
    "-   k: 1\n    j: 2\n-   k: 3\n",
    "a:\n  - b:\n    - x\n    c: 1\n",
    "e: |\n  l1\n\n  l2\n\nf: end\n",
    "e: |-\n  l1\n\n  l2\n\nf: end\n",
    "e: |  # why\n\n  l1\n    indented\n  # not a comment\n# a comment\nf: 1\n",
    "e: |\n  l1",
    "e:\n  - |\n    in a list\n  - x\n",
    "# head\n\n  a: 1\n  b: 2\n",
    "records:\n  - kind: 1on1\n    id: abc123\n    notes: |\n      x\n    promises:\n      - id: p\n        done:\n  # "
    "between\n  - kind: 1on1\n",
};

// Texts it must hand to yaml-cpp.
const std::vector<std::string> outside_texts = {
    "",
    "# only a comment\n",
    "a:\tb\n",
    "a: 1\r\nb: 2\r\n",
    "\xEF\xBB\xBF"
    "a: 1\n",
    "---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "%YAML 1.2\n---\na: 1\n",
    "a: [1, [2]]\n",
    "a: [1, ]\n",
    "a: [1, '2']\n",
    "a: [x: y]\n",
    "a: [1,\n  2]\n",
    "é: x\n",
    "a: {x: y}\n",
    "a: &x 1\nb: *x\n",
    "a: !t 1\n",
    "a: >\n  folded\n",
    "a: |+\n  kept\n\n",
    "a: |2\n   x\n",
    "a: |\n  x\n      \n",
    "a: |\n",
    "a: multi\n  line\n",
    "a:",
    "a: 1\nb:\n  ",
    "a:\n  just text\n",
    "a: \"two\n  lines\"\n",
    "a: 'never closed\n",
    "a: \"\\e\"\n",
    "a: 1\na: 2\n",
    [] {
      std::string many;
      for (int i = 0; i < 65; ++i) many += "k" + std::to_string(i) + ": 1\n";
      return many;
    }(),
    "null: 1\n",
    "\"a\": 1\n",
    "a b: 1\n",
    "a.b: 1\n",
    "a: b: c\n",
    "a: b:\n",
    "a: - x\n",
    "- - x\n",
    "a: 1\n  b: 2\n",
    "a:\n  - x\n b: 1\n",
    "plain scalar\n",
    "? a\n: b\n",
};

} // namespace

TEST_CASE("yaml_subset reads the block subset exactly as yaml-cpp does") {
  for (const auto& text : subset_texts) {
    CAPTURE(text);
    CHECK(fuzz::yaml_subset_reads(text));
  }
}

TEST_CASE("yaml_subset hands everything else to yaml-cpp") {
  for (const auto& text : outside_texts) {
    CAPTURE(text);
    CHECK_FALSE(read_block_subset(text).has_value());
  }
}

TEST_CASE("yaml_subset takes every example file") {
  const fs::path examples = fs::path(COACH_SOURCE_DIR) / "examples" / "team";
  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(examples)) {
    if (entry.path().extension() != ".yaml") continue;
    CAPTURE(entry.path().string());
    CHECK(fuzz::yaml_subset_reads(read_text_file(entry.path(), max_yaml_file_size)));
    ++files;
  }
  CHECK(files >= 8);
}

// Random edits of small documents: whenever the fast reader accepts the
// result, yaml-cpp must agree node for node. Deterministic (fixed seed).
TEST_CASE("yaml_subset agrees with yaml-cpp on randomly damaged documents") {
  const std::vector<std::string> seeds = {
      subset_texts.back(),
      "id: x\nname: A B\ntags:\n  - t\nrecords:\n  - kind: 1on1\n    date: 2026-01-02\n    personal:\n      - \"q\"\n"
      "    notes: |\n      n1\n\n      n2\n    promises:\n      - id: p1\n        text: 'it''s'\n        due: "
      "2026-01-09\n",
      "a:\n- x\n- y\nb: {}\nc: []\nd: ~\ne: [x, y z]\n",
  };
  const std::vector<std::string> tokens = {
      " ",
      "  ",
      "\n",
      "\n\n",
      "#",
      "# c",
      ":",
      ": ",
      "- ",
      "-",
      "'",
      "''",
      "\"",
      "\\",
      "\\\"",
      "\\x41",
      "\\u00e9",
      "|",
      "|-",
      "|+",
      ">",
      "[",
      "]",
      "{",
      "}",
      "[]",
      "{}",
      "~",
      "null",
      "&a",
      "*a",
      "!t",
      "---",
      "...",
      "x",
      "é",
      "\t",
      "\r\n",
      "%",
      "?",
      ",",
      "@",
      "`",
      "\xC2\x85",
      "\xE2\x80\xA8",
      "\xEF\xBB\xBF",
      "k: v",
      "\x04",
      "\xC2\x81",
  };
  std::mt19937 random(20261125);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random); };
  size_t taken = 0;
  size_t handed_over = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = seeds[pick(seeds.size())];
    const size_t edits = 1 + pick(3);
    for (size_t e = 0; e < edits; ++e) {
      const size_t at = pick(text.size() + 1);
      switch (pick(4)) {
      case 0:
      case 1: text.insert(at, tokens[pick(tokens.size())]); break;
      case 2: text.erase(at, pick(6)); break;
      default: { // move a line's start left or right
        const size_t line = text.rfind('\n', at == 0 ? 0 : at - 1);
        const size_t start = line == std::string::npos ? 0 : line + 1;
        if (pick(2) == 0) {
          text.insert(start, pick(2) == 0 ? " " : "  ");
        } else if (start < text.size() && text[start] == ' ') {
          text.erase(start, 1);
        }
      }
      }
    }
    CAPTURE(text);
    bool took = false;
    REQUIRE_NOTHROW(took = fuzz::yaml_subset_reads(text));
    (took ? taken : handed_over) += 1;
  }
  // Both paths must really be exercised.
  CHECK(taken > 2000);
  CHECK(handed_over > 2000);
}
