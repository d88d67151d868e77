#include <coach/audit.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <span>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include <coach/followups.hpp>
#include <coach/ids.hpp>
#include <coach/rep_cache.hpp>
#include <coach/rep_file.hpp>
#include <coach/settings.hpp>
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

// An organization has 300,000 ids and no duplicates: the generated ids used
// twice are found with packed integers (2.4 MB), and only those and
// hand-written ids are remembered with where they were seen (a map of all ids
// took 19 MB). Places are formatted only for a finding.
class DuplicateIds {
public:
  explicit DuplicateIds(const std::vector<Rep>& reps) {
    std::vector<uint32_t> packed;
    for (const auto& rep : reps) {
      for (const auto& record : rep.records) {
        if (const auto p = pack_record_id(record.id)) packed.push_back(*p);
        for (const auto& promise : record.promises) {
          if (const auto p = pack_record_id(promise.id)) packed.push_back(*p);
        }
      }
    }
    std::sort(packed.begin(), packed.end());
    for (size_t i = 1; i < packed.size(); ++i) {
      if (packed[i] == packed[i - 1] && (m_twice.empty() || m_twice.back() != packed[i])) m_twice.push_back(packed[i]);
    }
  }

  // The place where `id` was first seen, when this is its second sighting or
  // later; nullopt the first time and for no id. `path` and `origin` must
  // outlive this object.
  std::optional<std::string> seen_before(const std::string& id, const std::string& path, const Origin& origin) {
    if (id.empty()) return std::nullopt;
    if (const auto p = pack_record_id(id); p && !std::binary_search(m_twice.begin(), m_twice.end(), *p)) {
      return std::nullopt;
    }
    auto [it, fresh] = m_seen.emplace(id, Seen{&path, &origin});
    if (fresh) return std::nullopt;
    return place_of(*it->second.path, *it->second.origin);
  }

private:
  struct Seen {
    const std::string* path;
    const Origin* origin;
  };
  std::vector<uint32_t> m_twice;
  std::unordered_map<std::string_view, Seen> m_seen;
};

class Auditor {
public:
  Auditor(const Settings& settings, const AuditRequest& request, std::map<std::string, Date, std::less<>> started)
      : m_settings(settings), m_request(request), m_started(std::move(started)) {}

  bool wants(std::string_view check) const {
    return m_request.checks.empty() || m_request.checks.count(std::string(check)) > 0;
  }

