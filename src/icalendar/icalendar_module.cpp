// coach-icalendar.so: the calendar's text written by libical (see
// coach/icalendar_abi.h for why it is a module of its own).
#include <coach/icalendar_abi.h>

#include <cstdlib>
#include <cstring>
#include <memory>

#include <libical/ical.h>

namespace {

// libical's objects, freed once (a component owns what is added to it).
struct ComponentFree {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

icaltimetype ical_date(const coach_ical_day& day) {
  icaltimetype t = icaltime_null_date();
  t.year = day.year;
  t.month = day.month;
  t.day = day.day;
  return t;
}

icaltimetype ical_utc(long long seconds) {
  return icaltime_from_timet_with_zone(static_cast<time_t>(seconds), 0, icaltimezone_get_utc_timezone());
}

icalproperty_status ical_status(int status) {
  switch (status) {
  case coach_ical_completed: return ICAL_STATUS_COMPLETED;
  case coach_ical_cancelled: return ICAL_STATUS_CANCELLED;
  default: return ICAL_STATUS_NEEDSACTION;
  }
}

Component entry_component(const coach_ical_entry& entry, icaltimetype stamp) {
  Component c(entry.is_event ? icalcomponent_new_vevent() : icalcomponent_new_vtodo());
  icalcomponent* raw = c.get();
  icalcomponent_add_property(raw, icalproperty_new_uid(entry.uid));
  icalcomponent_add_property(raw, icalproperty_new_dtstamp(stamp));
  if (entry.is_event && entry.start.year != 0) {
    icalcomponent_add_property(raw, icalproperty_new_dtstart(ical_date(entry.start)));
    icalcomponent_add_property(raw, icalproperty_new_dtend(ical_date(entry.end)));
    icalcomponent_add_property(raw, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT)); // blocks no time
  } else if (!entry.is_event && entry.due.year != 0) {
    icalcomponent_add_property(raw, icalproperty_new_due(ical_date(entry.due)));
  }
  icalcomponent_add_property(raw, icalproperty_new_summary(entry.summary));
  icalcomponent_add_property(raw, icalproperty_new_description(entry.description));
  icalcomponent_add_property(raw, icalproperty_new_categories("coach"));
  if (!entry.is_event) {
    icalcomponent_add_property(raw, icalproperty_new_status(ical_status(entry.status)));
    if (entry.completed_utc != 0)
      icalcomponent_add_property(raw, icalproperty_new_completed(ical_utc(entry.completed_utc)));
  }
  return c;
}

} // namespace

extern "C" int coach_ical_abi(void) {
  return COACH_ICALENDAR_ABI;
}

extern "C" char* coach_ical_write(const coach_ical_entry* entries, size_t count, const coach_ical_header* header) {
  Component calendar(icalcomponent_new_vcalendar());
  icalcomponent_add_property(calendar.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(calendar.get(), icalproperty_new_prodid(header->prodid));
  icalcomponent_add_property(calendar.get(), icalproperty_new_calscale("GREGORIAN"));
  if (header->name[0] != '\0') {
    icalproperty* name = icalproperty_new_x(header->name);
    icalproperty_set_x_name(name, "X-WR-CALNAME");
    icalcomponent_add_property(calendar.get(), name);
  }
  const icaltimetype stamp = ical_utc(header->stamp_utc);
  for (size_t i = 0; i < count; ++i)
    icalcomponent_add_component(calendar.get(), entry_component(entries[i], stamp).release());
  char* text = icalcomponent_as_ical_string_r(calendar.get());
  if (!text) return nullptr;
  char* copy = strdup(text); // freed by coach_ical_free, whatever allocator libical was built with
  icalmemory_free_buffer(text);
  return copy;
}

extern "C" void coach_ical_free(char* text) {
  std::free(text);
}
