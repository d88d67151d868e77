#include <coach/git.hpp>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include <coach/error.hpp>
#include <coach/files.hpp>
#include <coach/rep_cache.hpp>
#include <coach/text.hpp>

extern char** environ;

namespace coach {

namespace fs = std::filesystem;

namespace {

// Whom git runs as when root runs coach in a directory another user owns:
// that user, so that git neither refuses the repository ("dubious ownership")
// nor leaves objects, refs and the index owned by root, which the user could
// then no longer write. Worked out before fork: the child may only call
// async-signal-safe functions.
struct RunAs {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;
  std::optional<std::string> home; // from the password database, when the user is in it
  std::optional<std::string> name;
};

std::optional<RunAs> run_as_owner_of(const fs::path& dir) {
  struct stat info {};
  if (::geteuid() != 0 || ::stat(dir.c_str(), &info) != 0 || info.st_uid == 0) return std::nullopt;
  RunAs who;
  who.uid = info.st_uid;
  who.gid = info.st_gid;
  who.groups = {info.st_gid};
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  if (::getpwuid_r(info.st_uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found) {
    who.gid = found->pw_gid;
    who.home = found->pw_dir;
    who.name = found->pw_name;
    int count = 64;
    who.groups.assign(static_cast<size_t>(count), 0);
    if (::getgrouplist(found->pw_name, found->pw_gid, who.groups.data(), &count) < 0) {
      who.groups = {found->pw_gid};
    } else {
      who.groups.resize(static_cast<size_t>(count));
    }
  }
  return who;
}

// The child's switch to `who` before it runs git; false when it cannot be made.
bool become(const RunAs& who) {
  return ::setgroups(who.groups.size(), who.groups.data()) == 0 && ::setgid(who.gid) == 0 && ::setuid(who.uid) == 0;
}

// git's argument vector and an environment without the variables that could
// send it to another repository.
struct GitCommand {
  std::vector<std::string> argv_strings;
  std::vector<std::string> env_strings;
  std::vector<char*> argv;
  std::vector<char*> envp;
  std::optional<RunAs> run_as;

  GitCommand(const fs::path& dir, const std::vector<std::string>& args,
             std::map<std::string, std::string> extra_env = {})
      : run_as(run_as_owner_of(dir)) {
    if (run_as && run_as->home) {
      extra_env.try_emplace("HOME", *run_as->home); // the owner's identity and settings, as `sudo -u` gives
      extra_env.try_emplace("USER", *run_as->name);
      extra_env.try_emplace("LOGNAME", *run_as->name);
    }
    for (char** e = environ; *e; ++e) {
      const std::string entry = *e;
      if (entry.rfind("GIT_DIR=", 0) == 0 || entry.rfind("GIT_WORK_TREE=", 0) == 0 ||
          entry.rfind("GIT_INDEX_FILE=", 0) == 0) {
        continue;
      }
      const auto eq = entry.find('=');
      if (eq != std::string::npos && extra_env.count(entry.substr(0, eq))) continue;
      env_strings.push_back(entry);
    }
    for (const auto& [name, value] : extra_env) env_strings.push_back(name + "=" + value);
    argv_strings = {"git", "-C", dir.string()};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    for (auto& arg : argv_strings) argv.push_back(arg.data());
    argv.push_back(nullptr);
    for (auto& entry : env_strings) envp.push_back(entry.data());
    envp.push_back(nullptr);
  }
};

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 128;
}

} // namespace

int run_git_attached(const fs::path& dir, const std::vector<std::string>& args) {
  GitCommand command(dir, args);
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (command.run_as && !become(*command.run_as)) _exit(126);
    ::execvpe("git", command.argv.data(), command.envp.data());
    _exit(127);
  }
  if (pid < 0) return -1;
  const int status = wait_for(pid);
  return status == 127 ? -1 : status;
}

