#pragma once

// One column list per listing: each column says once its header, its JSON and
// CSV name, and how a row gives its cell and its value; the table, Markdown,
// CSV and JSON renderers below all work from that one list.
#include <algorithm>
#include <concepts>
#include <cstdint>
#include <exception>
#include <functional>
#include <ostream>
#include <ranges>
#include <string>
#include <string_view>
#include <thread>
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
  if (const auto width = plain_width(text)) return *width;
  return display_width(one_line(text));
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

/// Where a pass over `count` rows splits them between two threads: at the
/// middle from `min_count` rows on two cores; else at `count` (one thread).
inline size_t second_half_start(size_t count, size_t min_count) {
  return count < min_count || std::thread::hardware_concurrency() < 2 ? count : count / 2;
}

/// Runs `work(first, last, half)` over [0, middle) (half 0) on this thread
/// and over [middle, count) (half 1) on a thread of its own; only the first
/// when `middle` is `count`. Rethrows what either threw.
template <class Work>
void in_two_halves(size_t count, size_t middle, Work&& work) {
  if (middle >= count) {
    work(size_t{0}, count, size_t{0});
    return;
  }
  std::exception_ptr failed;
  std::thread second([&] {
    try {
      work(middle, count, size_t{1});
    } catch (...) {
      failed = std::current_exception();
    }
  });
  try {
    work(size_t{0}, middle, size_t{0});
  } catch (...) {
    second.join();
    throw;
  }
  second.join();
  if (failed) std::rethrow_exception(failed);
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
  // A long listing is measured and its lines made on both cores, each half of
  // the rows on one (49,000 rows: half of warm `followups`' time after start).
  constexpr size_t rows_for_two_threads = 4096;
  const size_t count = std::ranges::size(rows);
  const auto row_at = [&rows](size_t i) -> decltype(auto) { return std::ranges::begin(rows)[i]; }; // a view: a Row made
  const size_t second_half = second_half_start(count, rows_for_two_threads);                       // count: one thread
  std::vector<size_t> widest_of_half[2];
  in_two_halves(count, second_half, [&](size_t first, size_t last, size_t half) {
    std::vector<size_t>& widest = widest_of_half[half];
    widest.assign(shown_columns.size(), 0);
    for (size_t i = first; i < last; ++i) {
      decltype(auto) row = row_at(i); // a view's row is made here, once for its cells
      for (size_t c = 0; c < shown_columns.size(); ++c) {
        widest[c] = std::max(widest[c], table_cell_width(*shown_columns[c], static_cast<const Row&>(row)));
      }
    }
  });
  std::vector<size_t> widest = std::move(widest_of_half[0]);
  for (size_t c = 0; c < widest_of_half[1].size(); ++c) widest[c] = std::max(widest[c], widest_of_half[1][c]);
  const std::vector<size_t> widths = layout.fitted_widths(std::move(widest), width, indent);
  TableLayout::Lines header_lines(layout, widths, color, indent);
  if (headers) line(header_lines.header());
  // Each thread's: a line in the making, and a cell made one line.
  struct LineMaker {
    TableLayout::Lines lines;
    std::string made_one_line;
  };
  const auto line_of = [&](LineMaker& maker, const Row& row) {
    TableLayout::Lines& lines = maker.lines;
    lines.start();
    for (size_t c = 0; c < shown_columns.size(); ++c) {
      if (!lines.shown(c)) continue;
      const Column<Row>& column = *shown_columns[c];
      const Table::Cell cell = column.cell(row);
      std::string_view text = cell.shown();
      if (text.empty()) text = column.blank;
      std::optional<size_t> text_width = plain_width(text);
      if (!text_width) {
        text = maker.made_one_line = one_line(text);
        text_width = display_width(text);
      }
      lines.cell(c, text, *text_width, cell.style);
    }
    return lines.end();
  };
  LineMaker maker{header_lines, {}};
  if (!order) {
    for (const auto& row : rows) line(line_of(maker, row));
    return;
  }
  size_t line_width = indent + 1; // a line's bytes when ASCII and plain
  for (size_t w : widths) line_width += w + 2;
  if (count * line_width > (size_t{16} << 20)) {
    for (const uint32_t at : *order) line(line_of(maker, row_at(at)));
    return;
  }
  // Each half's lines in one buffer, in the rows' own order, then written in `order`.
  struct Made {
    std::string text;
    std::vector<size_t> starts; // of each row's line in `text`, and its end
  };
  // The room is made here, on the calling thread, for both: its heap lies on 2 MB pages (back_heap_with_huge_pages),
  // a new thread's on 4 KB ones, and each first touch of one was 10 us (3 MB: 750 faults, more than the thread saved).
  Made made[2];
  for (size_t half = 0; half < 2; ++half) {
    const size_t rows_of_half = half == 0 ? second_half : count - second_half;
    made[half].text.reserve(rows_of_half * line_width); // room made once, most of the time
    made[half].starts.reserve(rows_of_half + 1);
  }
  in_two_halves(count, second_half, [&](size_t first, size_t last, size_t half) {
    LineMaker own{TableLayout::Lines(layout, widths, color, indent), {}};
    Made& into = made[half];
    for (size_t i = first; i < last; ++i) {
      into.starts.push_back(into.text.size());
      into.text += line_of(own, row_at(i));
    }
    into.starts.push_back(into.text.size());
  });
  for (const uint32_t at : *order) {
    const Made& from = at < second_half ? made[0] : made[1];
    const size_t k = at < second_half ? at : at - second_half;
    line(std::string_view(from.text).substr(from.starts[k], from.starts[k + 1] - from.starts[k]));
  }
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

/// The members of the object json_of makes of a row, from the columns' keys:
/// a key "a.b" nests b in an object a, placed where the first "a." key is.
std::vector<JsonMember> json_members(const std::vector<std::string_view>& keys);

template <class Row>
void write_json_members(JsonTextWriter& json, const Columns<Row>& columns, const std::vector<JsonMember>& members,
                        const Row& row) {
  json.open_object();
  for (const JsonMember& member : members) {
    json.key(member.name);
    if (member.members.empty()) json.value(columns[member.column].value(row));
    else write_json_members(json, columns, member.members, row);
  }
  json.close();
}

/// Each of `rows` as the next item of the array `json` has open, the same
/// text as json_of's tree dumped, made a row at a time: the tree of a 49,000-row
/// listing took 180 MB and most of its time. `drain` is called after each row
/// (it may write out and clear what `json` has written so far).
template <class Row, RowsOf<Row> Rows, class Drain>
void write_json_items(JsonTextWriter& json, const Columns<Row>& columns, const Rows& rows, Drain&& drain) {
  std::vector<std::string_view> keys;
  for (const auto& column : columns) keys.push_back(column.key);
  const std::vector<JsonMember> members = json_members(keys);
  for (const auto& row : rows) {
    json.item();
    write_json_members(json, columns, members, row);
    drain();
  }
}

} // namespace coach::cli
