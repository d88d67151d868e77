#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <coach/date.hpp>

namespace coach {

/// The record kinds coach knows, as data: each kind is a table of fields, and
/// the reader, the renderer, the cache, audit's known keys, the editor template
/// and the JSON writer all work from that table. Adding a field to a kind is
/// one row in schema.cpp (plus its tests); adding a kind is one table.

/// How a field's value is read, written, cached and shown.
enum class FieldType : uint8_t {
  text,      // one line of text
  notes,     // free text over any number of lines; blank notes are no notes
  text_list, // a list of one-line texts (one text alone reads as a list of one)
  minutes,   // a whole number of minutes, 0 to 1440
  rating,    // a whole number from 1 to 5
  date,      // YYYY-MM-DD
  promises,  // the record's promises, kept in Record::promises
};

/// One field of a record kind.
struct FieldSpec {
  std::string_view key; // the YAML key
  FieldType type;
  bool required = false;          // the reader refuses a record without it
  std::string_view json_name;     // its name in --format json
  int template_rank = 0;          // its place in the editor template (1 first), 0: not in the template
  std::string_view template_text; // the lines the editor template shows for it
};

/// A record kind and its fields, in the order a new record writes them.
struct KindSpec {
  std::string_view kind;  // the `kind:` value, e.g. "1on1"
  std::string_view title; // how people call it, e.g. "1:1"
  std::span<const FieldSpec> fields;

  /// The field with `key`, or nullptr.
  const FieldSpec* field(std::string_view key) const;
  /// The fields in the editor template, in its order.
  std::vector<const FieldSpec*> template_fields() const;
};

/// The keys of a record's common header: every kind has them.
inline constexpr std::string_view header_keys[] = {"kind", "id", "date", "promises"};

/// The keys a record of `kind` may have: the header's and its fields'.
std::vector<std::string_view> record_keys(const KindSpec& kind);

/// Field keys of the kinds, for the code that reads them by name.
namespace field {
inline constexpr std::string_view minutes = "minutes";
inline constexpr std::string_view personal = "personal";
inline constexpr std::string_view professional = "professional";
inline constexpr std::string_view notes = "notes";
inline constexpr std::string_view promises = "promises";
} // namespace field

/// Every kind coach knows; the 1:1 first.
std::span<const KindSpec> record_kinds();

/// The kind named `kind`, or nullptr for a kind this version does not know
/// (its keys are kept as unknown keys, so a newer coach's records survive).
const KindSpec* find_kind(std::string_view kind);

/// A number that changes whenever a kind or a field (key, type, order) changes:
/// part of the cache's format, so an old cache entry is never read with a new schema.
uint64_t schema_fingerprint();

/// A field's value: text and notes hold a string, text_list a list, minutes
/// and rating an int, date a Date.
using FieldValue = std::variant<std::string, std::vector<std::string>, int, Date>;

/// The empty value of a field of `type` (its alternative of FieldValue).
FieldValue empty_value(FieldType type);

/// One field a record holds: 40 bytes, its value and which row of which
/// kind's table it is (an index, not a pointer, fits in the value's padding;
/// an organization holds hundreds of thousands of fields).
struct Field {
  [[no_unique_address]] FieldValue value;
  uint16_t id = 0; // the kind's place in record_kinds() << 8 | the row's place in the kind's table

  /// The id of `spec`, a row of one of record_kinds()' tables.
  static uint16_t id_of(const FieldSpec& spec);
  const FieldSpec& spec() const;
  bool operator==(const Field& other) const { return id == other.id && value == other.value; }
};

/// The fields a record holds, in its kind's table order; absent fields are
/// simply not there.
class RecordFields {
public:
  /// Sets the field of `spec`, a row of the record's kind (replacing its value),
  /// keeping the table's order.
  void set(const FieldSpec& spec, FieldValue value);
  const FieldValue* find(std::string_view key) const;

  /// The text of a text or notes field, or nullptr when absent.
  const std::string* text(std::string_view key) const;
  /// A text list field, empty when absent.
  const std::vector<std::string>& list(std::string_view key) const;
  /// A minutes or rating field.
  std::optional<int> number(std::string_view key) const;
  std::optional<Date> date(std::string_view key) const;

  bool empty() const { return m_fields.empty(); }
  const std::vector<Field>& all() const { return m_fields; }
  bool operator==(const RecordFields&) const = default;

private:
  std::vector<Field> m_fields;
};

} // namespace coach
