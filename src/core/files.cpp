#include <coach/files.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <coach/error.hpp>

namespace coach {

namespace fs = std::filesystem;

namespace {

std::string errno_text(int err) {
  return std::strerror(err);
}

// Closes a descriptor on scope exit.
struct FdGuard {
  int fd = -1;
  ~FdGuard() {
    if (fd >= 0) ::close(fd);
  }
};

bool write_all(int fd, std::string_view content) {
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    written += static_cast<size_t>(n);
  }
  return true;
}

void fsync_directory(const fs::path& dir) {
  FdGuard guard{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (guard.fd >= 0) {
    ::fsync(guard.fd); // best effort: some file systems refuse fsync on directories
  }
}

// One read(2), retried on EINTR; throws coach::Error (io) on failure.
ssize_t read_some(int fd, char* buffer, size_t size, const fs::path& path) {
  while (true) {
    const ssize_t n = ::read(fd, buffer, size);
    if (n >= 0) return n;
    if (errno != EINTR) throw Error(ExitCode::io, fmt::format("{}: cannot read: {}", path.string(), errno_text(errno)));
  }
}

} // namespace

namespace {

constexpr size_t huge_page_size = size_t{2} << 20;

// An anonymous mapping of `size` bytes rounded up to 2 MB pages, aligned to
// one, asked to be made of them (MADV_HUGEPAGE; 4 KB pages where the system
// has none to give); the unaligned ends are unmapped. Null when it fails.
char* map_huge_pages(size_t size, size_t& mapped) {
  mapped = (size + huge_page_size - 1) / huge_page_size * huge_page_size;
  void* const area = ::mmap(nullptr, mapped + huge_page_size, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (area == MAP_FAILED) return nullptr;
  const auto start = reinterpret_cast<uintptr_t>(area);
  const uintptr_t aligned = (start + huge_page_size - 1) & ~(huge_page_size - 1);
  if (aligned > start) ::munmap(area, aligned - start);
  const uintptr_t end = start + mapped + huge_page_size;
  if (end > aligned + mapped) ::munmap(reinterpret_cast<void*>(aligned + mapped), end - (aligned + mapped));
#ifdef MADV_HUGEPAGE
  ::madvise(reinterpret_cast<void*>(aligned), mapped, MADV_HUGEPAGE);
#endif
  return reinterpret_cast<char*>(aligned);
}

// Reads `size` bytes of `fd` into `buffer`; false when it fails or the file is shorter.
bool read_exactly(int fd, char* buffer, size_t size) {
  size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, buffer + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    got += static_cast<size_t>(n);
  }
  return true;
}

} // namespace

MappedFile::MappedFile(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return;
  const FdGuard guard{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size <= 0) return;
  const auto size = static_cast<size_t>(info.st_size);
  if (size >= huge_page_size) {
    size_t mapped = 0;
    char* const data = map_huge_pages(size, mapped);
    if (data == nullptr) return;
    if (!read_exactly(fd, data, size)) {
      ::munmap(data, mapped);
      return;
    }
    m_data = data;
    m_size = size;
    m_mapped_size = mapped;
    return;
  }
  void* const data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (data == MAP_FAILED) return;
  m_data = static_cast<const char*>(data);
  m_size = size;
  m_mapped_size = size;
}

MappedFile::~MappedFile() {
  if (m_data) ::munmap(const_cast<char*>(m_data), m_mapped_size);
}

std::optional<std::string_view> read_file_into(const fs::path& path, std::string& buffer) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  struct stat info {};
  bool ok = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
  size_t got = 0;
  if (ok && buffer.size() <= static_cast<size_t>(info.st_size)) buffer.resize(static_cast<size_t>(info.st_size) + 1);
  while (ok) {
    if (got == buffer.size()) buffer.resize(buffer.size() * 2); // the file grew while it was read
    const ssize_t n = ::read(fd, buffer.data() + got, buffer.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = n == 0;
      break;
    }
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  if (!ok) return std::nullopt;
  return std::string_view(buffer.data(), got);
}

std::string read_text_file(const fs::path& path, size_t max_size) {
  struct stat link_info {};
  if (::lstat(path.c_str(), &link_info) != 0) {
    if (errno == ENOENT) {
      throw Error(ExitCode::not_found, fmt::format("{}: no such file", path.string()));
    }
    throw Error(ExitCode::io, fmt::format("{}: cannot read: {}", path.string(), errno_text(errno)));
  }
  FdGuard guard{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (guard.fd < 0) {
    const int err = errno;
    if (S_ISLNK(link_info.st_mode) && err == ENOENT) {
      throw Error(ExitCode::io, fmt::format("{}: is a symlink to nothing (dangling)", path.string()));
    }
    throw Error(ExitCode::io, fmt::format("{}: cannot read: {}", path.string(), errno_text(err)));
  }
  struct stat info {};
  if (::fstat(guard.fd, &info) != 0) {
    throw Error(ExitCode::io, fmt::format("{}: cannot read: {}", path.string(), errno_text(errno)));
  }
  if (S_ISDIR(info.st_mode)) {
    throw Error(ExitCode::io, fmt::format("{}: is a directory, not a file", path.string()));
  }
  if (!S_ISREG(info.st_mode)) {
    throw Error(ExitCode::io, fmt::format("{}: is not a regular file", path.string()));
  }
  if (static_cast<size_t>(info.st_size) > max_size) {
    throw Error(ExitCode::data, fmt::format("{}: file is {} bytes, more than the {} a coach file may have",
                                            path.string(), info.st_size, max_size));
  }
  std::string content;
  content.resize(static_cast<size_t>(info.st_size));
  size_t got = 0;
  while (true) {
    if (got == content.size()) {
      // Full as stat said: a small read tells whether the file grew meanwhile,
      // without growing (zeroing and copying) the whole buffer for nothing.
      char probe[4096];
      const ssize_t more = read_some(guard.fd, probe, sizeof probe, path);
      if (more == 0) break;
      content.append(probe, static_cast<size_t>(more));
      got = content.size();
      if (got > max_size) break;
      content.resize(std::min(max_size + 1, got * 2));
    }
    const ssize_t n = read_some(guard.fd, content.data() + got, content.size() - got, path);
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  content.resize(got);
  if (content.size() > max_size) {
    throw Error(ExitCode::data,
                fmt::format("{}: file is more than the {} bytes a coach file may have", path.string(), max_size));
  }
  return content;
}

namespace {

fs::path parent_of(const fs::path& path) {
  return path.parent_path().empty() ? fs::path(".") : path.parent_path();
}

// Who a file coach writes at `path` should belong to: the owner of the file it
// replaces (`existing`), or, for a new file written by root, the owner of the
// directory, so that `sudo coach` never takes a user's notes away from them.
// nullopt: leave the owner to the kernel (the process's own).
struct FileOwner {
  uid_t uid;
  gid_t gid;
};
// `dir` is the file's directory (parent_of): nothing is allocated here, so
// nothing throws between making a temporary file and removing it on failure.
std::optional<FileOwner> owner_for(const fs::path& dir, const struct stat* existing) {
  if (existing) return FileOwner{existing->st_uid, existing->st_gid};
  struct stat info {};
  if (::geteuid() != 0 || ::stat(dir.c_str(), &info) != 0) return std::nullopt;
  return FileOwner{info.st_uid, info.st_gid};
}

// Gives the open file `fd` to `owner`. Only root can give a file away: anyone
// else keeps the file (as rename would anyway) and the group when allowed.
bool give_to(int fd, std::optional<FileOwner> owner) {
  struct stat now {};
  if (!owner || ::fstat(fd, &now) != 0 || (now.st_uid == owner->uid && now.st_gid == owner->gid)) return true;
  if (::fchown(fd, owner->uid, owner->gid) == 0) return true;
  if (::geteuid() == 0) return false;
  ::fchown(fd, static_cast<uid_t>(-1), owner->gid); // best effort: a group the user belongs to
  return true;
}

// Writes what `produce` gives (each piece as it comes) to a new temporary file
// beside `path`, flushed, owned as owner_for(dir, existing) says and with
// `mode`; returns its name. Throws (and leaves nothing behind) on failure,
// also when `produce` throws.
std::string write_temporary(const fs::path& path, const ContentProducer& produce, mode_t mode,
                            const struct stat* existing, bool durable = true) {
  const fs::path dir = parent_of(path);
  std::string temp = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  FdGuard guard{::mkostemp(temp.data(), O_CLOEXEC)};
  if (guard.fd < 0) {
    throw Error(ExitCode::io, fmt::format("{}: cannot create a temporary file in {}: {}", path.string(), dir.string(),
                                          errno_text(errno)));
  }
  const auto failure = [&](const char* step, int err) {
    return Error(ExitCode::io,
                 fmt::format("{}: cannot {}: {}; nothing was changed", path.string(), step, errno_text(err)));
  };
  const auto fail = [&](const char* step) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw failure(step, err);
  };
  try {
    produce([&](std::string_view piece) {
      if (!write_all(guard.fd, piece)) throw failure("write", errno); // removed below
    });
  } catch (...) { // ours above, or the producer's own
    ::unlink(temp.c_str());
    throw;
  }
  // Asked only now that the temporary file exists, so the directory does too:
  // asked before, a directory another thread was making at that moment was
  // not there yet, and the new file stayed root's.
  if (!give_to(guard.fd, owner_for(dir, existing)))
    fail("keep the owner"); // before fchmod: chown may clear set-id bits
  if (::fchmod(guard.fd, mode) != 0) fail("set the mode");
  if (durable && ::fsync(guard.fd) != 0) fail("flush to disk");
  const int fd = guard.fd;
  guard.fd = -1;
  if (::close(fd) != 0) fail("close");
  return temp;
}

ContentProducer whole(std::string_view content) {
  return [content](const std::function<void(std::string_view)>& write) { write(content); };
}

} // namespace

void write_file_atomic(const fs::path& path, std::string_view content, unsigned new_file_mode, bool durable) {
  write_file_atomic(path, whole(content), new_file_mode, durable);
}

namespace {

// Whether `path` exists (its lstat in `existing`); throws when it is a symlink or not a regular file, which
// write_file_atomic never replaces.
bool replaceable_file(const fs::path& path, struct stat& existing) {
  if (::lstat(path.c_str(), &existing) != 0) return false;
  if (S_ISLNK(existing.st_mode)) {
    throw Error(ExitCode::io, fmt::format("{}: is a symlink; coach does not write through symlinks "
                                          "(replace it with the file it points to)",
                                          path.string()));
  }
  if (!S_ISREG(existing.st_mode)) throw Error(ExitCode::io, fmt::format("{}: is not a regular file", path.string()));
  return true;
}

} // namespace

void check_can_write_atomic(const fs::path& path) {
  struct stat existing {};
  replaceable_file(path, existing);
  const std::string temp = write_temporary(path, whole(""), 0600, nullptr, false);
  ::unlink(temp.c_str());
}

void write_file_atomic(const fs::path& path, const ContentProducer& produce, unsigned new_file_mode, bool durable) {
  mode_t mode = static_cast<mode_t>(new_file_mode);
  struct stat existing {};
  const bool replaces = replaceable_file(path, existing);
  if (replaces) mode = existing.st_mode & 07777;
  const std::string temp = write_temporary(path, produce, mode, replaces ? &existing : nullptr, durable);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw Error(ExitCode::io,
                fmt::format("{}: cannot replace: {}; the file is unchanged", path.string(), errno_text(err)));
  }
  if (durable) fsync_directory(path.parent_path().empty() ? fs::path(".") : path.parent_path());
}

bool create_file_exclusive(const fs::path& path, std::string_view content, unsigned mode) {
  const std::string temp = write_temporary(path, whole(content), static_cast<mode_t>(mode), nullptr);
  // link() fails when anything, even a dangling symlink, has the name: never overwrites.
  const int linked = ::link(temp.c_str(), path.c_str());
  const int err = errno;
  ::unlink(temp.c_str());
  if (linked != 0) {
    if (err == EEXIST) return false;
    throw Error(ExitCode::io, fmt::format("{}: cannot create: {}", path.string(), errno_text(err)));
  }
  fsync_directory(path.parent_path().empty() ? fs::path(".") : path.parent_path());
  return true;
}

void give_to_directory_owner(const fs::path& path) {
  fs::path created_path = path.lexically_normal();
  if (created_path.filename().empty()) created_path = created_path.parent_path(); // "dir/"
  struct stat dir {};
  struct stat created {};
  if (::geteuid() != 0 || ::stat(parent_of(created_path).c_str(), &dir) != 0 || ::lstat(path.c_str(), &created) != 0) {
    return;
  }
  if (created.st_uid != dir.st_uid || created.st_gid != dir.st_gid) {
    ::lchown(path.c_str(), dir.st_uid, dir.st_gid); // best effort: the folder works either way
  }
}

void make_private_directory(const fs::path& dir) {
  struct stat existing {};
  if (::stat(dir.c_str(), &existing) == 0 && S_ISDIR(existing.st_mode)) return; // its mode is the user's choice
  const fs::path parent = parent_of(dir);
  std::string temp = (parent / ("." + dir.filename().string() + ".tmp-XXXXXX")).string();
  if (!::mkdtemp(temp.data())) { // 0700 already
    throw Error(ExitCode::io, fmt::format("{}: cannot create directory: {}", dir.string(), errno_text(errno)));
  }
  give_to_directory_owner(temp);
  // RENAME_NOREPLACE: when another command made it first, theirs stays and may already hold files.
  if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, dir.c_str(), RENAME_NOREPLACE) != 0) {
    const int err = errno;
    ::rmdir(temp.c_str());
    if (err != EEXIST || ::stat(dir.c_str(), &existing) != 0 || !S_ISDIR(existing.st_mode)) {
      throw Error(ExitCode::io, fmt::format("{}: cannot create directory: {}", dir.string(), errno_text(err)));
    }
  }
}

