#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <coach/audit.hpp>
#include <coach/files.hpp>
#include <coach/model.hpp>
#include <coach/rep_cache.hpp>

namespace coach {

/// An open promise as `coach followups` lists it. Its text is viewed, not
/// copied: it points into the open-promise index's mapping or into a Rep
/// that outlives it.
struct OpenPromise {
  std::string_view id;
  Owner owner = Owner::manager;
  std::string_view text;
  std::optional<Date> due;
  std::optional<Date> first_due;
  std::string_view note;
  std::string_view reason;
  std::string_view record_kind; // the record that holds it
  std::string_view record_id;
  Date record_date;
  bool operator==(const OpenPromise&) const = default;
};

/// A joint call waiting for its feedback: an open item of the manager's.
struct OpenCall {
  std::string_view id;
  Date date;
  std::string_view account; // empty when it has none
  bool operator==(const OpenCall&) const = default;
};

/// What `coach followups` lists of a rep file: the rep's id, name and archive
/// date, its open promises in file order and its open joint calls in
/// open_joint_calls' order, so that the listing made from it is the one made
/// from the whole rep, byte for byte.
struct OpenFile {
  std::string_view id;
  std::string_view name;
  std::optional<Date> archived;
  std::vector<OpenPromise> promises;
  std::vector<OpenCall> calls;
  bool operator==(const OpenFile&) const = default;
};

/// The open items of `rep`, viewing its strings (`rep` must outlive the result).
OpenFile open_file_of(const Rep& rep);
/// `promise` of `record` as an open promise, viewing them.
OpenPromise open_promise_of(const Record& record, const Promise& promise);

/// One rep file in the open-promise index: its file name, the stamp it had and its open items.
struct IndexedOpenFile {
  std::string_view file;
  FileStamp stamp;
  OpenFile open;
};

/// The open-promise index (`open` in the cache folder `folder`): the open
/// items of every rep file in one file, so that warm `followups` maps it and
/// stats the files instead of reading every history. Its entries view the
/// mapping, which lives as long as the OpenIndex. Derived data like the rest
/// of the cache: the caller uses an entry only when the file's stamp matches.
/// Empty when missing, truncated, corrupt or of another format.
class OpenIndex {
public:
  explicit OpenIndex(const std::filesystem::path& folder);
  OpenIndex(const OpenIndex&) = delete;
  OpenIndex& operator=(const OpenIndex&) = delete;
  const std::vector<IndexedOpenFile>& entries() const { return m_entries; }

private:
  MappedFile m_file;
  std::vector<IndexedOpenFile> m_entries;
};

/// The open items of a data directory's rep files (load_open_items)
/// with what they view: the index's mapping, and the reps read because their
/// entry was missing or stale.
struct OpenItems {
  /// A file read because its entry was missing or stale: its open items
  /// packed as its index entry would hold them, so that its Rep is freed at
  /// once (a cold run holds open items, not every history).
  struct Parsed {
    explicit Parsed(const OpenFile& items); // `items` may view a Rep that goes afterwards
    std::string bytes;
    OpenFile open; // views `bytes`
  };
  std::vector<const OpenFile*> files; // the readable rep files', in file order
  std::unique_ptr<const OpenIndex> index;
  std::vector<std::unique_ptr<const Parsed>> parsed;
};

class DataDir; // data_dir.hpp

/// The open items (open_file_of) of every rep file of `dir`, sorted by id as
/// load_reps is, through the open-promise index: a file whose stamp matches
/// its entry is not read, its items view the index's mapping; the others are
/// read through the cache and the index rewritten. While git lists unmerged
/// files, every file is read (so that those are refused, as load_reps does).
/// Unreadable files as in load_reps.
OpenItems load_open_items(const DataDir& dir, std::vector<LoadFailure>* failures = nullptr);

/// Replaces the index (atomically; best effort, a read-only directory just
/// has none), leaving out entries of files too recent to cache.
void store_open_index(const std::filesystem::path& folder, const std::vector<IndexedOpenFile>& entries);

/// The index's bytes (exposed for tests); parsing gives nullopt for anything
/// but a whole index of this format, and entries that view `data`.
std::string serialize_open_index(const std::vector<IndexedOpenFile>& entries);
std::optional<std::vector<IndexedOpenFile>> deserialize_open_index(std::string_view data);

} // namespace coach
