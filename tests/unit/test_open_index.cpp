#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <thread>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include <coach/activities.hpp>
#include <coach/data_dir.hpp>
#include <coach/error.hpp>
#include <coach/files.hpp>
#include <coach/followups.hpp>
#include <coach/open_index.hpp>
#include <coach/rep_cache.hpp>
#include <coach/rep_file.hpp>
#include <coach/team_file.hpp>

#include "temp_dir.hpp"

using namespace coach;
namespace fs = std::filesystem;

namespace {

// A rep with an open and a closed promise in one 1:1, a closed one alone in
// another, an open joint call and a held one, and an open promise added outside a 1:1.
Rep mixed_rep() {
  return read_rep(parse_yaml("r.yaml",
                             "id: bo\nname: Bo Diaz\nrole: AE\nstart: 2020-01-01\ntags: [a]\n"
                             "archived: 2026-06-30\nhobby: chess\nrecords:\n"
                             "  - kind: 1on1\n    id: aaaaaa\n    date: 2026-11-20\n    notes: n\n"
                             "    promises:\n"
                             "      - {id: bbbbbb, owner: rep, text: open one, due: 2026-11-27, "
                             "first_due: 2026-11-25, zz: 1}\n"
                             "      - {id: cccccc, owner: manager, text: kept, due: 2026-11-21, done: 2026-11-21}\n"
                             "  - kind: 1on1\n    id: dddddd\n    date: 2026-11-01\n    promises:\n"
                             "      - {id: eeeeee, owner: manager, text: dropped, dropped: 2026-11-02, reason: r}\n"
                             "  - {kind: joint-call, id: ffffff, date: 2026-12-01, account: Acme}\n"
                             "  - {kind: joint-call, id: gggggg, date: 2026-10-01, account: B, result: met}\n"
                             "  - kind: promise\n    id: hhhhhh\n    date: 2026-11-10\n    promises:\n"
                             "      - {id: jjjjjj, owner: manager, text: added, note: kept in mind}\n"));
}

// What `followups` shows of each listed promise, whatever the format.
using Shown = std::tuple<std::string, std::string, std::string, std::string, Date, Promise>;

std::vector<Shown> shown(const std::vector<Rep>& reps, const PromiseFilter& filter, Date today) {
  std::vector<Shown> out;
  for (const auto& ref : select_promises(reps, filter, today)) {
    out.emplace_back(ref.rep->id, ref.rep->name, ref.record->kind, ref.record->id, ref.record->date, *ref.promise);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> calls(const std::vector<Rep>& reps) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& rep : reps) {
    for (const Record* call : open_joint_calls(rep)) {
      const std::string* account = call->fields.text(field::account);
      out.emplace_back(call->id + " " + call->date.iso() + " " + rep.name, account ? *account : "");
    }
  }
  return out;
}

// Every open-item filter followups has, on full reps and on their open views: the same listing.
void check_views_list_the_same(const std::vector<Rep>& reps, Date today) {
  std::vector<Rep> views;
  for (const auto& rep : reps) views.push_back(open_view_of(rep));
  std::vector<PromiseFilter> filters(7);
  filters[1].overdue_only = true;
  filters[2].due_within = 7;
  filters[3].owner = Owner::manager;
  filters[4].owner = Owner::rep;
  filters[5].include_archived = true;
  filters[6].rep_id = reps.empty() ? "" : reps.back().id;
  for (const auto& filter : filters) {
    const auto expected = shown(reps, filter, today);
    CHECK(shown(views, filter, today) == expected);
  }
  CHECK(calls(views) == calls(reps));
}

FileStamp old_stamp(uint64_t size) {
  FileStamp stamp;
  stamp.size = size;
  stamp.mtime_ns = 1'000'000'000LL;
  stamp.ctime_ns = 2'000'000'000LL;
  stamp.inode = 77;
  stamp.device = 3;
  return stamp;
}

void age(const fs::path& file) {
  fs::last_write_time(file, fs::file_time_type::clock::now() - std::chrono::hours(1));
  // Its ctime is the change's own time: old enough to cache once the file system's granularity has passed.
  std::this_thread::sleep_for(std::chrono::milliseconds(25));
}

} // namespace

