#include <doctest/doctest.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include <coach/error.hpp>
#include <coach/merge.hpp>
#include <coach/rep_file.hpp>
#include <coach/yaml_tree.hpp>

using namespace coach;

namespace {

const std::string base_file = R"(# Alice Chen - 1:1 log
id: alice-chen
name: Alice Chen
role: Account Executive   # since May
start: 2024-05-06
records:
  - kind: 1on1
    id: qaaaaa
    date: 2026-11-18
    mood: calm
    notes: |
      Pipeline review.
    promises:
      - id: paaaaa
        owner: rep
        text: First
        due: 2026-11-25
      - id: pbbbbb
        owner: manager
        text: Second
        due: 2026-11-27
  - kind: promise
    id: qbbbbb
    date: 2026-11-19
    promises:
      - id: pccccc
        owner: manager
        text: Third
        due: 2026-11-30
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string inserted_after(const std::string& text, const std::string& line, const std::string& lines) {
  return replaced(text, line, line + lines);
}

std::string appended_record(const std::string& text, const std::string& id, const std::string& notes) {
  return text + "  - kind: 1on1\n    id: " + id + "\n    date: 2026-11-25\n    notes: " + notes + "\n";
}

// The text with each conflict resolved to one side, as an editor's "accept ours / theirs" does.
std::string resolved(const std::string& text, bool keep_ours) {
  std::string out;
  enum { outside, in_ours, in_theirs } state = outside;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start + 1);
    start = end + 1;
    if (line.rfind("<<<<<<< ", 0) == 0) state = in_ours;
    else if (line == "=======\n" && state == in_ours) state = in_theirs;
    else if (line.rfind(">>>>>>> ", 0) == 0) state = outside;
    else if (state == outside || (state == in_ours) == keep_ours) out += line;
  }
  return out;
}

Rep read(const std::string& text) {
  return read_rep(parse_yaml("reps/alice-chen.yaml", text));
}

std::vector<std::string> record_ids(const std::string& text) {
  std::vector<std::string> ids;
  for (const auto& record : read(text).records) ids.push_back(record.id);
  return ids;
}

RepMerge merge(const std::string& ours, const std::string& theirs, const std::string& base = base_file) {
  return merge_rep_files(base, ours, theirs, "reps/alice-chen.yaml");
}

const Promise* promise_in(const Rep& rep, const std::string& id) {
  for (const auto& record : rep.records) {
    for (const auto& promise : record.promises) {
      if (promise.id == id) return &promise;
    }
  }
  return nullptr;
}

} // namespace

TEST_CASE("merge_lines: changes on different lines merge, on the same lines they conflict") {
  const std::string base = "a\nb\nc\nd\ne\n";
  CHECK(merge_lines(base, "a\nB\nc\nd\ne\n", "a\nb\nc\nD\ne\n") == "a\nB\nc\nD\ne\n");
  CHECK(merge_lines(base, "a\nb\nc\nd\ne\nf\n", "x\na\nb\nc\nd\ne\n") == "x\na\nb\nc\nd\ne\nf\n");
  CHECK(merge_lines(base, "a\nc\nd\ne\n", "a\nb\nc\nd\nE\n") == "a\nc\nd\nE\n");
  CHECK(merge_lines(base, "a\nB\nc\nd\ne\n", "a\nB\nc\nd\ne\n") == "a\nB\nc\nd\ne\n");
  CHECK_FALSE(merge_lines(base, "a\nB\nc\nd\ne\n", "a\nX\nc\nd\ne\n"));
  CHECK_FALSE(merge_lines(base, "a\nb\nB2\nc\nd\ne\n", "a\nb\nC2\nc\nd\ne\n")); // both insert at one place
  CHECK_FALSE(merge_lines(base, "a\nB\nc\nd\ne\n", "a\nb\nC\nd\ne\n"));         // adjacent changes, as git
}

