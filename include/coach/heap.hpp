#pragma once

namespace coach {

/// Lets the kernel back coach's heap with 2 MB pages where it offers them
/// (transparent huge pages, "madvise" mode): reading a history touches
/// megabytes of fresh heap, and on a virtual machine each 4 KB page's first
/// touch costs about 10 microseconds. Best effort: nothing changes where the
/// kernel or the C library does not allow it.
void back_heap_with_huge_pages();

/// Gives the kernel back the pages of the heap that hold only freed blocks
/// (glibc's malloc_trim): coach's heap otherwise keeps every page it has
/// touched (back_heap_with_huge_pages), which after a phase that read many
/// files whole is megabytes that the next phase does not reuse.
void release_freed_heap();

/// While one is alive on a thread, the small blocks (up to 1 KB) the thread
/// frees with `delete` are kept on lists of the thread's own, by size, and
/// given to its next `new` of that size, instead of going back to malloc;
/// when it ends, they go back. For a thread that builds and frees histories
/// one after another: glibc keeps only seven freed blocks of a size per
/// thread and sorts the rest back into its bins, and that churn was half of
/// a warm report at 2,000 reps. Scopes nest; without the replacement
/// `new` (sanitizer builds, which must see every free) this does nothing.
class SmallBlockCache {
public:
  SmallBlockCache();
  ~SmallBlockCache();
  SmallBlockCache(const SmallBlockCache&) = delete;
  SmallBlockCache& operator=(const SmallBlockCache&) = delete;
  /// Whether this build keeps blocks at all (not with sanitizers, or without glibc).
  static bool keeps_blocks();

private:
  bool m_outermost = false;
};

} // namespace coach
