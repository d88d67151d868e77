#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <set>
#include <stdexcept>
#include <thread>

#include <sys/stat.h>

#include <fmt/format.h>

#include <coach/data_dir.hpp>
#include <coach/error.hpp>
#include <coach/ids.hpp>
#include <coach/rep_cache.hpp>

#include "temp_dir.hpp"

using namespace coach;
namespace fs = std::filesystem;

TEST_CASE("data_dir::find_data_dir follows git's order") {
  testing::TempDir tmp;
  const auto team = tmp.path() / "team";
  init_data_dir(team, "Dana", "");
  fs::create_directories(team / "reps" / "deep");
  const auto other = tmp.path() / "other";
  init_data_dir(other, "Eve", "");

  DirectoryHints hints;
  hints.cwd = team / "reps" / "deep";
  hints.home = (tmp.path() / "home").string();
  CHECK(find_data_dir(hints) == "../.."); // nearest parent with coach.yaml, relative to cwd
  hints.cwd = team;
  CHECK(find_data_dir(hints) == "."); // the working directory itself
  hints.cwd = team / "reps" / "deep";
  hints.env_dir = other.string();
  CHECK(find_data_dir(hints) == other); // COACH_DIR beats the parents
  hints.explicit_dir = team;
  CHECK(find_data_dir(hints) == team); // -C beats COACH_DIR
  hints.explicit_dir = tmp.path() / "missing";
  CHECK_THROWS_AS(find_data_dir(hints), Error);

  DirectoryHints nowhere;
  nowhere.cwd = tmp.path();
  nowhere.home = (tmp.path() / "home").string();
  try {
    find_data_dir(nowhere);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::not_found);
    CHECK(std::string(e.what()).find("coach init") != std::string::npos);
  }
  init_data_dir(default_data_dir(nowhere), "", "");
  CHECK(find_data_dir(nowhere) == tmp.path() / "home" / ".local" / "share" / "coach");
  nowhere.xdg_data_home = (tmp.path() / "xdg").string();
  CHECK(default_data_dir(nowhere) == tmp.path() / "xdg" / "coach");
}

TEST_CASE("data_dir::init_data_dir") {
  testing::TempDir tmp;
  const auto root = tmp.path() / "team";
  init_data_dir(root, "Dana Whitfield", "West");
  struct stat info {};
  ::stat(root.c_str(), &info);
  CHECK((info.st_mode & 0777) == 0700);
  ::stat((root / "coach.yaml").c_str(), &info);
  CHECK((info.st_mode & 0777) == 0600);
  const DataDir dir(root);
  const auto settings = dir.load_settings();
  CHECK(settings.manager == "Dana Whitfield");
  CHECK(settings.team == "West");
  CHECK(settings.policy.cadence == 7);
  CHECK(settings.policy.grace == 2);
  CHECK_THROWS_AS(init_data_dir(root, "Other", ""), Error);
  CHECK(DataDir(root).load_settings().manager == "Dana Whitfield");
}

TEST_CASE("data_dir: the rep files are the .yaml files not hidden, in fs::path's order") {
  testing::TempDir tmp;
  const auto root = tmp.path() / "team";
  init_data_dir(root, "Dana", "");
  // Names whose order by path parts and by bytes could differ if either were wrong: a dash, a dot and a digit after
  // a common stem, capitals, and files that are not rep files.
  const std::vector<std::string> reps{"a.yaml", "a-b.yaml", "a0.yaml", "ab.yaml", "B.yaml", "a.b.yaml", "z.yaml"};
  for (const auto& name : reps) std::ofstream(root / "reps" / name) << "name: X\n";
  for (const char* other : {".hidden.yaml", "notes.txt", "x.yaml.bak", "y.YAML", ".yaml", "yaml"}) {
    std::ofstream(root / "reps" / other) << "name: X\n";
  }
  fs::create_directory(root / "reps" / "deep.yaml.d");
  std::vector<fs::path> expected;
  for (const auto& name : reps) expected.push_back(root / "reps" / name);
  std::sort(expected.begin(), expected.end()); // fs::path's own comparison
  std::vector<LoadFailure> failures;
  const auto roster = DataDir(root).load_roster(&failures); // one entry per rep file, in their order
  std::vector<fs::path> listed;
  for (const auto& entry : roster) listed.push_back(entry.path);
  REQUIRE(listed.size() == expected.size());
  for (size_t i = 0; i < listed.size(); ++i) CHECK(listed[i] == expected[i].lexically_normal());
  std::vector<std::string> names;
  for (const auto& path : listed) names.push_back(path.filename().string());
  CHECK(names == std::vector<std::string>{"B.yaml", "a-b.yaml", "a.b.yaml", "a.yaml", "a0.yaml", "ab.yaml", "z.yaml"});
}

