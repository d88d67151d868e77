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

std::optional<Date> first_day_on_team(const Rep& rep) {
  if (rep.start) return rep.start;
  std::optional<Date> first;
  for (const auto& record : rep.records) {
    if (!first || record.date < *first) first = record.date;
  }
  return first;
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
