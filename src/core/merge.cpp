#include <coach/merge.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string_view>

#include <coach/error.hpp>
#include <coach/rep_file.hpp>
#include <coach/yaml_tree.hpp>

namespace coach {

namespace {

using Lines = std::vector<std::string>;

// The lines of `text`, each with its line feed (the last one too: a file
// without a final line feed merges as if it had one).
Lines split_lines(std::string_view text) {
  Lines lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.emplace_back(text.substr(start));
      lines.back() += '\n';
      break;
    }
    lines.emplace_back(text.substr(start, end + 1 - start));
    start = end + 1;
  }
  return lines;
}

std::string join(const Lines& lines, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += lines[i];
  return out;
}

// Beyond this many cells (lines × lines, after the common ends are cut) a
// part is not line-merged but left as a conflict: rep file parts are small.
constexpr size_t max_lcs_cells = size_t{4} << 20;

// For each line of `a`, the line of `b` it is paired with in a longest common
// subsequence, or -1; nullopt when the parts are too large to compare.
std::optional<std::vector<long>> common_lines(const Lines& a, const Lines& b) {
  std::vector<long> match(a.size(), -1);
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) {
    match[prefix] = static_cast<long>(prefix);
    ++prefix;
  }
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    match[a.size() - 1 - suffix] = static_cast<long>(b.size() - 1 - suffix);
    ++suffix;
  }
  const size_t n = a.size() - prefix - suffix;
  const size_t m = b.size() - prefix - suffix;
  if (n == 0 || m == 0) return match;
  if (n * m > max_lcs_cells) return std::nullopt;
  // lcs[i][j]: the longest common subsequence of the middles from i and j on.
  std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
  const auto at = [m](size_t i, size_t j) { return i * (m + 1) + j; };
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[at(i, j)] = a[prefix + i] == b[prefix + j] ? lcs[at(i + 1, j + 1)] + 1
                                                     : std::max(lcs[at(i + 1, j)], lcs[at(i, j + 1)]);
    }
  }
  size_t i = 0;
  size_t j = 0;
  while (i < n && j < m) {
    if (a[prefix + i] == b[prefix + j]) {
      match[prefix + i] = static_cast<long>(prefix + j);
      ++i;
      ++j;
    } else if (lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
      ++i;
    } else {
      ++j;
    }
  }
  return match;
}

bool same_lines(const Lines& a, size_t a_from, size_t a_to, const Lines& b, size_t b_from, size_t b_to) {
  return a_to - a_from == b_to - b_from &&
         std::equal(a.begin() + static_cast<long>(a_from), a.begin() + static_cast<long>(a_to),
                    b.begin() + static_cast<long>(b_from));
}

// ---------------------------------------------------------------------------
// A rep file split into parts.

struct RecordPart {
  std::string id;
  std::string text;
  const YamlNode* node = nullptr; // the record's map in the parse tree
};

// A rep file cut into parts by its parse tree; the parts, joined, are its text.
struct SplitFile {
  YamlDocument doc;
  std::string header;                  // everything before the first record's dash line
  std::vector<RecordPart> records;     // each from its dash line to the next one's
  std::string trailer;                 // after the last record's last line: low comments, blank lines, later keys
  int dash_column = -1;                // of the records' dashes, -1 without records
  std::map<std::string, size_t> index; // record id -> position in `records`

  const RecordPart* find(const std::string& id) const {
    const auto it = index.find(id);
    return it == index.end() ? nullptr : &records[it->second];
  }
};

// Why three versions are not merged record by record (the driver then line-merges the whole file).
struct NotSplit {
  std::string why;
};

std::string_view trimmed(std::string_view line) {
  const size_t first = line.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const size_t last = line.find_last_not_of(" \t\r\n");
  return line.substr(first, last + 1 - first);
}

