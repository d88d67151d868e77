#include <coach/audit.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <map>
#include <numeric>
#include <span>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include <coach/chunked_sequence.hpp>
#include <coach/followups.hpp>
#include <coach/ids.hpp>
#include <coach/rep_cache.hpp>
#include <coach/rep_file.hpp>
#include <coach/settings.hpp>
#include <coach/team_file.hpp>
#include <coach/text.hpp>
#include <coach/working_days.hpp>

namespace coach {

namespace {

std::string place_of(const std::string& path, const Origin& origin) {
  return fmt::format("{}:{}:{}", path, origin.place.line, origin.place.column);
}

bool away_on(const Rep& rep, const Policy& policy, Date day) {
  return away_period(rep, policy, day) != nullptr;
}

std::string plural(int n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// A share in whole percentage points, rounded half up, as the findings show
// it: the consistency check compares these integers, so that a rep shown 10
// points below the average is not "more than 10 points below" it. (The
// epsilon keeps a share such as 29/200, 14.4999... in binary, at 15.)
int points(double share) {
  return static_cast<int>(std::floor(share * 100 + 0.5 + 1e-9));
}

// How an activity is named in a finding: "joint call", "career conversation".
std::string_view activity_name(std::string_view kind) {
  const KindSpec* spec = find_kind(kind);
  return spec ? spec->title : kind;
}

// "28 days past the 30-day cadence and 2-day grace (3 days away not counted)".
std::string past_cadence(int over, int cadence, int grace, int days, int counted) {
  return fmt::format("{} past the {}-day cadence and {}-day grace{}", plural(over, "day"), cadence, grace,
                     counted < days ? fmt::format(" ({} away not counted)", plural(days - counted, "day")) : "");
}

// Every record and promise id audited, in the order seen, with its place:
// what finds the ids used twice once every rep has been seen and is gone. So
// it owns compact facts, no pointer into a rep: ids of the generated form
// packed into 4 bytes (others as text, a few hand-written ones), and each
// place as a few bytes (a varint of the line's difference from the last id's
// in the file, then the column). At 2,000 reps (1.3 million ids) that is
// about 9 MB, where 16-byte places would take 21 MB.
class IdSightings {
public:
  // The ids seen next are in the rep file at `path`.
  void begin_file(std::string path) {
    m_files.push_back({std::move(path), 0});
    m_last_line = 0;
  }

  void see(const std::string& id, const Origin& origin, bool promise) {
    if (id.empty()) return; // no id: nothing to be used twice
    const auto packed = pack_record_id(id);
    if (packed) m_packed.push_back(*packed);
    else m_other.push_back(id);
    put(zigzag(int64_t{origin.place.line} - m_last_line) << 2 | (promise ? 2u : 0u) | (packed ? 0u : 1u));
    put(zigzag(origin.place.column));
    m_last_line = origin.place.line;
    ++m_files.back().ids;
  }

  // Calls `repeat` for every id seen before, in the order seen, with its
  // place and the place it was first seen: `repeat(what, id, place, first)`.
  template <typename Repeat>
  void for_each_repeat(Repeat&& repeat) const {
    const std::vector<uint32_t> twice = packed_twice(); // the only packed ids whose places matter
    std::unordered_map<uint32_t, Place> first_packed;
    std::unordered_map<std::string_view, Place> first_other;
    size_t at = 0, next_packed = 0, next_other = 0;
    for (uint32_t file = 0; file < m_files.size(); ++file) {
      int64_t line = 0;
      for (size_t i = 0; i < m_files[file].ids; ++i) {
        const uint64_t head = take(at);
        line += unzigzag(head >> 2);
        const Place place{file, line, unzigzag(take(at))};
        const std::string_view what = head & 2 ? "promise" : "record";
        if (head & 1) {
          const std::string& other = m_other[next_other++];
          const auto [it, fresh] = first_other.emplace(other, place);
          if (!fresh) repeat(what, other, text_of(place), text_of(it->second));
        } else if (const uint32_t p = m_packed[next_packed++]; std::binary_search(twice.begin(), twice.end(), p)) {
          const auto [it, fresh] = first_packed.emplace(p, place);
          if (!fresh) repeat(what, unpack_record_id(p), text_of(place), text_of(it->second));
        }
      }
    }
  }

private:
  struct File {
    std::string path;
    size_t ids = 0; // how many of the sightings are in this file
  };
  struct Place {
    uint32_t file;
    int64_t line;
    int64_t column;
  };

  static uint64_t zigzag(int64_t n) { return (static_cast<uint64_t>(n) << 1) ^ static_cast<uint64_t>(n >> 63); }
  static int64_t unzigzag(uint64_t n) { return static_cast<int64_t>(n >> 1) ^ -static_cast<int64_t>(n & 1); }

  void put(uint64_t n) {
    for (; n >= 0x80; n >>= 7) m_places.push_back(static_cast<uint8_t>(n | 0x80));
    m_places.push_back(static_cast<uint8_t>(n));
  }
  uint64_t take(size_t& at) const {
    uint64_t n = 0;
    for (int shift = 0;; shift += 7) {
      const uint8_t byte = m_places[at++];
      n |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) return n;
    }
  }

  // The packed ids seen more than once, sorted.
  std::vector<uint32_t> packed_twice() const {
    std::vector<uint32_t> sorted;
    sorted.reserve(m_packed.size());
    m_packed.for_each([&](uint32_t p) { sorted.push_back(p); });
    std::sort(sorted.begin(), sorted.end());
    std::vector<uint32_t> twice;
    for (size_t i = 1; i < sorted.size(); ++i) {
      if (sorted[i] == sorted[i - 1] && (twice.empty() || twice.back() != sorted[i])) twice.push_back(sorted[i]);
    }
    return twice;
  }

  std::string text_of(const Place& place) const {
    return fmt::format("{}:{}:{}", m_files[place.file].path, place.line, place.column);
  }

  std::vector<File> m_files;
  ChunkedSequence<uint32_t> m_packed; // the packed ids, in the order seen
  std::vector<std::string> m_other;   // the ids of any other form, in the order seen
  ChunkedSequence<uint8_t> m_places;  // per id seen: line difference and kind, column (varints)
  int64_t m_last_line = 0;
};

// What the consistency check needs of a rep it compares: figures, not the rep.
struct RepConsistency {
  std::string rep_id;
  std::string label;                 // "high performer", "tenured rep"...; empty: one of the rest
  std::optional<Consistency> counts; // nullopt: too new, or away most of the window
};

class Auditor {
public:
  Auditor(Settings settings, AuditRequest request, std::map<std::string, Date, std::less<>> started)
      : m_settings(std::move(settings)), m_request(std::move(request)), m_started(std::move(started)) {
    // The reps as of the day audited hold no record after it, so no activity begun later.
    std::erase_if(m_started, [&](const auto& start) { return start.second > m_request.as_of; });
  }

