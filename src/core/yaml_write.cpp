#include <coach/yaml_write.hpp>

#include <array>
#include <cctype>
#include <cstdint>

#include <fmt/format.h>

#include <coach/date.hpp>
#include <coach/text.hpp>

namespace coach {

namespace {

// Decodes the code point at `i` (text is valid UTF-8) and advances `i`.
uint32_t next_code_point(std::string_view text, size_t& i) {
  const auto c = static_cast<unsigned char>(text[i]);
  size_t len = 1;
  uint32_t cp = c;
  if (c >= 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else if (c >= 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xC0) {
    len = 2;
    cp = c & 0x1F;
  }
  for (size_t k = 1; k < len && i + k < text.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  }
  i += len;
  return cp;
}

// Characters that YAML 1.1 readers (PyYAML among them) treat as line breaks,
// byte-order marks or non-printable: they must be escaped.
bool needs_escape(uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF ||
         cp == 0xFFFE || cp == 0xFFFF;
}

bool is_yaml_keyword(std::string_view text) {
  static constexpr std::array<std::string_view, 12> words{"y",    "n",     "yes",  "no", "on", "off",
                                                          "true", "false", "null", "~",  "=",  "<<"};
  const std::string lower = to_lower(text);
  for (auto word : words) {
    if (lower == word) return true;
  }
  return false;
}

} // namespace

std::string yaml_double_quoted(std::string_view text) {
  std::string out = "\"";
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    const uint32_t cp = next_code_point(text, i);
    switch (cp) {
    case '"': out += "\\\""; continue;
    case '\\': out += "\\\\"; continue;
    case '\n': out += "\\n"; continue;
    case '\t': out += "\\t"; continue;
    case '\r': out += "\\r"; continue;
    default: break;
    }
    if (needs_escape(cp)) {
      out += cp <= 0xFF ? fmt::format("\\x{:02X}", cp) : fmt::format("\\u{:04X}", cp);
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  out += '"';
  return out;
}

std::string yaml_scalar(std::string_view text) {
  // Plain only for text made of ASCII letters, digits, spaces and harmless
  // punctuation, starting with a letter: it can be no number, date, bool or
  // null, and holds no ": " or " #".
  bool plain = !text.empty() && text.size() <= 200 && std::isalpha(static_cast<unsigned char>(text.front())) &&
               text.back() != ' ' && !is_yaml_keyword(text);
  for (char c : text) {
    if (!plain) break;
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '-' || c == '_' || c == '.' ||
                    c == ',' || c == '(' || c == ')' || c == '/' || c == '\'' || c == '&' || c == '+';
    plain = ok;
  }
  return plain ? std::string(text) : yaml_double_quoted(text);
}

bool fits_literal_block(std::string_view text) {
  if (text.empty() || text.front() == ' ' || text.front() == '\t' || text.front() == '\n') {
    return false;
  }
  size_t i = 0;
  while (i < text.size()) {
    const uint32_t cp = next_code_point(text, i);
    if (cp != '\n' && cp != '\t' && needs_escape(cp)) {
      return false;
    }
  }
  // A line of only spaces or tabs is read back differently depending on its
  // length; a tab right after the indentation is fine, but be strict.
  for (auto line : split_lines(text)) {
    if (!line.empty() && trim(line).empty()) {
      return false;
    }
  }
  return true;
}

std::string yaml_notes_value(std::string_view text, int indent) {
  if (!fits_literal_block(text)) {
    return " " + yaml_double_quoted(text) + "\n";
  }
  size_t trailing_newlines = 0;
  while (trailing_newlines < text.size() && text[text.size() - 1 - trailing_newlines] == '\n') {
    ++trailing_newlines;
  }
  const char* chomp = trailing_newlines == 0 ? "-" : trailing_newlines == 1 ? "" : "+";
  std::string out = fmt::format(" |{}\n", chomp);
  const std::string pad(static_cast<size_t>(indent), ' ');
  const std::string_view body = text.substr(0, text.size() - trailing_newlines);
  for (auto line : split_lines(body)) {
    if (!line.empty()) {
      out += pad;
      out.append(line);
    }
    out += '\n';
  }
  for (size_t k = 1; k < trailing_newlines; ++k) {
    out += '\n';
  }
  return out;
}

} // namespace coach
