#include <coach/git.hpp>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/files.hpp>

extern char** environ;

namespace coach {

namespace fs = std::filesystem;

namespace {

// git's argument vector and an environment without the variables that could
// send it to another repository.
struct GitCommand {
  std::vector<std::string> argv_strings;
  std::vector<std::string> env_strings;
  std::vector<char*> argv;
  std::vector<char*> envp;

  GitCommand(const fs::path& dir, const std::vector<std::string>& args) {
    for (char** e = environ; *e; ++e) {
      const std::string entry = *e;
      if (entry.rfind("GIT_DIR=", 0) == 0 || entry.rfind("GIT_WORK_TREE=", 0) == 0 ||
          entry.rfind("GIT_INDEX_FILE=", 0) == 0) {
        continue;
      }
      env_strings.push_back(entry);
    }
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
    ::execvpe("git", command.argv.data(), command.envp.data());
    _exit(127);
  }
  if (pid < 0) return -1;
  const int status = wait_for(pid);
  return status == 127 ? -1 : status;
}

GitResult run_git(const fs::path& dir, const std::vector<std::string>& args) {
  GitResult result;
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return result;
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return result;
  }
  GitCommand command(dir, args);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(err_pipe[1], STDERR_FILENO);
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    ::execvpe("git", command.argv.data(), command.envp.data());
    _exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (pid < 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return result;
  }
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_count = 2;
  char buffer[4096];
  while (open_count > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
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
  }
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

namespace {

std::string last_line(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r')) trimmed.pop_back();
  const auto nl = trimmed.rfind('\n');
  return nl == std::string::npos ? trimmed : trimmed.substr(nl + 1);
}

} // namespace

std::optional<std::string> commit_paths(const fs::path& dir, const std::vector<std::string>& paths,
                                        const std::string& message) {
  std::vector<std::string> add{"add", "--"};
  add.insert(add.end(), paths.begin(), paths.end());
  GitResult r = run_git(dir, add);
  if (r.status == -1) return "git is not installed";
  if (!r.ok()) return "git add failed: " + last_line(r.err);
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
    const std::string why = last_line(r.err.empty() ? r.out : r.err);
    return why.empty() ? fmt::format("git commit exited with status {}", r.status) : why;
  }
  return std::nullopt;
}

std::vector<std::string> setup_git(const fs::path& dir, const std::string& executable) {
  std::vector<std::string> created;
  if (!in_git_work_tree(dir)) {
    const GitResult r = run_git(dir, {"init", "--quiet"});
    if (!r.ok()) {
      throw Error(ExitCode::io, fmt::format("{}: git init failed: {}", dir.string(),
                                            r.status == -1 ? "git is not installed" : last_line(r.err)));
    }
  }
  const std::string attributes =
      "# coach merges rep files record by record, so two machines that log 1:1s\n"
      "# for the same rep merge cleanly (see coach-git(1)).\n"
      "reps/*.yaml merge=coach\n";
  if (create_file_exclusive(dir / ".gitattributes", attributes, 0644)) created.push_back(".gitattributes");
  // The driver lives in the repository's config, which git never clones:
  // `coach init --git` in a clone installs it there too.
  // git runs the driver through the shell: quote the path so no character in it is interpreted.
  std::string quoted = "'";
  for (char c : executable) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  quoted += "'";
  for (const auto& [key, value] :
       {std::pair<std::string, std::string>{"merge.coach.name", "coach: merge rep files record by record"},
        {"merge.coach.driver", quoted + " merge-driver %O %A %B %P"}}) {
    const GitResult r = run_git(dir, {"config", "--local", key, value});
    if (!r.ok()) throw Error(ExitCode::io, fmt::format("git config {} failed: {}", key, last_line(r.err)));
  }
  return created;
}

} // namespace coach
