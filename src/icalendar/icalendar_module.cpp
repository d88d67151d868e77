// coach-icalendar.so: the calendar's text written by libical (see
// coach/icalendar_abi.h for why it is a module of its own).
#include <coach/icalendar_abi.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

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

// The calendar's text as it grows, malloc'd (coach_ical_free frees it); a failed allocation frees it.
struct Text {
  char* data = nullptr;
  size_t size = 0;
  size_t capacity = 0;
  Text() = default;
  Text(const Text&) = delete;
  Text& operator=(const Text&) = delete;
  ~Text() { std::free(data); }

  bool append(const char* text) {
    const size_t n = std::strlen(text);
    if (size + n + 1 > capacity) {
      const size_t wanted = std::max(2 * capacity, size + n + 1);
      char* grown = static_cast<char*>(std::realloc(data, wanted));
      if (!grown) return false;
      data = grown;
      capacity = wanted;
    }
    std::memcpy(data + size, text, n + 1);
    size += n;
    return true;
  }
  char* release() { return std::exchange(data, nullptr); }
};

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
  // The calendar's own lines first, then each entry's text made and its component freed in turn, as
  // icalcomponent_as_ical_string_r writes a component's subcomponents one after another: a tree of every
  // entry (100,000 at 2,000 reps) was most of a large calendar's memory.
  char* own = icalcomponent_as_ical_string_r(calendar.get());
  if (!own) return nullptr;
  Text text;
  const bool appended = text.append(own);
  icalmemory_free_buffer(own);
  static constexpr char end[] = "END:VCALENDAR\r\n";
  constexpr size_t end_size = sizeof end - 1;
  if (!appended || text.size < end_size || std::memcmp(text.data + text.size - end_size, end, end_size) != 0) {
    return nullptr;
  }
  text.size -= end_size;
  const icaltimetype stamp = ical_utc(header->stamp_utc);
  for (size_t i = 0; i < count; ++i) {
    char* entry = icalcomponent_as_ical_string_r(entry_component(entries[i], stamp).get());
    if (!entry) return nullptr;
    const bool ok = text.append(entry);
    icalmemory_free_buffer(entry);
    if (!ok) return nullptr;
  }
  if (!text.append(end)) return nullptr;
  return text.release(); // freed by coach_ical_free, whatever allocator libical was built with
}

extern "C" void coach_ical_free(char* text) {
  std::free(text);
}
