#include <doctest/doctest.h>

#include <coach/error.hpp>
#include <coach/meeting_template.hpp>
#include <coach/rep_file.hpp>

using namespace coach;

namespace {

MeetingDraft one_on_one_template(std::string_view text) {
  return parse_meeting_template(text, *find_kind(kind_one_on_one));
}

} // namespace

TEST_CASE("meeting_template::parse_promise_spec") {
  auto p = parse_promise_spec("Send the deck", Owner::manager);
  CHECK(p.owner == Owner::manager);
  CHECK(p.text == "Send the deck");
  CHECK_FALSE(p.due.has_value());

  p = parse_promise_spec("rep: Update the CRM (due fri)", Owner::manager);
  CHECK(p.owner == Owner::rep);
  CHECK(p.text == "Update the CRM");
  CHECK(p.due == "fri");

  p = parse_promise_spec("Me:  call Acme (see notes) (Due: +2w)", Owner::rep);
  CHECK(p.owner == Owner::manager);
  CHECK(p.text == "call Acme (see notes)");
  CHECK(p.due == "+2w");

  p = parse_promise_spec("Note: price is (due to change)", Owner::manager);
  CHECK(p.text == "Note: price is");
  CHECK(p.due == "to change"); // the date is checked later, with a clear error

  p = parse_promise_spec("Ask about (the) budget", Owner::manager);
  CHECK(p.text == "Ask about (the) budget");

  CHECK_THROWS_AS(parse_promise_spec("rep:", Owner::manager), Error);
  CHECK_THROWS_AS(parse_promise_spec("  (due fri)", Owner::manager), Error);
}

TEST_CASE("meeting_template::render and parse") {
  const std::string file = "name: Alice Chen\nrecords:\n  - kind: 1on1\n    id: aaaaaa\n    date: 2026-11-13\n"
                           "    personal:\n      - Concert\n    promises:\n      - id: bbbbbb\n        owner: manager\n"
                           "        text: Send deck\n        due: 2026-11-20\n";
  const Rep rep = read_rep(parse_yaml("r.yaml", file));
  const Date today = *Date::parse_iso("2026-11-25");
  const std::string text = render_meeting_template(rep, today, today);
  CHECK(text.find("#   bbbbbb  you: Send deck (due Fri 2026-11-20, 5 days overdue)") != std::string::npos);
  CHECK(text.find("#   personal: Concert") != std::string::npos);

  SUBCASE("the untouched template has no content") {
    const auto draft = parse_meeting_template(text, *find_kind(kind_one_on_one));
    CHECK(draft.has_no_content());
    CHECK(draft.date == "2026-11-25");
  }
  SUBCASE("a filled template") {
    std::string filled = text;
    filled.replace(filled.find("minutes:\n"), 9, "minutes: 45\n");
    filled.replace(filled.find("personal:\n- \n"), 13, "personal:\n- Moving house\n- Kids\n");
    filled.replace(filled.find("- me: \n"), 7, "- me: Send the deck (due fri)\n");
    filled.replace(filled.find("- rep: \n"), 8, "- rep: Book the demo\n");
    filled += "She is doing well.\n# a comment, dropped\n\n  Indented line.\n\n";
    const auto draft = parse_meeting_template(filled, *find_kind(kind_one_on_one));
    CHECK(draft.fields.number("minutes") == 45);
    CHECK(draft.fields.list("personal") == std::vector<std::string>{"Moving house", "Kids"});
    CHECK(draft.fields.list("professional").empty());
    REQUIRE(draft.promises.size() == 2);
    CHECK(draft.promises[0] == PromiseDraft{Owner::manager, "Send the deck", std::string("fri")});
    CHECK(draft.promises[1] == PromiseDraft{Owner::rep, "Book the demo", std::nullopt});
    CHECK(*draft.fields.text("notes") == "She is doing well.\n\n  Indented line.\n");
  }
  SUBCASE("a promise on the promises line itself") {
    const auto draft = one_on_one_template("promises: me: Call Rob (due fri)\n- rep: Send the map\n");
    REQUIRE(draft.promises.size() == 2);
    CHECK(draft.promises[0].text == "Call Rob");
  }
  SUBCASE("errors name the template line") {
    CHECK_THROWS_WITH_AS(one_on_one_template("date: today\nminutes: lots\n"),
                         "template line 2: minutes: \"lots\" is not a number of minutes", Error);
    CHECK_THROWS_WITH_AS(one_on_one_template("agenda:\n"),
                         "template line 1: \"agenda\" is not a section (date, minutes, personal, professional, "
                         "promises, notes)",
                         Error);
    CHECK_THROWS_WITH_AS(one_on_one_template("- stray\n"),
                         "template line 1: a list item outside personal, professional or promises", Error);
  }
}

TEST_CASE("meeting_template::owner_from_word is the one owner parser (template prefixes, followups add --owner)") {
  for (const char* word : {"me", "I", "manager", "Mine"}) CHECK(owner_from_word(word) == Owner::manager);
  for (const char* word : {"rep", "They", "them", "THEIRS"}) CHECK(owner_from_word(word) == Owner::rep);
  for (const char* word : {"", "boss", "tyler", "mee"}) CHECK_FALSE(owner_from_word(word).has_value());
  CHECK(parse_promise_spec("They: call back", Owner::manager).owner == Owner::rep);
  CHECK(parse_promise_spec("boss: call back", Owner::rep).text == "boss: call back");
}
