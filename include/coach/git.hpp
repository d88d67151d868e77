#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace coach {

/// What a git run printed and how it ended.
struct GitResult {
  int status = -1; // exit status; -1 when git could not be started
  std::string out;
  std::string err;
  bool ok() const { return status == 0; }
};

/// Runs `git ARGS` in `dir` as a program with an argument vector (never a
/// shell), with GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE removed from its
/// environment so a stray variable cannot send it to another repository. The
/// user's own configuration (identity, signing, hooks) applies.
GitResult run_git(const std::filesystem::path& dir, const std::vector<std::string>& args);

/// Runs `git ARGS` in `dir` as run_git does, but on the user's terminal (its
/// pager, editor and prompts work); returns git's exit status, -1 when git
/// could not be started.
int run_git_attached(const std::filesystem::path& dir, const std::vector<std::string>& args);

/// Whether `dir` lies inside a git work tree.
bool in_git_work_tree(const std::filesystem::path& dir);

/// Stages and commits exactly `paths` (relative to `dir`) with `message`, and
/// nothing else that happens to be staged or changed. Returns nullopt on
/// success, else why it could not commit.
std::optional<std::string> commit_paths(const std::filesystem::path& dir, const std::vector<std::string>& paths,
                                        const std::string& message);

/// Makes `dir` a git repository if it is not inside one, and installs coach's
/// merge driver: `.gitattributes` (reps/*.yaml merge=coach) and the
/// repository's `merge.coach.*` config running `executable merge-driver`.
/// Returns the files it created.
std::vector<std::string> setup_git(const std::filesystem::path& dir, const std::string& executable);

} // namespace coach
