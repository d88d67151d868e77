#include <coach/data_dir.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <set>
#include <span>
#include <thread>
#include <unordered_map>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/followups.hpp>
#include <coach/heap.hpp>
#include <coach/ids.hpp>
#include <coach/open_index.hpp>
#include <coach/removal.hpp>
#include <coach/rep_cache.hpp>
#include <coach/rep_file.hpp>
#include <coach/results_file.hpp>
#include <coach/roster.hpp>
#include <coach/settings.hpp>
#include <coach/team_file.hpp>
#include <coach/text.hpp>
#include <coach/yaml_tree.hpp>

namespace coach {

namespace fs = std::filesystem;

namespace {

bool has_settings(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / settings_file_name, ec);
}

std::string display(const fs::path& path) {
  return path.lexically_normal().string();
}

// coach's private files kept out of git; false when a .gitignore exists.
bool create_gitignore(const fs::path& root) {
  return create_file_exclusive(root / ".gitignore",
                               "# coach's private files: the cache and unfinished editor files\n/.coach/\n"
                               "# temporary files of an interrupted write\n.*.tmp-*\n",
                               0644);
}

// Takes group and other permissions off `path`; true when it had any.
bool make_owner_only(const fs::path& path, mode_t mode) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || S_ISLNK(st.st_mode) || (st.st_mode & 077) == 0) return false;
  if (::chmod(path.c_str(), mode) != 0) {
    throw Error(ExitCode::io, fmt::format("{}: cannot make it owner-only: {}", display(path), std::strerror(errno)));
  }
  return true;
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
    return require(*hints.explicit_dir, hints.explicit_dir_source);
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

void init_data_dir(const fs::path& root, const std::string& manager, const std::string& team, bool git_commit,
                   std::optional<Date> since) {
  std::error_code ec;
  if (fs::exists(root, ec) && !fs::is_directory(root, ec)) {
    throw Error(ExitCode::exists, fmt::format("{}: exists and is not a directory", display(root)));
  }
  if (has_settings(root)) {
    throw Error(ExitCode::exists, fmt::format("{}: already a coach directory ({} exists); nothing was changed",
                                              display(root), settings_file_name));
  }
  fs::create_directories(root.parent_path().empty() ? fs::path(".") : root.parent_path(), ec);
  make_private_directory(root);
  make_private_directory(root / "reps");
  // .gitignore first: if coach.yaml then fails, init can simply be run again.
  create_gitignore(root);
  if (!create_file_exclusive(root / settings_file_name, render_new_settings_file(manager, team, git_commit, since),
                             0600)) {
    throw Error(ExitCode::exists, fmt::format("{}: {} appeared while creating it; nothing was overwritten",
                                              display(root), settings_file_name));
  }
}

void refuse_output_over_data(const std::filesystem::path& output, const std::filesystem::path& root) {
  static const std::set<std::string, std::less<>> data_entries{"coach.yaml", ".gitattributes", ".gitignore", "reps",
                                                               "team",       "results",        ".coach",     ".git"};
  std::error_code ec;
  const auto target = std::filesystem::weakly_canonical(std::filesystem::absolute(output, ec), ec);
  if (ec) return;
  const auto base = std::filesystem::weakly_canonical(std::filesystem::absolute(root, ec), ec);
  if (ec) return;
  const auto inside = target.lexically_relative(base);
  if (inside.empty() || *inside.begin() == ".." || *inside.begin() == ".") return;
  const std::string first = inside.begin()->string();
  if (!data_entries.contains(first)) return;
  const bool folder = std::next(inside.begin()) != inside.end();
  throw Error(ExitCode::usage,
              fmt::format("-o {}: that is {} data directory's {}{}, where only coach's data belongs; write the "
                          "output outside coach.yaml, reps/, team/, results/ and .coach/",
                          output.string(), folder ? "in the" : "the", first, folder ? "/" : ""));
}

std::string rep_file_in_dir(const Rep& rep) {
  return (is_team_file_path(rep.path) ? "team/" : "reps/") + fs::path(rep.path).filename().string();
}

DataDir::DataDir(fs::path root) : m_root(std::move(root)) {}

fs::path DataDir::rep_path(const std::string& id) const {
  if (!is_rep_id(id)) {
    throw Error(ExitCode::usage, fmt::format("\"{}\" is not a valid rep id (use a-z, 0-9 and -)", id));
  }
  return reps_dir() / (id + ".yaml");
}

fs::path DataDir::team_path(int year) const {
  return team_dir() / fmt::format("{:04}.yaml", year);
}

Settings DataDir::load_settings() const {
  const auto path = settings_path();
  refuse_unmerged(path);
  return read_settings(parse_yaml(display(path), read_text_file(path, max_yaml_file_size)));
}

Rep DataDir::load_rep_file(const fs::path& path) const {
  refuse_unmerged(path);
  Rep rep = read_rep(parse_yaml(display(path), read_text_file(path, max_yaml_file_size)));
  if (rep.id.empty()) {
    rep.id = path.stem().string();
  }
  return rep;
}

namespace {

// One thread per core, but no more than there are files.
size_t reading_threads(size_t count) {
  return std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), count);
}

// Runs `work(i)` for every index on all cores: yaml-cpp parsers share nothing, so files parse in parallel.
void parallel_for(size_t count, const std::function<void(size_t)>& work) {
  std::atomic<size_t> next{0};
  const auto loop = [&] {
    const SmallBlockCache blocks; // histories built and freed one after another
    for (size_t i = next++; i < count; i = next++) work(i);
  };
  const size_t threads = reading_threads(count);
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(loop);
  loop();
  for (auto& thread : pool) thread.join();
}

// Calls `read(i)` for every index on all cores and `consume(i)` for each in
// order on the calling thread once read(i) has returned, reading at most
// `window` indexes ahead of the one consumed: read(i) may fill slot
// i % window, which consume(i - window) has emptied. read must not throw; an
// exception from consume stops the readers and is passed on.
void read_ahead_in_order(size_t count, size_t window, const std::function<void(size_t)>& read,
                         const std::function<void(size_t)>& consume) {
  std::mutex mutex;
  std::condition_variable changed;
  size_t next_read = 0; // the next index to read
  size_t consumed = 0;  // indexes below it are consumed, their slots free
  std::vector<char> ready(window, 0);
  bool stop = false;
  const auto read_next = [&](std::unique_lock<std::mutex>& lock) {
    if (stop || next_read >= count || next_read >= consumed + window) return false;
    const size_t i = next_read++;
    lock.unlock();
    read(i);
    lock.lock();
    ready[i % window] = 1;
    changed.notify_all();
    return true;
  };
  const auto reader = [&] {
    const SmallBlockCache blocks; // histories built and freed one after another
    std::unique_lock lock(mutex);
    while (!stop && next_read < count) {
      if (!read_next(lock)) changed.wait(lock);
    }
  };
  std::vector<std::thread> pool;
  const auto stop_readers = [&] {
    {
      const std::lock_guard lock(mutex);
      stop = true;
    }
    changed.notify_all();
    for (auto& thread : pool) thread.join();
  };
  for (size_t t = 1; t < reading_threads(count); ++t) pool.emplace_back(reader);
  try {
    const SmallBlockCache blocks;
    std::unique_lock lock(mutex);
    while (consumed < count) {
      if (ready[consumed % window]) {
        ready[consumed % window] = 0;
        lock.unlock();
        consume(consumed);
        lock.lock();
        ++consumed;
        changed.notify_all();
      } else if (!read_next(lock)) { // the calling thread reads too while its next file is not in
        changed.wait(lock);
      }
    }
  } catch (...) {
    stop_readers();
    throw;
  }
  stop_readers();
}

