#include "output.hpp"
#include "columns.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>
#include <ostream>
#include <span>
#include <type_traits>
#include <variant>

#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/text.hpp>

namespace coach::cli {

std::string styled(std::string_view text, Style style, bool color) {
  if (!color || style == Style::plain || text.empty()) return std::string(text);
  const char* code = "";
  switch (style) {
  case Style::bold: code = "1"; break;
  case Style::dim: code = "2"; break;
  case Style::red: code = "31"; break;
  case Style::yellow: code = "33"; break;
  case Style::green: code = "32"; break;
  case Style::plain: break;
  }
  return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
}

int output_width(const std::optional<std::string>& columns) {
  if (columns && !columns->empty() && columns->find_first_not_of("0123456789") == std::string::npos &&
      columns->size() <= 4) {
    const int n = std::stoi(*columns);
    if (n >= 40) return n; // narrower than 40 is a mistake (COLUMNS=8): the terminal or 80 then
  }
  winsize size{};
  if (::isatty(STDOUT_FILENO) == 1 && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  return 80;
}

std::string fit(std::string_view text, size_t width) {
  if (display_width(text) <= width) return std::string(text);
  if (width == 0) return {};
  std::string out;
  size_t columns = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool starts_char = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_char) {
      if (columns + 1 == width) break;
      ++columns;
    }
    out += text[i];
  }
  return out + "~";
}

namespace {

// `word` in pieces of at most `width` columns (UTF-8 characters kept whole).
std::vector<std::string> pieces_of(std::string_view word, size_t width) {
  std::vector<std::string> pieces(1);
  size_t columns = 0;
  for (size_t i = 0; i < word.size(); ++i) {
    const bool starts_char = (static_cast<unsigned char>(word[i]) & 0xC0) != 0x80;
    if (starts_char && columns == width) {
      pieces.emplace_back();
      columns = 0;
    }
    if (starts_char) ++columns;
    pieces.back() += word[i];
  }
  return pieces;
}

// The columns `text` takes on a terminal: color escapes (ESC [ ... m) take none.
size_t visible_width(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b') {
      const size_t end = text.find('m', i);
      if (end != std::string_view::npos) {
        i = end;
        continue;
      }
    }
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++width;
  }
  return width;
}

// One line longer than `width` as several, broken at spaces (see wrap_long_lines).
std::string wrap_line(std::string_view line, size_t width) {
  const size_t indent = std::min(line.find_first_not_of(' '), line.size());
  const std::string continuation(indent + 2, ' ');
  std::string out(line.substr(0, indent));
  size_t used = indent;
  bool line_empty = true;
  size_t start = indent;
  while (start <= line.size()) {
    size_t end = line.find(' ', start);
    if (end == std::string_view::npos) end = line.size();
    const std::string_view word = line.substr(start, end - start);
    start = end + 1;
    const size_t room = width > continuation.size() ? width - continuation.size() : 1;
    for (const std::string& piece :
         visible_width(word) > room ? pieces_of(word, room) : std::vector{std::string(word)}) {
      const size_t piece_width = visible_width(piece);
      if (!line_empty && used + 1 + piece_width > width) {
        out += "\n" + continuation;
        used = continuation.size();
        line_empty = true;
        if (piece.empty()) break;
      }
      out += (line_empty ? "" : " ") + piece;
      used += (line_empty ? 0 : 1) + piece_width;
      line_empty = false;
    }
  }
  return out;
}

} // namespace

std::string wrap_long_lines(std::string_view text, size_t width) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    out += visible_width(line) > width ? wrap_line(line, width) : std::string(line);
    if (end < text.size()) out += "\n";
    start = end + 1;
  }
  return out;
}

std::vector<std::string> wrap_words(std::string_view text, size_t width) {
  width = std::max<size_t>(width, 1);
  std::vector<std::string> lines(1);
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    for (const std::string& piece : pieces_of(text.substr(start, end - start), width)) {
      std::string& line = lines.back();
      if (line.empty()) line = piece;
      else if (display_width(line) + 1 + display_width(piece) <= width) line += " " + piece;
      else lines.push_back(piece);
    }
    start = end + 1;
  }
  return lines;
}