TEST_CASE("data_dir::add_rep and append_record") {
  testing::TempDir tmp;
  init_data_dir(tmp.path(), "Dana", "");
  const DataDir dir(tmp.path());
  Rep alice;
  alice.id = "alice-chen";
  alice.name = "Alice Chen";
  dir.add_rep(alice);
  CHECK_THROWS_AS(dir.add_rep(alice), Error);
  Rep escape;
  escape.id = "../evil";
  escape.name = "Evil";
  CHECK_THROWS_AS(dir.add_rep(escape), Error);
  CHECK_FALSE(fs::exists(tmp.path() / "evil.yaml"));

  auto reps = dir.load_reps();
  REQUIRE(reps.size() == 1);
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    Record record;
    record.kind = "1on1";
    record.date = *Date::parse_iso("2026-11-20");
    Promise promise;
    promise.text = "p";
    promise.due = Date::parse_iso("2026-11-27");
    record.promises = {promise, promise};
    const auto written = dir.append_record(reps[0], record);
    CHECK(is_record_id(written.id));
    ids.insert(written.id);
    for (const auto& p : written.promises) ids.insert(p.id);
  }
  CHECK(ids.size() == 60);
  const auto back = dir.load_reps();
  CHECK(back[0].records.size() == 20);
  CHECK(back[0].open_promises().size() == 40);
}

