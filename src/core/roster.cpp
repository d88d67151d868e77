#include <coach/roster.hpp>

#include <algorithm>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/ids.hpp>
#include <coach/text.hpp>

namespace coach {

namespace {

std::string describe(const std::vector<const Rep*>& reps, size_t limit) {
  std::string out;
  for (size_t i = 0; i < reps.size() && i < limit; ++i) {
    // No name: a file that cannot be read (see DataDir::load_roster).
    out += fmt::format("{}{} ({})", i == 0 ? "" : ", ", reps[i]->id,
                       reps[i]->name.empty() ? "unreadable" : reps[i]->name);
  }
  if (reps.size() > limit) out += fmt::format(", and {} more", reps.size() - limit);
  return out;
}

// Prefers active reps: archived ones count only when no active rep matches.
// The most edits a query of `length` letters may be from a rep's id, name or
// word of the name to be suggested.
size_t close_enough(size_t length) {
  return length <= 4 ? 1 : std::max<size_t>(2, length / 3);
}

std::vector<const Rep*> prefer_active(std::vector<const Rep*> matches) {
  std::vector<const Rep*> active;
  std::copy_if(matches.begin(), matches.end(), std::back_inserter(active),
               [](const Rep* rep) { return !rep->is_archived(); });
  return active.empty() ? matches : active;
}

} // namespace

const Rep& resolve_rep(const std::vector<Rep>& reps, std::string_view raw_query) {
  const std::string_view query = trim(raw_query);
  if (query.empty()) {
    throw Error(ExitCode::usage, "REP is empty: give an id, the start of one, or part of a name");
  }
  for (const auto& rep : reps) {
    if (rep.id == query) return rep;
  }
  const std::string lower = to_lower(query);
  std::vector<const Rep*> matches;
  for (const auto& rep : reps) {
    if (starts_with(rep.id, lower)) matches.push_back(&rep);
  }
  if (matches.empty()) {
    const std::string folded = fold_for_search(query);
    for (const auto& rep : reps) {
      if (fold_for_search(rep.name).find(folded) != std::string::npos) matches.push_back(&rep);
    }
  }
  matches = prefer_active(std::move(matches));
  if (matches.size() == 1) {
    return *matches.front();
  }
  if (matches.size() > 1) {
    throw Error(ExitCode::not_found, fmt::format("rep '{}' is ambiguous: it matches {}", query, describe(matches, 8)));
  }
  // Unknown: suggest the closest ids and names.
  // Closest: by edit distance to the id, the name or a word of the name, and only when close:
  // one edit for a query of up to 4 letters ("zed" is not close to "reed"), a third of it above.
  const std::string folded = fold_for_search(query);
  std::vector<std::pair<size_t, const Rep*>> scored;
  for (const auto& rep : reps) {
    size_t best = edit_distance(folded, rep.id);
    const std::string name = fold_for_search(rep.name);
    best = std::min(best, edit_distance(folded, name));
    size_t start = 0;
    while (start <= name.size()) {
      const size_t end = std::min(name.find(' ', start), name.size());
      best = std::min(best, edit_distance(folded, name.substr(start, end - start)));
      start = end + 1;
    }
    if (best <= close_enough(folded.size())) scored.emplace_back(best, &rep);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const Rep*> closest;
  for (const auto& [score, rep] : scored) {
    if (closest.size() == 5) break;
    closest.push_back(rep);
  }
  if (closest.empty() && !reps.empty()) {
    std::vector<const Rep*> all;
    for (const auto& rep : reps) all.push_back(&rep);
    throw Error(ExitCode::not_found, fmt::format("no rep '{}'; the reps are {}", query, describe(all, 8)));
  }
  if (closest.empty()) {
    throw Error(ExitCode::not_found,
                fmt::format("no rep '{}': this directory has no reps yet; add one with `coach rep add NAME`", query));
  }
  throw Error(ExitCode::not_found, fmt::format("no rep '{}'; closest: {}", query, describe(closest, 5)));
}

} // namespace coach