std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n' || c == '\r') out += "⏎";
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) out += ' ';
    else out += c;
  }
  return out;
}

long basis_points(double share) {
  return static_cast<long>(std::floor(share * 10000 + 0.5 + 1e-9));
}

std::string percent_text(const std::optional<double>& share) {
  return share ? fmt::format("{}%", (basis_points(*share) + 50) / 100) : "-";
}

nlohmann::ordered_json share_json(const std::optional<double>& share) {
  return share ? nlohmann::ordered_json(static_cast<double>(basis_points(*share)) / 10000)
               : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json date_json(const std::optional<Date>& date) {
  return date ? nlohmann::ordered_json(date->iso()) : nlohmann::ordered_json(nullptr);
}

void add_fields_json(nlohmann::ordered_json& object, const Record& record) {
  using Json = nlohmann::ordered_json;
  const KindSpec* kind = record.spec();
  for (const FieldSpec& spec : kind ? kind->fields : std::span<const FieldSpec>{}) {
    // Private notes stay on the manager's screens: JSON is an export (coach-files(5)).
    if (spec.type == FieldType::promises || spec.type == FieldType::goals || is_private(spec)) continue;
    const std::string name(spec.json_name);
    const FieldValue* value = record.fields.find(spec.key);
    if (!value) {
      const bool map = spec.type == FieldType::skill_ratings || spec.type == FieldType::skill_texts;
      object[name] = spec.type == FieldType::text_list ? Json::array() : map ? Json::object() : Json(nullptr);
      continue;
    }
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, Date>) object[name] = v.iso();
          else if constexpr (std::is_same_v<T, std::vector<SkillRating>>) {
            object[name] = Json::object();
            for (const auto& r : v) object[name][r.skill] = r.rating;
          } else if constexpr (std::is_same_v<T, std::vector<SkillText>>) {
            object[name] = Json::object();
            for (const auto& t : v) object[name][t.skill] = t.text;
          } else object[name] = v;
        },
        *value);
  }
}

nlohmann::ordered_json rep_json_head(const Rep& rep, Date today) {
  return nlohmann::ordered_json{{"as_of", today.iso()}, {"id", rep.id},     {"name", rep.name},
                                {"role", rep.role},     {"tags", rep.tags}, {"start", date_json(rep.start)}};
}

nlohmann::ordered_json record_fields_json(const Record& record) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  add_fields_json(object, record);
  return object;
}

