#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <coach/date.hpp>
#include <coach/yaml_tree.hpp>

namespace coach {

/// Converts the nodes of a parsed file (a rep file, coach.yaml) to typed
/// values, with errors that name `file:line:column` and the field:
/// coach::Error (ExitCode::data).
class FieldReader {
public:
  explicit FieldReader(const YamlDocument& doc) : m_doc(doc) {}

  [[noreturn]] void fail(const YamlNode& node, std::string_view field, std::string_view problem) const;

  /// Nothing, `~` or an unquoted `null`: the field is not given.
  static bool is_absent(const YamlNode& node) {
    return node.is_null() || (node.is_scalar() && !node.quoted && (node.value == "~" || node.value == "null"));
  }

  /// Text; empty when absent. A plain scalar that YAML 1.1 readers take for
  /// a boolean, a number, a date or null (yaml11_non_text) is refused.
  std::string text(const YamlNode& node, std::string_view field) const;
  /// Text where false is also meant (`pager: false`): a plain false (no,
  /// off...) is "false"; anything else as text() takes it.
  std::string text_or_false(const YamlNode& node, std::string_view field) const;
  /// A date (YYYY-MM-DD), or nullopt when absent.
  std::optional<Date> date(const YamlNode& node, std::string_view field) const;
  /// A whole number from `low` to `high`, or nullopt when absent.
  std::optional<int> number(const YamlNode& node, std::string_view field, int low, int high) const;
  /// A whole number of `unit` from `low` to `high` that must be there: a key
  /// with no value is an error at the key's place.
  int count(const YamlNode& key, const YamlNode& node, std::string_view field, int low, int high,
            std::string_view unit) const;
  /// true or false (also yes/no, on/off, any case).
  bool flag(const YamlNode& node, std::string_view field) const;
  /// A list of text; one text alone is a list of one; empty when absent.
  std::vector<std::string> text_list(const YamlNode& node, std::string_view field) const;

  const YamlDocument& doc() const { return m_doc; }

private:
  /// Refuses a plain scalar that YAML 1.1 readers take for something other than text (yaml11_non_text).
  void check_plain_text(const YamlNode& node, std::string_view field) const;

  const YamlDocument& m_doc;
};

} // namespace coach
