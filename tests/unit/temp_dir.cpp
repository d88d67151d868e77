#include "temp_dir.hpp"

#include <atomic>
#include <iostream>
#include <mutex>
#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace coach::testing {

namespace {

std::atomic<bool> g_failed{false};
std::mutex g_pending_mutex;
std::vector<std::filesystem::path> g_pending; // decided when the test case ends
std::string g_test_name;

bool counts(doctest::assertType::Enum type) {
  return (type & doctest::assertType::is_warn) == 0; // a failed WARN does not fail the test
}

void settle_pending(bool failed) {
  const std::lock_guard lock(g_pending_mutex);
  for (const auto& path : g_pending) {
    if (failed) {
      keep_for_inspection(path);
    } else {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  }
  g_pending.clear();
}

// Follows each test case through doctest's listener interface (public since
// 2.4) to learn whether it failed, for TempDir to keep its directory then.
struct FailureListener : doctest::IReporter {
  explicit FailureListener(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats&) override {}
  void test_case_start(const doctest::TestCaseData& data) override {
    g_failed = false;
    g_test_name = data.m_name;
  }
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats& stats) override {
    settle_pending(stats.numAssertsFailedCurrentTest > 0 || g_failed ||
                   (stats.failure_flags &
                    (doctest::TestCaseFailureReason::Exception | doctest::TestCaseFailureReason::Crash)) != 0);
  }
  void test_case_exception(const doctest::TestCaseException&) override { g_failed = true; }
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData& data) override {
    if (data.m_failed && counts(data.m_at)) g_failed = true;
  }
  void log_message(const doctest::MessageData& data) override {
    if (counts(data.m_severity)) g_failed = true; // FAIL, FAIL_CHECK, ADD_FAIL_CHECK
  }
  void test_case_skipped(const doctest::TestCaseData&) override {}
};

REGISTER_LISTENER("coach_temp_dir", 1, FailureListener);

} // namespace

bool current_test_failed() {
  return g_failed;
}

void decide_at_test_end(const std::filesystem::path& path) {
  const std::lock_guard lock(g_pending_mutex);
  g_pending.push_back(path);
}

void keep_for_inspection(const std::filesystem::path& path) {
  std::cerr << "kept " << path.string() << " (test case \"" << g_test_name << "\" failed)\n";
}

} // namespace coach::testing
