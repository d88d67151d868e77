#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace coach {

/// Record and promise ids: 6 characters of lowercase Crockford base32 (no
/// i, l, o, u), the first a letter. Random, so two copies of a directory
/// written on two machines need no shared counter; a new id is checked
/// against the ids already in the directory.
inline constexpr std::string_view id_alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
inline constexpr size_t id_length = 6;

/// A fresh random id for which `taken` answers false.
std::string new_record_id(const std::function<bool(std::string_view)>& taken);
/// Those of the packed ids asked that are in use already.
using IdsInUse = std::function<std::vector<uint32_t>(std::span<const uint32_t>)>;
/// `count` fresh ids, packed, all different, for none of which `in_use`
/// answers: drawn at once and asked of `in_use` together (one pass over a
/// directory's files), those in use drawn again and all asked again.
std::vector<uint32_t> fresh_record_ids(size_t count, const IdsInUse& in_use);
/// Whether `text` has the form of a record or promise id.
bool is_record_id(std::string_view text);
/// A record or promise id packed into 30 bits (5 per character), for fast
/// comparison of many ids; nullopt when `text` does not have the form of one.
std::optional<uint32_t> pack_record_id(std::string_view text);
/// Every id of the generated form written as the value of an `id:` key in
/// `text`, packed, found by scanning the bytes without parsing: the ids a
/// file that does not parse holds, so that a new id never takes one of them.
std::vector<uint32_t> scan_record_ids(std::string_view text);
/// Those of `wanted` (packed ids) that occur in `text` as a word of the ids'
/// form: a whole run of exactly six of [0-9a-z], wherever it is (a key's
/// value, a comment, a note). An id a file without `\` escapes holds is such a
/// word however its YAML spells it (`"id":`, a value on the next line, an
/// anchor), so this answers without parsing whether a new id is taken. In
/// `wanted`'s order.
std::vector<uint32_t> find_id_words(std::string_view text, std::span<const uint32_t> wanted);
/// The id that pack_record_id packed into `packed`.
std::string unpack_record_id(uint32_t packed);
/// Whether the packed id starts with `prefix` (as typed: any text; only
/// 1 to 6 characters of the id alphabet can match).
bool packed_id_starts_with(uint32_t packed, std::string_view prefix);

/// A rep id made from a name: "Zoë O'Brien-Smith" gives "zoe-obrien-smith".
/// Empty when the name has no letters or digits to use.
std::string slugify(std::string_view name);
/// `text` lowercased with Latin diacritics folded ("Ådne" gives "adne"), for matching what users type.
std::string fold_for_search(std::string_view text);

/// Whether `id` is a valid rep id: 1-64 of [a-z0-9-], starting with a letter
/// or digit, so it is always a plain file name inside `reps/`.
bool is_rep_id(std::string_view id);

} // namespace coach
