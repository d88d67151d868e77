#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <coach/heap.hpp>

using namespace coach;

namespace {

std::string file_text(const char* path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Whether a mapping named [heap] in /proc/self/smaps has the kernel's "hg"
// flag (MADV_HUGEPAGE): the heap as the advice left it.
[[maybe_unused]] bool heap_advised_huge() { // unused under AddressSanitizer
  std::istringstream smaps(file_text("/proc/self/smaps"));
  bool in_heap = false;
  for (std::string line; std::getline(smaps, line);) {
    if (line.find("[heap]") != std::string::npos) in_heap = true;
    else if (in_heap && line.starts_with("VmFlags:") && (line + " ").find(" hg ") != std::string::npos) return true;
    else if (!line.empty() && line.find(':') == std::string::npos) in_heap = false; // the next mapping
  }
  return false;
}

} // namespace

TEST_CASE("heap::back_heap_with_huge_pages advises the heap where the kernel offers huge pages") {
  const std::string mode = file_text("/sys/kernel/mm/transparent_hugepage/enabled");
  back_heap_with_huge_pages();
  back_heap_with_huge_pages(); // twice does no harm
  // Memory taken afterwards still comes and goes as before.
  void* block = std::malloc(1 << 20);
  REQUIRE(block != nullptr);
  std::free(block);
  if (mode.empty() || mode.find("[never]") != std::string::npos) {
    MESSAGE("transparent huge pages are off here: nothing to check");
    return;
  }
#if defined(__SANITIZE_ADDRESS__)
  MESSAGE("AddressSanitizer's allocator does not use the heap: nothing to check");
#else
  CHECK(heap_advised_huge());
#endif
}
