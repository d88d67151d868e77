#include <coach/yaml_tree.hpp>

#include <algorithm>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <coach/error.hpp>
#include <coach/text.hpp>
#include <coach/yaml_subset.hpp>

namespace coach {

namespace {

constexpr size_t max_depth = 64;

SourcePlace place_at(std::string_view text, size_t offset) {
  SourcePlace place;
  place.offset = offset;
  place.line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++place.line;
      line_start = i + 1;
    }
  }
  place.column = static_cast<int>(display_width(text.substr(line_start, offset - line_start))) + 1;
  return place;
}

[[noreturn]] void fail(const std::string& path, const SourcePlace& place, std::string_view message) {
  throw Error(ExitCode::data, place_message(path, place, message));
}

} // namespace

void check_raw_yaml_text(const std::string& path, std::string_view text) {
  if (text.size() > max_yaml_file_size) {
    throw Error(ExitCode::data, fmt::format("{}: file is {} bytes, more than the {} a coach file may have", path,
                                            text.size(), max_yaml_file_size));
  }
  if (auto bad = find_invalid_utf8(text)) {
    fail(path, place_at(text, *bad), "invalid UTF-8 (is this a binary file?)");
  }
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    fail(path, place_at(text, nul), "NUL byte (is this a binary file?)");
  }
  for (size_t from = 0; from < text.size();) {
    const auto found = find_control_character(text.substr(from));
    if (!found) break;
    const size_t i = from + *found;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r') {
      if (i + 1 >= text.size() || text[i + 1] != '\n') {
        fail(path, place_at(text, i), "carriage return without a line feed (old Mac line ends are not supported)");
      }
    } else {
      // yaml-cpp drops these from values without a word, and U+0004 ends its input.
      fail(path, place_at(text, i), fmt::format("control character U+{:04X} (is this a binary file?)", c));
    }
    from = i + 1;
  }
  // Code points yaml-cpp reads as line breaks or drops, changing the text without a word.
  for (const auto& [bytes, name] : {std::pair<std::string_view, std::string_view>{"\xC2\x85", "U+0085 NEXT LINE"},
                                    {"\xE2\x80\xA8", "U+2028 LINE SEPARATOR"},
                                    {"\xE2\x80\xA9", "U+2029 PARAGRAPH SEPARATOR"}}) {
    if (const auto at = text.find(bytes); at != std::string_view::npos) {
      fail(path, place_at(text, at),
           fmt::format("{}, which YAML readers take for a line break: delete it, or write it as \\u{} inside "
                       "double quotes",
                       name, name.substr(2, 4)));
    }
  }
  if (starts_with(text, "\xEF\xBB\xBF\xEF\xBB\xBF")) {
    fail(path, place_at(text, 0), "a second byte order mark (U+FEFF) at the start of the file: delete it");
  }
  size_t line_start = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (starts_with(line, "<<<<<<<") || starts_with(line, ">>>>>>>") || starts_with(line, "|||||||") ||
        line == "=======") {
      fail(path, place_at(text, line_start), "git conflict marker: resolve the merge conflict first");
    }
    line_start = line_end + 1;
  }
}

namespace {

// The value of the quoted scalar whose opening quote is at `open`, decoded as
// the YAML spec (and PyYAML) reads it. yaml-cpp 0.7 decodes `\N` and `\_` into
// single raw bytes (invalid UTF-8) and drops the trailing line breaks of a
// multi-line quoted scalar, so its value is not used for quoted scalars.
// Throws coach::Error (data) naming the place of what it cannot read.
class QuotedScalarReader {
public:
  QuotedScalarReader(const std::string& path, std::string_view text) : m_path(path), m_text(text) {}

