#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coach {

/// Where something stands in a file: 1-based line and column, and the byte offset.
struct SourcePlace {
  int line = 0;
  int column = 0;
  size_t offset = 0;
};

struct YamlEntry;

/// A YAML node as coach reads it: our own tree, built from yaml-cpp's event
/// parser, so no `YAML::Node` (shared by reference, slow, loses styles) is
/// ever held. Positions are kept so errors and text edits can point at the
/// exact place.
struct YamlNode {
  enum class Kind { null, scalar, sequence, map };

  Kind kind = Kind::null;
  std::string value;              // the scalar's text
  bool quoted = false;            // a quoted or block scalar: never a number, date or bool
  bool flow = false;              // a `[...]` or `{...}` collection
  SourcePlace place;              // where the node starts
  size_t end = 0;                 // offset where the next node after this one starts (or the file's size)
  std::vector<YamlNode> items;    // sequence items
  std::vector<YamlEntry> entries; // map entries, in file order

  bool is_null() const { return kind == Kind::null; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_sequence() const { return kind == Kind::sequence; }
  bool is_map() const { return kind == Kind::map; }
  /// The value under `key` in a map, or nullptr.
  const YamlNode* find(std::string_view key) const;
  /// The key node of `key` in a map, or nullptr.
  const YamlNode* find_key(std::string_view key) const;
};

/// One `key: value` of a map.
struct YamlEntry {
  YamlNode key;
  YamlNode value;
};

/// Whether two nodes hold the same data (styles and positions ignored).
bool same_content(const YamlNode& a, const YamlNode& b);

/// The data of a node in one string (styles and positions left out): two
/// nodes have the same content_key exactly when same_content() holds.
std::string content_key(const YamlNode& node);

/// A parsed file: its path (for messages), its text and its root node.
struct YamlDocument {
  std::string path;
  std::string text;
  YamlNode root;
};

/// The largest file coach parses; yaml-cpp needs ~60 bytes of memory per byte.
inline constexpr size_t max_yaml_file_size = 8 * 1024 * 1024;

/// Parses `text` strictly. Throws coach::Error (ExitCode::data) with
/// `path:line:column: what is wrong` for everything yaml-cpp rejects and for
/// what it silently accepts but would lose data: invalid UTF-8, NUL bytes, lone
/// CR line ends, git conflict markers, unclosed quotes, duplicate keys, more
/// than one document, anchors and aliases, explicit tags, nesting deeper than
/// 64 levels, files over max_yaml_file_size.
YamlDocument parse_yaml(std::string path, std::string text);

/// A whole number read from a scalar the way every YAML reader reads it:
/// decimal digits with an optional minus and no leading zero. `problem` says
/// what is wrong otherwise, with a hint ("... write 30") when the text is a
/// number that YAML 1.1 readers such as PyYAML read differently (`030` is
/// octal 24 to them, `1:30` is 90, `0x1E`, `+30`, `1_000`).
struct WholeNumber {
  std::optional<long long> value;
  std::string problem;
};
WholeNumber read_whole_number(std::string_view text);
/// The same for a quoted scalar, which every YAML reader takes as text: only
/// decimal digits (leading zeros are no octal there) are a number.
WholeNumber read_quoted_whole_number(std::string_view text);

/// What YAML 1.1 readers such as PyYAML make of a plain (unquoted) scalar
/// that is not text to them: "the boolean true", "null", "a number", "a date",
/// "a merge key"...; nullopt when they read it as text too. coach reads
/// such a scalar where it expects text only after it is quoted, so that no
/// other reader sees another value.
std::optional<std::string> yaml11_non_text(std::string_view plain);

/// `path:line:column: message`, the form of every data error.
std::string place_message(std::string_view path, const SourcePlace& place, std::string_view message);

} // namespace coach