// Splits `text` into its header, its records and its trailer. Throws NotSplit
// for a text that does not parse, or whose records cannot be told apart by
// their lines and ids. The last record ends, as `text_with_record_appended`
// sees it, with its last line that is neither blank nor a comment left of the
// dashes: what follows belongs after any record appended.
SplitFile split_rep_file(const std::string& path, std::string text, const std::string& side) {
  if (!text.empty() && text.back() != '\n') text += '\n';
  SplitFile split;
  try {
    split.doc = parse_yaml(path, std::move(text));
  } catch (const Error& e) {
    throw NotSplit{side + " does not parse: " + e.what()};
  }
  const YamlNode& root = split.doc.root;
  if (root.is_null() && trimmed(root.value).empty()) {
    // Empty, or comments alone: git gives an empty common version when both
    // sides added the file (the same rep added on two machines).
    split.header = split.doc.text;
    return split;
  }
  if (!root.is_map() || root.flow) throw NotSplit{side + " is not a block map of fields"};
  const Lines lines = split_lines(split.doc.text);

  const YamlNode* records = nullptr;
  size_t records_end = lines.size(); // the line of the key after `records:`, if any
  for (size_t k = 0; k < root.entries.size(); ++k) {
    if (root.entries[k].key.value != "records") continue;
    records = &root.entries[k].value;
    if (k + 1 < root.entries.size()) records_end = static_cast<size_t>(root.entries[k + 1].key.place.line - 1);
  }
  size_t header_end = records_end;
  size_t trailer_start = records_end;
  if (records && records->is_sequence() && !records->items.empty()) {
    if (records->flow) throw NotSplit{side + ": the records are a flow list ([...])"};
    split.dash_column = records->place.column - 1;
    const auto dash = static_cast<size_t>(split.dash_column);
    std::vector<size_t> starts;
    for (const auto& item : records->items) {
      const auto line = static_cast<size_t>(item.place.line - 1);
      const bool on_dash_line = line < lines.size() && (starts.empty() || line > starts.back()) &&
                                lines[line].find_first_not_of(' ') == dash && lines[line][dash] == '-';
      if (!on_dash_line) {
        throw NotSplit{side + ": the record at line " + std::to_string(item.place.line) +
                       " does not start on the line of its dash"};
      }
      const YamlNode* id = item.is_map() ? item.find("id") : nullptr;
      if (!id || !id->is_scalar() || id->value.empty()) {
        throw NotSplit{side + ": the record at line " + std::to_string(item.place.line) + " has no id"};
      }
      if (!split.index.emplace(id->value, split.records.size()).second) {
        throw NotSplit{side + ": two records have the id " + id->value};
      }
      split.records.push_back({id->value, {}, &item});
      starts.push_back(line);
    }
    size_t last_end = starts.back() + 1;
    for (size_t l = last_end; l < records_end; ++l) {
      const std::string_view body = trimmed(lines[l]);
      const bool low_comment = !body.empty() && body.front() == '#' && lines[l].find_first_not_of(' ') < dash;
      if (!body.empty() && !low_comment) last_end = l + 1;
    }
    for (size_t i = 0; i < starts.size(); ++i) {
      split.records[i].text = join(lines, starts[i], i + 1 < starts.size() ? starts[i + 1] : last_end);
    }
    header_end = starts.front();
    trailer_start = last_end;
  }
  split.header = join(lines, 0, header_end);
  split.trailer = join(lines, trailer_start, lines.size());
  return split;
}

// One part of the merged file: its text, or both sides' texts for a conflict.
struct Piece {
  std::string text;
  bool conflict = false;
  bool line_merged = false; // both sides changed it; their changes were merged line by line
  std::string ours;         // for a conflict (empty: the side deleted it)
  std::string theirs;
  std::string what;      // "record q4kx7m"
  std::string record_id; // empty for the header and the trailer
  // The parse trees the text must read back as (nullptr: not checked that way).
  const YamlNode* expected = nullptr;
  const YamlNode* ours_node = nullptr;
  const YamlNode* theirs_node = nullptr;
};

Piece taken(std::string text, const std::string& record_id, const YamlNode* node) {
  Piece piece;
  piece.text = std::move(text);
  piece.record_id = record_id;
  piece.expected = node;
  return piece;
}

Piece conflicting(std::string what, const std::string& record_id, const RecordPart* ours, const RecordPart* theirs) {
  Piece piece;
  piece.conflict = true;
  piece.what = std::move(what);
  piece.record_id = record_id;
  if (ours) {
    piece.ours = ours->text;
    piece.ours_node = ours->node;
  }
  if (theirs) {
    piece.theirs = theirs->text;
    piece.theirs_node = theirs->node;
  }
  return piece;
}

