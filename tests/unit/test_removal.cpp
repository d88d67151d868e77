#include <doctest/doctest.h>

#include <functional>
#include <string>

#include <coach/error.hpp>
#include <coach/removal.hpp>
#include <coach/rep_file.hpp>
#include <coach/text.hpp>

using namespace coach;

namespace {

ExitCode code_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const Error& e) {
    return e.code();
  }
  FAIL("not refused");
  return ExitCode::internal;
}

// The model `text` holds without the item `id`, checked to be what the removal gives.
std::string removed_and_verified(const std::string& text, const std::string& id) {
  const YamlDocument doc = parse_yaml("a.yaml", text);
  Rep expected = read_rep(doc);
  REQUIRE(remove_item_from(expected, id));
  const RemovedItem removed = text_with_item_removed(doc, id);
  CHECK_NOTHROW(verify_edit("a.yaml", removed.text, expected));
  return removed.text;
}

} // namespace

TEST_CASE("removal::text_with_item_removed takes out the record's lines, comments inside it included") {
  const std::string head = "# Alice's file\nid: alice\nname: Alice\nrecords:\n"
                           "  - kind: 1on1\n    id: aaaaaa\n    date: 2026-11-20\n";
  const std::string record = "  - kind: 1on1   # logged twice\n    id: bbbbbb\n    date: 2026-11-21\n"
                             "    # what we said\n    notes: |\n      Line one\n\n      Line two\n"
                             "    promises:\n      - id: pppppp\n        owner: rep\n        text: Call Rob\n";
  const std::string tail = "  # the next one\n  - kind: 1on1\n    id: cccccc\n    date: 2026-11-22\n";
  const YamlDocument doc = parse_yaml("a.yaml", head + record + tail);
  const RemovedItem removed = text_with_item_removed(doc, "bbbbbb");
  CHECK(removed.lines == record);
  CHECK(removed.text == head + tail);
  CHECK(removed_and_verified(head + record + tail, "bbbbbb") == head + tail);

  SUBCASE("a promise alone, its record kept") {
    CHECK(removed_and_verified(head + record + tail, "pppppp") ==
          head + record.substr(0, record.find("      - id: pppppp")) + tail);
  }
  SUBCASE("the only record leaves `records:` empty") {
    CHECK(removed_and_verified(head, "aaaaaa") == "# Alice's file\nid: alice\nname: Alice\nrecords:\n");
  }
  SUBCASE("an item whose dash stands alone on its line") {
    const std::string bare = "  -\n    kind: 1on1\n    id: dddddd\n    date: 2026-11-23\n";
    CHECK(removed_and_verified(head + bare + tail, "dddddd") == head + tail);
  }
  SUBCASE("a flow map is refused (data), an unknown id is not found") {
    const YamlDocument flow = parse_yaml("f.yaml",
                                         "id: a\nname: A\nrecords:\n  - {kind: 1on1, id: ffffff, date: 2026-11-20}\n");
    CHECK(code_of([&] { text_with_item_removed(flow, "ffffff"); }) == ExitCode::data);
    CHECK(code_of([&] { text_with_item_removed(doc, "zzzzzz"); }) == ExitCode::not_found);
  }
}

TEST_CASE("removal::text_with_item_removed on many layouts keeps every other byte and reads back") {
  // The removed record stands first, in the middle or last; its keys sit 2 to
  // 4 columns after the dash; it ends with a text, a `|` block, a list of
  // promises or a comment; CRLF or LF; with or without a final line break.
  const std::string endings[] = {"objective: Pilot\n", "notes: |\n  Line one\n  Line two\n",
                                 "promises:\n  - id: pppppp\n    owner: rep\n    text: Call Rob\n",
                                 "objective: Pilot   # the plan\n  # inside, under its keys\nnotes: Fine\n"};
  const std::string other = "kind: 1on1\nid: bbbbbb\ndate: 2026-11-21\nnotes: Fine\n";
  int cases = 0;
  for (int position = 0; position < 3; ++position) {
    for (int offset = 2; offset <= 4; ++offset) {
      for (const auto& ending : endings) {
        for (const bool crlf : {false, true}) {
          for (const bool final_break : {true, false}) {
            const std::string eol = crlf ? "\r\n" : "\n";
            const auto item = [&](const std::string& body) {
              std::string out;
              bool first = true;
              for (const auto line : split_lines(body)) {
                out += first ? "  -" + std::string(static_cast<size_t>(offset - 1), ' ')
                             : std::string(static_cast<size_t>(2 + offset), ' ');
                out += std::string(line) + eol;
                first = false;
              }
              return out;
            };
            const std::string call = item("kind: joint-call\nid: aaaaaa\ndate: 2026-11-20\naccount: Acme\n" + ending);
            const std::string before = "# hand comment" + eol + "id: alice" + eol + "name: Alice" + eol +
                                       "records:" + eol + (position > 0 ? item(other) : "");
            const std::string after = position < 2 ? "  # a comment of mine" + eol + item(other) : "";
            std::string file = before + call + after;
            if (!final_break) file.resize(file.size() - eol.size());
            CAPTURE(file);
            // A file ending inside a `|` block without a line break is refused by the reader itself.
            if (position == 2 && &ending == &endings[1] && !final_break) continue;
            std::string expected = before + after;
            if (!final_break && position < 2) expected.resize(expected.size() - eol.size());
            CHECK(removed_and_verified(file, "aaaaaa") == expected);
            ++cases;
          }
        }
      }
    }
  }
  MESSAGE(cases, " layouts");
  CHECK(cases == 138);
}

TEST_CASE("removal::find_item finds a record or promise by its whole id and suggests close ones") {
  const Rep rep = read_rep(parse_yaml("reps/priya.yaml",
                                      "id: priya\nname: Priya Raman\nrecords:\n"
                                      "  - kind: 1on1\n    id: qrpn4n\n    date: 2025-11-21\n"
                                      "    promises:\n      - id: k3v9xq\n        owner: rep\n        text: Deck\n"));
  const std::vector<Rep> files{rep};
  CHECK(find_item(files, "QRPN4N").record->id == "qrpn4n");
  CHECK(find_item(files, "qrpn4n").promise == nullptr);
  CHECK(find_item(files, " k3v9xq ").promise->text == "Deck");
  const auto message = [&](const std::string& id) {
    try {
      find_item(files, id);
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::not_found);
      return std::string(e.what());
    }
    return std::string("found");
  };
  // A start of an id or a typo is never removed: the whole id is asked for.
  CHECK(message("qrpn") == "no record or promise 'qrpn' (did you mean qrpn4n (1on1 of Priya Raman, 2025-11-21)?); "
                           "give the whole id");
  CHECK(message("k3v9xz").find("did you mean k3v9xq (promise of Priya Raman") != std::string::npos);
  CHECK(message("zzzzzz").find("did you mean") == std::string::npos);
  CHECK(code_of([&] { find_item(files, " "); }) == ExitCode::usage);
  CHECK(code_of([&] { find_item({rep, rep}, "qrpn4n"); }) == ExitCode::data);
}
