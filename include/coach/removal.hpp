#pragma once

#include <string_view>
#include <vector>

#include <coach/model.hpp>

namespace coach {

/// What `coach rm ID` removes: one record or one promise, in a rep file or a
/// team file (the text edit itself is rep_file.hpp's text_with_item_removed).

/// A record or promise named by its id, and the file holding it.
struct ItemRef {
  const Rep* file = nullptr;        // the rep, or the team file, holding it
  const Record* record = nullptr;   // the record, or the promise's record
  const Promise* promise = nullptr; // the promise, or nullptr when the item is a record
};

/// The record or promise whose id is `id` (whole, any case) in `files`.
/// Throws coach::Error: usage for an empty id; not_found for an unknown one,
/// naming the ids a unique start or a close spelling points to ("did you
/// mean"); data for an id used more than once.
ItemRef find_item(const std::vector<Rep>& files, std::string_view id);

/// Takes the record or promise `id` out of the model; false when it holds none.
bool remove_item_from(Rep& rep, std::string_view id);

} // namespace coach
