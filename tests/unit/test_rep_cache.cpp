#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <coach/audit.hpp>
#include <coach/data_dir.hpp>
#include <coach/files.hpp>
#include <coach/ids.hpp>
#include <coach/rep_cache.hpp>
#include <coach/rep_file.hpp>

#include "temp_dir.hpp"

using namespace coach;

namespace {

Rep example_rep() {
  const auto doc = parse_yaml("r.yaml", "name: Bo\nrole: AE\nstart: 2020-01-01\ntags: [a, b]\ncadence: 14\n"
                                        "archived: 2026-06-30\naway:\n  - from: 2026-01-01\n    to: 2026-01-05\n"
                                        "    reason: x\n    oops: 1\nhobby: chess\nrecords:\n  - kind: 1on1\n"
                                        "    id: aaaaaa\n    date: 2026-11-20\n    minutes: 30\n"
                                        "    personal: [p]\n    professional: [q, r]\n    notes: |\n      n\n"
                                        "    extra: 1\n    promises:\n      - id: bbbbbb\n        owner: rep\n"
                                        "        text: t\n        due: 2026-11-27\n        first_due: 2026-11-25\n"
                                        "        done: 2026-11-26\n        note: nn\n        zz: 1\n");
  return read_rep(doc);
}

} // namespace

TEST_CASE("rep_cache::serialize round trip") {
  const Rep rep = example_rep();
  const auto back = deserialize_rep(serialize_rep(rep));
  REQUIRE(back.has_value());
  CHECK(*back == rep);
  CHECK(back->records[0].promises[0].unknown_keys[0].origin.place.line ==
        rep.records[0].promises[0].unknown_keys[0].origin.place.line);
  CHECK(back->away[0].unknown_keys.size() == 1);
}

TEST_CASE("rep_cache::corrupt or truncated entries are refused") {
  const std::string data = serialize_rep(example_rep());
  for (size_t cut = 0; cut < data.size(); ++cut) {
    CAPTURE(cut);
    CHECK_FALSE(deserialize_rep(std::string_view(data).substr(0, cut)).has_value());
  }
  std::string garbage = data;
  for (size_t i = 0; i < garbage.size(); i += 7) garbage[i] = static_cast<char>(0xFF);
  CHECK_NOTHROW(deserialize_rep(garbage));
}

TEST_CASE("rep_cache::an entry is used only for the exact stamp") {
  testing::TempDir tmp;
  const auto file = tmp.path() / "bo.yaml";
  write_file_atomic(file, "name: Bo\n");
  FileStamp stamp = *stamp_of(file);
  stamp.mtime_ns -= 10'000'000'000LL; // pretend it is old enough to cache
  stamp.ctime_ns -= 10'000'000'000LL;
  RepCache cache(tmp.path() / "cache");
  Rep rep = example_rep();
  cache.store(file, stamp, rep);
  CHECK(cache.load(file, stamp) == rep);
  FileStamp other = stamp;
  other.size += 1;
  CHECK_FALSE(cache.load(file, other).has_value());
  other = stamp;
  other.ctime_ns += 1;
  CHECK_FALSE(cache.load(file, other).has_value());
  // A file changed within the timestamp granularity of now is never cached:
  // its stamp put ahead of the clock, so that no pause of a loaded machine
  // between the write and the store can age it past the 20 ms.
  FileStamp fresh = *stamp_of(file);
  fresh.mtime_ns = wall_clock_ns() + 10'000'000'000LL;
  fresh.ctime_ns = fresh.mtime_ns;
  cache.store(file, fresh, rep);
  CHECK_FALSE(cache.load(file, fresh).has_value());
}

