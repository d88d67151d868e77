#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coach {

/// Small string helpers shared by the core; nothing here knows the domain.
std::string_view trim(std::string_view text);
std::string to_lower(std::string_view text);
bool starts_with(std::string_view text, std::string_view prefix);
std::vector<std::string_view> split_lines(std::string_view text);

/// The whole of `text` read as a decimal integer: an optional minus, then one or
/// more ASCII digits (leading zeros allowed), nothing else; nullopt otherwise or
/// when it does not fit a long long. Callers check their own range.
std::optional<long long> parse_whole_number(std::string_view text);

/// Appends code point `cp` (at most U+10FFFF, not a surrogate) to `out` as UTF-8.
void append_utf8(std::string& out, uint32_t cp);

/// The offset of the first byte that is not valid UTF-8, or nullopt.
std::optional<size_t> find_invalid_utf8(std::string_view text);
/// The offset of the first control character (below U+0020) other than a line
/// feed or a tab, or nullopt; fast on long texts.
std::optional<size_t> find_control_character(std::string_view text);
/// Whether `text` holds a control byte (below 0x20, line breaks and tabs
/// included, or DEL): what one line of a table cannot show as it is.
bool has_control_byte(std::string_view text);
/// Number of terminal columns `text` takes (one per code point; good enough for names and notes).
size_t display_width(std::string_view text);
/// Levenshtein distance, for "did you mean".
size_t edit_distance(std::string_view a, std::string_view b);

/// The words of `words` (strings or string_views) with `separator` between them.
template <class Words>
std::string join(const Words& words, std::string_view separator) {
  std::string out;
  for (const auto& word : words) {
    if (!out.empty()) out += separator;
    out += word;
  }
  return out;
}

} // namespace coach
