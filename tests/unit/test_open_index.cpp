#include <doctest/doctest.h>

#include <algorithm>
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

// The open promises select_promises lists of `rep` (archived or not), in file order.
std::vector<OpenPromise> listed_open(const Rep& rep) {
  PromiseFilter filter;
  filter.include_archived = true;
  const std::vector<Rep> one{rep};
  auto listed = select_promises(one, filter, *Date::parse_iso("2026-11-25"));
  std::vector<OpenPromise> out;
  for (const auto& record : rep.records) { // in file order: select_promises sorts by due date
    for (const auto& promise : record.promises) {
      const bool selected = std::any_of(listed.begin(), listed.end(), [&](const PromiseRef& ref) {
        return ref.promise->id == promise.id && ref.record->id == record.id;
      });
      if (selected) out.push_back(open_promise_of(record, promise));
    }
  }
  CHECK(out.size() == listed.size());
  return out;
}

// What followups lists of a rep's open joint calls.
std::vector<OpenCall> listed_calls(const Rep& rep) {
  std::vector<OpenCall> out;
  for (const Record* call : open_joint_calls(rep)) {
    const std::string* account = call->fields.text(field::account);
    out.push_back({call->id, call->date, account ? std::string_view(*account) : std::string_view()});
  }
  return out;
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

TEST_CASE("open_index::a rep's open items are its open promises and open joint calls, nothing closed") {
  const Rep rep = mixed_rep();
  const OpenFile open = open_file_of(rep);
  CHECK(open.id == "bo");
  CHECK(open.name == "Bo Diaz");
  CHECK(open.archived == rep.archived);
  REQUIRE(open.promises.size() == 2); // 1:1 aaaaaa's open one, the added promise
  const OpenPromise& first = open.promises[0];
  CHECK(first.id == "bbbbbb");
  CHECK(first.owner == Owner::rep);
  CHECK(first.text == "open one");
  CHECK(first.due == Date::parse_iso("2026-11-27"));
  CHECK(first.first_due == Date::parse_iso("2026-11-25"));
  CHECK(first.record_kind == "1on1");
  CHECK(first.record_id == "aaaaaa");
  CHECK(first.record_date == *Date::parse_iso("2026-11-20"));
  CHECK(open.promises[1].id == "jjjjjj");
  CHECK(open.promises[1].note == "kept in mind");
  CHECK(open.promises[1].record_kind == "promise");
  CHECK_FALSE(open.promises[1].due.has_value());
  REQUIRE(open.calls.size() == 1); // the held one is not open
  CHECK(open.calls[0].id == "ffffff");
  CHECK(open.calls[0].account == "Acme");
  CHECK(open.promises == listed_open(rep));
  CHECK(open.calls == listed_calls(rep));
}

TEST_CASE("open_index::the example team's open items are what followups lists of the reps") {
  testing::TempDir tmp; // a copy: reading writes the cache
  fs::copy(fs::path(COACH_SOURCE_DIR) / "examples" / "team", tmp.path() / "team", fs::copy_options::recursive);
  const DataDir dir(tmp.path() / "team");
  const auto reps = dir.load_reps();
  size_t open = 0;
  for (const auto& rep : reps) {
    CAPTURE(rep.id);
    const OpenFile items = open_file_of(rep);
    CHECK(items.promises == listed_open(rep));
    CHECK(items.calls == listed_calls(rep));
    open += items.promises.size();
  }
  CHECK(open > 10); // else the comparison proves little
}

TEST_CASE("open_index::serialize round trip") {
  const Rep rep = mixed_rep();
  const OpenFile open = open_file_of(rep);
  const std::vector<IndexedOpenFile> entries{{"bo.yaml", old_stamp(10), open}, {"cy.yaml", old_stamp(20), {}}};
  const std::string data = serialize_open_index(entries);
  const auto back = deserialize_open_index(data);
  REQUIRE(back.has_value());
  REQUIRE(back->size() == 2);
  CHECK((*back)[0].file == "bo.yaml");
  CHECK((*back)[0].stamp == old_stamp(10));
  CHECK((*back)[0].open == open);
  CHECK((*back)[1].file == "cy.yaml");
  CHECK((*back)[1].stamp == old_stamp(20));
  CHECK((*back)[1].open == OpenFile{});
  // Read in place: the text views the index's bytes, nothing is copied.
  const std::string_view text = (*back)[0].open.promises.at(0).text;
  CHECK(text.data() >= data.data());
  CHECK(text.data() + text.size() <= data.data() + data.size());
  CHECK(deserialize_open_index(serialize_open_index({})).value().empty());
}

TEST_CASE("open_index::the index is made in one allocation of its exact size") {
  // Counted first, then written into room reserved once: grown by doubling, a whole organization's index held
  // up to twice its size, and the copy while it grew, at a cold command's peak.
  const Rep rep = mixed_rep(); // the open items view it
  const OpenFile open = open_file_of(rep);
  std::vector<IndexedOpenFile> entries;
  std::vector<std::string> names;
  names.reserve(500);
  for (int i = 0; i < 500; ++i) {
    names.push_back(fmt::format("rep-{}.yaml", i));
    entries.push_back({names.back(), old_stamp(i), open});
  }
  const std::string data = serialize_open_index(entries);
  CHECK(data.capacity() == data.size());
  const auto back = deserialize_open_index(data);
  REQUIRE(back.has_value());
  REQUIRE(back->size() == 500);
  CHECK((*back)[499].file == "rep-499.yaml");
  CHECK((*back)[499].open == open);
}

TEST_CASE("open_index::a truncated, corrupt or foreign index is ignored") {
  const Rep rep = mixed_rep();
  const std::string data = serialize_open_index(
      {{"bo.yaml", old_stamp(10), open_file_of(rep)}, {"cy.yaml", old_stamp(2), {}}});
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
  std::string first_version = data; // version 1 held whole reps
  first_version[std::string_view("coach-open-index ").size()] = '1';
  CHECK_FALSE(deserialize_open_index(first_version).has_value());
  std::string other_schema = data;
  other_schema[data.find('\n') + 1 + rep_cache_format().size() - 2] ^= 1; // the fingerprint's last digit
  CHECK_FALSE(deserialize_open_index(other_schema).has_value());
}

TEST_CASE("open_index::store leaves out files changed just now, and load ignores a corrupt file") {
  testing::TempDir tmp;
  const fs::path folder = tmp.path() / ".coach" / "cache"; // .coach/ does not exist yet, as in a fresh clone
  CHECK(OpenIndex(folder).entries().empty());
  FileStamp fresh = old_stamp(5);
  fresh.mtime_ns = static_cast<int64_t>(std::time(nullptr)) * 1'000'000'000LL;
  const Rep rep = mixed_rep();
  const OpenFile open = open_file_of(rep);
  store_open_index(folder, {{"bo.yaml", old_stamp(10), open}, {"al.yaml", fresh, open}});
  {
    const OpenIndex index(folder);
    REQUIRE(index.entries().size() == 1);
    CHECK(index.entries()[0].file == "bo.yaml");
    CHECK(index.entries()[0].open == open);
  }
  const std::string data = read_text_file(folder / "open", 1 << 20);
  for (size_t cut = 0; cut < data.size(); cut += 7) {
    write_file_atomic(folder / "open", data.substr(0, cut));
    CHECK(OpenIndex(folder).entries().empty());
  }
}

TEST_CASE("open_index::load_open_items sees every change through the index") {
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
  const auto same_as = [](const OpenItems& items, const std::vector<Rep>& read) {
    REQUIRE(items.files.size() == read.size());
    for (size_t i = 0; i < read.size(); ++i) CHECK(*items.files[i] == open_file_of(read[i]));
  };
  const OpenItems first = load_open_items(dir);
  same_as(first, full);
  CHECK(first.parsed.size() == 3); // no index yet: every file read
  const fs::path folder = tmp.path() / ".coach" / "cache";
  REQUIRE(OpenIndex(folder).entries().size() == 3);
  const OpenItems again = load_open_items(dir);
  same_as(again, full);
  CHECK(again.parsed.empty()); // read from the index this time
  // A hand edit of the same size, its mtime put back: only ctime and maybe the inode tell.
  const auto before = fs::last_write_time(reps / "bo.yaml");
  write_file_atomic(reps / "bo.yaml", rep_text("bo", "other"));
  fs::last_write_time(reps / "bo.yaml", before);
  fs::remove(reps / "cy.yaml");
  const OpenItems edited = load_open_items(dir);
  REQUIRE(edited.files.size() == 2);
  CHECK(edited.files[1]->promises.at(0).text == "other");
  CHECK(edited.files[0]->id == "al");
  {
    const OpenIndex index(folder);
    REQUIRE_FALSE(index.entries().empty()); // bo.yaml may be left out while its change time is recent; cy.yaml is gone
    CHECK(index.entries().size() <= 2);
    CHECK(index.entries()[0].file == "al.yaml");
    for (const auto& e : index.entries()) CHECK(e.stamp == *stamp_of(reps / e.file));
  }
  // A corrupt index is ignored, an unreadable file listed as a failure and left out.
  write_file_atomic(folder / "open", "coach-open-index 2\ngarbage");
  write_file_atomic(reps / "al.yaml", "name: [unclosed\n");
  std::vector<LoadFailure> failures;
  const OpenItems broken = load_open_items(dir, &failures);
  REQUIRE(broken.files.size() == 1);
  CHECK(broken.files[0]->id == "bo");
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].path.find("al.yaml") != std::string::npos);
  CHECK_THROWS_AS(load_open_items(dir), Error);
}