// The three-way merge of one part present in all three versions.
Piece merge_part(const std::string& base, const RecordPart& ours, const RecordPart& theirs, std::string what,
                 const std::string& record_id) {
  if (ours.text == theirs.text || theirs.text == base) return taken(ours.text, record_id, ours.node);
  if (ours.text == base) return taken(theirs.text, record_id, theirs.node);
  if (auto merged = merge_lines(base, ours.text, theirs.text)) {
    Piece piece = conflicting(std::move(what), record_id, &ours, &theirs);
    piece.conflict = false;
    piece.line_merged = true;
    piece.text = std::move(*merged);
    return piece;
  }
  return conflicting(std::move(what), record_id, &ours, &theirs);
}

enum class Render { markers, take_ours, take_theirs };

std::string render(const std::vector<Piece>& pieces, Render how, bool line_merges_as_conflicts, int marker_size) {
  std::string out;
  for (const auto& piece : pieces) {
    if (!piece.conflict && !(line_merges_as_conflicts && piece.line_merged)) {
      out += piece.text;
    } else if (how == Render::take_ours) {
      out += piece.ours;
    } else if (how == Render::take_theirs) {
      out += piece.theirs;
    } else {
      const auto size = static_cast<size_t>(marker_size);
      out += std::string(size, '<') + " ours\n" + piece.ours + std::string(size, '=') + "\n" + piece.theirs +
             std::string(size, '>') + " theirs\n";
    }
  }
  return out;
}

// Why `text` (the pieces rendered without markers) is not what was meant, or
// nullopt: it must split alike, hold the records in the pieces' order, each
// part taken whole from one side reading back as it did there, and read as a
// rep file when both sides did.
std::optional<std::string> misread(const std::string& path, const std::string& text, const std::vector<Piece>& pieces,
                                   Render how, bool line_merges_as_conflicts, bool must_read_as_rep) {
  SplitFile merged;
  try {
    merged = split_rep_file(path, text, "the merged file");
  } catch (const NotSplit& e) {
    return e.why;
  }
  size_t next = 0;
  for (const auto& piece : pieces) {
    if (piece.record_id.empty()) continue;
    const bool resolved = piece.conflict || (line_merges_as_conflicts && piece.line_merged);
    const YamlNode* expected = piece.expected;
    if (resolved) {
      const bool kept = !(how == Render::take_ours ? piece.ours : piece.theirs).empty();
      if (!kept) continue;
      expected = how == Render::take_ours ? piece.ours_node : piece.theirs_node;
    }
    if (next >= merged.records.size() || merged.records[next].id != piece.record_id) {
      return "record " + piece.record_id + " is not where it belongs";
    }
    if (expected && !same_content(*merged.records[next].node, *expected)) {
      return "record " + piece.record_id + " does not read back as it was written";
    }
    ++next;
  }
  if (next != merged.records.size()) return "the merged file holds records that were not merged";
  if (must_read_as_rep) {
    try {
      read_rep(merged.doc);
    } catch (const Error& e) {
      return e.what();
    }
  }
  return std::nullopt;
}

bool reads_as_rep(const SplitFile& split) {
  try {
    read_rep(split.doc);
    return true;
  } catch (const Error&) {
    return false;
  }
}

// A record we deleted and they changed: a conflict, where the record stood,
// after the nearest record before it in the common version that we kept. The
// conflicts by the id of that record, "" for before the first.
std::map<std::string, std::vector<Piece>> deleted_by_us_changed_by_them(const SplitFile& base, const SplitFile& ours,
                                                                        const SplitFile& theirs) {
  std::map<std::string, std::vector<Piece>> after_record;
  for (size_t b = 0; b < base.records.size(); ++b) {
    const RecordPart& record = base.records[b];
    const RecordPart* their_record = theirs.find(record.id);
    if (ours.find(record.id) || !their_record || their_record->text == record.text) continue;
    std::string anchor;
    for (size_t k = b; k-- > 0;) {
      if (ours.find(base.records[k].id)) {
        anchor = base.records[k].id;
        break;
      }
    }
    after_record[anchor].push_back(conflicting("record " + record.id + " (deleted on our side, changed on theirs)",
                                               record.id, nullptr, their_record));
  }
  return after_record;
}

