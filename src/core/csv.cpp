#include <coach/csv.hpp>

#include <algorithm>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/text.hpp>

namespace coach {

namespace {

// Reads one record at a time, keeping the line numbers of the whole file.
class CsvParser {
public:
  CsvParser(std::string_view path, std::string_view text) : m_path(path), m_text(text) {}

  std::vector<CsvRow> rows() {
    std::vector<CsvRow> rows;
    while (m_at < m_text.size()) {
      CsvRow row = record();
      const bool blank = row.fields.size() == 1 && row.fields.front().empty() && !m_last_was_quoted;
      if (!blank) rows.push_back(std::move(row));
    }
    return rows;
  }

private:
  [[noreturn]] void fail(int line, std::string_view what) const {
    throw Error(ExitCode::data, fmt::format("{}:{}: {}", m_path, line, what));
  }

  bool at_record_end() const {
    return m_at >= m_text.size() || m_text[m_at] == '\n' ||
           (m_text[m_at] == '\r' && m_at + 1 < m_text.size() && m_text[m_at + 1] == '\n');
  }

  // Past the line break that ends a record (LF or CRLF), if any.
  void skip_record_end() {
    if (m_at < m_text.size() && m_text[m_at] == '\r') ++m_at;
    if (m_at < m_text.size() && m_text[m_at] == '\n') {
      ++m_at;
      ++m_line;
    }
  }

  CsvRow record() {
    CsvRow row;
    row.line = m_line;
    while (true) {
      row.fields.push_back(field(row.line));
      if (at_record_end()) break;
      ++m_at; // the comma
    }
    skip_record_end();
    return row;
  }

  std::string field(int record_line) {
    m_last_was_quoted = m_at < m_text.size() && m_text[m_at] == '"';
    return m_last_was_quoted ? quoted_field(record_line) : plain_field();
  }

  std::string plain_field() {
    const size_t start = m_at;
    while (m_at < m_text.size() && m_text[m_at] != ',' && !at_record_end()) {
      if (m_text[m_at] == '"') {
        fail(m_line, "a quote inside a field that does not start with one; put the whole field in quotes and "
                     "double the quotes inside (\"say \"\"hi\"\"\")");
      }
      if (m_text[m_at] == '\r')
        fail(m_line, "a carriage return (CR) alone ends no line; save the file with LF or "
                     "CRLF line ends");
      ++m_at;
    }
    return std::string(m_text.substr(start, m_at - start));
  }

  std::string quoted_field(int record_line) {
    ++m_at; // the opening quote
    std::string value;
    while (true) {
      if (m_at >= m_text.size()) {
        fail(record_line, "a quoted field is not closed by the end of the file; add the closing quote");
      }
      const char c = m_text[m_at++];
      if (c == '\n') ++m_line;
      if (c != '"') {
        value += c;
        continue;
      }
      if (m_at < m_text.size() && m_text[m_at] == '"') {
        value += '"';
        ++m_at;
        continue;
      }
      break;
    }
    if (m_at < m_text.size() && m_text[m_at] != ',' && !at_record_end()) {
      fail(m_line, "text after the closing quote of a field; put the whole field in quotes and double the quotes "
                   "inside");
    }
    return value;
  }

  std::string_view m_path;
  std::string_view m_text;
  size_t m_at = 0;
  int m_line = 1;
  bool m_last_was_quoted = false;
};

int line_of(std::string_view text, size_t offset) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

} // namespace

std::vector<CsvRow> parse_csv(std::string_view path, std::string_view text) {
  if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  if (const auto bad = find_invalid_utf8(text)) {
    throw Error(ExitCode::data,
                fmt::format("{}:{}: not valid UTF-8; save the file as UTF-8", path, line_of(text, *bad)));
  }
  if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
    throw Error(ExitCode::data, fmt::format("{}:{}: a NUL byte: this is not a text file; export the CSV again", path,
                                            line_of(text, nul)));
  }
  return CsvParser(path, text).rows();
}

} // namespace coach
