#pragma once

// The career plan and the skills audits as rep show and prep give them, in JSON
// and in words.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <coach/activities.hpp>

namespace coach::cli {

/// "Joint call": a record kind's title with a capital, as a label.
std::string activity_label(std::string_view kind);

/// The development goals: id, owner, text, due, state (open|achieved|dropped), overdue.
nlohmann::ordered_json goals_json(const std::vector<const Promise*>& goals, Date today);
/// {goal, goal_date, development_goals}.
nlohmann::ordered_json career_json(const CareerPlan& plan, Date today);
/// {last_audit, audit_before, skills: [{skill, group, before, last, change, observed}]}.
nlohmann::ordered_json skills_json(const SkillsComparison& skills);

} // namespace coach::cli