  bool wants(std::string_view check) const {
    return m_request.checks.empty() || m_request.checks.count(std::string(check)) > 0;
  }

  void add(Severity severity, std::string_view check, const std::string& rep_id, std::string place,
           std::string message) {
    m_findings.push_back({severity, std::string(check), rep_id, std::move(place), std::move(message)});
  }

  // One rep file's rep: its checks as of the day audited (on a copy, dropped
  // here, when its file holds anything later), its data as the file is now.
  void rep(const Rep& rep) {
    std::optional<Rep> copy;
    if (changed_after(rep, m_request.as_of)) copy = rep_as_of(rep, m_request.as_of);
    const Rep& past = copy ? *copy : rep;
    if (!past.is_archived() || m_request.include_archived) {
      if (wants("cadence") && !past.is_archived()) cadence(past);
      if (wants("promises")) promises(past);
      if (wants("content")) content(past);
      for (const auto kind : {kind::joint_call, kind::career, kind::skills_audit}) {
        if (wants(kind) && !past.is_archived()) activity(past, kind);
      }
      if (wants(kind::joint_call)) open_plans(past);
      if (wants(kind::career)) development_goals(past);
    }
    if (wants("consistency") && !past.is_archived()) remember_consistency(past);
    if (wants("data")) rep_data(rep);
  }

  // The checks over the whole directory, once every rep is in; the findings unsorted.
  ChunkedSequence<Finding> finish(const std::vector<LoadFailure>& failures,
                                  std::span<const Record* const> team_meetings) {
    // The data findings in the order they tie in in the sort: the files that
    // could not be read, coach.yaml's, the reps', then the ids used twice.
    ChunkedSequence<Finding> of_reps = std::move(m_findings);
    m_findings = {};
    unreadable(failures); // a file audit cannot read is never silently left out
    if (wants("data")) settings_data();
    m_findings.append(std::move(of_reps));
    if (wants("data")) repeated_ids();
    if (wants(kind::team_meeting)) team_meeting(team_meetings);
    if (wants("consistency")) consistency();
    return std::exchange(m_findings, {});
  }

