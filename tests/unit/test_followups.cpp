#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <coach/error.hpp>
#include <coach/followups.hpp>

#include "from_yaml.hpp"

using namespace coach;
using coach::testing::day;
using coach::testing::rep_from_yaml;

// Rules of coach-followups(1), "How a promise ends", "THE LIST" and "Naming a promise".

namespace {

// Wed 2026-11-25, the man page's today.
const Date today = day("2026-11-25");

// One rep whose only record holds `promises` (flow maps, one a line, indented by 6).
Rep rep_with_promises(const std::string& promises) {
  return rep_from_yaml("al", "name: Al Chen\nrecords:\n  - kind: 1on1\n    id: raaaaa\n    date: 2026-11-02\n"
                             "    promises:\n" +
                                 promises);
}

PromiseState state_of(const std::string& promise) {
  const Rep rep = rep_with_promises("      - " + promise + "\n");
  REQUIRE(rep.records.at(0).promises.size() == 1);
  return promise_state(rep.records[0].promises[0], today);
}

std::vector<std::string> ids_of(const std::vector<PromiseRef>& refs) {
  std::vector<std::string> ids;
  for (const auto& ref : refs) ids.push_back(ref.promise->id);
  return ids;
}

// A team of three on Wed 2026-11-25: Al and Bo active, Ry archived.
std::vector<Rep> team() {
  std::vector<Rep> reps;
  reps.push_back(rep_from_yaml("al", R"(name: Al Chen
records:
  - kind: 1on1
    id: raaaaa
    date: 2026-11-02
    promises:
      - {id: aovrd2, owner: manager, text: Quote, due: 2026-11-23}
      - {id: anodue, owner: rep, text: Read the book}
      - {id: akept1, owner: manager, text: Deck, due: 2026-11-10, done: 2026-11-09}
      - {id: adue30, owner: rep, text: Call Acme, due: 2026-11-30}
  - kind: promise
    id: rbbbbb
    date: 2026-11-20
    promises:
      - {id: atoday, owner: manager, text: Intro, due: 2026-11-25}
)"));
  reps.push_back(rep_from_yaml("bo", R"(name: Bo Ruiz
records:
  - kind: 1on1
    id: rccccc
    date: 2026-11-03
    promises:
      - {id: bovrd5, owner: rep, text: CRM, due: 2026-11-20}
      - {id: bovrd2, owner: rep, text: Demo, due: 2026-11-23}
      - {id: bdue01, owner: manager, text: Lunch, due: 2026-11-26}
      - {id: bdrop1, owner: rep, text: Old, due: 2026-11-12, dropped: 2026-11-21, reason: moot}
      - {id: bkept2, owner: rep, text: Forecast, due: 2026-11-18, done: 2026-11-19}
)"));
  reps.push_back(rep_from_yaml("ry", R"(name: Ry Park
archived: 2026-10-31
records:
  - kind: 1on1
    id: rddddd
    date: 2026-10-01
    promises:
      - {id: rovrd1, owner: manager, text: Reference, due: 2026-10-15}
)"));
  return reps;
}

} // namespace

TEST_CASE("followups: an open promise is open, due today or overdue against today") {
  CHECK(state_of("{id: p1, owner: manager, text: t, due: 2026-11-26}") == PromiseState::open);
  CHECK(state_of("{id: p1, owner: manager, text: t, due: 2026-11-25}") == PromiseState::due_today);
  CHECK(state_of("{id: p1, owner: manager, text: t, due: 2026-11-24}") == PromiseState::overdue);
  CHECK(state_of("{id: p1, owner: manager, text: t}") == PromiseState::open); // no due date: never overdue
}

TEST_CASE("followups: a kept promise is judged against its first and its last due date") {
  SUBCASE("kept on time: on or before the date first due, or with no due date") {
    CHECK(state_of("{id: p1, owner: rep, text: t, due: 2026-11-20, done: 2026-11-20}") == PromiseState::kept_on_time);
    CHECK(state_of("{id: p1, owner: rep, text: t, due: 2026-11-20, done: 2026-11-19}") == PromiseState::kept_on_time);
    CHECK(state_of("{id: p1, owner: rep, text: t, done: 2026-11-19}") == PromiseState::kept_on_time);
    // Moved from the 18th to the 22nd, kept the 18th: on time by the first date.
    CHECK(state_of("{id: p1, owner: rep, text: t, due: 2026-11-22, first_due: 2026-11-18, done: 2026-11-18}") ==
          PromiseState::kept_on_time);
  }
  SUBCASE("kept after a move: after the first date, on or before the date moved to") {
    CHECK(state_of("{id: p1, owner: rep, text: t, due: 2026-11-22, first_due: 2026-11-18, done: 2026-11-19}") ==
          PromiseState::kept_after_move);
    CHECK(state_of("{id: p1, owner: rep, text: t, due: 2026-11-22, first_due: 2026-11-18, done: 2026-11-22}") ==
          PromiseState::kept_after_move);
  }
  SUBCASE("kept late: after its due date, moved or not") {
    CHECK(state_of("{id: p1, owner: rep, text: t, due: 2026-11-20, done: 2026-11-21}") == PromiseState::kept_late);
    CHECK(state_of("{id: p1, owner: rep, text: t, due: 2026-11-22, first_due: 2026-11-18, done: 2026-11-23}") ==
          PromiseState::kept_late);
  }
  SUBCASE("moved earlier: on time only on or before both dates; kept between them is late") {
    // Moved from the 22nd back to the 18th: the 18th is what the rep was held to.
    CHECK(state_of("{id: p1, owner: rep, text: t, due: 2026-11-18, first_due: 2026-11-22, done: 2026-11-18}") ==
          PromiseState::kept_on_time);
    CHECK(state_of("{id: p1, owner: rep, text: t, due: 2026-11-18, first_due: 2026-11-22, done: 2026-11-20}") ==
          PromiseState::kept_late);
    CHECK(state_of("{id: p1, owner: rep, text: t, due: 2026-11-18, first_due: 2026-11-22, done: 2026-11-22}") ==
          PromiseState::kept_late);
  }
  SUBCASE("the state of a closed promise does not depend on today") {
    const Rep rep = rep_with_promises("      - {id: p1, owner: rep, text: t, due: 2026-11-20, done: 2026-11-21}\n");
    CHECK(promise_state(rep.records[0].promises[0], day("2026-11-21")) == PromiseState::kept_late);
    CHECK(promise_state(rep.records[0].promises[0], day("2030-01-01")) == PromiseState::kept_late);
  }
}

TEST_CASE("followups: a dropped promise is dropped, overdue or not") {
  CHECK(state_of("{id: p1, owner: manager, text: t, due: 2026-11-20, dropped: 2026-11-24, reason: r}") ==
        PromiseState::dropped);
  CHECK(state_of("{id: p1, owner: manager, text: t, dropped: 2026-11-24, reason: r}") == PromiseState::dropped);
}

TEST_CASE("followups: original_due is first_due once moved, else due") {
  const Rep rep = rep_with_promises("      - {id: p1, owner: rep, text: t, due: 2026-11-22, first_due: 2026-11-18}\n"
                                    "      - {id: p2, owner: rep, text: t, due: 2026-11-22}\n"
                                    "      - {id: p3, owner: rep, text: t}\n");
  const auto& promises = rep.records[0].promises;
  CHECK(original_due(promises[0]) == day("2026-11-18"));
  CHECK(original_due(promises[1]) == day("2026-11-22"));
  CHECK_FALSE(original_due(promises[2]).has_value());
}

TEST_CASE("followups: the list holds the open promises of active reps, earliest due first, undated last") {
  const auto reps = team();
  const auto listed = select_promises(reps, {}, today);
  // Due 11-20 (bo), 11-23 (al before bo: same day, by rep id), 11-25, 11-26, 11-30, then undated.
  // Closed ones (akept1, bdrop1, bkept2) and the archived Ry's are left out.
  CHECK(ids_of(listed) ==
        std::vector<std::string>{"bovrd5", "aovrd2", "bovrd2", "atoday", "bdue01", "adue30", "anodue"});
  // A promise recorded with `followups add` (a record of kind promise) is listed like the others.
  CHECK(listed[3].record->kind == "promise");
  CHECK(listed[3].rep->id == "al");
}

TEST_CASE("followups: filters combine") {
  const auto reps = team();
  PromiseFilter filter;
  SUBCASE("--overdue: open and due before today") {
    filter.overdue_only = true;
    CHECK(ids_of(select_promises(reps, filter, today)) == std::vector<std::string>{"bovrd5", "aovrd2", "bovrd2"});
  }
  SUBCASE("--due-within 0: overdue or due today; undated left out") {
    filter.due_within = 0;
    CHECK(ids_of(select_promises(reps, filter, today)) ==
          std::vector<std::string>{"bovrd5", "aovrd2", "bovrd2", "atoday"});
  }
  SUBCASE("--due-within 5: due on today + 5 (11-30) included") {
    filter.due_within = 5;
    CHECK(ids_of(select_promises(reps, filter, today)) ==
          std::vector<std::string>{"bovrd5", "aovrd2", "bovrd2", "atoday", "bdue01", "adue30"});
    filter.due_within = 4;
    CHECK(ids_of(select_promises(reps, filter, today)).size() == 5);
  }
  SUBCASE("--mine and --theirs") {
    filter.owner = Owner::manager;
    CHECK(ids_of(select_promises(reps, filter, today)) == std::vector<std::string>{"aovrd2", "atoday", "bdue01"});
    filter.owner = Owner::rep;
    filter.overdue_only = true;
    CHECK(ids_of(select_promises(reps, filter, today)) == std::vector<std::string>{"bovrd5", "bovrd2"});
  }
  SUBCASE("one rep") {
    filter.rep_id = "al";
    CHECK(ids_of(select_promises(reps, filter, today)) ==
          std::vector<std::string>{"aovrd2", "atoday", "adue30", "anodue"});
  }
  SUBCASE("a rep named is listed even when archived") {
    filter.rep_id = "ry";
    CHECK(ids_of(select_promises(reps, filter, today)) == std::vector<std::string>{"rovrd1"});
  }
  SUBCASE("--archived: the archived reps' promises too, in due order") {
    filter.include_archived = true;
    CHECK(ids_of(select_promises(reps, filter, today)).front() == "rovrd1");
    CHECK(select_promises(reps, filter, today).size() == 8);
  }
}

TEST_CASE("followups: --all adds the closed promises after the open ones, the most recently closed first") {
  const auto reps = team();
  PromiseFilter filter;
  filter.include_closed = true;
  const auto listed = ids_of(select_promises(reps, filter, today));
  REQUIRE(listed.size() == 10);
  // Closed: bdrop1 dropped 11-21, bkept2 kept 11-19, akept1 kept 11-09.
  CHECK(std::vector<std::string>(listed.end() - 3, listed.end()) ==
        std::vector<std::string>{"bdrop1", "bkept2", "akept1"});
  // --all has no effect with --overdue or --due-within.
  filter.overdue_only = true;
  CHECK(select_promises(reps, filter, today).size() == 3);
  filter.overdue_only = false;
  filter.due_within = 0;
  CHECK(select_promises(reps, filter, today).size() == 4);
}

TEST_CASE("followups: no promise matches") {
  PromiseFilter filter;
  filter.rep_id = "nobody";
  CHECK(select_promises(team(), filter, today).empty());
  CHECK(select_promises({}, {}, today).empty());
}

TEST_CASE("followups: a promise is found by its id or the start of exactly one id") {
  const auto reps = team();
  CHECK(find_promise(reps, "bovrd5").promise->text == "CRM");
  CHECK(find_promise(reps, "bovrd5").rep->id == "bo");
  CHECK(find_promise(reps, "bovrd5").record->id == "rccccc");
  CHECK(find_promise(reps, "bdr").promise->id == "bdrop1");        // a prefix, of a closed promise
  CHECK(find_promise(reps, "rov").promise->id == "rovrd1");        // of an archived rep
  CHECK(find_promise(reps, "  BOVRD5\t").promise->id == "bovrd5"); // blanks removed, lower case
  CHECK(find_promise(reps, "at").promise->id == "atoday");         // in a record of kind promise
}

TEST_CASE("followups: an exact id wins over longer ids it starts") {
  std::vector<Rep> reps;
  reps.push_back(rep_with_promises("      - {id: k7m2qx, owner: rep, text: short}\n"
                                   "      - {id: k7m2qxz, owner: rep, text: long}\n"));
  CHECK(find_promise(reps, "k7m2qx").promise->text == "short");
  CHECK(find_promise(reps, "k7m2qxz").promise->text == "long");
}

namespace {

// The exit code and message of find_promise's error for `id`.
std::pair<ExitCode, std::string> find_error(const std::vector<Rep>& reps, const std::string& id) {
  try {
    find_promise(reps, id);
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
  FAIL("find_promise(\"" << id << "\") did not throw");
  return {ExitCode::ok, ""};
}

} // namespace

TEST_CASE("followups: an ambiguous prefix exits 4 and lists the promises it matches, up to five") {
  const auto reps = team();
  const auto [code, message] = find_error(reps, "bo");
  CHECK(code == ExitCode::not_found);
  CHECK(message == "promise id 'bo' is ambiguous: bovrd5 (Bo Ruiz: CRM), bovrd2 (Bo Ruiz: Demo)");
  std::string many;
  for (int i = 0; i < 7; ++i)
    many += "      - {id: zz" + std::to_string(i) + "aaa, owner: rep, text: t" + std::to_string(i) + "}\n";
  const auto [many_code, many_message] = find_error({rep_with_promises(many)}, "zz");
  CHECK(many_code == ExitCode::not_found);
  CHECK(many_message.find("zz4aaa") != std::string::npos);
  CHECK(many_message.find("zz5aaa") == std::string::npos); // five named at most
}

TEST_CASE("followups: an unknown id exits 4 naming up to three ids within three characters") {
  const auto reps = team();
  const auto [code, message] = find_error(reps, "bovrd9");
  CHECK(code == ExitCode::not_found);
  // bovrd5 and bovrd2 differ by one character; bdue01, bkept2, ... by more than three.
  CHECK(message.rfind("no promise 'bovrd9'; closest: bovrd5 (Bo Ruiz: CRM), bovrd2 (Bo Ruiz: Demo)", 0) == 0);
  const auto [far_code, far_message] = find_error(reps, "qqqqqqqq");
  CHECK(far_code == ExitCode::not_found);
  CHECK(far_message == "no promise 'qqqqqqqq'; `coach followups` lists the open ones");
}

TEST_CASE("followups: an empty id is a usage error, an id held twice a data error") {
  CHECK(find_error(team(), "").first == ExitCode::usage);
  CHECK(find_error(team(), "   ").first == ExitCode::usage);
  auto reps = team();
  reps.push_back(rep_from_yaml("cy", "name: Cy\nrecords:\n  - kind: 1on1\n    id: reeeee\n    date: 2026-11-04\n"
                                     "    promises:\n      - {id: bovrd5, owner: rep, text: Copied}\n"));
  const auto [code, message] = find_error(reps, "bovrd5");
  CHECK(code == ExitCode::data);
  CHECK(message == "promise id 'bovrd5' is used more than once: bovrd5 (Bo Ruiz: CRM), bovrd5 (Cy: Copied); "
                   "give each its own id");
}
