#pragma once

// `coach calendar`: the coming 1:1s and other coaching activities as all-day
// events, and the promises as to-dos, in an iCalendar file (RFC 5545) that a
// calendar imports or subscribes to. The text is written by libical.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <coach/chunked_sequence.hpp>
#include <coach/model.hpp>

namespace coach {

/// How a to-do stands: open (NEEDS-ACTION), kept (COMPLETED) or dropped (CANCELLED).
enum class TodoStatus { needs_action, completed, cancelled };

/// One entry of the calendar, computed from the data before it is written.
struct CalendarEntry {
  enum class Type { event, todo };
  Type type = Type::event;
  std::string uid; // stable: made from what the entry is about, never from the run
  std::string summary;
  std::string description;
  std::optional<Date> date;                     // an event's day (DTSTART); a to-do's due date (DUE), if any
  TodoStatus status = TodoStatus::needs_action; // to-dos only
  std::optional<Date> closed;                   // to-dos kept or dropped: the day
  bool operator==(const CalendarEntry&) const = default;
};

/// What `coach calendar` asks for.
struct CalendarRequest {
  Date today;
  std::string team_slug;  // the team part of every UID (calendar_team_slug)
  bool mine_only = false; // --mine: only the manager's promises among the to-dos
  int closed_within = 30; // promises kept or dropped in the last N days are written closed
};

/// The team part of every UID, so that two teams' calendars never share one:
/// the slug of coach.yaml's `team:`, else of the data directory's name, else "team".
std::string calendar_team_slug(std::string_view team_name, const std::filesystem::path& data_dir);

/// The calendar's entries, built one rep at a time (DataDir::for_each_rep),
/// each rep free to go once add() returns: per active rep (archived ones are
/// left out) an event for the next 1:1 and for the next of each other activity
/// the policy tracks, an event for the next team meeting, then a to-do per open
/// promise and per promise closed in the last `closed_within` days. An activity
/// already due is placed on today; one whose day falls while the rep (or the
/// team) is away, on the day after the absence. No record's notes ever appear.
class CalendarBuilder {
public:
  /// `policy` with `since` settled over every file (settle_since); `started`
  /// is activity_starts of the active reps' files; `team_files` must outlive the builder.
  CalendarBuilder(Policy policy, std::map<std::string, Date, std::less<>> started, const std::vector<Rep>& team_files,
                  CalendarRequest request);
  CalendarBuilder(Policy, std::map<std::string, Date, std::less<>>, const std::vector<Rep>&&,
                  CalendarRequest) = delete; // it keeps a reference to the team files
  /// A rep file's rep, in load_reps' order; the team meetings' actions that concern it are attached to it here.
  void add(Rep& rep);
  /// The entries: the team meeting's event, the reps' events in the order
  /// added, then the to-dos (open ones by due date, the most overdue first and
  /// undated last, then closed ones newest first).
  /// Kept in chunks, not a vector: 100,000 to-dos in a doubling vector were a
  /// fifth of a large calendar's memory while it grew.
  ChunkedSequence<CalendarEntry> finish();

private:
  void add_todos(const Rep& rep);

  Policy m_policy;
  std::map<std::string, Date, std::less<>> m_started;
  const std::vector<Rep>& m_team_files;
  CalendarRequest m_request;
  std::vector<CalendarEntry> m_events;
  ChunkedSequence<CalendarEntry> m_open;
  std::vector<uint32_t> m_open_rep;   // each open to-do's rep, in m_rep_ids (the sort's tie-break)
  std::vector<std::string> m_rep_ids; // the reps whose to-dos were added, in that order
  ChunkedSequence<CalendarEntry> m_closed;
};

/// The same entries for reps already read (settles `since` and the activities' starts from them).
std::vector<CalendarEntry> calendar_entries(const Settings& settings, std::vector<Rep> reps,
                                            const std::vector<Rep>& team_files, const CalendarRequest& request);

/// What the VCALENDAR says of itself.
struct CalendarHeader {
  std::string product_version;    // PRODID -//coach//coach VERSION//EN
  std::string name;               // X-WR-CALNAME, the name a subscribing calendar shows
  std::chrono::sys_seconds stamp; // DTSTAMP of every entry: when the file was written (UTC)
};

/// The iCalendar text of `entries`, made with libical (escaping, folding at
/// 75 octets, CRLF line ends). Control characters other than tab and line
/// feed, which iCalendar text cannot hold, are written as spaces.
std::string render_icalendar(std::vector<CalendarEntry> entries, const CalendarHeader& header);
/// The same text handed to `write` a piece at a time (a batch of entries
/// each), never held whole; a batch's entries are freed once written.
void write_icalendar(ChunkedSequence<CalendarEntry> entries, const CalendarHeader& header,
                     const std::function<void(std::string_view)>& write);
void write_icalendar(std::vector<CalendarEntry> entries, const CalendarHeader& header,
                     const std::function<void(std::string_view)>& write);

} // namespace coach