// An index's entries (the roster index's, the open-promise index's) by file
// name: a file's entry is used only at the stamp the file has now.
template <class Entry>
class EntriesByFile {
public:
  explicit EntriesByFile(std::span<Entry> entries) {
    m_by_file.reserve(entries.size());
    for (auto& e : entries) m_by_file.emplace(e.file, &e);
  }
  // `file`'s entry, whatever its stamp; null when the index has none.
  Entry* find(const fs::path& file) const {
    const auto it = m_by_file.find(file.filename().string());
    return it == m_by_file.end() ? nullptr : it->second;
  }
  // `file`'s entry if the index holds it at `stamp`; null otherwise, and without a stamp.
  Entry* at_stamp(const fs::path& file, const std::optional<FileStamp>& stamp) const {
    Entry* const entry = stamp ? find(file) : nullptr;
    return entry && entry->stamp == *stamp ? entry : nullptr;
  }

private:
  std::unordered_map<std::string_view, Entry*> m_by_file;
};

// The files an index (the roster index, the open-promise index) should hold:
// those that have a stamp in `stamps` (none: changed while read, or
// unreadable) old enough to trust, and `readable`; nullopt when `index`
// holds exactly those already, at those stamps: it need not be rewritten.
template <class Entry>
std::optional<std::vector<size_t>> files_to_index(const std::vector<Entry>& index, const std::vector<fs::path>& files,
                                                  const std::vector<std::optional<FileStamp>>& stamps,
                                                  const std::function<bool(size_t)>& readable) {
  std::vector<size_t> indexable;
  for (size_t i = 0; i < files.size(); ++i) {
    if (stamps[i] && readable(i) && !file_too_recent_to_cache(*stamps[i])) indexable.push_back(i);
  }
  const bool up_to_date = index.size() == indexable.size() &&
                          std::equal(index.begin(), index.end(), indexable.begin(), [&](const auto& e, size_t i) {
                            return e.file == files[i].filename().string() && e.stamp == *stamps[i];
                          });
  if (up_to_date) return std::nullopt;
  return indexable;
}

// Rewrites the roster index unless it already holds exactly the files that
// have a stamp in `stamps` at those stamps; `entry_of(i)` gives the entry of files[i].
void refresh_roster_index(const RepCache& cache, const std::vector<IndexedRosterEntry>& index,
                          const std::vector<fs::path>& files, const std::vector<std::optional<FileStamp>>& stamps,
                          const std::function<RosterEntry(size_t)>& entry_of) {
  const auto indexable = files_to_index(index, files, stamps, [](size_t) { return true; });
  if (!indexable) return;
  std::vector<IndexedRosterEntry> entries;
  for (const size_t i : *indexable) {
    entries.push_back({files[i].filename().string(), *stamps[i], entry_of(i)});
    entries.back().entry.path.clear(); // set from the file's place when read
  }
  cache.store_roster_index(entries);
}

} // namespace

namespace {

// The .yaml files in `folder` that `wanted` accepts, sorted; none when it does not exist.
std::vector<fs::path> yaml_files_in(const fs::path& folder, const std::function<bool(const fs::path&)>& wanted) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) return {};
    throw Error(ExitCode::io, fmt::format("{}: cannot list: {}", display(folder), ec.message()));
  }
  for (const auto& entry : it) {
    const std::string& path = entry.path().native();
    const std::string_view name = std::string_view(path).substr(path.rfind('/') + 1); // the whole path: no '/'
    // A name not starting with a dot ends in ".yaml" exactly when that is its extension().
    if (name.empty() || name.front() == '.' || !name.ends_with(".yaml") || !wanted(entry.path())) continue;
    files.push_back(entry.path());
  }
  // All in `folder`: by their names' bytes, the order of fs::path's comparison, which splits each path into its
  // parts for every comparison (a tenth of the listing's time at 2,000 reps).
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) { return a.native() < b.native(); });
  return files;
}

} // namespace

std::vector<fs::path> DataDir::rep_files() const {
  return yaml_files_in(reps_dir(), [](const fs::path&) { return true; });
}

std::vector<fs::path> DataDir::team_files() const {
  // Only team/YYYY.yaml: other files there are the user's own.
  return yaml_files_in(team_dir(), [](const fs::path& file) { return is_team_file_path(file.generic_string()); });
}

Rep DataDir::load_rep(const fs::path& path, std::optional<FileStamp>* read_at) const {
  refuse_unmerged(path); // before the cache, which may hold the version from before the merge
  const RepCache cache(private_dir() / "cache");
  // Taken before the read: a change made during the read is told apart only if the stamp was old already then.
  const int64_t read_from = wall_clock_ns();
  const auto before = stamp_of(path);
  if (before) {
    if (auto cached = cache.load(path, *before)) {
      cached->path = display(path); // the cache may have been written from another working directory
      if (read_at) *read_at = before;
      return std::move(*cached);
    }
  }
  Rep rep = load_rep_file(path);
  const auto after = stamp_of(path);
  if (before && after && *before == *after && !file_too_recent_to_cache(*before, read_from)) {
    cache.store(path, *before, rep);
    if (read_at) *read_at = before;
  }
  return rep;
}

std::vector<fs::path> DataDir::results_files() const {
  // Only results/PERIOD.yaml, named exactly as the period is written: other files there are the user's own.
  return yaml_files_in(results_dir(), [](const fs::path& file) {
    const auto period = results_period_of(file.stem().string());
    return period && period->label == file.stem().string();
  });
}

ResultsPeriod DataDir::load_results_file(const fs::path& path, bool check_reps) const {
  refuse_unmerged(path);
  std::set<std::string, std::less<>> rep_ids;
  if (check_reps) {
    for (const auto& file : rep_files()) rep_ids.insert(file.stem().string());
  }
  const auto known = [&](std::string_view id) { return rep_ids.contains(id); };
  return read_results_file(parse_yaml(display(path), read_text_file(path, max_yaml_file_size)),
                           check_reps ? std::function<bool(std::string_view)>(known) : nullptr);
}

std::vector<ResultsPeriod> DataDir::load_results(std::vector<LoadFailure>* failures) const {
  std::vector<ResultsPeriod> periods;
  for (const auto& file : results_files()) {
    try {
      periods.push_back(load_results_file(file, true));
    } catch (const Error& e) {
      if (!failures) throw;
      failures->push_back({display(file), e.what(), e.code()});
    }
  }
  std::sort(periods.begin(), periods.end(), [](const ResultsPeriod& a, const ResultsPeriod& b) {
    return a.first != b.first ? a.first < b.first : a.last < b.last;
  });
  return periods;
}

