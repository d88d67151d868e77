#include <coach/data_dir.hpp>

#include <algorithm>
#include <atomic>
#include <thread>
#include <cerrno>
#include <cstring>
#include <set>

#include <sys/stat.h>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/ids.hpp>
#include <coach/rep_cache.hpp>
#include <coach/rep_file.hpp>
#include <coach/settings.hpp>
#include <coach/yaml_tree.hpp>

namespace coach {

namespace fs = std::filesystem;

namespace {

bool has_settings(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / settings_file_name, ec);
}

void make_private_dir(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return;
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    throw Error(ExitCode::io, fmt::format("{}: cannot create directory: {}", dir.string(), std::strerror(errno)));
  }
  ::chmod(dir.c_str(), 0700); // whatever the umask: these are notes about people
}

std::string display(const fs::path& path) {
  return path.lexically_normal().string();
}

} // namespace

fs::path default_data_dir(const DirectoryHints& hints) {
  if (hints.xdg_data_home && !hints.xdg_data_home->empty() && fs::path(*hints.xdg_data_home).is_absolute()) {
    return fs::path(*hints.xdg_data_home) / "coach";
  }
  if (hints.home && !hints.home->empty()) {
    return fs::path(*hints.home) / ".local" / "share" / "coach";
  }
  return hints.cwd / "coach";
}

fs::path find_data_dir(const DirectoryHints& hints) {
  const auto require = [](const fs::path& dir, std::string_view how) {
    if (!has_settings(dir)) {
      throw Error(ExitCode::not_found,
                  fmt::format("{} (from {}) is not a coach directory: it has no {}; create one with `coach init {}`",
                              display(dir), how, settings_file_name, display(dir)));
    }
    return dir;
  };
  if (hints.explicit_dir) {
    return require(*hints.explicit_dir, "-C");
  }
  if (hints.env_dir && !hints.env_dir->empty()) {
    return require(fs::path(*hints.env_dir), "COACH_DIR");
  }
  for (fs::path dir = hints.cwd; !dir.empty(); dir = dir.parent_path()) {
    if (has_settings(dir)) {
      // Relative to where the user stands, so messages say reps/alice-chen.yaml:12:5.
      const fs::path relative = dir.lexically_relative(hints.cwd);
      return relative.empty() ? dir : relative;
    }
    if (dir == dir.parent_path()) break;
  }
  const fs::path fallback = default_data_dir(hints);
  if (has_settings(fallback)) {
    return fallback;
  }
  throw Error(ExitCode::not_found,
              fmt::format("no coach directory found: no -C, no COACH_DIR, no {} in {} or its parents, none at {}; "
                          "create one with `coach init` (at {}) or `coach init DIR`",
                          settings_file_name, display(hints.cwd), display(fallback), display(fallback)));
}

void init_data_dir(const fs::path& root, const std::string& manager, const std::string& team, bool git_commit) {
  std::error_code ec;
  if (fs::exists(root, ec) && !fs::is_directory(root, ec)) {
    throw Error(ExitCode::exists, fmt::format("{}: exists and is not a directory", display(root)));
  }
  if (has_settings(root)) {
    throw Error(ExitCode::exists,
                fmt::format("{}: already a coach directory ({} exists); nothing was changed", display(root),
                            settings_file_name));
  }
  fs::create_directories(root.parent_path().empty() ? fs::path(".") : root.parent_path(), ec);
  make_private_dir(root);
  make_private_dir(root / "reps");
  // .gitignore first: if coach.yaml then fails, init can simply be run again.
  create_file_exclusive(root / ".gitignore",
                        "# coach's private files: the lock and unfinished editor files\n/.coach/\n"
                        "# temporary files of an interrupted write\n.*.tmp-*\n",
                        0644);
  if (!create_file_exclusive(root / settings_file_name, render_new_settings_file(manager, team, git_commit), 0600)) {
    throw Error(ExitCode::exists, fmt::format("{}: {} appeared while creating it; nothing was overwritten",
                                              display(root), settings_file_name));
  }
}

std::string rep_file_in_dir(const Rep& rep) {
  return "reps/" + fs::path(rep.path).filename().string();
}

DataDir::DataDir(fs::path root) : m_root(std::move(root)) {}

fs::path DataDir::rep_path(const std::string& id) const {
  if (!is_rep_id(id)) {
    throw Error(ExitCode::usage, fmt::format("\"{}\" is not a valid rep id (use a-z, 0-9 and -)", id));
  }
  return reps_dir() / (id + ".yaml");
}

Settings DataDir::load_settings() const {
  const auto path = settings_path();
  return read_settings(parse_yaml(display(path), read_text_file(path, max_yaml_file_size)));
}

Rep DataDir::load_rep_file(const fs::path& path) const {
  Rep rep = read_rep(parse_yaml(display(path), read_text_file(path, max_yaml_file_size)));
  if (rep.id.empty()) {
    rep.id = path.stem().string();
  }
  return rep;
}

