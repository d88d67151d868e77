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

// Finds where a quoted scalar starting at `open` closes; npos when it never does.
size_t closing_quote(std::string_view text, size_t open) {
  const char quote = text[open];
  for (size_t i = open + 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
        continue;
      }
      return i;
    }
  }
  return std::string_view::npos;
}

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
      if (closing_quote(m_text, at) == std::string_view::npos) {
        fail(m_path, node.place, "quoted text is never closed (a missing quote swallows the rest of the file)");
      }
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
    if (!same_content(a.entries[i].key, b.entries[i].key) ||
        !same_content(a.entries[i].value, b.entries[i].value)) {
      return false;
    }
  }
  return true;
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
        throw Error(ExitCode::data, fmt::format("{}: more than one YAML document ('---'); a coach file holds one", path));
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
