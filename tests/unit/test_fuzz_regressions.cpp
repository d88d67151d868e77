#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "targets.hpp"

namespace fs = std::filesystem;

namespace {

// Replays every input in `folder` through `target`: each must be refused
// cleanly or accepted, never crash (the sanitizer build catches the rest).
size_t replay(const fs::path& folder, void (*target)(std::string_view)) {
  size_t count = 0;
  if (!fs::is_directory(folder)) return 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    CAPTURE(entry.path().string());
    CHECK_NOTHROW(target(buffer.str()));
    ++count;
  }
  return count;
}

} // namespace

TEST_CASE("fuzz regressions and seeds replay cleanly") {
  const fs::path root = COACH_SOURCE_DIR;
  replay(root / "fuzz" / "regressions" / "rep_file", coach::fuzz::rep_file);
  replay(root / "fuzz" / "regressions" / "settings", coach::fuzz::settings);
  replay(root / "fuzz" / "regressions" / "date", coach::fuzz::date);
  replay(root / "fuzz" / "regressions" / "meeting_template", coach::fuzz::meeting_template);
  replay(root / "fuzz" / "regressions" / "yaml_subset", coach::fuzz::yaml_subset);
  CHECK(replay(root / "examples" / "team" / "reps", coach::fuzz::rep_file) == 7);
}
