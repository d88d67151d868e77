// The fast reader for the block-style subset of YAML (see yaml_subset.hpp).
//
// It reads line by line. Every node gets the place yaml-cpp's marks would give
// it: 1-based line, byte column and offset of its first character; a missing
// value (`done:` with nothing after it) gets the place of the next token, or
// line N+1, column 1 at the end of the file, as yaml-cpp reports it. Anything
// it is not sure about throws OutsideSubset, and parse_yaml hands the whole
// text to yaml-cpp instead.

#include <coach/yaml_subset.hpp>

#include <algorithm>
#include <array>

#include <coach/text.hpp>

namespace coach {

namespace {

struct OutsideSubset {};

[[noreturn]] void leave() {
  throw OutsideSubset{};
}

// Below yaml_tree's limit of 64, so yaml-cpp's path words that error.
constexpr int max_depth = 60;
// Maps are checked for duplicate keys by a scan up to this size; coach's have about 10 keys.
constexpr size_t max_scanned_keys = 64;
// YAML limits implicit keys to 1024 characters; stay well inside.
constexpr size_t max_key_length = 512;

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool is_word_char(char c) {
  return is_key_char(c) || c == '.' || c == '/' || c == '+' || static_cast<unsigned char>(c) >= 0x80;
}

// The plain scalars yaml-cpp reports as null (its IsNullString), besides nothing at all.
bool is_null_word(std::string_view s) {
  return s == "~" || s == "null" || s == "Null" || s == "NULL";
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class SubsetReader {
public:
  explicit SubsetReader(std::string_view text) : m_text(text) {}

  YamlNode read_document() {
    const Content first = next_content();
    if (first.eof) leave();
    YamlNode root = read_block(first, 0);
    if (!next_content().eof) leave();
    return root;
  }

private:
  // The first character of the next line that holds more than spaces and a comment.
  struct Content {
    size_t at = 0;
    size_t indent = 0;
    bool eof = false;
  };

  // The character at `p`, with the end of the text read as a line end.
  char at(size_t p) const { return p < m_text.size() ? m_text[p] : '\n'; }

  size_t skip_spaces(size_t p) const {
    while (at(p) == ' ') ++p;
    return p;
  }

  void next_line() {
    const size_t line_feed = m_text.find('\n', m_pos);
    if (line_feed == std::string_view::npos) {
      m_pos = m_text.size();
    } else {
      m_pos = line_feed + 1;
      ++m_line;
    }
  }

  // Moves to the next line with content (not blank, not a comment) without consuming it.
  Content next_content() {
    while (m_pos < m_text.size()) {
      const size_t first = skip_spaces(m_pos);
      if (at(first) != '\n' && at(first) != '#') return {first, first - m_pos, false};
      next_line();
    }
    return {m_text.size(), 0, true};
  }

  SourcePlace place(size_t p) const { return {m_line, static_cast<int>(p - m_pos) + 1, p}; }
  // Where yaml-cpp places a missing value: at the next token, or at the end of
  // the file; its column there is only predictable after a final line feed.
  SourcePlace place_of(const Content& c) const {
    if (!c.eof) return place(c.at);
    if (!m_text.empty() && m_text.back() != '\n') leave();
    return {m_line, 1, m_text.size()};
  }

  bool is_item(size_t p) const { return at(p) == '-' && (at(p + 1) == ' ' || at(p + 1) == '\n'); }

  // The length of a simple key at `p` that is followed by `:` and a space or line end; 0 if none.
  size_t key_length(size_t p) const {
    size_t q = p;
    while (q < m_text.size() && is_key_char(m_text[q])) ++q;
    if (q == p || m_text[p] == '-' || at(q) != ':' || (at(q + 1) != ' ' && at(q + 1) != '\n')) return 0;
    return q - p;
  }

  static YamlNode null_node(SourcePlace where) {
    YamlNode node;
    node.place = where;
    return node;
  }

  YamlNode scalar_node(size_t p, std::string value, bool quoted) const {
    YamlNode node;
    node.kind = YamlNode::Kind::scalar;
    node.value = std::move(value);
    node.quoted = quoted;
    node.place = place(p);
    return node;
  }

  YamlNode read_block(const Content& c, int depth) {
    if (is_item(c.at)) return read_sequence(c.indent, c.at, depth);
    if (key_length(c.at) > 0) return read_map(c.indent, c.at, depth);
    leave(); // a scalar on its own line: a multi-line value, or a scalar document
  }

  // A value that is not on its key's or dash's line: a nested block, or nothing.
  YamlNode read_value_below(size_t owner_indent, bool same_indent_list, int depth) {
    next_line();
    const Content c = next_content();
    if (!c.eof && c.indent > owner_indent) return read_block(c, depth + 1);
    if (same_indent_list && !c.eof && c.indent == owner_indent && is_item(c.at)) {
      return read_sequence(owner_indent, c.at, depth + 1);
    }
    return null_node(place_of(c));
  }

  YamlNode collection_node(YamlNode::Kind kind, size_t p, int depth) const {
    if (depth > max_depth) leave();
    YamlNode node;
    node.kind = kind;
    node.place = place(p);
    return node;
  }

  YamlNode read_map(size_t indent, size_t p, int depth) {
    YamlNode map = collection_node(YamlNode::Kind::map, p, depth);
    // As many entries as the last map at this indentation had (a file's records
    // and promises are alike): growing one at a time cost 15% of a read, and a
    // fixed 8 (2 KB) half of a 1:1's parse in malloc.
    size_t& usual_size = m_map_size_at[std::min(indent, m_map_size_at.size() - 1)];
    map.entries.reserve(usual_size);
    while (true) {
      const size_t length = key_length(p);
      if (length == 0 || length > max_key_length) leave();
      YamlNode key = scalar_node(p, std::string(m_text.substr(p, length)), false);
      if (is_null_word(key.value)) leave();
      // yaml-cpp's path reports a duplicate, and takes maps too big for this scan.
      if (map.entries.size() >= max_scanned_keys) leave();
      for (const auto& entry : map.entries) {
        if (entry.key.value == key.value) leave();
      }
      const size_t v = skip_spaces(p + length + 1);
      YamlNode value = at(v) == '\n' || at(v) == '#' ? read_value_below(indent, true, depth) : read_inline(v, indent);
      map.entries.push_back({std::move(key), std::move(value)});
      const Content c = next_content();
      if (c.eof || c.indent < indent) {
        usual_size = map.entries.size();
        return map;
      }
      if (c.indent > indent) leave();
      p = c.at;
    }
  }

  YamlNode read_sequence(size_t indent, size_t dash, int depth) {
    YamlNode list = collection_node(YamlNode::Kind::sequence, dash, depth);
    while (true) {
      const size_t v = skip_spaces(dash + 1);
      if (at(v) == '\n' || at(v) == '#') {
        list.items.push_back(read_value_below(indent, false, depth));
      } else if (is_item(v)) {
        leave(); // `- - x`
      } else if (key_length(v) > 0) {
        list.items.push_back(read_map(v - m_pos, v, depth + 1));
      } else {
        list.items.push_back(read_inline(v, indent));
      }
      const Content c = next_content();
      if (c.eof || c.indent < indent) return list;
      if (c.indent > indent) leave();
      if (!is_item(c.at)) return list; // the next key of a map at this indentation
      dash = c.at;
    }
  }

  // A value that starts on its key's or dash's line at `v`; consumes the line
  // (and a block scalar's lines). `owner_indent` is the indentation of its map or list.
  YamlNode read_inline(size_t v, size_t owner_indent) {
    YamlNode node;
    size_t after = 0;
    const char c = m_text[v];
    if (c == '|') {
      node = read_literal(v, owner_indent);
    } else {
      if (c == '"') {
        node = read_double_quoted(v, after);
      } else if (c == '\'') {
        node = read_single_quoted(v, after);
      } else if (c == '[') {
        node = read_flow_list(v, after);
      } else if (c == '{' && at(v + 1) == '}') {
        node.kind = YamlNode::Kind::map;
        node.flow = true;
        node.place = place(v);
        after = v + 2;
      } else {
        node = read_plain(v, after);
      }
      const size_t rest = skip_spaces(after);
      if (at(rest) != '\n' && !(at(rest) == '#' && rest > after)) leave();
      next_line();
    }
    // A following line indented deeper would continue the scalar (or be an error).
    const Content next = next_content();
    if (!next.eof && next.indent > owner_indent) leave();
    return node;
  }

  static constexpr std::string_view indicators = "-?:,[]{}#&*!|>'\"%@`";

  // `[a, b c, d]` on one line, of plain words only (a hand-written tag list).
  // Inside brackets `?`, `:`, `#` and quotes mean more, so words are letters, digits and `-_./+`.
  YamlNode read_flow_list(size_t v, size_t& after) {
    YamlNode list;
    list.kind = YamlNode::Kind::sequence;
    list.flow = true;
    list.place = place(v);
    size_t q = skip_spaces(v + 1);
    if (at(q) == ']') {
      after = q + 1;
      return list;
    }
    while (true) {
      if (!is_word_char(at(q)) || at(q) == '-' || at(q) == '.') leave();
      size_t r = q;
      size_t last = q;
      for (; at(r) != ',' && at(r) != ']'; ++r) {
        if (at(r) == ' ') continue;
        if (!is_word_char(at(r))) leave();
        last = r + 1;
      }
      const std::string_view word = m_text.substr(q, last - q);
      if (is_null_word(word)) leave();
      list.items.push_back(scalar_node(q, std::string(word), false));
      if (at(r) == ']') {
        after = r + 1;
        return list;
      }
      q = skip_spaces(r + 1);
      if (at(q) == ']') leave(); // a trailing comma
    }
  }

  YamlNode read_plain(size_t v, size_t& after) {
    if (indicators.find(m_text[v]) != std::string_view::npos &&
        !(m_text[v] == '-' && at(v + 1) != ' ' && at(v + 1) != '\n')) {
      leave();
    }
    size_t q = v;
    size_t last = v; // one past the last character that is not a space
    while (true) {
      const char ch = at(q);
      if (ch == '\n') break;
      if (ch == ':' && (at(q + 1) == ' ' || at(q + 1) == '\n')) leave(); // `a: b: c`
      if (ch == '#' && m_text[q - 1] == ' ') break;                      // a comment
      if (ch != ' ') last = q + 1;
      ++q;
    }
    after = last;
    const std::string_view text = m_text.substr(v, last - v);
    if (is_null_word(text)) return null_node(place(v));
    return scalar_node(v, std::string(text), false);
  }

  YamlNode read_single_quoted(size_t v, size_t& after) {
    std::string value;
    size_t q = v + 1;
    while (true) {
      const size_t stop = m_text.find_first_of("'\n", q);
      if (stop == std::string_view::npos || m_text[stop] == '\n') leave(); // spans lines or never closes
      value.append(m_text.substr(q, stop - q));
      if (at(stop + 1) != '\'') {
        after = stop + 1;
        return scalar_node(v, std::move(value), true);
      }
      value += '\'';
      q = stop + 2;
    }
  }

  YamlNode read_double_quoted(size_t v, size_t& after) {
    std::string value;
    size_t q = v + 1;
    while (true) {
      const size_t stop = m_text.find_first_of("\"\\\n", q);
      if (stop == std::string_view::npos || m_text[stop] == '\n') leave();
      value.append(m_text.substr(q, stop - q));
      if (m_text[stop] == '"') {
        after = stop + 1;
        return scalar_node(v, std::move(value), true);
      }
      q = stop + 2;
      switch (at(stop + 1)) {
      case '"': value += '"'; break;
      case '\\': value += '\\'; break;
      case '/': value += '/'; break;
      case 'n': value += '\n'; break;
      case 't': value += '\t'; break;
      case 'r': value += '\r'; break;
      case 'x': value_from_hex(value, q, 2); break;
      case 'u': value_from_hex(value, q, 4); break;
      default: leave();
      }
    }
  }

  // Appends the code point written as `digits` hex digits at `q`, and moves past them.
  void value_from_hex(std::string& value, size_t& q, int digits) {
    uint32_t cp = 0;
    for (int i = 0; i < digits; ++i) {
      const int h = hex_value(at(q + i));
      if (h < 0) leave();
      cp = cp * 16 + static_cast<uint32_t>(h);
    }
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) leave();
    append_utf8(value, cp);
    q += static_cast<size_t>(digits);
  }

  // A `|` or `|-` block; `|+`, indentation indicators and unusual blank lines leave.
  YamlNode read_literal(size_t v, size_t owner_indent) {
    size_t h = v + 1;
    const bool strip = at(h) == '-';
    if (strip) ++h;
    const size_t header_end = h;
    h = skip_spaces(h);
    if (at(h) != '\n' && !(at(h) == '#' && h > header_end)) leave();
    YamlNode node = scalar_node(v, {}, true);
    next_line();

    // The indentation is that of the first line with content.
    size_t indent = 0;
    size_t widest_blank = 0;
    for (size_t p = m_pos;;) {
      const size_t first = skip_spaces(p);
      if (first >= m_text.size()) leave(); // nothing but blank lines to the end
      if (m_text[first] != '\n') {
        indent = first - p;
        break;
      }
      widest_blank = std::max(widest_blank, first - p);
      p = first + 1;
    }
    if (indent <= owner_indent || widest_blank > indent) leave();

    std::string& value = node.value;
    size_t pending_breaks = 0;
    while (m_pos < m_text.size()) {
      const size_t first = skip_spaces(m_pos);
      size_t line_end = m_text.find('\n', m_pos);
      const bool has_break = line_end != std::string_view::npos;
      if (!has_break) line_end = m_text.size();
      if (first == line_end) { // a blank line
        if (first - m_pos > indent) leave();
        ++pending_breaks;
        next_line();
        continue;
      }
      if (first - m_pos < indent) break; // the block ends
      value.append(pending_breaks, '\n');
      pending_breaks = 0;
      value.append(m_text.substr(m_pos + indent, line_end - m_pos - indent));
      if (has_break) value += '\n';
      next_line();
    }
    if (strip && !value.empty() && value.back() == '\n') value.pop_back();
    return node;
  }

  std::string_view m_text;
  size_t m_pos = 0; // the start of the current line
  int m_line = 1;
  std::array<size_t, 32> m_map_size_at{}; // read_map: the size of the last map read at each indentation
};

} // namespace

std::optional<YamlNode> read_block_subset(std::string_view text) {
  // Everything else outside the subset was refused by check_raw_yaml_text.
  if (text.find('\t') != std::string_view::npos || text.find('\r') != std::string_view::npos ||
      starts_with(text, "\xEF\xBB\xBF")) {
    return std::nullopt;
  }
  try {
    return SubsetReader(text).read_document();
  } catch (const OutsideSubset&) {
    return std::nullopt;
  }
}

} // namespace coach