TEST_CASE("data_dir::for_each_rep visits in id order, lists what it cannot read, and refreshes the roster index") {
  testing::TempDir tmp;
  init_data_dir(tmp.path(), "Dana", "");
  const auto reps = tmp.path() / "reps";
  const auto write_old = [](const fs::path& file, const std::string& text) {
    write_file_atomic(file, text);
    fs::last_write_time(file, fs::file_time_type::clock::now() - std::chrono::hours(1));
  };
  // More files than the window read ahead, written in reverse order; two cannot be read.
  std::vector<std::string> readable;
  for (int i = 29; i >= 0; --i) {
    const auto id = fmt::format("r{:02}", i);
    if (i == 7 || i == 21) {
      write_old(reps / (id + ".yaml"), fmt::format("id: {}\nname: \"cut\n", id));
      continue;
    }
    write_old(reps / (id + ".yaml"),
              fmt::format("id: {}\nname: Rep {}\nrecords:\n  - {{kind: 1on1, date: 2026-11-{:02}}}\n", id, i, i + 1));
    readable.insert(readable.begin(), id);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(25)); // their ctimes: old enough to index
  const DataDir dir(tmp.path());
  std::vector<std::string> visited;
  size_t records = 0;
  const auto visit = [&](Rep& rep) {
    visited.push_back(rep.id);
    records += rep.records.size();
  };
  std::vector<LoadFailure> failures;
  dir.for_each_rep(visit, &failures);
  CHECK(visited == readable);
  CHECK(records == readable.size()); // each rep whole
  REQUIRE(failures.size() == 2);
  CHECK(failures[0].message.find("r07.yaml:2:") != std::string::npos);
  CHECK(failures[1].message.find("r21.yaml:2:") != std::string::npos);
  CHECK(failures[0].code == ExitCode::data);

  // The roster index holds every readable file, as after load_reps.
  const RepCache cache(tmp.path() / ".coach" / "cache");
  const auto index = cache.load_roster_index();
  REQUIRE(index.size() == readable.size());
  CHECK(index[3].entry.name == "Rep 3");
  CHECK(index[3].entry.first_record == Date::parse_iso("2026-11-04"));
  // A hand edit is seen, and the index follows it; the other entries are kept.
  write_old(reps / "r03.yaml", "id: r03\nname: Rep Three\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(25));
  visited.clear();
  failures.clear();
  dir.for_each_rep([&](Rep& rep) { visited.push_back(rep.name); }, &failures);
  CHECK(visited[3] == "Rep Three");
  const auto refreshed = cache.load_roster_index();
  REQUIRE(refreshed.size() == readable.size());
  CHECK(refreshed[3].entry.name == "Rep Three");
  CHECK_FALSE(refreshed[3].entry.first_record.has_value());
  CHECK(refreshed[4].entry == index[4].entry);

  // Without `failures`: the first file that cannot be read is thrown, once those before it are visited.
  visited.clear();
  try {
    dir.for_each_rep(visit);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == ExitCode::data);
    CHECK(std::string(e.what()).find("r07.yaml:2:") != std::string::npos);
  }
  CHECK(visited == std::vector<std::string>(readable.begin(), readable.begin() + 7));
  // A visit that throws stops the reading, and its exception is passed on.
  int seen = 0;
  const auto stop_at_third = [&](Rep&) {
    if (++seen == 3) throw std::runtime_error("stop");
  };
  CHECK_THROWS_WITH_AS(dir.for_each_rep(stop_at_third, &failures), "stop", std::runtime_error);
  CHECK(seen == 3);
  // An empty directory: nothing visited.
  fs::remove_all(reps);
  dir.for_each_rep([](Rep&) { FAIL("no rep"); });
}

TEST_CASE("data_dir: a rep file that cannot be read stops only what needs it") {
  testing::TempDir tmp;
  init_data_dir(tmp.path(), "Dana", "");
  const DataDir dir(tmp.path());
  Rep alice;
  alice.id = "alice-chen";
  alice.name = "Alice Chen";
  dir.add_rep(alice);
  Rep bo;
  bo.id = "bo-diaz";
  bo.name = "Bo Diaz";
  dir.add_rep(bo);
  Record record;
  record.kind = "1on1";
  record.date = *Date::parse_iso("2026-11-20");
  Promise promise;
  promise.text = "p";
  promise.due = Date::parse_iso("2026-11-27");
  record.promises = {promise};
  const Record alices = dir.append_record(dir.find_rep("alice-chen"), record);
  // A typo in Bo's file: a quote never closed.
  {
    std::ofstream broken(tmp.path() / "reps" / "bo-diaz.yaml");
    broken << "id: bo-diaz\nname: Bo Diaz\nrecords:\n  - kind: 1on1\n    id: q4kx7m\n    date: 2026-11-20\n"
              "    notes: \"cut\n    promises:\n      - id: r8tz2c\n        text: x\n";
  }

  CHECK_THROWS_AS(dir.load_roster(), Error);
  std::vector<LoadFailure> failures;
  const auto roster = dir.load_roster(&failures);
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].code == ExitCode::data);
  CHECK(failures[0].message.find("bo-diaz.yaml:7:12: ") != std::string::npos);
  REQUIRE(roster.size() == 2);
  CHECK(roster[1].id == "bo-diaz");
  CHECK(roster[1].promise_ids == std::vector<uint32_t>{*pack_record_id("q4kx7m"), *pack_record_id("r8tz2c")});

  // Alice: found by a part of her name, her promise by its id, and written to.
  CHECK(dir.find_rep("ali").id == "alice-chen");
  CHECK(dir.find_rep_with_promise(alices.promises[0].id).second == alices.promises[0].id);
  CHECK(is_record_id(dir.append_record(dir.find_rep("ali"), record).id));
  CHECK(dir.load_reps(&failures).size() == 1);
  // Bo, or an id only his file may hold: his file's place.
  for (const auto& attempt :
       std::vector<std::function<void()>>{[&] { dir.find_rep("bo"); }, [&] { dir.find_rep_with_promise("r8tz"); }}) {
    try {
      attempt();
      FAIL("expected an error");
    } catch (const Error& e) {
      CHECK(e.code() == ExitCode::data);
      CHECK(std::string(e.what()).find("bo-diaz.yaml:7:12: ") != std::string::npos);
    }
  }
}

