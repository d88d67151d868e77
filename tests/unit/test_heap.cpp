#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
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

// Where the mapping named [heap] in /proc/self/maps begins.
[[maybe_unused]] uintptr_t heap_start() {
  std::istringstream maps(file_text("/proc/self/maps"));
  for (std::string line; std::getline(maps, line);) {
    if (line.find("[heap]") != std::string::npos) return std::stoull(line.substr(0, line.find('-')), nullptr, 16);
  }
  return 0;
}

} // namespace

TEST_CASE("heap::back_heap_with_huge_pages advises the heap where the kernel offers huge pages") {
  const std::string mode = file_text("/sys/kernel/mm/transparent_hugepage/enabled");
#if defined(__GLIBC__)
  // As at a process's start, where coach calls it: no free room at the heap's top. Left by the tests before
  // (64 MB or more of it), the advice would cover none of the heap, as documented, and this would fail.
  malloc_trim(0);
#endif
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
  // The heap below its first 2 MB boundary is taken (never touched), so what the command asks for next lands on
  // the 2 MB pages: a block of the size the filling uses ends above the boundary.
  const uintptr_t boundary = (heap_start() + (uintptr_t{2} << 20) - 1) & ~((uintptr_t{2} << 20) - 1);
  constexpr size_t probe_size = size_t{100} << 10;
  void* probe = std::malloc(probe_size);
  REQUIRE(probe != nullptr);
  CHECK(reinterpret_cast<uintptr_t>(probe) + probe_size > boundary);
  std::free(probe);
#endif
}

namespace {

// A block of `Size` bytes, made and freed with new and delete as a history's strings and vectors are.
template <size_t Size>
struct Block {
  char bytes[Size];
};

} // namespace

TEST_CASE("heap::SmallBlockCache gives a thread's freed small blocks back to its next new of their size") {
  if (!SmallBlockCache::keeps_blocks()) return; // sanitizer builds keep none: nothing to check
  const auto address = [](const void* p) { return reinterpret_cast<uintptr_t>(p); };
  const SmallBlockCache blocks;
  auto* first = new Block<100>;
  auto* other = new Block<300>;
  const uintptr_t first_at = address(first);
  const uintptr_t other_at = address(other);
  delete first;
  delete other;
  // The same sizes again: the blocks just freed, not malloc's next ones.
  auto* again = new Block<100>;
  CHECK(address(again) == first_at);
  auto* text = new std::string(200, 'x'); // a string's buffer is such a block too
  CHECK(*text == std::string(200, 'x'));
  delete text;
  auto* other_again = new Block<300>;
  CHECK(address(other_again) == other_at);
  {
    const SmallBlockCache nested; // ending, it does not end the outer scope's keeping
    delete other_again;
  }
  auto* third = new Block<300>;
  CHECK(address(third) == other_at);
  // A size class is its own: a freed 300-byte block is not given for 100 bytes.
  delete third;
  auto* small = new Block<100>;
  CHECK(address(small) != other_at);
  delete small;
  delete again;
}
