#include <coach/activities.hpp>

#include <algorithm>

#include <coach/audit.hpp>

namespace coach {

namespace {

// The records of `kind`, oldest first (a file may hold them in any order).
std::vector<const Record*> records_of(const Rep& rep, std::string_view kind) {
  std::vector<const Record*> out;
  for (const auto& record : rep.records) {
    if (record.kind == kind) out.push_back(&record);
  }
  std::stable_sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->date < b->date; });
  return out;
}

std::optional<int> rating_of(const Record* record, std::string_view skill) {
  if (!record) return std::nullopt;
  for (const auto& r : record->fields.ratings(field::ratings)) {
    if (r.skill == skill) return r.rating;
  }
  return std::nullopt;
}

} // namespace

std::string_view goal_state(const Promise& goal) {
  return goal.done ? "achieved" : goal.dropped ? "dropped" : "open";
}

CareerPlan career_plan(const Rep& rep) {
  CareerPlan plan;
  for (const Record* record : records_of(rep, kind::career)) {
    if (const std::string* goal = record->fields.text(field::goal)) {
      plan.goal_record = record;
      plan.goal = *goal;
    }
    for (const auto& promise : record->promises) {
      if (promise.goal) plan.goals.push_back(&promise);
    }
  }
  return plan;
}

std::string_view SkillChange::change() const {
  if (!last || !before) return "";
  return *last > *before ? "rose" : *last < *before ? "fell" : "same";
}

SkillsComparison compare_skills_audits(const Rep& rep, const std::vector<Skill>& skills) {
  SkillsComparison out;
  const auto audits = records_of(rep, kind::skills_audit);
  if (audits.empty()) return out;
  out.last = audits.back();
  if (audits.size() > 1) out.before = audits[audits.size() - 2];
  std::vector<std::string> rated; // every skill either audit rated, the team's list first
  for (const auto& skill : skills) {
    if (rating_of(out.last, skill.id) || rating_of(out.before, skill.id)) rated.push_back(skill.id);
  }
  for (const Record* audit : {out.last, out.before}) {
    for (const auto& r : audit ? audit->fields.ratings(field::ratings) : std::vector<SkillRating>{}) {
      if (std::find(rated.begin(), rated.end(), r.skill) == rated.end()) rated.push_back(r.skill);
    }
  }
  const auto calls = records_of(rep, kind::joint_call);
  for (const auto& id : rated) {
    SkillChange change{id, "", rating_of(out.last, id), rating_of(out.before, id), {}};
    for (const auto& skill : skills) {
      if (skill.id == id) change.group = skill.group;
    }
    for (const Record* call : calls) {
      const auto rating = rating_of(call, id);
      if (call->date > out.last->date && rating) change.observed.push_back({call, *rating});
    }
    out.skills.push_back(std::move(change));
  }
  return out;
}

std::vector<const Record*> open_joint_calls(const Rep& rep) {
  std::vector<const Record*> open;
  for (const Record* call : records_of(rep, kind::joint_call)) {
    if (!is_held(*call)) open.push_back(call);
  }
  return open;
}

} // namespace coach
