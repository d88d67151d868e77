#include <doctest/doctest.h>

#include <coach/error.hpp>
#include <coach/roster.hpp>

using namespace coach;

namespace {

std::vector<Rep> team() {
  std::vector<Rep> reps(4);
  reps[0].id = "alice-chen";
  reps[0].name = "Alice Chen";
  reps[1].id = "alan-park";
  reps[1].name = "Alan Park";
  reps[2].id = "bo-chen";
  reps[2].name = "Bo Chen";
  reps[3].id = "carl-diaz";
  reps[3].name = "Carl Diaz";
  reps[3].archived = Date::parse_iso("2026-06-30");
  return reps;
}

std::string failure(const std::vector<Rep>& reps, const char* query) {
  try {
    resolve_rep(reps, query);
  } catch (const Error& e) {
    CHECK(e.code() != ExitCode::ok);
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("roster::resolve_rep") {
  const auto reps = team();
  CHECK(resolve_rep(reps, "alice-chen").id == "alice-chen");
  CHECK(resolve_rep(reps, "ali").id == "alice-chen");
  CHECK(resolve_rep(reps, "bo").id == "bo-chen");
  CHECK(resolve_rep(reps, "PARK").id == "alan-park");
  CHECK(resolve_rep(reps, "carl").id == "carl-diaz"); // only an archived rep matches
  CHECK(failure(reps, "al") == "rep 'al' is ambiguous: it matches alice-chen (Alice Chen), alan-park (Alan Park)");
  CHECK(failure(reps, "chen") == "rep 'chen' is ambiguous: it matches alice-chen (Alice Chen), bo-chen (Bo Chen)");
  CHECK(failure(reps, "alise").find("no rep 'alise'; closest: alice-chen (Alice Chen)") == 0);
  CHECK(failure(reps, "  ") == "REP is empty: give an id, the start of one, or part of a name");
  CHECK(failure({}, "x") == "no rep 'x': this directory has no reps yet; add one with `coach rep add NAME`");
}

TEST_CASE("roster::resolve_rep prefers active reps") {
  auto reps = team();
  reps[2].name = "Carla Bo"; // "carl" now matches an active and an archived rep by name
  reps[2].id = "carla-bo";
  CHECK(resolve_rep(reps, "carl").id == "carla-bo");
}

TEST_CASE("roster::resolve_rep ignores case and accents in names") {
  std::vector<Rep> reps(2);
  reps[0].id = "adne-overgard";
  reps[0].name = "Ådne Øvergård";
  reps[1].id = "zoe-obrien";
  reps[1].name = "Zoë O'Brien";
  CHECK(resolve_rep(reps, "ådne").id == "adne-overgard");
  CHECK(resolve_rep(reps, "ØVER").id == "adne-overgard");
  CHECK(resolve_rep(reps, "ZOË").id == "zoe-obrien");
  CHECK(resolve_rep(reps, "zoe").id == "zoe-obrien");
  CHECK(failure(reps, "xyz") == "no rep 'xyz'; the reps are adne-overgard (Ådne Øvergård), zoe-obrien (Zoë O'Brien)");
}

TEST_CASE("roster::resolve_rep suggests only names that are close") {
  std::vector<Rep> reps(2);
  reps[0].id = "marcus-reed";
  reps[0].name = "Marcus Reed";
  reps[1].id = "priya-raman";
  reps[1].name = "Priya Raman";
  // Two edits from "reed" share one letter of three: not a suggestion, the list instead.
  CHECK(failure(reps, "zed") == "no rep 'zed'; the reps are marcus-reed (Marcus Reed), priya-raman (Priya Raman)");
  CHECK(failure(reps, "red").find("closest: marcus-reed") != std::string::npos); // one edit
  CHECK(failure(reps, "pryia").find("closest: priya-raman") != std::string::npos);
  CHECK(failure(reps, "marucs").find("closest: marcus-reed") != std::string::npos);
}
