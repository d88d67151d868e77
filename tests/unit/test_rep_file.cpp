#include <doctest/doctest.h>

#include <string>

#include <coach/error.hpp>
#include <coach/rep_file.hpp>
#include <coach/text.hpp>

using namespace coach;

namespace {

void set_field(Record& record, std::string_view key, FieldValue value) {
  record.fields.set(*find_kind(record.kind)->field(key), std::move(value));
}

Record sample_record() {
  Record record;
  record.kind = "1on1";
  record.id = "q4kx7m";
  record.date = *Date::parse_iso("2026-11-20");
  set_field(record, "minutes", 30);
  set_field(record, "personal", std::vector<std::string>{"Saw Lady Gaga: amazing"});
  set_field(record, "professional", std::vector<std::string>{"Q4 pipeline"});
  set_field(record, "notes", std::string("Line one\nLine two\n"));
  Promise promise;
  promise.id = "r8tz2c";
  promise.owner = Owner::manager;
  promise.text = "Send the deck";
  promise.due = Date::parse_iso("2026-11-27");
  record.promises.push_back(promise);
  return record;
}

// Appends the sample record and checks the old text is untouched and the result reads back.
std::string append(const std::string& text) {
  const auto doc = parse_yaml("r.yaml", text);
  Rep expected = read_rep(doc);
  const std::string result = text_with_record_appended(doc, sample_record());
  expected.records.push_back(sample_record());
  verify_edit("r.yaml", result, expected);
  return result;
}

std::string data_error(const std::string& text) {
  try {
    read_rep(parse_yaml("r.yaml", text));
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::data);
    return e.what();
  }
  return "";
}

const char* const hand_written = R"(# Alice's file, written by hand
name:   'Alice Chen'     # quoted on purpose
id: alice-chen
favourite_color: green   # unknown, must survive
tags:
- high-performer
records:
# first meeting
- kind: 1on1
  date: 2026-11-13
  notes: |
    Talked.

    # not a comment: inside the block
  custom: {a: 1}


)";

} // namespace

TEST_CASE("rep_file::read_rep reads every field") {
  const auto rep = read_rep(parse_yaml("r.yaml", hand_written));
  CHECK(rep.name == "Alice Chen");
  CHECK(rep.tags == std::vector<std::string>{"high-performer"});
  REQUIRE(rep.unknown_keys.size() == 1);
  CHECK(rep.unknown_keys[0].name == "favourite_color");
  CHECK(rep.unknown_keys[0].origin.place.line == 4);
  REQUIRE(rep.records.size() == 1);
  CHECK(*rep.records[0].fields.text("notes") == "Talked.\n\n# not a comment: inside the block\n");
  REQUIRE(rep.records[0].unknown_keys.size() == 1);
  CHECK(rep.records[0].unknown_keys[0].name == "custom");
}

TEST_CASE("rep_file::text_with_record_appended only adds lines") {
  SUBCASE("hand-written file with comments, odd indentation and unknown keys") {
    const std::string before = hand_written;
    const std::string after = append(before);
    // Everything that was there is still there, in place; the record comes after the last content line.
    const auto cut = before.find("  custom: {a: 1}\n") + std::string("  custom: {a: 1}\n").size();
    CHECK(after.substr(0, cut) == before.substr(0, cut));
    CHECK(after.substr(after.size() - 2) == "\n\n");
    CHECK(after.find("- kind: 1on1\n  id: q4kx7m\n  date: 2026-11-20\n") != std::string::npos);
  }
  SUBCASE("records in the middle of the file") {
    const std::string before = "name: Bo\nrecords:\n    - kind: 1on1\n      date: 2026-01-01\n# about role\nrole: AE\n";
    const std::string after = append(before);
    CHECK(after.find("      date: 2026-01-01\n    - kind: 1on1\n      id: q4kx7m\n") != std::string::npos);
    CHECK(after.substr(after.size() - std::string("# about role\nrole: AE\n").size()) == "# about role\nrole: AE\n");
  }
  SUBCASE("no records key yet") {
    CHECK(append("name: Bo") == "name: Bo\nrecords:\n" + render_record(sample_record(), 2));
  }
  SUBCASE("empty records forms") {
    CHECK(append("name: Bo\nrecords:\n") == "name: Bo\nrecords:\n" + render_record(sample_record(), 2));
    CHECK(append("name: Bo\nrecords: []  # none yet\nrole: AE\n") ==
          "name: Bo\nrecords:  # none yet\n" + render_record(sample_record(), 2) + "role: AE\n");
    CHECK(append("name: Bo\nrecords: ~\n") == "name: Bo\nrecords:\n" + render_record(sample_record(), 2));
  }
  SUBCASE("CRLF files stay CRLF") {
    const std::string after = append("name: Bo\r\nrecords:\r\n  - kind: 1on1\r\n    date: 2026-01-01\r\n");
    CHECK(after.find("\n") == after.find("\r\n") + 1);
    size_t bare = 0;
    for (size_t i = 0; i < after.size(); ++i) {
      if (after[i] == '\n' && (i == 0 || after[i - 1] != '\r')) ++bare;
    }
    CHECK(bare == 0);
  }
  SUBCASE("a file that starts with a byte order mark keeps it, and the edit lands in place") {
    const std::string bom = "\xEF\xBB\xBF";
    CHECK(append(bom + "name: Bo\nrecords:\n") == bom + "name: Bo\nrecords:\n" + render_record(sample_record(), 2));
    CHECK(append(bom + "name: Bo\nrecords: ~ # none\nrole: AE\n") ==
          bom + "name: Bo\nrecords: # none\n" + render_record(sample_record(), 2) + "role: AE\n");
    // The same through yaml-cpp's reader (a tab sends the text there).
    CHECK(append(bom + "name:\tBo\nrecords:\n") == bom + "name:\tBo\nrecords:\n" + render_record(sample_record(), 2));
  }
  SUBCASE("a file without a final newline") {
    const std::string after = append("name: Bo\nrecords:\n  - kind: 1on1\n    date: 2026-01-01");
    CHECK(after.find("date: 2026-01-01\n  - kind: 1on1\n") != std::string::npos);
  }
  SUBCASE("flow lists are refused, not rewritten") {
    const auto doc = parse_yaml("r.yaml", "name: Bo\nrecords: [{kind: 1on1, date: 2026-01-01}]\n");
    CHECK_THROWS_AS(text_with_record_appended(doc, sample_record()), Error);
  }
}

