#include "targets.hpp"

#include <string>

#include <coach/date.hpp>
#include <coach/error.hpp>
#include <coach/meeting_template.hpp>
#include <coach/rep_file.hpp>
#include <coach/settings.hpp>
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
    record.notes = "fuzz\n";
    const std::string edited = text_with_record_appended(doc, record);
    rep.records.push_back(record);
    try {
      verify_edit("fuzz.yaml", edited, rep);
    } catch (const Error& e) {
      if (e.code() != ExitCode::internal) throw;
    }
    if (!rep.records.empty() && !rep.records.front().promises.empty() && !rep.records.front().promises.front().id.empty()) {
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
    parse_meeting_template(data);
  } catch (const Error&) {
  }
  try {
    parse_promise_spec(data, Owner::manager);
  } catch (const Error&) {
  }
}

} // namespace coach::fuzz
