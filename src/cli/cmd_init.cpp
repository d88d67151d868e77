// `coach init [DIR]`: create a data directory.
#include <ostream>

#include <fmt/format.h>

#include <coach/data_dir.hpp>
#include <coach/error.hpp>
#include <coach/git.hpp>

#include "context.hpp"

namespace coach::cli {

namespace {

struct InitOptions {
  std::string dir;
  std::string manager;
  std::string team;
  bool git = false;
};

void run_init(const InitOptions& options, Context& context) {
  using std::filesystem::path;
  const DirectoryHints hints = context.directory_hints();
  std::filesystem::path root;
  if (!options.dir.empty()) root = options.dir;
  else if (context.global.dirs.size() > 1) throw Error(ExitCode::usage, "-C: init takes one directory");
  else if (hints.explicit_dir) root = *hints.explicit_dir;
  else if (hints.env_dir && !hints.env_dir->empty()) root = *hints.env_dir;
  else {
    // Inside an existing directory (a clone, say), init means that one.
    root = default_data_dir(hints);
    for (auto dir = hints.cwd; !dir.empty(); dir = dir.parent_path()) {
      if (std::filesystem::is_regular_file(dir / settings_file_name)) {
        root = dir;
        break;
      }
      if (dir == dir.parent_path()) break;
    }
  }
  const auto one_line = [](const char* what, const std::string& value) {
    if (value.empty()) return value;
    const std::string text = checked_text(what, value);
    if (text.find_first_of("\r\n") != std::string::npos) throw Error(ExitCode::usage, std::string(what) + ": must be one line");
    return text;
  };
  const std::string manager = one_line("--manager", options.manager);
  const std::string team = one_line("--team", options.team);
  if (options.git && std::filesystem::is_regular_file(root / settings_file_name)) {
    // A clone (or an existing directory): install the git parts, touch nothing else.
    const auto created = setup_git(root, Context::executable_path());
    if (!created.empty()) {
      if (auto why = commit_paths(root, created, "coach: merge rep files record by record")) {
        context.err() << fmt::format("note: not committed to git: {}\n", *why);
      }
    }
    context.out() << fmt::format("Set up git in {}: coach's merge driver is installed{}\n",
                                 root.lexically_normal().string(), created.empty() ? "" : ", .gitattributes added");
    return;
  }
  init_data_dir(root, manager, team, options.git);
  if (options.git) {
    const auto created = setup_git(root, Context::executable_path());
    std::vector<std::string> paths{".gitignore", settings_file_name};
    paths.insert(paths.end(), created.begin(), created.end());
    if (auto why = commit_paths(root, paths, "coach init")) {
      context.err() << fmt::format("note: not committed to git: {}; the directory is ready\n", *why);
    }
  }
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
                  "Where to create it (default: -C, else $COACH_DIR, else ~/.local/share/coach)")->check(non_empty());
  cmd->add_option("--manager", options->manager, "Your name, written to coach.yaml")->check(non_empty())->type_name("NAME");
  cmd->add_option("--team", options->team, "The team's name, written to coach.yaml")->check(non_empty())->type_name("NAME");
  cmd->add_flag("--git", options->git,
                "Also make it a git repository that commits every change, with coach's merge driver; in an "
                "existing directory (a clone), install only the merge driver");
  cmd->callback([options, &context] { run_init(*options, context); });
}

} // namespace coach::cli