TEST_CASE("rep_file::verify_edit refuses an edit that changes a kept value") {
  const std::string text = "name: Bo\nrecords:\n  - kind: 1on1\n    date: 2026-01-01\n    extra: |+\n      x\n\n";
  const Rep expected = read_rep(parse_yaml("r.yaml", text));
  verify_edit("r.yaml", text, expected);
  // Unknown keys are compared by value, not by name only: one line break lost is caught.
  CHECK_THROWS_AS(verify_edit("r.yaml",
                              "name: Bo\nrecords:\n  - kind: 1on1\n    date: 2026-01-01\n    extra: |+\n      x\n",
                              expected),
                  Error);
  CHECK_THROWS_AS(verify_edit("r.yaml", "name: Bo\nrecords:\n  - kind: 1on1\n    date: 2026-01-01\n    extra: 'x'\n",
                              expected),
                  Error);
}

TEST_CASE("rep_file::edits keep the trailing line breaks of keep-chomped blocks") {
  // The blank lines that end a `|+` or `>+` block are its value: new lines go after them.
  for (const std::string block : {"|+", ">+", "|2+"}) {
    CAPTURE(block);
    const std::string record_end = "    notes: " + block + "\n      Call her back.\n\n\n";
    const std::string text = "name: Bo\nrecords:\n  - kind: 1on1\n    date: 2026-01-01\n" + record_end;
    const std::string result = append(text); // verify_edit inside
    CHECK(result.substr(0, text.size()) == text);
    // An unknown key after a promise, then done/drop/move on that promise.
    const std::string promise_text = "name: Bo\nrecords:\n  - kind: 1on1\n    date: 2026-01-01\n    promises:\n"
                                     "      - id: aaaaaa\n        owner: rep\n        text: x\n        extra: " +
                                     block + "\n          kept\n\n# a comment\n";
    const auto doc = parse_yaml("r.yaml", promise_text);
    PromiseChange change;
    change.done = Date::parse_iso("2026-01-05");
    change.new_due = Date::parse_iso("2026-01-09");
    const std::string changed = text_with_promise_changed(doc, "aaaaaa", change);
    Rep rep = read_rep(doc);
    apply_change(rep.records[0].promises[0], change);
    verify_edit("r.yaml", changed, rep);
    CHECK(changed.find("          kept\n\n        done: 2026-01-05\n") != std::string::npos);
  }
  // An archived: line goes after the blank lines of a `|+` block just above records:.
  const std::string header_text = "name: Bo\nhobby: |+\n  chess\n\n\nrecords:\n";
  const auto header_doc = parse_yaml("r.yaml", header_text);
  const std::string archived = text_with_header_field(header_doc, "archived", "2026-01-01");
  CHECK(archived == "name: Bo\nhobby: |+\n  chess\n\n\narchived: 2026-01-01\nrecords:\n");
  Rep archived_rep = read_rep(header_doc);
  archived_rep.archived = Date::parse_iso("2026-01-01");
  verify_edit("r.yaml", archived, archived_rep);
  // coach's own notes ending in a blank line, in the last record, with no promises.
  Record record = sample_record();
  record.promises.clear();
  set_field(record, "notes", std::string("Ends with a blank line\n\n"));
  Rep rep;
  rep.id = "bo";
  rep.name = "Bo";
  const std::string text = render_new_rep_file(rep) + render_record(record, 2);
  const std::string result = append(text);
  CHECK(result.substr(0, text.size()) == text);
}