  void cadence(const Rep& rep) {
    const Policy& policy = m_settings.policy;
    const Date as_of = m_request.as_of;
    const int cadence = cadence_for(rep, policy);
    if (away_on(rep, policy, as_of)) return;
    const Record* last = rep.last_one_on_one();
    const auto start = tracking_start(rep, policy);
    if (!last || (start && last->date < *start)) {
      not_met(rep, cadence, last, start);
      return;
    }
    const int days = last->date.days_until(as_of);
    const int counted = working_days(rep, policy, last->date.plus_days(1), as_of);
    const int over = counted - cadence - policy.grace;
    if (over <= 0) return;
    add(Severity::error, "cadence", rep.id, "",
        fmt::format("last 1:1 {}, {} ago: {} past the {}-day cadence and {}-day grace{}", last->date.pretty(),
                    plural(days, "day"), plural(over, "day"), cadence, policy.grace,
                    counted < days ? fmt::format(" ({} away not counted)", plural(days - counted, "day")) : ""));
  }

  // A rep not met since the tracking start: late as a 1:1 would be, counted
  // from that day instead of a 1:1's. With no start known at all (no `start:`,
  // no record, no since), nothing can be counted: a warning says so.
  void not_met(const Rep& rep, int cadence, const Record* last, std::optional<Date> start) {
    const Policy& policy = m_settings.policy;
    const Date as_of = m_request.as_of;
    if (!start) {
      add(Severity::warning, "cadence", rep.id, "", "no 1:1 recorded yet");
      return;
    }
    const int days = start->days_until(as_of);
    const int counted = working_days(rep, policy, start->plus_days(1), as_of);
    const int over = counted - cadence - policy.grace;
    if (over <= 0) return; // new on the team, or tracked for less than the cadence and grace
    const std::string past = past_cadence(over, cadence, policy.grace, days, counted);
    if (last) {
      add(Severity::error, "cadence", rep.id, "",
          fmt::format("no 1:1 since the tracking start on {}, {} ago (the last on {}): {}", start->pretty(),
                      plural(days, "day"), last->date.pretty(), past));
      return;
    }
    const bool joined = first_day_on_team(rep) == start;
    add(Severity::error, "cadence", rep.id, "",
        fmt::format("no 1:1 recorded yet, {} after {} on {}: {}", plural(days, "day"),
                    joined ? "joining the team" : "the tracking start", start->pretty(), past));
  }

  // A rep's joint calls, career conversations or skills audits against their
  // cadence, as cadence() does for the 1:1, once the team has begun the activity.
  void activity(const Rep& rep, std::string_view kind) {
    const Policy& policy = m_settings.policy;
    const Date as_of = m_request.as_of;
    if (away_on(rep, policy, as_of)) return;
    const ActivityStanding s = activity_standing(rep, policy, kind, m_started, as_of);
    const int over = s.over - policy.grace;
    if (s.cadence == 0 || !s.since || over <= 0) return;
    const int days = s.since->days_until(as_of);
    const std::string past = past_cadence(over, s.cadence, policy.grace, days, s.counted);
    if (!s.last) {
      const auto first = m_started.find(kind);
      const bool team_first = first != m_started.end() && first->second == *s.since;
      const bool joined = first_day_on_team(rep) == s.since;
      add(Severity::warning, std::string(kind), rep.id, "",
          fmt::format("no {} recorded yet, {} after {} on {}: {}", activity_name(kind), plural(days, "day"),
                      team_first ? "the team's first"
                      : joined   ? "joining the team"
                                 : "the tracking start",
                      s.since->pretty(), past));
      return;
    }
    if (s.last->date < *s.since) { // held before the tracking start: counted from it
      add(Severity::error, std::string(kind), rep.id, "",
          fmt::format("no {} since the tracking start on {}, {} ago (the last on {}): {}", activity_name(kind),
                      s.since->pretty(), plural(days, "day"), s.last->date.pretty(), past));
      return;
    }
    add(Severity::error, std::string(kind), rep.id, "",
        fmt::format("last {} {}, {} ago: {}", activity_name(kind), s.last->date.pretty(), plural(days, "day"), past));
  }

