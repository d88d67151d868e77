#pragma once

// What prep and rep show of the coaching activities other than the 1:1: the
// career plan, the last skills audits side by side, open joint-call plans.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <coach/model.hpp>

namespace coach {

/// A development goal's state: "open", "achieved" (done) or "dropped".
std::string_view goal_state(const Promise& goal);

/// A rep's career plan: the goal of their latest career conversation that has
/// one, and every development goal of every career conversation, oldest first.
struct CareerPlan {
  const Record* goal_record = nullptr; // where the goal was set or last restated; nullptr: no goal
  std::string goal;
  std::vector<const Promise*> goals;
  bool empty() const { return !goal_record && goals.empty(); }
};
CareerPlan career_plan(const Rep& rep);

/// The rep's last skills audit beside the one before it, skill by skill, with
/// the joint calls' ratings of the same skills since the last audit.
struct SkillObservation {
  const Record* call = nullptr; // a joint call with feedback
  int rating = 0;
};
struct SkillChange {
  std::string skill;
  std::string group;                      // from coach.yaml's list; empty when not on it
  std::optional<int> last;                // the last audit's rating
  std::optional<int> before;              // the audit before it
  std::vector<SkillObservation> observed; // joint calls after the last audit, oldest first
  /// "rose", "fell", "same", or "" when one of the two audits did not rate it.
  std::string_view change() const;
};
struct SkillsComparison {
  const Record* last = nullptr;    // nullptr: no skills audit yet
  const Record* before = nullptr;  // nullptr: only one
  std::vector<SkillChange> skills; // in the order of coach.yaml's list, then skills not on it
};
SkillsComparison compare_skills_audits(const Rep& rep, const std::vector<Skill>& skills);

/// Joint calls with a plan and no feedback yet, oldest first (their dates may be to come).
std::vector<const Record*> open_joint_calls(const Rep& rep);

} // namespace coach
