// The `coach` executable: builds the command line, runs one subcommand, and
// maps every failure to a one-line message and a documented exit code.
#include <clocale>
#include <iostream>
#include <locale>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <string_view>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/heap.hpp>
#include <coach/text.hpp>

#include "context.hpp"
#include "help.hpp"
#include "pager.hpp"
#include "terminal_text.hpp"
#include "version.hpp"

namespace {

using namespace coach::cli;

constexpr const char* version = coach::version_string;

bool help_asked(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help" || arg == "--version") return true;
  }
  return false;
}

// CLI11 reports an unknown command as "a subcommand is required"; name it,
// list the commands and suggest the closest one instead.
void reject_unknown_command(CLI::App& app, int argc, char** argv) {
  CLI::App* current = &app;
  std::string prefix;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-C" || arg == "--dir" || arg == "--color") {
      ++i;
      continue;
    }
    if (arg == "--") return;
    if (!arg.empty() && arg.front() == '-') continue;
    if (current->get_name() == "git") return; // everything after `coach git` is git's
    std::vector<std::string> names;
    std::vector<std::string> hidden;
    for (const CLI::App* sub : current->get_subcommands({})) {
      // Hidden commands (merge-driver, which git calls) are run but never suggested.
      (sub->get_group().empty() ? hidden : names).push_back(sub->get_name());
    }
    if (std::find(names.begin(), names.end(), arg) != names.end() ||
        std::find(hidden.begin(), hidden.end(), arg) != hidden.end()) {
      current = current->get_subcommand(arg);
      prefix += arg + " ";
      // Commands whose first word may be an argument (followups REP) are left to CLI11.
      if (current->get_require_subcommand_min() == 0) return;
      continue;
    }
    std::string closest;
    size_t best = 3;
    for (const auto& name : names) {
      const size_t distance = coach::edit_distance(arg, name);
      if (distance < best) {
        best = distance;
        closest = name;
      }
    }
    std::string list;
    for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
    throw coach::Error(coach::ExitCode::usage,
                       fmt::format("'{}{}' is not a coach command{}; commands: {}", prefix, arg,
                                   closest.empty() ? "" : fmt::format(" (did you mean '{}'?)", closest), list));
  }
  if (current->get_require_subcommand_min() > 0 && !help_asked(argc, argv)) {
    std::string list;
    for (const CLI::App* sub : current->get_subcommands({})) list += (list.empty() ? "" : ", ") + sub->get_name();
    throw coach::Error(coach::ExitCode::usage,
                       fmt::format("'coach{}' needs a command: {}",
                                   prefix.empty() ? "" : " " + prefix.substr(0, prefix.size() - 1), list));
  }
}

// CLI11's messages in coach's words: "--by: day not in {week,month}" reads
// "--by: 'day' is not one of week, month".
std::string plain_usage_message(std::string message) {
  static const std::regex not_in(R"(^(\S+): (.*) not in \{([^}]*)\}$)");
  static const std::regex unexpected(R"(^The following arguments? (?:was|were) not expected: (.*)$)");
  std::smatch match;
  if (std::regex_match(message, match, not_in)) {
    return fmt::format("{}: '{}' is not one of {}", match[1].str(), match[2].str(),
                       std::regex_replace(match[3].str(), std::regex(","), ", "));
  }
  if (std::regex_match(message, match, unexpected)) return fmt::format("unexpected argument: {}", match[1].str());
  return message;
}

constexpr std::string_view exit_codes_line =
    "Exit codes: 0 ok, 1 findings, 2 usage, 3 bad data file, 4 not found, 5 exists, 6 I/O, 7 aborted,\n"
    "70 internal error.";

// A command's footer (a command may set its own): where its group's commands'
// help and its man page are.
std::string footer_of(std::string_view name, bool group) {
  const std::string top(name.substr(0, name.find(' ')));
  return group ? fmt::format("Run `coach {} COMMAND --help` for a command's options, `coach help {}` for the whole "
                             "story.\n{}",
                             name, top, exit_codes_line)
               : fmt::format("`coach help {}` (the man page coach-{}(1)) tells the whole story.\n{}", top, top,
                             exit_codes_line);
}

// The command table, as git's git.c: each command's name (a group's commands
// follow it as "group command"), its summary for --help, the function that
// adds its options and returns its body, what it needs prepared, and what its
// first argument takes for shell completion.
struct Command {
  std::string_view name;
  std::string_view summary;
  CommandOptions options; // nullptr: a group, which only holds commands
  unsigned needs;
  ArgumentWords argument = ArgumentWords::from_option;
};