  // The team's meetings against policy.activities.team-meeting, team-wide away days honoured.
  void team_meeting(std::span<const Record* const> meetings) {
    const Policy& policy = m_settings.policy;
    const Date as_of = m_request.as_of;
    const auto it = policy.activity_cadence.find(std::string(kind::team_meeting));
    const int cadence = it == policy.activity_cadence.end() ? 0 : it->second;
    const Record* last = nullptr;
    for (const Record* meeting : meetings) {
      if (meeting->date <= as_of && (!last || meeting->date >= last->date)) last = meeting;
    }
    static const Rep team; // no away periods of its own: only the team's count
    if (cadence == 0 || !last || away_on(team, policy, as_of)) return;
    const int days = last->date.days_until(as_of);
    const int counted = working_days(team, policy, last->date.plus_days(1), as_of);
    const int over = counted - cadence - policy.grace;
    if (over <= 0) return;
    add(Severity::error, kind::team_meeting, "", "",
        fmt::format("last team meeting {}, {} ago: {}", last->date.pretty(), plural(days, "day"),
                    past_cadence(over, cadence, policy.grace, days, counted)));
  }

  // Joint calls planned for a day now past that still have no feedback.
  void open_plans(const Rep& rep) {
    for (const auto& record : rep.records) {
      if (record.kind != kind::joint_call || is_held(record) || record.date >= m_request.as_of) continue;
      const std::string* account = record.fields.text(field::account);
      add(Severity::warning, kind::joint_call, rep.id, place_of(rep.path, record.origin),
          fmt::format("joint call {}{} on {} has a plan but no feedback: write how it went, or drop it if the "
                      "call did not happen",
                      record.id, account ? " at " + *account : std::string(), record.date.pretty()));
    }
  }

  // Development goals past due by more than the promise grace.
  void development_goals(const Rep& rep) {
    for (const auto& record : rep.records) {
      for (const auto& goal : record.promises) {
        if (!goal.goal || !goal.is_open() || !goal.due) continue;
        const int overdue = goal.due->days_until(m_request.as_of);
        if (overdue <= m_settings.policy.promise_grace) continue;
        add(goal.owner == Owner::manager ? Severity::error : Severity::warning, kind::career, rep.id, "",
            fmt::format("development goal {} is {} overdue: {}", goal.id, plural(overdue, "day"), goal.text));
      }
    }
  }

  void content(const Rep& rep) {
    for (const auto& record : rep.records) {
      if (!record.is_one_on_one()) continue;
      const bool no_topics = record.fields.list(field::personal).empty() &&
                             record.fields.list(field::professional).empty();
      if (!has_any_notes(record.fields) && no_topics) {
        add(Severity::warning, "content", rep.id, place_of(rep.path, record.origin),
            fmt::format("1:1 on {} is undocumented: no notes and no topics", record.date.pretty()));
        continue;
      }
      if (!has_any_notes(record.fields)) {
        add(Severity::warning, "content", rep.id, place_of(rep.path, record.origin),
            fmt::format("1:1 on {} has no notes", record.date.pretty()));
      }
      if (record.fields.list(field::personal).empty()) {
        add(Severity::warning, "content", rep.id, place_of(rep.path, record.origin),
            fmt::format("1:1 on {} has no personal topic", record.date.pretty()));
      }
    }
  }

  void promises(const Rep& rep) {
    const Date as_of = m_request.as_of;
    for (const auto& record : rep.records) {
      for (const auto& promise : record.promises) {
        if (promise.goal || !promise.is_open() || !promise.due) continue; // goals: the career check
        const int overdue = promise.due->days_until(as_of);
        if (overdue <= m_settings.policy.promise_grace) continue;
        if (promise.owner == Owner::manager) {
          add(Severity::error, "promises", rep.id, "",
              fmt::format("your promise {} is {} overdue: {}", promise.id, plural(overdue, "day"), promise.text));
        } else {
          add(Severity::warning, "promises", rep.id, "",
              fmt::format("{}'s commitment {} is {} overdue: {}", rep.first_name(), promise.id, plural(overdue, "day"),
                          promise.text));
        }
      }
    }
  }

