#include <coach/heap.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
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
    // The heap below `first` stays on 4 KB pages, a fault each (about 10 us
    // on a slow VM), and malloc serves the command from there first. Taking
    // that stretch with blocks that are never touched puts the command's
    // blocks on the 2 MB pages: measured, 991 faults to 429 for a report at
    // manager scale. The blocks are kept, not leaked, so that a leak checker
    // (valgrind) does not report them. The stretch can reach a little over
    // 2 MB (the heap's first blocks sit below `start`), hence a few blocks
    // more than 2 MB holds; the loop stops at the first block above `first`.
    constexpr size_t most_blocks = huge_page / block_size + 3;
    static std::vector<void*> kept_below_huge_pages;
    kept_below_huge_pages.reserve(most_blocks);
    while (kept_below_huge_pages.size() < most_blocks) {
      void* const block = malloc(block_size);
      if (block == nullptr) break;
      if (reinterpret_cast<uintptr_t>(block) + block_size > first) {
        free(block);
        break;
      }
      kept_below_huge_pages.push_back(block);
    }
  }
#endif
}

void release_freed_heap() {
#if defined(__GLIBC__) && defined(__linux__)
  malloc_trim(0);
#endif
}

// The replacement `new` and `delete` below serve SmallBlockCache; sanitizers
// replace them with their own, which must see every allocation and free, and
// a block's size is asked of glibc's malloc.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || !defined(__GLIBC__)
#define COACH_SMALL_BLOCK_CACHE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define COACH_SMALL_BLOCK_CACHE 0
#endif
#endif
#ifndef COACH_SMALL_BLOCK_CACHE
#define COACH_SMALL_BLOCK_CACHE 1
#endif

namespace {

// A block is kept by its size class: malloc's chunk size for it (its size
// plus 8, rounded up to 16, at least 32) / 16. A class's blocks all serve
// any request of the class; a block freed with its requested size goes to
// that size's class even when malloc gave it more room.
constexpr size_t cached_classes = 65; // up to 1,024 bytes asked for (chunks of 1,040)

constexpr size_t size_class(size_t requested) {
  const size_t chunk = (requested + 8 + 15) & ~size_t{15};
  return (chunk < 32 ? 32 : chunk) / 16;
}

struct FreeBlock {
  FreeBlock* next;
};

// The calling thread's lists; `depth` counts its live SmallBlockCache scopes.
// Plain data, so that reaching it costs no initialisation check.
struct ThreadBlocks {
  std::array<FreeBlock*, cached_classes> lists;
  int depth;
};
thread_local constinit ThreadBlocks thread_blocks{};

void release_cached_blocks() {
  for (FreeBlock*& list : thread_blocks.lists) {
    while (list != nullptr) {
      FreeBlock* const next = list->next;
      std::free(list);
      list = next;
    }
  }
}

#if COACH_SMALL_BLOCK_CACHE
void* allocate(size_t size) {
  const size_t c = size_class(size);
  if (c < cached_classes) {
    if (FreeBlock* const block = thread_blocks.lists[c]) {
      thread_blocks.lists[c] = block->next;
      return block;
    }
  }
  for (;;) {
    if (void* const p = std::malloc(size == 0 ? 1 : size)) return p;
    const std::new_handler handler = std::get_new_handler();
    if (!handler) throw std::bad_alloc();
    handler();
  }
}

void release(void* p, size_t c) noexcept {
  if (thread_blocks.depth > 0 && c < cached_classes) {
    auto* const block = static_cast<FreeBlock*>(p);
    block->next = thread_blocks.lists[c];
    thread_blocks.lists[c] = block;
    return;
  }
  std::free(p);
}
#endif

} // namespace

bool SmallBlockCache::keeps_blocks() {
  return COACH_SMALL_BLOCK_CACHE != 0;
}

SmallBlockCache::SmallBlockCache() {
  m_outermost = thread_blocks.depth++ == 0;
}

SmallBlockCache::~SmallBlockCache() {
  --thread_blocks.depth;
  if (m_outermost) release_cached_blocks();
}

} // namespace coach

#if COACH_SMALL_BLOCK_CACHE
// Every `new` of the program (its libraries' too) comes here, and is malloc
// unless a block of its size waits on the thread's lists; the array, nothrow
// and aligned forms are the standard library's, which call these or pair
// among themselves.
void* operator new(size_t size) {
  return coach::allocate(size);
}

void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  // malloc's usable size plus 8 is the chunk's size: its class.
  coach::release(p, coach::thread_blocks.depth > 0 ? (malloc_usable_size(p) + 8) / 16 : coach::cached_classes);
}

void operator delete(void* p, size_t size) noexcept {
  if (p == nullptr) return;
  coach::release(p, coach::size_class(size));
}
#endif
