#pragma once

namespace coach {

/// Lets the kernel back coach's heap with 2 MB pages where it offers them
/// (transparent huge pages, "madvise" mode): reading a history touches
/// megabytes of fresh heap, and on a virtual machine each 4 KB page's first
/// touch costs about 10 microseconds. Best effort: nothing changes where the
/// kernel or the C library does not allow it.
void back_heap_with_huge_pages();

} // namespace coach