  // What consistency() will compare of a rep on the team on the day audited.
  void remember_consistency(const Rep& rep) {
    const Policy& policy = m_settings.policy;
    const Consistency c = consistency_of(rep, policy, m_request.as_of);
    // The seeds' warning: high performers and tenured reps get neglected.
    const bool high = rep.has_tag("high-performer");
    const bool tenured = is_tenured(rep, policy, m_request.as_of);
    m_consistency.push_back({rep.id,
                             high && tenured ? "tenured high performer"
                             : high          ? "high performer"
                             : tenured       ? "tenured rep"
                                             : "",
                             c.expected < 2 ? std::nullopt : std::optional(c)}); // too new, or away most of the window
  }

  // Each rep remembered against the team's average, and the labelled ones against the rest.
  void consistency() {
    const Policy& policy = m_settings.policy;
    std::map<std::string, Consistency> by_rep;
    double total = 0;
    int counted = 0;
    for (const auto& rep : m_consistency) {
      if (!rep.counts) continue;
      by_rep[rep.rep_id] = *rep.counts;
      total += rep.counts->share();
      ++counted;
    }
    if (counted == 0) return;
    const double average = total / counted;
    const std::string window = policy.window % 7 == 0 ? plural(policy.window / 7, "week")
                                                      : plural(policy.window, "day");
    for (const auto& rep : m_consistency) {
      auto it = by_rep.find(rep.rep_id);
      if (it == by_rep.end()) continue;
      const Consistency& c = it->second;
      if (points(c.share()) < 75 && points(average) - points(c.share()) > 10) {
        add(Severity::warning, "consistency", rep.rep_id, "",
            fmt::format("{} of {} expected 1:1s in the last {} ({}%; team average {}%)", c.held, c.expected, window,
                        points(c.share()), points(average)));
      }
    }
    double rest = 0;
    int rest_count = 0;
    for (const auto& rep : m_consistency) {
      auto it = by_rep.find(rep.rep_id);
      if (it != by_rep.end() && rep.label.empty()) {
        rest += it->second.share();
        ++rest_count;
      }
    }
    if (rest_count == 0) return;
    rest /= rest_count;
    for (const auto& rep : m_consistency) {
      auto it = by_rep.find(rep.rep_id);
      if (it == by_rep.end() || rep.label.empty()) continue;
      const Consistency& c = it->second;
      if (points(rest) - points(c.share()) > 5) {
        add(Severity::warning, "consistency", rep.rep_id, "",
            fmt::format("{} gets fewer 1:1s than the rest: {} of {} expected in the last {} ({}%; the others {}%)",
                        rep.label, c.held, c.expected, window, points(c.share()), points(rest)));
      }
    }
  }

  void unreadable(const std::vector<LoadFailure>& failures) {
    for (const auto& failure : failures) {
      add(Severity::error, "data", "", "", failure.message);
    }
  }

  void periods(const std::string& path, const std::string& rep_id, const std::vector<Period>& periods) {
    for (const auto& period : periods) {
      for (const auto& key : period.unknown_keys) {
        add(Severity::warning, "data", rep_id, place_of(path, key.origin),
            fmt::format("unknown key '{}' in an away period{}", key.name, key_suggestion(key.name, period_keys)));
      }
    }
  }

  // Each id seen again, under the directory (it is the directory's that ids are unique in).
  void repeated_ids() {
    m_ids.for_each_repeat(
        [&](std::string_view what, const std::string& id, std::string place, const std::string& first) {
          add(Severity::error, "data", "", std::move(place),
              fmt::format("{} id '{}' is used twice (also at {})", what, id, first));
        });
  }

  void settings_data() {
    periods(m_request.settings_path, "", m_settings.policy.away);
    for (const auto& key : m_settings.unknown_keys) {
      add(Severity::warning, "data", "", place_of(m_request.settings_path, key.origin),
          fmt::format("unknown key '{}'{}", key.name,
                      key.name.rfind("policy.", 0) == 0 ? key_suggestion(key.name.substr(7), policy_keys)
                      : key.name.rfind("git.", 0) == 0  ? key_suggestion(key.name.substr(4), git_keys)
                                                        : key_suggestion(key.name, settings_keys)));
    }
  }