DirectoryLock::DirectoryLock(const fs::path& dir) {
  // The directory itself, not a file in it: a lock file can be deleted (rm -rf
  // .coach, git clean -xdf) under a running command, and the next command would
  // then lock a new file while the first still holds the old one.
  for (int attempt = 0;; ++attempt) {
    m_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (m_fd < 0) {
      throw Error(ExitCode::io,
                  fmt::format("{}: cannot open the directory to lock it: {}", dir.string(), errno_text(errno)));
    }
    while (::flock(m_fd, LOCK_EX) != 0) {
      if (errno != EINTR) {
        const int err = errno;
        ::close(m_fd);
        m_fd = -1;
        throw Error(ExitCode::io, fmt::format("{}: cannot lock: {}", dir.string(), errno_text(err)));
      }
    }
    // Locked; but the path may have been given to another directory meanwhile
    // (moved, deleted and recreated): then the lock protects nothing there.
    struct stat locked {};
    struct stat named {};
    if (::fstat(m_fd, &locked) == 0 && ::stat(dir.c_str(), &named) == 0 && locked.st_dev == named.st_dev &&
        locked.st_ino == named.st_ino) {
      return;
    }
    ::close(m_fd);
    m_fd = -1;
    if (attempt == 100) {
      throw Error(ExitCode::io, fmt::format("{}: cannot lock: the directory keeps being replaced", dir.string()));
    }
  }
}

DirectoryLock::~DirectoryLock() {
  if (m_fd >= 0) {
    ::flock(m_fd, LOCK_UN);
    ::close(m_fd);
  }
}

} // namespace coach
