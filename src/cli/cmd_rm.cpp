// `coach rm ID`: removes a record (any kind, from a rep file or a team file)
// or a promise logged by mistake. Its lines are taken out of the file and
// everything else stays byte for byte; the lines are printed, so nothing
// vanishes unseen, and the change is one commit that `coach git revert`
// undoes.
#include <memory>
#include <ostream>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/removal.hpp>
#include <coach/team_file.hpp>

#include "context.hpp"

namespace coach::cli {

namespace {

struct RmOptions {
  std::string id;
  bool dry_run = false;
};

// "1:1 qrpn4n with Priya Raman (2025-11-21)", "promise k3v9xq of Priya
// Raman (2025-11-21)", "team meeting t4m2xz of West (2026-01-05)".
std::string describe(const ItemRef& item) {
  const bool team = is_team_file_path(item.file->path);
  if (item.promise) {
    return fmt::format("promise {} {} {} ({})", item.promise->id, team ? "in the team meeting of" : "of",
                       item.file->name, item.record->date.iso());
  }
  const KindSpec* spec = item.record->spec();
  const std::string kind = spec ? std::string(spec->title) : item.record->kind;
  return fmt::format("{} {} {} {} ({})", kind, item.record->id, team ? "of" : "with", item.file->name,
                     item.record->date.iso());
}

// Every file, rep and team alike; an id not found while a file cannot be
// read may be in it, and then nothing is decided until it is fixed.
ItemRef find_in_directory(const DataDir& dir, const std::string& id, std::vector<Rep>& files) {
  std::vector<LoadFailure> unreadable;
  files = dir.load_reps(&unreadable);
  for (auto& team : dir.load_team_files(&unreadable)) files.push_back(std::move(team));
  try {
    return find_item(files, id);
  } catch (const Error& e) {
    if (e.code() != ExitCode::not_found || unreadable.empty()) throw;
    throw Error(ExitCode::data, fmt::format("{}; it may be in {}, which cannot be read: {}", e.what(),
                                            unreadable.front().path, unreadable.front().message));
  }
}

std::string indented(const std::string& lines) {
  std::string out;
  size_t start = 0;
  while (start < lines.size()) {
    size_t end = lines.find('\n', start);
    end = end == std::string::npos ? lines.size() : end + 1;
    out += "  | " + lines.substr(start, end - start);
    start = end;
  }
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

int run_rm(const RmOptions& options, const Setup& setup) {
  Context& context = setup.context;
  const DataDir& dir = setup.dir();
  std::vector<Rep> files;
  const ItemRef item = find_in_directory(dir, options.id, files);
  const std::string id = item.promise ? item.promise->id : item.record->id;
  const std::string what = describe(item);
  bool committed = false;
  const std::string removed = dir.remove_item(*item.file, id, options.dry_run,
                                              setup.committer([&](const WrittenChange&) { return "rm: " + what; },
                                                              &committed));
  context.out() << fmt::format("{} {} from {}:\n", options.dry_run ? "Would remove" : "Removed", what,
                               rep_file_in_dir(*item.file))
                << indented(removed);
  if (options.dry_run) return 0;
  if (!item.promise && !item.record->promises.empty()) {
    context.err() << fmt::format("note: its {} promise{} went with it\n", item.record->promises.size(),
                                 item.record->promises.size() == 1 ? "" : "s");
  }
  context.err() << (committed ? "note: committed; `coach git revert HEAD` brings it back\n"
                              : "note: not in a git commit: the lines above are the only copy left\n");
  return 0;
}

} // namespace

CommandBody rm_command(CLI::App& cmd) {
  auto rm = std::make_shared<RmOptions>();
  cmd.add_option("ID", rm->id, "The whole id of the record or promise")->required();
  cmd.add_flag("-n,--dry-run", rm->dry_run, "Show what would be removed; write nothing");
  return [rm](const Setup& setup) { return run_rm(*rm, setup); };
}

} // namespace coach::cli
