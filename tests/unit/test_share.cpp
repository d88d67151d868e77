#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <coach/share.hpp>

#include "from_yaml.hpp"

using namespace coach;
using coach::testing::day;
using coach::testing::rep_from_yaml;

// What coach-share(1) says the rep's copy holds.

namespace {

const Date today = day("2026-11-25");

// Two 1:1s, two joint calls (one a plan alone), two skills audits, a career
// conversation, and promises open, closed before and after the last 1:1.
Rep al_chen() {
  return rep_from_yaml("al", R"(name: Al Chen
records:
  - kind: 1on1
    id: r1aaaa
    date: 2026-11-02
    notes: First
    promises:
      - {id: pkept1, owner: manager, text: Old deck, due: 2026-11-09, done: 2026-11-06}
      - {id: pkept2, owner: rep, text: Forecast, due: 2026-11-20, done: 2026-11-16}
      - {id: popen2, owner: rep, text: Call Acme}
  - kind: joint-call
    id: r2aaaa
    date: 2026-11-05
    account: Acme
    went_well: [Opening]
  - kind: skills-audit
    id: r3aaaa
    date: 2026-11-06
    ratings: {closing: 3}
  - kind: 1on1
    id: r4aaaa
    date: 2026-11-16
    notes: Second
    private: Mine alone
    promises:
      - {id: popen1, owner: manager, text: Intro, due: 2026-11-30}
      - {id: pdrop1, owner: manager, text: Pilot, due: 2026-11-30, dropped: 2026-11-20}
  - kind: skills-audit
    id: r5aaaa
    date: 2026-11-18
    ratings: {closing: 4}
  - kind: joint-call
    id: r6aaaa
    date: 2026-11-27
    account: Beta
    objective: Plan only
  - kind: career
    id: r7aaaa
    date: 2026-11-10
    goal: Senior AE
    goals:
      - {id: pgoal1, owner: rep, text: Run a QBR, due: 2027-03-31}
)");
}

std::vector<std::string> ids_of(const std::vector<const Record*>& records) {
  std::vector<std::string> ids;
  for (const Record* r : records) ids.push_back(r->id);
  return ids;
}

std::vector<std::string> ids_of(const std::vector<PromiseRef>& refs) {
  std::vector<std::string> ids;
  for (const auto& ref : refs) ids.push_back(ref.promise->id);
  return ids;
}

} // namespace

TEST_CASE("share: by default the latest 1:1, joint call with feedback and skills audit") {
  const Rep al = al_chen();
  const ShareView view = share_view(al, std::nullopt, today);
  CHECK(ids_of(view.meetings) == std::vector<std::string>{"r4aaaa"});
  CHECK(ids_of(view.calls) == std::vector<std::string>{"r2aaaa"}); // the later one is a plan alone
  CHECK(ids_of(view.audits) == std::vector<std::string>{"r5aaaa"});
  CHECK(view.plan.goal == "Senior AE");
  REQUIRE(view.plan.goals.size() == 1);
  CHECK(view.plan.goals[0]->id == "pgoal1");
  // Open ones by due date, undated last, goals left to the plan; closed ones from the last 1:1's date.
  CHECK(ids_of(view.open) == std::vector<std::string>{"popen1", "popen2"});
  CHECK(ids_of(view.closed) == std::vector<std::string>{"pkept2", "pdrop1"});
}

TEST_CASE("share: --since takes every record and closed promise from that date") {
  const Rep al = al_chen();
  const ShareView view = share_view(al, day("2026-11-01"), today);
  CHECK(ids_of(view.meetings) == std::vector<std::string>{"r1aaaa", "r4aaaa"});
  CHECK(ids_of(view.calls) == std::vector<std::string>{"r2aaaa"});
  CHECK(ids_of(view.audits) == std::vector<std::string>{"r3aaaa", "r5aaaa"});
  CHECK(ids_of(view.closed) == std::vector<std::string>{"pkept1", "pkept2", "pdrop1"});
  const ShareView later = share_view(al, day("2026-11-17"), today);
  CHECK(later.meetings.empty());
  CHECK(ids_of(later.audits) == std::vector<std::string>{"r5aaaa"});
  CHECK(ids_of(later.closed) == std::vector<std::string>{"pdrop1"});
  CHECK(ids_of(later.open) == std::vector<std::string>{"popen1", "popen2"}); // open ones always
}

TEST_CASE("share: a rep with nothing on record has an empty view") {
  const Rep bo = rep_from_yaml("bo", "name: Bo Ruiz\n");
  const ShareView view = share_view(bo, std::nullopt, today);
  CHECK(view.empty());
  CHECK(view.closed.empty());
  const Rep al = al_chen();
  CHECK_FALSE(share_view(al, std::nullopt, today).empty());
}