std::string markdown_escape(std::string_view line) {
  std::string out;
  for (char c : line) {
    if (std::string_view("\\`*_[]<>|#~!&").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string markdown_escape_line(std::string_view line) {
  const size_t start = line.find_first_not_of(' ');
  if (start == std::string_view::npos) return "";
  line.remove_prefix(start); // four spaces would make a code block
  std::string out = markdown_escape(line);
  // A list item ("- ", "+ ", "1. ", "1) "), a setext underline ("---", "==="): escape the first mark.
  size_t digits = 0;
  while (digits < out.size() && std::isdigit(static_cast<unsigned char>(out[digits]))) ++digits;
  if (!out.empty() && (out[0] == '-' || out[0] == '+' || out[0] == '=')) out.insert(0, "\\");
  else if (digits > 0 && digits < out.size() && (out[digits] == '.' || out[digits] == ')')) out.insert(digits, "\\");
  return out;
}

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string markdown_cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += "<br>";
    else if (c != '\r') out += c;
  }
  return out;
}

std::string csv_text(const nlohmann::ordered_json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return csv_field(value.get<std::string>());
  return value.dump();
}

void set_json_key(nlohmann::ordered_json& object, std::string_view key, nlohmann::ordered_json value) {
  const size_t dot = key.find('.');
  if (dot == std::string_view::npos) {
    object[std::string(key)] = std::move(value);
    return;
  }
  auto& inner = object[std::string(key.substr(0, dot))];
  if (inner.is_null()) inner = nlohmann::ordered_json::object();
  set_json_key(inner, key.substr(dot + 1), std::move(value));
}

namespace {

void add_json_member(std::vector<JsonMember>& members, std::string_view key, size_t column) {
  const size_t dot = key.find('.');
  const std::string_view name = key.substr(0, dot);
  auto member = std::find_if(members.begin(), members.end(), [&](const JsonMember& m) { return m.name == name; });
  if (member == members.end()) member = members.insert(members.end(), JsonMember{name, column, {}});
  if (dot == std::string_view::npos) {
    member->column = column; // a key given twice: its last column, at its first place (as set_json_key)
    member->members.clear();
  } else {
    add_json_member(member->members, key.substr(dot + 1), column);
  }
}

} // namespace

std::vector<JsonMember> json_members(const std::vector<std::string_view>& keys) {
  std::vector<JsonMember> members;
  for (size_t column = 0; column < keys.size(); ++column) {
    if (!keys[column].empty()) add_json_member(members, keys[column], column);
  }
  return members;
}

std::string to_upper_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
  return out;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void TableLayout::add_column(std::string header, Align align, bool flexible, bool droppable) {
  m_columns.push_back({std::move(header), align, flexible, droppable});
}

void TableLayout::give_way(std::string_view header, size_t min_width) {
  for (size_t c = 0; c < m_columns.size(); ++c) {
    if (m_columns[c].header == header) m_steps.push_back({c, min_width});
  }
}

std::vector<size_t> TableLayout::fitted_widths(std::vector<size_t> widest, int width, size_t indent) const {
  const size_t columns = m_columns.size();
  std::vector<size_t> widths(columns);
  for (size_t c = 0; c < columns; ++c) {
    widths[c] = std::max(display_width(m_columns[c].header), c < widest.size() ? widest[c] : 0);
  }
  const std::vector<size_t> natural = widths;
  const auto total = [&] {
    size_t sum = indent;
    size_t shown = 0;
    for (size_t w : widths) {
      sum += w;
      shown += w > 0 ? 1 : 0;
    }
    return sum + (shown > 0 ? (shown - 1) * 2 : 0);
  };
  const auto too_wide = [&] { return width > 0 && total() > static_cast<size_t>(width); };
  const auto cut = [&](size_t c, size_t min_width) {
    if (widths[c] == 0) return;
    if (min_width == 0) widths[c] = 0;
    else if (widths[c] > min_width) {
      const size_t excess = total() - static_cast<size_t>(width);
      widths[c] = excess >= widths[c] - min_width ? min_width : widths[c] - excess;
    }
  };
  for (const Step& step : m_steps) {
    if (too_wide()) cut(step.column, step.min_width);
  }
  for (size_t c = m_columns.size(); c-- > 0 && too_wide();) {
    if (m_columns[c].droppable) widths[c] = 0;
  }
  while (too_wide()) { // flexible columns shrink, widest first, but never below 8 columns
    size_t widest_column = widths.size();
    for (size_t c = 0; c < widths.size(); ++c) {
      if (m_columns[c].flexible && widths[c] > 8 &&
          (widest_column == widths.size() || widths[c] > widths[widest_column])) {
        widest_column = c;
      }
    }
    if (widest_column == widths.size()) break;
    --widths[widest_column];
  }
  // A column left out by a later step leaves room: columns cut earlier take it
  // back, the last cut first ("Senior Account~" rather than "Senior ~").
  for (auto step = m_steps.rbegin(); step != m_steps.rend() && width > 0; ++step) {
    const size_t c = step->column;
    if (widths[c] == 0 || widths[c] >= natural[c] || total() >= static_cast<size_t>(width)) continue;
    widths[c] += std::min(natural[c] - widths[c], static_cast<size_t>(width) - total());
  }
  return widths;
}

TableLayout::Lines::Lines(const TableLayout& layout, std::vector<size_t> widths, bool color, size_t indent)
    : m_layout(layout), m_widths(std::move(widths)), m_color(color), m_indent(indent) {
  for (size_t c = 0; c < m_widths.size(); ++c) {
    if (m_widths[c] > 0) m_last_shown = c;
  }
}

std::string_view TableLayout::Lines::header() {
  start();
  for (size_t c = 0; c < m_widths.size(); ++c) {
    if (!shown(c)) continue;
    const std::string& text = m_layout.m_columns[c].header;
    cell(c, text, display_width(text), Style::bold);
  }
  return end();
}

void TableLayout::Lines::start() {
  m_line.assign(m_indent, ' ');
}

void TableLayout::Lines::cell(size_t column, std::string_view text, size_t text_width, Style style) {
  const size_t width = m_widths[column];
  const bool cut = text_width > width;
  if (cut) { // its first width - 1 characters and "~" (ASCII, one column in every terminal and font)
    size_t characters = 0;
    size_t end = 0;
    for (; end < text.size(); ++end) {
      if ((static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) continue; // inside a character
      if (characters + 1 == width) break;
      ++characters;
    }
    m_cut.assign(text.substr(0, end));
    m_cut += '~';
    text = m_cut;
  }
  const size_t pad = cut ? 0 : width - text_width;
  const bool last = column == m_last_shown;
  const bool right = m_layout.m_columns[column].align == Align::right;
  if (right) m_line.append(pad, ' ');
  if (m_color && style != Style::plain && !text.empty()) m_line += styled(text, style, true);
  else m_line += text;
  if (!right && !last) m_line.append(pad, ' ');
  if (!last) m_line += "  ";
}

std::string_view TableLayout::Lines::end() {
  while (!m_line.empty() && m_line.back() == ' ') m_line.pop_back();
  m_line += '\n';
  return m_line;
}

void Table::add_column(std::string header, Align align, bool flexible, bool droppable) {
  m_layout.add_column(std::move(header), align, flexible, droppable);
}

void Table::add_row(const std::vector<Cell>& cells) {
  for (size_t c = 0; c < m_layout.size(); ++c) { // a row short of cells ends in empty ones
    const Cell empty;
    const Cell& cell = c < cells.size() ? cells[c] : empty;
    std::string made_one_line; // most cells are one line already: no copy of them
    std::string_view text = cell.shown();
    if (has_control_byte(text)) text = made_one_line = one_line(text);
    if (m_text.size() + text.size() > UINT32_MAX) {
      throw Error(ExitCode::usage, "the table is over 4 GB of text: narrow it down (see --help) or use --format csv");
    }
    m_cells.push_back({static_cast<uint32_t>(m_text.size()), static_cast<uint32_t>(text.size()),
                       static_cast<uint32_t>(display_width(text)), cell.style});
    m_text += text;
  }
}

void Table::for_each_line(int width, bool color, size_t indent, bool headers,
                          const std::function<void(std::string_view)>& line) const {
  const size_t columns = m_layout.size();
  std::vector<size_t> widest(columns);
  for (size_t at = 0; at < m_cells.size(); at += columns) {
    for (size_t c = 0; c < columns; ++c) widest[c] = std::max<size_t>(widest[c], m_cells[at + c].width);
  }
  TableLayout::Lines lines(m_layout, m_layout.fitted_widths(std::move(widest), width, indent), color, indent);
  if (headers) line(lines.header());
  for (size_t at = 0; at < m_cells.size(); at += columns) {
    lines.start();
    for (size_t c = 0; c < columns; ++c) {
      if (!lines.shown(c)) continue;
      const StoredCell& cell = m_cells[at + c];
      lines.cell(c, std::string_view(m_text).substr(cell.offset, cell.size), cell.width, cell.style);
    }
    line(lines.end());
  }
}

std::string Table::render(int width, bool color, size_t indent, bool headers) const {
  std::string out;
  for_each_line(width, color, indent, headers, [&](std::string_view line) { out += line; });
  return out;
}

void Table::write(std::ostream& out, int width, bool color, size_t indent, bool headers) const {
  for_each_line(width, color, indent, headers,
                [&](std::string_view line) { out.write(line.data(), static_cast<std::streamsize>(line.size())); });
}

namespace {

// `json` as dump(2) writes it `depth` levels down in a document, given to
// `append` a piece at a time: each line after the first indented 2 * depth
// more (dump escapes the line breaks inside strings, so every one is a line's).
template <class Append>
void nested_json_pieces(const nlohmann::ordered_json& json, size_t depth, Append&& append) {
  const std::string text = json.dump(2);
  const std::string indent(2 * depth, ' ');
  const std::string_view all = text;
  size_t start = 0;
  for (size_t end; (end = all.find('\n', start)) != std::string_view::npos; start = end + 1) {
    append(all.substr(start, end + 1 - start));
    append(std::string_view(indent));
  }
  append(all.substr(start));
}

// `text` quoted, when dump() writes it so: printable ASCII with no quote or
// backslash, which need no escape. Anything else is left to dump() (its
// escapes, and its error on bytes that are not UTF-8).
bool append_plain_string(std::string& out, std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
  }
  out += '"';
  out += text;
  out += '"';
  return true;
}

// `value` as dump() writes it, when it is null, a boolean, an integer or a
// plain string (append_plain_string): the common values of a listing, without
// dump()'s string and serializer. False, and nothing written, for the rest.
bool append_plain_scalar(std::string& out, const nlohmann::ordered_json& value) {
  using Type = nlohmann::ordered_json::value_t;
  switch (value.type()) {
  case Type::null: out += "null"; return true;
  case Type::boolean: out += value.get<bool>() ? "true" : "false"; return true;
  case Type::number_integer: fmt::format_to(std::back_inserter(out), "{}", value.get<int64_t>()); return true;
  case Type::number_unsigned: fmt::format_to(std::back_inserter(out), "{}", value.get<uint64_t>()); return true;
  case Type::string: return append_plain_string(out, value.get_ref<const std::string&>());
  default: return false;
  }
}

} // namespace

void write_json_nested(std::ostream& out, const nlohmann::ordered_json& json, size_t depth) {
  nested_json_pieces(json, depth, [&](std::string_view piece) {
    out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
  });
}

void JsonTextWriter::open(char bracket) {
  m_out += bracket;
  m_levels.push_back({bracket == '{' ? '}' : ']', true});
}

void JsonTextWriter::next() {
  Level& level = m_levels.back();
  m_out += level.empty ? "\n" : ",\n";
  level.empty = false;
  m_out.append(2 * m_levels.size(), ' ');
}

void JsonTextWriter::key(std::string_view key) {
  next();
  if (!append_plain_string(m_out, key)) m_out += nlohmann::ordered_json(key).dump();
  m_out += ": ";
}

void JsonTextWriter::item() {
  next();
}

void JsonTextWriter::value(const nlohmann::ordered_json& value) {
  if (append_plain_scalar(m_out, value)) return;
  nested_json_pieces(value, m_levels.size(), [&](std::string_view piece) { m_out += piece; });
}

void JsonTextWriter::close() {
  const Level level = m_levels.back();
  m_levels.pop_back();
  if (!level.empty) {
    m_out += '\n';
    m_out.append(2 * m_levels.size(), ' ');
  }
  m_out += level.close;
}

JsonArrayMember::JsonArrayMember(std::ostream& out, std::string_view key) : m_out(out) {
  m_out << "  " << nlohmann::ordered_json(key).dump() << ": [";
}

JsonArrayMember::~JsonArrayMember() {
  m_out << (m_empty ? "]" : "\n  ]");
}

void JsonArrayMember::add(const nlohmann::ordered_json& item) {
  m_out << (m_empty ? "\n    " : ",\n    ");
  m_empty = false;
  write_json_nested(m_out, item, 2);
}

void fail_on_unreadable(const std::vector<LoadFailure>& failures, std::ostream& out, std::ostream& err) {
  if (failures.empty()) return;
  out.flush(); // what was shown comes first
  ExitCode code = failures.front().code;
  std::vector<std::string> files;
  for (const auto& failure : failures) {
    err << "coach: error: " << failure.message << "\n";
    if (failure.code == ExitCode::data) code = ExitCode::data;
    files.push_back(failure.path);
  }
  const size_t n = failures.size();
  throw Error(code, fmt::format("the figures above leave out {} file{} that cannot be read ({}); fix {} and run again",
                                n, n == 1 ? "" : "s", join(files, ", "), n == 1 ? "it" : "them"));
}

} // namespace coach::cli