  std::string read(size_t open) {
    m_open = open;
    m_pos = open + 1;
    m_double = m_text[open] == '"';
    std::string value;
    read_non_spaces(value);
    while (peek() != m_text[open]) {
      read_spaces(value);
      read_non_spaces(value);
    }
    return value;
  }

private:
  char peek(size_t ahead = 0) const { return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0'; }
  bool at_end() const { return m_pos >= m_text.size(); }
  bool at_break() const { return peek() == '\n' || (peek() == '\r' && peek(1) == '\n'); }
  void skip_break() { m_pos += peek() == '\r' ? 2 : 1; }

  [[noreturn]] void fail_at(size_t offset, std::string_view message) const {
    fail(m_path, place_at(m_text, offset), message);
  }

  void read_non_spaces(std::string& value) {
    while (true) {
      size_t length = 0;
      while (m_pos + length < m_text.size() &&
             std::string_view("'\"\\ \t\r\n").find(m_text[m_pos + length]) == std::string_view::npos) {
        ++length;
      }
      value.append(m_text.substr(m_pos, length));
      m_pos += length;
      const char c = peek();
      if (!m_double && c == '\'' && peek(1) == '\'') {
        value += '\'';
        m_pos += 2;
      } else if ((m_double && c == '\'') || (!m_double && (c == '"' || c == '\\'))) {
        value += c;
        ++m_pos;
      } else if (m_double && c == '\\' && !at_end()) {
        read_escape(value);
      } else {
        return;
      }
    }
  }

  void read_escape(std::string& value) {
    const size_t backslash = m_pos++;
    const char c = peek();
    static constexpr std::string_view simple_from = "0abtnvfre \"/\\\t";
    static constexpr std::string_view simple_to = std::string_view("\0\a\b\t\n\v\f\r\x1b \"/\\\t", 14);
    if (const auto i = simple_from.find(c); i != std::string_view::npos && !at_end()) {
      value += simple_to[i];
      ++m_pos;
      return;
    }
    const uint32_t named = c == 'N' ? 0x85 : c == '_' ? 0xA0 : c == 'L' ? 0x2028 : c == 'P' ? 0x2029 : 0;
    if (named != 0) {
      append_utf8(value, named);
      ++m_pos;
      return;
    }
    const int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
    if (digits > 0) {
      ++m_pos;
      uint32_t cp = 0;
      for (int i = 0; i < digits; ++i) {
        const char h = peek();
        const int v = h >= '0' && h <= '9'   ? h - '0'
                      : h >= 'a' && h <= 'f' ? h - 'a' + 10
                      : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                             : -1;
        if (v < 0) fail_at(backslash, fmt::format("\\{} needs {} hex digits", c, digits));
        cp = cp * 16 + static_cast<uint32_t>(v);
        ++m_pos;
      }
      if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        fail_at(backslash, fmt::format("\\{} escapes no character (U+{:04X}): write the character itself", c, cp));
      }
      append_utf8(value, cp);
      return;
    }
    if (at_break()) { // an escaped line break joins the lines without a space
      skip_break();
      read_breaks(value);
      return;
    }
    fail_at(backslash, fmt::format("unknown escape '\\{}' in double quotes; write \\\\ for a backslash", c));
  }

  void read_spaces(std::string& value) {
    const size_t start = m_pos;
    while (peek() == ' ' || peek() == '\t') ++m_pos;
    if (at_end()) {
      fail_at(m_open, "quoted text is never closed (a missing quote swallows the rest of the file)");
    }
    if (at_break()) { // folding: one line break is a space, n+1 of them are n line feeds
      skip_break();
      const size_t before = value.size();
      read_breaks(value);
      if (value.size() == before) value += ' ';
    } else {
      value.append(m_text.substr(start, m_pos - start));
    }
  }

