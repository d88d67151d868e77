#pragma once

#include <iosfwd>
#include <map>
#include <optional>
#include <set>
#include <string>

#include <CLI/CLI.hpp>

#include <coach/data_dir.hpp>
#include <coach/date.hpp>

namespace coach::cli {

/// What a command's first argument takes, for shell completion (`coach
/// __complete`): set in main.cpp's command table; `from_option` reads it from
/// the argument itself (its choices; DIR, FILE or REP as its name or type).
enum class ArgumentWords { from_option, reps, open_promises, records, open_joint_calls, commands };

/// Options that every subcommand shares.
struct GlobalOptions {
  std::vector<std::string> dirs; // -C / --dir; several only for `report`
  std::string color = "auto";    // auto | always | never
  bool no_commit = false;        // --no-commit: skip the git commit once
  bool no_pager = false;         // --no-pager: never page the output (pager.hpp)
};

/// What a command needs from the outside world, gathered in one place so
/// commands stay free of globals.
class Context {
public:
  Context(std::ostream& out, std::ostream& err) : m_out(out), m_err(err) {}

  GlobalOptions global;
  /// What each command's first argument takes (ArgumentWords), by the
  /// commands main.cpp's table made; a command not listed takes its parent's.
  std::map<const CLI::App*, ArgumentWords> argument_words;

  std::ostream& out() const { return m_out; }
  std::ostream& err() const { return m_err; }

  /// Today's date: COACH_TODAY when set (for tests and for replaying a day), else the local date.
  Date today() const;
  /// The data directory the command works on (see find_data_dir).
  DataDir open_data_dir() const;
  /// Writes `text` to standard output. Paging is decided once for the whole
  /// command, before it runs (pager.hpp); `allow_pager` is no longer used.
  void page(const std::string& text, bool allow_pager) const;
  /// Standard output now goes to a pager on a terminal `width` columns wide:
  /// color() and terminal_width() answer for that terminal (`color`: what
  /// color() said before), no longer for the pipe.
  void paging_to_terminal(int width, bool color);
  /// What a write hands its change to, under the directory lock: when the
  /// directory is a git repository and `git.commit` is on, a commit of that
  /// change alone with the message `message` makes of it; a note on standard
  /// error when it cannot commit (the change stands).
  ChangeRecorder committer(const DataDir& dir, std::function<std::string(const WrittenChange&)> message,
                           bool* committed = nullptr) const;
  /// Says on standard error, once per directory, where its coach.yaml has a
  /// key coach does not know (`coach: warning: coach.yaml:4:3: unknown key
  /// 'cadance' in policy (did you mean 'cadence'?); it is ignored`).
  void warn_about_settings_keys(const DataDir& dir, const Settings& settings) const;
  /// Whether open_data_dir warns about coach.yaml's unknown keys: off for
  /// audit, which reports them among its findings.
  bool settings_key_warnings = true;
  /// Says on standard error, once, why git could not run coach's merge driver in `dir`'s repository.
  void warn_about_merge_driver(const DataDir& dir) const;
  /// The hints that decide the data directory.
  DirectoryHints directory_hints() const;
  /// Whether to color standard output: --color, NO_COLOR, and whether it is a terminal.
  bool color() const;
  /// The width output keeps within (output_width: COLUMNS, the terminal, else 80).
  int terminal_width() const;
  bool stdin_is_terminal() const;

private:
  std::ostream& m_out;
  std::ostream& m_err;
  mutable std::set<std::filesystem::path> m_settings_warned; // the directories warn_about_settings_keys spoke of
  std::optional<std::pair<int, bool>> m_paging;              // the terminal's width and color, when paging
};

/// What a command needs prepared before it runs, as RUN_SETUP in git's git.c.
/// The dispatcher in main.cpp prepares it in this order (so a missing
/// directory is reported before a bad COACH_TODAY, for every command).
enum Need : unsigned {
  need_data_dir = 1u << 0, // the data directory found (-C, COACH_DIR, a parent with coach.yaml, the default)
  need_settings = 1u << 1, // its coach.yaml read: one that does not parse stops the command
  need_today = 1u << 2,    // today's date (COACH_TODAY)
  need_writes = 1u << 3,   // changes files under the directory lock, each change committed to git (git.commit)
  hidden = 1u << 4,        // run but left out of --help and suggestions (merge-driver, which git calls)
  // Reports coach.yaml's unknown keys itself (audit): no warning on standard error.
  reports_settings_keys = 1u << 5,
};

/// What the dispatcher prepared for one command from its needs; asking for
/// something the command's row does not list is a bug in the table (exit 70).
class Setup {
public:
  /// Prepares `needs` (a set of Need) in the order of Need.
  Setup(Context& context, unsigned needs);

  Context& context;