  void rep_data(const Rep& rep) {
    const Date today = m_request.today;
    m_ids.begin_file(rep.path);
    const std::string stem = std::filesystem::path(rep.path).stem().string();
    if (rep.id != stem) {
      add(Severity::error, "data", rep.id, place_of(rep.path, rep.origin),
          fmt::format("id '{}' does not match the file name '{}.yaml'", rep.id, stem));
    }
    for (const auto& key : rep.unknown_keys) {
      add(Severity::warning, "data", rep.id, place_of(rep.path, key.origin),
          fmt::format("unknown key '{}'{}", key.name, key_suggestion(key.name, rep_keys)));
    }
    periods(rep.path, rep.id, rep.away);
    size_t open = 0;
    for (const auto& record : rep.records) {
      const auto where = [&] { return place_of(rep.path, record.origin); };
      m_ids.see(record.id, record.origin, false);
      if (record.id.empty() && record.is_one_on_one()) {
        add(Severity::note, "data", rep.id, where(), "record has no id");
      }
      if (record.date > today && is_held(record)) { // a joint call may be planned ahead
        add(Severity::error, "data", rep.id, where(), fmt::format("date {} is in the future", record.date.iso()));
      }
      const KindSpec* kind = record.spec();
      if (!kind) {
        // Its keys are all unknown here: one finding says so, not one per key.
        add(Severity::note, "data", rep.id, where(),
            fmt::format("record kind '{}' is not known to this version of coach (kept, not counted)", record.kind));
      }
      for (const auto& key : kind ? record.unknown_keys : std::vector<UnknownKey>{}) {
        add(Severity::warning, "data", rep.id, place_of(rep.path, key.origin),
            fmt::format("unknown key '{}'{}", key.name, key_suggestion(key.name, record_keys(*kind))));
      }
      if (kind) skills_data(rep, record);
      for (const auto& promise : record.promises) {
        promise_data(rep, record, promise);
        if (promise.is_open()) ++open;
      }
    }
    if (rep.is_archived() && open > 0) {
      add(Severity::warning, "data", rep.id, place_of(rep.path, rep.origin),
          fmt::format("archived rep has {} open promise{}: close or drop them", open, open == 1 ? "" : "s"));
    }
  }

  // Skills rated or recommended that coach.yaml's skill list does not have.
  void skills_data(const Rep& rep, const Record& record) {
    const auto unknown = [&](const std::string& skill, int line, int column) {
      if (m_settings.find_skill(skill)) return;
      std::vector<std::string_view> known;
      for (const auto& listed : m_settings.skills) known.push_back(listed.id);
      add(Severity::warning, "data", rep.id, fmt::format("{}:{}:{}", rep.path, line, column),
          fmt::format("skill '{}' is not on the team's skill list (coach.yaml skills:){}", skill,
                      key_suggestion(skill, known)));
    };
    for (const auto& field : record.fields.all()) {
      if (const auto* ratings = std::get_if<std::vector<SkillRating>>(&field.value)) {
        for (const auto& r : *ratings) unknown(r.skill, r.line, r.column);
      } else if (const auto* texts = std::get_if<std::vector<SkillText>>(&field.value)) {
        for (const auto& t : *texts) unknown(t.skill, t.line, t.column);
      }
    }
  }