TEST_CASE("rep_cache::a stamp is too recent only within the file system's granularity of now") {
  const int64_t now = 1'800'000'000'123'456'789LL; // a fine clock reading, not a whole second
  const auto stamp = [](int64_t mtime_ns, int64_t ctime_ns) {
    FileStamp s;
    s.mtime_ns = mtime_ns;
    s.ctime_ns = ctime_ns;
    return s;
  };
  const int64_t ms = 1'000'000LL;
  // A fine-grained file system: 20 ms, on mtime and ctime alike, at full resolution.
  CHECK_FALSE(file_too_recent_to_cache(stamp(now - 25 * ms, now - 25 * ms), now));
  CHECK_FALSE(file_too_recent_to_cache(stamp(now - 3'600'000 * ms, now - 21 * ms), now)); // `touch -d '1 hour ago'`
  CHECK(file_too_recent_to_cache(stamp(now - 5 * ms, now - 5 * ms), now));
  CHECK(file_too_recent_to_cache(stamp(now - 3'600'000 * ms, now - 19 * ms), now)); // old mtime, ctime just now
  CHECK(file_too_recent_to_cache(stamp(now - 19 * ms, now - 3'600'000 * ms), now));
  CHECK(file_too_recent_to_cache(stamp(now + 60'000 * ms, now - 60'000 * ms), now)); // an mtime in the future
  // In the same second as now, but a second's fraction older: the old whole-second rule refused this for 2-3 s.
  CHECK_FALSE(file_too_recent_to_cache(stamp(now - 100 * ms, now - 100 * ms), now));
  // Whole seconds for both: a coarse file system (FAT, some network ones), where 2 s still hold.
  const int64_t second = now - now % 1'000'000'000LL;
  CHECK(file_too_recent_to_cache(stamp(second - 1'000 * ms, second - 1'000 * ms), now));
  CHECK_FALSE(file_too_recent_to_cache(stamp(second - 2'000 * ms, second - 2'000 * ms), now));
  // One whole-second stamp alone is a fine stamp that happens to fall on a second.
  CHECK_FALSE(file_too_recent_to_cache(stamp(second - 1'000 * ms, second - 1'000 * ms + 1), now));
  // And the clock is read at full resolution.
  const int64_t clock = wall_clock_ns();
  CHECK(file_too_recent_to_cache(stamp(clock, clock)));
  CHECK_FALSE(file_too_recent_to_cache(stamp(clock - 100 * ms, clock - 100 * ms)));
}

TEST_CASE("rep_cache::the cache folder is made once, and again when it was deleted meanwhile") {
  testing::TempDir tmp;
  const RepCache cache(tmp.path() / ".coach" / "cache");
  FileStamp stamp{};
  stamp.mtime_ns = stamp.ctime_ns = 1'000'000'000LL; // 1970: old enough to cache
  const Rep rep = example_rep();
  cache.store(tmp.path() / "a.yaml", stamp, rep);
  CHECK(cache.load(tmp.path() / "a.yaml", stamp) == rep);
  std::filesystem::remove_all(tmp.path() / ".coach"); // rm -rf .coach under a running command
  cache.store(tmp.path() / "b.yaml", stamp, rep);
  CHECK(cache.load(tmp.path() / "b.yaml", stamp) == rep);
  CHECK(cache.load_roster_index().empty());
  cache.store_roster_index({{"b.yaml", stamp, roster_entry_of(rep)}});
  CHECK(cache.load_roster_index().size() == 1);
}