  const DataDir& dir() const;       // need_data_dir
  const Settings& settings() const; // need_settings
  Date today() const;               // need_today
  /// What a write (need_writes) hands its change to: Context::committer for this directory.
  /// `committed`, when given, is set once the change is in a git commit.
  ChangeRecorder committer(std::function<std::string(const WrittenChange&)> message, bool* committed = nullptr) const;

private:
  unsigned m_needs;
  std::optional<DataDir> m_dir;
  std::optional<Settings> m_settings;
  std::optional<Date> m_today;
};

/// A command's body: runs with what its needs prepared and returns the exit code.
using CommandBody = std::function<int(const Setup&)>;
/// Adds a command's arguments and options to `cmd` (made from the command
/// table with its name and summary) and returns its body.
using CommandOptions = CommandBody (*)(CLI::App& cmd);

// The commands' options functions, one per row of the command table (main.cpp).
CommandBody init_command(CLI::App& cmd);
CommandBody rep_add_command(CLI::App& cmd);
CommandBody rep_list_command(CLI::App& cmd);
CommandBody rep_show_command(CLI::App& cmd);
CommandBody rep_archive_command(CLI::App& cmd);
CommandBody rep_set_command(CLI::App& cmd);
CommandBody rep_move_command(CLI::App& cmd);
CommandBody log_1on1_command(CLI::App& cmd);
/// `coach log team-meeting` (no REP): a meeting of the team, in team/YEAR.yaml.
CommandBody log_team_meeting_command(CLI::App& cmd);
/// `coach log KIND REP`: one subcommand per kind (cmd_log.cpp's table), `log 1on1` being log-1on1.
CommandBody log_command(CLI::App& cmd);
CommandBody joint_call_feedback_command(CLI::App& cmd);
CommandBody followups_list_command(CLI::App& cmd);
CommandBody followups_done_command(CLI::App& cmd);
CommandBody followups_drop_command(CLI::App& cmd);
CommandBody followups_move_command(CLI::App& cmd);
CommandBody followups_add_command(CLI::App& cmd);
/// `coach edit REP`: the rep's file in the editor, written once it reads back.
CommandBody edit_command(CLI::App& cmd);
/// `coach rm ID`: a record or promise removed, its lines printed.
CommandBody rm_command(CLI::App& cmd);
CommandBody prep_command(CLI::App& cmd);
/// `coach share REP`: the rep's copy (never private notes unless --include-private).
CommandBody share_command(CLI::App& cmd);
/// `coach remind`: what is due today, printed only when something is; 1 with --exit-code when it is.
CommandBody remind_command(CLI::App& cmd);
/// `audit` returns 1 when it finds something at or above --fail-on.
CommandBody audit_command(CLI::App& cmd);
CommandBody report_command(CLI::App& cmd);
/// `coach results [PERIOD]` (shows them; `results show` too) and `coach results import FILE.csv`.
CommandBody results_show_command(CLI::App& cmd);
CommandBody results_show_only_command(CLI::App& cmd);
CommandBody results_import_command(CLI::App& cmd);
/// `coach calendar`: the next 1:1s and activities as events, the promises as to-dos (iCalendar).
CommandBody calendar_command(CLI::App& cmd);
/// `coach git ARGS...`: git run in the data directory; returns git's exit status.
CommandBody git_command(CLI::App& cmd);
CommandBody merge_driver_command(CLI::App& cmd);
/// `coach completion bash|zsh|fish`: the shell's completion script (cmd_completion.cpp).
CommandBody completion_command(CLI::App& cmd);
/// `coach __complete SHELL WORD... CURRENT`: the words the shell may offer, one a line (hidden).
CommandBody complete_command(CLI::App& cmd);
/// `coach help [COMMAND...]`: coach's --help, or the command's man page (help.cpp).
CommandBody help_command(CLI::App& cmd);

/// A CLI11 check that refuses an empty value: `--date ""` from an unset
/// shell variable must not quietly mean "not given".
const CLI::Validator& non_empty();

/// Parses the date option `value` of `option` (e.g. "--date"), or throws a usage error.
Date parse_date_option(const std::string& option, const std::string& value, Date today, DateDirection direction);

/// Checks that an argument is valid UTF-8 and not blank; throws a usage error naming it.
std::string checked_text(const std::string& what, const std::string& value);

/// Moves `reps` where they stay, never freed, until the process exits, and
/// returns them: a command that loaded a whole organization would otherwise
/// spend a third of its time freeing them one string at a time just before
/// exiting, when the system takes the memory back at once (git does not free
/// at exit either).
const std::vector<Rep>& kept_until_exit(std::vector<Rep>&& reps);

/// The rep `query` names (DataDir::find_rep), refused (usage) when archived:
/// nothing new is recorded for a rep who left.
Rep active_rep(const DataDir& dir, std::string_view query);

} // namespace coach::cli
