#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <libical/ical.h>

#include <coach/calendar.hpp>
#include <coach/rep_file.hpp>
#include <coach/text.hpp>

#include "from_yaml.hpp"

using namespace coach;
using coach::testing::day;
using coach::testing::rep_from_yaml;
using coach::testing::settings_from_yaml;

// Rules of coach-calendar(1): which events and to-dos, on which days, with which UIDs.

namespace {

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// Wed 2026-11-25, the man pages' today.
const Date today = day("2026-11-25");

Settings west() {
  return settings_from_yaml("manager: Dana Whitfield\nteam: West\npolicy:\n  cadence: 7\n");
}

CalendarRequest request() {
  CalendarRequest r;
  r.today = today;
  r.team_slug = "west";
  return r;
}

const CalendarEntry* find_uid(const std::vector<CalendarEntry>& entries, const std::string& uid) {
  const auto it = std::find_if(entries.begin(), entries.end(), [&](const CalendarEntry& e) { return e.uid == uid; });
  return it == entries.end() ? nullptr : &*it;
}

std::vector<std::string> uids(const std::vector<CalendarEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.uid);
  return out;
}

// Al: last 1:1 on Fri 11-20 (next due Fri 11-27), promises of every state.
Rep al() {
  return rep_from_yaml("al", R"(name: Al Chen
records:
  - kind: 1on1
    id: raaaaa
    date: 2026-11-20
    notes: NOTES-NEVER-SHOWN
    promises:
      - {id: amine1, owner: manager, text: Send the deck, due: 2026-11-27}
      - {id: athei1, owner: rep, text: Update the CRM, due: 2026-11-30}
      - {id: anodue, owner: rep, text: Read the book}
      - {id: akept1, owner: manager, text: Intro, due: 2026-11-21, done: 2026-11-22}
      - {id: adrop1, owner: manager, text: Tickets, due: 2026-11-21, dropped: 2026-11-23, reason: sold out}
  - kind: 1on1
    id: rbbbbb
    date: 2026-09-01
    promises:
      - {id: aold01, owner: manager, text: Old one, due: 2026-09-05, done: 2026-09-04}
)");
}

Rep team_file(const std::string& text) {
  return read_team(parse_yaml("team/2026.yaml", text));
}

} // namespace

TEST_CASE("calendar: the next 1:1 is an event at the last one plus the cadence, with a UID of rep and team") {
  const auto entries = calendar_entries(west(), {al()}, {}, request());
  const CalendarEntry* next = find_uid(entries, "next-1on1.al.west@coach");
  REQUIRE(next);
  CHECK(next->type == CalendarEntry::Type::event);
  CHECK(next->date == day("2026-11-27"));
  CHECK(next->summary == "1:1 with Al Chen");
  CHECK(next->description == "Every 7 days; the last 1:1 on Fri 2026-11-20.\nBefore it: coach prep al");
}

TEST_CASE("calendar: a 1:1 already due is on today, saying since when; logging one moves the same UID") {
  Rep late = rep_from_yaml("bo", "name: Bo Ruiz\nrecords:\n  - {kind: 1on1, id: rccccc, date: 2026-11-02}\n");
  auto entries = calendar_entries(west(), {late}, {}, request());
  const CalendarEntry* next = find_uid(entries, "next-1on1.bo.west@coach");
  REQUIRE(next);
  CHECK(next->date == today);
  CHECK(next->summary == "1:1 with Bo Ruiz"); // no "(overdue)": the file outlives the day
  CHECK(contains(next->description, "Due since Mon 2026-11-09."));

  late = rep_from_yaml("bo", "name: Bo Ruiz\nrecords:\n  - {kind: 1on1, id: rccccc, date: 2026-11-02}\n"
                             "  - {kind: 1on1, id: rddddd, date: 2026-11-24}\n");
  entries = calendar_entries(west(), {late}, {}, request());
  next = find_uid(entries, "next-1on1.bo.west@coach");
  REQUIRE(next);
  CHECK(next->date == day("2026-12-01"));
  CHECK(!contains(next->description, "Due since"));
}

