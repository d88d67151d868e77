// `coach git ARGS...` runs git in the data directory; `coach merge-driver` is
// the merge driver git calls for rep files (installed by `coach init --git`).
#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <optional>

#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/files.hpp>
#include <coach/git.hpp>
#include <coach/merge.hpp>
#include <coach/text.hpp>
#include <coach/yaml_tree.hpp>

#include "context.hpp"

namespace coach::cli {

namespace {

struct MergeOptions {
  std::string base;
  std::string ours;
  std::string theirs;
  std::string path;
  std::string marker_size; // git's %L, when the driver command passes it
};

// The length of conflict markers: git's %L when given and sound, else git's default.
int marker_size_of(const std::string& given) {
  const auto size = parse_whole_number(given);
  return size && *size >= 3 && *size <= 100 ? static_cast<int>(*size) : 7;
}

// The last resort, when even git's line merge fails (a binary file, git
// missing): both whole versions between markers, so git's conflict shows
// both and nothing is lost by committing ours alone.
int write_whole_files_as_conflict(const MergeOptions& options, int marker_size, Context& context) {
  constexpr size_t any_size = size_t{1} << 30;
  try {
    std::string ours = read_text_file(options.ours, any_size);
    std::string theirs = read_text_file(options.theirs, any_size);
    if (!ours.empty() && ours.back() != '\n') ours += '\n';
    if (!theirs.empty() && theirs.back() != '\n') theirs += '\n';
    const auto size = static_cast<size_t>(marker_size);
    write_file_atomic(options.ours, std::string(size, '<') + " ours\n" + ours + std::string(size, '=') + "\n" + theirs +
                                        std::string(size, '>') + " theirs\n");
  } catch (const std::exception& e) {
    context.err() << fmt::format("coach: {}: cannot write the conflict: {}\n", options.path, e.what());
  }
  return 1;
}

// git's own line merge of the whole file, with its conflict markers, written
// into ours as git expects; status 0 when clean.
int line_merge_whole_file(const MergeOptions& options, int marker_size, Context& context) {
  std::optional<std::string> original_ours; // git merge-file writes its result over it
  try {
    original_ours = read_text_file(options.ours, size_t{1} << 30);
  } catch (const Error&) {
  }
  const GitResult r = run_git(".", {"merge-file", "--marker-size=" + std::to_string(marker_size), "-L", "ours", "-L",
                                    "base", "-L", "theirs", options.ours, options.base, options.theirs});
  if (r.status == 0) {
    // Clean by lines is not enough: a result that does not parse would be committed unnoticed.
    try {
      parse_yaml(options.path, read_text_file(options.ours, max_yaml_file_size));
      return 0;
    } catch (const Error& e) {
      context.err() << fmt::format("coach: {}: the line merge does not read as YAML ({}); both versions are left "
                                   "between markers\n",
                                   options.path, e.what());
      if (original_ours) write_file_atomic(options.ours, *original_ours);
      return write_whole_files_as_conflict(options, marker_size, context);
    }
  }
  if (r.status > 0 && r.status < 128) return 1; // that many conflicts, with markers
  context.err() << fmt::format("coach: {}: git merge-file failed ({}); both versions are left between markers\n",
                               options.path, r.status < 0 ? "git is not installed" : r.err.substr(0, r.err.find('\n')));
  return write_whole_files_as_conflict(options, marker_size, context);
}

// Never returns without a merge or conflict markers in OURS: git takes a
// failed driver as a conflict and leaves OURS as it is, which a commit would
// then take without their side.
int run_merge_driver(MergeOptions options, Context& context) {
  if (options.path.empty()) options.path = options.ours;
  const int marker_size = marker_size_of(options.marker_size);
  try {
    const std::string base = read_text_file(options.base, max_yaml_file_size);
    const std::string ours = read_text_file(options.ours, max_yaml_file_size);
    const std::string theirs = read_text_file(options.theirs, max_yaml_file_size);
    const RepMerge merge = merge_rep_files(base, ours, theirs, options.path, marker_size);
    if (merge.outcome == RepMerge::Outcome::merged) {
      write_file_atomic(options.ours, merge.text);
      return 0;
    }
    if (merge.outcome == RepMerge::Outcome::conflict) {
      write_file_atomic(options.ours, merge.text);
      std::string what;
      for (const auto& conflict : merge.conflicts) what += (what.empty() ? "" : ", ") + conflict;
      context.err() << fmt::format("coach: {}: conflict in {}; everything else is merged\n", options.path, what);
      return 1;
    }
    context.err() << fmt::format("coach: {}: not merged record by record ({}); falling back to a line merge\n",
                                 options.path, merge.why);
  } catch (const std::exception& e) {
    context.err() << fmt::format("coach: {}: not merged record by record ({}); falling back to a line merge\n",
                                 options.path, e.what());
  } catch (...) {
    context.err() << fmt::format("coach: {}: not merged record by record; falling back to a line merge\n",
                                 options.path);
  }
  return line_merge_whole_file(options, marker_size, context);
}

int run_git_command(const std::vector<std::string>& args, const Setup& setup) {
  // The data directory is found here, not from the table: `coach git --help` works anywhere.
  const DataDir dir = setup.context.open_data_dir();
  setup.context.out().flush();
  const int status = run_git_attached(dir.root(), args);
  if (status < 0) throw Error(ExitCode::io, "git is not installed (or could not be started)");
  return status;
}

} // namespace

CommandBody git_command(CLI::App& cmd) {
  // Everything after `git` is git's, options included: CLI11 stops at the
  // first word it does not know and leaves the rest in remaining().
  cmd.prefix_command();
  cmd.fallthrough(false);
  // `--help` alone is coach's help for `coach git`; anywhere else (`coach git
  // --no-pager --help`, `coach git log --help`) it is git's.
  cmd.set_help_flag();
  return [&cmd](const Setup& setup) {
    const std::vector<std::string> args = cmd.remaining();
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
      setup.context.out() << cmd.help(cmd.get_parent()->get_name());
      return 0;
    }
    return run_git_command(args, setup);
  };
}

CommandBody merge_driver_command(CLI::App& cmd) {
  auto merge = std::make_shared<MergeOptions>();
  cmd.add_option("BASE", merge->base)->required();
  cmd.add_option("OURS", merge->ours)->required();
  cmd.add_option("THEIRS", merge->theirs)->required();
  cmd.add_option("PATH", merge->path);
  cmd.add_option("MARKER_SIZE", merge->marker_size); // git's %L
  return [merge](const Setup& setup) { return run_merge_driver(*merge, setup.context); };
}

} // namespace coach::cli
