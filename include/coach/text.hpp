#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
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
/// display_width(text) when `text` holds no control byte (has_control_byte),
/// else nothing: both in one pass, eight bytes at a time, the last few as
/// well. Inline: a table measures and writes each of its short cells with it.
inline std::optional<size_t> plain_width(std::string_view text) {
  constexpr uint64_t ones = 0x0101010101010101ULL;
  constexpr uint64_t high_bits = 0x8080808080808080ULL;
  uint64_t control = 0;     // high bits set where a word held a byte below 0x20 or DEL (the words' has-less-than)
  size_t continuations = 0; // UTF-8 continuation bytes (10xxxxxx), which start no code point
  const auto take = [&](uint64_t word) {
    const uint64_t del = word ^ (ones * 0x7F); // a DEL byte becomes zero
    control |= ((word - ones * 0x20) & ~word) | ((del - ones) & ~del);
    const uint64_t marks = (word & ~(word << 1) & high_bits) >> 7;
    continuations += static_cast<size_t>((marks * ones) >> 56);
  };
  size_t at = 0;
  for (; at + 8 <= text.size(); at += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + at, 8);
    take(word);
  }
  if (at < text.size()) {
    uint64_t word = ones * 0x20; // the last bytes, the rest spaces: neither control nor continuation bytes
    std::memcpy(&word, text.data() + at, text.size() - at);
    take(word);
  }
  if (control & high_bits) return std::nullopt;
  return text.size() - continuations;
}
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