  void promise_data(const Rep& rep, const Record& record, const Promise& promise) {
    const Date today = m_request.today;
    const std::string_view shown_id = promise.id.empty() ? std::string_view("(without id)") : promise.id;
    const auto at = [&] { return place_of(rep.path, promise.origin); };
    m_ids.see(promise.id, promise.origin, true);
    if (promise.id.empty()) {
      add(Severity::warning, "data", rep.id, at(), "promise has no id, so followups cannot close it");
    }
    for (const auto& key : promise.unknown_keys) {
      add(Severity::warning, "data", rep.id, place_of(rep.path, key.origin),
          fmt::format("unknown key '{}'{}", key.name, key_suggestion(key.name, promise_keys)));
    }
    if (promise.done && promise.dropped) {
      add(Severity::error, "data", rep.id, at(), fmt::format("promise {} is both done and dropped", shown_id));
    }
    for (const auto& [closed, verb] : {std::pair{promise.done, "kept"}, std::pair{promise.dropped, "dropped"}}) {
      if (!closed) continue;
      if (*closed < record.date) {
        add(Severity::error, "data", rep.id, at(),
            fmt::format("promise {} was {} on {}, before it was made on {}", shown_id, verb, closed->iso(),
                        record.date.iso()));
      }
      if (*closed > today) {
        add(Severity::error, "data", rep.id, at(),
            fmt::format("promise {} was {} on {}, which is in the future", shown_id, verb, closed->iso()));
      }
    }
    if (promise.due && *promise.due < record.date) {
      add(Severity::warning, "data", rep.id, at(),
          fmt::format("promise {} is due {}, before it was made on {}", shown_id, promise.due->iso(),
                      record.date.iso()));
    }
  }

private:
  const Settings m_settings;
  const AuditRequest m_request;
  std::map<std::string, Date, std::less<>> m_started; // activity_starts() of the reps as of the day audited
  ChunkedSequence<Finding> m_findings;
  std::vector<RepConsistency> m_consistency; // the reps on the team on the day audited, in the order added
  IdSightings m_ids;                         // every id of the reps added (the data check)
};

} // namespace

std::string_view severity_name(Severity severity) {
  switch (severity) {
  case Severity::note: return "note";
  case Severity::warning: return "warning";
  case Severity::error: return "error";
  }
  return "note";
}

bool changed_after(const Rep& rep, Date day) {
  if (rep.archived && *rep.archived > day) return true;
  for (const auto& record : rep.records) {
    if (record.date > day) return true;
    for (const auto& promise : record.promises) {
      if ((promise.done && *promise.done > day) || (promise.dropped && *promise.dropped > day)) return true;
    }
  }
  return false;
}

Rep rep_as_of(const Rep& rep, Date day) {
  Rep past = rep;
  past.records.clear();
  for (const auto& record : rep.records) {
    if (record.date > day) continue;
    Record copy = record;
    for (auto& promise : copy.promises) {
      if (promise.done && *promise.done > day) {
        promise.done.reset();
        promise.note.clear();
      }
      if (promise.dropped && *promise.dropped > day) {
        promise.dropped.reset();
        promise.reason.clear();
      }
    }
    past.records.push_back(std::move(copy));
  }
  if (past.archived && *past.archived > day) past.archived.reset();
  return past;
}

bool is_held(const Record& record) {
  return record.kind != kind::joint_call || record.fields.has_part(FieldPart::feedback);
}

std::map<std::string, Date, std::less<>> activity_starts(std::span<const Rep* const> reps) {
  std::map<std::string, Date, std::less<>> started;
  for (const Rep* rep : reps) {
    for (const auto& record : rep->records) {
      const bool activity = std::find(std::begin(activity_kinds), std::end(activity_kinds), record.kind) !=
                            std::end(activity_kinds);
      if (!activity || record.is_one_on_one() || !is_held(record)) continue; // not a promise record either
      auto [it, fresh] = started.emplace(record.kind, record.date);
      if (!fresh && record.date < it->second) it->second = record.date;
    }
  }
  return started;
}

std::map<std::string, Date, std::less<>> activity_starts(const std::vector<RosterEntry>& roster) {
  std::map<std::string, Date, std::less<>> started;
  for (const auto& entry : roster) {
    for (const auto& [kind, day] : entry.activity_starts) {
      auto [it, fresh] = started.emplace(kind, day);
      if (!fresh && day < it->second) it->second = day;
    }
  }
  return started;
}

std::map<std::string, Date, std::less<>> settle_from_roster(Settings& settings, std::vector<RosterEntry> roster,
                                                            bool active_only) {
  settle_since(settings, roster);
  std::erase_if(roster, [&](const RosterEntry& entry) {
    return is_team_file_path(entry.path) || (active_only && entry.archived);
  });
  return activity_starts(roster);
}

ActivityStanding activity_standing(const Rep& rep, const Policy& policy, std::string_view kind,
                                   const std::map<std::string, Date, std::less<>>& started, Date as_of) {
  ActivityStanding s;
  s.kind = kind;
  s.cadence = cadence_for(rep, policy, kind);
  for (const auto& record : rep.records) {
    if (record.kind == kind && is_held(record) && record.date <= as_of && (!s.last || record.date >= s.last->date)) {
      s.last = &record;
    }
  }
  if (s.cadence == 0) return s;
  const auto joined = kind == kind::one_on_one ? rep.start : first_day_on_team(rep);
  if (s.last) {
    s.since = s.last->date;
  } else if (const auto first = started.find(kind); kind != kind::one_on_one && first != started.end()) {
    s.since = joined && *joined > first->second ? *joined : first->second;
  } else if (kind == kind::one_on_one) {
    s.since = joined;
  }
  if (!s.since) return s;
  if (policy.since && *policy.since > *s.since) s.since = policy.since; // nothing is expected before it
  s.counted = working_days(rep, policy, s.since->plus_days(1), as_of);
  s.over = s.counted - s.cadence;
  return s;
}

bool is_tenured(const Rep& rep, const Policy& policy, Date as_of) {
  if (rep.has_tag("tenured")) return true;
  return rep.start && rep.start->days_until(as_of) >= policy.tenure_years * 365;
}

Consistency consistency_of(const Rep& rep, const Policy& policy, Date as_of) {
  Date first = as_of.plus_days(1 - policy.window);
  // From the tracking start when it is later: the rep's start (else their
  // first record), or coach.yaml's since.
  if (const auto start = tracking_start(rep, policy); start && *start > first) first = *start;
  Consistency c;
  if (first > as_of) return c;
  const int days = working_days(rep, policy, first, as_of);
  c.expected = days / cadence_for(rep, policy);
  std::set<Date> met;
  for (const auto& record : rep.records) {
    if (record.is_one_on_one() && record.date >= first && record.date <= as_of) met.insert(record.date);
  }
  c.held = static_cast<int>(met.size());
  return c;
}

namespace {

// A `file:line:column` place as (file, line, column), to sort findings in file
// order; a finding without a place sorts first, as the findings it comes with.
std::tuple<std::string_view, long long, long long> file_order(std::string_view place) {
  const size_t last = place.rfind(':');
  const size_t middle = last == std::string_view::npos || last == 0 ? std::string_view::npos
                                                                    : place.rfind(':', last - 1);
  if (middle == std::string_view::npos) return {place, 0, 0};
  const auto line = parse_whole_number(place.substr(middle + 1, last - middle - 1));
  const auto column = parse_whole_number(place.substr(last + 1));
  if (!line || !column) return {place, 0, 0};
  return {place.substr(0, middle), *line, *column};
}

} // namespace

// The auditor behind IncrementalAudit, kept out of the header.
struct IncrementalAudit::State {
  Auditor auditor;
};

IncrementalAudit::IncrementalAudit(Settings settings, AuditRequest request,
                                   std::map<std::string, Date, std::less<>> started)
    : m_state(std::make_unique<State>(State{Auditor(std::move(settings), std::move(request), std::move(started))})) {}

IncrementalAudit::~IncrementalAudit() = default;

void IncrementalAudit::add(const Rep& rep) {
  m_state->auditor.rep(rep);
}

ChunkedSequence<Finding> IncrementalAudit::finish(const std::vector<LoadFailure>& failures,
                                                  std::span<const Record* const> team_meetings) {
  ChunkedSequence<Finding> findings = m_state->auditor.finish(failures, team_meetings);
  const auto check_rank = [](const std::string& check) {
    return std::find(audit_checks.begin(), audit_checks.end(), check) - audit_checks.begin();
  };
  // Sorted through their positions, then moved into place in their chunks, so
  // that no second copy of the findings (stable_sort's buffer, or one vector
  // of them all: 10 MB of fresh pages at 69,583 findings) is ever held.
  std::vector<uint32_t> order(findings.size());
  std::iota(order.begin(), order.end(), uint32_t{0});
  std::stable_sort(order.begin(), order.end(), [&](uint32_t left, uint32_t right) {
    const Finding& a = findings[left];
    const Finding& b = findings[right];
    if (a.rep_id != b.rep_id) return a.rep_id < b.rep_id;
    if (a.severity != b.severity) return a.severity > b.severity;
    if (a.check != b.check) return check_rank(a.check) < check_rank(b.check);
    return file_order(a.place) < file_order(b.place); // places of one file by line, then column
  });
  findings.permute(order);
  return findings;
}

std::vector<Finding> run_audit(const Settings& settings, const std::vector<Rep>& reps,
                               const std::vector<LoadFailure>& failures, const AuditRequest& request,
                               std::span<const Record* const> team_meetings) {
  std::vector<const Rep*> all;
  all.reserve(reps.size());
  for (const auto& rep : reps) all.push_back(&rep);
  IncrementalAudit audit(settings, request, activity_starts(all));
  for (const auto& rep : reps) audit.add(rep);
  return audit.finish(failures, team_meetings).take();
}

} // namespace coach