TEST_CASE("data_dir::ids_in_use reads every file and parses none, but one with an escape") {
  // Asked for the ids of every file and two no file has, it finds exactly the first.
  const std::vector<std::string> present = {"q4kx7m", "r8tz2c", "b2c3d4", "k7m2qx", "mnpqrs", "vwxyz2"};
  std::vector<uint32_t> candidates = {*pack_record_id("zzzzz9"), *pack_record_id("a00000")};
  for (const auto& id : present) candidates.push_back(*pack_record_id(id));
  const auto in_use = [&](const DataDir& dir) {
    std::vector<std::string> ids;
    for (const uint32_t packed : dir.ids_in_use(candidates)) ids.push_back(unpack_record_id(packed));
    return ids;
  };
  testing::TempDir tmp;
  init_data_dir(tmp.path(), "Dana", "");
  const DataDir dir(tmp.path());
  const auto reps = tmp.path() / "reps";
  const auto write = [](const fs::path& file, const std::string& text) {
    std::ofstream(file) << text;
    const auto when = fs::file_time_type::clock::now() - std::chrono::hours(1);
    fs::last_write_time(file, when); // old enough to cache, were it parsed
  };
  fs::create_directories(reps);
  fs::create_directories(tmp.path() / "team");
  write(reps / "al.yaml", "name: Al\nrecords:\n  - {kind: 1on1, id: q4kx7m, date: 2026-11-20}\n");
  // Keys and values an `id:` scan would miss: a quoted key, the value on the next line.
  write(reps / "bo.yaml", "name: Bo\nrecords:\n  - kind: 1on1\n    \"id\": r8tz2c\n    date: 2026-11-20\n"
                          "    promises:\n      - id:\n          b2c3d4\n        owner: rep\n        text: x\n"
                          "        due: 2026-11-27\n");
  write(reps / "cy.yaml", "name: Cy\nrecords:\n  - kind: 1on1\n    id: k7m2qx\n    notes: \"never closed\n");
  // An id spelled with an escape: only the parser reads it.
  write(reps / "di.yaml", "name: Di\nrecords:\n  - {kind: 1on1, id: \"\\x6dnpqrs\", date: 2026-11-20}\n");
  write(tmp.path() / "team" / "2026.yaml",
        "team: T\nrecords:\n  - {kind: team-meeting, id: vwxyz2, date: 2026-11-20}\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(25)); // their ctimes too

  CHECK(in_use(dir) == present);
  // Only the file with the escape was parsed (and so cached): a cold write reads the others as bytes.
  const auto cache = tmp.path() / ".coach" / "cache";
  CHECK(fs::exists(cache / "di.yaml.cache"));
  for (const char* name : {"al.yaml.cache", "bo.yaml.cache", "team.2026.yaml.cache"}) {
    CAPTURE(name);
    CHECK_FALSE(fs::exists(cache / name));
  }
  // Warm: the roster index gives the parsed files' ids, the scan the broken file's.
  std::vector<LoadFailure> failures;
  dir.load_roster(&failures);
  CHECK(failures.size() == 1); // cy.yaml
  CHECK(failures.at(0).path.find("cy.yaml") != std::string::npos);
  REQUIRE(RepCache(cache).load_roster_index().size() == 3);
  CHECK(in_use(dir) == present);
}
