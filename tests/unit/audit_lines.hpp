#pragma once

#include <set>
#include <string>
#include <vector>

#include <coach/audit.hpp>

#include "from_yaml.hpp"

// Runs audit the way the engine tests of coach-audit(1) need it, its findings as lines.
namespace coach::testing {

struct Audit {
  std::string settings = "";
  std::set<std::string> checks{};
  std::string as_of = "2026-11-25"; // a Wednesday, the man page's today
  std::string today = "2026-11-25";
  bool archived = false;
  std::vector<LoadFailure> failures{};
  std::vector<const Record*> team_meetings{}; // the team files' meetings
};

// Each finding as one line: "SEVERITY CHECK [REP] PLACE: MESSAGE" (no place: "SEVERITY CHECK [REP] MESSAGE").
inline std::vector<std::string> run(const std::vector<Rep>& reps, const Audit& audit) {
  const AuditRequest request{day(audit.as_of.c_str()), day(audit.today.c_str()), audit.checks, audit.archived,
                             "coach.yaml"};
  std::vector<std::string> lines;
  for (const auto& f :
       run_audit(settings_from_yaml(audit.settings), reps, audit.failures, request, audit.team_meetings)) {
    lines.push_back(std::string(severity_name(f.severity)) + " " + f.check + " [" + f.rep_id + "] " +
                    (f.place.empty() ? "" : f.place + ": ") + f.message);
  }
  return lines;
}

inline std::vector<std::string> run(const Rep& rep, const Audit& audit) {
  return run(std::vector<Rep>{rep}, audit);
}

} // namespace coach::testing