TEST_CASE("rep_file::edits of files that end with ..., bare dashes and empty records") {
  SUBCASE("a document end marker stays last") {
    const std::string text =
        "name: Bo\nrecords:\n- kind: 1on1\n  date: 2026-01-01\n  notes: |+\n    x\n\n...\n# after\n";
    const std::string result = append(text);
    CHECK(result.find("...\n# after\n") == result.size() - 12);
    const auto no_records = parse_yaml("r.yaml", "name: Bo\n...\n");
    CHECK(text_with_record_appended(no_records, sample_record()).find("...\n") ==
          text_with_record_appended(no_records, sample_record()).size() - 4);
    CHECK(text_with_header_field(parse_yaml("r.yaml", "name: Bo\n  # x\n...\n"), "archived", "2026-01-01") ==
          "name: Bo\n  # x\narchived: 2026-01-01\n...\n");
  }
  SUBCASE("a list item written as a dash alone on its line after a promise") {
    const std::string text = "name: Bo\nrecords:\n- kind: 1on1\n  date: 2026-01-01\n  promises:\n  - id: aaaaaa\n"
                             "    owner: rep\n    text: x\n-\n  kind: 1on1\n  date: 2026-01-02\n";
    const auto doc = parse_yaml("r.yaml", text);
    PromiseChange change;
    change.done = Date::parse_iso("2026-01-05");
    const std::string changed = text_with_promise_changed(doc, "aaaaaa", change);
    Rep rep = read_rep(doc);
    apply_change(rep.records[0].promises[0], change);
    verify_edit("r.yaml", changed, rep);
    CHECK(changed.find("    text: x\n    done: 2026-01-05\n-\n") != std::string::npos);
  }
  SUBCASE("records: with no value") {
    for (const std::string records : {"records:", "records:   # none yet", "records: ~", "records: null # x",
                                      "records: []", "\"records\":", "records:\nrole: AE"}) {
      CAPTURE(records);
      const std::string result = append("name: Bo\n" + records + "\n");
      CHECK(result.find("- kind: 1on1") != std::string::npos);
    }
  }
  SUBCASE("an explicit key or a value on its own line is refused with the place") {
    const auto explicit_key = parse_yaml("r.yaml", "name: Bo\n? records\n");
    CHECK_THROWS_WITH_AS(text_with_record_appended(explicit_key, sample_record()),
                         doctest::Contains("r.yaml:2:3: records: coach adds records only under a plain `records:`"),
                         Error);
    const auto below = parse_yaml("r.yaml", "name: Bo\nrecords:\n  []\n");
    CHECK_THROWS_WITH_AS(text_with_record_appended(below, sample_record()),
                         doctest::Contains("r.yaml:3:3: records: write an empty list as `records:`"), Error);
  }
}

TEST_CASE("rep_file::numbers that YAML 1.1 readers read differently are refused with a hint") {
  const std::string head = "name: Bo\nrecords:\n  - kind: 1on1\n    date: 2026-01-01\n    minutes: ";
  CHECK(data_error(head + "030\n") ==
        "r.yaml:5:14: minutes: \"030\" has a leading zero, which makes it octal 24 to YAML 1.1 readers such as "
        "PyYAML; write 30");
  // Quoted, it is text to every reader, never octal: the number it spells in decimal.
  CHECK(data_error(head + "'030'\n").empty());
  CHECK(data_error(head + "\"0x1E\"\n") == "r.yaml:5:14: minutes: \"0x1E\" is not a whole number");
  CHECK(data_error(head + "+030\n").find("\"+030\" has a leading zero, which makes it octal 24") != std::string::npos);
  CHECK(data_error(head + "+30\n").find("\"+30\" is written with a plus sign; write 30") != std::string::npos);
  CHECK(data_error(head + "1:30\n")
            .find("minutes: \"1:30\" is a number in base 60 to YAML 1.1 readers such as PyYAML; "
                  "write 90") != std::string::npos);
  CHECK(data_error(head + "0x1E\n").find("\"0x1E\" is hexadecimal; write 30") != std::string::npos);
  CHECK(data_error(head + "0o36\n").find("write 30") != std::string::npos);
  CHECK(data_error(head + "+30\n").find("write 30") != std::string::npos);
  CHECK(data_error(head + "1_000\n").find("write 1000") != std::string::npos);
  CHECK(data_error(head + "09\n").find("makes it text to YAML 1.1 readers such as PyYAML; write 9") !=
        std::string::npos);
  CHECK(data_error("name: Bo\ncadence: 07\n").find("r.yaml:2:10: cadence: \"07\" has a leading zero") == 0);
  CHECK(data_error(head + "0\n").empty());
  CHECK(data_error(head + "30\n").empty());
}

TEST_CASE("rep_file::text_with_header_field") {
  const std::string text = "name: Bo\ntags: [a]\n\n# history\nrecords:\n  - kind: 1on1\n    date: 2026-01-01\n";
  const auto doc = parse_yaml("r.yaml", text);
  CHECK(text_with_header_field(doc, "archived", "2026-06-30") ==
        "name: Bo\ntags: [a]\narchived: 2026-06-30\n\n# history\nrecords:\n  - kind: 1on1\n    date: 2026-01-01\n");
}

