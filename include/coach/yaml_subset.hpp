#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <coach/yaml_tree.hpp>

namespace coach {

/// The fast reader behind parse_yaml. yaml-cpp reads about 10 MB/s, which
/// made a cold report over a sales organization take seconds; this reader
/// covers the block-style subset that coach writes and people hand-edit
/// (block maps and lists, simple keys, plain and one-line quoted scalars, `|`
/// blocks, `[]` and `{}`, comments) at a few hundred MB/s.
///
/// It returns the very tree yaml-cpp's path would build, positions included,
/// or nullopt as soon as the text leaves the subset or looks wrong in any way
/// (tabs, CR, flow collections, multi-line plain or quoted scalars, anchors,
/// tags, duplicate keys, deep nesting, ...). It never reports an error itself:
/// parse_yaml then reads the text with yaml-cpp, which has the final word and
/// gives the message. Expects text that passed check_raw_yaml_text, so the
/// only characters it has to look out for itself are tabs and CR. The unit
/// tests and a fuzz target compare both readers.
std::optional<YamlNode> read_block_subset(std::string_view text);

/// The checks parse_yaml makes on the raw bytes before either reader runs:
/// size, valid UTF-8, NUL and other control characters, lone CR, U+0085,
/// U+2028, U+2029, a second byte order mark, git conflict markers. Throws
/// coach::Error (ExitCode::data) with `path:line:column: what`.
void check_raw_yaml_text(const std::string& path, std::string_view text);

/// The full reader: yaml-cpp's event parser feeding our tree, with every
/// strict check. Throws coach::Error (ExitCode::data).
///
/// Neither reader sets YamlNode::end; parse_yaml derives it from the places.
YamlNode read_with_yaml_cpp(const std::string& path, std::string_view text);

} // namespace coach
