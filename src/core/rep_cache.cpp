#include <coach/rep_cache.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <mutex>
#include <set>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <coach/audit.hpp>
#include <coach/error.hpp>
#include <coach/files.hpp>
#include <coach/ids.hpp>
#include <coach/team_file.hpp>

#include "cache_file.hpp"

namespace coach {

namespace fs = std::filesystem;

namespace {

// The format's own version, and the record schema's fingerprint: a change of
// any kind's fields makes every old entry unreadable by itself.
constexpr std::string_view format_version = "coach-rep-cache 6"; // 6: where skill keys are

const std::string& magic_text() {
  static const std::string text = std::string(format_version) + " " + std::to_string(schema_fingerprint()) + "\n";
  return text;
}

// The cache's binary format is written by Writer and read by Reader through
// the same transfer functions below (transfer_rep and its parts), so the two
// sides cannot drift apart: each `io.io(x)` writes x, or reads it into x.
class Writer : public BinaryWriter {
public:
  using BinaryWriter::BinaryWriter;
  void io(const std::string& s) { str(s); }
  void io(const std::vector<std::string>& v) { strings(v); }
  void io(int n) { i64(n); }
  void io(bool b) { u64(b ? 1 : 0); }
  void io(Date d) { date(d); }
  void io(const std::vector<SkillRating>& v) {
    u64(v.size());
    for (const auto& r : v) all(r.skill, r.rating, r.line, r.column);
  }
  void io(const std::vector<SkillText>& v) {
    u64(v.size());
    for (const auto& t : v) all(t.skill, t.text, t.line, t.column);
  }
  void io(const std::map<std::string, int>& m) {
    u64(m.size());
    for (const auto& [key, n] : m) all(key, n);
  }
  void io(const std::optional<Date>& d) { opt_date(d); }
  void io(const std::optional<int>& n) {
    u64(n ? 1 : 0);
    i64(n.value_or(0));
  }
  void io(Owner owner) { u64(owner == Owner::manager ? 0 : 1); }
  void io(const Origin& o) {
    u64(static_cast<uint64_t>(o.place.line));
    u64(static_cast<uint64_t>(o.place.column));
    u64(o.place.offset);
  }
  template <class... T>
  void all(const T&... values) {
    (io(values), ...);
  }
  template <class T, class Each>
  void list(const std::vector<T>& items, Each&& each) {
    u64(items.size());
    for (const auto& item : items) each(item);
  }
  void fields(const KindSpec* kind, const RecordFields& fields) {
    u64(fields.all().size());
    for (const Field& f : fields.all()) {
      u64(static_cast<uint64_t>(&f.spec() - kind->fields.data())); // a field is there only for a known kind
      std::visit([&](const auto& value) { io(value); }, f.value);
    }
  }
};

class Reader : public BinaryReader {
public:
  explicit Reader(std::string_view data) : BinaryReader(data) {}

