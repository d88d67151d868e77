#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <coach/audit.hpp>
#include <coach/date.hpp>
#include <coach/model.hpp>

namespace coach::cli {

/// ANSI styles, applied only when color is on.
enum class Style : uint8_t { plain, bold, dim, red, yellow, green };
std::string styled(std::string_view text, Style style, bool color);

/// The columns of an aligned text table and how they fit a width: sized to
/// their content and, when the table is wider than the width, cut with "~" or
/// left out. What Table (every cell stored) and write_table (columns.hpp: the
/// rows read twice, no cell stored) share.
class TableLayout {
public:
  enum class Align { left, right };

  /// Adds a column; `flexible` columns shrink when the table is too wide, and
  /// `droppable` ones are left out (rightmost first) before anything shrinks.
  void add_column(std::string header, Align align = Align::left, bool flexible = false, bool droppable = false);
  /// When the table is too wide, the column headed `header` is cut down to
  /// `min_width` (0: left out) before the default (droppable columns out,
  /// flexible ones cut to 8), in the order of the calls.
  void give_way(std::string_view header, size_t min_width);
  size_t size() const { return m_columns.size(); }

  /// The width of each column, 0 for a column left out, so that the table fits
  /// `width` (0: no limit), `widest[c]` being the widest cell of column c (the
  /// headers are measured here).
  std::vector<size_t> fitted_widths(std::vector<size_t> widest, int width, size_t indent) const;

  /// Makes a table's lines with the widths fitted_widths gave: each line is
  /// started, given its shown cells in order, and ended, in one reused string.
  class Lines {
  public:
    Lines(const TableLayout& layout, std::vector<size_t> widths, bool color, size_t indent);
    bool shown(size_t column) const { return m_widths[column] > 0; }
    /// The header line, ended.
    std::string_view header();
    void start();
    /// The cell of shown column `column`: `text` (one line) is `text_width` columns wide.
    void cell(size_t column, std::string_view text, size_t text_width, Style style);
    /// The line, trailing spaces cut, ending in its line break; valid until the next start.
    std::string_view end();

  private:
    const TableLayout& m_layout;
    std::vector<size_t> m_widths;
    bool m_color;
    size_t m_indent;
    size_t m_last_shown = 0;
    std::string m_line;
    std::string m_cut; // a cell cut to its width
  };

private:
  struct Column {
    std::string header;
    Align align;
    bool flexible;
    bool droppable;
  };
  struct Step {
    size_t column;
    size_t min_width;
  };
  std::vector<Column> m_columns;
  std::vector<Step> m_steps;
};

/// An aligned text table of stored cells (see TableLayout).
class Table {
public:
  struct Cell {
    std::string text;
    Style style = Style::plain;
    /// When `text` is empty, the text shown: a view, not a copy, of text the
    /// caller keeps until the cell is added (a long listing's promise texts).
    std::string_view view = {};
    std::string_view shown() const { return text.empty() ? view : std::string_view(text); }
  };
  using Align = TableLayout::Align;

  /// Every column is added before the first row (TableLayout::add_column).
  void add_column(std::string header, Align align = Align::left, bool flexible = false, bool droppable = false);
  void add_row(const std::vector<Cell>& cells);
  /// TableLayout::give_way.
  void give_way(std::string_view header, size_t min_width) { m_layout.give_way(header, min_width); }
  bool empty() const { return m_cells.empty(); }

  /// The table as lines; `width` 0 means no limit. `indent` spaces start each
  /// line; `headers` false leaves the header line out.
  std::string render(int width, bool color, size_t indent = 0, bool headers = true) const;
  /// The same lines written to `out` one at a time, never held all at once.
  void write(std::ostream& out, int width, bool color, size_t indent = 0, bool headers = true) const;

private:
  // A cell as kept: its text in m_text, its display width measured once in
  // add_row (measured again per column, it was a fifth of a listing of tens
  // of thousands of rows). 16 bytes, where a vector of Cells per row took 320
  // and an allocation per longer text.
  struct StoredCell {
    uint32_t offset;
    uint32_t size;
    uint32_t width;
    Style style;
  };
  TableLayout m_layout;
  std::string m_text;              // every cell's text (made one line), one after another
  std::vector<StoredCell> m_cells; // row after row, one per column