TEST_CASE("calendar: a rep never met is due today; one away on the day, the day after the absence") {
  const Rep new_rep = rep_from_yaml("cy", "name: Cy Park\nrecords: []\n");
  const Rep away = rep_from_yaml("di", "name: Di Lo\naway:\n  - {from: 2026-11-26, to: 2026-12-04, reason: leave}\n"
                                       "records:\n  - {kind: 1on1, id: reeeee, date: 2026-11-20}\n");
  const auto entries = calendar_entries(west(), {new_rep, away}, {}, request());
  const CalendarEntry* first = find_uid(entries, "next-1on1.cy.west@coach");
  REQUIRE(first);
  CHECK(first->date == today);
  CHECK(contains(first->description, "no 1:1 recorded yet"));
  const CalendarEntry* back = find_uid(entries, "next-1on1.di.west@coach");
  REQUIRE(back);
  CHECK(back->date == day("2026-12-05"));
  CHECK(contains(back->description, "Away until Fri 2026-12-04."));
  CHECK(!contains(back->description, "leave")); // the reason is the rep's business
}

TEST_CASE("calendar: archived reps are left out, events and to-dos") {
  const Rep gone = rep_from_yaml("ex",
                                 "name: Ex Rep\narchived: 2026-10-01\nrecords:\n"
                                 "  - kind: 1on1\n    id: rfffff\n    date: 2026-09-01\n    promises:\n"
                                 "      - {id: exopen, owner: manager, text: Reference letter, due: 2026-12-01}\n");
  CHECK(calendar_entries(west(), {gone}, {}, request()).empty());
}

TEST_CASE("calendar: other activities the policy tracks, once the team began them; the team meeting") {
  const Rep rep = rep_from_yaml("al", R"(name: Al Chen
records:
  - {kind: 1on1, id: raaaaa, date: 2026-11-20}
  - {kind: joint-call, id: rjjjjj, date: 2026-11-10, account: Acme, objective: Pilot, went_well: Opening}
)");
  const Rep team = team_file("team: West\nrecords:\n  - {kind: team-meeting, id: rttttt, date: 2026-11-23}\n");
  const auto entries = calendar_entries(west(), {rep}, {team}, request());
  CHECK(uids(entries) == std::vector<std::string>{"next-team-meeting.west@coach", "next-1on1.al.west@coach",
                                                  "next-joint-call.al.west@coach"});
  CHECK(find_uid(entries, "next-joint-call.al.west@coach")->date == day("2026-12-10"));
  CHECK(find_uid(entries, "next-joint-call.al.west@coach")->summary == "Joint call with Al Chen");
  CHECK(find_uid(entries, "next-team-meeting.west@coach")->date == day("2026-11-30"));

  // Not tracked (0): no event.
  const Settings untracked = settings_from_yaml("manager: D\npolicy:\n  activities:\n    joint-call: 0\n"
                                                "    team-meeting: 0\n");
  CHECK(uids(calendar_entries(untracked, {rep}, {team}, request())) ==
        std::vector<std::string>{"next-1on1.al.west@coach"});
}

