#include "context.hpp"
#include "output.hpp"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <list>
#include <ostream>
#include <stdexcept>

#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/git.hpp>
#include <coach/settings.hpp>
#include <coach/text.hpp>

namespace coach::cli {

namespace {

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (!value) return std::nullopt;
  return std::string(value);
}

} // namespace

Date Context::today() const {
  if (auto fixed = env("COACH_TODAY"); fixed && !fixed->empty()) {
    if (auto date = Date::parse_iso(*fixed)) return *date;
    throw Error(ExitCode::usage, fmt::format("COACH_TODAY: \"{}\" is not a date (YYYY-MM-DD)", *fixed));
  }
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  return *Date::from_ymd(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
                         static_cast<unsigned>(local.tm_mday));
}

DirectoryHints Context::directory_hints() const {
  DirectoryHints hints;
  if (!global.dirs.empty()) hints.explicit_dir = std::filesystem::path(global.dirs.front());
  hints.env_dir = env("COACH_DIR");
  std::error_code ec;
  hints.cwd = std::filesystem::current_path(ec);
  hints.xdg_data_home = env("XDG_DATA_HOME");
  hints.home = env("HOME");
  return hints;
}

DataDir Context::open_data_dir() const {
  if (global.dirs.size() > 1) {
    throw Error(ExitCode::usage, "-C: only `coach report` takes several directories");
  }
  DataDir dir(find_data_dir(directory_hints()));
  warn_about_merge_driver(dir);
  if (settings_key_warnings) {
    try {
      warn_about_settings_keys(dir, dir.load_settings());
    } catch (const Error&) {
      // A coach.yaml that cannot be read stops the commands that use it, with its own message.
    }
  }
  return dir;
}

void Context::warn_about_settings_keys(const DataDir& dir, const Settings& settings) const {
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(dir.root(), ec);
  if (!m_settings_warned.insert(ec ? dir.root() : canonical).second) return;
  const std::string path = dir.settings_path().lexically_normal().string();
  for (const auto& warning : unknown_settings_key_warnings(settings)) {
    m_err << "coach: warning: " << place_message(path, warning.place, warning.message) << "\n";
  }
}

void Context::warn_about_merge_driver(const DataDir& dir) const {
  static bool warned = false;
  if (warned) return;
  // git's own config files, in the order it reads them (git-config(1), FILES).
  std::vector<std::filesystem::path> user_configs{"/etc/gitconfig"};
  const auto home = env("HOME");
  if (const auto xdg = env("XDG_CONFIG_HOME"); xdg && !xdg->empty()) user_configs.emplace_back(*xdg + "/git/config");
  else if (home) user_configs.emplace_back(*home + "/.config/git/config");
  if (home) user_configs.emplace_back(*home + "/.gitconfig");
  if (auto problem = merge_driver_problem(dir.root(), env("PATH").value_or(""), user_configs)) {
    warned = true;
    m_err << "warning: " << *problem << "\n";
  }
}

void Context::page(const std::string& text, bool) const {
  m_out << text;
}

void Context::paging_to_terminal(int width, bool color) {
  m_paging = std::pair(width, color);
}

bool Context::color() const {
  if (global.color == "always") return true;
  if (global.color == "never") return false;
  if (auto no_color = env("NO_COLOR"); no_color && !no_color->empty()) return false;
  if (auto term = env("TERM"); term && *term == "dumb") return false;
  if (m_paging) return m_paging->second;
  return ::isatty(STDOUT_FILENO) == 1;
}

int Context::terminal_width() const {
  // When paging, stdout is the pager's pipe: the terminal's width, measured
  // before the pager started, unless COLUMNS says otherwise.
  if (m_paging && !env("COLUMNS")) return m_paging->first;
  return output_width(env("COLUMNS"));
}

bool Context::stdin_is_terminal() const {
  return ::isatty(STDIN_FILENO) == 1;
}

ChangeRecorder Context::committer(const DataDir& dir, std::function<std::string(const WrittenChange&)> message,
                                  bool* committed) const {
  if (global.no_commit) return {};
  return [this, &dir, message = std::move(message), committed](const WrittenChange& change) {
    Settings settings;
    try {
      settings = dir.load_settings();
    } catch (const Error&) {
      return; // the change is made; a settings file that cannot be read is reported by every other command
    }
    if (!settings.git_commit) return;
    if (!in_git_work_tree(dir.root())) {
      if (run_git(dir.root(), {"--version"}).status == -1) {
        m_err << "note: not committed to git: git is not installed; the change itself is saved\n";
      }
      return;
    }
    if (auto why = commit_change(dir.root(), change.file, message(change), dir.ensure_private_dir())) {
      m_err << fmt::format("note: not committed to git: {}; the change itself is saved\n", *why);
    } else if (committed) {
      *committed = true;
    }
  };
}

Setup::Setup(Context& command_context, unsigned needs) : context(command_context), m_needs(needs) {
  if (needs & reports_settings_keys) context.settings_key_warnings = false;
  if (needs & (need_data_dir | need_settings | need_writes)) m_dir.emplace(context.open_data_dir());
  if (needs & need_settings) m_settings = m_dir->load_settings();
  if (needs & need_today) m_today = context.today();
}

namespace {

[[noreturn]] void not_in_table(const char* what) {
  throw std::logic_error(fmt::format("the command uses {} without it in its row of the command table", what));
}

} // namespace

const DataDir& Setup::dir() const {
  if (!m_dir) not_in_table("the data directory");
  return *m_dir;
}

const Settings& Setup::settings() const {
  if (!m_settings) not_in_table("the settings");
  return *m_settings;
}

Date Setup::today() const {
  if (!m_today) not_in_table("today's date");
  return *m_today;
}

ChangeRecorder Setup::committer(std::function<std::string(const WrittenChange&)> message, bool* committed) const {
  if (!(m_needs & need_writes)) not_in_table("a write");
  return context.committer(*m_dir, std::move(message), committed);
}

const CLI::Validator& non_empty() {
  static const CLI::Validator check(
      [](std::string& value) {
        return value.find_first_not_of(" \t\r\n") == std::string::npos ? std::string("is empty") : std::string();
      },
      "", "non-empty");
  return check;
}

Date parse_date_option(const std::string& option, const std::string& value, Date today, DateDirection direction) {
  if (auto date = parse_user_date(value, today, direction)) return *date;
  throw Error(ExitCode::usage, fmt::format("{}: \"{}\" is not a date ({})", option, value, user_date_forms(direction)));
}

const std::vector<Rep>& kept_until_exit(std::vector<Rep>&& reps) {
  // Reachable from this static pointer to the end, so leak checkers do not count it as lost.
  static auto* const kept = new std::list<std::vector<Rep>>();
  kept->push_back(std::move(reps));
  return kept->back();
}

Rep active_rep(const DataDir& dir, std::string_view query) {
  Rep rep = dir.find_rep(query);
  if (rep.is_archived()) {
    throw Error(ExitCode::usage, fmt::format("{} ({}) is archived since {}; remove `archived:` from {} to coach "
                                             "them again",
                                             rep.name, rep.id, rep.archived->iso(), rep.path));
  }
  return rep;
}

std::string checked_text(const std::string& what, const std::string& value) {
  if (auto bad = find_invalid_utf8(value)) {
    throw Error(ExitCode::usage, fmt::format("{}: invalid UTF-8 at byte {}", what, *bad + 1));
  }
  if (trim(value).empty()) {
    throw Error(ExitCode::usage, fmt::format("{}: is empty", what));
  }
  return value;
}

} // namespace coach::cli