namespace {

// The child's side of run_git: git's output and errors into the pipes, its
// input from `in_fd` or else /dev/null, never from the user's terminal.
[[noreturn]] void exec_git_child(const GitCommand& command, int out_fd, int err_fd, int in_fd) {
  ::dup2(out_fd, STDOUT_FILENO);
  ::dup2(err_fd, STDERR_FILENO);
  if (in_fd >= 0) {
    ::dup2(in_fd, STDIN_FILENO);
  } else {
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
  }
  if (command.run_as && !become(*command.run_as)) {
    constexpr std::string_view said = "coach: cannot run git as the owner of the directory\n";
    [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, said.data(), said.size());
    _exit(126);
  }
  ::execvpe("git", command.argv.data(), command.envp.data());
  _exit(127);
}

// Writes `input` to `in_fd` (-1: nothing to write) as git reads it while its
// output and errors are drained into `result`, so that neither side can block
// the other on a full pipe; each descriptor is closed once it is done with.
void exchange_with_git(int out_fd, int err_fd, int in_fd, std::string_view input, GitResult& result) {
  pollfd fds[3] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}, {in_fd, POLLOUT, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_count = 2;
  size_t fed = 0;
  char buffer[4096];
  while (open_count > 0 || fds[2].fd >= 0) {
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[2].fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t n = ::write(fds[2].fd, input.data() + fed, input.size() - fed);
      if (n > 0) fed += static_cast<size_t>(n);
      if (fed == input.size() || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        ::close(fds[2].fd);
        fds[2].fd = -1;
      }
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
    if (open_count == 0 && fds[2].fd >= 0) { // git is gone without reading everything
      ::close(fds[2].fd);
      fds[2].fd = -1;
    }
  }
}

} // namespace

GitResult run_git(const fs::path& dir, const std::vector<std::string>& args, const GitRunOptions& options) {
  GitResult result;
  int out_pipe[2];
  int err_pipe[2];
  int in_pipe[2] = {-1, -1};
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return result;
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return result;
  }
  const bool feed = !options.input.empty();
  if (feed && ::pipe2(in_pipe, O_CLOEXEC) != 0) {
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) ::close(fd);
    return result;
  }
  GitCommand command(dir, args, options.env);
  const pid_t pid = ::fork();
  if (pid == 0) exec_git_child(command, out_pipe[1], err_pipe[1], feed ? in_pipe[0] : -1);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (feed) ::close(in_pipe[0]);
  if (pid < 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    if (feed) ::close(in_pipe[1]);
    return result;
  }
  if (feed) ::fcntl(in_pipe[1], F_SETFL, ::fcntl(in_pipe[1], F_GETFL) | O_NONBLOCK);
  // A git that exits before reading all its input must not kill coach with SIGPIPE.
  struct sigaction ignore_pipe {
  }, previous_pipe{};
  ignore_pipe.sa_handler = SIG_IGN;
  if (feed) ::sigaction(SIGPIPE, &ignore_pipe, &previous_pipe);
  exchange_with_git(out_pipe[0], err_pipe[0], feed ? in_pipe[1] : -1, options.input, result);
  if (feed) ::sigaction(SIGPIPE, &previous_pipe, nullptr);
  result.status = wait_for(pid);
  if (result.status == 127 && result.out.empty() && result.err.empty()) {
    result.status = -1; // git is not installed
  }
  return result;
}

bool in_git_work_tree(const fs::path& dir) {
  const GitResult r = run_git(dir, {"rev-parse", "--is-inside-work-tree"});
  return r.ok() && r.out.rfind("true", 0) == 0;
}

std::optional<fs::path> find_git_dir(const fs::path& dir) {
  std::error_code ec;
  fs::path at = fs::absolute(dir, ec).lexically_normal();
  if (ec) return std::nullopt;
  if (!at.has_filename()) at = at.parent_path(); // "dir/" normalizes to "dir/": no empty last part
  for (;;) {
    const fs::path dot_git = at / ".git";
    struct stat st {};
    if (::stat(dot_git.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) return dot_git;
      if (S_ISREG(st.st_mode)) { // a worktree or submodule: "gitdir: PATH"
        std::ifstream in(dot_git);
        std::string line;
        std::getline(in, line);
        if (line.rfind("gitdir:", 0) == 0) {
          fs::path target(std::string(trim(std::string_view(line).substr(7))));
          return target.is_absolute() ? target : (at / target).lexically_normal();
        }
      }
    }
    if (at == at.parent_path()) return std::nullopt;
    at = at.parent_path();
  }
}