std::vector<Rep> DataDir::load_team_files(std::vector<LoadFailure>* failures) const {
  std::vector<Rep> teams;
  for (const auto& file : team_files()) {
    try {
      teams.push_back(load_rep(file));
    } catch (const Error& e) {
      if (!failures) throw;
      failures->push_back({display(file), e.what(), e.code()});
    }
  }
  return teams;
}

std::vector<Rep> DataDir::load_reps(std::vector<LoadFailure>* failures) const {
  const auto files = rep_files();
  unmerged_files(); // asked once, before the threads read files
  struct Slot {
    std::optional<Rep> rep;
    std::optional<Error> error;
  };
  std::vector<Slot> slots(files.size());
  std::vector<std::optional<FileStamp>> stamps(files.size());
  parallel_for(files.size(), [&](size_t i) {
    try {
      slots[i].rep = load_rep(files[i], &stamps[i]);
    } catch (const Error& e) {
      slots[i].error = e;
    }
  });
  // Having read every file, bring the roster index up to date, so the next write does not have to.
  const RepCache cache(private_dir() / "cache");
  refresh_roster_index(cache, cache.load_roster_index(), files, stamps,
                       [&](size_t i) { return roster_entry_of(*slots[i].rep); });
  std::vector<Rep> reps;
  reps.reserve(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    if (slots[i].error) {
      if (!failures) throw *slots[i].error;
      failures->push_back({display(files[i]), slots[i].error->what(), slots[i].error->code()});
      continue;
    }
    reps.push_back(std::move(*slots[i].rep));
  }
  return reps;
}

void DataDir::for_each_rep(const std::function<void(Rep&)>& visit, std::vector<LoadFailure>* failures) const {
  const auto files = rep_files();
  unmerged_files(); // asked once, before the threads read files
  const RepCache cache(private_dir() / "cache");
  const auto index = cache.load_roster_index();
  const EntriesByFile<const IndexedRosterEntry> by_file(index);
  std::vector<std::optional<FileStamp>> stamps(files.size());
  // The roster entries of the files the index does not hold at the stamp read (the others are in it).
  std::vector<std::optional<RosterEntry>> entries(files.size());
  struct Slot {
    std::optional<Rep> rep;
    std::optional<Error> error;
  };
  const size_t window = 2 * reading_threads(files.size()) + 2; // a file in hand and one ready per thread
  std::vector<Slot> slots(window);
  const auto read = [&](size_t i) {
    Slot& slot = slots[i % window];
    // The rep visited window files ago is freed here, on a reading thread,
    // not on the visitor's: freeing a history costs about what reading it does.
    slot = Slot{};
    try {
      slot.rep = load_rep(files[i], &stamps[i]);
      if (!by_file.at_stamp(files[i], stamps[i])) entries[i] = roster_entry_of(*slot.rep);
    } catch (const Error& e) {
      slot.error = e;
    }
  };
  const auto consume = [&](size_t i) {
    Slot& slot = slots[i % window]; // freed by the read that takes its place
    if (slot.error) {
      if (!failures) throw *slot.error;
      failures->push_back({display(files[i]), slot.error->what(), slot.error->code()});
      return;
    }
    visit(*slot.rep);
  };
  read_ahead_in_order(files.size(), window, read, consume);
  // Having read every file, bring the roster index up to date, as load_reps does.
  refresh_roster_index(cache, index, files, stamps, [&](size_t i) {
    return entries[i] ? *entries[i] : by_file.at_stamp(files[i], stamps[i])->entry; // read: it had a stamp
  });
}

namespace {

// Rewrites the open-promise index unless it already holds exactly the files
// that have a stamp in `stamps`, at those stamps (as refresh_roster_index);
// `open[i]` holds the items of files[i], none when it cannot be read.
void refresh_open_index(const fs::path& folder, const std::vector<IndexedOpenFile>& index,
                        const std::vector<fs::path>& files, const std::vector<std::optional<FileStamp>>& stamps,
                        const std::vector<const OpenFile*>& open) {
  const auto indexable = files_to_index(index, files, stamps, [&](size_t i) { return open[i] != nullptr; });
  if (!indexable) return;
  std::vector<std::string> names;
  names.reserve(indexable->size()); // the entries view them
  std::vector<IndexedOpenFile> entries;
  for (const size_t i : *indexable) {
    names.push_back(files[i].filename().string());
    entries.push_back({names.back(), *stamps[i], *open[i]});
  }
  store_open_index(folder, entries);
}

} // namespace

OpenItems load_open_items(const DataDir& dir, std::vector<LoadFailure>* failures) {
  const auto files = yaml_files_in(dir.reps_dir(), [](const fs::path&) { return true; }); // as DataDir::rep_files
  // Asked once, before the threads read files. An unmerged file's entry may hold the version from before the merge:
  // then every file goes through load_rep, which refuses unmerged ones.
  const bool merging = !dir.unmerged_files().empty();
  const fs::path folder = dir.private_dir() / "cache";
  OpenItems items;
  // The files are stat'ed while the index is read: at 2,000 reps each took 5 to 8 ms, one after the other. Once
  // the index is in, this thread stats the files the other has not reached. For a few files a second thread costs
  // more than it saves.
  std::vector<std::optional<FileStamp>> now(files.size());
  std::atomic<size_t> next_to_stat{0};
  const auto stat_files = [&] {
    for (size_t i = next_to_stat++; i < files.size(); i = next_to_stat++) now[i] = stamp_of(files[i]);
  };
  {
    std::jthread stat_thread;
    if (files.size() >= 256) stat_thread = std::jthread(stat_files);
    items.index = std::make_unique<const OpenIndex>(folder);
    stat_files();
  } // joined: `now` is complete
  const EntriesByFile<const IndexedOpenFile> by_file(merging ? std::span<const IndexedOpenFile>()
                                                             : std::span(items.index->entries()));

  std::vector<const OpenFile*> open(files.size());
  std::vector<std::unique_ptr<const OpenItems::Parsed>> parsed(files.size());
  std::vector<std::optional<FileStamp>> stamps(files.size());
  std::vector<std::optional<Error>> errors(files.size());
  std::vector<size_t> to_read; // those whose entry is missing or stale
  for (size_t i = 0; i < files.size(); ++i) {
    if (const auto* entry = by_file.at_stamp(files[i], now[i])) {
      open[i] = &entry->open; // a view of the mapped index, nothing read or copied
      stamps[i] = now[i];
    } else {
      to_read.push_back(i);
    }
  }
  parallel_for(to_read.size(), [&](size_t k) {
    const size_t i = to_read[k];
    try {
      const Rep rep = dir.load_rep(files[i], &stamps[i]); // through the file's cache entry
      parsed[i] = std::make_unique<const OpenItems::Parsed>(open_file_of(rep));
      open[i] = &parsed[i]->open;
    } catch (const Error& e) {
      errors[i] = e;
    }
  });
  refresh_open_index(folder, items.index->entries(), files, stamps, open);
  for (size_t i = 0; i < files.size(); ++i) {
    if (errors[i]) {
      if (!failures) throw *errors[i];
      failures->push_back({display(files[i]), errors[i]->what(), errors[i]->code()});
      continue;
    }
    items.files.push_back(open[i]);
    if (parsed[i]) items.parsed.push_back(std::move(parsed[i]));
  }
  return items;
}