  // The blank lines and indentation after a line break; each blank line is a line feed.
  void read_breaks(std::string& value) {
    while (true) {
      const std::string_view rest = m_text.substr(m_pos, 4);
      if ((starts_with(rest, "---") || starts_with(rest, "...")) &&
          (rest.size() == 3 || rest[3] == ' ' || rest[3] == '\t' || rest[3] == '\r' || rest[3] == '\n')) {
        fail_at(m_pos, "a document marker (--- or ...) inside quoted text: indent the line");
      }
      while (peek() == ' ' || peek() == '\t') ++m_pos;
      if (!at_break()) return;
      skip_break();
      value += '\n';
    }
  }

  const std::string& m_path;
  std::string_view m_text;
  size_t m_open = 0;
  size_t m_pos = 0;
  bool m_double = true;
};

// Builds our tree from yaml-cpp's events and rejects what it must not accept.
class TreeBuilder : public YAML::EventHandler {
public:
  TreeBuilder(const std::string& path, std::string_view text) : m_path(path), m_text(text) {}

  YamlNode take_root() { return std::move(m_root); }
  int documents() const { return m_documents; }

  void OnDocumentStart(const YAML::Mark&) override { ++m_documents; }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    check_anchor(mark, anchor);
    YamlNode node;
    node.kind = YamlNode::Kind::null;
    node.place = place_of(mark);
    add(std::move(node));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    fail(m_path, place_of(mark), "YAML aliases (*name) are not allowed in coach files");
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    check_anchor(mark, anchor);
    check_tag(mark, tag);
    YamlNode node;
    node.kind = YamlNode::Kind::scalar;
    node.value = value;
    node.quoted = tag == "!";
    node.place = place_of(mark);
    const size_t at = node.place.offset;
    if (node.quoted && at < m_text.size() && (m_text[at] == '"' || m_text[at] == '\'')) {
      node.value = QuotedScalarReader(m_path, m_text).read(at);
    } else if (node.quoted && at < m_text.size() && (m_text[at] == '|' || m_text[at] == '>')) {
      keep_trailing_breaks(node);
    }
    add(std::move(node));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    start_collection(mark, tag, anchor, style, YamlNode::Kind::sequence);
  }
  void OnSequenceEnd() override { end_collection(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    start_collection(mark, tag, anchor, style, YamlNode::Kind::map);
  }
  void OnMapEnd() override { end_collection(); }

private:
  struct Open {
    YamlNode node;
    bool have_key = false;
    YamlNode key;
    std::unordered_map<std::string, int> key_lines; // of a map: each key and the line it is on
  };

  SourcePlace place_of(const YAML::Mark& mark) const {
    SourcePlace place;
    place.line = mark.line + 1;
    place.column = mark.column + 1;
    place.offset = mark.pos < 0 ? 0 : static_cast<size_t>(mark.pos);
    return place;
  }

  void check_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) const {
    if (anchor != YAML::NullAnchor) {
      fail(m_path, place_of(mark), "YAML anchors (&name) are not allowed in coach files");
    }
  }

  void check_tag(const YAML::Mark& mark, const std::string& tag) const {
    if (!tag.empty() && tag != "?" && tag != "!") {
      fail(m_path, place_of(mark), fmt::format("YAML tag '{}' is not allowed in coach files", tag));
    }
  }