TEST_CASE("rep_file::read_rep errors name the place and the field") {
  CHECK(data_error("") == "r.yaml:1:1: the file is empty; a rep file needs at least `name:`");
  CHECK(data_error("- a\n- b\n").find("r.yaml:1:1: file:") == 0);
  CHECK(data_error("id: x\n") == "r.yaml:1:1: name: a rep file needs a name");
  CHECK(data_error("name: Bo\nstart: 2026-13-01\n") == "r.yaml:2:8: start: \"2026-13-01\" is not a date (YYYY-MM-DD)");
  CHECK(data_error("name: Bo\ncadence: weekly\n") == "r.yaml:2:10: cadence: \"weekly\" is not a whole number");
  CHECK(data_error("name: Bo\nrecords:\n  - kind: 1on1\n    date: soon\n") ==
        "r.yaml:4:11: date: \"soon\" is not a date (YYYY-MM-DD)");
  CHECK(data_error("name: Bo\nrecords:\n  - date: 2026-01-01\n") == "r.yaml:3:5: kind: a record needs a kind (1on1)");
  CHECK(data_error("name: Bo\nrecords:\n  - kind: 1on1\n    date: 2026-01-01\n    promises:\n      - text: x\n") ==
        "r.yaml:6:9: owner: a promise needs an owner (manager or rep)");
  CHECK(data_error("name: Bo\nrecords:\n  - kind: 1on1\n    date: 2026-01-01\n    promises:\n"
                   "      - owner: boss\n        text: x\n") ==
        "r.yaml:6:16: owner: \"boss\" is neither manager nor rep");
  CHECK(data_error("name: Bo\nrecords: {a: 1}\n").find("records: expected a list") != std::string::npos);
  CHECK(data_error("name: [Bo]\n").find("name: expected text") != std::string::npos);
}

TEST_CASE("rep_file::render_new_rep_file reads back") {
  Rep rep;
  rep.id = "zoe-obrien";
  rep.name = "Zoë O'Brien";
  rep.role = "AE: mid-market";
  rep.start = Date::parse_iso("2020-02-03");
  rep.tags = {"tenured", "yes"};
  rep.cadence = 14;
  const std::string text = render_new_rep_file(rep);
  Rep back = read_rep(parse_yaml("r.yaml", text));
  back.path = rep.path;
  CHECK(back == rep);
}

TEST_CASE("rep_file::text_with_promise_changed adds lines under the promise only") {
  const std::string text = "name: Bo\n"
                           "records:\n"
                           "  - kind: 1on1\n"
                           "    date: 2026-11-01\n"
                           "    promises:\n"
                           "      - id: aaaaaa\n"
                           "        owner: manager\n"
                           "        text: First\n"
                           "        due: 2026-11-06   # a comment that stays\n"
                           "      - id: bbbbbb\n"
                           "        owner: rep\n"
                           "        text: Second\n"
                           "        due: '2026-11-08'\n"
                           "  # between records\n"
                           "  - kind: 1on1\n"
                           "    date: 2026-11-08\n";
  const auto doc = parse_yaml("r.yaml", text);
  const auto check = [&](std::string_view id, const PromiseChange& change, const std::string& expected) {
    const std::string result = text_with_promise_changed(doc, id, change);
    CHECK(result == expected);
    Rep rep = read_rep(doc);
    for (auto& record : rep.records) {
      for (auto& promise : record.promises) {
        if (promise.id == id) apply_change(promise, change);
      }
    }
    verify_edit("r.yaml", result, rep);
  };
  SUBCASE("done with a note, on a promise followed by another item") {
    PromiseChange change;
    change.done = Date::parse_iso("2026-11-07");
    change.note = "sent: by mail";
    std::string expected = text;
    expected.insert(expected.find("      - id: bbbbbb"), "        done: 2026-11-07\n        note: \"sent: by mail\"\n");
    check("aaaaaa", change, expected);
  }
  SUBCASE("dropped, on the last promise before a comment") {
    PromiseChange change;
    change.dropped = Date::parse_iso("2026-11-07");
    change.reason = "no longer needed";
    std::string expected = text;
    expected.insert(expected.find("  # between records"),
                    "        dropped: 2026-11-07\n        reason: no longer needed\n");
    check("bbbbbb", change, expected);
  }
  SUBCASE("moved: the due value is replaced and the first due date kept") {
    PromiseChange change;
    change.new_due = Date::parse_iso("2026-11-13");
    std::string expected = text;
    expected.replace(expected.find("2026-11-06"), 10, "2026-11-13");
    expected.insert(expected.find("      - id: bbbbbb"), "        first_due: 2026-11-06\n");
    check("aaaaaa", change, expected);
    PromiseChange quoted;
    quoted.new_due = Date::parse_iso("2026-11-20");
    expected = text;
    expected.replace(expected.find("'2026-11-08'"), 12, "2026-11-20");
    expected.insert(expected.find("  # between records"), "        first_due: 2026-11-08\n");
    check("bbbbbb", quoted, expected);
  }
  SUBCASE("unknown id and flow maps") {
    CHECK_THROWS_AS(text_with_promise_changed(doc, "cccccc", PromiseChange{}), Error);
    const auto flow = parse_yaml("r.yaml", "name: Bo\nrecords:\n  - kind: 1on1\n    date: 2026-11-01\n"
                                           "    promises: [{id: aaaaaa, owner: rep, text: x}]\n");
    CHECK_THROWS_AS(text_with_promise_changed(flow, "aaaaaa", PromiseChange{}), Error);
  }
}

