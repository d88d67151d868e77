#include <coach/calendar.hpp>

#include <algorithm>
#include <cassert>
#include <ctime>
#include <functional>
#include <memory>
#include <numeric>

#include <fmt/format.h>

#include <coach/audit.hpp>
#include <coach/error.hpp>
#include <coach/followups.hpp>
#include <coach/icalendar_module.hpp>
#include <coach/ids.hpp>
#include <coach/settings.hpp>
#include <coach/team_file.hpp>

namespace coach {

namespace {

constexpr std::string_view uid_domain = "coach";

// The day an activity due on `due` goes in the calendar: today when it is
// already due (a day gone by is not when it can still happen), then the day
// after any absence of `rep` (the team's too) that holds it. `away_until`
// gets the last day of the absence it was moved past.
Date planned_day(const Rep& rep, const Policy& policy, Date due, Date today, std::optional<Date>& away_until) {
  Date day = std::max(due, today);
  // Absences may follow one another; a bound keeps a file with thousands of them from looping long.
  for (int hops = 0; hops < 1000; ++hops) {
    const Period* away = away_period(rep, policy, day);
    if (!away) break;
    away_until = away->to;
    day = away->to.plus_days(1);
  }
  return day;
}

// The lines an activity's DESCRIPTION shares: how often, the last one, since when due, the absence.
std::string due_description(std::string_view title, int cadence, const Record* last, Date due, Date today,
                            const std::optional<Date>& away_until) {
  std::string text = last ? fmt::format("Every {} days; the last {} on {}.", cadence, title, last->date.pretty())
                          : fmt::format("Every {} days; no {} recorded yet.", cadence, title);
  if (due < today) text += fmt::format("\nDue since {}.", due.pretty());
  if (away_until) text += fmt::format("\nAway until {}.", away_until->pretty());
  return text;
}

CalendarEntry event(std::string uid, std::string summary, std::string description, Date day) {
  CalendarEntry entry;
  entry.type = CalendarEntry::Type::event;
  entry.uid = std::move(uid);
  entry.summary = std::move(summary);
  entry.description = std::move(description);
  entry.date = day;
  return entry;
}

// How an activity other than the 1:1 is named in a UID and in a summary.
struct ActivityWords {
  std::string_view kind;
  std::string_view uid_word;
  std::string_view summary; // "{} with Priya Raman"
  std::string_view title;   // in the description
};
constexpr ActivityWords other_activities[] = {
    {kind::joint_call, "joint-call", "Joint call with {}", "joint call"},
    {kind::career, "career", "Career conversation with {}", "career conversation"},
    {kind::skills_audit, "skills-audit", "Skills audit with {}", "skills audit"},
};

// The rep's next 1:1 and the next of each other activity the policy tracks for them.
void add_rep_events(std::vector<CalendarEntry>& out, const Rep& rep, const Policy& policy,
                    const std::map<std::string, Date, std::less<>>& started, const CalendarRequest& request) {
  const Date today = request.today;
  {
    std::optional<Date> away_until;
    const Date due = next_one_on_one_due(rep, policy, today);
    const Date day = planned_day(rep, policy, due, today, away_until);
    std::string description = due_description("1:1", cadence_for(rep, policy), rep.last_one_on_one(), due, today,
                                              away_until);
    description += fmt::format("\nBefore it: coach prep {}", rep.id);
    out.push_back(event(fmt::format("next-1on1.{}.{}@{}", rep.id, request.team_slug, uid_domain),
                        fmt::format("1:1 with {}", rep.name), std::move(description), day));
  }
  for (const ActivityWords& words : other_activities) {
    const ActivityStanding s = activity_standing(rep, policy, words.kind, started, today);
    if (s.cadence == 0 || !s.since) continue; // not tracked, or the team never began it
    std::optional<Date> away_until;
    const Date day = planned_day(rep, policy, s.due(), today, away_until);
    out.push_back(event(fmt::format("next-{}.{}.{}@{}", words.uid_word, rep.id, request.team_slug, uid_domain),
                        fmt::format(fmt::runtime(words.summary), rep.name),
                        due_description(words.title, s.cadence, s.last, s.due(), today, away_until), day));
  }
}

// The team's next meeting, once it held one and while the policy tracks it.
void add_team_meeting_event(std::vector<CalendarEntry>& out, const std::vector<Rep>& team_files, const Policy& policy,
                            const CalendarRequest& request) {
  static const Rep team; // no absences or cadence of its own: only the team's count
  const int cadence = cadence_for(team, policy, kind::team_meeting);
  const Record* last = latest_team_meeting(team_files, request.today);
  if (cadence == 0 || !last) return;
  std::optional<Date> away_until;
  const Date due = last->date.plus_days(cadence);
  const Date day = planned_day(team, policy, due, request.today, away_until);
  out.push_back(event(fmt::format("next-team-meeting.{}@{}", request.team_slug, uid_domain), "Team meeting",
                      due_description("team meeting", cadence, last, due, request.today, away_until), day));
}

// Where a promise was made, for its description.
std::string made_at(const Record& record) {
  if (record.kind == kind_promise) return fmt::format("recorded on {}", record.date.pretty());
  const KindSpec* spec = record.spec();
  return fmt::format("made at the {} of {}", spec ? spec->title : std::string_view(record.kind), record.date.pretty());
}

// "Send the deck (to Priya Raman)" for yours, "Priya Raman: Update the CRM" for theirs.
std::string todo_summary(const PromiseRef& ref) {
  const Promise& p = *ref.promise;
  if (p.owner == Owner::rep) return fmt::format("{}: {}", ref.rep->name, p.text);
  const bool to_team = ref.record->kind == kind::team_meeting && p.rep.empty();
  return fmt::format("{} (to {})", p.text, to_team ? std::string("the team") : ref.rep->name);
}

CalendarEntry todo(const PromiseRef& ref, const CalendarRequest& request) {
  const Promise& p = *ref.promise;
  CalendarEntry entry;
  entry.type = CalendarEntry::Type::todo;
  entry.uid = fmt::format("promise-{}.{}@{}", p.id, request.team_slug, uid_domain);
  entry.summary = todo_summary(ref);
  entry.date = p.due;
  entry.description = fmt::format("{} {} {}, {}.", p.goal ? "Development goal" : "Promise", p.id,
                                  p.owner == Owner::manager ? "(yours)" : "(theirs)", made_at(*ref.record));
  if (p.first_due && p.due && *p.first_due != *p.due)
    entry.description += fmt::format(" First due {}.", p.first_due->pretty());
  if (p.done) {
    entry.status = TodoStatus::completed;
    entry.closed = p.done;
    entry.description += fmt::format("\nKept on {}.", p.done->pretty());
  } else if (p.dropped) {
    entry.status = TodoStatus::cancelled;
    entry.closed = p.dropped;
    entry.description += fmt::format("\nDropped on {}.", p.dropped->pretty());
  } else {
    entry.description += fmt::format("\nOnce kept: coach followups done {}", p.id);
  }
  return entry;
}

} // namespace

std::string calendar_team_slug(std::string_view team_name, const std::filesystem::path& data_dir) {
  std::string slug = slugify(team_name);
  if (slug.empty()) {
    std::error_code ec;
    auto full = std::filesystem::weakly_canonical(std::filesystem::absolute(data_dir), ec);
    if (ec) full = data_dir;
    if (full.filename().empty()) full = full.parent_path(); // "coaching/"
    slug = slugify(full.filename().string());
  }
  return slug.empty() ? "team" : slug;
}

CalendarBuilder::CalendarBuilder(Policy policy, std::map<std::string, Date, std::less<>> started,
                                 const std::vector<Rep>& team_files, CalendarRequest request)
    : m_policy(std::move(policy)), m_started(std::move(started)), m_team_files(team_files),
      m_request(std::move(request)) {
  add_team_meeting_event(m_events, m_team_files, m_policy, m_request);
}

void CalendarBuilder::add(Rep& rep) {
  if (rep.is_archived()) return;
  add_rep_events(m_events, rep, m_policy, m_started, m_request);
  attach_team_actions(rep, m_team_files); // a team meeting's action under the rep it concerns
  add_todos(rep);
}

// The rep's promises as to-dos: the open ones, and those closed in the last N days (today the Nth: 0 leaves
// every closed one out; one closed before, a calendar that imported it has closed it since).
void CalendarBuilder::add_todos(const Rep& rep) {
  const Date before_window = m_request.today.plus_days(-m_request.closed_within);
  const auto rep_at = static_cast<uint32_t>(m_rep_ids.size());
  m_rep_ids.push_back(rep.id);
  for (const Record& record : rep.records) {
    for (const Promise& p : record.promises) {
      if (m_request.mine_only && p.owner != Owner::manager) continue;
      const std::optional<Date> closed = p.done ? p.done : p.dropped;
      if (!closed) {
        m_open.push_back(todo({&rep, &record, &p}, m_request));
        m_open_rep.push_back(rep_at);
      } else if (*closed > before_window) m_closed.push_back(todo({&rep, &record, &p}, m_request));
    }
  }
}

ChunkedSequence<CalendarEntry> CalendarBuilder::finish() {
  for (const Rep& view : team_action_views(m_team_files)) add_todos(view);
  // As select_promises orders them: by due date, undated last, the same day by rep, then in the file's order.
  // Sorted through their places, then moved there in place: never two copies of them all.
  std::vector<size_t> order(m_open.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto& da = m_open[a].date;
    const auto& db = m_open[b].date;
    if (da.has_value() != db.has_value()) return da.has_value();
    if (da != db) return da < db;
    return m_rep_ids[m_open_rep[a]] < m_rep_ids[m_open_rep[b]];
  });
  m_open.permute(order);
  order.resize(m_closed.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return *m_closed[a].closed > *m_closed[b].closed; });
  m_closed.permute(order);
  ChunkedSequence<CalendarEntry> out;
  for (auto& event : m_events) out.push_back(std::move(event));
  m_events = {};
  out.append(std::move(m_open)); // a chunk freed as soon as it is moved
  out.append(std::move(m_closed));
  m_open_rep = {};
  m_rep_ids = {};
  return out;
}