std::vector<RosterEntry> DataDir::rep_roster(std::vector<LoadFailure>* failures) const {
  const auto files = rep_files();
  unmerged_files(); // asked once, before the threads read files
  const RepCache cache(private_dir() / "cache");
  auto index = cache.load_roster_index();
  const EntriesByFile<IndexedRosterEntry> by_file(index);

  std::vector<RosterEntry> roster(files.size());
  std::vector<std::optional<FileStamp>> stamps(files.size());
  std::vector<std::optional<Error>> errors(files.size());
  std::atomic<size_t> read_whole{0}; // the files the index did not hold: parsed, or read from their cache entries
  parallel_for(files.size(), [&](size_t i) {
    try {
      refuse_unmerged(files[i]);
      const auto stamp = stamp_of(files[i]);
      if (auto* entry = by_file.at_stamp(files[i], stamp)) {
        roster[i] = std::move(entry->entry); // its file and stamp stay, for the comparison below
        stamps[i] = stamp;
        roster[i].path = display(files[i]);
        return;
      }
      read_whole.fetch_add(1, std::memory_order_relaxed);
      roster[i] = roster_entry_of(load_rep(files[i], &stamps[i])); // through the file's cache entry
      roster[i].path = display(files[i]);
    } catch (const Error& e) {
      errors[i] = e;
    }
  });
  for (size_t i = 0; i < files.size(); ++i) {
    if (!errors[i]) continue;
    if (!failures) throw *errors[i];
    failures->push_back({display(files[i]), errors[i]->what(), errors[i]->code()});
    roster[i] = RosterEntry{};
    roster[i].id = files[i].stem().string();
    roster[i].path = display(files[i]);
    try {
      roster[i].promise_ids = scan_record_ids(read_text_file(files[i], max_yaml_file_size));
    } catch (const Error&) {
      // Not even readable as bytes: it holds no id anyone could be given.
    }
  }
  refresh_roster_index(cache, index, files, stamps, [&](size_t i) { return roster[i]; });
  // What reading hundreds of files whole freed (their parsers' trees, the histories, the index's text) stays
  // in pages the heap keeps (heap.cpp); the command goes on to read every rep again, one at a time. Cold, at
  // 2,000 reps: 66-67 to 58-60 MB for audit. The heap's top, trimmed, grows back on 4 KB pages: 10,000 more
  // faults (about 0.1 s of a 3 s cold audit on a VM slow at them, within its noise). Advising 2 MB pages again
  // kept the faults at 2,400 but the peak at 64 MB.
  if (read_whole >= 256) release_freed_heap();
  return roster;
}

std::vector<Rep> DataDir::load_rep_headers() const {
  std::vector<Rep> reps;
  for (RosterEntry& entry : rep_roster(nullptr)) {
    Rep& rep = reps.emplace_back();
    rep.id = std::move(entry.id);
    rep.name = std::move(entry.name);
    rep.archived = entry.archived;
    rep.path = std::move(entry.path);
  }
  return reps;
}

std::vector<RosterEntry> DataDir::load_roster(std::vector<LoadFailure>* failures) const {
  std::vector<RosterEntry> roster = rep_roster(failures);
  // The team files, a few, through their cache entries (not the index): their ids are taken too.
  for (const auto& file : team_files()) {
    try {
      roster.push_back(roster_entry_of(load_rep(file)));
    } catch (const Error& e) {
      if (!failures) throw;
      failures->push_back({display(file), e.what(), e.code()});
      roster.emplace_back().id = file.stem().string();
      try {
        roster.back().promise_ids = scan_record_ids(read_text_file(file, max_yaml_file_size));
      } catch (const Error&) {
        // Not even readable as bytes: it holds no id anyone could be given.
      }
    }
    roster.back().path = display(file);
  }
  return roster;
}

Rep DataDir::find_rep(std::string_view query) const {
  // The common case, a rep's id as written by tab completion or `rep list`, needs
  // only that rep's file: no roster of a whole organization.
  const std::string_view id = trim(query);
  if (is_rep_id(id)) {
    const fs::path file = reps_dir() / (std::string(id) + ".yaml");
    if (stamp_of(file)) {
      Rep rep = load_rep(file);
      if (rep.id == id) return rep;
    }
  }
  std::vector<Rep> stubs;
  std::vector<LoadFailure> unreadable; // stubs too: a REP that means one of them gets its error
  for (auto& entry : load_roster(&unreadable)) {
    if (is_team_file_path(entry.path)) continue; // the team's meetings, not a rep
    Rep stub;
    stub.id = std::move(entry.id);
    stub.name = std::move(entry.name);
    stub.archived = entry.archived;
    stub.path = std::move(entry.path);
    stubs.push_back(std::move(stub));
  }
  return load_rep(resolve_rep(stubs, query).path);
}

std::pair<Rep, std::string> DataDir::find_rep_with_promise(std::string_view raw_id) const {
  const std::string id = to_lower(trim(raw_id));
  std::vector<std::pair<const RosterEntry*, std::string>> matches;
  std::vector<LoadFailure> unreadable;
  const auto roster = load_roster(&unreadable);
  const auto is_unreadable = [&](const RosterEntry& entry) {
    return std::any_of(unreadable.begin(), unreadable.end(), [&](const auto& f) { return f.path == entry.path; });
  };
  for (const auto& entry : roster) {
    for (const uint32_t packed : entry.promise_ids) {
      if (packed_id_starts_with(packed, id)) matches.emplace_back(&entry, unpack_record_id(packed));
    }
    for (const auto& promise_id : entry.other_promise_ids) {
      if (!id.empty() && starts_with(promise_id, id)) matches.emplace_back(&entry, promise_id);
    }
  }
  const auto exact = std::count_if(matches.begin(), matches.end(), [&](const auto& m) { return m.second == id; });
  if (exact == 1 || matches.size() == 1) {
    const auto& match = exact == 1 ? *std::find_if(matches.begin(), matches.end(),
                                                   [&](const auto& m) { return m.second == id; })
                                   : matches.front();
    return {load_rep(match.first->path), match.second};
  }
  // The id may be in a file that cannot be read: nothing can be decided until it is fixed.
  for (const auto& match : matches) {
    if (is_unreadable(*match.first)) load_rep(match.first->path); // throws the file's error
  }
  // Unknown, ambiguous or duplicated: the full read gives the message with texts and closest ids.
  std::vector<LoadFailure> left_out; // the same files as `unreadable`
  auto reps = load_reps(&left_out);
  for (auto& team : load_team_files(&left_out)) reps.push_back(std::move(team));
  try {
    const PromiseRef ref = find_promise(reps, id);
    return {*ref.rep, ref.promise->id};
  } catch (const Error& e) {
    if (e.code() != ExitCode::not_found || unreadable.empty()) throw;
    throw Error(e.code(), fmt::format("{} (not looked for in {}, which cannot be read: see `coach audit --data`)",
                                      e.what(), unreadable.front().path));
  }
}