TEST_CASE("open_index::load_open_items sees a change among many files (stat'ed while the index is read)") {
  testing::TempDir tmp;
  const auto reps = tmp.path() / "reps";
  fs::create_directories(reps);
  write_file_atomic(tmp.path() / "coach.yaml", "manager: M\n");
  const auto rep_text = [](size_t n, std::string_view text) {
    return fmt::format("id: r{0:03}\nname: R {0}\nrecords:\n  - kind: promise\n    id: p{0:03}aa\n"
                       "    date: 2026-11-01\n    promises:\n      - {{id: q{0:03}bb, owner: rep, text: {1}, "
                       "due: 2026-12-01}}\n",
                       n, text);
  };
  constexpr size_t count = 300; // over the 256 from which a second thread stats the files
  for (size_t n = 0; n < count; ++n) {
    const auto file = reps / fmt::format("r{:03}.yaml", n);
    write_file_atomic(file, rep_text(n, "first"), 0600, false);
    fs::last_write_time(file, fs::file_time_type::clock::now() - std::chrono::hours(1));
  }
  age(reps / "r000.yaml"); // once for all: every change time is then old enough to cache
  const DataDir dir(tmp.path());
  const OpenItems first = load_open_items(dir);
  REQUIRE(first.files.size() == count);
  CHECK(first.parsed.size() == count);
  const OpenItems again = load_open_items(dir);
  REQUIRE(again.files.size() == count);
  CHECK(again.parsed.empty());
  for (size_t n = 0; n < count; ++n) CHECK(*again.files[n] == *first.files[n]);
  write_file_atomic(reps / "r150.yaml", rep_text(150, "other"));
  fs::remove(reps / "r299.yaml");
  const OpenItems edited = load_open_items(dir);
  REQUIRE(edited.files.size() == count - 1);
  CHECK(edited.parsed.size() == 1);
  CHECK(edited.files[150]->promises.at(0).text == "other");
  CHECK(edited.files[149]->promises.at(0).text == "first");
  CHECK(edited.files.back()->id == "r298");
}
