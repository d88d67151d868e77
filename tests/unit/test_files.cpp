#include <doctest/doctest.h>

#include <csignal>
#include <fstream>
#include <functional>
#include <new>
#include <sstream>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <coach/error.hpp>
#include <coach/files.hpp>

#include "temp_dir.hpp"

using namespace coach;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

size_t entries(const fs::path& dir) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

unsigned mode_of(const fs::path& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mode & 0777;
}

// Runs `write` under a file size limit of 1 KB, which makes write() fail with EFBIG past it, and checks that it
// threw coach's I/O error saying nothing was changed.
template <class Write>
void check_fails_past_1kb(Write&& write) {
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit old_limit{};
  ::getrlimit(RLIMIT_FSIZE, &old_limit);
  rlimit small = old_limit;
  small.rlim_cur = 1024;
  ::setrlimit(RLIMIT_FSIZE, &small);
  bool threw = false;
  try {
    write();
  } catch (const Error& e) {
    threw = true;
    CHECK(e.code() == ExitCode::io);
    CHECK(std::string(e.what()).find("nothing was changed") != std::string::npos);
  }
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  CHECK(threw);
}

} // namespace

TEST_CASE("files::write_file_atomic") {
  testing::TempDir tmp;
  const auto file = tmp.path() / "a.yaml";

  SUBCASE("creates owner-only files whatever the umask") {
    const mode_t old = ::umask(0);
    write_file_atomic(file, "one\n");
    ::umask(old);
    CHECK(slurp(file) == "one\n");
    CHECK(mode_of(file) == 0600);
    CHECK(entries(tmp.path()) == 1);
  }
  SUBCASE("keeps the mode of an existing file") {
    write_file_atomic(file, "one\n");
    ::chmod(file.c_str(), 0640);
    write_file_atomic(file, "two\n");
    CHECK(slurp(file) == "two\n");
    CHECK(mode_of(file) == 0640);
  }
  SUBCASE("keeps the owner and group of the file it replaces; a new file written by root takes the directory's") {
    if (::geteuid() != 0) return; // only root can give files away
    const uid_t user = 1234;
    const gid_t group = 1235;
    write_file_atomic(file, "one\n");
    REQUIRE(::chown(file.c_str(), user, group) == 0);
    write_file_atomic(file, "two\n");
    struct stat replaced {};
    REQUIRE(::stat(file.c_str(), &replaced) == 0);
    CHECK(replaced.st_uid == user);
    CHECK(replaced.st_gid == group);
    CHECK(mode_of(file) == 0600);

    REQUIRE(::chown(tmp.path().c_str(), user, group) == 0);
    const auto fresh = tmp.path() / "b.yaml";
    write_file_atomic(fresh, "new\n");
    const auto exclusive = tmp.path() / "c.yaml";
    REQUIRE(create_file_exclusive(exclusive, "new\n"));
    for (const auto& created : {fresh, exclusive}) {
      struct stat info {};
      REQUIRE(::stat(created.c_str(), &info) == 0);
      CHECK(info.st_uid == user);
      CHECK(info.st_gid == group);
    }
  }
  SUBCASE("refuses to write through a symlink") {
    const auto target = tmp.path() / "target";
    write_file_atomic(target, "kept\n");
    fs::create_symlink(target, file);
    CHECK_THROWS_AS(write_file_atomic(file, "new\n"), Error);
    CHECK(slurp(target) == "kept\n");
    CHECK(fs::is_symlink(file));
  }
  SUBCASE("a failed write leaves the old file and no temporary file") {
    write_file_atomic(file, "old\n");
    check_fails_past_1kb([&] { write_file_atomic(file, std::string(100000, 'x')); });
    CHECK(slurp(file) == "old\n");
    CHECK(entries(tmp.path()) == 1);
  }
  SUBCASE("content in pieces is written in order, never held whole") {
    write_file_atomic(file, "old\n");
    write_file_atomic(file, [](const std::function<void(std::string_view)>& write) {
      for (const char* piece : {"BEGIN\r\n", "", "one\r\n", "END\r\n"}) write(piece);
    });
    CHECK(slurp(file) == "BEGIN\r\none\r\nEND\r\n");
    CHECK(entries(tmp.path()) == 1);
  }
  SUBCASE("a producer that fails halfway leaves the old file and no temporary file, its error passed on") {
    write_file_atomic(file, "old\n");
    int pieces = 0;
    CHECK_THROWS_WITH_AS(write_file_atomic(file,
                                           [&](const std::function<void(std::string_view)>& write) {
                                             write(std::string(200000, 'x')); // on disk already, in the temporary
                                             ++pieces;
                                             throw Error(ExitCode::data, "rep.yaml:3:1: broken");
                                           }),
                         "rep.yaml:3:1: broken", Error);
    CHECK(pieces == 1);
    CHECK(slurp(file) == "old\n");
    CHECK(entries(tmp.path()) == 1);
    CHECK_THROWS_AS(write_file_atomic(tmp.path() / "new.ics",
                                      [](const std::function<void(std::string_view)>& write) {
                                        write("x");
                                        throw std::bad_alloc();
                                      }),
                    std::bad_alloc);
    CHECK(entries(tmp.path()) == 1); // no new file, no temporary
  }
  SUBCASE("a write error in a later piece leaves the old file and no temporary file") {
    write_file_atomic(file, "old\n");
    int pieces = 0;
    check_fails_past_1kb([&] {
      write_file_atomic(file, [&](const std::function<void(std::string_view)>& write) {
        for (int i = 0; i < 4; ++i) {
          write(std::string(600, 'x')); // the second passes the limit
          ++pieces;
        }
      });
    });
    CHECK(pieces == 1);
    CHECK(slurp(file) == "old\n");
    CHECK(entries(tmp.path()) == 1);
  }
}