TEST_CASE("open_index::a view keeps the open promises and open joint calls, nothing closed") {
  const Rep rep = mixed_rep();
  const Rep view = open_view_of(rep);
  CHECK(view.id == "bo");
  CHECK(view.name == "Bo Diaz");
  CHECK(view.archived == rep.archived);
  CHECK(view.role.empty());
  CHECK(view.unknown_keys.empty());
  REQUIRE(view.records.size() == 3); // 1:1 aaaaaa, the open joint call, the added promise
  CHECK(view.records[0].id == "aaaaaa");
  REQUIRE(view.records[0].promises.size() == 1);
  CHECK(view.records[0].promises[0] == rep.records[0].promises[0]); // whole, unknown keys and origin too
  CHECK(view.records[0].fields.all().empty());
  CHECK(view.records[1].id == "ffffff");
  CHECK(view.records[1].fields == rep.records[2].fields);
  CHECK(view.records[2].kind == "promise");
  CHECK(view.records[2].date == rep.records[4].date);
  check_views_list_the_same({rep}, *Date::parse_iso("2026-11-25"));
}

TEST_CASE("open_index::the example team lists the same from its open views") {
  testing::TempDir tmp; // a copy: reading writes the cache
  fs::copy(fs::path(COACH_SOURCE_DIR) / "examples" / "team", tmp.path() / "team", fs::copy_options::recursive);
  const DataDir dir(tmp.path() / "team");
  auto reps = dir.load_reps();
  const auto teams = dir.load_team_files();
  attach_team_actions(reps, teams);
  for (auto& view : team_action_views(teams)) reps.push_back(std::move(view));
  size_t open = 0;
  for (const auto& rep : reps) open += rep.open_promises().size();
  CHECK(open > 10); // else the comparison proves little
  for (const char* today : {"2026-11-25", "2026-01-15", "2027-06-01"}) {
    CAPTURE(today);
    check_views_list_the_same(reps, *Date::parse_iso(today));
  }
}

TEST_CASE("open_index::serialize round trip") {
  const Rep view = open_view_of(mixed_rep());
  const std::vector<IndexedOpenView> entries{{"bo.yaml", old_stamp(10), view}, {"cy.yaml", old_stamp(20), Rep{}}};
  const auto back = deserialize_open_index(serialize_open_index(entries));
  REQUIRE(back.has_value());
  REQUIRE(back->size() == 2);
  CHECK((*back)[0].file == "bo.yaml");
  CHECK((*back)[0].stamp == old_stamp(10));
  CHECK((*back)[0].view == view);
  CHECK((*back)[1].file == "cy.yaml");
  CHECK((*back)[1].stamp == old_stamp(20));
  CHECK((*back)[1].view == Rep{});
  CHECK(deserialize_open_index(serialize_open_index({})).value().empty());
}

TEST_CASE("open_index::a truncated, corrupt or foreign index is ignored") {
  const std::string data = serialize_open_index(
      {{"bo.yaml", old_stamp(10), open_view_of(mixed_rep())}, {"cy.yaml", old_stamp(2), Rep{}}});
  for (size_t cut = 0; cut < data.size(); ++cut) {
    CAPTURE(cut);
    CHECK_FALSE(deserialize_open_index(std::string_view(data).substr(0, cut)).has_value());
  }
  CHECK_FALSE(deserialize_open_index(data + "x").has_value());
  std::string garbage = data;
  for (size_t i = 40; i < garbage.size(); i += 5) garbage[i] = static_cast<char>(0xFF);
  CHECK_NOTHROW(deserialize_open_index(garbage));
  // Another format: a rep cache entry, the roster index, an index of another schema or version.
  CHECK_FALSE(deserialize_open_index(rep_cache_format() + serialize_rep(mixed_rep())).has_value());
  CHECK_FALSE(deserialize_open_index("coach-roster-index 2\n").has_value());
  std::string other_version = data;
  other_version[std::string_view("coach-open-index ").size()] = '9';
  CHECK_FALSE(deserialize_open_index(other_version).has_value());
  std::string other_schema = data;
  other_schema[data.find('\n') + 1 + rep_cache_format().size() - 2] ^= 1; // the fingerprint's last digit
  CHECK_FALSE(deserialize_open_index(other_schema).has_value());
}

