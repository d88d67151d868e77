#include <coach/field_reader.hpp>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/text.hpp>

namespace coach {

void FieldReader::fail(const YamlNode& node, std::string_view field, std::string_view problem) const {
  throw Error(ExitCode::data, place_message(m_doc.path, node.place, fmt::format("{}: {}", field, problem)));
}

// A plain scalar that YAML 1.1 readers such as PyYAML take for a boolean, a
// number, a date or null is refused where text is expected: coach and they
// would hold different values. Quoted, it is text to every reader.
void FieldReader::check_plain_text(const YamlNode& node, std::string_view field) const {
  if (node.quoted) return;
  if (const auto reading = yaml11_non_text(node.value)) {
    fail(node, field,
         fmt::format("\"{}\" is {} to YAML 1.1 readers such as PyYAML, not text; quote it (\"{}\") to keep it as "
                     "text",
                     node.value, *reading, node.value));
  }
}

std::string FieldReader::text(const YamlNode& node, std::string_view field) const {
  if (is_absent(node)) return {};
  if (!node.is_scalar()) fail(node, field, "expected text, found a list or map");
  check_plain_text(node, field);
  return node.value;
}

std::string FieldReader::text_or_false(const YamlNode& node, std::string_view field) const {
  if (!node.quoted && node.is_scalar() && yaml11_non_text(node.value) == "the boolean false") return "false";
  return text(node, field);
}

bool FieldReader::flag(const YamlNode& node, std::string_view field) const {
  if (!is_absent(node) && !node.is_scalar()) fail(node, field, "expected true or false, found a list or map");
  const std::string word = to_lower(is_absent(node) ? std::string_view() : std::string_view(node.value));
  if (word == "false" || word == "no" || word == "off") return false;
  if (word == "true" || word == "yes" || word == "on") return true;
  fail(node, field, fmt::format("\"{}\" is neither true nor false", word));
}

std::optional<Date> FieldReader::date(const YamlNode& node, std::string_view field) const {
  if (is_absent(node)) return std::nullopt;
  if (!node.is_scalar()) fail(node, field, "expected a date (YYYY-MM-DD), found a list or map");
  auto parsed = Date::parse_iso(node.value);
  if (!parsed) fail(node, field, fmt::format("\"{}\" is not a date (YYYY-MM-DD)", node.value));
  return parsed;
}

std::optional<int> FieldReader::number(const YamlNode& node, std::string_view field, int low, int high) const {
  if (is_absent(node)) return std::nullopt;
  if (!node.is_scalar()) fail(node, field, "expected a whole number, found a list or map");
  const WholeNumber number = node.quoted ? read_quoted_whole_number(node.value) : read_whole_number(node.value);
  if (!number.value) fail(node, field, number.problem);
  if (*number.value < low || *number.value > high) {
    fail(node, field, fmt::format("{} is out of range ({} to {})", *number.value, low, high));
  }
  return static_cast<int>(*number.value);
}

int FieldReader::count(const YamlNode& key, const YamlNode& node, std::string_view field, int low, int high,
                       std::string_view unit) const {
  if (!node.is_scalar()) {
    // An empty value has no place of its own (the parser's is the next line's): name the key's.
    fail(node.is_null() ? key : node, field,
         fmt::format("expected a whole number of {}, found {}", unit, node.is_null() ? "nothing" : "a list or map"));
  }
  const WholeNumber number = node.quoted ? read_quoted_whole_number(node.value) : read_whole_number(node.value);
  if (!number.value) {
    const bool plain_problem = number.problem.ends_with("is not a whole number");
    fail(node, field, plain_problem ? fmt::format("{} of {}", number.problem, unit) : number.problem);
  }
  if (*number.value < low || *number.value > high) {
    fail(node, field, fmt::format("{} {} is out of range ({} to {})", *number.value, unit, low, high));
  }
  return static_cast<int>(*number.value);
}

std::vector<std::string> FieldReader::text_list(const YamlNode& node, std::string_view field) const {
  std::vector<std::string> out;
  if (is_absent(node)) return out;
  if (node.is_scalar()) { // a single topic written without a list
    check_plain_text(node, field);
    out.push_back(node.value);
    return out;
  }
  if (!node.is_sequence()) fail(node, field, "expected a list, found a map");
  for (const auto& item : node.items) {
    if (!item.is_scalar()) fail(item, field, "expected a list of text");
    check_plain_text(item, field);
    out.push_back(item.value);
  }
  return out;
}

} // namespace coach
