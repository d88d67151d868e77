#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <coach/model.hpp>

namespace coach {

/// What identifies one version of a file, as git's index does: if any of
/// these differ, the file changed.
struct FileStamp {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  int64_t ctime_ns = 0;
  uint64_t inode = 0;
  uint64_t device = 0;
  bool operator==(const FileStamp&) const = default;
};

/// The stamp of `path` (following a symlink), or nullopt when it cannot be read.
std::optional<FileStamp> stamp_of(const std::filesystem::path& path);

/// The wall clock (CLOCK_REALTIME) at full resolution, in nanoseconds since 1970.
int64_t wall_clock_ns();

/// Whether a file's mtime or ctime is within the file system's timestamp
/// granularity of `now_ns` (20 ms; 2 s when both are whole seconds, as on a
/// coarse file system), or in the future: a change made now could then get
/// the same stamp, so the stamp cannot yet be trusted to tell versions apart.
bool file_too_recent_to_cache(const FileStamp& stamp, int64_t now_ns);
/// The same, now.
bool file_too_recent_to_cache(const FileStamp& stamp);

/// The light view of a rep file: enough to find a rep or a promise without
/// reading every file in full.
struct RosterEntry {
  std::string id;
  std::string name;
  std::optional<Date> archived;
  std::string path;
  /// Ids of the generated form, packed (pack_record_id), so the roster of a
  /// whole organization loads in a few milliseconds rather than as 300,000
  /// strings. Hand-written promise ids of any other form are kept as text;
  /// other record ids are left out (they can never collide with a new id).
  std::vector<uint32_t> record_ids;
  std::vector<uint32_t> promise_ids;
  std::vector<std::string> other_promise_ids;
  /// The date of the file's first held record of each activity but the 1:1
  /// (activity_starts), so that prep learns when the team began each one
  /// without reading every file.
  std::map<std::string, Date, std::less<>> activity_starts;
  /// The earliest date of any record in the file (settle_since), so that a
  /// report learns the team's tracking start before it reads a rep.
  std::optional<Date> first_record;
  bool operator==(const RosterEntry&) const = default;
};
RosterEntry roster_entry_of(const Rep& rep);

/// One rep file in the roster index: its file name, the stamp it had and its entry.
struct IndexedRosterEntry {
  std::string file;
  FileStamp stamp;
  RosterEntry entry;
};

/// A cache of parsed rep files under `.coach/cache/`: derived data, never a
/// source of truth. An entry is used only when the file's stamp matches
/// exactly; a missing, stale, truncated or corrupt entry is ignored and the
/// file parsed again. Entries are written atomically, so concurrent commands
/// see an old entry or a new one, never half of one. A file changed within
/// the file system's timestamp granularity (file_too_recent_to_cache) is not
/// cached, so an edit in the same tick is never mistaken for the cached version.
class RepCache {
public:
  explicit RepCache(std::filesystem::path folder) : m_folder(std::move(folder)) {}

  /// The cached rep for `file`, if its entry matches `stamp`.
  std::optional<Rep> load(const std::filesystem::path& file, const FileStamp& stamp) const;
  /// Stores `rep` for `file` at `stamp`; best effort
  /// (a read-only directory just has no cache).
  void store(const std::filesystem::path& file, const FileStamp& stamp, const Rep& rep) const;

  /// The roster index (`roster` in the folder): the roster entries of all rep
  /// files in one file, so that finding a rep or checking ids at the scale of a
  /// sales organization reads one file instead of one per rep. The caller uses
  /// an entry only when the file's stamp matches. Empty when missing or corrupt.
  std::vector<IndexedRosterEntry> load_roster_index() const;
  /// Replaces the index (atomically; best effort), leaving out entries of files
  /// too recent to cache.
  void store_roster_index(const std::vector<IndexedRosterEntry>& entries) const;

private:
  std::filesystem::path entry_path(const std::filesystem::path& file) const;
  std::filesystem::path m_folder;
};

/// The serialized form of a rep (exposed for tests).
std::string serialize_rep(const Rep& rep);
std::optional<Rep> deserialize_rep(std::string_view data);
/// The first line of every cache entry: the format's version and the schema's
/// fingerprint. Other files holding serialize_rep's bytes (the open-promise
/// index) begin with it too, so that they are ignored whenever entries are.
const std::string& rep_cache_format();

} // namespace coach
