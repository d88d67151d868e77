#include "targets.hpp"

#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include <coach/date.hpp>
#include <coach/error.hpp>
#include <coach/meeting_template.hpp>
#include <coach/rep_file.hpp>
#include <coach/settings.hpp>
#include <coach/text.hpp>
#include <coach/yaml_subset.hpp>
#include <coach/yaml_tree.hpp>

namespace coach::fuzz {

void rep_file(std::string_view data) {
  try {
    const YamlDocument doc = parse_yaml("fuzz.yaml", std::string(data));
    Rep rep = read_rep(doc);
    // An edit either reads back exactly or is refused; it never corrupts.
    Record record;
    record.kind = "1on1";
    record.id = "fzzzzz";
    record.date = *Date::parse_iso("2026-11-25");
    record.fields.set(*find_kind("1on1")->field(field::notes), std::string("fuzz\n"));
    const std::string edited = text_with_record_appended(doc, record);
    rep.records.push_back(record);
    try {
      verify_edit("fuzz.yaml", edited, rep);
    } catch (const Error& e) {
      if (e.code() != ExitCode::internal) throw;
    }
    if (!rep.records.empty() && !rep.records.front().promises.empty() &&
        !rep.records.front().promises.front().id.empty()) {
      PromiseChange change;
      change.done = *Date::parse_iso("2026-11-25");
      try {
        text_with_promise_changed(doc, rep.records.front().promises.front().id, change);
      } catch (const Error&) {
      }
    }
  } catch (const Error&) {
  }
}

void settings(std::string_view data) {
  try {
    read_settings(parse_yaml("coach.yaml", std::string(data)));
  } catch (const Error&) {
  }
}

void date(std::string_view data) {
  const Date today = *Date::parse_iso("2026-11-25");
  const std::string text(data);
  Date::parse_iso(text);
  parse_user_date(text, today, DateDirection::past);
  parse_user_date(text, today, DateDirection::future);
}

void meeting_template(std::string_view data) {
  try {
    parse_meeting_template(data, *find_kind(kind_one_on_one));
  } catch (const Error&) {
  }
  try {
    parse_promise_spec(data, Owner::manager);
  } catch (const Error&) {
  }
}

namespace {

std::string describe(const YamlNode& n) {
  static const char* const kinds[] = {"null", "scalar", "sequence", "map"};
  return fmt::format("{} at {}:{}+{} quoted={} flow={} value='{}'", kinds[static_cast<int>(n.kind)], n.place.line,
                     n.place.column, n.place.offset, n.quoted, n.flow, n.value);
}

// The first way `fast` differs from `full`, or "" when they are the same tree.
std::string first_difference(const YamlNode& fast, const YamlNode& full, const std::string& where) {
  if (fast.kind != full.kind || fast.value != full.value || fast.quoted != full.quoted || fast.flow != full.flow ||
      fast.place.line != full.place.line || fast.place.column != full.place.column ||
      fast.place.offset != full.place.offset || fast.items.size() != full.items.size() ||
      fast.entries.size() != full.entries.size()) {
    return fmt::format("{}: fast reader has {} ({} items, {} entries), yaml-cpp has {} ({} items, {} entries)", where,
                       describe(fast), fast.items.size(), fast.entries.size(), describe(full), full.items.size(),
                       full.entries.size());
  }
  for (size_t i = 0; i < fast.items.size(); ++i) {
    auto d = first_difference(fast.items[i], full.items[i], fmt::format("{}[{}]", where, i));
    if (!d.empty()) return d;
  }
  for (size_t i = 0; i < fast.entries.size(); ++i) {
    const std::string key = fmt::format("{}.{}", where, full.entries[i].key.value);
    auto d = first_difference(fast.entries[i].key, full.entries[i].key, key + " (key)");
    if (d.empty()) d = first_difference(fast.entries[i].value, full.entries[i].value, key);
    if (!d.empty()) return d;
  }
  return {};
}

} // namespace

bool yaml_subset_reads(std::string_view data) {
  try {
    check_raw_yaml_text("fuzz.yaml", data); // what is refused here never reaches either reader
  } catch (const Error&) {
    return false;
  }
  const auto fast = read_block_subset(data);
  if (!fast) return false;
  YamlNode full;
  try {
    full = read_with_yaml_cpp("fuzz.yaml", data);
  } catch (const Error& e) {
    throw std::logic_error(fmt::format("the fast reader accepts what yaml-cpp refuses: {}", e.what()));
  }
  if (auto d = first_difference(*fast, full, "root"); !d.empty()) throw std::logic_error(d);
  return true;
}

void yaml_subset(std::string_view data) {
  yaml_subset_reads(data);
}

} // namespace coach::fuzz
