// `coach init [DIR]`: create a data directory.
#include <ostream>

#include <fmt/format.h>

#include <coach/data_dir.hpp>
#include <coach/error.hpp>

#include "context.hpp"

namespace coach::cli {

namespace {

struct InitOptions {
  std::string dir;
  std::string manager;
  std::string team;
};

void run_init(const InitOptions& options, Context& context) {
  const DirectoryHints hints = context.directory_hints();
  std::filesystem::path root;
  if (!options.dir.empty()) root = options.dir;
  else if (context.global.dirs.size() > 1) throw Error(ExitCode::usage, "-C: init takes one directory");
  else if (hints.explicit_dir) root = *hints.explicit_dir;
  else if (hints.env_dir && !hints.env_dir->empty()) root = *hints.env_dir;
  else root = default_data_dir(hints);
  const auto one_line = [](const char* what, const std::string& value) {
    if (value.empty()) return value;
    const std::string text = checked_text(what, value);
    if (text.find_first_of("\r\n") != std::string::npos) throw Error(ExitCode::usage, std::string(what) + ": is one line");
    return text;
  };
  const std::string manager = one_line("--manager", options.manager);
  const std::string team = one_line("--team", options.team);
  init_data_dir(root, manager, team);
  context.out() << fmt::format("Created coach directory {}\n", root.lexically_normal().string());
  context.out() << "Next: `coach rep add NAME` for each rep, then `coach log-1on1 REP` after each 1:1.\n";
  if (manager.empty()) {
    context.out() << "Tip: put your name in coach.yaml (`manager:`), or next time use --manager NAME.\n";
  }
}

} // namespace

void register_init_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<InitOptions>();
  auto* cmd = app.add_subcommand("init", "Create a data directory (coach.yaml, reps/); never overwrites");
  cmd->add_option("DIR", options->dir,
                  "Where to create it (default: -C, else $COACH_DIR, else ~/.local/share/coach)");
  cmd->add_option("--manager", options->manager, "Your name, written to coach.yaml")->type_name("NAME");
  cmd->add_option("--team", options->team, "The team's name, written to coach.yaml")->type_name("NAME");
  cmd->callback([options, &context] { run_init(*options, context); });
}

} // namespace coach::cli
