#pragma once

#include <optional>
#include <string>

namespace coach {

/// Merges three versions of one rep file record by record, as git's merge
/// driver: records added on either side are all kept (each once), promises
/// closed or moved on one side take that change, an `archived:` line added on
/// one side is kept. The result starts from `ours`, so our comments and layout
/// stay, and is checked to parse and to hold every record of both sides.
/// Returns nullopt for a true conflict (both sides changed the same promise
/// differently, or anything else this merge does not understand), which the
/// caller leaves to git's line merge and its conflict markers.
std::optional<std::string> merge_rep_files(const std::string& base, const std::string& ours, const std::string& theirs,
                                           const std::string& path);

} // namespace coach
