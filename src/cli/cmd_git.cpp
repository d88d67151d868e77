// `coach git ARGS...` runs git in the data directory; `coach merge-driver` is
// the merge driver git calls for rep files (installed by `coach init --git`).
#include <cerrno>
#include <cstdlib>
#include <iostream>

#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/files.hpp>
#include <coach/git.hpp>
#include <coach/merge.hpp>
#include <coach/yaml_tree.hpp>

#include "context.hpp"

namespace coach::cli {

namespace {

struct MergeOptions {
  std::string base;
  std::string ours;
  std::string theirs;
  std::string path;
};

int run_merge_driver(const MergeOptions& options, Context& context) {
  const std::string base = read_text_file(options.base, max_yaml_file_size);
  const std::string ours = read_text_file(options.ours, max_yaml_file_size);
  const std::string theirs = read_text_file(options.theirs, max_yaml_file_size);
  if (auto merged = merge_rep_files(base, ours, theirs, options.path.empty() ? options.ours : options.path)) {
    write_file_atomic(options.ours, *merged);
    return 0;
  }
  // A true conflict, or a change coach does not merge: git's own line merge,
  // with its conflict markers, written into ours as git expects.
  context.err() << fmt::format("coach: {}: not merged record by record; falling back to a line merge\n",
                               options.path);
  const GitResult r = run_git(".", {"merge-file", "-L", "ours", "-L", "base", "-L", "theirs", options.ours,
                                    options.base, options.theirs});
  if (r.status < 0) return 1;
  return r.status == 0 ? 0 : 1;
}

} // namespace

int run_git_command(const std::vector<std::string>& args, Context& context) {
  const DataDir dir = context.open_data_dir();
  context.out().flush();
  const int status = run_git_attached(dir.root(), args);
  if (status < 0) throw Error(ExitCode::io, "git is not installed (or could not be started)");
  return status;
}

void register_git_commands(CLI::App& app, Context& context, int& exit_code) {
  // Listed for --help; main() hands `coach git ...` to run_git_command before parsing.
  auto* git = app.add_subcommand("git", "Run git in the data directory, wherever you stand (coach git log, push...)");
  git->allow_extras();
  git->callback([git, &context, &exit_code] { exit_code = run_git_command(git->remaining(), context); });

  auto merge = std::make_shared<MergeOptions>();
  auto* driver = app.add_subcommand("merge-driver", "The git merge driver for rep files (set up by init --git)");
  driver->group(""); // called by git, not by people: left out of --help
  driver->add_option("BASE", merge->base)->required();
  driver->add_option("OURS", merge->ours)->required();
  driver->add_option("THEIRS", merge->theirs)->required();
  driver->add_option("PATH", merge->path);
  driver->callback([merge, &context, &exit_code] { exit_code = run_merge_driver(*merge, context); });
}

} // namespace coach::cli