TEST_CASE("open_index::store leaves out files changed just now, and load ignores a corrupt file") {
  testing::TempDir tmp;
  const fs::path folder = tmp.path() / ".coach" / "cache"; // .coach/ does not exist yet, as in a fresh clone
  CHECK(load_open_index(folder).empty());
  FileStamp fresh = old_stamp(5);
  fresh.mtime_ns = static_cast<int64_t>(std::time(nullptr)) * 1'000'000'000LL;
  const Rep view = open_view_of(mixed_rep());
  store_open_index(folder, {{"bo.yaml", old_stamp(10), view}, {"al.yaml", fresh, view}});
  const auto index = load_open_index(folder);
  REQUIRE(index.size() == 1);
  CHECK(index[0].file == "bo.yaml");
  CHECK(index[0].view == view);
  const std::string data = read_text_file(folder / "open", 1 << 20);
  for (size_t cut = 0; cut < data.size(); cut += 7) {
    write_file_atomic(folder / "open", data.substr(0, cut));
    CHECK(load_open_index(folder).empty());
  }
}

TEST_CASE("data_dir::load_open_views sees every change through the index") {
  testing::TempDir tmp;
  const auto reps = tmp.path() / "reps";
  fs::create_directories(reps);
  write_file_atomic(tmp.path() / "coach.yaml", "manager: M\n");
  const auto rep_text = [](std::string_view id, std::string_view text) {
    return fmt::format("id: {}\nname: {}\nrecords:\n  - kind: promise\n    id: {}0000\n    date: 2026-11-01\n"
                       "    promises:\n      - {{id: {}1111, owner: rep, text: {}, due: 2026-12-01}}\n",
                       id, id, id, id, text);
  };
  for (const char* id : {"al", "bo", "cy"}) {
    write_file_atomic(reps / (std::string(id) + ".yaml"), rep_text(id, "first"));
    age(reps / (std::string(id) + ".yaml"));
  }
  const DataDir dir(tmp.path());
  const auto full = dir.load_reps();
  auto views = dir.load_open_views();
  REQUIRE(views.size() == 3);
  for (size_t i = 0; i < 3; ++i) CHECK(views[i] == open_view_of(full[i]));
  const fs::path folder = tmp.path() / ".coach" / "cache";
  REQUIRE(load_open_index(folder).size() == 3);
  CHECK(dir.load_open_views() == views); // read from the index this time
  // A hand edit of the same size, its mtime put back: only ctime and maybe the inode tell.
  const auto before = fs::last_write_time(reps / "bo.yaml");
  write_file_atomic(reps / "bo.yaml", rep_text("bo", "other"));
  fs::last_write_time(reps / "bo.yaml", before);
  fs::remove(reps / "cy.yaml");
  views = dir.load_open_views();
  REQUIRE(views.size() == 2);
  CHECK(views[1].records.at(0).promises.at(0).text == "other");
  CHECK(views[0].path == (reps / "al.yaml").string());
  const auto index = load_open_index(folder);
  REQUIRE_FALSE(index.empty()); // bo.yaml may be left out while its change time is recent; cy.yaml is gone
  CHECK(index.size() <= 2);
  CHECK(index[0].file == "al.yaml");
  CHECK(index[0].view.path.empty()); // set from the file's place when read
  for (const auto& e : index) CHECK(e.stamp == *stamp_of(reps / e.file));
  // A corrupt index is ignored, an unreadable file listed as a failure and left out.
  write_file_atomic(folder / "open", "coach-open-index 1\ngarbage");
  write_file_atomic(reps / "al.yaml", "name: [unclosed\n");
  std::vector<LoadFailure> failures;
  views = dir.load_open_views(&failures);
  REQUIRE(views.size() == 1);
  CHECK(views[0].id == "bo");
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].path.find("al.yaml") != std::string::npos);
  CHECK_THROWS_AS(dir.load_open_views(), Error);
}