  // yaml-cpp 0.7 drops a trailing line break of a `>+` block: the line breaks
  // after the last line of a keep-chomped block scalar are counted again here
  // from the text, as the YAML spec (and PyYAML) count them.
  void keep_trailing_breaks(YamlNode& node) const {
    const std::string_view text = m_text;
    const size_t header = node.place.offset;
    size_t header_end = header + 1;
    while (header_end < text.size() &&
           std::string_view("+-0123456789").find(text[header_end]) != std::string_view::npos) {
      ++header_end;
    }
    const std::string_view indicators = text.substr(header + 1, header_end - header - 1);
    if (indicators.find('+') == std::string_view::npos) return;
    size_t line = text.find('\n', header_end);
    if (line == std::string_view::npos) return; // a header on the last line: no content, no breaks
    ++line;
    // The indentation of the content: the parent's plus the indicator, or that
    // of the first line with text when it is deeper than the parent's.
    const size_t parent = m_stack.empty() ? 0 : static_cast<size_t>(m_stack.back().node.place.column - 1);
    size_t indent = parent + 1;
    if (const auto digit = indicators.find_first_of("123456789"); digit != std::string_view::npos) {
      indent = parent + static_cast<size_t>(indicators[digit] - '0');
    } else {
      for (size_t p = line; p < text.size();) {
        const size_t first = text.find_first_not_of(' ', p);
        if (first == std::string_view::npos) break;
        if (text[first] != '\n' && text[first] != '\r') {
          indent = std::max(indent, first - p);
          break;
        }
        p = text.find('\n', first) + 1;
        if (p == 0) break;
      }
    }
    size_t breaks = 0; // line breaks after the last line with content
    for (size_t p = line; p < text.size();) {
      size_t end = text.find('\n', p);
      const bool has_break = end != std::string_view::npos;
      if (!has_break) end = text.size();
      std::string_view body = text.substr(p, end - p);
      if (!body.empty() && body.back() == '\r') body.remove_suffix(1);
      const size_t spaces = std::min(body.find_first_not_of(' '), body.size());
      if (spaces == body.size() && spaces <= indent) {
        breaks += has_break ? 1 : 0; // an empty line
      } else if (spaces < indent) {
        break; // the block has ended
      } else {
        breaks = has_break ? 1 : 0; // a line of content
      }
      p = end + 1;
    }
    std::string& value = node.value;
    while (!value.empty() && value.back() == '\n') value.pop_back();
    value.append(breaks, '\n');
  }

  void start_collection(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                        YAML::EmitterStyle::value style, YamlNode::Kind kind) {
    check_anchor(mark, anchor);
    check_tag(mark, tag);
    if (m_stack.size() >= max_depth) {
      fail(m_path, place_of(mark), fmt::format("nesting deeper than {} levels", max_depth));
    }
    Open open;
    open.node.kind = kind;
    open.node.flow = style == YAML::EmitterStyle::Flow;
    open.node.place = place_of(mark);
    m_stack.push_back(std::move(open));
  }

  void end_collection() {
    YamlNode node = std::move(m_stack.back().node);
    m_stack.pop_back();
    add(std::move(node));
  }

  void add(YamlNode node) {
    if (m_stack.empty()) {
      m_root = std::move(node);
      return;
    }
    Open& parent = m_stack.back();
    if (parent.node.kind == YamlNode::Kind::sequence) {
      parent.node.items.push_back(std::move(node));
      return;
    }
    if (!parent.have_key) {
      if (!node.is_scalar()) {
        fail(m_path, node.place, "a key must be plain text, not a list or map");
      }
      if (node.value == "<<" && !node.quoted) {
        // PyYAML merges the map under `<<` into this one; yaml-cpp keeps a key named "<<".
        fail(m_path, node.place,
             "merge key (<<) is read differently by YAML readers (PyYAML merges, coach would not): write the "
             "keys out in this map");
      }
      if (!parent.node.flow && !node.quoted) require_colon_after_key(node);
      // A hash of the keys seen, not a scan of the entries: a hostile file with
      // 100,000 keys in one map took 16 s with the scan.
      if (auto [it, fresh] = parent.key_lines.emplace(node.value, node.place.line); !fresh) {
        fail(m_path, node.place, fmt::format("duplicate key '{}' (first at line {})", node.value, it->second));
      }
      parent.key = std::move(node);
      parent.have_key = true;
      return;
    }
    parent.node.entries.push_back({std::move(parent.key), std::move(node)});
    parent.have_key = false;
  }