TEST_CASE("rep_file::text_with_header_field fills a key left empty by hand") {
  const auto doc = parse_yaml("r.yaml", "name: Bo\narchived:    # left empty to un-archive\nrecords:\n");
  CHECK(text_with_header_field(doc, "archived", "2026-11-20") ==
        "name: Bo\narchived: 2026-11-20  # left empty to un-archive\nrecords:\n");
  const auto set = parse_yaml("r.yaml", "name: Bo\narchived: 2026-01-01\nrecords:\n");
  CHECK_THROWS_AS(text_with_header_field(set, "archived", "2026-11-20"), Error);
  const auto flow = parse_yaml("r.yaml", "{name: Bo, records: []}\n");
  CHECK_THROWS_WITH_AS(text_with_header_field(flow, "archived", "2026-11-20"),
                       "r.yaml:1:1: the file is written as a flow map ({...}); coach edits only block maps", Error);
}

TEST_CASE("rep_file::read_rep reads away periods") {
  const auto rep = read_rep(parse_yaml("r.yaml", "name: Bo\naway:\n  - from: 2026-07-01\n    to: 2026-07-14\n"
                                                 "    reason: vacation\n  - from: 2026-08-03\n"));
  REQUIRE(rep.away.size() == 2);
  CHECK(rep.away[0].contains(*Date::parse_iso("2026-07-14")));
  CHECK_FALSE(rep.away[0].contains(*Date::parse_iso("2026-07-15")));
  CHECK(rep.away[1].to == rep.away[1].from);
  CHECK(data_error("name: Bo\naway:\n  - from: 2026-07-14\n    to: 2026-07-01\n") ==
        "r.yaml:3:5: away.to: 2026-07-01 is before 2026-07-14");
}

TEST_CASE("rep_file::the activity kinds' fields: choices, skill maps, goals, team actions, cadence maps") {
  const Rep rep = read_rep(parse_yaml("r.yaml", "name: Bo\n"
                                                "cadence: {1on1: 14, career: 60}\n"
                                                "records:\n"
                                                "  - kind: joint-call\n"
                                                "    id: jjjjjj\n"
                                                "    date: 2026-11-02\n"
                                                "    account: Acme\n"
                                                "    manager_role: observe\n"
                                                "    result: partly\n"
                                                "    ratings:\n"
                                                "      objections: 2\n"
                                                "      'yes': 4   # a quoted key\n"
                                                "  - kind: career\n"
                                                "    id: cccccc\n"
                                                "    date: 2026-11-03\n"
                                                "    goal: Enterprise accounts\n"
                                                "    goals:\n"
                                                "      - id: gggggg\n"
                                                "        owner: rep\n"
                                                "        text: Lead a demo alone\n"
                                                "        due: 2027-01-31\n"
                                                "    promises:\n"
                                                "      - id: pppppp\n"
                                                "        owner: manager\n"
                                                "        rep: bo\n"
                                                "        text: Introduce Bo to the VP\n"));
  CHECK(rep.cadence == 14);
  CHECK(rep.activity_cadence.at("career") == 60);
  REQUIRE(rep.records.size() == 2);
  const Record& call = rep.records[0];
  CHECK(*call.fields.text("manager_role") == "observe");
  CHECK(call.fields.ratings(field::ratings) == std::vector<SkillRating>{{"objections", 2}, {"yes", 4}});
  CHECK(call.fields.has_part(FieldPart::plan));
  CHECK(call.fields.has_part(FieldPart::feedback));
  const Record& career = rep.records[1];
  REQUIRE(career.promises.size() == 2);
  CHECK(career.promises[0].goal);
  CHECK(career.promises[0].id == "gggggg");
  CHECK_FALSE(career.promises[1].goal);
  CHECK(career.promises[1].rep == "bo");
  // Rendered again, the record reads back the same, goals under `goals:`.
  const std::string rendered = render_record(career, 2);
  CHECK(rendered.find("    goals:\n      - id: gggggg\n") != std::string::npos);
  CHECK(read_rep(parse_yaml("r.yaml", "name: Bo\nrecords:\n" + rendered)).records.at(0) == career);
}

TEST_CASE("rep_file::a development goal closes like a promise, under `goals:`") {
  const std::string text = "name: Bo\n"
                           "records:\n"
                           "  - kind: career\n"
                           "    date: 2026-11-03\n"
                           "    goals:   # what Bo works on\n"
                           "      - id: gggggg\n"
                           "        owner: rep\n"
                           "        text: Lead a demo alone\n"
                           "        due: 2027-01-31\n"
                           "    notes: Keep going\n";
  const auto doc = parse_yaml("r.yaml", text);
  PromiseChange change;
  change.done = Date::parse_iso("2026-11-20");
  const std::string result = text_with_promise_changed(doc, "gggggg", change);
  CHECK(result == "name: Bo\n"
                  "records:\n"
                  "  - kind: career\n"
                  "    date: 2026-11-03\n"
                  "    goals:   # what Bo works on\n"
                  "      - id: gggggg\n"
                  "        owner: rep\n"
                  "        text: Lead a demo alone\n"
                  "        due: 2027-01-31\n"
                  "        done: 2026-11-20\n"
                  "    notes: Keep going\n");
  // `goals:` in a kind that has no development goals is only an unknown key: nothing there is a promise.
  const auto other = parse_yaml("r.yaml", "name: Bo\nrecords:\n  - kind: 1on1\n    date: 2026-11-03\n"
                                          "    goals:\n      - id: gggggg\n        owner: rep\n        text: x\n");
  CHECK_THROWS(text_with_promise_changed(other, "gggggg", change));
}

