#pragma once

#include <string_view>
#include <vector>

#include <coach/model.hpp>

namespace coach {

/// Finds the rep a user means by REP: an exact id, else a unique id prefix,
/// else a unique part of a name (case-insensitive). Active reps are preferred
/// over archived ones when both match. Throws coach::Error (not_found) for an
/// unknown or ambiguous REP, listing the candidates.
const Rep& resolve_rep(const std::vector<Rep>& reps, std::string_view query);

} // namespace coach
