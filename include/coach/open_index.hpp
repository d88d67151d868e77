#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <coach/model.hpp>
#include <coach/rep_cache.hpp>

namespace coach {

/// What `coach followups` lists of a rep file, without the history: the rep's
/// id, name and archive date, and of its records only those holding an open
/// promise (kind, id, date, the open promises whole, no fields) or being an
/// open joint call (whole, its promises open ones only). The open promises,
/// their order and the open joint calls are those of the whole rep, so the
/// listing of open items made from it is the same, byte for byte.
Rep open_view_of(const Rep& rep);

/// One rep file in the open-promise index: its file name, the stamp it had and its open view.
struct IndexedOpenView {
  std::string file;
  FileStamp stamp;
  Rep view;
};

/// The open-promise index (`open` in the cache folder `folder`): the open view
/// of every rep file in one file, so that warm `followups` reads it and stats
/// the files instead of reading every history. Derived data like the rest of
/// the cache: the caller uses an entry only when the file's stamp matches.
/// Empty when missing, truncated, corrupt or of another format.
std::vector<IndexedOpenView> load_open_index(const std::filesystem::path& folder);
/// Replaces the index (atomically; best effort, a read-only directory just
/// has none), leaving out entries of files too recent to cache.
void store_open_index(const std::filesystem::path& folder, const std::vector<IndexedOpenView>& entries);

/// The index's bytes (exposed for tests); parsing gives nullopt for anything
/// but a whole index of this format.
std::string serialize_open_index(const std::vector<IndexedOpenView>& entries);
std::optional<std::vector<IndexedOpenView>> deserialize_open_index(std::string_view data);

} // namespace coach
