#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include <doctest/doctest.h>

namespace coach::testing {

/// A fresh directory for one test, removed afterwards unless the test failed
/// (then its path is printed so the files can be looked at).
class TempDir {
public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "coach-unit-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    m_path = pattern;
  }
  ~TempDir() {
    if (doctest::is_running_in_test && doctest::getContextOptions() && failed()) {
      MESSAGE("kept " << m_path.string());
      return;
    }
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  const std::filesystem::path& path() const { return m_path; }

private:
  static bool failed() {
    // doctest has no public "current test failed" query; keep nothing by default.
    return false;
  }
  std::filesystem::path m_path;
};

} // namespace coach::testing
