#pragma once

#include <filesystem>
#include <functional>
#include <map>
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

/// What else a git run gets: text on its standard input (else /dev/null) and
/// variables added to its environment.
struct GitRunOptions {
  std::string input;
  std::map<std::string, std::string> env;
};

/// Runs `git ARGS` in `dir` as a program with an argument vector (never a
/// shell), with GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE removed from its
/// environment so a stray variable cannot send it to another repository. The
/// user's own configuration (identity, signing, hooks) applies.
GitResult run_git(const std::filesystem::path& dir, const std::vector<std::string>& args,
                  const GitRunOptions& options = {});

/// Runs `git ARGS` in `dir` as run_git does, but on the user's terminal (its
/// pager, editor and prompts work); returns git's exit status, -1 when git
/// could not be started.
int run_git_attached(const std::filesystem::path& dir, const std::vector<std::string>& args);

/// Whether `dir` lies inside a git work tree.
bool in_git_work_tree(const std::filesystem::path& dir);

/// The git directory of the repository `dir` lies in (`.git`, or where a
/// `.git` file points), found by walking up as git does without running it;
/// nullopt outside a repository.
std::optional<std::filesystem::path> find_git_dir(const std::filesystem::path& dir);

/// Stages and commits exactly `paths` (relative to `dir`) with `message`, and
/// nothing else that happens to be staged or changed. Returns nullopt on
/// success, else why it could not commit.
std::optional<std::string> commit_paths(const std::filesystem::path& dir, const std::vector<std::string>& paths,
                                        const std::string& message);

/// One file a command changed, handed to the commit while the directory lock
/// is still held (so concurrent commands never race on git's index).
struct FileChange {
  std::string path;     // relative to the data directory, as git names it
  std::string old_text; // the file's text before the change; empty for a new file
  bool created = false;
  /// Makes the same change to another version of the file's text (the one
  /// committed), so the commit holds coach's change and none of the user's
  /// uncommitted edits. `path` names that version in messages. Throws
  /// coach::Error when that version cannot take the change.
  std::function<std::string(const std::string& path, const std::string& text)> redo;
};

/// Commits `change` alone with `message`: when the file was as committed
/// before the change, a pathspec commit of it; when it held uncommitted edits
/// of the user's, the change is made to the committed version, that is
/// committed, and the index takes the change too, so the user's edits stay
/// uncommitted. `scratch` is a private folder for a temporary index. Returns
/// nullopt on success, else why nothing was committed.
std::optional<std::string> commit_change(const std::filesystem::path& dir, const FileChange& change,
                                         const std::string& message, const std::filesystem::path& scratch);

/// The files (relative to `dir`, e.g. "reps/alice-chen.yaml") that git lists
/// as unmerged (`git ls-files -u`): a merge, rebase or stash that stopped on
/// them. `cache_file` remembers the answer for one version of git's index, so
/// git runs only after the index changed. Empty outside a repository.
std::vector<std::string> unmerged_files(const std::filesystem::path& dir, const std::filesystem::path& cache_file);

/// Why git cannot run coach's merge driver for rep files in the repository
/// holding `dir` (its program is not on PATH, or not where the configuration
/// says, or no driver is configured), or nullopt when it can or the
/// repository does not ask for it. `path_env` is $PATH; `user_configs` are
/// the system's and the user's git config files, in the order git reads them
/// (the repository's own config is read last and wins, as in git). Reads
/// files only; never runs git.
std::optional<std::string> merge_driver_problem(const std::filesystem::path& dir, const std::string& path_env,
                                                const std::vector<std::filesystem::path>& user_configs = {});

/// The command git runs for the merge driver: `coach` found on PATH, as the
/// user's own `coach` is, so a rebuilt or moved binary never breaks merges.
inline constexpr const char* merge_driver_command = "coach merge-driver %O %A %B %P %L";

/// Makes `dir` a git repository if it is not inside one, and installs coach's
/// merge driver: `.gitattributes` (reps/*.yaml merge=coach) and the
/// repository's `merge.coach.*` config running merge_driver_command.
/// Returns the files it created.
std::vector<std::string> setup_git(const std::filesystem::path& dir);

} // namespace coach
