#include <coach/text.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace coach {

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::optional<long long> parse_whole_number(std::string_view text) {
  long long value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

namespace {

constexpr uint64_t high_bits = 0x8080808080808080ULL;

uint64_t load_8_bytes(std::string_view text, size_t at) {
  uint64_t word = 0;
  std::memcpy(&word, text.data() + at, sizeof word);
  return word;
}

} // namespace

std::optional<size_t> find_control_character(std::string_view text) {
  constexpr uint64_t ones = 0x0101010101010101ULL;
  for (size_t i = 0; i < text.size();) {
    // A word with no byte below 0x20 is skipped whole (the classic has-less-than test);
    // only words with a line end or a control character are looked at byte by byte.
    if (i + 8 <= text.size()) {
      const uint64_t word = load_8_bytes(text, i);
      if (((word - ones * 0x20) & ~word & high_bits) == 0) {
        i += 8;
        continue;
      }
    }
    const size_t end = std::min(i + 8, text.size());
    for (; i < end; ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c < 0x20 && c != '\n' && c != '\t') return i;
    }
  }
  return std::nullopt;
}

bool has_control_byte(std::string_view text) {
  constexpr uint64_t ones = 0x0101010101010101ULL;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    const uint64_t word = load_8_bytes(text, i);
    const uint64_t del = word ^ (ones * 0x7F); // a DEL byte becomes zero
    // Has-less-than tests, exact for "any byte": below 0x20, or zero after the xor (DEL).
    if ((((word - ones * 0x20) & ~word) | ((del - ones) & ~del)) & high_bits) return true;
  }
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

std::optional<size_t> find_invalid_utf8(std::string_view text) {
  size_t i = 0;
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  while (i < text.size()) {
    // Eight ASCII bytes at a time: rep files are mostly ASCII, and this pass reads every file.
    while (i + 8 <= text.size() && (load_8_bytes(text, i) & high_bits) == 0) i += 8;
    if (i >= text.size()) break;
    const unsigned char c = byte(i);
    size_t extra = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + extra >= text.size()) {
      return i;
    }
    for (size_t k = 1; k <= extra; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) {
        return i;
      }
      cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    const bool overlong = (extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += extra + 1;
  }
  return std::nullopt;
}

size_t display_width(std::string_view text) {
  // Every byte but a UTF-8 continuation byte (10xxxxxx) starts a code point.
  // Eight bytes at a time: a table of 49,000 rows measures every cell.
  size_t continuations = 0;
  size_t at = 0;
  for (; at + 8 <= text.size(); at += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + at, 8);
    // Bit 7 of each byte that has bit 7 set and bit 6 clear (shifted up one, bit 6 sits at bit 7),
    // moved to bit 0 and summed into the top byte by the multiply (std::popcount is a libgcc call
    // on x86-64 without -mpopcnt).
    const uint64_t marks = (word & ~(word << 1) & 0x8080808080808080ULL) >> 7;
    continuations += static_cast<size_t>((marks * 0x0101010101010101ULL) >> 56);
  }
  for (; at < text.size(); ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++continuations;
  }
  return text.size() - continuations;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

} // namespace coach