  // yaml-cpp 0.7 takes a last line of plain text without a colon (`done
  // 2026-11-24`, a typo) as a key with no value, where PyYAML and the YAML
  // spec see an error: the key's line must go on with a colon.
  void require_colon_after_key(const YamlNode& key) const {
    size_t at = key.place.offset;
    if (at + key.value.size() > m_text.size() || m_text.compare(at, key.value.size(), key.value) != 0) return;
    size_t before = at;
    while (before > 0 && (m_text[before - 1] == ' ' || m_text[before - 1] == '\t')) --before;
    if (before > 0 && m_text[before - 1] == '?') return; // an explicit key: its colon is on a later line
    at += key.value.size();
    while (at < m_text.size() && (m_text[at] == ' ' || m_text[at] == '\t')) ++at;
    if (at < m_text.size() && m_text[at] == ':') return;
    fail(m_path, key.place,
         fmt::format("\"{}\" is neither a `key: value` line nor part of a value: a colon is missing (PyYAML "
                     "refuses the file); write `key: value`",
                     key.value.size() > 40 ? key.value.substr(0, 40) + "..." : key.value));
  }

  const std::string& m_path;
  std::string_view m_text;
  std::vector<Open> m_stack;
  YamlNode m_root;
  int m_documents = 0;
};

void shift_offsets(YamlNode& node, size_t by) {
  node.place.offset += by;
  for (auto& item : node.items) shift_offsets(item, by);
  for (auto& [key, value] : node.entries) {
    shift_offsets(key, by);
    shift_offsets(value, by);
  }
}

// Sets each node's `end` to where the next node in document order starts.
void assign_ends(YamlNode& node, size_t following) {
  node.end = following;
  if (node.is_sequence()) {
    for (size_t i = 0; i < node.items.size(); ++i) {
      const size_t next = i + 1 < node.items.size() ? node.items[i + 1].place.offset : following;
      assign_ends(node.items[i], next);
    }
  } else if (node.is_map()) {
    for (size_t i = 0; i < node.entries.size(); ++i) {
      auto& [key, value] = node.entries[i];
      const size_t next = i + 1 < node.entries.size() ? node.entries[i + 1].key.place.offset : following;
      key.end = value.place.offset;
      assign_ends(value, std::max(next, value.place.offset));
    }
  }
}

} // namespace

const YamlNode* YamlNode::find(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k.value == key) return &v;
  }
  return nullptr;
}

const YamlNode* YamlNode::find_key(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k.value == key) return &k;
  }
  return nullptr;
}

bool same_content(const YamlNode& a, const YamlNode& b) {
  if (a.kind != b.kind || a.value != b.value || a.items.size() != b.items.size() ||
      a.entries.size() != b.entries.size()) {
    return false;
  }
  if (a.is_scalar() && a.quoted != b.quoted) {
    return false;
  }
  for (size_t i = 0; i < a.items.size(); ++i) {
    if (!same_content(a.items[i], b.items[i])) return false;
  }
  for (size_t i = 0; i < a.entries.size(); ++i) {
    if (!same_content(a.entries[i].key, b.entries[i].key) || !same_content(a.entries[i].value, b.entries[i].value)) {
      return false;
    }
  }
  return true;
}

namespace {

constexpr long long digits_limit = 1'000'000'000;
// The largest whole number read, as digits_value reads decimals: every larger one is "too large".
constexpr long long largest_whole_number = digits_limit * 10 + 9;

// The value of `digits` in `base`, with YAML 1.1's `_` separators; nullopt when
// a character is no digit or the value is too large to matter.
std::optional<long long> digits_value(std::string_view digits, int base) {
  long long value = 0;
  bool any = false;
  for (char c : digits) {
    if (c == '_') continue;
    const int d = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : 99;
    if (d >= base || value > digits_limit) return std::nullopt;
    value = value * base + d;
    any = true;
  }
  return any ? std::optional<long long>(value) : std::nullopt;
}

} // namespace