  void io(std::string& s) { s = str(); }
  void io(std::vector<std::string>& v) { v = strings(); }
  void io(int& n) { n = static_cast<int>(i64()); }
  void io(bool& b) { b = u64() != 0; }
  void io(Date& d) { d = date(); }
  template <class Item>
  void io(std::vector<Item>& v) { // SkillRating, SkillText
    v.resize(count());
    for (auto& item : v) {
      if (!ok()) break;
      if constexpr (std::is_same_v<Item, SkillRating>) all(item.skill, item.rating, item.line, item.column);
      else all(item.skill, item.text, item.line, item.column);
    }
  }
  void io(std::map<std::string, int>& m) {
    const uint64_t n = count();
    for (uint64_t i = 0; i < n && ok(); ++i) {
      std::string key = str();
      m[key] = static_cast<int>(i64());
    }
  }
  void io(std::optional<Date>& d) { d = opt_date(); }
  void io(std::optional<int>& n) {
    const bool has = u64() != 0;
    const int value = static_cast<int>(i64());
    n = has ? std::optional<int>(value) : std::nullopt;
  }
  void io(Owner& owner) { owner = u64() == 0 ? Owner::manager : Owner::rep; }
  void io(Origin& o) {
    o.place.line = static_cast<int>(u64());
    o.place.column = static_cast<int>(u64());
    o.place.offset = u64();
  }
  template <class... T>
  void all(T&... values) {
    (io(values), ...);
  }
  template <class T, class Each>
  void list(std::vector<T>& items, Each&& each) {
    items.resize(count());
    for (auto& item : items) {
      if (!ok()) break;
      each(item);
    }
  }
  void fields(const KindSpec* kind, RecordFields& fields) {
    const uint64_t n = count();
    for (uint64_t i = 0; i < n && ok(); ++i) {
      const uint64_t index = u64();
      if (!kind || index >= kind->fields.size() || kind->fields[index].type == FieldType::promises) {
        fail();
        break;
      }
      const FieldSpec& spec = kind->fields[index];
      FieldValue value = empty_value(spec.type);
      std::visit([&](auto& v) { io(v); }, value);
      fields.set(spec, std::move(value));
    }
  }
};

// Each transfer_* writes (Io = Writer, const T) or reads (Io = Reader) one value, in one order.
template <class Io, class Keys>
void transfer_unknown(Io& io, Keys& keys) {
  io.list(keys, [&](auto& key) { io.all(key.name, key.value, key.origin); });
}

template <class Io, class P>
void transfer_promise(Io& io, P& p) {
  io.all(p.id, p.owner, p.text, p.due, p.first_due, p.done, p.dropped, p.reason, p.note, p.rep, p.goal);
  transfer_unknown(io, p.unknown_keys);
  io.io(p.origin);
}

template <class Io, class R>
void transfer_record(Io& io, R& r) {
  io.all(r.kind, r.id, r.date);
  io.fields(r.spec(), r.fields); // after the kind: its table says what the fields are
  transfer_unknown(io, r.unknown_keys);
  io.io(r.origin);
  io.list(r.promises, [&](auto& p) { transfer_promise(io, p); });
}

template <class Io, class R>
void transfer_rep(Io& io, R& rep) {
  io.all(rep.id, rep.name, rep.role, rep.start, rep.tags, rep.cadence, rep.activity_cadence, rep.archived);
  io.list(rep.away, [&](auto& period) {
    io.all(period.from, period.to, period.reason);
    transfer_unknown(io, period.unknown_keys);
    io.io(period.origin);
  });
  transfer_unknown(io, rep.unknown_keys);
  io.all(rep.path, rep.origin);
  io.list(rep.records, [&](auto& r) { transfer_record(io, r); });
}

} // namespace

std::string serialize_rep(const Rep& rep) {
  Writer w;
  transfer_rep(w, rep);
  return w.take();
}

std::optional<Rep> deserialize_rep(std::string_view data) {
  Reader r(data);
  Rep rep;
  transfer_rep(r, rep);
  if (!r.ok() || !r.at_end()) return std::nullopt;
  return rep;
}

int64_t wall_clock_ns() {
  struct timespec now {};
  ::clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<int64_t>(now.tv_sec) * 1'000'000'000LL + now.tv_nsec;
}

bool file_too_recent_to_cache(const FileStamp& stamp, int64_t now_ns) {
  // The kernel stamps files from its coarse clock, which moves once a tick
  // (1-10 ms, `clock_getres(CLOCK_REALTIME_COARSE)`) and lags the fine clock
  // by up to a tick: a change made later than a tick after the stamp gets
  // another stamp. 20 ms is two ticks at the slowest tick (HZ=100), yet
  // shorter than the start of the next command, so a cloned or touched file
  // is cached by the first command after it. ctime counts as well as mtime:
  // `touch -d` or a restored mtime leaves mtime old, ctime is always the
  // change's own time.
  constexpr int64_t fine_granularity_ns = 20'000'000LL;
  // A file system that keeps whole seconds (FAT keeps 2 s, some network file
  // systems 1 s) stamps every change in the same second alike.
  constexpr int64_t coarse_granularity_ns = 2'000'000'000LL;
  const auto whole_second = [](int64_t ns) { return ns % 1'000'000'000LL == 0; };
  const int64_t granularity = whole_second(stamp.mtime_ns) && whole_second(stamp.ctime_ns) ? coarse_granularity_ns
                                                                                           : fine_granularity_ns;
  // A stamp in the future (a clock set back, a file from another machine) is too recent as well.
  return now_ns - stamp.mtime_ns < granularity || now_ns - stamp.ctime_ns < granularity;
}

bool file_too_recent_to_cache(const FileStamp& stamp) {
  return file_too_recent_to_cache(stamp, wall_clock_ns());
}

std::optional<FileStamp> stamp_of(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  FileStamp stamp;
  stamp.size = static_cast<uint64_t>(info.st_size);
  stamp.mtime_ns = static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
  stamp.ctime_ns = static_cast<int64_t>(info.st_ctim.tv_sec) * 1000000000 + info.st_ctim.tv_nsec;
  stamp.inode = info.st_ino;
  stamp.device = info.st_dev;
  return stamp;
}

fs::path RepCache::entry_path(const fs::path& file) const {
  // A team file's entry has a name no rep file's can have ('.' is not in rep ids).
  return m_folder / ((is_team_file_path(file.generic_string()) ? "team." : "") + file.filename().string() + ".cache");
}

RosterEntry roster_entry_of(const Rep& rep) {
  RosterEntry entry;
  const Rep* one[] = {&rep};
  entry.activity_starts = activity_starts(one);
  entry.id = rep.id;
  entry.name = rep.name;
  entry.archived = rep.archived;
  entry.path = rep.path;
  for (const auto& record : rep.records) {
    if (!entry.first_record || record.date < *entry.first_record) entry.first_record = record.date;
    if (const auto packed = pack_record_id(record.id)) entry.record_ids.push_back(*packed);
    for (const auto& promise : record.promises) {
      if (const auto packed = pack_record_id(promise.id)) {
        entry.promise_ids.push_back(*packed);
      } else {
        entry.other_promise_ids.push_back(promise.id);
      }
    }
  }
  return entry;
}

const std::string& rep_cache_format() {
  return magic_text();
}

namespace {

constexpr std::string_view index_magic = "coach-roster-index 3\n"; // 2: activity starts, 3: first record

void write_entry(Writer& w, const RosterEntry& entry) {
  w.str(entry.id);
  w.str(entry.name);
  w.opt_date(entry.archived);
  w.u32s(entry.record_ids);
  w.u32s(entry.promise_ids);
  w.strings(entry.other_promise_ids);
  w.u64(entry.activity_starts.size());
  for (const auto& [kind, day] : entry.activity_starts) {
    w.str(kind);
    w.date(day);
  }
  w.opt_date(entry.first_record);
}

RosterEntry read_entry_fields(Reader& r) {
  RosterEntry entry;
  entry.id = r.str();
  entry.name = r.str();
  entry.archived = r.opt_date();
  entry.record_ids = r.u32s();
  entry.promise_ids = r.u32s();
  entry.other_promise_ids = r.strings();
  for (uint64_t i = 0, n = r.count(); i < n && r.ok(); ++i) {
    std::string kind = r.str();
    entry.activity_starts[kind] = r.date();
  }
  entry.first_record = r.opt_date();
  return entry;
}

// The cache folders this process has made or found: a cold read stores
// thousands of entries from two threads, and asking for the folder at each
// one cost two stats per entry. Forgotten when a write into it fails (the
// folder may have been deleted meanwhile), so the next store makes it again.
std::mutex made_folders_mutex;
std::set<fs::path> made_folders;

void forget_cache_folder(const fs::path& folder) {
  const std::lock_guard lock(made_folders_mutex);
  made_folders.erase(folder);
}

// Makes the cache folder (and .coach/ above it, which a fresh clone lacks),
// once per process; false when it cannot.
bool make_cache_folder(const fs::path& folder) {
  const std::lock_guard lock(made_folders_mutex);
  if (made_folders.contains(folder)) return true;
  try {
    make_private_directory(folder.parent_path());
    make_private_directory(folder);
  } catch (const Error&) {
    return false; // e.g. a read-only directory
  }
  made_folders.insert(folder);
  return true;
}

// A cache file's payload when it is for this version of the file, else an
// empty view (into `data`).
std::string_view entry_payload(std::string_view data, const FileStamp& stamp) {
  const std::string& magic = magic_text();
  if (data.size() < magic.size() + sizeof(FileStamp) || data.substr(0, magic.size()) != magic) return {};
  FileStamp cached;
  std::memcpy(&cached, data.data() + magic.size(), sizeof cached);
  if (!(cached == stamp)) return {};
  return data.substr(magic.size() + sizeof cached);
}

} // namespace

// A write that fails may have found the folder deleted since it was made: it is made again, once.
void write_cache_file(const fs::path& folder, const fs::path& path, std::string_view content) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!make_cache_folder(folder)) return;
    try {
      write_file_atomic(path, content, 0600, false);
      return;
    } catch (const Error&) {
      forget_cache_folder(folder); // no cache, no harm: the next command parses the file again
    }
  }
}