// The merged file's pieces in order: the header, the records, the trailer.
std::vector<Piece> merged_pieces(const SplitFile& base, const SplitFile& ours, const SplitFile& theirs) {
  std::vector<Piece> pieces;
  pieces.push_back(merge_part(base.header, {"", ours.header, nullptr}, {"", theirs.header, nullptr},
                              "the rep's details (before the first record)", ""));
  const auto after_record = deleted_by_us_changed_by_them(base, ours, theirs);
  const auto place_after = [&](const std::string& anchor) {
    if (const auto it = after_record.find(anchor); it != after_record.end()) {
      pieces.insert(pieces.end(), it->second.begin(), it->second.end());
    }
  };

  place_after("");
  for (const RecordPart& record : ours.records) {
    const RecordPart* in_base = base.find(record.id);
    const RecordPart* in_theirs = theirs.find(record.id);
    if (in_base && in_theirs) {
      pieces.push_back(merge_part(in_base->text, record, *in_theirs, "record " + record.id, record.id));
    } else if (in_base) {
      // Deleted on their side: gone, unless we changed it.
      if (record.text != in_base->text) {
        pieces.push_back(conflicting("record " + record.id + " (changed on our side, deleted on theirs)", record.id,
                                     &record, nullptr));
      }
    } else if (in_theirs && in_theirs->text != record.text) {
      pieces.push_back(
          conflicting("record " + record.id + " (added on both sides, differently)", record.id, &record, in_theirs));
    } else {
      pieces.push_back(taken(record.text, record.id, record.node));
    }
    place_after(record.id);
  }
  // Records they added, in their order. (Their records we deleted were dealt with above.)
  for (const RecordPart& record : theirs.records) {
    if (!ours.find(record.id) && !base.find(record.id)) pieces.push_back(taken(record.text, record.id, record.node));
  }
  pieces.push_back(merge_part(base.trailer, {"", ours.trailer, nullptr}, {"", theirs.trailer, nullptr},
                              "the end of the file (after the last record)", ""));
  return pieces;
}

// The merge of `pieces`, checked: when parts merged line by line do not read
// back, they become conflicts too, and the check is made again.
RepMerge checked_merge(const std::string& path, const std::vector<Piece>& pieces, bool must_read_as_rep,
                       int marker_size) {
  const bool any_line_merge = std::any_of(pieces.begin(), pieces.end(), [](const Piece& p) { return p.line_merged; });
  std::string last_problem;
  for (const bool line_merges_as_conflicts : {false, true}) {
    if (line_merges_as_conflicts && !any_line_merge) break;
    RepMerge merge;
    for (const auto& piece : pieces) {
      if (piece.conflict || (line_merges_as_conflicts && piece.line_merged)) merge.conflicts.push_back(piece.what);
    }
    std::optional<std::string> problem;
    if (merge.conflicts.empty()) {
      merge.outcome = RepMerge::Outcome::merged;
      merge.text = render(pieces, Render::take_ours, line_merges_as_conflicts, marker_size);
      problem = misread(path, merge.text, pieces, Render::take_ours, line_merges_as_conflicts, must_read_as_rep);
    } else {
      // Whichever side a conflict is resolved to, the file must hold everything else.
      merge.outcome = RepMerge::Outcome::conflict;
      for (const Render side : {Render::take_ours, Render::take_theirs}) {
        if (!problem) {
          problem = misread(path, render(pieces, side, line_merges_as_conflicts, marker_size), pieces, side,
                            line_merges_as_conflicts, must_read_as_rep);
        }
      }
      merge.text = render(pieces, Render::markers, line_merges_as_conflicts, marker_size);
    }
    if (!problem) return merge;
    last_problem = *problem;
  }
  throw NotSplit{"the merged file would not read back as intended: " + last_problem};
}