TEST_CASE("merge: their hand edit of an unknown key survives our new 1:1") {
  const std::string ours = appended_record(base_file, "naaaaa", "from ours");
  const std::string theirs = replaced(base_file, "    mood: calm\n", "    mood: tense\n");
  const RepMerge result = merge(ours, theirs);
  REQUIRE(result.outcome == RepMerge::Outcome::merged);
  CHECK(result.text.find("    mood: tense\n") != std::string::npos);
  CHECK(result.text.find("mood: calm") == std::string::npos);
  CHECK(record_ids(result.text) == std::vector<std::string>{"qaaaaa", "qbbbbb", "naaaaa"});
}

TEST_CASE("merge: comments and blank lines they added survive, in the header and in a record") {
  const std::string ours = inserted_after(appended_record(base_file, "naaaaa", "from ours"),
                                          "        due: 2026-11-25\n", "        done: 2026-11-24\n");
  std::string theirs = inserted_after(base_file, "name: Alice Chen\n", "# Met at the offsite\n");
  theirs = inserted_after(theirs, "    date: 2026-11-19\n", "    # she called back twice\n");
  theirs = replaced(theirs, "  - kind: promise\n", "\n  - kind: promise\n");
  const RepMerge result = merge(ours, theirs);
  REQUIRE(result.outcome == RepMerge::Outcome::merged);
  CHECK(result.text == inserted_after(appended_record(theirs, "naaaaa", "from ours"), "        due: 2026-11-25\n",
                                      "        done: 2026-11-24\n"));
}

TEST_CASE("merge: 1:1s logged on both sides are all kept, ours first") {
  const RepMerge result = merge(appended_record(base_file, "naaaaa", "ours"),
                                appended_record(appended_record(base_file, "nbbbbb", "theirs"), "nccccc", "more"));
  REQUIRE(result.outcome == RepMerge::Outcome::merged);
  CHECK(record_ids(result.text) == std::vector<std::string>{"qaaaaa", "qbbbbb", "naaaaa", "nbbbbb", "nccccc"});
}

TEST_CASE("merge: a file added on both sides (an empty common version) keeps every record") {
  const RepMerge same = merge(appended_record(base_file, "naaaaa", "ours"),
                              appended_record(base_file, "nbbbbb", "theirs"), "");
  REQUIRE(same.outcome == RepMerge::Outcome::merged);
  CHECK(record_ids(same.text) == std::vector<std::string>{"qaaaaa", "qbbbbb", "naaaaa", "nbbbbb"});
  // Different details: a conflict on the details alone, the records outside it.
  const RepMerge different = merge(appended_record(base_file, "naaaaa", "ours"),
                                   replaced(appended_record(base_file, "nbbbbb", "theirs"), "name: Alice Chen\n",
                                            "name: Alice Chen-Wu\n"),
                                   "# a comment alone\n");
  REQUIRE(different.outcome == RepMerge::Outcome::conflict);
  CHECK(different.conflicts.size() == 1);
  CHECK(different.text.find("naaaaa") > different.text.find(">>>>>>>"));
  CHECK(different.text.find("nbbbbb") > different.text.find(">>>>>>>"));
}

TEST_CASE("merge: a side ending inside a block without a line break goes whole between markers") {
  const std::string ours = appended_record(base_file, "naaaaa", "ours") + "    extra: |\n      no line break";
  const RepMerge result = merge(ours, appended_record(base_file, "nbbbbb", "theirs"));
  REQUIRE(result.outcome == RepMerge::Outcome::conflict);
  CHECK(result.text.rfind("<<<<<<< ours\n" + ours + "\n=======\n", 0) == 0);
  CHECK(result.text.find("nbbbbb") != std::string::npos);
  // A plain value on that last line takes the line break unchanged: merged as usual.
  const RepMerge plain = merge(appended_record(base_file, "naaaaa", "ours") + "    extra: no line break",
                               appended_record(base_file, "nbbbbb", "theirs"));
  CHECK(plain.outcome == RepMerge::Outcome::merged);
}