std::vector<Rep> DataDir::load_reps(std::vector<LoadFailure>* failures) const {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::directory_iterator it(reps_dir(), ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return {};
    throw Error(ExitCode::io, fmt::format("{}: cannot list: {}", display(reps_dir()), ec.message()));
  }
  for (const auto& entry : it) {
    const auto name = entry.path().filename().string();
    if (name.empty() || name.front() == '.' || entry.path().extension() != ".yaml") continue;
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());

  // Warm: a cached parse per file whose stamp has not changed. Cold: files
  // parsed in parallel, each thread with its own documents (yaml-cpp shares
  // nothing between parsers).
  const RepCache cache(private_dir() / "cache");
  struct Slot {
    std::optional<Rep> rep;
    std::optional<Error> error;
  };
  std::vector<Slot> slots(files.size());
  std::atomic<size_t> next{0};
  const auto work = [&] {
    for (size_t i = next++; i < files.size(); i = next++) {
      const auto before = stamp_of(files[i]);
      if (before) {
        if (auto cached = cache.load(files[i], *before)) {
          cached->path = display(files[i]); // the cache may have been written from another working directory
          slots[i].rep = std::move(cached);
          continue;
        }
      }
      try {
        Rep rep = load_rep_file(files[i]);
        const auto after = stamp_of(files[i]);
        if (before && after && *before == *after) cache.store(files[i], *before, rep);
        slots[i].rep = std::move(rep);
      } catch (const Error& e) {
        slots[i].error = e;
      }
    }
  };
  const size_t threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), files.size());
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& thread : pool) thread.join();

  std::vector<Rep> reps;
  reps.reserve(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    if (slots[i].error) {
      if (!failures) throw *slots[i].error;
      failures->push_back({display(files[i]), slots[i].error->what()});
      continue;
    }
    reps.push_back(std::move(*slots[i].rep));
  }
  return reps;
}

fs::path DataDir::ensure_private_dir() const {
  make_private_dir(private_dir());
  return private_dir();
}

DirectoryLock DataDir::lock() const {
  return DirectoryLock(ensure_private_dir() / "lock");
}

std::vector<std::string> DataDir::all_record_ids() const {
  std::vector<std::string> ids;
  for (const auto& rep : load_reps()) {
    for (const auto& record : rep.records) {
      ids.push_back(record.id);
      for (const auto& promise : record.promises) ids.push_back(promise.id);
    }
  }
  return ids;
}

void DataDir::add_rep(const Rep& rep) const {
  const auto path = rep_path(rep.id);
  auto held = lock();
  make_private_dir(reps_dir());
  const std::string text = render_new_rep_file(rep);
  Rep expected = rep;
  expected.path = display(path);
  verify_edit(display(path), text, expected);
  if (!create_file_exclusive(path, text, 0600)) {
    throw Error(ExitCode::exists, fmt::format("a rep with id '{}' exists already ({}); choose another with --id",
                                              rep.id, display(path)));
  }
}

Record DataDir::append_record(const Rep& rep, Record record) const {
  auto held = lock();
  // Read again under the lock: another command may have written since.
  const fs::path path = rep.path;
  const auto text = read_text_file(path, max_yaml_file_size);
  const YamlDocument doc = parse_yaml(rep.path, text);
  Rep current = read_rep(doc);
  std::set<std::string, std::less<>> taken;
  for (auto& id : all_record_ids()) taken.insert(std::move(id));
  const auto fresh = [&] {
    auto id = new_record_id([&](std::string_view candidate) { return taken.count(candidate) > 0; });
    taken.insert(id);
    return id;
  };
  record.id = fresh();
  for (auto& promise : record.promises) promise.id = fresh();

  const std::string new_text = text_with_record_appended(doc, record);
  current.records.push_back(record);
  verify_edit(rep.path, new_text, current);
  write_file_atomic(path, new_text);
  return record;
}

Promise DataDir::change_promise(const Rep& rep, const std::string& promise_id, const PromiseChange& change) const {
  auto held = lock();
  const auto text = read_text_file(rep.path, max_yaml_file_size);
  const YamlDocument doc = parse_yaml(rep.path, text);
  Rep current = read_rep(doc);
  Promise* target = nullptr;
  for (auto& record : current.records) {
    for (auto& promise : record.promises) {
      if (promise.id == promise_id) target = &promise;
    }
  }
  if (!target) {
    throw Error(ExitCode::not_found, fmt::format("{}: promise '{}' is no longer there", rep.path, promise_id));
  }
  if (target->done) {
    throw Error(ExitCode::exists, fmt::format("promise {} was kept already, on {}", promise_id, target->done->pretty()));
  }
  if (target->dropped) {
    throw Error(ExitCode::exists,
                fmt::format("promise {} was dropped already, on {}", promise_id, target->dropped->pretty()));
  }
  const std::string new_text = text_with_promise_changed(doc, promise_id, change);
  apply_change(*target, change);
  const Promise changed = *target;
  verify_edit(rep.path, new_text, current);
  write_file_atomic(rep.path, new_text);
  return changed;
}

void DataDir::archive_rep(const Rep& rep, Date date) const {
  auto held = lock();
  const auto text = read_text_file(rep.path, max_yaml_file_size);
  const YamlDocument doc = parse_yaml(rep.path, text);
  Rep current = read_rep(doc);
  if (current.archived) {
    throw Error(ExitCode::exists, fmt::format("{} is archived already (since {})", current.name,
                                              current.archived->iso()));
  }
  const std::string new_text = text_with_header_field(doc, "archived", date.iso());
  current.archived = date;
  verify_edit(rep.path, new_text, current);
  write_file_atomic(rep.path, new_text);
}

} // namespace coach
