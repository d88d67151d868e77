#include <coach/model.hpp>

#include <algorithm>

#include <coach/text.hpp>

namespace coach {

std::string_view owner_name(Owner owner) {
  return owner == Owner::manager ? "manager" : "rep";
}

std::string Rep::first_name() const {
  const auto space = name.find(' ');
  return space == std::string::npos ? name : name.substr(0, space);
}

bool Rep::has_tag(std::string_view tag) const {
  return std::any_of(tags.begin(), tags.end(), [&](const std::string& t) { return to_lower(t) == to_lower(tag); });
}

const Record* Rep::last_one_on_one() const {
  const Record* last = nullptr;
  for (const auto& record : records) {
    if (record.is_one_on_one() && (!last || record.date >= last->date)) {
      last = &record;
    }
  }
  return last;
}

std::vector<const Promise*> Rep::open_promises() const {
  std::vector<const Promise*> open;
  for (const auto& record : records) {
    for (const auto& promise : record.promises) {
      if (promise.is_open()) {
        open.push_back(&promise);
      }
    }
  }
  std::stable_sort(open.begin(), open.end(), [](const Promise* a, const Promise* b) {
    if (a->due.has_value() != b->due.has_value()) return a->due.has_value();
    return a->due < b->due;
  });
  return open;
}

int cadence_for(const Rep& rep, const Policy& policy) {
  if (rep.cadence) {
    return *rep.cadence;
  }
  std::optional<int> by_tag;
  for (const auto& tag : rep.tags) {
    if (auto it = policy.tag_cadence.find(to_lower(tag)); it != policy.tag_cadence.end()) {
      by_tag = by_tag ? std::min(*by_tag, it->second) : it->second;
    }
  }
  return by_tag.value_or(policy.cadence);
}

int cadence_for(const Rep& rep, const Policy& policy, std::string_view kind) {
  if (kind == kind::one_on_one) return cadence_for(rep, policy);
  const std::string key(kind);
  if (auto own = rep.activity_cadence.find(key); own != rep.activity_cadence.end()) return own->second;
  std::optional<int> by_tag;
  for (const auto& tag : rep.tags) {
    const auto tagged = policy.tag_activity_cadence.find(to_lower(tag));
    if (tagged == policy.tag_activity_cadence.end()) continue;
    if (auto it = tagged->second.find(key); it != tagged->second.end()) {
      by_tag = by_tag ? std::min(*by_tag, it->second) : it->second;
    }
  }
  if (by_tag) return *by_tag;
  const auto it = policy.activity_cadence.find(key);
  return it == policy.activity_cadence.end() ? 0 : it->second;
}

std::map<std::string, int> Policy::default_activity_cadence() {
  return {{std::string(kind::joint_call), 30},
          {std::string(kind::team_meeting), 7},
          {std::string(kind::career), 90},
          {std::string(kind::skills_audit), 180}};
}

std::string_view assessment_name(Assessment how) {
  switch (how) {
  case Assessment::test: return "test";
  case Assessment::ask: return "ask";
  case Assessment::observe: break;
  }
  return "observe";
}

std::vector<Skill> default_skills() {
  using enum Assessment;
  return {
      {"product", "knowledge", "Does the rep know the product: what it does, for whom, its price?", test},
      {"industry", "knowledge", "Does the rep know the customer's industry and its vocabulary?", test},
      {"competitors", "knowledge", "Can the rep place us against each competitor, strengths and gaps?", test},
      {"prospecting", "prep", "Does the rep keep the pipeline full with the right prospects?", observe},
      {"questions", "prep", "Has the rep prepared the needs-analysis questions for the call?", ask},
      {"stories", "prep", "Does the rep have reference stories that fit the customer?", ask},
      {"gatekeepers", "call", "Does the rep get past gatekeepers to the person who decides?", observe},
      {"opening", "call", "Does the rep open with a reason for the customer to listen?", observe},
      {"needs-analysis", "call", "Does the rep find the customer's needs before presenting?", observe},
      {"presentation", "call", "Does the rep present what answers the needs found, and no more?", observe},
      {"objections", "call", "Does the rep handle objections by asking before answering?", observe},
      {"closing", "call", "Does the rep ask for the next step or the order?", observe},
  };
}

const Skill* Settings::find_skill(std::string_view id) const {
  for (const auto& skill : skills) {
    if (skill.id == id) return &skill;
  }
  return nullptr;
}

const Record* Rep::last_record(std::string_view kind) const {
  const Record* last = nullptr;
  for (const auto& record : records) {
    if (record.kind == kind && (!last || record.date >= last->date)) last = &record;
  }
  return last;
}

std::optional<Date> first_day_on_team(const Rep& rep) {
  if (rep.start) return rep.start;
  std::optional<Date> first;
  for (const auto& record : rep.records) {
    if (!first || record.date < *first) first = record.date;
  }
  return first;
}

std::optional<Date> tracking_start(const Rep& rep, const Policy& policy) {
  const auto joined = first_day_on_team(rep);
  if (!joined || !policy.since) return joined ? joined : policy.since;
  return std::max(*joined, *policy.since);
}

const Period* away_period(const Rep& rep, const Policy& policy, Date day) {
  for (const auto* periods : {&rep.away, &policy.away}) {
    for (const auto& period : *periods) {
      if (period.contains(day)) return &period;
    }
  }
  return nullptr;
}

Date next_one_on_one_due(const Rep& rep, const Policy& policy, Date today) {
  if (const Record* last = rep.last_one_on_one()) {
    return last->date.plus_days(cadence_for(rep, policy));
  }
  return today;
}

} // namespace coach