  // Calls `line(text)` for each line, `text` ending in its line break and valid until the next call.
  void for_each_line(int width, bool color, size_t indent, bool headers,
                     const std::function<void(std::string_view)>& line) const;
};

/// The width every table and wrapped line keeps within: `columns` (the COLUMNS
/// variable) when it is a number of at least 40, else the terminal's width when
/// standard output is a terminal, else 80 (a file or a pipe).
int output_width(const std::optional<std::string>& columns);

/// Cuts `text` to `width` terminal columns, ending in "~" when cut (ASCII, so
/// that every terminal and font shows it in one column).
std::string fit(std::string_view text, size_t width);

/// `text` in lines of at most `width` terminal columns, broken at spaces; a
/// word longer than `width` (a long path) is broken where it reaches it.
std::vector<std::string> wrap_words(std::string_view text, size_t width);

/// `text` (lines, color escapes allowed) with every line longer than `width`
/// broken between words, the later lines indented two more than the first;
/// the other lines are left as they are.
std::string wrap_long_lines(std::string_view text, size_t width);

/// The text on one line for a table or a summary: line breaks shown as ⏎,
/// tabs and other control characters as spaces (the files keep them as typed).
std::string one_line(std::string_view text);

/// A share rounded once, half up, to four decimals, as a whole number of
/// ten-thousandths: json and csv carry it, and every percentage shown is it
/// rounded half up again ((points + 50) / 100), so that every format and every
/// command agrees. Shares are quotients of whole numbers or of amounts in cents,
/// so a true tie is never nearer than 1e-9 to another value.
long basis_points(double share);
/// A share as the tables show it: "83%" (basis_points rounded half up to a
/// whole percentage), or "-" when there is none.
std::string percent_text(const std::optional<double>& share);
/// A share as json carries it: basis_points / 10000, or null.
nlohmann::ordered_json share_json(const std::optional<double>& share);

/// A date for the JSON outputs: "YYYY-MM-DD", or null.
nlohmann::ordered_json date_json(const std::optional<Date>& date);

/// Adds to `object` every field of the record's kind (schema.hpp), under its
/// JSON name, in the table's order: null (an empty list for a text list) when
/// the record does not have it. Promises are left to the caller.
void add_fields_json(nlohmann::ordered_json& object, const Record& record);

/// The head of `rep show`'s and `prep`'s JSON: as_of, id, name, role, tags, start.
nlohmann::ordered_json rep_json_head(const Rep& rep, Date today);

/// The fields of a record's kind as a JSON object (add_fields_json into an empty object).
nlohmann::ordered_json record_fields_json(const Record& record);

/// `text` with & < > " ' as HTML entities: safe inside an element and a quoted attribute.
std::string html_escape(std::string_view text);

/// One line of free text for Markdown: every character that could start
/// inline markup or HTML backslash-escaped, so it reads as typed.
std::string markdown_escape(std::string_view line);
/// The same for a line of a paragraph: also a line that would start a block
/// (a heading, a list item, a quote, a setext underline, a code block) is
/// kept a plain line.
std::string markdown_escape_line(std::string_view line);

/// The items joined by `separator`.
std::string join(const std::vector<std::string>& items, std::string_view separator);

/// A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, quote or line break.
std::string csv_field(std::string_view text);

/// `json` as `json.dump(2)` writes it `depth` levels down in a document
/// dumped with dump(2): a large document written an element at a time, byte
/// for byte the whole one's text, never held whole (audit, remind).
void write_json_nested(std::ostream& out, const nlohmann::ordered_json& json, size_t depth);

/// `"key": [...]` one level down in a document dumped with dump(2), each item
/// written as it is added (write_json_nested), the array closed when this goes.
class JsonArrayMember {
public:
  JsonArrayMember(std::ostream& out, std::string_view key);
  ~JsonArrayMember();
  JsonArrayMember(const JsonArrayMember&) = delete;
  JsonArrayMember& operator=(const JsonArrayMember&) = delete;
  void add(const nlohmann::ordered_json& item);

private:
  std::ostream& m_out;
  bool m_empty = true;
};

/// A member of a JSON object whose value is column `column`'s, or (when
/// `members` is not empty) an object of those members (json_members).
struct JsonMember {
  std::string_view name;
  size_t column = 0;
  std::vector<JsonMember> members;
};

/// Writes a JSON document into `out` as nlohmann's dump(2) writes it, one
/// member or item at a time: a large document (a report of 2,000 reps) is
/// never held as a tree, whose nodes took four times its text. Open an object
/// or array, name each member with key() or start each item with item(), give
/// it a value() or open another, and close what was opened, innermost first.
class JsonTextWriter {
public:
  explicit JsonTextWriter(std::string& out) : m_out(out) {}
  void open_object() { open('{'); }
  void open_array() { open('['); }
  /// Starts the next member of the innermost object.
  void key(std::string_view key);
  /// Starts the next item of the innermost array.
  void item();
  /// The value of the member or item just started, or the whole document.
  void value(const nlohmann::ordered_json& value);
  /// Closes the innermost object or array: `{}` or `[]` when it holds nothing.
  void close();

private:
  void open(char bracket);
  void next(); // the separator and indent before a member or item
  struct Level {
    char close;
    bool empty;
  };
  std::string& m_out;
  std::vector<Level> m_levels;
};

/// After a read command has shown everything it could: names each file in
/// `failures` on `err` with its place (`coach: error: FILE:LINE:COLUMN: what`)
/// and throws coach::Error, whose line says the figures leave those files out;
/// exit 3 (6 when no file could even be read as bytes). Nothing when empty.
void fail_on_unreadable(const std::vector<LoadFailure>& failures, std::ostream& out, std::ostream& err);

} // namespace coach::cli