TEST_CASE("rep_file::bad values of the activity kinds name the place and the field") {
  const std::string head = "name: Bo\nrecords:\n  - kind: joint-call\n    date: 2026-11-02\n    account: Acme\n";
  CHECK(data_error(head + "    manager_role: boss\n") ==
        "r.yaml:6:19: manager_role: \"boss\" is not one of observe, support, lead");
  CHECK(data_error(head + "    ratings:\n      objections: 6\n") ==
        "r.yaml:7:19: ratings.objections: 6 is out of range (1 to 5)");
  CHECK(data_error(head + "    ratings: [objections]\n") ==
        "r.yaml:6:14: ratings: expected a map of skill: value, one skill per line");
  CHECK(data_error("name: Bo\nrecords:\n  - kind: joint-call\n    date: 2026-11-02\n") ==
        "r.yaml:3:5: account: a joint call needs account");
  CHECK(data_error("name: Bo\nrecords:\n  - kind: skills-audit\n    date: 2026-11-02\n") ==
        "r.yaml:3:5: ratings: a skills audit needs ratings");
  CHECK(data_error("name: Bo\nrecords:\n  - kind: career\n    date: 2026-11-02\n    goals:\n      - Lead a demo\n") ==
        "r.yaml:6:9: goals: each development goal must be a map (id, owner, text, due)");
  CHECK(data_error("name: Bo\ncadence: {joint-calls: 30}\n") ==
        "r.yaml:2:11: cadence.joint-calls: \"joint-calls\" is not an activity (joint-call, 1on1, team-meeting, "
        "career, skills-audit)");
}

TEST_CASE("rep_file::text_with_record_fields_added adds key lines at the end of the record only") {
  const std::string file = "# Alice's file\nid: alice\nname: Alice\nrecords:\n"
                           "  - kind: joint-call   # planned with Alice\n    id: aaaaaa\n    date: 2026-11-20\n"
                           "    account: Acme\n    # the plan\n    objective: Book a demo\n"
                           "  # between the records\n"
                           "  - kind: 1on1\n    id: bbbbbb\n    date: 2026-11-21\n";
  const YamlDocument doc = parse_yaml("a.yaml", file);
  Rep expected = read_rep(doc);
  const KindSpec& joint_call = *find_kind(kind::joint_call);
  RecordFields feedback;
  feedback.set(*joint_call.field("went_well"), std::vector<std::string>{"Opening: strong"});
  feedback.set(*joint_call.field("result"), std::string("met"));
  feedback.set(*joint_call.field("ratings"), std::vector<SkillRating>{{"objections", 4}});

  const std::string changed = text_with_record_fields_added(doc, "aaaaaa", feedback);
  CHECK(changed == "# Alice's file\nid: alice\nname: Alice\nrecords:\n"
                   "  - kind: joint-call   # planned with Alice\n    id: aaaaaa\n    date: 2026-11-20\n"
                   "    account: Acme\n    # the plan\n    objective: Book a demo\n"
                   "    went_well:\n      - \"Opening: strong\"\n    result: met\n    ratings:\n      objections: 4\n"
                   "  # between the records\n"
                   "  - kind: 1on1\n    id: bbbbbb\n    date: 2026-11-21\n");
  for (const Field& field : feedback.all()) expected.records[0].fields.set(field.spec(), field.value);
  verify_edit("a.yaml", changed, expected);

  SUBCASE("a key the record has already is refused, with its place") {
    RecordFields again;
    again.set(*joint_call.field("objective"), std::string("Other"));
    CHECK_THROWS_WITH_AS(text_with_record_fields_added(doc, "aaaaaa", again),
                         "a.yaml:10:5: the record has objective already; edit it by hand", Error);
  }
  SUBCASE("a record written as a flow map is refused") {
    const YamlDocument flow = parse_yaml(
        "f.yaml",
        "id: alice\nname: Alice\nrecords:\n  - {kind: joint-call, id: aaaaaa, date: 2026-11-20, account: A}\n");
    try {
      text_with_record_fields_added(flow, "aaaaaa", feedback);
      FAIL("not refused");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::data);
      CHECK(std::string(e.what()).find("flow map") != std::string::npos);
    }
  }
  SUBCASE("an unknown record is not found") {
    try {
      text_with_record_fields_added(doc, "zzzzzz", feedback);
      FAIL("not refused");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::not_found);
    }
  }
}

