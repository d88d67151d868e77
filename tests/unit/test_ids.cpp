#include <doctest/doctest.h>

#include <random>
#include <set>

#include <coach/ids.hpp>

using namespace coach;

TEST_CASE("ids::new_record_id has the documented form") {
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    const auto id = new_record_id([](std::string_view) { return false; });
    CHECK(is_record_id(id));
    seen.insert(id);
  }
  CHECK(seen.size() > 1990); // random, not a counter
}

TEST_CASE("ids::new_record_id skips taken ids") {
  std::set<std::string, std::less<>> taken;
  int asked = 0;
  const auto id = new_record_id([&](std::string_view) {
    ++asked;
    return asked < 5; // the first four candidates are "taken"
  });
  CHECK(asked == 5);
  CHECK(is_record_id(id));
}

TEST_CASE("ids::is_record_id") {
  CHECK(is_record_id("k7m2qx"));
  CHECK_FALSE(is_record_id("7km2qx")); // starts with a digit
  CHECK_FALSE(is_record_id("k7m2q"));  // too short
  CHECK_FALSE(is_record_id("k7m2qi")); // i is not in the alphabet
  CHECK_FALSE(is_record_id("K7M2QX")); // lowercase only
}

TEST_CASE("ids::pack_record_id, unpack_record_id and prefixes") {
  CHECK_FALSE(pack_record_id("7km2qx").has_value());
  CHECK_FALSE(pack_record_id("call-bob").has_value());
  const auto packed = pack_record_id("k7m2qx");
  REQUIRE(packed.has_value());
  CHECK(*packed < (1u << 30));
  CHECK(unpack_record_id(*packed) == "k7m2qx");
  CHECK(*pack_record_id("a00000") < *pack_record_id("a00001"));
  for (std::string_view prefix : {"k", "k7", "k7m2", "k7m2qx"}) CHECK(packed_id_starts_with(*packed, prefix));
  for (std::string_view prefix : {"", "m", "k7m3", "k7m2qxz", "K7", "k7i"})
    CHECK_FALSE(packed_id_starts_with(*packed, prefix));
  // Every id survives the round trip.
  std::mt19937 random(7);
  for (int i = 0; i < 1000; ++i) {
    const auto id = new_record_id([](std::string_view) { return false; });
    CHECK(unpack_record_id(*pack_record_id(id)) == id);
  }
}

TEST_CASE("ids::scan_record_ids finds the ids of a file that does not parse") {
  const auto scanned = [](std::string_view text) {
    std::vector<std::string> ids;
    for (const uint32_t packed : scan_record_ids(text)) ids.push_back(unpack_record_id(packed));
    return ids;
  };
  // A typo (an unclosed quote) that no YAML reader gets past: every id is still found.
  const std::string broken = "name: Alice\nrecords:\n  - kind: 1on1\n    id: q4kx7m\n    notes: \"cut\n"
                             "    promises:\n      - id: 'r8tz2c'\n        text: x\n  - {id: \"b2c3d4\", kind: 1on1}\n"
                             "<<<<<<< HEAD\n-id: k7m2qx # by hand\n";
  CHECK(scanned(broken) == std::vector<std::string>{"q4kx7m", "r8tz2c", "b2c3d4", "k7m2qx"});
  // Only whole values of an `id:` key, of the generated form.
  CHECK(scanned("paid: q4kx7m\nid: alice-chen\nid: q4kx7mm\nid: q4kx7m-2\nid: Q4KX7M\nid: 4qkx7m\nid:\nid: ab") ==
        std::vector<std::string>{});
  CHECK(scanned("id: q4kx7m") == std::vector<std::string>{"q4kx7m"}); // at the very end
}

namespace {

std::vector<uint32_t> packed_ids(std::initializer_list<std::string_view> ids) {
  std::vector<uint32_t> packed;
  for (const auto id : ids) packed.push_back(*pack_record_id(id));
  return packed;
}

} // namespace

