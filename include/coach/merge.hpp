#pragma once

#include <optional>
#include <string>
#include <vector>

namespace coach {

/// A three-way merge of lines (diff3): lines changed on one side only take
/// that side's change, the same change on both sides is taken once. Returns
/// nullopt when both sides changed the same or adjacent lines differently.
std::optional<std::string> merge_lines(const std::string& base, const std::string& ours, const std::string& theirs);

/// What merge_rep_files made of three versions of a rep file.
struct RepMerge {
  enum class Outcome {
    merged,    // `text` is the merged file, checked to read back
    conflict,  // `text` holds conflict markers around the parts in `conflicts` alone
    not_split, // the versions could not be split into records alike; `why` says why
  };
  Outcome outcome = Outcome::not_split;
  std::string text;
  std::vector<std::string> conflicts; // "record q4kx7m", "the rep's details", ...
  std::string why;
};

/// Merges three versions of one rep file as git's merge driver, on their
/// text: each version is split into the part before its first record, one
/// part per record (matched by id) and the part after the records; each part
/// is merged three-way (taken from the side that changed it, or line-merged
/// when both did), so comments, blank lines and keys coach does not know are
/// carried from the side that wrote them. Records added on either side are
/// all kept, ours first, then theirs in their order. A part that both sides
/// changed in the same lines, a record changed on one side and deleted on the
/// other, or one new id with two texts, is written between conflict markers
/// (`marker_size` characters, labels `ours` and `theirs`), alone; everything
/// else is merged around it. A clean result is parsed and checked to hold
/// every record both sides kept. Never throws for what the files hold.
RepMerge merge_rep_files(const std::string& base, const std::string& ours, const std::string& theirs,
                         const std::string& path, int marker_size = 7);

} // namespace coach
