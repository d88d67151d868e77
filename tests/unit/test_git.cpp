#include <doctest/doctest.h>

#include <fstream>

#include <sys/stat.h>

#include <coach/error.hpp>
#include <coach/git.hpp>
#include <coach/settings.hpp>
#include <coach/yaml_tree.hpp>

#include "temp_dir.hpp"

using namespace coach;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

void make_executable(const fs::path& path) {
  write(path, "#!/bin/sh\n");
  ::chmod(path.c_str(), 0755);
}

std::string with_git_commit(const std::string& text) {
  return settings_text_with_git_commit(parse_yaml("coach.yaml", text));
}

} // namespace

TEST_CASE("git::find_git_dir walks up as git does, through a .git file too") {
  testing::TempDir tmp;
  const auto repo = tmp.path() / "repo";
  fs::create_directories(repo / ".git");
  fs::create_directories(repo / "team" / "reps");
  CHECK(find_git_dir(repo / "team" / "reps") == repo / ".git");
  CHECK(find_git_dir(repo / "team" / "reps/") == repo / ".git");
  const auto worktree = tmp.path() / "worktree";
  write(worktree / ".git", "gitdir: ../repo/.git/worktrees/w\n");
  CHECK(find_git_dir(worktree) == repo / ".git" / "worktrees" / "w");
  CHECK_FALSE(find_git_dir(tmp.path() / "nowhere").has_value());
}

TEST_CASE("git::merge_driver_problem says why git cannot run the driver, never runs git") {
  testing::TempDir tmp;
  const auto root = tmp.path() / "team";
  const auto bin = tmp.path() / "bin";
  fs::create_directories(root / ".git");
  make_executable(bin / "coach");
  const std::string path_with_coach = "/nonexistent:" + bin.string();

  // No merge=coach attribute: nothing is expected of git.
  CHECK_FALSE(merge_driver_problem(root, "").has_value());

  write(root / ".gitattributes", "reps/*.yaml merge=coach\n");
  write(root / ".git" / "config", "[core]\n\tbare = false\n");
  auto problem = merge_driver_problem(root, path_with_coach);
  REQUIRE(problem);
  CHECK(problem->find("not set up in this repository") != std::string::npos);

  write(root / ".git" / "config", "[core]\n\tbare = false\n[merge \"coach\"]\n\tname = coach\n"
                                  "\tdriver = coach merge-driver %O %A %B %P %L\n");
  CHECK_FALSE(merge_driver_problem(root, path_with_coach).has_value());
  problem = merge_driver_problem(root, "/nonexistent:/also-not");
  REQUIRE(problem);
  CHECK(problem->find("there is no `coach` on your PATH") != std::string::npos);

  // An absolute path from an older init, quoted for the shell.
  write(root / ".git" / "config",
        "[merge \"coach\"]\n\tdriver = \"'" + (bin / "coach").string() + "' merge-driver %O %A %B %P\"\n");
  CHECK_FALSE(merge_driver_problem(root, "").has_value());
  write(root / ".git" / "config", "[merge \"coach\"]\n\tdriver = '/gone/coach' merge-driver %O %A %B %P\n");
  problem = merge_driver_problem(root, path_with_coach);
  REQUIRE(problem);
  CHECK(problem->find("/gone/coach, which cannot be run") != std::string::npos);

  // A driver in the user's own config counts; the repository's wins over it.
  write(root / ".git" / "config", "[core]\n\tbare = false\n");
  write(tmp.path() / "home" / ".gitconfig", "[merge \"coach\"]\n\tdriver = coach merge-driver %O %A %B %P\n");
  CHECK_FALSE(merge_driver_problem(root, path_with_coach, {tmp.path() / "home" / ".gitconfig"}).has_value());
  write(root / ".git" / "config", "[merge \"coach\"]\n\tdriver = /gone/coach merge-driver\n");
  CHECK(merge_driver_problem(root, path_with_coach, {tmp.path() / "home" / ".gitconfig"}).has_value());

  // A section of another driver does not count.
  write(root / ".git" / "config", "[merge \"other\"]\n\tdriver = coach merge-driver\n");
  CHECK(merge_driver_problem(root, path_with_coach)->find("not set up") != std::string::npos);
}

TEST_CASE("settings::settings_text_with_git_commit changes one line or adds two") {
  CHECK(with_git_commit("manager: Dana\n") ==
        "manager: Dana\ngit:\n  commit: true    # commit every change coach makes (see coach-git(1))\n");
  CHECK(with_git_commit("manager: Dana") ==
        "manager: Dana\ngit:\n  commit: true    # commit every change coach makes (see coach-git(1))\n");
  CHECK(with_git_commit("git:\n    commit: false  # later\nmanager: Dana\n") ==
        "git:\n    commit: true  # later\nmanager: Dana\n");
  CHECK(with_git_commit("git:\n  other: 1\n# end\n") == "git:\n  commit: true\n  other: 1\n# end\n");
  CHECK(with_git_commit("git:\nmanager: Dana\n").find("git:\n  commit: true") == 0);
  CHECK(with_git_commit("") == "git:\n  commit: true    # commit every change coach makes (see coach-git(1))\n");
  CHECK_THROWS_AS(with_git_commit("git: {commit: false}\n"), Error);
  CHECK_THROWS_AS(with_git_commit("git:\n  commit: \"false\"\n"), Error);
}
