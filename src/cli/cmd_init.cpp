// `coach init [DIR]`: create a data directory.
#include <ostream>

#include <fmt/format.h>

#include <coach/data_dir.hpp>
#include <coach/error.hpp>
#include <coach/git.hpp>
#include <coach/team_file.hpp>

#include "context.hpp"

namespace coach::cli {

namespace {

struct InitOptions {
  std::string dir;
  std::string manager;
  std::string team;
  bool git = false;
};

// `init --git` in a directory that exists (one of the user's, or a clone):
// the same state as `init --git` on a new one, the team's files committed.
void set_up_git_in_existing(const std::filesystem::path& root, Context& context) {
  const DataDir dir(root);
  const std::string where = root.lexically_normal().string();
  // coach's files first: a coach.yaml coach cannot edit stops init before git is touched.
  const GitPreparation prepared = dir.prepare_for_git();
  const auto created = setup_git(root);
  auto& out = context.out();
  out << fmt::format("Set up git in {}: coach's merge driver is installed", where);
  if (!created.empty()) out << ", .gitattributes added";
  if (prepared.gitignore_created) out << ", .gitignore added";
  if (prepared.commit_turned_on) out << ", every change is now committed (git.commit in coach.yaml)";
  out << "\n";
  if (!prepared.made_private.empty()) {
    out << fmt::format("Made {} owner-only (0700 folders, 0600 files): {}{}\n",
                       prepared.made_private.size() == 1 ? "one path"
                                                         : fmt::format("{} paths", prepared.made_private.size()),
                       prepared.made_private.front(), prepared.made_private.size() > 1 ? ", ..." : "");
  }
  // The team's files, committed where they are new or changed: coach commits only its own changes later.
  std::vector<std::string> team_files;
  for (const char* name : {".gitattributes", ".gitignore", settings_file_name}) {
    if (std::filesystem::exists(root / name)) team_files.emplace_back(name);
  }
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir.reps_dir(), ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.empty() && name.front() != '.' && entry.path().extension() == ".yaml")
      team_files.push_back("reps/" + name);
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir.team_dir(), ec)) { // the team meetings
    const std::string name = entry.path().filename().string();
    if (is_team_file_path(entry.path().generic_string())) team_files.push_back("team/" + name);
  }
  std::vector<std::string> status_args{"status", "--porcelain", "--untracked-files=all", "--"};
  status_args.insert(status_args.end(), team_files.begin(), team_files.end());
  const GitResult status = run_git(root, status_args);
  if (status.ok() && !status.out.empty()) {
    if (auto why = commit_paths(root, team_files, "coach init --git: the team's files")) {
      context.err() << fmt::format("note: not committed to git: {}\n", *why);
    } else {
      out << "Committed the team's files (coach.yaml, reps/).\n";
    }
  }
  context.warn_about_merge_driver(dir);
}

int run_init(const InitOptions& options, Context& context) {
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
    if (text.find_first_of("\r\n") != std::string::npos)
      throw Error(ExitCode::usage, std::string(what) + ": must be one line");
    return text;
  };
  const std::string manager = one_line("--manager", options.manager);
  const std::string team = one_line("--team", options.team);
  if (options.git && std::filesystem::is_regular_file(root / settings_file_name)) {
    set_up_git_in_existing(root, context);
    return 0;
  }
  init_data_dir(root, manager, team, options.git, context.today()); // tracking starts today
  if (options.git) {
    const auto created = setup_git(root);
    std::vector<std::string> paths{".gitignore", settings_file_name};
    paths.insert(paths.end(), created.begin(), created.end());
    if (auto why = commit_paths(root, paths, "coach init")) {
      context.err() << fmt::format("note: not committed to git: {}; the directory is ready\n", *why);
    }
    context.warn_about_merge_driver(DataDir(root));
  }
  context.out() << fmt::format("Created coach directory {}\n", root.lexically_normal().string());
  context.out() << "Next: `coach rep add NAME` for each rep, then `coach log-1on1 REP` after each 1:1.\n";
  if (manager.empty()) {
    context.out() << "Tip: put your name in coach.yaml (`manager:`), or next time use --manager NAME.\n";
  }
  return 0;
}

} // namespace

CommandBody init_command(CLI::App& cmd) {
  auto options = std::make_shared<InitOptions>();
  cmd.add_option("DIR", options->dir, "Where to create it (default: -C, else $COACH_DIR, else ~/.local/share/coach)")
      ->check(non_empty());
  cmd.add_option("--manager", options->manager, "Your name, written to coach.yaml")
      ->check(non_empty())
      ->type_name("NAME");
  cmd.add_option("--team", options->team, "The team's name, written to coach.yaml")
      ->check(non_empty())
      ->type_name("NAME");
  cmd.add_flag("--git", options->git,
               "Also make it a git repository that commits every change, with coach's merge driver; in an "
               "existing directory (a clone), set up the same: the driver, commits turned on, owner-only "
               "modes, and a first commit of the team's files");
  return [options](const Setup& setup) { return run_init(*options, setup.context); };
}

} // namespace coach::cli
