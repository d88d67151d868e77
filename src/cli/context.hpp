#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include <coach/data_dir.hpp>
#include <coach/date.hpp>

namespace coach::cli {

/// Options that every subcommand shares.
struct GlobalOptions {
  std::vector<std::string> dirs;  // -C / --dir; several only for `report`
  std::string color = "auto";     // auto | always | never
  bool no_commit = false;         // --no-commit: skip the git commit once
};

/// What a command needs from the outside world, gathered in one place so
/// commands stay free of globals.
class Context {
public:
  Context(std::ostream& out, std::ostream& err) : m_out(out), m_err(err) {}

  GlobalOptions global;

  std::ostream& out() const { return m_out; }
  std::ostream& err() const { return m_err; }

  /// Today's date: COACH_TODAY when set (for tests and for replaying a day), else the local date.
  Date today() const;
  /// The data directory the command works on (see find_data_dir).
  DataDir open_data_dir() const;
  /// Writes `text` to standard output, through $PAGER (as git does) when it is
  /// longer than the terminal and `allow_pager`.
  void page(const std::string& text, bool allow_pager) const;
  /// What a write hands its change to, under the directory lock: when the
  /// directory is a git repository and `git.commit` is on, a commit of that
  /// change alone with the message `message` makes of it; a note on standard
  /// error when it cannot commit (the change stands).
  ChangeRecorder committer(const DataDir& dir, std::function<std::string(const WrittenChange&)> message) const;
  /// Says on standard error, once, why git could not run coach's merge driver in `dir`'s repository.
  void warn_about_merge_driver(const DataDir& dir) const;
  /// The hints that decide the data directory.
  DirectoryHints directory_hints() const;
  /// Whether to color standard output: --color, NO_COLOR, and whether it is a terminal.
  bool color() const;
  /// Width of the terminal on standard output, or 0 when it is not one.
  int terminal_width() const;
  bool stdin_is_terminal() const;

private:
  std::ostream& m_out;
  std::ostream& m_err;
};

// Each subcommand registers itself on the app; the callbacks run the command.
void register_init_command(CLI::App& app, Context& context);
void register_rep_command(CLI::App& app, Context& context);
void register_log_1on1_command(CLI::App& app, Context& context);
void register_followups_command(CLI::App& app, Context& context);
void register_prep_command(CLI::App& app, Context& context);
/// `audit` sets `exit_code` to 1 when it finds something at or above --fail-on.
void register_audit_command(CLI::App& app, Context& context, int& exit_code);
void register_report_command(CLI::App& app, Context& context);
void register_git_commands(CLI::App& app, Context& context, int& exit_code);
/// `coach git ARGS...`: runs git in the data directory; returns git's exit status.
int run_git_command(const std::vector<std::string>& args, Context& context);

/// A CLI11 check that refuses an empty value: `--date ""` from an unset
/// shell variable must not quietly mean "not given".
const CLI::Validator& non_empty();

/// Parses the date option `value` of `option` (e.g. "--date"), or throws a usage error.
Date parse_date_option(const std::string& option, const std::string& value, Date today, DateDirection direction);

/// Checks that an argument is valid UTF-8 and not blank; throws a usage error naming it.
std::string checked_text(const std::string& what, const std::string& value);

} // namespace coach::cli
