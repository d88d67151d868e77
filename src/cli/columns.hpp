#pragma once

// One column list per listing: each column says once its header, its JSON and
// CSV name, and how a row gives its cell and its value; the table, Markdown,
// CSV and JSON renderers below all work from that one list.
#include <algorithm>
#include <concepts>
#include <cstdint>
#include <functional>
#include <ostream>
#include <ranges>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <coach/text.hpp>

#include "output.hpp"

namespace coach::cli {

template <class Row>
struct Column {
  std::string_view header; // Markdown header, in capitals in the table ("Rep", REP); empty: only in JSON and CSV
  std::string_view key;    // JSON name ("a.b": b inside object a) and CSV header ("a_b"); empty: not there
  std::function<Table::Cell(const Row&)> cell;             // the table's and Markdown's text (and style)
  std::function<nlohmann::ordered_json(const Row&)> value; // the JSON value; the CSV field is its text
  Table::Align align = Table::Align::left;
  bool flexible = false;         // shrinks when the table is too wide
  bool droppable = false;        // left out (rightmost first) before anything shrinks
  std::string_view blank = {};   // what the table shows for an empty cell (Markdown shows nothing)
  bool markdown_escaped = false; // free text: | and line breaks escaped in Markdown
  /// The display width of the cell's shown text (0: empty), without making it: write_table measures every
  /// row's cells before it writes the first, and a formatted cell (a date, "3 days overdue") need not be
  /// made for that, nor at all in a column left out. Empty: the cell is made and measured.
  std::function<size_t(const Row&)> width = {};
};

template <class Row>
using Columns = std::vector<Column<Row>>;

/// What the renderers below take as rows: a vector of them, or a view that
/// makes each row as it is read (a long listing need not hold every row).
template <class Rows, class Row>
concept RowsOf = std::ranges::sized_range<Rows> && std::convertible_to < std::ranges::range_reference_t<Rows>,
const Row& > ;

/// "Last 1:1" as "LAST 1:1", for the table's header line.
std::string to_upper_ascii(std::string_view text);

/// The display width of `text` as a table shows it: on one line (one_line).
inline size_t shown_width(std::string_view text) {
  return has_control_byte(text) ? display_width(one_line(text)) : display_width(text);
}

/// The width of column `column`'s cell of `row` as the table shows it (its blank when empty, one line).
template <class Row>
size_t table_cell_width(const Column<Row>& column, const Row& row) {
  size_t width = 0;
  if (column.width) {
    width = column.width(row);
  } else {
    width = shown_width(column.cell(row).shown());
  }
  return width > 0 ? width : display_width(column.blank);
}

/// One step of a table's fitting: the column headed `header` (upper case) cut
/// down to `min_width`, 0 leaving it out (TableLayout::give_way).
struct GiveWay {
  std::string_view header;
  size_t min_width;
};

/// The table of `rows` (the columns with a header) written a line at a time to
/// `line` (each valid until the next call), with no cell stored: the rows are
/// read twice, once to measure each column, once to write the columns shown.
/// `give_way` are the fitting's steps, in order.
///
/// `order`, when given, is the order the rows are shown in (order[i]: the place
/// in `rows` of the i-th row shown). The rows are then read in their own order
/// and each line made into one buffer, written from there in `order`: rows that
/// lie in memory one after another but are shown sorted by something else (a
/// due date), read in the order shown, each waited on scattered memory (a third
/// of a 49,000-row listing). Lines that would hold more than 16 MB at once
/// (a very wide table) are made in `order` instead, one at a time.
template <class Row, std::ranges::random_access_range Rows>
requires RowsOf<Rows, Row>
void write_table(const Columns<Row>& columns, const Rows& rows, int width, bool color, size_t indent, bool headers,
                 const std::function<void(std::string_view)>& line, const std::vector<uint32_t>* order = nullptr,
                 const std::vector<GiveWay>& give_way = {}) {
  TableLayout layout;
  std::vector<const Column<Row>*> shown_columns; // those with a header, in the table's order
  for (const auto& column : columns) {
    if (column.header.empty()) continue;
    shown_columns.push_back(&column);
    layout.add_column(to_upper_ascii(column.header), column.align, column.flexible, column.droppable);
  }
  for (const GiveWay& step : give_way) layout.give_way(step.header, step.min_width);
  std::vector<size_t> widest(shown_columns.size());
  for (const auto& row : rows) {
    for (size_t c = 0; c < shown_columns.size(); ++c) {
      widest[c] = std::max(widest[c], table_cell_width(*shown_columns[c], static_cast<const Row&>(row)));
    }
  }
  const std::vector<size_t> widths = layout.fitted_widths(std::move(widest), width, indent);
  TableLayout::Lines lines(layout, widths, color, indent);
  if (headers) line(lines.header());
  std::string made_one_line;
  const auto line_of = [&](const Row& row) {
    lines.start();
    for (size_t c = 0; c < shown_columns.size(); ++c) {
      if (!lines.shown(c)) continue;
      const Column<Row>& column = *shown_columns[c];
      const Table::Cell cell = column.cell(row);
      std::string_view text = cell.shown();
      if (text.empty()) text = column.blank;
      if (has_control_byte(text)) text = made_one_line = one_line(text);
      lines.cell(c, text, display_width(text), cell.style);
    }
    return lines.end();
  };
  if (!order) {
    for (const auto& row : rows) line(line_of(row));
    return;
  }
  size_t line_width = indent + 1; // a line's bytes when ASCII and plain
  for (size_t w : widths) line_width += w + 2;
  const size_t made_bytes = std::ranges::size(rows) * line_width;
  if (made_bytes > (size_t{16} << 20)) {
    for (const uint32_t at : *order) line(line_of(std::ranges::begin(rows)[at]));
    return;
  }
  std::string made;
  made.reserve(made_bytes);   // room made once, most of the time
  std::vector<size_t> starts; // of each row's line in `made`, and its end
  starts.reserve(std::ranges::size(rows) + 1);
  for (const auto& row : rows) {
    starts.push_back(made.size());
    made += line_of(row);
  }
  starts.push_back(made.size());
  for (const uint32_t at : *order) line(std::string_view(made).substr(starts[at], starts[at + 1] - starts[at]));
}

/// write_table's lines written to `out` in blocks of about 64 KB.
template <class Row, std::ranges::random_access_range Rows>
requires RowsOf<Rows, Row>
void write_table(const Columns<Row>& columns, const Rows& rows, std::ostream& out, int width, bool color,
                 size_t indent = 0, bool headers = true, const std::vector<uint32_t>* order = nullptr,
                 const std::vector<GiveWay>& give_way = {}) {
  std::string block;
  const auto flush = [&] {
    out.write(block.data(), static_cast<std::streamsize>(block.size()));
    block.clear();
  };
  write_table(
      columns, rows, width, color, indent, headers,
      [&](std::string_view text) {
        block += text;
        if (block.size() >= (size_t{64} << 10)) flush();
      },
      order, give_way);
  flush();
}

/// write_table's lines as one string.
template <class Row, std::ranges::random_access_range Rows>
requires RowsOf<Rows, Row> std::string render_table(const Columns<Row>& columns, const Rows& rows, int width,
                                                    bool color, size_t indent = 0, bool headers = true) {
  std::string out;
  write_table(columns, rows, width, color, indent, headers, [&](std::string_view text) { out += text; });
  return out;
}

/// A Markdown cell of free text: | escaped, line breaks as <br>.
std::string markdown_cell(std::string_view text);

template <class Row, RowsOf<Row> Rows>
std::string markdown_of(const Columns<Row>& columns, const Rows& rows) {
  std::string header = "|";
  std::string rule = "|";
  for (const auto& column : columns) {
    if (column.header.empty()) continue;
    header += " " + std::string(column.header) + " |";
    rule += "---|";
  }
  std::string out = header + "\n" + rule + "\n";
  for (const auto& row : rows) {
    out += "|";
    for (const auto& column : columns) {
      if (column.header.empty()) continue;
      const std::string text(column.cell(row).shown());
      out += " " + (column.markdown_escaped ? markdown_cell(text) : text) + " |";
    }
    out += "\n";
  }
  return out;
}

/// A JSON value as a CSV field: a string as itself (quoted when needed), null as nothing.
std::string csv_text(const nlohmann::ordered_json& value);

template <class Row, RowsOf<Row> Rows>
std::string csv_of(const Columns<Row>& columns, const Rows& rows) {
  std::string out;
  for (const auto& column : columns) {
    if (column.key.empty()) continue;
    std::string name(column.key);
    std::replace(name.begin(), name.end(), '.', '_');
    out += (out.empty() ? "" : ",") + name;
  }
  out += "\r\n";
  for (const auto& row : rows) {
    std::string line;
    bool first = true;
    for (const auto& column : columns) {
      if (column.key.empty()) continue;
      line += (first ? "" : ",") + csv_text(column.value(row));
      first = false;
    }
    out += line + "\r\n";
  }
  return out;
}

/// Sets `key` ("a.b" nests) of `object` to `value`.
void set_json_key(nlohmann::ordered_json& object, std::string_view key, nlohmann::ordered_json value);

template <class Row>
nlohmann::ordered_json json_of(const Columns<Row>& columns, const Row& row) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (const auto& column : columns) {
    if (!column.key.empty()) set_json_key(object, column.key, column.value(row));
  }
  return object;
}

template <class Row, RowsOf<Row> Rows>
nlohmann::ordered_json json_of(const Columns<Row>& columns, const Rows& rows) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& row : rows) list.push_back(json_of(columns, row));
  return list;
}

} // namespace coach::cli