std::pair<Rep, std::string> DataDir::find_rep_with_record(std::string_view raw_id) const {
  const std::string id = to_lower(trim(raw_id));
  std::vector<LoadFailure> unreadable;
  const RosterEntry* only = nullptr;
  size_t matches = 0;
  const auto roster = load_roster(&unreadable);
  for (const auto& entry : roster) {
    for (const uint32_t packed : entry.record_ids) {
      if (!packed_id_starts_with(packed, id)) continue;
      only = &entry;
      ++matches;
    }
  }
  if (matches == 1 && unreadable.empty()) {
    Rep rep = load_rep(only->path);
    for (const auto& record : rep.records) {
      if (starts_with(record.id, id)) return {std::move(rep), record.id};
    }
  }
  // Hand-written ids, ambiguous starts: the full read decides, naming the candidates.
  std::vector<LoadFailure> left_out;
  const auto reps = load_reps(&left_out);
  std::vector<std::pair<const Rep*, const Record*>> found;
  for (const auto& rep : reps) {
    for (const auto& record : rep.records) {
      if (record.id == id) return {rep, record.id};
      if (!id.empty() && starts_with(record.id, id)) found.emplace_back(&rep, &record);
    }
  }
  if (found.size() == 1) return {*found.front().first, found.front().second->id};
  std::vector<std::string> listed;
  for (const auto& [rep, record] : found) {
    listed.push_back(fmt::format("{} ({} with {} on {})", record->id, record->kind, rep->name, record->date.iso()));
  }
  if (!found.empty()) {
    throw Error(ExitCode::not_found, fmt::format("record id '{}' is ambiguous: {}", id, join(listed, ", ")));
  }
  throw Error(ExitCode::not_found,
              fmt::format("no record '{}'{}; a record's id is its `id:` in reps/REP.yaml, printed when it is logged",
                          id,
                          left_out.empty()
                              ? ""
                              : fmt::format(" (not looked for in {}, which cannot be read)", left_out.front().path)));
}

fs::path DataDir::ensure_private_dir() const {
  make_private_directory(private_dir());
  return private_dir();
}

DirectoryLock DataDir::lock() const {
  return DirectoryLock(m_root);
}

GitPreparation DataDir::prepare_for_git() const {
  auto held = lock();
  GitPreparation done;
  // coach.yaml's new text first: a form coach does not edit stops everything before anything changed.
  const auto path = settings_path();
  const std::string text = read_text_file(path, max_yaml_file_size);
  const YamlDocument doc = parse_yaml(display(path), text);
  const Settings before = read_settings(doc);
  std::optional<std::string> new_text;
  if (!before.git_commit) {
    new_text = settings_text_with_git_commit(doc);
    const Settings after = read_settings(parse_yaml(display(path), *new_text));
    if (!after.git_commit || after.unknown_keys.size() != before.unknown_keys.size() ||
        after.manager != before.manager || after.team != before.team) {
      throw Error(ExitCode::internal,
                  fmt::format("{}: refusing to write: turning git.commit on would change more", display(path)));
    }
  }
  done.gitignore_created = create_gitignore(m_root);
  if (new_text) {
    write_file_atomic(path, *new_text);
    done.commit_turned_on = true;
  }
  // A clone is made with the umask (0755/0644): these are notes about people.
  if (make_owner_only(m_root, 0700)) done.made_private.push_back(display(m_root));
  if (make_owner_only(reps_dir(), 0700)) done.made_private.push_back(display(reps_dir()));
  if (make_owner_only(path, 0600)) done.made_private.push_back(display(path));
  if (make_owner_only(team_dir(), 0700)) done.made_private.push_back(display(team_dir()));
  if (make_owner_only(results_dir(), 0700)) done.made_private.push_back(display(results_dir()));
  auto files = rep_files();
  for (auto& file : team_files()) files.push_back(std::move(file));
  for (auto& file : results_files()) files.push_back(std::move(file));
  for (const auto& file : files) {
    if (make_owner_only(file, 0600)) done.made_private.push_back(display(file));
  }
  return done;
}

const std::vector<std::string>& DataDir::unmerged_files() const {
  if (!m_unmerged) m_unmerged = coach::unmerged_files(m_root, private_dir() / "cache" / "unmerged");
  return *m_unmerged;
}

void DataDir::refuse_unmerged(const fs::path& file) const {
  const auto& unmerged = unmerged_files();
  if (unmerged.empty()) return;
  // As git names it: relative to the data directory, where `git ls-files` ran.
  const std::string name = file.lexically_normal().lexically_relative(m_root.lexically_normal()).generic_string();
  if (std::find(unmerged.begin(), unmerged.end(), name) == unmerged.end()) return;
  // Conflict markers get the parser's message, which names the line of the first one.
  const std::string text = read_text_file(file, max_yaml_file_size);
  if (starts_with(text, "<<<<<<<") || text.find("\n<<<<<<<") != std::string::npos) parse_yaml(display(file), text);
  throw Error(ExitCode::data,
              place_message(display(file), SourcePlace{1, 1, 0},
                            fmt::format("git lists this file as unmerged (a merge, rebase or stash stopped on it), "
                                        "so it may hold one side only; get both sides with `coach git checkout "
                                        "--merge {}`, resolve the markers, then `coach git add {}`; or undo the "
                                        "merge with `coach git merge --abort`",
                                        name, name)));
}

namespace {

Promise* find_promise_in(Rep& rep, std::string_view id) {
  for (auto& record : rep.records) {
    for (auto& promise : record.promises) {
      if (promise.id == id) return &promise;
    }
  }
  return nullptr;
}

} // namespace

void DataDir::add_rep(const Rep& rep, const ChangeRecorder& recorder) const {
  const auto path = rep_path(rep.id);
  auto held = lock();
  make_private_directory(reps_dir());
  const std::string text = render_new_rep_file(rep);
  Rep expected = rep;
  expected.path = display(path);
  verify_edit(display(path), text, expected);
  if (!create_file_exclusive(path, text, 0600)) {
    throw Error(ExitCode::exists,
                fmt::format("a rep with id '{}' exists already ({}); choose another with --id", rep.id, display(path)));
  }
  if (recorder) recorder({FileChange{"reps/" + path.filename().string(), "", true, {}}, std::nullopt});
}

void DataDir::edit_rep_file(const Rep& rep, const RepEdit& edit, const ChangeRecorder& recorder,
                            const std::optional<Record>& appended) const {
  // Read again under the caller's lock: another command may have written since.
  refuse_unmerged(rep.path);
  const auto text = read_text_file(rep.path, max_yaml_file_size);
  const YamlDocument doc = parse_yaml(rep.path, text);
  Rep expected = read_rep(doc);
  const std::string new_text = edit(doc, expected, EditOf::this_file);
  verify_edit(rep.path, new_text, expected);
  write_file_atomic(rep.path, new_text);
  if (!recorder) return;
  // The same edit, made to another version of the file (HEAD's, the index's) for the commit.
  const auto redo = [edit](const std::string& version, const std::string& version_text) {
    const YamlDocument version_doc = parse_yaml(version, version_text);
    Rep version_expected = read_rep(version_doc);
    std::string out = edit(version_doc, version_expected, EditOf::other_version);
    version_expected.path = version;
    verify_edit(version, out, version_expected);
    return out;
  };
  recorder({FileChange{rep_file_in_dir(rep), text, false, redo}, appended});
}

