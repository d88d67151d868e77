#include <doctest/doctest.h>

#include <fmt/format.h>

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
    // Issue 17: the template ends with `private:`, so text added at its end is private notes.
    CHECK_FALSE(draft.fields.text("notes"));
    REQUIRE(draft.fields.text("private"));
    CHECK(*draft.fields.text("private") == "She is doing well.\n\n  Indented line.\n");
  }
  SUBCASE("a promise on the promises line itself") {
    const auto draft = one_on_one_template("promises: me: Call Rob (due fri)\n- rep: Send the map\n");
    REQUIRE(draft.promises.size() == 2);
    CHECK(draft.promises[0].text == "Call Rob");
  }
  SUBCASE("errors name the template line") {
    CHECK_THROWS_WITH_AS(one_on_one_template("date: today\nminutes: lots\n"),
                         "template line 2: minutes: \"lots\" is not a number of minutes (0 to 1440; e.g. 30, "
                         "30m, 45min, 1h, 1h30, 1.5h)",
                         Error);
    CHECK_THROWS_WITH_AS(one_on_one_template("agenda:\n"),
                         "template line 1: \"agenda\" is not a section (date, minutes, personal, professional, "
                         "promises, notes, private)",
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

TEST_CASE("meeting_template::parse_minutes reads minutes and hours as typed, in whole minutes") {
  const std::pair<const char*, int> read[] = {
      {"30", 30},        {"0", 0},           {"30m", 30},      {"30min", 30},  {"45 min", 45},
      {" 45 MINS ", 45}, {"20 minutes", 20}, {"1h", 60},       {"1 hour", 60}, {"2hrs", 120},
      {"1h30", 90},      {"1h30m", 90},      {"1h 30min", 90}, {"1 h 5", 65},  {"90min", 90},
      {"1.5h", 90},      {"0.25h", 15},      {"1,5h", 90},     {"24h", 1440},  {"1440", 1440},
  };
  for (const auto& [text, minutes] : read) {
    CAPTURE(text);
    CHECK(parse_minutes(text) == minutes);
  }
  for (const char* text : {"", "lots", "an hour", "-5", "1441", "25h", "30.5m", "1.01h", "1h60", "1.5h30", "1h30h",
                           "30s", "30 m x", "h", "1.h", "1234567"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_minutes(text).has_value());
  }
}

TEST_CASE("meeting_template::parse_editor_promise: owners by word, first name or id; other words refused") {
  Rep rep;
  rep.id = "priya-raman";
  rep.name = "Priya Raman";
  CHECK(parse_editor_promise("me: Call at 10:30", rep) == PromiseDraft{Owner::manager, "Call at 10:30", std::nullopt});
  CHECK(parse_editor_promise("Priya: Build the plan (due fri)", rep) ==
        PromiseDraft{Owner::rep, "Build the plan", std::string("fri")});
  CHECK(parse_editor_promise("PRIYA-RAMAN: Send it", rep).owner == Owner::rep);
  CHECK(parse_editor_promise("rep: Update CRM", rep).owner == Owner::rep);
  CHECK(parse_editor_promise("rep:Update CRM", rep).owner == Owner::rep); // a known owner needs no blank
  // No owner prefix: the manager's, the colon part of the text.
  CHECK(parse_editor_promise("Q4 plan: draft it", rep) == PromiseDraft{Owner::manager, "Q4 plan: draft it", {}});
  CHECK(parse_editor_promise("Call at 10:30", rep).text == "Call at 10:30");
  CHECK(parse_editor_promise("re:Acme follow-up", rep).text == "re:Acme follow-up");
  CHECK(parse_editor_promise("rep: me: both", rep) == PromiseDraft{Owner::rep, "me: both", {}});
  CHECK(parse_editor_promise("Priya Raman: Send it", rep) == PromiseDraft{Owner::rep, "Send it", {}});
  CHECK(parse_editor_promise("priya raman:Send it", rep).owner == Owner::rep);
  for (const char* item : {"boss: Approve the budget", "tyler: Build the plan", "Zoë: x", "boss:"}) {
    CAPTURE(item);
    CHECK_THROWS_WITH_AS(parse_editor_promise(item, rep),
                         doctest::Contains("names no owner of a promise; write me, rep, priya or priya-raman"), Error);
  }
  CHECK_THROWS_AS(parse_editor_promise("priya:", rep), Error); // no text
}

TEST_CASE("meeting_template: an editor promise with an unknown owner is an error on its template line") {
  Rep rep;
  rep.id = "priya-raman";
  rep.name = "Priya Raman";
  const KindSpec& kind = *find_kind(kind_one_on_one);
  const auto draft = parse_meeting_template("promises: priya: Plan\n- Q4 plan: x\n", kind, {}, &rep);
  REQUIRE(draft.promises.size() == 2);
  CHECK(draft.promises[0] == PromiseDraft{Owner::rep, "Plan", std::nullopt});
  CHECK(draft.promises[1] == PromiseDraft{Owner::manager, "Q4 plan: x", std::nullopt});
  CHECK_THROWS_WITH_AS(parse_meeting_template("date: today\npromises:\n- me: ok\n- tyler: Build the plan\n", kind, {},
                                              &rep),
                       doctest::Contains("template line 4: \"tyler:\" names no owner"), Error);
  // Without the rep (a team meeting's own reader), the old rule: text with its prefix.
  CHECK(parse_meeting_template("promises:\n- tyler: Build\n", kind).promises.at(0).text == "tyler: Build");
}

namespace {

std::string filled(std::string text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("meeting_template::a joint call's template: choices, skill ratings, notes between sections") {
  const Rep rep = read_rep(parse_yaml("r.yaml", "name: Alice Chen\nrecords:\n"));
  const Date today = *Date::parse_iso("2026-11-25");
  const std::vector<Skill> skills = default_skills();
  const KindSpec& kind = *find_kind(kind::joint_call);
  const std::string text = render_record_template({&kind, &rep, today, today, skills});
  CHECK(text.find("# Joint call with Alice Chen.") == 0);
  CHECK(text.find("skills: product, industry, competitors,") != std::string::npos);
  CHECK(parse_meeting_template(text, kind, skills).has_no_content());

  std::string edit = filled(text, "account:\n", "account: Acme\n");
  edit = filled(edit, "manager_role:     # observe, support or lead",
                "manager_role: Support     # observe, support or lead");
  edit = filled(edit, "asked first\n", "asked first\nI talked too much.\nNext: ask first\n");
  edit = filled(edit, "went_well:\n- \n", "went_well:\n- The opening\n");
  edit = filled(edit, "for the skills observed\n", "for the skills observed\n- objections: 4\n- closing:\n");
  const MeetingDraft draft = parse_meeting_template(edit, kind, skills);
  CHECK(*draft.fields.text("account") == "Acme");
  CHECK(*draft.fields.text("manager_role") == "support");
  CHECK_FALSE(draft.fields.text("objective")); // the template's own comment is no value
  CHECK(*draft.fields.text("self_assessment") == "I talked too much.\nNext: ask first\n");
  CHECK(draft.fields.list("went_well") == std::vector<std::string>{"The opening"});
  CHECK(draft.fields.ratings("ratings") == std::vector<SkillRating>{{"objections", 4}});
  CHECK(draft.fields.has_part(FieldPart::feedback));

  SUBCASE("errors name the line") {
    CHECK_THROWS_WITH_AS(parse_meeting_template("result: won\n", kind, skills),
                         "template line 1: result: \"won\" is not one of met, partly, missed", Error);
    CHECK_THROWS_WITH_AS(parse_meeting_template("ratings:\n- objection: 3\n", kind, skills),
                         "template line 2: ratings: \"objection\" is not a skill on the team's list (did you mean "
                         "\"objections\"?); the list is coach.yaml's `skills:`",
                         Error);
    CHECK_THROWS_WITH_AS(parse_meeting_template("ratings:\n- closing: 6\n", kind, skills),
                         "template line 2: ratings: closing: \"6\" is not a rating from 1 to 5", Error);
    CHECK_THROWS_WITH_AS(parse_meeting_template("ratings:\n- closing: 2\n- closing: 3\n", kind, skills),
                         "template line 3: ratings: closing is given twice; give each skill once", Error);
  }
  SUBCASE("the feedback part alone, the plan shown as comments") {
    Record call;
    call.kind = std::string(kind::joint_call);
    call.id = "aaaaaa";
    call.date = *Date::parse_iso("2026-11-20");
    call.fields.set(*kind.field("account"), std::string("Acme"));
    call.fields.set(*kind.field("objective"), std::string("Book a demo"));
    const TemplateSubject subject{&kind, &rep, call.date, today, skills, &call, FieldPart::feedback};
    const std::string feedback = render_record_template(subject);
    CHECK(feedback.find("#   objective: Book a demo\n") != std::string::npos);
    CHECK(feedback.find("\ndate:") == std::string::npos);
    CHECK(feedback.find("\naccount:") == std::string::npos);
    CHECK_THROWS_WITH_AS(parse_template_sections("account: Beta\n", subject.sections(), skills, false),
                         "template line 1: \"account\" is not a section (self_assessment, went_well, do_differently, "
                         "result, outcome, focus, ratings)",
                         Error);
  }
}

TEST_CASE("meeting_template::a career conversation's development goals") {
  const KindSpec& kind = *find_kind(kind::career);
  const MeetingDraft draft = parse_meeting_template(
      "goal:   Team lead   # the role they want next, or the skills to grow\n"
      "goals:            # development goals: TEXT (due DATE)\n- Lead: the QBR (due 2027-01-31)\n- \n- Mentor Bo\n",
      kind);
  CHECK(*draft.fields.text("goal") == "Team lead");
  REQUIRE(draft.goals.size() == 2);
  CHECK(draft.goals[0] == PromiseDraft{Owner::rep, "Lead: the QBR", std::string("2027-01-31")});
  CHECK(draft.goals[1] == PromiseDraft{Owner::rep, "Mentor Bo", std::nullopt});
  CHECK_FALSE(draft.has_no_content());
}

TEST_CASE("meeting_template::a skills audit's template lists every skill with its question") {
  const Rep rep = read_rep(parse_yaml("r.yaml", "name: Bo Diaz\nrecords:\n"));
  const Date today = *Date::parse_iso("2026-11-25");
  std::vector<Skill> skills = default_skills();
  skills[10].required = true; // objections
  const KindSpec& kind = *find_kind(kind::skills_audit);
  const std::string text = render_record_template({&kind, &rep, today, today, skills});
  for (const Skill& skill : skills) {
    CHECK(text.find(fmt::format("# {} (", skill.question)) != std::string::npos);
    CHECK(text.find(fmt::format("\n- {}:\n", skill.id)) != std::string::npos);
  }
  CHECK(text.find("before answering? (observe, required)\n- objections:\n") != std::string::npos);
  CHECK(text.find("#   knowledge\n") != std::string::npos);
  const MeetingDraft untouched = parse_meeting_template(text, kind, skills);
  CHECK(untouched.has_no_content());
  const MeetingDraft draft = parse_meeting_template(filled(filled(text, "- product:\n", "- product: 4\n"),
                                                           "what to work on\n",
                                                           "what to work on\n- product: Demo daily\n"),
                                                    kind, skills);
  CHECK(draft.fields.ratings("ratings") == std::vector<SkillRating>{{"product", 4}});
  CHECK(draft.fields.skill_texts("recommendations") == std::vector<SkillText>{{"product", "Demo daily"}});
}