std::vector<CalendarEntry> calendar_entries(const Settings& settings, std::vector<Rep> reps,
                                            const std::vector<Rep>& team_files, const CalendarRequest& request) {
  Settings settled = settings;
  settle_since(settled, reps, team_files); // as audit and report: nothing is expected before the first record
  std::vector<const Rep*> active;
  for (const Rep& rep : reps) {
    if (!rep.is_archived()) active.push_back(&rep);
  }
  CalendarBuilder builder(settled.policy, activity_starts(active), team_files, request);
  for (Rep& rep : reps) builder.add(rep);
  return builder.finish().take();
}

namespace {

// iCalendar text holds no control character but the tab (a line feed is
// escaped as \n by libical): a CR LF is a line feed, any other one a space.
std::string ical_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    out += (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f ? ' ' : text[i];
  }
  return out;
}

// libical writes dates up to the year 3000 (icaltime_is_valid_time); a later one
// would come out as DUE:00000000T000000, which no reader takes.
bool writable_in_icalendar(Date date) {
  return static_cast<int>(date.ymd().year()) <= 3000;
}

coach_ical_day ical_day(Date date) {
  const auto ymd = date.ymd();
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

int ical_status(TodoStatus status) {
  switch (status) {
  case TodoStatus::completed: return coach_ical_completed;
  case TodoStatus::cancelled: return coach_ical_cancelled;
  case TodoStatus::needs_action: break;
  }
  return coach_ical_needs_action;
}

// The entry as the module takes it, its summary and description rewritten as iCalendar text in place (the
// module's entry points into them): a copy of every entry's texts was a fifth of a large calendar's memory.
coach_ical_entry prepared(CalendarEntry& entry) {
  const bool is_event = entry.type == CalendarEntry::Type::event;
  if (!is_event && entry.date && !writable_in_icalendar(*entry.date)) {
    entry.description += fmt::format("\nDue {} (too far ahead for a calendar: no due date here).",
                                     entry.date->pretty());
  }
  entry.summary = ical_text(entry.summary);
  entry.description = ical_text(entry.description);
  coach_ical_entry e{};
  e.uid = entry.uid.c_str();
  e.summary = entry.summary.c_str();
  e.description = entry.description.c_str();
  e.is_event = is_event ? 1 : 0;
  if (is_event && entry.date) {
    e.start = ical_day(*entry.date);
    e.end = ical_day(entry.date->plus_days(1));
  } else if (!is_event && entry.date && writable_in_icalendar(*entry.date)) {
    e.due = ical_day(*entry.date);
  }
  e.status = ical_status(entry.status);
  // COMPLETED is a UTC time; coach keeps days: noon UTC is that day from UTC-11 to UTC+11.
  if (!is_event && entry.status == TodoStatus::completed && entry.closed) {
    const auto noon = std::chrono::sys_seconds(entry.closed->days()) + std::chrono::hours(12);
    e.completed_utc = noon.time_since_epoch().count();
  }
  return e;
}

} // namespace