TEST_CASE("ids::fresh_record_ids draws again the ids found in use, and asks again") {
  std::vector<std::vector<uint32_t>> asked;
  // The first answer: the first and third ids drawn are in use; then none is.
  const auto in_use = [&](std::span<const uint32_t> drawn) {
    asked.emplace_back(drawn.begin(), drawn.end());
    return asked.size() == 1 ? std::vector<uint32_t>{drawn[0], drawn[2]} : std::vector<uint32_t>{};
  };
  const auto ids = fresh_record_ids(4, in_use);
  REQUIRE(asked.size() == 2);
  REQUIRE(ids.size() == 4);
  CHECK(ids == asked[1]); // what was asked last is what is given
  CHECK(ids[0] != asked[0][0]);
  CHECK(ids[2] != asked[0][2]);
  CHECK(ids[1] == asked[0][1]); // the others are kept
  CHECK(ids[3] == asked[0][3]);
  CHECK(std::set<uint32_t>(ids.begin(), ids.end()).size() == 4);
  for (const uint32_t id : ids) CHECK(is_record_id(unpack_record_id(id)));
  CHECK(fresh_record_ids(0, in_use).empty());
}

TEST_CASE("ids::find_id_words finds an id as a word, however the YAML spells the key") {
  const auto found = [](std::string_view text, std::initializer_list<std::string_view> wanted) {
    std::vector<std::string> ids;
    for (const uint32_t packed : find_id_words(text, packed_ids(wanted))) ids.push_back(unpack_record_id(packed));
    return ids;
  };
  // Spellings an `id:` scan misses: a quoted key, a space before the colon, the value on the next line, an anchor.
  CHECK(found("- \"id\": q4kx7m\n- 'id' : r8tz2c\n- id:\n    b2c3d4\n- {x: &a k7m2qx, id: *a}\n",
              {"k7m2qx", "zzzzz9", "q4kx7m", "b2c3d4", "r8tz2c"}) ==
        std::vector<std::string>{"k7m2qx", "q4kx7m", "b2c3d4", "r8tz2c"}); // in the order asked
  // A word of the form anywhere counts too (a superset is safe); a longer or shorter run, or capitals, do not.
  CHECK(found("notes: checks the tender # q4kx7m\n", {"tender", "q4kx7m"}) ==
        std::vector<std::string>{"tender", "q4kx7m"});
  CHECK(found("id: q4kx7mm xq4kx7m q4kx7 Q4KX7M q4kx7m-x\n", {"q4kx7m"}) == std::vector<std::string>{"q4kx7m"});
  CHECK(found("id: q4kx7mm xq4kx7m q4kx7 Q4KX7M aq4kx7m\n", {"q4kx7m"}).empty());
  CHECK(found("q4kx7m", {"q4kx7m"}) == std::vector<std::string>{"q4kx7m"});        // at both ends
  CHECK(found("q4kx7m q4kx7m", {"q4kx7m"}) == std::vector<std::string>{"q4kx7m"}); // once
  CHECK(found("", {"q4kx7m"}).empty());
  CHECK(found("q4kx7m", {}).empty());
}