std::vector<uint32_t> DataDir::ids_in_use(std::span<const uint32_t> candidates) const {
  // The candidates are looked for in every file, not every id in use gathered
  // and then compared: a cold write at 2,000 reps otherwise packs and keeps
  // every word of the ids' form in 380 MB (65 MB of memory, 2.5 times the time).
  // Every file is read, but none need be parsed: a rep file whose roster index
  // entry has its stamp gives the entry's ids; any other file (every one, on a
  // cold run) is searched as bytes for the candidates as words of the ids' form
  // (find_id_words), which finds them whatever its YAML or whether it parses at
  // all. Only a `\` escape could spell an id with other bytes: such a file is parsed.
  std::vector<uint32_t> sorted(candidates.begin(), candidates.end());
  std::sort(sorted.begin(), sorted.end());
  const auto among_candidates = [&](const std::vector<uint32_t>& ids, std::vector<uint32_t>& found) {
    for (const uint32_t id : ids) {
      if (std::binary_search(sorted.begin(), sorted.end(), id)) found.push_back(id);
    }
  };
  const auto reps = rep_files();
  std::vector<fs::path> files = reps;
  const auto teams = team_files();
  files.insert(files.end(), teams.begin(), teams.end());
  unmerged_files(); // asked once, before the threads read files
  const RepCache cache(private_dir() / "cache");
  const auto index = cache.load_roster_index();
  const EntriesByFile<const IndexedRosterEntry> by_file(index);
  std::vector<std::vector<uint32_t>> found(files.size()); // per file: the candidates it holds (seldom any)
  parallel_for(files.size(), [&](size_t i) {
    if (i < reps.size()) {
      const auto* indexed = by_file.find(files[i]); // a file the index lacks is not even stat'ed
      if (indexed && indexed->stamp == stamp_of(files[i])) {
        among_candidates(indexed->entry.record_ids, found[i]);
        among_candidates(indexed->entry.promise_ids, found[i]);
        return;
      }
    }
    thread_local std::string buffer;
    const auto bytes = read_file_into(files[i], buffer);
    if (!bytes) return; // not even readable as bytes: it holds no id anyone could be given
    found[i] = find_id_words(*bytes, candidates);
    if (bytes->find('\\') == std::string_view::npos) return;
    try {
      const RosterEntry entry = roster_entry_of(load_rep(files[i]));
      among_candidates(entry.record_ids, found[i]);
      among_candidates(entry.promise_ids, found[i]);
    } catch (const Error&) {
      // Unreadable: the words searched are all it holds that anyone could read as an id.
    }
  });
  std::vector<uint32_t> in_use;
  for (const uint32_t candidate : candidates) {
    const bool taken = std::any_of(found.begin(), found.end(), [&](const std::vector<uint32_t>& ids) {
      return std::find(ids.begin(), ids.end(), candidate) != ids.end();
    });
    if (taken && std::find(in_use.begin(), in_use.end(), candidate) == in_use.end()) in_use.push_back(candidate);
  }
  return in_use;
}

void DataDir::issue_ids(Record& record) const {
  const auto ids = fresh_record_ids(1 + record.promises.size(),
                                    [this](std::span<const uint32_t> drawn) { return ids_in_use(drawn); });
  record.id = unpack_record_id(ids[0]);
  for (size_t i = 0; i < record.promises.size(); ++i) record.promises[i].id = unpack_record_id(ids[i + 1]);
}

Record DataDir::append_record(const Rep& rep, Record record, const ChangeRecorder& recorder) const {
  auto held = lock();
  refuse_unmerged(rep.path); // before the ids are drawn from every file
  issue_ids(record);
  const auto append = [record](const YamlDocument& doc, Rep& expected, EditOf) {
    expected.records.push_back(record);
    return text_with_record_appended(doc, record);
  };
  edit_rep_file(rep, append, recorder, record);
  return record;
}

Promise DataDir::change_promise(const Rep& rep, const std::string& promise_id, const PromiseChange& change,
                                const ChangeRecorder& recorder) const {
  auto held = lock();
  Promise changed;
  const auto edit = [&changed, promise_id, change](const YamlDocument& doc, Rep& expected, EditOf of) {
    Promise* target = find_promise_in(expected, promise_id);
    if (of == EditOf::other_version && (!target || target->done || target->dropped)) {
      throw Error(ExitCode::data, fmt::format("{}: promise {} is not open there", doc.path, promise_id));
    }
    if (!target) {
      throw Error(ExitCode::not_found, fmt::format("{}: promise '{}' is no longer there", doc.path, promise_id));
    }
    if (target->done) {
      throw Error(ExitCode::exists,
                  fmt::format("promise {} was kept already, on {}", promise_id, target->done->pretty()));
    }
    if (target->dropped) {
      throw Error(ExitCode::exists,
                  fmt::format("promise {} was dropped already, on {}", promise_id, target->dropped->pretty()));
    }
    std::string new_text = text_with_promise_changed(doc, promise_id, change);
    apply_change(*target, change);
    if (of == EditOf::this_file) changed = *target;
    return new_text;
  };
  edit_rep_file(rep, edit, recorder);
  return changed;
}

Record DataDir::append_team_meeting(Record record, const std::string& team_name, const ChangeRecorder& recorder) const {
  auto held = lock();
  const fs::path path = team_path(static_cast<int>(record.date.ymd().year()));
  Rep team;
  team.path = display(path);
  if (stamp_of(path)) {
    refuse_unmerged(path); // before the ids are drawn from every file
    issue_ids(record);
    edit_rep_file(
        team,
        [record](const YamlDocument& doc, Rep& expected, EditOf) {
          expected.records.push_back(record);
          return text_with_record_appended(doc, record);
        },
        recorder, record);
    return record;
  }
  // The year's first meeting: the file is created with it, in one change and one commit.
  issue_ids(record);
  make_private_directory(team_dir());
  const std::string header = render_new_team_file(team_name);
  const std::string text = text_with_record_appended(parse_yaml(team.path, header), record);
  Rep expected = read_rep(parse_yaml(team.path, header));
  expected.records.push_back(record);
  verify_edit(team.path, text, expected);
  if (!create_file_exclusive(path, text, 0600)) {
    throw Error(ExitCode::io, fmt::format("{}: appeared while it was being created; run again", team.path));
  }
  if (recorder) recorder({FileChange{"team/" + path.filename().string(), "", true, {}}, record});
  return record;
}

