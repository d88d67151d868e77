#include <doctest/doctest.h>

#include <coach/data_dir.hpp>
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
  CHECK(back->records[0].promises[0].unknown_keys[0].origin.place.line == rep.records[0].promises[0].unknown_keys[0].origin.place.line);
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
  // A file changed in the last two seconds is never cached.
  const FileStamp fresh = *stamp_of(file);
  cache.store(file, fresh, rep);
  CHECK_FALSE(cache.load(file, fresh).has_value());
}
