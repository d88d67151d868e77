#include "activity_output.hpp"

#include <coach/schema.hpp>

#include "output.hpp"

namespace coach::cli {

using Json = nlohmann::ordered_json;

// "Joint call": a kind's title with a capital, as a label.
std::string activity_label(std::string_view kind) {
  const KindSpec* spec = find_kind(kind);
  std::string title(spec ? spec->title : kind);
  if (!title.empty() && title[0] >= 'a' && title[0] <= 'z') title[0] = static_cast<char>(title[0] - 'a' + 'A');
  return title;
}

Json goals_json(const std::vector<const Promise*>& goals, Date today) {
  Json list = Json::array();
  for (const Promise* goal : goals) {
    list.push_back({{"id", goal->id},
                    {"owner", owner_name(goal->owner)},
                    {"text", goal->text},
                    {"due", date_json(goal->due)},
                    {"state", goal_state(*goal)},
                    {"overdue", goal->is_open() && goal->is_overdue(today)}});
  }
  return list;
}

Json career_json(const CareerPlan& plan, Date today) {
  return {{"goal", plan.goal_record ? Json(plan.goal) : Json(nullptr)},
          {"goal_date", plan.goal_record ? Json(plan.goal_record->date.iso()) : Json(nullptr)},
          {"development_goals", goals_json(plan.goals, today)}};
}

Json skills_json(const SkillsComparison& skills) {
  const auto audit = [](const Record* r) { return r ? Json{{"id", r->id}, {"date", r->date.iso()}} : Json(nullptr); };
  const auto rating = [](const std::optional<int>& n) { return n ? Json(*n) : Json(nullptr); };
  Json list = Json::array();
  for (const auto& skill : skills.skills) {
    Json observed = Json::array();
    for (const auto& o : skill.observed) {
      observed.push_back({{"id", o.call->id}, {"date", o.call->date.iso()}, {"rating", o.rating}});
    }
    list.push_back({{"skill", skill.skill},
                    {"group", skill.group.empty() ? Json(nullptr) : Json(skill.group)},
                    {"before", rating(skill.before)},
                    {"last", rating(skill.last)},
                    {"change", skill.change().empty() ? Json(nullptr) : Json(skill.change())},
                    {"observed", observed}});
  }
  return {{"last_audit", audit(skills.last)}, {"audit_before", audit(skills.before)}, {"skills", list}};
}

} // namespace coach::cli