TEST_CASE("merge: different promises of one record closed on each side") {
  const std::string ours = inserted_after(base_file, "        due: 2026-11-25\n", "        done: 2026-11-24\n");
  const std::string theirs = inserted_after(base_file, "        due: 2026-11-27\n",
                                            "        done: 2026-11-25\n        note: sent\n");
  const RepMerge result = merge(ours, theirs);
  REQUIRE(result.outcome == RepMerge::Outcome::merged);
  const Rep rep = read(result.text);
  CHECK(promise_in(rep, "paaaaa")->done == Date::parse_iso("2026-11-24"));
  CHECK(promise_in(rep, "pbbbbb")->note == "sent");
}

TEST_CASE("merge: one promise closed differently marks that record alone; both new 1:1s stay outside") {
  const std::string ours = inserted_after(appended_record(base_file, "naaaaa", "ours"), "        due: 2026-11-27\n",
                                          "        done: 2026-11-24\n");
  const std::string theirs = inserted_after(appended_record(base_file, "nbbbbb", "theirs"), "        due: 2026-11-27\n",
                                            "        dropped: 2026-11-25\n");
  const RepMerge result = merge(ours, theirs);
  REQUIRE(result.outcome == RepMerge::Outcome::conflict);
  CHECK(result.conflicts == std::vector<std::string>{"record qaaaaa"});
  const size_t open = result.text.find("<<<<<<< ours\n");
  const size_t close = result.text.find(">>>>>>> theirs\n");
  REQUIRE(open != std::string::npos);
  CHECK(result.text.find("<<<<<<<", open + 1) == std::string::npos); // one conflict
  CHECK(result.text.find("id: qbbbbb") > close);
  CHECK(result.text.find("id: naaaaa") > close);
  CHECK(result.text.find("id: nbbbbb") > close);
  const std::vector<std::string> all{"qaaaaa", "qbbbbb", "naaaaa", "nbbbbb"};
  CHECK(record_ids(resolved(result.text, true)) == all);
  CHECK(record_ids(resolved(result.text, false)) == all);
  CHECK(promise_in(read(resolved(result.text, true)), "pbbbbb")->done);
  CHECK(promise_in(read(resolved(result.text, false)), "pbbbbb")->dropped);
  // The marker size git asks for (%L).
  const RepMerge wide = merge_rep_files(base_file, ours, theirs, "r.yaml", 9);
  CHECK(wide.text.find("<<<<<<<<< ours\n") != std::string::npos);
  CHECK(wide.text.find("\n=========\n") != std::string::npos);
}

TEST_CASE("merge: a record deleted on one side") {
  const std::string without_second = base_file.substr(0, base_file.find("  - kind: promise"));
  SUBCASE("and unchanged on the other: deleted") {
    const RepMerge result = merge(appended_record(base_file, "naaaaa", "ours"), without_second);
    REQUIRE(result.outcome == RepMerge::Outcome::merged);
    CHECK(record_ids(result.text) == std::vector<std::string>{"qaaaaa", "naaaaa"});
  }
  SUBCASE("and changed on the other: a conflict on that record, either way round") {
    const std::string changed = inserted_after(base_file, "        due: 2026-11-30\n", "        done: 2026-11-25\n");
    for (const bool we_deleted : {true, false}) {
      const RepMerge result = we_deleted ? merge(without_second, changed) : merge(changed, without_second);
      REQUIRE(result.outcome == RepMerge::Outcome::conflict);
      CHECK(result.conflicts.size() == 1);
      CHECK(record_ids(resolved(result.text, true)).size() == (we_deleted ? 1 : 2));
      CHECK(record_ids(resolved(result.text, false)).size() == (we_deleted ? 2 : 1));
    }
  }
}

TEST_CASE("merge: one new id with two texts is a conflict on that record") {
  const RepMerge result = merge(appended_record(base_file, "naaaaa", "ours"),
                                appended_record(base_file, "naaaaa", "theirs"));
  REQUIRE(result.outcome == RepMerge::Outcome::conflict);
  CHECK(result.conflicts.size() == 1);
  CHECK(result.conflicts[0].find("naaaaa") != std::string::npos);
}