constexpr unsigned reads = need_data_dir | need_today;
constexpr unsigned reads_policy = need_data_dir | need_settings | need_today;

const Command commands[] = {
    {"init", "Create a data directory (coach.yaml, reps/); never overwrites", init_command, 0},
    {"rep", "Add, list, show, change, move and archive the reps on the team", nullptr, 0},
    {"rep add", "Add a rep (creates reps/ID.yaml)", rep_add_command, reads | need_writes},
    {"rep list", "List the reps: last 1:1, days since, open and overdue promises", rep_list_command, reads_policy},
    {"rep show", "Show one rep: details, open promises, recent 1:1s", rep_show_command, reads_policy,
     ArgumentWords::reps},
    {"rep archive", "Archive a rep who left: history kept, left out of lists", rep_archive_command, reads | need_writes,
     ArgumentWords::reps},
    {"rep set", "Change a rep's name, role, tags, cadence or start (the id stays)", rep_set_command,
     reads | need_writes, ArgumentWords::reps},
    {"rep move", "Move a rep, history and all, to another team's data directory", rep_move_command, reads | need_writes,
     ArgumentWords::reps},
    {"log-1on1", "Record a 1:1: topics, notes and promises made by either side", log_1on1_command,
     reads_policy | need_writes, ArgumentWords::reps},
    {"log", "Record a joint call, team meeting, career conversation or skills audit", log_command,
     reads_policy | need_writes, ArgumentWords::reps},
    {"joint-call", "Add the feedback to a joint call logged with its plan alone", nullptr, 0},
    {"joint-call feedback", "Add the post-call feedback to a planned joint call", joint_call_feedback_command,
     reads_policy | need_writes, ArgumentWords::open_joint_calls},
    {"followups", "List open and overdue promises, both ways; close, move or add them", followups_list_command, reads,
     ArgumentWords::reps},
    {"followups done", "Mark a promise kept", followups_done_command, reads | need_writes,
     ArgumentWords::open_promises},
    {"followups drop", "Record that a promise was released, not kept", followups_drop_command, reads | need_writes,
     ArgumentWords::open_promises},
    {"followups move", "Give a promise a new due date (the first one stays on record)", followups_move_command,
     reads | need_writes, ArgumentWords::open_promises},
    {"followups add", "Record a promise made outside a 1:1", followups_add_command, reads_policy | need_writes,
     ArgumentWords::reps},
    {"edit", "Edit a rep's file in your editor, checked before saving", edit_command, reads | need_writes,
     ArgumentWords::reps},
    {"rm", "Remove a record or promise logged by mistake", rm_command, reads | need_writes, ArgumentWords::records},
    {"prep", "One screen before a 1:1: cadence, open promises both ways, last topics", prep_command, reads_policy,
     ArgumentWords::reps},
    {"share", "The rep's copy for a mail: last 1:1, promises both ways, feedback (no private notes)", share_command,
     reads, ArgumentWords::reps},
    {"remind", "What is due today: 1:1s, other activities, promises both ways (for cron and mail)", remind_command,
     reads_policy},
    {"audit", "Check cadence, consistency, notes, promises and the data against the policy", audit_command,
     reads_policy | reports_settings_keys},
    // report opens its directories itself: several with -C or --teams.
    {"report", "Cadence and promises per rep, per team, per period; roll-up of several teams", report_command,
     need_today},
    {"results", "Show the sales results per period: quota, actual, attainment", results_show_command, need_data_dir},
    {"results show", "Show the sales results per period (as `coach results`)", results_show_only_command,
     need_data_dir},
    {"results import", "Import sales results from a CRM's CSV export (one file per period)", results_import_command,
     need_data_dir | need_writes},
    {"calendar", "Write the next 1:1s and activities as events, the promises as to-dos (iCalendar)", calendar_command,
     reads_policy},
    {"git", "Run git in the data directory, wherever you stand (coach git log, push...)", git_command,
     0}, // finds the data directory itself, after --help
    {"completion", "Print the shell completion script for bash, zsh or fish", completion_command, 0},
    {"help", "Show the help of coach, or a command's man page (coach help rep)", help_command, 0,
     ArgumentWords::commands},
    {"merge-driver", "The git merge driver for rep files (set up by init --git)", merge_driver_command, hidden},
    {"__complete", "The words to complete a command line with (called by the completion scripts)", complete_command,
     hidden},
};

struct Runnable {
  CommandBody body;
  unsigned needs;
};