WholeNumber read_whole_number(std::string_view text) {
  std::string_view s = text;
  const bool minus = !s.empty() && s.front() == '-';
  const bool plus = !s.empty() && s.front() == '+';
  if (minus || plus) s.remove_prefix(1);
  const bool decimal = !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
  const bool leading_zero = decimal && s.size() > 1 && s.front() == '0';
  if (decimal && !leading_zero && !plus) {
    const auto value = parse_whole_number(text);
    if (value && *value >= -largest_whole_number && *value <= largest_whole_number) return {*value, {}};
    return {std::nullopt, fmt::format("\"{}\" is too large", text)};
  }
  const std::string sign = minus ? "-" : "";
  const auto write = [&](std::string_view what, std::optional<long long> v) {
    return v ? fmt::format("\"{}\" is {}; write {}{}", text, what, sign, *v)
             : fmt::format("\"{}\" is not a whole number", text);
  };
  if (leading_zero) { // octal to YAML 1.1 readers when it can be (+030 too)
    const auto as_octal = digits_value(s, 8);
    const auto as_decimal = digits_value(s, 10);
    if (!as_decimal) return {std::nullopt, fmt::format("\"{}\" is too large", text)};
    return {std::nullopt,
            as_octal ? fmt::format("\"{}\" has a leading zero, which makes it octal {}{} to YAML 1.1 readers such "
                                   "as PyYAML; write {}{}",
                                   text, sign, *as_octal, sign, *as_decimal)
                     : fmt::format("\"{}\" has a leading zero, which makes it text to YAML 1.1 readers such as "
                                   "PyYAML; write {}{}",
                                   text, sign, *as_decimal)};
  }
  if (plus && decimal) {
    return {std::nullopt, write("written with a plus sign", digits_value(s, 10))};
  }
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    return {std::nullopt, write("hexadecimal", digits_value(s.substr(2), 16))};
  }
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
    return {std::nullopt, write("octal", digits_value(s.substr(2), 8))};
  }
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
    return {std::nullopt, write("binary", digits_value(s.substr(2), 2))};
  }
  if (s.find(':') != std::string_view::npos) { // 1:30 is 90 to YAML 1.1 readers (base 60)
    std::optional<long long> total = 0;
    for (size_t from = 0; total;) {
      const size_t colon = std::min(s.find(':', from), s.size());
      const auto part = digits_value(s.substr(from, colon - from), 10);
      total = part ? std::optional<long long>(*total * 60 + *part) : std::nullopt;
      if (colon == s.size()) break;
      from = colon + 1;
    }
    return {std::nullopt, write("a number in base 60 to YAML 1.1 readers such as PyYAML", total)};
  }
  if (s.find('_') != std::string_view::npos && s.front() != '_') {
    return {std::nullopt, write("written with _ separators", digits_value(s, 10))};
  }
  return {std::nullopt, fmt::format("\"{}\" is not a whole number", text)};
}

WholeNumber read_quoted_whole_number(std::string_view text) {
  std::string_view digits = text;
  const bool minus = !digits.empty() && digits.front() == '-';
  if (minus) digits.remove_prefix(1);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return {std::nullopt, fmt::format("\"{}\" is not a whole number", text)};
  }
  const auto value = digits_value(digits, 10);
  if (!value || *value > largest_whole_number) return {std::nullopt, fmt::format("\"{}\" is too large", text)};
  return {minus ? -*value : *value, {}};
}

namespace {

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Reads a plain scalar left to right against the patterns of PyYAML's
// resolvers; each whole_* says whether the whole text is one of its form.
// By hand rather than std::regex: compiling the patterns cost every command
// that read a file a millisecond or more, and matching them recursed once per byte.
class Plain {
public:
  explicit Plain(std::string_view text) : m_text(text) {}

  // int: [-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+
  //      | [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+
  bool whole_int() const {
    const size_t digits = sign();
    Plain p = from(digits);
    if (p.take("0b")) return p.some("01_") && p.done();
    if (p.take("0x")) return p.some("0123456789abcdefABCDEF_") && p.done();
    if (p.take("0")) return p.done() || (p.some("01234567_") && p.done());
    return p.one("123456789") && (p.any("0123456789_"), p.done() || (p.sexagesimal() && p.done()));
  }