TEST_CASE("ids::find_id_words finds the words a byte-by-byte reading finds, across its 64-byte blocks") {
  // The definition, one byte at a time: every whole run of six [0-9a-z] that packs.
  const auto by_bytes = [](std::string_view text) {
    const auto word = [](unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); };
    std::set<uint32_t> ids;
    for (size_t at = 0; at < text.size();) {
      if (!word(static_cast<unsigned char>(text[at]))) {
        ++at;
        continue;
      }
      const size_t start = at;
      while (at < text.size() && word(static_cast<unsigned char>(text[at]))) ++at;
      if (at - start != id_length) continue;
      if (const auto packed = pack_record_id(text.substr(start, id_length))) ids.insert(*packed);
    }
    return ids;
  };
  // Asked for every id of the form that occurs in `text` (and some that do not), it finds exactly those.
  const auto agrees = [&](const std::string& text, const std::vector<uint32_t>& absent) {
    const std::set<uint32_t> expected = by_bytes(text);
    std::set<uint32_t> asked = expected;
    asked.insert(absent.begin(), absent.end());
    const std::vector<uint32_t> wanted(asked.begin(), asked.end());
    // All at once (more than a few: every word compared), then one at a time (places sifted first).
    const auto found = find_id_words(text, wanted);
    bool same = std::set<uint32_t>(found.begin(), found.end()) == expected && found.size() == expected.size();
    for (const uint32_t id : wanted) {
      const uint32_t one[] = {id};
      same = same &&
             find_id_words(text, one) == (expected.contains(id) ? std::vector<uint32_t>{id} : std::vector<uint32_t>{});
    }
    return same;
  };
  // Runs that end at byte 63, start at byte 64, cross the edge, or are one byte too long across it.
  for (size_t pad = 55; pad <= 70; ++pad) {
    for (const std::string_view word : {"q4kx7m", "q4kx7mm", "q4kx7", "\xe9q4kx7m"}) {
      const std::string text = std::string(pad, ' ') + std::string(word) + " r8tz2c";
      CAPTURE(pad);
      CAPTURE(word);
      CHECK(agrees(text, packed_ids({"q4kx7m", "r8tz2d"})));
    }
  }
  // Random texts of letters, digits, capitals, punctuation and bytes above 0x7f, of every length up to 300,
  // asked also for random ids, most absent.
  std::mt19937 engine(20261201);
  const std::string_view pool = "abcdefghjkmnpqrstvwxyz0123456789 il-:\nAZ\x80\xff";
  std::uniform_int_distribution<size_t> pick(0, pool.size() - 1);
  std::uniform_int_distribution<size_t> gap(1, 9);
  std::uniform_int_distribution<uint32_t> any_id(10u << 25, (32u << 25) - 1);
  for (size_t size = 0; size <= 300; ++size) {
    std::string text;
    while (text.size() < size) {
      // Words of mostly six bytes, so that many runs are ids.
      const size_t length = gap(engine) <= 6 ? 6 : gap(engine);
      for (size_t i = 0; i < length && text.size() < size; ++i) text += pool[pick(engine) % 32];
      if (text.size() < size) text += pool[pick(engine)];
    }
    CAPTURE(text);
    std::vector<uint32_t> others;
    for (int i = 0; i < 3; ++i) {
      const uint32_t id = any_id(engine);
      if (!by_bytes(text).contains(id)) others.push_back(id);
    }
    CHECK(agrees(text, others));
  }
}

TEST_CASE("ids::slugify") {
  CHECK(slugify("Alice Chen") == "alice-chen");
  CHECK(slugify("  Zoë O'Brien-Smith ") == "zoe-obrien-smith");
  CHECK(slugify("José  Núñez") == "jose-nunez");
  CHECK(slugify("../../etc/x") == "etc-x");
  CHECK(slugify("-rf") == "rf");
  CHECK(slugify("李小龍").empty());
  CHECK(slugify("R2-D2") == "r2-d2");
  CHECK(slugify(std::string(200, 'a')).size() == 64);
}

TEST_CASE("ids::is_rep_id keeps every id a plain file name") {
  CHECK(is_rep_id("alice-chen"));
  CHECK(is_rep_id("r2-d2"));
  CHECK_FALSE(is_rep_id(""));
  CHECK_FALSE(is_rep_id("-rf"));
  CHECK_FALSE(is_rep_id("../x"));
  CHECK_FALSE(is_rep_id("a/b"));
  CHECK_FALSE(is_rep_id("Alice"));
  CHECK_FALSE(is_rep_id("a.yaml"));
  CHECK_FALSE(is_rep_id(std::string(65, 'a')));
}