  void add(Severity severity, std::string_view check, const std::string& rep_id, std::string place,
           std::string message) {
    m_findings.push_back({severity, std::string(check), rep_id, std::move(place), std::move(message)});
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

  void consistency(const std::vector<const Rep*>& reps) {
    const Policy& policy = m_settings.policy;
    std::map<std::string, Consistency> by_rep;
    double total = 0;
    int counted = 0;
    for (const Rep* rep : reps) {
      const Consistency c = consistency_of(*rep, policy, m_request.as_of);
      if (c.expected < 2) continue; // too new, or away most of the window
      by_rep[rep->id] = c;
      total += c.share();
      ++counted;
    }
    if (counted == 0) return;
    const double average = total / counted;
    const std::string window = policy.window % 7 == 0 ? plural(policy.window / 7, "week")
                                                      : plural(policy.window, "day");
    for (const Rep* rep : reps) {
      auto it = by_rep.find(rep->id);
      if (it == by_rep.end()) continue;
      const Consistency& c = it->second;
      if (points(c.share()) < 75 && points(average) - points(c.share()) > 10) {
        add(Severity::warning, "consistency", rep->id, "",
            fmt::format("{} of {} expected 1:1s in the last {} ({}%; team average {}%)", c.held, c.expected, window,
                        points(c.share()), points(average)));
      }
    }
    // The seeds' warning: high performers and tenured reps get neglected.
    const auto label_of = [&](const Rep& rep) {
      const bool high = rep.has_tag("high-performer");
      const bool tenured = is_tenured(rep, policy, m_request.as_of);
      return high && tenured ? std::string("tenured high performer")
             : high          ? std::string("high performer")
             : tenured       ? std::string("tenured rep")
                             : std::string();
    };
    double rest = 0;
    int rest_count = 0;
    for (const Rep* rep : reps) {
      auto it = by_rep.find(rep->id);
      if (it != by_rep.end() && label_of(*rep).empty()) {
        rest += it->second.share();
        ++rest_count;
      }
    }
    if (rest_count == 0) return;
    rest /= rest_count;
    for (const Rep* rep : reps) {
      auto it = by_rep.find(rep->id);
      const std::string label = label_of(*rep);
      if (it == by_rep.end() || label.empty()) continue;
      const Consistency& c = it->second;
      if (points(rest) - points(c.share()) > 5) {
        add(Severity::warning, "consistency", rep->id, "",
            fmt::format("{} gets fewer 1:1s than the rest: {} of {} expected in the last {} ({}%; the others {}%)",
                        label, c.held, c.expected, window, points(c.share()), points(rest)));
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

  void data(const std::vector<Rep>& all_reps, const std::vector<LoadFailure>& failures) {
    unreadable(failures);
    settings_data();
    DuplicateIds ids(all_reps);
    for (const auto& rep : all_reps) rep_data(rep, ids);
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

  void check_id(DuplicateIds& ids, const std::string& id, const Rep& rep, const Origin& origin, std::string_view what) {
    if (const auto first = ids.seen_before(id, rep.path, origin)) {
      add(Severity::error, "data", "", place_of(rep.path, origin),
          fmt::format("{} id '{}' is used twice (also at {})", what, id, *first));
    }
  }

  void rep_data(const Rep& rep, DuplicateIds& ids) {
    const Date today = m_request.today;
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
      check_id(ids, record.id, rep, record.origin, "record");
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
        promise_data(rep, record, promise, ids);
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

  void promise_data(const Rep& rep, const Record& record, const Promise& promise, DuplicateIds& ids) {
    const Date today = m_request.today;
    const std::string_view shown_id = promise.id.empty() ? std::string_view("(without id)") : promise.id;
    const auto at = [&] { return place_of(rep.path, promise.origin); };
    check_id(ids, promise.id, rep, promise.origin, "promise");
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

  std::vector<Finding> take() { return std::move(m_findings); }

private:
  const Settings& m_settings;
  const AuditRequest& m_request;
  std::map<std::string, Date, std::less<>> m_started; // activity_starts() of the reps audited
  std::vector<Finding> m_findings;
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

std::vector<Finding> run_audit(const Settings& settings, const std::vector<Rep>& reps,
                               const std::vector<LoadFailure>& failures, const AuditRequest& request,
                               std::span<const Record* const> team_meetings) {
  // Copies only of the reps whose files hold anything after the day audited.
  std::vector<Rep> copies;
  copies.reserve(reps.size());
  std::vector<const Rep*> as_of;
  for (const auto& rep : reps) {
    if (changed_after(rep, request.as_of)) {
      copies.push_back(rep_as_of(rep, request.as_of));
      as_of.push_back(&copies.back());
    } else {
      as_of.push_back(&rep);
    }
  }
  Auditor auditor(settings, request, activity_starts(as_of));
  std::vector<const Rep*> active;
  for (const Rep* rep : as_of) {
    if (!rep->is_archived() || request.include_archived) active.push_back(rep);
  }
  for (const Rep* rep : active) {
    if (auditor.wants("cadence") && !rep->is_archived()) auditor.cadence(*rep);
    if (auditor.wants("promises")) auditor.promises(*rep);
    if (auditor.wants("content")) auditor.content(*rep);
    for (const auto kind : {kind::joint_call, kind::career, kind::skills_audit}) {
      if (auditor.wants(kind) && !rep->is_archived()) auditor.activity(*rep, kind);
    }
    if (auditor.wants(kind::joint_call)) auditor.open_plans(*rep);
    if (auditor.wants(kind::career)) auditor.development_goals(*rep);
  }
  if (auditor.wants(kind::team_meeting)) auditor.team_meeting(team_meetings);
  if (auditor.wants("consistency")) {
    std::vector<const Rep*> current;
    for (const Rep* rep : active) {
      if (!rep->is_archived()) current.push_back(rep);
    }
    auditor.consistency(current);
  }
  if (auditor.wants("data")) {
    auditor.data(reps, failures);
  } else {
    auditor.unreadable(failures); // a file audit cannot read is never silently left out
  }

  std::vector<Finding> findings = auditor.take();
  const auto check_rank = [](const std::string& check) {
    return std::find(audit_checks.begin(), audit_checks.end(), check) - audit_checks.begin();
  };
  std::stable_sort(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) {
    if (a.rep_id != b.rep_id) return a.rep_id < b.rep_id;
    if (a.severity != b.severity) return a.severity > b.severity;
    if (a.check != b.check) return check_rank(a.check) < check_rank(b.check);
    return file_order(a.place) < file_order(b.place); // places of one file by line, then column
  });
  return findings;
}

} // namespace coach