  // float: [-+]?([0-9][0-9_]*)\.[0-9_]*([eE][-+][0-9]+)? | \.[0-9_]+([eE][-+][0-9]+)?
  //        | [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)
  bool whole_float() const {
    if (Plain p = *this; p.take(".") && p.some("0123456789_") && p.exponent() && p.done()) return true;
    if (is_one_of(m_text, {".nan", ".NaN", ".NAN"})) return true;
    Plain p = from(sign());
    if (Plain inf = p; inf.take(".") && is_one_of(inf.rest(), {"inf", "Inf", "INF"})) return true;
    if (!p.one("0123456789")) return false;
    p.any("0123456789_");
    if (Plain base60 = p; base60.sexagesimal() && base60.take(".")) return base60.any("0123456789_"), base60.done();
    return p.take(".") && (p.any("0123456789_"), p.exponent()) && p.done();
  }

  // timestamp: [0-9]{4}-[0-9]{2}-[0-9]{2}
  //   | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?([
  //   \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?
  bool whole_timestamp() const {
    Plain p = *this;
    if (!p.digits(4, 4) || !p.take("-")) return false;
    const size_t month = p.digits(1, 2);
    if (!month || !p.take("-")) return false;
    const size_t day = p.digits(1, 2);
    if (!day) return false;
    if (p.done()) return month == 2 && day == 2;
    if (!p.one("Tt") && !p.some(" \t")) return false;
    if (!p.digits(1, 2) || !p.take(":") || !p.digits(2, 2) || !p.take(":") || !p.digits(2, 2)) return false;
    if (p.take(".")) p.any("0123456789");
    if (p.done()) return true;
    p.any(" \t");
    if (p.take("Z")) return p.done();
    if (!p.one("-+") || !p.digits(1, 2)) return false;
    return p.done() || (p.take(":") && p.digits(2, 2) && p.done());
  }

private:
  Plain from(size_t at) const {
    Plain p = *this;
    p.m_at = at;
    return p;
  }
  std::string_view rest() const { return m_text.substr(m_at); }
  bool done() const { return m_at == m_text.size(); }
  size_t sign() const { return !m_text.empty() && (m_text[0] == '-' || m_text[0] == '+') ? 1 : 0; }
  bool take(std::string_view word) {
    if (!rest().starts_with(word)) return false;
    m_at += word.size();
    return true;
  }
  bool one(std::string_view set) {
    if (done() || set.find(m_text[m_at]) == std::string_view::npos) return false;
    ++m_at;
    return true;
  }
  // As many of `set` as there are; any() takes none too, some() at least one.
  size_t any(std::string_view set) {
    const size_t start = m_at;
    while (one(set)) {
    }
    return m_at - start;
  }
  bool some(std::string_view set) { return any(set) > 0; }
  // Between `least` and `most` digits, followed by no other digit; their count, 0 if not.
  size_t digits(size_t least, size_t most) {
    const size_t start = m_at;
    const size_t count = any("0123456789");
    if (count >= least && count <= most) return count;
    m_at = start;
    return 0;
  }
  // (:[0-5]?[0-9])+ where nothing but ':' or '.' or the end may follow a group.
  bool sexagesimal() {
    size_t groups = 0;
    while (take(":")) {
      const size_t start = m_at;
      const size_t count = any("0123456789");
      if (count == 0 || count > 2 || (count == 2 && m_text[start] > '5')) return false;
      ++groups;
    }
    return groups > 0;
  }
  // ([eE][-+][0-9]+)?
  bool exponent() {
    if (!one("eE")) return true;
    return one("-+") && some("0123456789");
  }

  std::string_view m_text;
  size_t m_at = 0;
};

} // namespace

