#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace coach {

/// A whole file in memory, read-only (empty when it cannot be read): a cache
/// file read at every command. Below 2 MB it is mapped, without the copy and
/// zeroed memory of a read. From 2 MB it is read onto 2 MB pages where the
/// system gives them: a mapping of the page cache is made a 4 KB page at a
/// time, and reading a 6.6 MB open-promise index through one took 3 ms more
/// (faults, and its entries read out of order missing the TLB). Only for
/// coach's own cache files, which are replaced by rename and never changed in
/// place, so that a mapped file cannot shrink under it.
class MappedFile {
public:
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view view() const { return {m_data, m_size}; }

private:
  const char* m_data = nullptr;
  size_t m_size = 0;
  size_t m_mapped_size = 0; // of the mapping m_data starts, unmapped at the end (m_size rounded up to 2 MB pages)
};

/// The bytes of `path` read into `buffer`, which the caller keeps from file
/// to file (no allocation, mapping or zeroed memory per file: a thread reading
/// thousands of files reuses one); nullopt when they cannot be read.
std::optional<std::string_view> read_file_into(const std::filesystem::path& path, std::string& buffer);

/// The file's bytes. Throws coach::Error: ExitCode::not_found when it does not
/// exist, ExitCode::io when it is a directory, a dangling symlink, unreadable
/// or larger than `max_size`.
std::string read_text_file(const std::filesystem::path& path, size_t max_size);

/// Replaces (or creates) `path` with `content` atomically: a temporary file in
/// the same directory (created 0600 with O_EXCL, so a planted symlink is never
/// followed), written, flushed with fsync, given its final mode, renamed over
/// the target, and the directory fsynced. A new file gets `new_file_mode`; an
/// existing one keeps its mode, owner and group. A new file written by root
/// takes the owner and group of its directory (see give_to_directory_owner). A target that is a symlink is refused:
/// rename would replace the link instead of writing where it points. On any failure the target is untouched and the
/// temporary file removed. `durable` false skips the fsyncs, for derived data such as caches that may be lost.
void write_file_atomic(const std::filesystem::path& path, std::string_view content, unsigned new_file_mode = 0600,
                       bool durable = true);

/// Content given in pieces: calls its argument with each piece, in order.
using ContentProducer = std::function<void(const std::function<void(std::string_view)>&)>;
/// The same, the content written piece by piece as `produce` gives it, never
/// held whole (a calendar of 100,000 entries). When `produce` throws, the
/// temporary file is removed, the target untouched, and the exception passed on.
void write_file_atomic(const std::filesystem::path& path, const ContentProducer& produce, unsigned new_file_mode = 0600,
                       bool durable = true);

/// Throws, before anything is read or made, the coach::Error write_file_atomic(path, ...) would for where it
/// writes: `path` a symlink or not a regular file, or no file can be created beside it (a missing directory, one
/// not writable). A command that reads a whole data directory to write one file (`-o`) checks it first; the
/// write checks again (the directory can change in between).
void check_can_write_atomic(const std::filesystem::path& path);

/// Creates `path` only if nothing exists there (O_EXCL); false when something
/// does. Created by root, it takes the directory's owner and group.
bool create_file_exclusive(const std::filesystem::path& path, std::string_view content, unsigned mode = 0600);

/// When the process is root: gives `path`, just created, to the owner and group
/// of the directory it is in, so that `sudo coach` in a user's data directory
/// leaves nothing the user cannot read or change. Otherwise does nothing.
void give_to_directory_owner(const std::filesystem::path& path);

/// Makes sure `dir` is a directory. A new one is 0700 whatever the umask (these
/// are notes about people) and appears whole: made under a temporary name, given
/// (when root) to the owner of the directory it is in, then renamed into place,
/// so no thread or process ever finds it owned by root. Throws coach::Error (io).
void make_private_directory(const std::filesystem::path& dir);

/// An exclusive lock on a data directory, held across a whole
/// read-modify-write so concurrent commands never lose each other's records.
/// It is a flock on the directory itself, which nothing can delete under a
/// running command (a lock file could be, by rm -rf .coach or git clean).
class DirectoryLock {
public:
  /// Blocks until the lock on `dir` is held and `dir` still names the directory
  /// locked (else locks again). Throws coach::Error (io).
  explicit DirectoryLock(const std::filesystem::path& dir);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

private:
  int m_fd = -1;
};

} // namespace coach