TEST_CASE("rep_cache::roster index round trip, and a corrupt index is empty") {
  testing::TempDir tmp;
  RepCache cache(tmp.path() / ".coach" / "cache"); // .coach/ does not exist yet, as in a fresh clone
  CHECK(cache.load_roster_index().empty());
  FileStamp old;
  old.size = 10;
  old.mtime_ns = 1'000'000'000LL;
  FileStamp fresh = old;
  fresh.mtime_ns = static_cast<int64_t>(std::time(nullptr)) * 1'000'000'000LL;
  RosterEntry entry = roster_entry_of(example_rep());
  entry.other_promise_ids = {"call-bob"};
  entry.path.clear();
  entry.activity_starts = {{"career", *Date::parse_iso("2026-02-03")}, {"joint-call", *Date::parse_iso("2026-01-05")}};
  cache.store_roster_index({{"bo.yaml", old, entry}, {"al.yaml", fresh, entry}});
  const auto index = cache.load_roster_index();
  REQUIRE(index.size() == 1); // the file changed just now is left out
  CHECK(index[0].file == "bo.yaml");
  CHECK(index[0].stamp == old);
  CHECK(index[0].entry == entry);
  CHECK(index[0].entry.promise_ids == std::vector<uint32_t>{*pack_record_id("bbbbbb")});
  const auto path = tmp.path() / ".coach" / "cache" / "roster";
  std::string data = read_text_file(path, 1 << 20);
  for (size_t cut = 0; cut < data.size(); cut += 7) {
    write_file_atomic(path, data.substr(0, cut));
    CHECK(cache.load_roster_index().empty());
  }
}

TEST_CASE("rep_cache::a roster entry knows when its file began each activity other than the 1:1") {
  const Rep rep = read_rep(parse_yaml("r.yaml", "name: Bo\nrecords:\n"
                                                "  - {kind: 1on1, date: 2025-12-01}\n"
                                                "  - {kind: joint-call, date: 2026-03-01, account: A, result: met}\n"
                                                "  - {kind: joint-call, date: 2026-02-01, account: A}\n" // a plan alone
                                                "  - {kind: career, date: 2026-04-01}\n"
                                                "  - {kind: joint-call, date: 2026-02-15, account: B, focus: [x]}\n"));
  const auto starts = roster_entry_of(rep).activity_starts;
  CHECK(starts == std::map<std::string, Date, std::less<>>{{"career", *Date::parse_iso("2026-04-01")},
                                                           {"joint-call", *Date::parse_iso("2026-02-15")}});
  RosterEntry other;
  other.activity_starts = {{"career", *Date::parse_iso("2026-01-10")},
                           {"skills-audit", *Date::parse_iso("2026-05-01")}};
  CHECK(activity_starts(std::vector<RosterEntry>{roster_entry_of(rep), other}) ==
        std::map<std::string, Date, std::less<>>{{"career", *Date::parse_iso("2026-01-10")},
                                                 {"joint-call", *Date::parse_iso("2026-02-15")},
                                                 {"skills-audit", *Date::parse_iso("2026-05-01")}});
}

TEST_CASE("rep_cache::a roster entry knows its file's first record of any kind, through the index") {
  const Rep rep = read_rep(parse_yaml("r.yaml", "name: Bo\nstart: 2020-01-01\nrecords:\n"
                                                "  - {kind: 1on1, date: 2025-12-01}\n"
                                                "  - {kind: career, date: 2025-11-03}\n" // earlier, later in the file
                                                "  - {kind: joint-call, date: 2026-02-01, account: A}\n"));
  const RosterEntry entry = roster_entry_of(rep);
  CHECK(entry.first_record == Date::parse_iso("2025-11-03")); // a record's date, not the rep's start
  CHECK_FALSE(roster_entry_of(read_rep(parse_yaml("n.yaml", "name: Cy\n"))).first_record.has_value());
  testing::TempDir tmp;
  const RepCache cache(tmp.path() / ".coach" / "cache");
  FileStamp old;
  old.mtime_ns = old.ctime_ns = 1'000'000'000LL;
  cache.store_roster_index({{"bo.yaml", old, entry}});
  const auto index = cache.load_roster_index();
  REQUIRE(index.size() == 1);
  CHECK(index[0].entry.first_record == Date::parse_iso("2025-11-03"));
}