TEST_CASE("merge: a file without its final line feed") {
  std::string theirs = replaced(base_file, "    mood: calm\n", "    mood: tense\n");
  theirs.pop_back();
  const RepMerge result = merge(appended_record(base_file, "naaaaa", "ours"), theirs);
  REQUIRE(result.outcome == RepMerge::Outcome::merged);
  CHECK(result.text.find("    mood: tense\n") != std::string::npos);
  CHECK(result.text.find("        due: 2026-11-30\n  - kind: 1on1\n    id: naaaaa\n") != std::string::npos);
  CHECK(record_ids(result.text).size() == 3);
}

TEST_CASE("merge: records indented differently, or a version that does not parse, are not split") {
  std::string flush_left;
  for (size_t start = 0; start < base_file.size();) {
    const size_t end = base_file.find('\n', start) + 1;
    std::string line = base_file.substr(start, end - start);
    if (start > base_file.find("records:") && line.rfind("  ", 0) == 0) line.erase(0, 2);
    flush_left += line;
    start = end;
  }
  REQUIRE(record_ids(flush_left).size() == 2);
  const RepMerge indented = merge(appended_record(base_file, "naaaaa", "ours"), flush_left);
  CHECK(indented.outcome == RepMerge::Outcome::not_split);
  CHECK(indented.why.find("indented differently") != std::string::npos);

  const RepMerge broken = merge(base_file, base_file + "<<<<<<< ours\n");
  CHECK(broken.outcome == RepMerge::Outcome::not_split);
  CHECK(broken.why.find("their version does not parse") != std::string::npos);

  const RepMerge no_id = merge(base_file, replaced(base_file, "    id: qbbbbb\n", ""));
  CHECK(no_id.outcome == RepMerge::Outcome::not_split);
}

