#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace coach {

/// One record of a CSV file: its fields and the line it starts on (1-based,
/// counted in the file as given, so a quoted line break moves later records down).
struct CsvRow {
  int line = 0;
  std::vector<std::string> fields;
};

/// Parses `text` as RFC 4180 CSV: fields separated by commas, records by LF
/// or CRLF, a field in double quotes may hold commas, line breaks and doubled
/// quotes (""). A UTF-8 byte order mark at the start is skipped, and so are
/// blank lines. Throws coach::Error (ExitCode::data) with `path:line: what is
/// wrong` for an unclosed quote, text after a closing quote, a quote inside an
/// unquoted field, a NUL byte, a lone CR or invalid UTF-8.
std::vector<CsvRow> parse_csv(std::string_view path, std::string_view text);

} // namespace coach