Record DataDir::add_record_fields(const Rep& rep, const std::string& record_id, const RecordFields& fields,
                                  const std::function<void(const Record&)>& check,
                                  const ChangeRecorder& recorder) const {
  auto held = lock();
  Record changed;
  const auto edit = [&changed, &check, record_id, fields](const YamlDocument& doc, Rep& expected, EditOf of) {
    const auto target = std::find_if(expected.records.begin(), expected.records.end(),
                                     [&](const Record& r) { return r.id == record_id; });
    if (target == expected.records.end()) {
      throw Error(of == EditOf::this_file ? ExitCode::not_found : ExitCode::data,
                  fmt::format("{}: record '{}' is not there", doc.path, record_id));
    }
    try {
      check(*target);
    } catch (const Error& e) {
      if (of == EditOf::this_file) throw;
      throw Error(ExitCode::data, fmt::format("{}: {}", doc.path, e.what()));
    }
    std::string new_text = text_with_record_fields_added(doc, record_id, fields);
    for (const Field& field : fields.all()) target->fields.set(field.spec(), field.value);
    if (of == EditOf::this_file) changed = *target;
    return new_text;
  };
  edit_rep_file(rep, edit, recorder);
  return changed;
}

namespace {

// The results as compared: where each was read from is no part of them.
std::vector<SalesResult> results_without_lines(std::vector<SalesResult> reps) {
  for (auto& result : reps) result.line = 0;
  return reps;
}

// The new text of a results file, read back and compared with what it must hold.
std::string verified_results_text(const ResultsPeriod& period, std::string_view source, const std::string& path) {
  std::string text = render_results_file(period, source);
  const ResultsPeriod back = read_results_file(parse_yaml(path, text));
  if (back.label != period.label || results_without_lines(back.reps) != results_without_lines(period.reps)) {
    throw Error(ExitCode::internal, fmt::format("{}: refusing to write: the new text does not read back as the "
                                                "results imported",
                                                path));
  }
  return text;
}

// A file the import replaces: its new text, and its old one to put back if a later rename fails.
struct StagedResults {
  fs::path path;
  std::string text;
  std::optional<std::string> old_text; // none: the file did not exist
  fs::path staged;
  bool renamed = false;
};

// Undoes a failed import: every temporary file removed, every file renamed already put back.
void roll_back_results(const std::vector<StagedResults>& files) {
  std::error_code ignored;
  for (const auto& file : files) {
    if (!file.staged.empty()) fs::remove(file.staged, ignored);
    if (!file.renamed) continue;
    try {
      if (file.old_text) {
        write_file_atomic(file.path, *file.old_text);
      } else {
        fs::remove(file.path, ignored);
      }
    } catch (const std::exception&) {
      // Best effort: the error that stopped the import is the one reported.
    }
  }
}

// Writes every period or none: all staged first, then renamed, and undone on a failure.
std::vector<std::string> replace_results_files(std::vector<StagedResults>& files) {
  std::vector<std::string> written;
  try {
    for (auto& file : files) {
      file.staged = file.path.parent_path() /
                    fmt::format(".{}.tmp-import-{}", file.path.filename().string(), ::getpid());
      write_file_atomic(file.staged, file.text);
    }
    for (auto& file : files) {
      std::error_code ec;
      fs::rename(file.staged, file.path, ec);
      if (ec) throw Error(ExitCode::io, fmt::format("{}: cannot write: {}", display(file.path), ec.message()));
      file.renamed = true;
      written.push_back("results/" + file.path.filename().string());
    }
  } catch (...) {
    roll_back_results(files);
    throw;
  }
  return written;
}

} // namespace

std::vector<DataDir::ResultsChange>
DataDir::write_results(const std::vector<ResultsPeriod>& periods, std::string_view source, bool dry_run,
                       const std::function<void(const std::vector<std::string>&)>& written) const {
  auto held = lock();
  std::vector<ResultsChange> changes;
  std::vector<StagedResults> texts; // the files that change
  for (const auto& period : periods) {
    const fs::path path = results_dir() / (period.label + ".yaml");
    std::error_code ec;
    if (fs::is_symlink(path, ec)) {
      // The rename below would replace the link, not the file it points to.
      throw Error(ExitCode::io, fmt::format("{}: a symbolic link; coach does not write through one: replace it "
                                            "with the file itself",
                                            display(path)));
    }
    if (fs::exists(path, ec) && !fs::is_regular_file(path, ec)) {
      // Found before anything is written: the rename onto it would fail halfway through the periods.
      throw Error(ExitCode::io, fmt::format("{}: not a regular file; nothing was imported: move it out of the way "
                                            "and run again",
                                            display(path)));
    }
    std::optional<ResultsPeriod> before;
    std::optional<std::string> old_text;
    if (stamp_of(path)) {
      old_text = read_text_file(path, max_yaml_file_size);
      before = load_results_file(path, false); // one that cannot be read stops everything
    }
    ResultsChange change{period.label, describe_results_change(before ? &*before : nullptr, period),
                         "results/" + path.filename().string(), false};
    change.differs = !before || results_without_lines(before->reps) != results_without_lines(period.reps);
    if (change.differs) {
      texts.push_back({path, verified_results_text(period, source, display(path)), std::move(old_text), {}, false});
    }
    changes.push_back(std::move(change));
  }
  if (dry_run || texts.empty()) return changes;
  make_private_directory(results_dir());
  const std::vector<std::string> files = replace_results_files(texts);
  if (written) written(files);
  return changes;
}

std::string DataDir::remove_item(const Rep& rep, const std::string& id, bool dry_run,
                                 const ChangeRecorder& recorder) const {
  std::string removed;
  const auto edit = [&removed, id](const YamlDocument& doc, Rep& expected, EditOf of) {
    if (!remove_item_from(expected, id)) {
      throw Error(of == EditOf::this_file ? ExitCode::not_found : ExitCode::data,
                  fmt::format("{}: record or promise '{}' is not there", doc.path, id));
    }
    RemovedItem result = text_with_item_removed(doc, id);
    if (of == EditOf::this_file) removed = std::move(result.lines);
    return std::move(result.text);
  };
  if (!dry_run) {
    auto held = lock();
    edit_rep_file(rep, edit, recorder);
    return removed;
  }
  refuse_unmerged(rep.path);
  const YamlDocument doc = parse_yaml(rep.path, read_text_file(rep.path, max_yaml_file_size));
  Rep expected = read_rep(doc);
  verify_edit(rep.path, edit(doc, expected, EditOf::this_file), expected);
  return removed;
}

namespace {

// Refuses an id used twice in `rep`, or in another file's roster entry.
void refuse_taken_ids(const Rep& rep, const std::vector<RosterEntry>& others) {
  std::set<std::string> seen;
  const auto check = [&](const std::string& id, const Origin& origin, std::string_view what) {
    if (id.empty()) return;
    if (!seen.insert(id).second) {
      throw Error(ExitCode::data, place_message(rep.path, origin.place,
                                                fmt::format("{} id '{}' is used twice in this file", what, id)));
    }
    const auto packed = pack_record_id(id);
    for (const auto& entry : others) {
      const bool taken = packed ? std::find(entry.record_ids.begin(), entry.record_ids.end(), *packed) !=
                                          entry.record_ids.end() ||
                                      std::find(entry.promise_ids.begin(), entry.promise_ids.end(), *packed) !=
                                          entry.promise_ids.end()
                                : std::find(entry.other_promise_ids.begin(), entry.other_promise_ids.end(), id) !=
                                      entry.other_promise_ids.end();
      if (taken) {
        throw Error(ExitCode::data,
                    place_message(rep.path, origin.place,
                                  fmt::format("{} id '{}' is used in {} already; ids are unique in the directory, "
                                              "give it another",
                                              what, id, entry.path)));
      }
    }
  };
  for (const auto& record : rep.records) {
    check(record.id, record.origin, "record");
    for (const auto& promise : record.promises) check(promise.id, promise.origin, "promise");
  }
}

} // namespace

