#include <coach/results_file.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/field_reader.hpp>
#include <coach/ids.hpp>
#include <coach/text.hpp>
#include <coach/yaml_write.hpp>

namespace coach {

namespace {

// Amounts beyond this lose cents in a double; no sales figure comes near it.
constexpr double max_amount = 1e15;

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "120000", "98500.5": digits, no leading zero, optional decimals; the one form
// that every YAML reader reads as this number (YAML 1.1 reads 0120 as octal).
std::optional<double> plain_decimal(std::string_view text) {
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  if (!all_digits(whole) || (whole.size() > 1 && whole.front() == '0')) return std::nullopt;
  if (dot != std::string_view::npos && !all_digits(text.substr(dot + 1))) return std::nullopt;
  const double value = std::strtod(std::string(text).c_str(), nullptr);
  if (value >= max_amount) return std::nullopt;
  return value;
}

double read_amount(const FieldReader& fields, const YamlNode& key, const YamlNode& node, std::string_view field) {
  if (FieldReader::is_absent(node)) fields.fail(node.is_null() ? key : node, field, "no amount; write 0 for none");
  if (!node.is_scalar() || node.quoted) {
    fields.fail(node, field, "expected a plain number such as 120000 or 98500.5 (not quoted, not a list or map)");
  }
  if (starts_with(node.value, "-")) fields.fail(node, field, fmt::format("{} is below 0; write 0 or more", node.value));
  const auto value = plain_decimal(node.value);
  if (!value) {
    fields.fail(node, field,
                fmt::format("\"{}\" is not a plain decimal number; write digits with an optional decimal point, "
                            "no leading zero, no sign or separators (120000, 98500.5)",
                            node.value));
  }
  return *value;
}

SalesResult read_rep_results(const FieldReader& fields, const YamlEntry& entry,
                             const std::function<bool(std::string_view)>& known_rep) {
  SalesResult result;
  result.rep_id = entry.key.value;
  result.line = entry.key.place.line;
  if (!is_rep_id(result.rep_id)) {
    fields.fail(entry.key, "reps", fmt::format("\"{}\" is not a rep id (a-z, 0-9 and -)", result.rep_id));
  }
  if (known_rep && !known_rep(result.rep_id)) {
    fields.fail(entry.key, "reps",
                fmt::format("no rep '{}' in reps/; add the rep (coach rep add) or remove this entry", result.rep_id));
  }
  if (!entry.value.is_map()) {
    fields.fail(entry.value.is_null() ? entry.key : entry.value, result.rep_id,
                "expected quota: and actual: under the rep");
  }
  bool has_quota = false;
  bool has_actual = false;
  for (const auto& [key, value] : entry.value.entries) {
    if (key.value == "quota") {
      result.quota = read_amount(fields, key, value, "quota");
      has_quota = true;
    } else if (key.value == "actual") {
      result.actual = read_amount(fields, key, value, "actual");
      has_actual = true;
    } else if (!FieldReader::is_absent(value)) {
      if (!value.is_scalar()) fields.fail(value, key.value, "an extra column holds one text, not a list or map");
      if (const std::string problem = extra_text_problem(value.value); !problem.empty()) {
        fields.fail(value, key.value, problem);
      }
      result.extra.emplace_back(key.value, value.value);
    }
  }
  if (!has_quota || !has_actual) {
    fields.fail(entry.key, result.rep_id,
                fmt::format("no `{}:`; every rep has quota: and actual:", has_quota ? "actual" : "quota"));
  }
  return result;
}

std::string file_stem(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (name.ends_with(".yaml")) name.remove_suffix(5);
  return std::string(name);
}

} // namespace

ResultsPeriod read_results_file(const YamlDocument& doc, const std::function<bool(std::string_view)>& known_rep) {
  const FieldReader fields(doc);
  const YamlNode& root = doc.root;
  if (!root.is_map()) {
    throw Error(ExitCode::data, place_message(doc.path, root.place, "expected `period:` and `reps:` (a results file)"));
  }
  const YamlNode* period_node = root.find("period");
  if (!period_node) {
    throw Error(ExitCode::data,
                place_message(doc.path, root.place, "no `period:`; a results file starts with period: 2026-Q3"));
  }
  const std::string label = fields.text(*period_node, "period");
  auto period = results_period_of(label);
  if (!period || period->label != label) {
    fields.fail(*period_node, "period",
                fmt::format("\"{}\" is neither a month (2026-10) nor a quarter (2026-Q3)", label));
  }
  const std::string stem = file_stem(doc.path);
  if (results_period_of(stem) && stem != label) {
    fields.fail(*period_node, "period",
                fmt::format("{} in the file of {}; the file of a period is named after it "
                            "(results/{}.yaml)",
                            label, stem, label));
  }
  period->path = doc.path;
  for (const auto& [key, value] : root.entries) {
    if (key.value == "period") continue;
    if (key.value != "reps") {
      period->warnings.push_back(
          place_message(doc.path, key.place,
                        fmt::format("unknown key '{}' (kept; coach reads period: and reps:)", key.value)));
      continue;
    }
    if (FieldReader::is_absent(value)) continue;
    if (!value.is_map()) fields.fail(value, "reps", "expected the reps, one `ID:` each, with quota: and actual:");
    for (const auto& entry : value.entries) period->reps.push_back(read_rep_results(fields, entry, known_rep));
  }
  return std::move(*period);
}

std::string amount_text(double amount) {
  for (int decimals = 0; decimals < 18; ++decimals) {
    std::string text = fmt::format("{:.{}f}", amount, decimals);
    if (std::strtod(text.c_str(), nullptr) == amount) return text;
  }
  return fmt::format("{:.17f}", amount);
}

std::string amount_display(double amount) {
  // As coach report shows amounts: rounded half up to cents, two decimals only when there are cents.
  const double cents = std::floor(amount * 100 + 0.5);
  const auto whole = static_cast<long long>(cents / 100);
  const auto fraction = static_cast<int>(cents - static_cast<double>(whole) * 100);
  const std::string digits = std::to_string(whole);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return fraction == 0 ? out : fmt::format("{}.{:02}", out, fraction);
}

std::string render_results_file(const ResultsPeriod& period, std::string_view source) {
  // The comment holds the file's name only when it is plain text on one line.
  const bool plain_source = !find_invalid_utf8(source) && !find_control_character(source) &&
                            source.find('\n') == std::string_view::npos && !source.empty();
  std::string text = fmt::format("# Sales results for {}, from {} (coach results import).\n", period.label,
                                 plain_source ? std::string(source) : std::string("a CSV file"));
  text += fmt::format("period: {}\n", yaml_scalar(period.label));
  if (period.reps.empty()) return text + "reps: {}\n";
  text += "reps:\n";
  for (const auto& result : period.reps) {
    text += fmt::format("  {}:\n    quota: {}\n    actual: {}\n", yaml_scalar(result.rep_id), amount_text(result.quota),
                        amount_text(result.actual));
    for (const auto& [key, value] : result.extra) {
      text += fmt::format("    {}: {}\n", yaml_scalar(key), yaml_scalar(value));
    }
  }
  return text;
}

std::optional<double> parse_csv_amount(std::string_view text, std::string* problem) {
  const std::string_view original = trim(text);
  std::string_view rest = original;
  const auto say = [&](std::string what) {
    if (problem) *problem = std::move(what);
    return std::nullopt;
  };
  if (rest.empty()) return say("empty; write an amount, 0 for none");
  if (rest.find('-') != std::string_view::npos) {
    return say(fmt::format("\"{}\" is below 0; write 0 or more", original));
  }
  for (const std::string_view sign : {"$", "\xE2\x82\xAC", "\xC2\xA3"}) { // $ € £
    if (starts_with(rest, sign)) {
      rest = trim(rest.substr(sign.size()));
    } else if (rest.ends_with(sign)) {
      rest = trim(rest.substr(0, rest.size() - sign.size()));
    }
  }
  const size_t dot = rest.find('.');
  std::string digits;
  const std::string_view whole = rest.substr(0, dot);
  const bool grouped = whole.find(',') != std::string_view::npos;
  size_t group_start = 0;
  for (size_t i = 0; i <= whole.size(); ++i) {
    if (i < whole.size() && whole[i] != ',') continue;
    const size_t size = i - group_start;
    const bool first = group_start == 0;
    if (!all_digits(whole.substr(group_start, size)) || (grouped && (first ? size > 3 : size != 3))) {
      return say(fmt::format("\"{}\" is not an amount; write digits, with an optional currency sign, thousands "
                             "commas and decimals ($120,000.50)",
                             original));
    }
    digits += whole.substr(group_start, size);
    group_start = i + 1;
  }
  if (dot != std::string_view::npos) {
    if (!all_digits(rest.substr(dot + 1))) {
      return say(fmt::format("\"{}\" is not an amount; write digits after the decimal point ($120,000.50)", original));
    }
    // Cents are the smallest unit a quota or a sale has; trailing zeros (120000.0000) are still cents.
    if (rest.substr(dot + 1).find_first_not_of('0', 2) != std::string_view::npos) {
      return say(fmt::format("\"{}\" has more than 2 decimals; an amount has at most 2 decimals (cents): round it "
                             "in the export",
                             original));
    }
    digits += rest.substr(dot);
  }
  const double value = std::strtod(digits.c_str(), nullptr);
  if (value >= max_amount) return say(fmt::format("\"{}\" is too large for an amount", original));
  return value;
}

std::string extra_text_problem(std::string_view text) {
  const auto has = [&](std::string_view what) { return text.find(what) != std::string_view::npos; };
  // NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR end a line for YAML 1.1 readers and for editors.
  if (text.find_first_of("\r\n") != std::string_view::npos || has("\xC2\x85") || has("\xE2\x80\xA8") ||
      has("\xE2\x80\xA9")) {
    return "a line break; a results file keeps each value on one line: remove it from the export";
  }
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F; // U+0080..U+009F
    if (c < 0x20 || c == 0x7F || c1) return "a control character; remove it from the export";
  }
  return {};
}

std::string extra_column_key(std::string_view header) {
  std::string key;
  bool gap = false;
  for (const char c : to_lower(header)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (gap && !key.empty()) key += '_';
      key += c;
      gap = false;
    } else {
      gap = true;
    }
  }
  return key;
}

} // namespace coach