RepMerge merge_split(const std::string& path, const SplitFile& base, const SplitFile& ours, const SplitFile& theirs,
                     int marker_size) {
  std::set<int> dash_columns;
  for (const SplitFile* side : {&base, &ours, &theirs}) {
    if (side->dash_column >= 0) dash_columns.insert(side->dash_column);
  }
  if (dash_columns.size() > 1) throw NotSplit{"the records are indented differently in the versions"};
  const std::vector<Piece> pieces = merged_pieces(base, ours, theirs);
  const bool must_read_as_rep = reads_as_rep(ours) && reads_as_rep(theirs);
  return checked_merge(path, pieces, must_read_as_rep, marker_size);
}

// Whether `text` has no final line break and reads differently with one (its
// last line ends a `|` or `>` block, whose text would gain the line break).
bool ends_inside_open_block(const std::string& path, const std::string& text) {
  if (text.empty() || text.back() == '\n') return false;
  try {
    return !same_content(parse_yaml(path, text).root, parse_yaml(path, text + "\n").root);
  } catch (const Error&) {
    return false; // a side that does not parse is dealt with by the split
  }
}

} // namespace

std::optional<std::string> merge_lines(const std::string& base, const std::string& ours, const std::string& theirs) {
  if (ours == theirs || theirs == base) return ours;
  if (ours == base) return theirs;
  const Lines b = split_lines(base);
  const Lines o = split_lines(ours);
  const Lines t = split_lines(theirs);
  const auto in_ours = common_lines(b, o);
  const auto in_theirs = common_lines(b, t);
  if (!in_ours || !in_theirs) return std::nullopt;
  std::string out;
  size_t i = 0; // in base
  size_t oi = 0;
  size_t ti = 0;
  while (true) {
    // Lines unchanged on both sides.
    while (i < b.size() && (*in_ours)[i] == static_cast<long>(oi) && (*in_theirs)[i] == static_cast<long>(ti)) {
      out += b[i];
      ++i;
      ++oi;
      ++ti;
    }
    // Up to the next base line both sides kept: a changed stretch.
    size_t j = i;
    while (j < b.size() && ((*in_ours)[j] < 0 || (*in_theirs)[j] < 0)) ++j;
    const size_t o_end = j < b.size() ? static_cast<size_t>((*in_ours)[j]) : o.size();
    const size_t t_end = j < b.size() ? static_cast<size_t>((*in_theirs)[j]) : t.size();
    if (i == j && oi == o_end && ti == t_end) break; // the end of all three
    if (same_lines(o, oi, o_end, b, i, j)) {
      out += join(t, ti, t_end);
    } else if (same_lines(t, ti, t_end, b, i, j) || same_lines(o, oi, o_end, t, ti, t_end)) {
      out += join(o, oi, o_end);
    } else {
      return std::nullopt;
    }
    i = j;
    oi = o_end;
    ti = t_end;
  }
  return out;
}

RepMerge merge_rep_files(const std::string& base, const std::string& ours, const std::string& theirs,
                         const std::string& path, int marker_size) {
  RepMerge result;
  marker_size = std::clamp(marker_size, 3, 100);
  // A side whose last line ends a `|` or `>` block without a line break would
  // gain one in any merge, and its text with it: both whole sides go between
  // markers instead, for the user to join.
  for (const std::string* side : {&ours, &theirs}) {
    if (!ends_inside_open_block(path, *side)) continue;
    const auto ended = [](std::string text) { return text.empty() || text.back() == '\n' ? text : text + '\n'; };
    const auto size = static_cast<size_t>(marker_size);
    result.outcome = RepMerge::Outcome::conflict;
    result.conflicts = {"the whole file (a version ends inside a block of text without a line break)"};
    result.text = std::string(size, '<') + " ours\n" + ended(ours) + std::string(size, '=') + "\n" + ended(theirs) +
                  std::string(size, '>') + " theirs\n";
    return result;
  }
  try {
    const SplitFile base_split = split_rep_file(path, base, "the common version");
    const SplitFile our_split = split_rep_file(path, ours, "our version");
    const SplitFile their_split = split_rep_file(path, theirs, "their version");
    return merge_split(path, base_split, our_split, their_split, marker_size);
  } catch (const NotSplit& e) {
    result.why = e.why;
  } catch (const std::exception& e) {
    result.why = std::string("merging failed: ") + e.what();
  }
  result.outcome = RepMerge::Outcome::not_split;
  return result;
}

} // namespace coach