TEST_CASE("files::create_file_exclusive never overwrites") {
  testing::TempDir tmp;
  const auto file = tmp.path() / "coach.yaml";
  CHECK(create_file_exclusive(file, "first\n"));
  CHECK_FALSE(create_file_exclusive(file, "second\n"));
  CHECK(slurp(file) == "first\n");
  fs::create_symlink(tmp.path() / "nowhere", tmp.path() / "dangling");
  CHECK_FALSE(create_file_exclusive(tmp.path() / "dangling", "x\n"));
  CHECK_FALSE(fs::exists(tmp.path() / "nowhere"));
  CHECK(entries(tmp.path()) == 2);
}

TEST_CASE("files::read_text_file") {
  testing::TempDir tmp;
  CHECK_THROWS_WITH_AS(read_text_file(tmp.path(), 100), (tmp.path().string() + ": is a directory, not a file").c_str(),
                       Error);
  fs::create_symlink(tmp.path() / "nowhere", tmp.path() / "dangling.yaml");
  CHECK_THROWS_WITH_AS(read_text_file(tmp.path() / "dangling.yaml", 100),
                       (tmp.path().string() + "/dangling.yaml: is a symlink to nothing (dangling)").c_str(), Error);
  write_file_atomic(tmp.path() / "big", std::string(200, 'x'));
  CHECK_THROWS_AS(read_text_file(tmp.path() / "big", 100), Error);
  CHECK(read_text_file(tmp.path() / "big", 200).size() == 200);
  for (size_t size : {0, 1, 4095, 4096, 4097, 70000}) {
    const std::string text(size, 'y');
    write_file_atomic(tmp.path() / "exact", text);
    CHECK(read_text_file(tmp.path() / "exact", 70000) == text);
  }
}

TEST_CASE("files::read_text_file reads past the size stat gave, up to its limit") {
  // Files under /proc say they are empty and are not: the case of a file that grew while it was read.
  const std::string maps = read_text_file("/proc/self/maps", 1 << 20);
  CHECK(maps.size() > 4096); // more than the first look past the stat size takes
  CHECK(maps.back() == '\n');
  CHECK_THROWS_AS(read_text_file("/proc/self/maps", 100), Error);
  CHECK_THROWS_AS(read_text_file("/proc/self/maps", 4097), Error);
}

TEST_CASE("files::MappedFile holds the whole file, mapped or read onto 2 MB pages") {
  testing::TempDir dir;
  // Under 2 MB the file is mapped; from 2 MB read (onto huge pages where the system has them): either way every byte,
  // at the sizes either side of a 2 MB page and of the cut.
  for (const size_t size : {size_t{1}, size_t{4095}, (size_t{2} << 20) - 1, size_t{2} << 20, (size_t{2} << 20) + 1,
                            (size_t{6} << 20) + 12345}) {
    CAPTURE(size);
    std::string bytes(size, '\0');
    for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 131 + i / 4099) & 0xFF);
    const fs::path path = dir.path() / "index";
    write_file_atomic(path, bytes, 0600, false);
    const MappedFile file(path);
    CHECK(file.view().size() == size);
    CHECK(file.view() == bytes);
  }
  CHECK(MappedFile(dir.path() / "missing").view().empty());
  CHECK(MappedFile(dir.path()).view().empty()); // a directory
  write_file_atomic(dir.path() / "empty", "", 0600, false);
  CHECK(MappedFile(dir.path() / "empty").view().empty());
}