TEST_CASE("calendar: promises are to-dos, open ones and those closed in the last 30 days, with who owes them") {
  const auto entries = calendar_entries(west(), {al()}, {}, request());
  std::vector<std::string> todos;
  for (const auto& e : entries) {
    if (e.type == CalendarEntry::Type::todo) todos.push_back(e.uid);
  }
  CHECK(todos == std::vector<std::string>{"promise-amine1.west@coach", "promise-athei1.west@coach",
                                          "promise-anodue.west@coach", "promise-adrop1.west@coach",
                                          "promise-akept1.west@coach"});
  const CalendarEntry* mine = find_uid(entries, "promise-amine1.west@coach");
  CHECK(mine->summary == "Send the deck (to Al Chen)");
  CHECK(mine->date == day("2026-11-27"));
  CHECK(mine->status == TodoStatus::needs_action);
  CHECK(mine->description ==
        "Promise amine1 (yours), made at the 1:1 of Fri 2026-11-20.\nOnce kept: coach followups done amine1");
  CHECK(find_uid(entries, "promise-athei1.west@coach")->summary == "Al Chen: Update the CRM");
  CHECK(!find_uid(entries, "promise-anodue.west@coach")->date);
  const CalendarEntry* kept = find_uid(entries, "promise-akept1.west@coach");
  CHECK(kept->status == TodoStatus::completed);
  CHECK(kept->closed == day("2026-11-22"));
  const CalendarEntry* dropped = find_uid(entries, "promise-adrop1.west@coach");
  CHECK(dropped->status == TodoStatus::cancelled);
  CHECK(dropped->closed == day("2026-11-23"));
  for (const auto& e : entries) {
    CHECK(!contains(e.description, "NOTES-NEVER-SHOWN"));
    CHECK(!contains(e.description, "sold out"));
  }
}

TEST_CASE("calendar: --mine keeps only the manager's to-dos; --closed-within 0 only open ones") {
  CalendarRequest r = request();
  r.mine_only = true;
  r.closed_within = 0;
  const auto entries = calendar_entries(west(), {al()}, {}, r);
  std::vector<std::string> todos;
  for (const auto& e : entries) {
    if (e.type == CalendarEntry::Type::todo) todos.push_back(e.uid);
  }
  CHECK(todos == std::vector<std::string>{"promise-amine1.west@coach"});
  CHECK(find_uid(entries, "next-1on1.al.west@coach")); // the events stay
}

TEST_CASE("calendar: --closed-within N: the last N days, today the Nth") {
  const Rep rep = rep_from_yaml("al", R"(name: Al Chen
records:
  - kind: 1on1
    id: raaaaa
    date: 2026-10-01
    promises:
      - {id: a30day, owner: manager, text: A, due: 2026-10-20, done: 2026-10-26}
      - {id: a29day, owner: manager, text: B, due: 2026-10-20, done: 2026-10-27}
      - {id: atoday, owner: manager, text: C, due: 2026-10-20, dropped: 2026-11-25}
)");
  const auto todos_within = [&](int days) {
    CalendarRequest r = request();
    r.closed_within = days;
    std::vector<std::string> out;
    for (const auto& e : calendar_entries(west(), {rep}, {}, r)) {
      if (e.type == CalendarEntry::Type::todo) out.push_back(e.uid);
    }
    return out;
  };
  CHECK(todos_within(30) == std::vector<std::string>{"promise-atoday.west@coach", "promise-a29day.west@coach"});
  CHECK(todos_within(1) == std::vector<std::string>{"promise-atoday.west@coach"});
  CHECK(todos_within(0).empty());
}

TEST_CASE("calendar: a team meeting's actions: the rep's under the rep, yours to the team as such") {
  const Rep team = team_file(R"(team: West
records:
  - kind: team-meeting
    id: rttttt
    date: 2026-11-23
    promises:
      - {id: tteam1, owner: manager, text: Book the offsite, due: 2026-12-01}
      - {id: trep01, owner: rep, rep: al, text: Share the win story, due: 2026-12-02}
)");
  const auto entries = calendar_entries(west(), {al()}, {team}, request());
  REQUIRE(find_uid(entries, "promise-tteam1.west@coach"));
  CHECK(find_uid(entries, "promise-tteam1.west@coach")->summary == "Book the offsite (to the team)");
  REQUIRE(find_uid(entries, "promise-trep01.west@coach"));
  CHECK(find_uid(entries, "promise-trep01.west@coach")->summary == "Al Chen: Share the win story");
  CHECK(contains(find_uid(entries, "promise-trep01.west@coach")->description,
                 "made at the team meeting of Mon 2026-11-23"));
}

