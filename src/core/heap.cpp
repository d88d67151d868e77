#include <coach/heap.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace coach {

void back_heap_with_huge_pages() {
#if defined(__GLIBC__) && defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr size_t huge_page = size_t{2} << 20;
  constexpr size_t reserve = size_t{64} << 20;
  // The heap then grows 64 MB at a time (address space only: pages are still
  // made on first touch), so one madvise covers what a command will use.
  if (mallopt(M_TOP_PAD, static_cast<int>(reserve)) != 1) return;
  char* const start = static_cast<char*>(sbrk(0));
  // Blocks below the mmap threshold (128 KB) come from the heap: the first
  // that does not fit grows it; freed, the top keeps the 64 MB (M_TOP_PAD).
  // At a process's start one or two do; where the heap already holds free
  // room (called again, or late), more, but never more than 64 MB of them.
  constexpr size_t block_size = size_t{100} << 10;
  std::vector<void*> blocks;
  while (blocks.size() < reserve / block_size &&
         static_cast<char*>(sbrk(0)) - start < static_cast<std::ptrdiff_t>(reserve)) {
    blocks.push_back(malloc(block_size));
  }
  for (void* block : blocks) free(block);
  char* const end = static_cast<char*>(sbrk(0));
  const auto first = (reinterpret_cast<uintptr_t>(start) + huge_page - 1) & ~(huge_page - 1);
  if (reinterpret_cast<uintptr_t>(end) > first) {
    madvise(reinterpret_cast<void*>(first), reinterpret_cast<uintptr_t>(end) - first, MADV_HUGEPAGE);
  }
#endif
}

} // namespace coach
