// The `coach` executable: builds the command line, runs one subcommand, and
// maps every failure to a one-line message and a documented exit code.
#include <clocale>
#include <iostream>
#include <locale>

#include <CLI/CLI.hpp>

#include <algorithm>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/text.hpp>

#include "context.hpp"
#include "version.hpp"

namespace {

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
    throw coach::Error(coach::ExitCode::usage, fmt::format("'coach{}' needs a command: {}", prefix.empty() ? "" : " " + prefix.substr(0, prefix.size() - 1), list));
  }
}

int run(int argc, char** argv) {
  using coach::ExitCode;
  // The classic locale everywhere: numbers and dates are written the same for everyone.
  std::locale::global(std::locale::classic());

  coach::cli::Context context(std::cout, std::cerr);
  CLI::App app{"coach: keep the record of coaching a sales team (1:1s, promises, cadence).\n"
               "Data lives in plain YAML files, one per rep, in a directory you can keep in git.",
               "coach"};
  app.set_version_flag("--version", version);
  app.require_subcommand(1);
  app.fallthrough();
  app.option_defaults()->always_capture_default(false);
  app.add_option("-C,--dir", context.global.dirs,
                 "The data directory (default: $COACH_DIR, else the nearest parent with coach.yaml, "
                 "else $XDG_DATA_HOME/coach or ~/.local/share/coach)")->check(coach::cli::non_empty())
      ->type_name("DIR")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false);
  app.add_flag("--no-commit", context.global.no_commit, "Do not commit this change to git (when git.commit is on)");
  app.add_option("--color", context.global.color, "Color output: auto (on a terminal, without NO_COLOR, not TERM=dumb), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->type_name("WHEN");
  app.footer("Run `coach COMMAND --help` for a command's options, `man coach` for the whole story.\n"
             "Exit codes: 0 ok, 1 findings, 2 usage, 3 bad data file, 4 not found, 5 exists, 6 I/O, 7 aborted,\n"
             "70 internal error.");

  coach::cli::register_init_command(app, context);
  coach::cli::register_rep_command(app, context);
  coach::cli::register_log_1on1_command(app, context);
  coach::cli::register_followups_command(app, context);
  coach::cli::register_prep_command(app, context);
  int exit_code = 0;
  coach::cli::register_audit_command(app, context, exit_code);
  coach::cli::register_report_command(app, context);
  coach::cli::register_git_commands(app, context, exit_code);

  try {
    // `coach [-C DIR] git ARGS...`: everything after `git` is git's, options included.
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      // The same checks CLI11 makes, for the options that may stand before `git`.
      const auto check_value = [](const std::string& option, const std::string& value) {
        if (value.empty()) throw coach::Error(ExitCode::usage, option + ": is empty (see --help)");
        if (option == "--color" && value != "auto" && value != "always" && value != "never") {
          throw coach::Error(ExitCode::usage, "--color: " + value + " is not one of auto, always, never");
        }
        return value;
      };
      if (arg == "-C" || arg == "--dir" || arg == "--color") {
        const std::string value = check_value(arg, i + 1 < argc ? argv[i + 1] : "");
        if (arg != "--color") context.global.dirs.push_back(value);
        ++i;
        continue;
      }
      if (arg.rfind("--dir=", 0) == 0 || (arg.rfind("-C", 0) == 0 && arg.size() > 2)) {
        context.global.dirs.push_back(check_value("--dir", arg.substr(arg[1] == 'C' ? 2 : 6)));
        continue;
      }
      if (arg.rfind("--color=", 0) == 0) {
        check_value("--color", arg.substr(8));
        continue;
      }
      if (arg == "--no-commit") continue;
      if (arg != "git") break;
      const std::vector<std::string> rest(argv + i + 1, argv + argc);
      if (rest.size() == 1 && (rest[0] == "--help" || rest[0] == "-h")) break; // coach's help for `coach git`
      return coach::cli::run_git_command(rest, context);
    }
    context.global.dirs.clear();
    reject_unknown_command(app, argc, argv);
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11's own codes are not ours: every usage error exits 2.
    std::cerr << "coach: error: " << e.what() << " (see --help)\n";
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
  return run(argc, argv);
}