// Every pair of edits a week brings, by coach or by hand, one on each side:
// a clean merge must hold every line either side added and every record
// neither side deleted; a conflict must, resolved either way, hold every new
// record of both sides; edits of different parts must merge cleanly.
TEST_CASE("merge: every pair of edits on the two sides loses nothing") {
  struct Edit {
    const char* name;
    const char* part; // what it touches: edits of different parts never conflict
    std::function<std::string(const std::string&, const std::string& side)> apply;
  };
  const std::vector<Edit> edits = {
      {"nothing", "", [](const std::string& t, const std::string&) { return t; }},
      {"log a 1:1", "end",
       [](const std::string& t, const std::string& side) {
         return appended_record(t, side == "ours" ? "naaaaa" : "nbbbbb", "by " + side);
       }},
      {"log two 1:1s", "end",
       [](const std::string& t, const std::string& side) {
         return appended_record(appended_record(t, side == "ours" ? "ncaaaa" : "ndaaaa", "one " + side),
                                side == "ours" ? "ncbbbb" : "ndbbbb", "two " + side);
       }},
      {"close the first promise, same day", "first",
       [](const std::string& t, const std::string&) {
         return inserted_after(t, "        due: 2026-11-25\n", "        done: 2026-11-25\n");
       }},
      {"close the first promise, own day", "first",
       [](const std::string& t, const std::string& side) {
         return inserted_after(t, "        due: 2026-11-25\n",
                               side == "ours" ? "        done: 2026-11-24\n" : "        done: 2026-11-26\n");
       }},
      {"close the second promise with a note", "first",
       [](const std::string& t, const std::string& side) {
         return inserted_after(t, "        due: 2026-11-27\n",
                               "        done: 2026-11-25\n        note: " + side + "\n");
       }},
      {"hand-edit an unknown key", "first",
       [](const std::string& t, const std::string& side) {
         return replaced(t, "    mood: calm\n", "    mood: " + side + "\n");
       }},
      {"move the third promise", "second",
       [](const std::string& t, const std::string& side) {
         return replaced(t, "        due: 2026-11-30\n",
                         std::string("        due: 2026-12-0") + (side == "ours" ? "2" : "4") +
                             "\n        first_due: 2026-11-30\n");
       }},
      {"comment in a record", "second",
       [](const std::string& t, const std::string& side) {
         return inserted_after(t, "    date: 2026-11-19\n", "    # " + side + ": she called back\n");
       }},
      {"delete the second record", "second",
       [](const std::string& t, const std::string&) {
         const size_t from = t.find("  - kind: promise\n");
         const size_t to = t.find("        due: 2026-11-30\n") + 24;
         return t.substr(0, from) + t.substr(to);
       }},
      {"comment in the header", "header",
       [](const std::string& t, const std::string& side) {
         return inserted_after(t, "id: alice-chen\n", "# " + side + ": met at the offsite\n");
       }},
      {"archive", "header",
       [](const std::string& t, const std::string&) {
         return replaced(t, "records:\n", "archived: 2026-11-25\nrecords:\n");
       }},
      {"hand-edit the role", "role",
       [](const std::string& t, const std::string& side) {
         return replaced(t, "role: Account Executive   # since May\n", "role: Senior AE   # " + side + "\n");
       }},
      {"no final line feed", "", [](const std::string& t, const std::string&) { return t.substr(0, t.size() - 1); }},
  };
  const auto lines_of = [](std::string text) {
    if (!text.empty() && text.back() != '\n') text += '\n';
    std::multiset<std::string> lines;
    for (size_t start = 0; start < text.size();) {
      const size_t end = text.find('\n', start);
      lines.insert(text.substr(start, end - start));
      start = end + 1;
    }
    return lines;
  };
  const auto added_lines = [&](const std::string& text) {
    std::set<std::string> added;
    const auto base = lines_of(base_file);
    for (const auto& line : lines_of(text)) {
      if (!base.count(line)) added.insert(line);
    }
    return added;
  };
  const auto ids_of = [](const std::string& text) {
    std::set<std::string> ids;
    for (const auto& record : read(text).records) ids.insert(record.id);
    return ids;
  };
  const std::set<std::string> base_ids = ids_of(base_file);
  int scenarios = 0;
  int conflicts = 0;
  for (const Edit& our_edit : edits) {
    for (const Edit& their_edit : edits) {
      const std::string our_name = our_edit.name;
      const std::string their_name = their_edit.name;
      CAPTURE(our_name);
      CAPTURE(their_name);
      const std::string ours = our_edit.apply(base_file, "ours");
      const std::string theirs = their_edit.apply(base_file, "theirs");
      const RepMerge result = merge(ours, theirs);
      ++scenarios;
      const std::string_view our_part = our_edit.part;
      const std::string_view their_part = their_edit.part;
      if (our_part.empty() || their_part.empty() || our_part != their_part || ours == theirs) {
        CHECK(result.outcome == RepMerge::Outcome::merged);
      }
      const auto our_ids = ids_of(ours);
      const auto their_ids = ids_of(theirs);
      std::set<std::string> new_ids;
      for (const auto& id : our_ids)
        if (!base_ids.count(id)) new_ids.insert(id);
      for (const auto& id : their_ids)
        if (!base_ids.count(id)) new_ids.insert(id);
      if (result.outcome == RepMerge::Outcome::merged) {
        const auto merged_lines = lines_of(result.text);
        for (const auto& line : added_lines(ours)) CHECK(merged_lines.count(line));
        for (const auto& line : added_lines(theirs)) CHECK(merged_lines.count(line));
        std::set<std::string> expected;
        for (const auto& id : our_ids)
          if (their_ids.count(id) || !base_ids.count(id)) expected.insert(id);
        for (const auto& id : their_ids)
          if (our_ids.count(id) || !base_ids.count(id)) expected.insert(id);
        CHECK(ids_of(result.text) == expected);
      } else {
        REQUIRE(result.outcome == RepMerge::Outcome::conflict);
        ++conflicts;
        for (const bool keep_ours : {true, false}) {
          const std::string resolution = resolved(result.text, keep_ours);
          const auto ids = ids_of(resolution);
          for (const auto& id : new_ids) CHECK(ids.count(id));
          const auto kept = lines_of(resolution);
          for (const auto& line : added_lines(keep_ours ? ours : theirs)) CHECK(kept.count(line));
        }
      }
    }
  }
  CHECK(scenarios == 196);
  CHECK(conflicts > 0);
  CHECK(conflicts < 20);
}