TEST_CASE("rep_file::text_with_record_fields_added on many layouts keeps every other line and reads back") {
  // The planned call stands first, in the middle or last; its keys sit 2 to 4
  // columns after the dash; it ends with a text, a `|` block, a list of
  // promises or a comment; CRLF or LF; with or without a final line break.
  const KindSpec& joint_call = *find_kind(kind::joint_call);
  RecordFields feedback;
  feedback.set(*joint_call.field("self_assessment"), std::string("Rushed\nthe price\n"));
  feedback.set(*joint_call.field("went_well"), std::vector<std::string>{"Opening"});
  feedback.set(*joint_call.field("result"), std::string("partly"));
  feedback.set(*joint_call.field("ratings"), std::vector<SkillRating>{{"objections", 2}, {"closing", 4}});
  const std::string endings[] = {"objective: Pilot\n", "notes: |\n  Line one\n  Line two\n",
                                 "promises:\n  - id: pppppp\n    owner: rep\n    text: Call Rob\n    due: 2026-11-30\n",
                                 "objective: Pilot   # the plan\n# a comment of mine\n"};
  const std::string other = "kind: 1on1\nid: bbbbbb\ndate: 2026-11-21\nnotes: Fine\n";
  int cases = 0;
  for (int position = 0; position < 3; ++position) {
    for (int offset = 2; offset <= 4; ++offset) {
      for (const auto& ending : endings) {
        for (const bool crlf : {false, true}) {
          for (const bool final_break : {true, false}) {
            // A record's lines as an item of `records:`, its dash at column 3 and its keys `offset` after it.
            const auto item = [&](const std::string& body) {
              std::string out;
              bool first = true;
              for (const auto line : split_lines(body)) {
                out += first ? "  -" + std::string(static_cast<size_t>(offset - 1), ' ')
                             : std::string(static_cast<size_t>(2 + offset), ' ');
                out += std::string(line) + "\n";
                first = false;
              }
              return out;
            };
            const std::string call = item("kind: joint-call\nid: aaaaaa\ndate: 2026-11-20\naccount: Acme\n" + ending);
            std::string file = "# hand comment\nid: alice\nname: Alice\nrecords:\n";
            file += position == 0   ? call + item(other)
                    : position == 1 ? item(other) + call + item(other)
                                    : item(other) + call;
            if (!final_break) file.pop_back();
            if (crlf) {
              std::string converted;
              for (const char c : file) converted += c == '\n' ? std::string("\r\n") : std::string(1, c);
              file = converted;
            }
            CAPTURE(file);
            const YamlDocument doc = parse_yaml("a.yaml", file);
            Rep expected = read_rep(doc);
            std::string changed;
            try {
              changed = text_with_record_fields_added(doc, "aaaaaa", feedback);
            } catch (const Error& e) {
              // Only a file ending inside a `|` block without a line break is refused, with exit 3.
              CHECK(e.code() == ExitCode::data);
              CHECK((position == 2 && &ending == &endings[1] && !final_break));
              continue;
            }
            for (const Field& field : feedback.all()) {
              for (auto& record : expected.records) {
                if (record.id == "aaaaaa") record.fields.set(field.spec(), field.value);
              }
            }
            CHECK_NOTHROW(verify_edit("a.yaml", changed, expected));
            // Every line of the file is still there, in order.
            size_t at = 0;
            for (const auto line : split_lines(file)) {
              at = changed.find(line, at);
              REQUIRE(at != std::string::npos);
              at += line.size();
            }
            ++cases;
          }
        }
      }
    }
  }
  MESSAGE(cases, " layouts edited");
}

namespace {

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// `change` made to `text` as `rep set` makes it: the result must read back as the rep with the change.
std::string rep_changed(const std::string& text, const RepChange& change) {
  const YamlDocument doc = parse_yaml("p.yaml", text);
  Rep expected = read_rep(doc);
  const RepChange effective = effective_change(expected, change);
  apply_rep_change(expected, effective);
  std::string changed = text_with_rep_changed(doc, effective);
  verify_edit("p.yaml", changed, expected);
  return changed;
}

} // namespace

TEST_CASE("rep_file::text_with_rep_changed replaces values on their lines") {
  const std::string text = "# Priya\nid: priya\nname: Priya Raman\nrole: AE   # since May\nstart: 2020-01-06\n"
                           "tags: [tenured, \"yes\"]\ncadence: 14\nrecords:\n  - kind: 1on1\n    date: 2026-11-20\n";
  RepChange change;
  change.name = "Priya Khan: West";
  CHECK(rep_changed(text, change) == replace_all(text, "name: Priya Raman", "name: \"Priya Khan: West\""));
  change = {};
  change.role = "Senior AE";
  CHECK(rep_changed(text, change) == replace_all(text, "role: AE   #", "role: Senior AE   #"));
  change = {};
  change.start = Date::parse_iso("2019-04-01");
  CHECK(rep_changed(text, change) == replace_all(text, "2020-01-06", "2019-04-01"));
  change = {};
  change.cadence = 10;
  CHECK(rep_changed(text, change) == replace_all(text, "cadence: 14", "cadence: 10"));
  change = {};
  change.default_cadence = true;
  CHECK(rep_changed(text, change) == replace_all(text, "cadence: 14\n", ""));
  change = {};
  change.add_tags = {"new-hire"};
  CHECK(rep_changed(text, change) == replace_all(text, "\"yes\"]", "\"yes\", new-hire]"));
  change = {};
  change.remove_tags = {"tenured"};
  CHECK(rep_changed(text, change) == replace_all(text, "[tenured, \"yes\"]", "[\"yes\"]"));
  change = {};
  change.remove_tags = {"yes"};
  CHECK(rep_changed(text, change) == replace_all(text, "[tenured, \"yes\"]", "[tenured]"));
  change.remove_tags = {"yes", "tenured"};
  change.add_tags = {"sdr"};
  CHECK(rep_changed(text, change) == replace_all(text, "[tenured, \"yes\"]", "[sdr]"));
  // Keys the file lacks go before `records:`.
  const std::string bare = "id: bo\nname: Bo\n# his 1:1s\nrecords:\n";
  change = {};
  change.role = "SDR";
  change.add_tags = {"new-hire"};
  change.cadence = 7;
  change.start = Date::parse_iso("2026-11-02");
  CHECK(rep_changed(bare, change) ==
        "id: bo\nname: Bo\nrole: SDR\nstart: 2026-11-02\ntags: [new-hire]\ncadence: 7\n# his 1:1s\nrecords:\n");
}