std::optional<Rep> RepCache::load(const fs::path& file, const FileStamp& stamp) const {
  // Read into a buffer each thread keeps, not mapped: a mapping per file cost a page fault per page and, on
  // unmapping with two threads, a TLB flush of both cores (a warm report at 2,000 reps: 9,000 page faults to
  // 1,000, about a tenth of its time on a VM).
  thread_local std::string buffer;
  const auto bytes = read_file_into(entry_path(file), buffer);
  if (!bytes) return std::nullopt;
  const std::string_view payload = entry_payload(*bytes, stamp);
  if (payload.empty()) return std::nullopt;
  return deserialize_rep(payload);
}

void RepCache::store(const fs::path& file, const FileStamp& stamp, const Rep& rep) const {
  if (file_too_recent_to_cache(stamp)) return;
  Writer w; // the header and the rep in one string, not a copy of the rep's bytes appended
  w.raw(magic_text());
  w.raw(std::string_view(reinterpret_cast<const char*>(&stamp), sizeof stamp));
  transfer_rep(w, rep);
  write_cache_file(m_folder, entry_path(file), w.take());
}

std::vector<IndexedRosterEntry> RepCache::load_roster_index() const {
  // Replaced only by rename, so the mapped file never changes under us.
  const MappedFile file(m_folder / "roster");
  const std::string_view data = file.view();
  if (data.substr(0, index_magic.size()) != index_magic) return {};
  Reader r(data.substr(index_magic.size()));
  std::vector<IndexedRosterEntry> entries(r.count(96)); // file, stamp and the entry's fields: 96 bytes at least
  for (auto& e : entries) {
    e.file = r.str();
    e.stamp.size = r.u64();
    e.stamp.mtime_ns = r.i64();
    e.stamp.ctime_ns = r.i64();
    e.stamp.inode = r.u64();
    e.stamp.device = r.u64();
    e.entry = read_entry_fields(r);
  }
  if (!r.ok() || !r.at_end()) return {};
  return entries;
}

void RepCache::store_roster_index(const std::vector<IndexedRosterEntry>& entries) const {
  const std::string index = written_index<Writer>(
      index_magic, entries, [](const IndexedRosterEntry& e) { return !file_too_recent_to_cache(e.stamp); },
      [](Writer& w, const IndexedRosterEntry& e) { write_entry(w, e.entry); });
  write_cache_file(m_folder, m_folder / "roster", index); // without it, the next command reads the entries one by one
}

} // namespace coach
