#include <coach/removal.hpp>

#include <algorithm>
#include <string>
#include <utility>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/text.hpp>

namespace coach {

namespace {

// An id a mistyped one probably meant: 1 or 2 letters off (ids are 6 random characters).
constexpr size_t max_typo_distance = 2;

std::string described(const ItemRef& ref) {
  const std::string& id = ref.promise ? ref.promise->id : ref.record->id;
  return fmt::format("{} ({} of {}, {})", id, ref.promise ? "promise" : ref.record->kind, ref.file->name,
                     ref.record->date.iso());
}

} // namespace

ItemRef find_item(const std::vector<Rep>& files, std::string_view raw_id) {
  const std::string id = to_lower(trim(raw_id));
  if (id.empty()) throw Error(ExitCode::usage, "ID is empty: give the id of a record or a promise");
  std::vector<ItemRef> exact;
  std::vector<std::pair<size_t, ItemRef>> close; // distance, item
  const auto consider = [&](const std::string& item_id, const ItemRef& ref) {
    if (item_id == id) exact.push_back(ref);
    else if (starts_with(item_id, id)) close.emplace_back(0, ref);
    else if (const size_t distance = edit_distance(id, item_id); distance <= max_typo_distance)
      close.emplace_back(distance, ref);
  };
  for (const auto& file : files) {
    for (const auto& record : file.records) {
      consider(record.id, {&file, &record, nullptr});
      for (const auto& promise : record.promises) consider(promise.id, {&file, &record, &promise});
    }
  }
  if (exact.size() == 1) return exact.front();
  if (exact.size() > 1) {
    throw Error(ExitCode::data, fmt::format("id '{}' is used more than once: {}, {}; give each its own id by hand", id,
                                            described(exact[0]), described(exact[1])));
  }
  std::stable_sort(close.begin(), close.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> meant;
  for (size_t i = 0; i < close.size() && i < 3; ++i) meant.push_back(described(close[i].second));
  throw Error(ExitCode::not_found,
              fmt::format("no record or promise '{}'{}", id,
                          meant.empty() ? "; an id is the `id:` of the item in its file, printed when it was logged "
                                          "(and by `coach followups`, `coach rep show --format json`)"
                                        : fmt::format(" (did you mean {}?); give the whole id", join(meant, ", "))));
}

bool remove_item_from(Rep& rep, std::string_view id) {
  for (auto record = rep.records.begin(); record != rep.records.end(); ++record) {
    if (record->id == id) {
      rep.records.erase(record);
      return true;
    }
    auto& promises = record->promises;
    const auto promise = std::find_if(promises.begin(), promises.end(), [&](const Promise& p) { return p.id == id; });
    if (promise != promises.end()) {
      promises.erase(promise);
      return true;
    }
  }
  return false;
}

} // namespace coach