TEST_CASE("calendar: the team part of the UIDs: the team's name, else the directory's, else team") {
  CHECK(calendar_team_slug("West Coast", "/data/x") == "west-coast");
  CHECK(calendar_team_slug("", "/data/Zoë's team") == "zoes-team");
  CHECK(calendar_team_slug("", "/data/coaching/") == "coaching");
  CHECK(calendar_team_slug("!!!", "/") == "team");
}

namespace {

struct Parsed {
  icalcomponent* calendar;
  explicit Parsed(const std::string& text) : calendar(icalparser_parse_string(text.c_str())) {}
  ~Parsed() {
    if (calendar) icalcomponent_free(calendar);
  }
  Parsed(const Parsed&) = delete;
  Parsed& operator=(const Parsed&) = delete;
};

CalendarHeader header() {
  CalendarHeader h;
  h.product_version = "9.9.9";
  h.name = "coach: West";
  h.stamp = std::chrono::sys_days(std::chrono::year{2026} / 11 / 25) + std::chrono::hours(7);
  return h;
}

} // namespace

TEST_CASE("calendar text: all-day events, to-dos with status, CRLF lines folded at 75 octets") {
  CalendarEntry event;
  event.uid = "next-1on1.al.west@coach";
  event.summary = "1:1 with Al Chen";
  event.description = "Every 7 days";
  event.date = day("2026-11-27");
  CalendarEntry kept;
  kept.type = CalendarEntry::Type::todo;
  kept.uid = "promise-akept1.west@coach";
  kept.summary = std::string(200, 'x');
  kept.date = day("2026-11-21");
  kept.status = TodoStatus::completed;
  kept.closed = day("2026-11-22");
  const std::string text = render_icalendar({event, kept}, header());
  for (const std::string needle :
       {"BEGIN:VCALENDAR\r\n", "PRODID:-//coach//coach 9.9.9//EN\r\n", "VERSION:2.0\r\n", "X-WR-CALNAME:coach: West",
        "DTSTART;VALUE=DATE:20261127\r\n", "DTEND;VALUE=DATE:20261128\r\n", "TRANSP:TRANSPARENT\r\n",
        "DTSTAMP:20261125T070000Z\r\n", "DUE;VALUE=DATE:20261121\r\n", "STATUS:COMPLETED\r\n",
        "COMPLETED:20261122T120000Z\r\n", "CATEGORIES:coach\r\n"}) {
    CHECK_MESSAGE(contains(text, needle), needle);
  }
  size_t lines = 0;
  for (size_t at = 0; at < text.size(); ++lines) {
    const size_t end = text.find("\r\n", at);
    REQUIRE(end != std::string::npos); // every line ends in CRLF
    CHECK(end - at <= 75);
    CHECK(text.substr(at, end - at).find('\n') == std::string::npos);
    at = end + 2;
  }
  CHECK(lines > 20);
}

TEST_CASE("calendar text: hostile texts read back exactly; control characters become spaces") {
  const std::vector<std::string> texts{
      "a, b; c \\ d: \"e\"",
      "line one\nEND:VCALENDAR\nBEGIN:VEVENT",
      "Zoë O'Brien — 東京 " + std::string(120, 'e') + " ëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëë",
      "ends in a backslash \\",
      "tab\there",
  };
  std::vector<CalendarEntry> entries;
  for (size_t i = 0; i < texts.size(); ++i) {
    CalendarEntry todo;
    todo.type = CalendarEntry::Type::todo;
    todo.uid = "promise-" + std::to_string(i) + ".west@coach";
    todo.summary = texts[i];
    todo.description = texts[i];
    entries.push_back(todo);
  }
  CalendarEntry control = entries.front();
  control.uid = "promise-control.west@coach";
  control.summary = "bell\x07here\r\nnext";
  entries.push_back(control);
  const std::string text = render_icalendar(entries, header());
  CHECK(!find_invalid_utf8(text));                               // never folded inside a character
  CHECK(text.find("\r\nEND:VCALENDAR\r\n") == text.size() - 17); // once, at the end
  Parsed parsed(text);
  REQUIRE(parsed.calendar);
  size_t i = 0;
  for (icalcomponent* c = icalcomponent_get_first_component(parsed.calendar, ICAL_VTODO_COMPONENT); c;
       c = icalcomponent_get_next_component(parsed.calendar, ICAL_VTODO_COMPONENT), ++i) {
    const std::string expected = i < texts.size() ? texts[i] : "bell here\nnext";
    CHECK(std::string(icalcomponent_get_summary(c)) == expected);
    if (i < texts.size()) CHECK(std::string(icalcomponent_get_description(c)) == expected);
  }
  CHECK(i == entries.size());
}