Rep DataDir::checked_rep_text(const Rep& rep, const std::string& text, const std::string& shown_path) const {
  const YamlDocument doc = parse_yaml(shown_path.empty() ? rep.path : shown_path, text);
  Rep edited = read_rep(doc);
  const std::string stem = fs::path(rep.path).stem().string();
  if (edited.id.empty()) edited.id = stem;
  if (edited.id != stem) {
    throw Error(ExitCode::data, place_message(doc.path, doc.root.find("id")->place,
                                              fmt::format("id '{}' does not match the file name '{}.yaml'; a rep's "
                                                          "id never changes (change the name with `name:`)",
                                                          edited.id, stem)));
  }
  std::vector<RosterEntry> others;
  std::vector<LoadFailure> unreadable; // their ids come from a raw scan: still taken
  for (auto& entry : load_roster(&unreadable)) {
    if (fs::path(entry.path).filename() != fs::path(rep.path).filename() || is_team_file_path(entry.path))
      others.push_back(std::move(entry));
  }
  refuse_taken_ids(edited, others);
  return edited;
}

void DataDir::replace_rep_file(const Rep& rep, const std::string& old_text, const std::string& new_text,
                               const ChangeRecorder& recorder) const {
  auto held = lock();
  refuse_unmerged(rep.path);
  if (read_text_file(rep.path, max_yaml_file_size) != old_text) {
    throw Error(ExitCode::aborted, fmt::format("{} changed while it was being edited (another command or "
                                               "a git pull); it was left as it is now",
                                               rep.path));
  }
  checked_rep_text(rep, new_text);
  write_file_atomic(rep.path, new_text);
  if (!recorder) return;
  // The commit holds the whole edit only over the text it began from.
  const auto redo = [old_text, new_text](const std::string& version, const std::string& version_text) {
    if (version_text != old_text) {
      throw Error(ExitCode::data, fmt::format("{} is not the text the edit began from", version));
    }
    return new_text;
  };
  recorder({FileChange{rep_file_in_dir(rep), old_text, false, redo}, std::nullopt});
}

void DataDir::archive_rep(const Rep& rep, Date date, const ChangeRecorder& recorder) const {
  auto held = lock();
  const auto archive = [date](const YamlDocument& doc, Rep& expected, EditOf of) {
    if (expected.archived) {
      throw of == EditOf::other_version ? Error(ExitCode::data, fmt::format("{}: archived there already", doc.path))
                                        : Error(ExitCode::exists, fmt::format("{} is archived already (since {})",
                                                                              expected.name, expected.archived->iso()));
    }
    expected.archived = date;
    return text_with_header_field(doc, "archived", date.iso());
  };
  edit_rep_file(rep, archive, recorder);
}

namespace {

// The record and promise ids of `rep` (those of the generated form) that `dir` uses already.
std::vector<std::string> ids_taken(const Rep& rep, const DataDir& dir) {
  std::vector<uint32_t> ids;
  for (const auto& record : rep.records) {
    if (const auto packed = pack_record_id(record.id)) ids.push_back(*packed);
    for (const auto& promise : record.promises) {
      if (const auto packed = pack_record_id(promise.id)) ids.push_back(*packed);
    }
  }
  std::vector<std::string> clashes;
  for (const uint32_t packed : dir.ids_in_use(ids)) clashes.push_back(unpack_record_id(packed));
  return clashes;
}

} // namespace

fs::path DataDir::move_rep(const Rep& rep, const DataDir& to, const ChangeRecorder& removed,
                           const ChangeRecorder& added) const {
  std::error_code ec;
  if (fs::equivalent(m_root, to.root(), ec)) {
    throw Error(ExitCode::usage, fmt::format("--to: {} is this data directory", display(to.root())));
  }
  // Both locks, always in the same order, so that two moves the other way round cannot wait on each other.
  const bool here_first = fs::weakly_canonical(m_root, ec) < fs::weakly_canonical(to.root(), ec);
  const DirectoryLock first(here_first ? m_root : to.root());
  const DirectoryLock second(here_first ? to.root() : m_root);
  // Read again under the locks: another command may have written since.
  refuse_unmerged(rep.path);
  const std::string text = read_text_file(rep.path, max_yaml_file_size);
  const Rep current = read_rep(parse_yaml(rep.path, text));
  const fs::path target = to.rep_path(fs::path(rep.path).stem().string()); // the same file name
  if (fs::exists(fs::symlink_status(target, ec))) {
    throw Error(ExitCode::exists, fmt::format("{} has a rep '{}' already ({}); nothing moved", display(to.root()),
                                              rep.id, display(target)));
  }
  if (const auto clashes = ids_taken(current, to); !clashes.empty()) {
    throw Error(ExitCode::exists,
                fmt::format("{} uses the id{} {} of {}'s records and promises already; nothing moved (ids must be "
                            "unique in a data directory: change them in one of the files by hand)",
                            display(to.root()), clashes.size() == 1 ? "" : "s", join(clashes, ", "), current.name));
  }
  make_private_directory(to.reps_dir());
  if (!create_file_exclusive(target, text, 0600)) {
    throw Error(ExitCode::exists, fmt::format("{} appeared while moving; nothing moved", display(target)));
  }
  if (!fs::remove(rep.path, ec) || ec) {
    // Never two copies: the new one goes again, and the rep stays here.
    std::error_code ignored;
    fs::remove(target, ignored);
    throw Error(ExitCode::io,
                fmt::format("{}: cannot remove it ({}); nothing moved", rep.path, ec ? ec.message() : "it is gone"));
  }
  if (added) added({FileChange{"reps/" + target.filename().string(), "", true, {}}, std::nullopt});
  if (removed) removed({FileChange{rep_file_in_dir(rep), text, false, {}}, std::nullopt});
  return target;
}

RepChange DataDir::set_rep(const Rep& rep, const RepChange& change, const ChangeRecorder& recorder) const {
  auto held = lock();
  RepChange made;
  const auto set = [&change, &made](const YamlDocument& doc, Rep& expected, EditOf of) {
    const RepChange effective = effective_change(expected, change);
    if (of == EditOf::this_file) made = effective;
    apply_rep_change(expected, effective);
    return text_with_rep_changed(doc, effective);
  };
  // Nothing to change against the file as it is now: nothing written, nothing committed.
  if (effective_change(load_rep_file(rep.path), change).empty()) return {};
  edit_rep_file(rep, set, recorder);
  return made;
}

} // namespace coach