namespace {

// What a failed git run said, in one line: the lines git marks as errors (or
// all it said), and for a stale index.lock where it is and what to do.
std::string git_failure(const GitResult& r, std::string_view what, std::string_view files = {}) {
  if (r.status == -1) return "git is not installed (or could not be started)";
  const std::string& said = r.err.empty() ? r.out : r.err;
  // Only git's "File exists": it cannot create the lock for other reasons too (a missing or read-only folder).
  if (const auto lock = said.find(".lock'");
      lock != std::string::npos && said.find("File exists") != std::string::npos) {
    // git says: fatal: Unable to create '/home/dana/coaching/.git/index.lock': File exists.
    const auto open = said.rfind('\'', lock);
    const auto close = said.find('\'', lock);
    const std::string file = open != std::string::npos && close != std::string::npos
                                 ? said.substr(open + 1, close - open - 1)
                                 : std::string(".git/index.lock");
    return fmt::format("{} failed: git's index is locked ({} exists): another git command may be running; "
                       "if none is (`pgrep -a git` lists none), remove {} and commit the change with `coach git "
                       "add {}` and `coach git commit`",
                       what, file, file, files.empty() ? "FILE" : files);
  }
  std::vector<std::string> lines;
  std::vector<std::string> marked;
  std::istringstream in(said);
  for (std::string line; std::getline(in, line);) {
    const std::string_view text = trim(line);
    if (text.empty()) continue;
    lines.emplace_back(text);
    if (starts_with(text, "fatal:") || starts_with(text, "error:")) marked.emplace_back(text);
  }
  const auto& chosen = marked.empty() ? lines : marked;
  std::string summary;
  for (size_t i = 0; i < chosen.size() && i < 4; ++i) summary += (i ? " / " : "") + chosen[i];
  if (chosen.size() > 4) summary += " / ...";
  if (summary.empty()) return fmt::format("{} exited with status {}", what, r.status);
  return fmt::format("{} failed (exit status {}): {}", what, r.status, summary);
}

// `mode sha` of `path` in the tree or index a `git ls-tree`/`ls-files -s` line describes.
struct GitEntry {
  std::string mode;
  std::string sha;
};
std::optional<GitEntry> first_entry(const GitResult& r, bool from_tree) {
  if (!r.ok() || r.out.empty()) return std::nullopt;
  std::istringstream in(r.out.substr(0, r.out.find('\t')));
  GitEntry entry;
  std::string type;
  in >> entry.mode;
  if (from_tree) in >> type; // ls-tree: mode type sha; ls-files -s: mode sha stage
  in >> entry.sha;
  if (entry.sha.empty()) return std::nullopt;
  return entry;
}

// The commit of a change when the file also holds the user's uncommitted edits:
// the change is made to the committed version, which a temporary index commits
// (hooks and signing apply as to any commit), and then to the real index, so
// `git diff` still shows the user's edits and only theirs.
std::optional<std::string> commit_beside_user_edits(const fs::path& dir, const FileChange& change,
                                                    const std::string& committed, const std::string& message,
                                                    const fs::path& scratch) {
  std::string changed;
  try {
    changed = change.redo("HEAD:" + change.path, committed);
  } catch (const Error& e) {
    return fmt::format("{} holds edits of yours that are not committed, and coach's change cannot be made to its "
                       "committed version ({}); commit your edits, then this change with `coach git commit {}`",
                       change.path, e.what(), change.path);
  }
  const auto in_head = first_entry(run_git(dir, {"ls-tree", "HEAD", "--", change.path}), true);
  const auto staged = first_entry(run_git(dir, {"ls-files", "-s", "--", change.path}), false);
  if (!in_head) return fmt::format("git ls-tree found no {} in HEAD", change.path);
  const auto store = [&](const std::string& text) -> std::optional<std::string> {
    const GitResult r = run_git(dir, {"hash-object", "-w", "--stdin"}, {text, {}});
    if (!r.ok()) return std::nullopt;
    return std::string(trim(r.out));
  };
  const auto blob = store(changed);
  if (!blob) return fmt::format("git hash-object could not store {}", change.path);
  // The real index takes the change too, on top of whatever the user staged:
  // were it left behind, the user's next commit would take coach's change out again.
  std::optional<std::string> index_blob = blob;
  if (staged && staged->sha != in_head->sha) {
    const GitResult was = run_git(dir, {"cat-file", "blob", staged->sha});
    try {
      if (!was.ok()) throw Error(ExitCode::io, git_failure(was, "git cat-file"));
      index_blob = store(change.redo(":" + change.path, was.out));
    } catch (const Error& e) {
      return fmt::format("{} has edits of yours staged, and coach's change cannot be made to the staged version "
                         "({}); commit your edits, then this change with `coach git commit {}`",
                         change.path, e.what(), change.path);
    }
    if (!index_blob) return fmt::format("git hash-object could not store {}", change.path);
  }
  const auto set_index_entry = [&](const std::string& sha) {
    return run_git(dir, {"update-index", "--cacheinfo", in_head->mode + "," + sha + "," + change.path});
  };
  if (staged) {
    // First, so a locked index stops everything before anything is committed.
    const GitResult r = set_index_entry(*index_blob);
    if (!r.ok()) return git_failure(r, "git update-index", change.path);
  }

  std::error_code ec;
  const fs::path index = fs::absolute(scratch / "commit-index", ec);
  fs::remove(index, ec);
  const GitRunOptions with_index{"", {{"GIT_INDEX_FILE", index.string()}}};
  GitResult r = run_git(dir, {"read-tree", "HEAD"}, with_index);
  if (r.ok()) {
    r = run_git(dir, {"update-index", "--add", "--cacheinfo", in_head->mode + "," + *blob + "," + change.path},
                with_index);
  }
  if (r.ok()) r = run_git(dir, {"commit", "--quiet", "-m", message}, with_index);
  fs::remove(index, ec);
  fs::remove(fs::path(index.string() + ".lock"), ec);
  if (!r.ok()) {
    if (staged) set_index_entry(staged->sha); // as the user left it
    return git_failure(r, "git commit", change.path);
  }
  return std::nullopt;
}

// Why no commit can be made now: git stopped in the middle of a merge, a
// rebase, a cherry-pick or a revert, whose own commit must come first.
std::optional<std::string> operation_in_progress(const fs::path& dir, const std::string& path) {
  const auto git_dir = find_git_dir(dir);
  if (!git_dir) return std::nullopt;
  for (const auto& [marker, what] : {std::pair<const char*, const char*>{"MERGE_HEAD", "a merge"},
                                     {"CHERRY_PICK_HEAD", "a cherry-pick"},
                                     {"REVERT_HEAD", "a revert"},
                                     {"rebase-merge", "a rebase"},
                                     {"rebase-apply", "a rebase"}}) {
    std::error_code ec;
    if (fs::exists(*git_dir / marker, ec)) {
      return fmt::format("{} is in progress in git ({} exists); finish it first (`coach git status` says how), "
                         "then commit this change with `coach git add {}` and `coach git commit`",
                         what, (*git_dir / marker).string(), path);
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> commit_paths(const fs::path& dir, const std::vector<std::string>& paths,
                                        const std::string& message) {
  std::vector<std::string> add{"add", "--"};
  add.insert(add.end(), paths.begin(), paths.end());
  GitResult r = run_git(dir, add);
  if (!r.ok()) return git_failure(r, "git add", join(paths, " "));
  // A pathspec commit (--only) takes exactly these paths: whatever else the
  // user had staged stays staged and out of this commit.
  std::vector<std::string> commit{"commit", "--quiet", "--only", "-m", message, "--"};
  commit.insert(commit.end(), paths.begin(), paths.end());
  r = run_git(dir, commit);
  if (!r.ok()) {
    // Unstage the file again, so a later commit of the user's does not sweep our change in.
    std::vector<std::string> reset{"reset", "--quiet", "--"};
    reset.insert(reset.end(), paths.begin(), paths.end());
    run_git(dir, reset);
    return git_failure(r, "git commit", join(paths, " "));
  }
  return std::nullopt;
}

std::optional<std::string> commit_change(const fs::path& dir, const FileChange& change, const std::string& message,
                                         const fs::path& scratch) {
  if (auto busy = operation_in_progress(dir, change.path)) return busy;
  if (!change.created && change.redo) {
    const GitResult committed = run_git(dir, {"cat-file", "blob", "HEAD:./" + change.path});
    if (committed.ok() && committed.out != change.old_text) {
      return commit_beside_user_edits(dir, change, committed.out, message, scratch);
    }
  }
  return commit_paths(dir, {change.path}, message);
}

std::vector<std::string> unmerged_files(const fs::path& dir, const fs::path& cache_file) {
  const auto git_dir = find_git_dir(dir);
  if (!git_dir) return {};
  const auto index = stamp_of(*git_dir / "index");
  if (!index) return {};
  // git replaces its index by renaming a new file over it, so its stamp tells versions apart.
  const std::string stamp = fmt::format("{} {} {} {} {}", index->size, index->mtime_ns, index->ctime_ns, index->inode,
                                        index->device);
  {
    std::ifstream in(cache_file);
    std::string line;
    if (std::getline(in, line) && line == stamp) {
      std::vector<std::string> cached;
      while (std::getline(in, line)) cached.push_back(line);
      return cached;
    }
  }
  const GitResult r = run_git(dir, {"ls-files", "-u", "-z", "--", "."});
  if (!r.ok()) return {};
  std::set<std::string> files;
  size_t at = 0;
  while (at < r.out.size()) {
    size_t end = r.out.find('\0', at);
    if (end == std::string::npos) end = r.out.size();
    const std::string_view entry(r.out.data() + at, end - at);
    if (const auto tab = entry.find('\t'); tab != std::string_view::npos) files.emplace(entry.substr(tab + 1));
    at = end + 1;
  }
  std::vector<std::string> out(files.begin(), files.end());
  std::string content = stamp + "\n";
  for (const auto& file : out) {
    if (file.find('\n') == std::string::npos) content += file + "\n";
  }
  std::error_code ec;
  if (fs::is_directory(cache_file.parent_path(), ec)) {
    try {
      write_file_atomic(cache_file, content, 0600, false);
    } catch (const Error&) {
      // Only a cache: the next command asks git again.
    }
  }
  return out;
}

namespace {

std::string read_small_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The value of `key` in section [merge "coach"] of a git config file's text, as git reads simple values.
std::optional<std::string> coach_merge_config(const std::string& config, std::string_view key) {
  std::istringstream in(config);
  bool in_section = false;
  std::optional<std::string> found;
  for (std::string raw; std::getline(in, raw);) {
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      const auto close = line.find(']');
      std::string_view header = line.substr(1, close == std::string_view::npos ? line.size() - 1 : close - 1);
      const auto space = header.find(' ');
      const std::string section = to_lower(trim(header.substr(0, space)));
      const std::string_view sub = space == std::string_view::npos ? "" : trim(header.substr(space));
      in_section = section == "merge" && sub == "\"coach\"";
      continue;
    }
    if (!in_section) continue;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos || to_lower(trim(line.substr(0, eq))) != key) continue;
    std::string value;
    bool quoted = false;
    std::string_view rest = trim(line.substr(eq + 1));
    for (size_t i = 0; i < rest.size(); ++i) {
      const char c = rest[i];
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && i + 1 < rest.size()) {
        const char next = rest[++i];
        value += next == 'n' ? '\n' : next == 't' ? '\t' : next;
      } else if (!quoted && (c == '#' || c == ';')) {
        break;
      } else {
        value += c;
      }
    }
    found = std::string(trim(value));
  }
  return found;
}

// The program a shell runs for `command`: its first word, with sh's quotes removed.
std::string first_shell_word(std::string_view command) {
  std::string word;
  size_t i = 0;
  while (i < command.size() && command[i] == ' ') ++i;
  for (; i < command.size() && command[i] != ' ' && command[i] != '\t'; ++i) {
    if (command[i] == '\'') {
      const auto close = command.find('\'', i + 1);
      if (close == std::string_view::npos) break;
      word += command.substr(i + 1, close - i - 1);
      i = close;
    } else if (command[i] == '\\' && i + 1 < command.size()) {
      word += command[++i];
    } else {
      word += command[i];
    }
  }
  return word;
}

bool is_executable_file(const fs::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

} // namespace

std::optional<std::string> merge_driver_problem(const fs::path& dir, const std::string& path_env,
                                                const std::vector<fs::path>& user_configs) {
  if (read_small_file(dir / ".gitattributes").find("merge=coach") == std::string::npos) return std::nullopt;
  const auto git_dir = find_git_dir(dir);
  if (!git_dir) return std::nullopt;
  fs::path common = *git_dir;
  if (const std::string pointer = read_small_file(*git_dir / "commondir"); !pointer.empty()) {
    const fs::path target(std::string(trim(pointer)));
    common = target.is_absolute() ? target : (*git_dir / target).lexically_normal();
  }
  std::optional<std::string> driver;
  std::vector<fs::path> configs = user_configs;
  configs.push_back(common / "config");
  for (const auto& config : configs) {
    if (auto value = coach_merge_config(read_small_file(config), "driver")) driver = value; // the last one wins
  }
  if (!driver || driver->empty()) {
    return std::string("coach's merge driver is not set up in this repository (a fresh clone?): `git pull` would "
                       "merge rep files line by line; run `coach init --git` to set it up");
  }
  const std::string program = first_shell_word(*driver);
  if (program.find('/') != std::string::npos) {
    if (is_executable_file(program)) return std::nullopt;
    return fmt::format("git's merge driver for rep files is {}, which cannot be run (moved or deleted?): a merge "
                       "would stop with rep files unmerged; run `coach init --git` to set it to the coach on your "
                       "PATH",
                       program);
  }
  size_t start = 0;
  while (start <= path_env.size()) {
    const size_t end = std::min(path_env.find(':', start), path_env.size());
    const std::string entry = path_env.substr(start, end - start);
    if (is_executable_file(fs::path(entry.empty() ? "." : entry) / program)) return std::nullopt;
    start = end + 1;
  }
  return fmt::format("git runs `{}` to merge rep files, and there is no `{}` on your PATH: a merge would stop with "
                     "rep files unmerged; put coach on your PATH (`cmake --install build`)",
                     *driver, program);
}

std::vector<std::string> setup_git(const fs::path& dir) {
  std::vector<std::string> created;
  if (!in_git_work_tree(dir)) {
    const GitResult r = run_git(dir, {"init", "--quiet"});
    if (!r.ok()) throw Error(ExitCode::io, fmt::format("{}: {}", dir.string(), git_failure(r, "git init")));
  }
  const std::string attributes = "# coach merges rep files record by record, so two machines that log 1:1s\n"
                                 "# for the same rep merge cleanly (see coach-git(1)).\n"
                                 "reps/*.yaml merge=coach\n"
                                 "team/*.yaml merge=coach\n";
  if (create_file_exclusive(dir / ".gitattributes", attributes, 0644)) {
    created.push_back(".gitattributes");
  } else if (const std::string old = read_small_file(dir / ".gitattributes");
             old.find("reps/*.yaml merge=coach") != std::string::npos &&
             old.find("team/*.yaml merge=coach") == std::string::npos) {
    // Written by a coach before team files: they get the driver too (one line added, committed by init).
    write_file_atomic(dir / ".gitattributes",
                      old + (old.empty() || old.back() == '\n' ? "" : "\n") + "team/*.yaml merge=coach\n", 0644);
  }
  // The driver lives in the repository's config, which git never clones:
  // `coach init --git` in a clone installs it there too.
  for (const auto& [key, value] :
       {std::pair<std::string, std::string>{"merge.coach.name", "coach: merge rep files record by record"},
        {"merge.coach.driver", merge_driver_command}}) {
    const GitResult r = run_git(dir, {"config", "--local", key, value});
    if (!r.ok()) throw Error(ExitCode::io, git_failure(r, "git config " + key));
  }
  return created;
}

} // namespace coach