// Makes each command of the table a CLI11 subcommand of `app`; returns their
// bodies and needs, by subcommand, and fills in what their arguments take.
std::map<const CLI::App*, Runnable> add_commands(CLI::App& app,
                                                 std::map<const CLI::App*, ArgumentWords>& argument_words) {
  std::map<const CLI::App*, Runnable> runnable;
  for (const Command& command : commands) {
    const size_t space = command.name.rfind(' ');
    CLI::App* parent = space == std::string_view::npos ? &app
                                                       : app.get_subcommand(std::string(command.name.substr(0, space)));
    CLI::App* cmd = parent->add_subcommand(std::string(command.name.substr(space + 1)), std::string(command.summary));
    if (command.needs & hidden) cmd->group(""); // called by git, not by people: left out of --help
    cmd->footer(footer_of(command.name, !command.options));
    argument_words[cmd] = command.argument;
    if (!command.options) {
      cmd->require_subcommand(1);
      continue;
    }
    cmd->footer("");
    runnable[cmd] = {command.options(*cmd), command.needs};
    // A command's own footer comes first; where its man page is and the exit codes, always.
    const std::string own = cmd->get_footer();
    cmd->footer(own.empty() ? footer_of(command.name, false) : own + "\n\n" + footer_of(command.name, false));
  }
  return runnable;
}

// The command CLI11 parsed: the last subcommand chosen (`followups` alone runs its listing).
const CLI::App* chosen_command(const CLI::App& app) {
  const CLI::App* current = &app;
  while (!current->get_subcommands().empty()) current = current->get_subcommands().front();
  return current;
}

void add_global_options(CLI::App& app, coach::cli::GlobalOptions& global) {
  app.set_version_flag("--version", version);
  app.require_subcommand(1);
  app.fallthrough();
  app.option_defaults()->always_capture_default(false);
  app.add_option("-C,--dir", global.dirs,
                 "The data directory (default: $COACH_DIR, else the nearest parent with coach.yaml, "
                 "else $XDG_DATA_HOME/coach or ~/.local/share/coach)")
      ->check(coach::cli::non_empty())
      ->type_name("DIR")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
  app.add_flag("--no-commit", global.no_commit, "Do not commit this change to git (when git.commit is on)");
  app.add_flag("--no-pager", global.no_pager, "Do not page the output on a terminal (see PAGER in coach(1))");
  app.add_option("--color", global.color,
                 "Color output: auto (on a terminal, without NO_COLOR, not TERM=dumb), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  app.footer(fmt::format("Run `coach COMMAND --help` for a command's options, `man coach` for the whole story.\n{}",
                         exit_codes_line));
}

int run(int argc, char** argv) {
  using coach::ExitCode;
  // The classic locale everywhere: numbers and dates are written the same for everyone.
  std::locale::global(std::locale::classic());
  make_terminal_output_safe(); // a note's control characters never reach a terminal as they are

  Context context(std::cout, std::cerr);
  CLI::App app{"coach: keep the record of coaching a sales team (1:1s, promises, cadence).\n"
               "Data lives in plain YAML files, one per rep, in a directory you can keep in git.",
               "coach"};
  app.formatter(std::make_shared<HelpFormatter>()); // every command's --help, as git's
  add_global_options(app, context.global);
  const auto runnable = add_commands(app, context.argument_words);

  int exit_code = 0;
  try {
    reject_unknown_command(app, argc, argv);
    app.parse(argc, argv);
    // A command's own subcommands (log's kinds) run through its body.
    const CLI::App* chosen = chosen_command(app);
    while (!runnable.contains(chosen)) chosen = chosen->get_parent();
    const Runnable& command = runnable.at(chosen);
    const Setup setup(context, command.needs);
    const auto pager = start_pager_for(command_path(*chosen).substr(std::string_view("coach ").size()), context);
    exit_code = command.body(setup);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11's own codes are not ours: every usage error exits 2.
    std::cerr << "coach: error: " << plain_usage_message(e.what()) << " (see --help)\n";
    return static_cast<int>(ExitCode::usage);
  } catch (const coach::Error& e) {
    std::cout.flush();
    std::cerr << "coach: error: " << e.what() << "\n";
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "coach: internal error: " << e.what() << " (please report this)\n";
    return static_cast<int>(ExitCode::internal);
  }
  std::cout.flush();
  if (!std::cout.good()) {
    std::cerr << "coach: error: cannot write to standard output\n";
    return static_cast<int>(ExitCode::io);
  }
  return exit_code;
}

} // namespace

int main(int argc, char** argv) {
  coach::back_heap_with_huge_pages();
  return run(argc, argv);
}
