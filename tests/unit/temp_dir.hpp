#pragma once

#include <cstdlib>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace coach::testing {

/// Whether the running test case has failed so far (a failed CHECK, REQUIRE or FAIL).
bool current_test_failed();

/// Hands `path` to the end of the running test case: removed then if the test
/// passed, kept (and named on stderr) if it failed, e.g. by an exception
/// that is unwinding through the TempDir now.
void decide_at_test_end(const std::filesystem::path& path);

/// Keeps `path` for inspection and says where on stderr.
void keep_for_inspection(const std::filesystem::path& path);

/// A fresh directory for one test, removed when the test ends; kept when the
/// test failed, so that the failure can be inspected (its path is printed on stderr).
class TempDir {
public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "coach-unit-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
  }
  ~TempDir() {
    if (current_test_failed()) {
      keep_for_inspection(m_path);
    } else if (std::uncaught_exceptions() > m_unwinding_at_start) {
      decide_at_test_end(m_path); // the exception may yet be caught in the test
    } else {
      std::error_code ec;
      std::filesystem::remove_all(m_path, ec);
    }
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
  int m_unwinding_at_start = std::uncaught_exceptions();
};

} // namespace coach::testing