std::optional<std::string> yaml11_non_text(std::string_view plain) {
  // PyYAML's implicit resolvers (YAML 1.1), tried only on the first
  // characters they are registered for, as PyYAML does.
  if (plain.empty()) return std::nullopt;
  const char first = plain.front();
  if (plain.size() <= 5 && std::string_view("yYnNtTfFoO").find(first) != std::string_view::npos) {
    if (is_one_of(plain, {"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})) return "the boolean true";
    if (is_one_of(plain, {"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})) {
      return "the boolean false";
    }
  }
  if (is_one_of(plain, {"~", "null", "Null", "NULL"})) return "null (no value)";
  if (plain == "<<") return "a merge key";
  if (plain == "=") return "a value key";
  if (std::string_view("-+.0123456789").find(first) == std::string_view::npos) return std::nullopt;
  const Plain text(plain);
  if (text.whole_int() || text.whole_float()) return "a number";
  if (text.whole_timestamp()) return "a date";
  return std::nullopt;
}

std::string content_key(const YamlNode& node) {
  switch (node.kind) {
  case YamlNode::Kind::null: return "~";
  case YamlNode::Kind::scalar: return fmt::format("{}{}:{}", node.quoted ? 'q' : 'p', node.value.size(), node.value);
  case YamlNode::Kind::sequence: {
    std::string out = "[";
    for (const auto& item : node.items) out += content_key(item);
    return out + "]";
  }
  case YamlNode::Kind::map: {
    std::string out = "{";
    for (const auto& [key, value] : node.entries) out += content_key(key) + content_key(value);
    return out + "}";
  }
  }
  return {};
}

std::string place_message(std::string_view path, const SourcePlace& place, std::string_view message) {
  return fmt::format("{}:{}:{}: {}", path, place.line, place.column, message);
}

YamlNode read_with_yaml_cpp(const std::string& path, std::string_view text) {
  std::istringstream stream{std::string(text)};
  TreeBuilder builder(path, text);
  try {
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(builder)) {
      if (builder.documents() > 1) {
        throw Error(ExitCode::data,
                    fmt::format("{}: more than one YAML document ('---'); a coach file holds one", path));
      }
    }
  } catch (const YAML::DeepRecursion& e) {
    fail(path, place_at(text, e.mark.pos < 0 ? 0 : static_cast<size_t>(e.mark.pos)), "nesting too deep");
  } catch (const YAML::Exception& e) {
    SourcePlace place{e.mark.line + 1, e.mark.column + 1, e.mark.pos < 0 ? 0 : static_cast<size_t>(e.mark.pos)};
    if (e.mark.is_null()) {
      place = {1, 1, 0};
    }
    fail(path, place, fmt::format("not valid YAML: {}", e.msg));
  } catch (const std::bad_alloc&) {
    throw Error(ExitCode::data, fmt::format("{}: too large or too deeply nested to read", path));
  }
  if (builder.documents() > 1) {
    throw Error(ExitCode::data, fmt::format("{}: more than one YAML document ('---'); a coach file holds one", path));
  }
  return builder.take_root();
}

YamlDocument parse_yaml(std::string path, std::string text) {
  check_raw_yaml_text(path, text);
  YamlDocument doc;
  doc.path = std::move(path);
  doc.text = std::move(text);
  // yaml-cpp skips a byte order mark and counts offsets after it, so both
  // readers get the text without it and the offsets are moved back: edits
  // insert at offsets into the whole text.
  const size_t bom = starts_with(doc.text, "\xEF\xBB\xBF") ? 3 : 0;
  const std::string_view body = std::string_view(doc.text).substr(bom);
  if (auto root = read_block_subset(body)) {
    doc.root = std::move(*root);
  } else {
    doc.root = read_with_yaml_cpp(doc.path, body);
  }
  if (bom > 0) shift_offsets(doc.root, bom);
  assign_ends(doc.root, doc.text.size());
  return doc;
}

} // namespace coach