TEST_CASE("rep_file::text_with_rep_changed on many layouts keeps every other line and reads back") {
  // Tags as a flow list, a block list indented or not, with comments; names
  // plain, quoted with a `#` and escapes inside; LF or CRLF; with and without
  // a final line break; a `|` block ending the file.
  const std::string headers[] = {
      "id: priya\nname: Priya Raman  # full name\nrole: AE\ntags: [tenured, \"yes\"]   # two\ncadence: 14\n",
      "id: priya\nname: \"Priya \\\"P\\\" # Raman\"\ntags:\n  - tenured   # 2024\n  - 'yes'\n",
      "name: 'Priya Raman'\ntags:\n- tenured\n# a comment\n- \"yes\"\nstart: 2020-01-06\ncadence: 14 # hm\n",
      "tags: [ tenured , 'yes' ]\nname: Priya\nrole: ~\nstart:\n",
  };
  const std::string tails[] = {"records:\n  - kind: 1on1\n    date: 2026-11-20\n    notes: Fine\n",
                               "records:\n  - kind: 1on1\n    date: 2026-11-20\n    notes: |\n      Line\n",
                               "records:\n", ""};
  std::vector<RepChange> changes(8);
  changes[0].name = "Priya Khan";
  changes[1].role = "Senior AE # not a comment";
  changes[2].start = Date::parse_iso("2019-04-01");
  changes[3].add_tags = {"new-hire", "no"};
  changes[4].remove_tags = {"tenured"};
  changes[5].remove_tags = {"yes", "tenured"};
  changes[6].cadence = 10;
  changes[7].default_cadence = true;
  RepChange all = changes[0];
  all.role = changes[1].role;
  all.start = changes[2].start;
  all.remove_tags = {"yes"};
  all.add_tags = {"sdr"};
  all.default_cadence = true;
  changes.push_back(all);
  int cases = 0;
  int refused = 0;
  for (const auto& header : headers) {
    for (const auto& tail : tails) {
      for (const bool crlf : {false, true}) {
        for (const bool final_break : {true, false}) {
          std::string file = "# Coaching record\n" + header + tail;
          if (!final_break) file.pop_back();
          if (crlf) file = replace_all(file, "\n", "\r\n");
          for (const auto& change : changes) {
            CAPTURE(file);
            CAPTURE(change.what());
            ++cases;
            std::string changed;
            try {
              changed = rep_changed(file, change);
            } catch (const Error& e) {
              // Only a file ending inside a `|` block without a line break is refused, with exit 3.
              CHECK(e.code() == ExitCode::data);
              CHECK((&tail == &tails[1] && !final_break));
              ++refused;
              continue;
            }
            // The records and the comment lines are kept byte for byte.
            const std::string records_part = file.substr(std::min(file.find("records:"), file.size()));
            CHECK(changed.ends_with(records_part));
            CHECK(changed.starts_with("# Coaching record"));
            if (file.find("# a comment") != std::string::npos) CHECK(changed.find("# a comment") != std::string::npos);
            CHECK((!crlf || replace_all(changed, "\r\n", "").find('\n') == std::string::npos)); // still CRLF
          }
        }
      }
    }
  }
  CHECK(cases == 4 * 4 * 2 * 2 * 9);
  CHECK(refused == 4 * 2 * 9);
  MESSAGE(cases << " cases, " << refused << " refused");
}

TEST_CASE("rep_file::rep set refuses what it does not edit, with the place") {
  RepChange role;
  role.role = "AE";
  CHECK_THROWS_WITH_AS(rep_changed("name: Bo\nrole: |\n  SDR\nrecords:\n", role),
                       doctest::Contains("p.yaml:2:7: role: coach changes only a value written on one line"), Error);
  RepChange cadence;
  cadence.cadence = 10;
  CHECK_THROWS_WITH_AS(rep_changed("name: Bo\ncadence:\n  1on1: 14\n  career: 60\nrecords:\n", cadence),
                       doctest::Contains("cadence: holds a cadence per activity"), Error);
  RepChange untag;
  untag.remove_tags = {"sdr"};
  try {
    rep_changed("name: Bo\ntags: [new-hire]\n", untag);
    FAIL("an unknown tag was removed");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::not_found);
    CHECK(std::string(e.what()) == "--untag: Bo has no tag 'sdr' (tags: new-hire)");
  }
}