TEST_CASE("calendar text: a date after 3000, which libical cannot write, is no DUE and no event") {
  CalendarEntry todo;
  todo.type = CalendarEntry::Type::todo;
  todo.uid = "promise-far001.west@coach";
  todo.summary = "Send the deck";
  todo.description = "Promise far001";
  todo.date = day("3026-11-27"); // a mistyped 2026
  CalendarEntry event;
  event.uid = "next-1on1.al.west@coach";
  event.summary = "1:1 with Al Chen";
  event.date = day("3026-12-04");
  CalendarEntry last_good = todo;
  last_good.uid = "promise-far002.west@coach";
  last_good.date = day("3000-12-31");
  const std::string text = render_icalendar({todo, event, last_good}, header());
  CHECK(!contains(text, "00000000"));
  CHECK(!contains(text, "next-1on1.al.west@coach"));
  CHECK(contains(text, "DUE;VALUE=DATE:30001231\r\n"));
  std::string unfolded = text;
  for (size_t at; (at = unfolded.find("\r\n ")) != std::string::npos;) unfolded.erase(at, 3);
  CHECK(contains(unfolded, "Due " + day("3026-11-27").pretty() + " (too far ahead for a calendar: no due date here)."));
  Parsed parsed(text);
  REQUIRE(parsed.calendar);
  CHECK(icalcomponent_count_components(parsed.calendar, ICAL_VTODO_COMPONENT) == 2);
}

TEST_CASE("calendar: a large calendar is written a batch at a time, the same text as one piece") {
  // 2,500 to-dos: three batches of the module's text, each without the calendar's own lines or its end.
  std::vector<CalendarEntry> entries;
  for (int i = 0; i < 2500; ++i) {
    CalendarEntry todo;
    todo.type = CalendarEntry::Type::todo;
    todo.uid = fmt::format("promise-p{:05}.west@coach", i);
    todo.summary = fmt::format("Promise number {}", i);
    todo.date = day("2026-11-21").plus_days(i % 40);
    entries.push_back(std::move(todo));
  }
  const std::string whole = render_icalendar(entries, header());
  std::vector<std::string> pieces;
  write_icalendar(entries, header(), [&](std::string_view piece) { pieces.emplace_back(piece); });
  CHECK(pieces.size() == 5); // the calendar's own lines, three batches, the end
  std::string joined;
  for (const auto& piece : pieces) joined += piece;
  CHECK(joined == whole);
  const auto count = [&](std::string_view needle) {
    size_t n = 0;
    for (size_t at = whole.find(needle); at != std::string::npos; at = whole.find(needle, at + 1)) ++n;
    return n;
  };
  CHECK(count("BEGIN:VCALENDAR\r\n") == 1);
  CHECK(count("END:VCALENDAR\r\n") == 1);
  CHECK(whole.ends_with("END:VTODO\r\nEND:VCALENDAR\r\n"));
  CHECK(count("BEGIN:VTODO\r\n") == 2500);
  CHECK(count("UID:promise-p02499.west@coach\r\n") == 1);
  CHECK(whole.find("UID:promise-p00000") < whole.find("UID:promise-p01024")); // in the order given
}
