#include "pager.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <coach/data_dir.hpp>
#include <coach/error.hpp>
#include <coach/files.hpp>
#include <coach/settings.hpp>
#include <coach/text.hpp>
#include <coach/yaml_tree.hpp>

#include "context.hpp"

namespace coach::cli {

namespace {

constexpr std::string_view paged_commands[] = {"followups", "audit",   "rep list",    "rep show",
                                               "report",    "results", "results show"};

// Whether the first word of the shell command `command` names a program sh
// can run: a pager that is not installed writes nothing, so coach writes itself.
bool can_run(const std::string& command) {
  const std::string program = command.substr(0, command.find_first_of(" \t"));
  if (program.find_first_of("'\"$`\\;|&<>(){}=") != std::string::npos) return true; // shell syntax: sh's to judge
  if (program.find('/') != std::string::npos) return ::access(program.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/bin:/bin";
  while (true) {
    const size_t colon = dirs.find(':');
    const std::string dir(dirs.substr(0, colon));
    if (::access(((dir.empty() ? std::string(".") : dir) + "/" + program).c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) return false;
    dirs.remove_prefix(colon + 1);
  }
}

// coach.yaml's `pager:` of the data directory the command would use, if it can be read.
std::optional<std::string> pager_setting(const Context& context) {
  try {
    const DataDir dir(find_data_dir(context.directory_hints()));
    const auto path = dir.settings_path().lexically_normal();
    return read_pager_setting(parse_yaml(path.string(), read_text_file(path, max_yaml_file_size)));
  } catch (const Error&) {
    return std::nullopt; // no directory or a coach.yaml that does not parse: the command itself says so
  }
}

} // namespace

bool pages_its_output(std::string_view command) {
  return std::find(std::begin(paged_commands), std::end(paged_commands), command) != std::end(paged_commands);
}

std::optional<std::string> chosen_pager(const std::optional<std::string>& pager_setting) {
  std::optional<std::string> pager;
  if (const char* own = std::getenv("COACH_PAGER")) pager = own;
  else if (pager_setting) pager = pager_setting;
  else if (const char* general = std::getenv("PAGER")) pager = general;
  else pager = "less";
  const std::string command(trim(*pager));
  if (command.empty() || command == "false" || command == "cat") return std::nullopt;
  return command;
}

Pager::Pager(const std::string& command) {
  int fds[2];
  if (::pipe(fds) != 0) return;
  std::cout.flush();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[0], STDIN_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    ::setenv("LESS", "FRX", 0); // as git: only when the user has no LESS of their own
    ::setenv("LV", "-c", 0);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  ::close(fds[0]);
  if (pid < 0) {
    ::close(fds[1]);
    return;
  }
  ::dup2(fds[1], STDOUT_FILENO);
  ::close(fds[1]);
  // The reader may quit before reading everything (q in less): the rest is
  // dropped, not a reason to die or to say that standard output failed.
  std::signal(SIGPIPE, SIG_IGN);
  m_pid = pid;
}

Pager::~Pager() {
  finish();
}

void Pager::finish() {
  if (m_pid <= 0) return;
  std::cout.flush();
  std::cout.clear(); // a reader that quit early is no failure of the command
  const int devnull = ::open("/dev/null", O_WRONLY);
  ::dup2(devnull, STDOUT_FILENO); // the pager sees the end of its input
  if (devnull >= 0) ::close(devnull);
  int status = 0;
  while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
  }
  m_pid = -1;
}

std::unique_ptr<Pager> start_pager_for(std::string_view command, Context& context) {
  if (context.global.no_pager || !pages_its_output(command) || ::isatty(STDOUT_FILENO) != 1) return nullptr;
  const auto pager = chosen_pager(pager_setting(context));
  if (!pager) return nullptr;
  if (!can_run(*pager)) {
    context.err() << "coach: warning: the pager '" << *pager
                  << "' cannot be run (COACH_PAGER, pager: in coach.yaml, PAGER); writing to the terminal\n";
    return nullptr;
  }
  const int width = context.terminal_width();
  const bool color = context.color();
  // The width for the pager and for coach's own tables, which no longer write to the terminal itself.
  if (width > 0) ::setenv("COLUMNS", std::to_string(width).c_str(), 0);
  auto started = std::make_unique<Pager>(*pager);
  if (!started->active()) return nullptr;
  context.paging_to_terminal(width, color);
  return started;
}

} // namespace coach::cli
