#include <doctest/doctest.h>

#include <filesystem>
#include <stdexcept>

#include "temp_dir.hpp"

using coach::testing::TempDir;
namespace fs = std::filesystem;

TEST_CASE("TempDir: removed when the test passes") {
  fs::path path;
  {
    TempDir tmp;
    path = tmp.path();
    CHECK(fs::is_directory(path));
    CHECK_FALSE(coach::testing::current_test_failed());
  }
  CHECK_FALSE(fs::exists(path));
}

// One deliberate failure (and no other) makes this test pass: the TempDir made
// after it must keep its directory, which the test then removes itself.
TEST_CASE("TempDir: kept when the test failed, to be inspected" * doctest::expected_failures(1) *
          doctest::no_output()) {
  CHECK_MESSAGE(false, "the deliberate failure");
  CHECK(coach::testing::current_test_failed());
  fs::path path;
  {
    TempDir tmp;
    path = tmp.path();
  }
  const bool kept = fs::is_directory(path);
  std::error_code ec;
  fs::remove_all(path, ec);
  CHECK(kept);
}

TEST_CASE("TempDir: an exception caught in the test does not keep the directory; the test end decides") {
  fs::path path;
  try {
    TempDir tmp;
    path = tmp.path();
    throw std::runtime_error("caught below");
  } catch (const std::runtime_error&) {
  }
  CHECK_FALSE(coach::testing::current_test_failed());
  CHECK(fs::is_directory(path)); // pending: removed when this test case ends, as it passes
}