void write_icalendar(std::vector<CalendarEntry> entries, const CalendarHeader& header,
                     const std::function<void(std::string_view)>& write) {
  ChunkedSequence<CalendarEntry> chunked;
  for (auto& entry : entries) chunked.push_back(std::move(entry));
  entries = {};
  write_icalendar(std::move(chunked), header, write);
}

void write_icalendar(ChunkedSequence<CalendarEntry> entries, const CalendarHeader& header,
                     const std::function<void(std::string_view)>& write) {
  const IcalendarModule& module = icalendar_module();
  const std::string product = fmt::format("-//coach//coach {}//EN", header.product_version);
  const std::string name = ical_text(header.name);
  const coach_ical_header plain_header{product.c_str(), name.c_str(), header.stamp.time_since_epoch().count()};
  // libical's text of `count` entries, freed once `use` has read it.
  const auto with_text = [&](const coach_ical_entry* plain, size_t count, const auto& use) {
    std::unique_ptr<char, void (*)(char*)> text(module.write(plain, count, &plain_header), module.free);
    if (!text) throw Error(ExitCode::internal, "libical could not write the calendar");
    use(std::string_view(text.get()));
  };
  // The calendar without entries gives its own lines: every batch's text is those, its entries', then the end.
  constexpr std::string_view end = "END:VCALENDAR\r\n";
  std::string head;
  with_text(nullptr, 0, [&](std::string_view text) {
    if (!text.ends_with(end)) throw Error(ExitCode::internal, "libical wrote a calendar without its END line");
    head = text.substr(0, text.size() - end.size());
  });
  write(head);
  // A batch at a time, its entries' texts freed once written: the text of 100,000 entries held by libical and
  // then copied was most of a large calendar's memory.
  constexpr size_t batch = 1024;
  std::vector<coach_ical_entry> plain; // pointing into `entries`, which is never resized from here on
  plain.reserve(std::min(batch, entries.size()));
  for (size_t first = 0; first < entries.size(); first += batch) {
    const size_t last = std::min(first + batch, entries.size());
    plain.clear();
    for (size_t i = first; i < last; ++i) {
      CalendarEntry& entry = entries[i];
      // An event needs its day; one after 3000 comes only from a mistyped date, which audit --data names.
      if (entry.type == CalendarEntry::Type::event && entry.date && !writable_in_icalendar(*entry.date)) continue;
      plain.push_back(prepared(entry));
    }
    with_text(plain.data(), plain.size(), [&](std::string_view text) {
      if (!text.starts_with(head) || !text.ends_with(end)) {
        throw Error(ExitCode::internal, "libical wrote a calendar's own lines differently from one call to the next");
      }
      write(text.substr(head.size(), text.size() - head.size() - end.size()));
    });
    for (size_t i = first; i < last; ++i) entries[i] = CalendarEntry{};
  }
  write(end);
}

std::string render_icalendar(std::vector<CalendarEntry> entries, const CalendarHeader& header) {
  std::string out;
  write_icalendar(std::move(entries), header, [&](std::string_view text) { out += text; });
  return out;
}

} // namespace coach