TEST_CASE("merge: the same change on both sides is taken once") {
  SUBCASE("the same new 1:1 (one id, one text)") {
    const std::string both = appended_record(base_file, "naaaaa", "same");
    const RepMerge result = merge(both, both);
    REQUIRE(result.outcome == RepMerge::Outcome::merged);
    CHECK(result.text == both);
  }
  SUBCASE("the same promise closed alike") {
    const std::string both = inserted_after(base_file, "        due: 2026-11-25\n", "        done: 2026-11-24\n");
    const RepMerge result = merge(both, appended_record(both, "nbbbbb", "theirs"));
    REQUIRE(result.outcome == RepMerge::Outcome::merged);
    CHECK(result.text == appended_record(both, "nbbbbb", "theirs"));
  }
  SUBCASE("the same record deleted on both sides") {
    const std::string without_second = base_file.substr(0, base_file.find("  - kind: promise"));
    const RepMerge result = merge(without_second, appended_record(without_second, "nbbbbb", "theirs"));
    REQUIRE(result.outcome == RepMerge::Outcome::merged);
    CHECK(record_ids(result.text) == std::vector<std::string>{"qaaaaa", "nbbbbb"});
  }
}

TEST_CASE("merge: both sides change the details on lines apart: line-merged") {
  const std::string ours = replaced(base_file, "# Alice Chen - 1:1 log\n", "# Alice Chen - weekly 1:1 log\n");
  const std::string theirs = replaced(base_file, "start: 2024-05-06\n", "start: 2024-05-07\n");
  const RepMerge result = merge(ours, theirs);
  REQUIRE(result.outcome == RepMerge::Outcome::merged);
  CHECK(result.text == replaced(ours, "start: 2024-05-06\n", "start: 2024-05-07\n"));
  CHECK(read(result.text).start == Date::parse_iso("2024-05-07"));
}

TEST_CASE("merge: a side that does not parse is named; whatever the files hold, no exception") {
  const RepMerge ours_broken = merge("name: [unclosed\n", base_file);
  CHECK(ours_broken.outcome == RepMerge::Outcome::not_split);
  CHECK(ours_broken.why.find("our version does not parse") != std::string::npos);
  const std::vector<std::string> odd{"",
                                     "\n",
                                     "---\n...\n",
                                     "\xff\xfe",
                                     std::string("a\0b", 3),
                                     "- 1\n- 2\n",
                                     "records: 7\n",
                                     "records:\n  - 1\n",
                                     base_file + "records: []\n",
                                     "name: x\nrecords:\n  - {kind: 1on1, id: qaaaaa, date: 2026-11-18}\n"};
  for (const auto& base : odd) {
    for (const auto& ours : odd) {
      for (const auto& theirs : {base_file, odd[9]}) {
        CAPTURE(base);
        CAPTURE(ours);
        CHECK_NOTHROW(merge_rep_files(base, ours, theirs, "reps/alice-chen.yaml"));
        CHECK_NOTHROW(merge_rep_files(base, theirs, ours, "reps/alice-chen.yaml"));
      }
    }
  }
}

TEST_CASE("merge: a clean merge reads back with every record either side kept and their promises") {
  const std::string ours = inserted_after(appended_record(base_file, "naaaaa", "ours"), "        due: 2026-11-30\n",
                                          "        first_due: 2026-11-28\n");
  const std::string theirs = inserted_after(appended_record(base_file, "nbbbbb", "theirs"), "        due: 2026-11-25\n",
                                            "        dropped: 2026-11-24\n        reason: moot\n");
  const RepMerge result = merge(ours, theirs);
  REQUIRE(result.outcome == RepMerge::Outcome::merged);
  CHECK(result.conflicts.empty());
  const Rep rep = read(result.text);
  CHECK(record_ids(result.text) == std::vector<std::string>{"qaaaaa", "qbbbbb", "naaaaa", "nbbbbb"});
  CHECK(promise_in(rep, "pccccc")->first_due == Date::parse_iso("2026-11-28"));
  CHECK(promise_in(rep, "paaaaa")->reason == "moot");
}