TEST_CASE("data_dir::load_roster sees every change through the index") {
  testing::TempDir tmp;
  const auto reps = tmp.path() / "reps";
  std::filesystem::create_directories(reps);
  write_file_atomic(tmp.path() / "coach.yaml", "manager: M\n");
  const auto age = [](const std::filesystem::path& file) {
    const auto when = std::filesystem::file_time_type::clock::now() - std::chrono::hours(1);
    std::filesystem::last_write_time(file, when);
    // Its ctime is the change's own time: old enough to cache once the file system's granularity has passed.
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  };
  for (const char* id : {"al", "bo", "cy"}) {
    write_file_atomic(reps / (std::string(id) + ".yaml"), fmt::format("id: {}\nname: {}\nstart: 2020-01-01\n", id, id));
    age(reps / (std::string(id) + ".yaml"));
  }
  const DataDir dir(tmp.path());
  CHECK(dir.load_roster().size() == 3);
  RepCache cache(tmp.path() / ".coach" / "cache");
  CHECK(cache.load_roster_index().size() == 3);
  // A hand edit, a removed file and a new file.
  write_file_atomic(reps / "bo.yaml", "id: bo\nname: Bo Renamed\nstart: 2020-01-01\n");
  age(reps / "bo.yaml");
  std::filesystem::remove(reps / "cy.yaml");
  write_file_atomic(reps / "di.yaml", "id: di\nname: di\nstart: 2020-01-01\n");
  // Too recent to index whatever the time the test takes (an mtime ahead of the clock is too recent, always).
  const auto ahead = [](const std::filesystem::path& file) {
    std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now() + std::chrono::hours(1));
  };
  ahead(reps / "di.yaml");
  const auto roster = dir.load_roster();
  REQUIRE(roster.size() == 3);
  CHECK(roster[1].name == "Bo Renamed");
  CHECK(roster[2].id == "di");
  const auto index = cache.load_roster_index();
  REQUIRE(index.size() == 2); // di.yaml is too recent to index yet; cy.yaml is gone
  CHECK(index[0].file == "al.yaml");
  CHECK(index[1].entry.name == "Bo Renamed");
  // A full read brings the index up to date too, so the next write need not.
  write_file_atomic(reps / "al.yaml", "id: al\nname: Al Renamed\nstart: 2020-01-01\n");
  age(reps / "al.yaml");
  write_file_atomic(reps / "di.yaml", "id: di\nname: di\nstart: 2020-01-01\n"); // changed again: still too recent
  ahead(reps / "di.yaml");
  CHECK(dir.load_reps().size() == 3);
  const auto refreshed = cache.load_roster_index();
  REQUIRE(refreshed.size() == 2);
  CHECK(refreshed[0].entry.name == "Al Renamed");
  CHECK(refreshed[0].stamp == *stamp_of(reps / "al.yaml"));
}

TEST_CASE("rep_cache::under root, a cache made by threads at once is the directory owner's") {
  if (::geteuid() != 0) return; // only root can give files away; the e2e suite runs this as root too
  testing::TempDir tmp;
  const uid_t user = 1234;
  const gid_t group = 1235;
  REQUIRE(::chown(tmp.path().c_str(), user, group) == 0);
  const Rep rep = example_rep();
  FileStamp stamp{};
  stamp.mtime_ns = stamp.ctime_ns = 1'000'000'000LL; // 1970: old enough to cache
  for (int round = 0; round < 40; ++round) {
    std::filesystem::remove_all(tmp.path() / ".coach");
    const RepCache cache(tmp.path() / ".coach" / "cache");
    std::atomic<int> waiting{8};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (--waiting; waiting > 0;) {
        } // all start together: each one may be the one that makes the folder
        cache.store(tmp.path() / fmt::format("rep-{}.yaml", t), stamp, rep);
      });
    }
    for (auto& thread : threads) thread.join();
    for (const auto& entry : std::filesystem::recursive_directory_iterator(tmp.path() / ".coach")) {
      struct stat info {};
      REQUIRE(::lstat(entry.path().c_str(), &info) == 0);
      CAPTURE(entry.path().string());
      CHECK(info.st_uid == user);
      CHECK(info.st_gid == group);
    }
  }
}
