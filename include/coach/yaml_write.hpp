#pragma once

#include <string>
#include <string_view>

namespace coach {

/// How coach writes text into YAML. yaml-cpp's emitter writes `yes`, `007`
/// or `2024-01-05` unquoted, which YAML 1.1 readers then turn into other
/// types, so coach writes its own scalars: plain only when the text cannot
/// be read as anything but that text, double-quoted with escapes otherwise.

/// `"..."` with every character another YAML parser could misread escaped.
std::string yaml_double_quoted(std::string_view text);

/// The text as a plain scalar when that is unambiguous, else double-quoted.
std::string yaml_scalar(std::string_view text);

/// Whether `text` survives a literal block (`|`) exactly.
bool fits_literal_block(std::string_view text);

/// A value for a `key:` line that holds notes: ` |` (or `|-`, `|+`) and the
/// lines indented by `indent` spaces when the text fits a literal block, else
/// ` "..."`. The result starts with the space after the colon and ends with a newline.
std::string yaml_notes_value(std::string_view text, int indent);

} // namespace coach
