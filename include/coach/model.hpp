#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <coach/date.hpp>
#include <coach/schema.hpp>
#include <coach/yaml_tree.hpp>

namespace coach {

/// Where a value was read from. Never part of a value's identity: two
/// promises with the same data are equal wherever they stand in a file.
struct Origin {
  SourcePlace place;
  bool operator==(const Origin&) const { return true; }
};

/// A key coach does not know: kept in the file as written, reported by audit.
struct UnknownKey {
  std::string name;
  std::string value; // its value as content_key() writes it, so an edit that changes it is caught
  Origin origin;
  bool operator==(const UnknownKey&) const = default;
};

/// A stretch of days (both ends included) when a rep, or the whole team, is
/// away: no 1:1 is expected then.
struct Period {
  Date from;
  Date to;
  std::string reason;
  std::vector<UnknownKey> unknown_keys; // kept in the file; audit reports them
  Origin origin;
  bool contains(Date day) const { return from <= day && day <= to; }
  bool operator==(const Period&) const = default;
};

/// Who made a promise: the manager, or the rep (a commitment).
enum class Owner { manager, rep };
std::string_view owner_name(Owner owner); // "manager" or "rep"

/// A promise made in a 1:1 (or outside one), and how it ended.
struct Promise {
  std::string id;
  Owner owner = Owner::manager;
  std::string text;
  std::optional<Date> due;
  std::optional<Date> first_due; // the original due date, once it was moved
  std::optional<Date> done;      // kept on this date
  std::optional<Date> dropped;   // released on this date
  std::string reason;            // why it was dropped
  std::string note;              // a note on closing it
  std::string rep;               // a team meeting's action: the rep it concerns (owner rep: who owes it)
  bool goal = false;             // a development goal of a career plan (a career record's `goals:`)
  std::vector<UnknownKey> unknown_keys;
  Origin origin;

  bool is_open() const { return !done && !dropped; }
  bool is_overdue(Date today) const { return is_open() && due && *due < today; }
  bool operator==(const Promise&) const = default;
};

/// The kind of a 1:1 record (see schema.hpp for every kind).
inline constexpr std::string_view kind_one_on_one = kind::one_on_one;

/// One record in a rep's history: the common header every kind has, and the
/// fields of its kind (schema.hpp), typed.
struct Record {
  std::string kind;
  std::string id;
  Date date;
  RecordFields fields;
  std::vector<Promise> promises;
  std::vector<UnknownKey> unknown_keys; // kept in the file as they are
  Origin origin;

  bool is_one_on_one() const { return kind == kind_one_on_one; }
  /// The table of its kind, or nullptr for a kind this version does not know.
  const KindSpec* spec() const { return find_kind(kind); }
  bool operator==(const Record&) const = default;
};

/// A rep and the whole history of their coaching.
struct Rep {
  std::string id;
  std::string name;
  std::string role;
  std::optional<Date> start;
  std::vector<std::string> tags;
  std::optional<int> cadence;                  // days between 1:1s, overriding the policy
  std::map<std::string, int> activity_cadence; // days between other activities (kind: days), overriding the policy
  std::optional<Date> archived;
  std::vector<Period> away; // vacations, leave: no 1:1 expected
  std::vector<Record> records;
  std::vector<UnknownKey> unknown_keys;
  std::string path; // the file it was read from
  Origin origin;

  bool is_archived() const { return archived.has_value(); }
  /// The first word of the name, as the manager says it ("Alice").
  std::string first_name() const;
  bool has_tag(std::string_view tag) const;
  /// The latest 1:1, or nullptr.
  const Record* last_one_on_one() const;
  /// The latest record of `kind`, or nullptr.
  const Record* last_record(std::string_view kind) const;
  /// Open promises, both ways, oldest due first.
  std::vector<const Promise*> open_promises() const;
  bool operator==(const Rep&) const = default;
};

/// The team's cadence policy for 1:1s (coach.yaml `policy:`).
struct Policy {
  int cadence = 7;                        // days between 1:1s
  int grace = 2;                          // days of slack before a 1:1 is late
  std::map<std::string, int> tag_cadence; // cadence per rep tag
  int window = 84;                        // days over which audit measures consistency (12 weeks)
  int promise_grace = 2;                  // days a promise may be overdue before audit reports it
  int tenure_years = 5;                   // years on the team that make a rep tenured
  std::vector<Period> away;               // team-wide days off (holidays, kick-off week)
  /// Days between each other activity (kind: days; 0: not tracked), and per rep tag.
  std::map<std::string, int> activity_cadence = default_activity_cadence();
  std::map<std::string, std::map<std::string, int>> tag_activity_cadence;
  /// The tracking start (coach.yaml `since:`): nothing is expected before it.
  /// When coach.yaml has none, settle_since() gives the earliest record's date.
  std::optional<Date> since;
  /// coach.yaml policy.index: the weights given per part of the coaching index
  /// (the parts left out take their defaults, index_weight in report.hpp).
  std::map<std::string, double> index_weights;
  bool operator==(const Policy&) const = default;

  static std::map<std::string, int> default_activity_cadence();
};

/// How a skill of the team's list is assessed.
enum class Assessment { observe, test, ask };
std::string_view assessment_name(Assessment how); // "observe", "test", "ask"

/// A sales skill of the team's list (coach.yaml `skills:`), rated in skills
/// audits and joint calls.
struct Skill {
  std::string id;       // the key in files and flags, e.g. "objections"
  std::string group;    // e.g. "call"
  std::string question; // the question to consider
  Assessment assessed = Assessment::observe;
  bool required = false; // a skills audit must rate it
  bool operator==(const Skill&) const = default;
};

/// The default skill list, after the published sales skills audit form.
std::vector<Skill> default_skills();

/// The directory's settings (coach.yaml).
struct Settings {
  std::string manager;
  std::string team;
  Policy policy;
  bool git_commit = false; // git.commit: commit every change when the directory is a git repository
  std::vector<Skill> skills = default_skills(); // in the order of the file, grouped
  /// The skill with `id`, or nullptr.
  const Skill* find_skill(std::string_view id) const;
  std::vector<UnknownKey> unknown_keys;
};

/// The cadence that applies to a rep: their own, else the shortest of their
/// tags' cadences, else the team default.
int cadence_for(const Rep& rep, const Policy& policy);
/// The same for the activity `kind` (a record kind of activity_kinds): 0 when
/// it is not tracked.
int cadence_for(const Rep& rep, const Policy& policy, std::string_view kind);

/// The first day the rep was on the team as far as coach knows: `start`,
/// else the date of the first record, else nullopt.
std::optional<Date> first_day_on_team(const Rep& rep);

/// The day from which the rep's coaching is expected: the later of their first
/// day on the team and the policy's `since`; nullopt when neither is known.
std::optional<Date> tracking_start(const Rep& rep, const Policy& policy);

/// The away period (the rep's own, else the team's) that holds `day`, or nullptr.
const Period* away_period(const Rep& rep, const Policy& policy, Date day);

/// When the rep's next 1:1 is due: the last 1:1 plus the cadence, or today
/// when there was none.
Date next_one_on_one_due(const Rep& rep, const Policy& policy, Date today);

} // namespace coach
