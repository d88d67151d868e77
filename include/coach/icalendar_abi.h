/* The interface between coach and its iCalendar module (coach-icalendar.so).
 *
 * libical links ICU, whose two libraries cost every coach command about 5 ms
 * of loading and relocation at start. Only `coach calendar` writes iCalendar,
 * so libical lives in a module that coach opens (dlopen) when it writes one.
 * The interface is plain C: the module knows nothing of coach's types, and
 * coach prepares every text and date before it calls it. */
#ifndef COACH_ICALENDAR_ABI_H
#define COACH_ICALENDAR_ABI_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a structure below changes: coach refuses a module of another version. */
#define COACH_ICALENDAR_ABI 1

struct coach_ical_day {
  int year, month, day; /* year 0: no day */
};

enum coach_ical_status { coach_ical_needs_action = 0, coach_ical_completed = 1, coach_ical_cancelled = 2 };

struct coach_ical_entry {
  int is_event;    /* else a to-do */
  const char* uid; /* UTF-8, no control character but tab and line feed */
  const char* summary;
  const char* description;
  struct coach_ical_day start; /* an event's DTSTART */
  struct coach_ical_day end;   /* an event's DTEND (the day after its start) */
  struct coach_ical_day due;   /* a to-do's DUE */
  int status;                  /* a to-do's: enum coach_ical_status */
  long long completed_utc;     /* a to-do's COMPLETED, seconds since the epoch; 0: none */
};

struct coach_ical_header {
  const char* prodid;
  const char* name;    /* X-WR-CALNAME; "" for none */
  long long stamp_utc; /* DTSTAMP of every entry, seconds since the epoch */
};

/* The module's functions, found by these names with dlsym. */
int coach_ical_abi(void);
/* The calendar's text (CRLF lines folded at 75 octets), malloc'd; NULL when libical fails. */
char* coach_ical_write(const struct coach_ical_entry* entries, size_t count, const struct coach_ical_header* header);
void coach_ical_free(char* text);

#ifdef __cplusplus
}
#endif

#endif
