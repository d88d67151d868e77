#include <coach/share.hpp>

#include <algorithm>

namespace coach {

namespace {

// The records of `kind` to share: the latest alone, or every one dated on or after `since`, oldest first.
std::vector<const Record*> records_to_share(const Rep& rep, std::string_view kind, std::optional<Date> since,
                                            bool (*counts)(const Record&)) {
  std::vector<const Record*> out;
  for (const Record& record : rep.records) {
    if (record.kind == kind && counts(record) && (!since || record.date >= *since)) out.push_back(&record);
  }
  std::stable_sort(out.begin(), out.end(), [](const Record* a, const Record* b) { return a->date < b->date; });
  if (!since && out.size() > 1) out.erase(out.begin(), out.end() - 1);
  return out;
}

bool any_record(const Record&) {
  return true;
}

// A joint call the rep can read about is one that has its feedback: a plan alone is the manager's preparation.
bool has_feedback(const Record& record) {
  return record.fields.has_part(FieldPart::feedback);
}

std::optional<Date> closed_on(const Promise& promise) {
  return promise.done ? promise.done : promise.dropped;
}

} // namespace

ShareView share_view(const Rep& rep, std::optional<Date> since, Date today) {
  ShareView view;
  view.rep = &rep;
  view.since = since;
  view.meetings = records_to_share(rep, kind::one_on_one, since, any_record);
  view.calls = records_to_share(rep, kind::joint_call, since, has_feedback);
  view.audits = records_to_share(rep, kind::skills_audit, since, any_record);
  // A planned joint call may be dated in the future; nothing else is, and nothing to come is shared.
  std::erase_if(view.calls, [&](const Record* r) { return r->date > today; });
  view.plan = career_plan(rep);
  // Promises closed since the period began: --since, or the latest 1:1's date.
  const Record* latest = view.meetings.empty() ? nullptr : view.meetings.back();
  const auto closed_in_period = [&](const Promise& promise) {
    const std::optional<Date> closed = closed_on(promise);
    if (!closed) return false;
    if (since) return *closed >= *since;
    return latest && *closed >= latest->date;
  };
  for (const Record& record : rep.records) {
    for (const Promise& promise : record.promises) {
      if (promise.goal) continue; // development goals are in the career plan
      const PromiseRef ref{&rep, &record, &promise};
      if (promise.is_open()) view.open.push_back(ref);
      else if (closed_in_period(promise)) view.closed.push_back(ref);
    }
  }
  // Open ones by due date, undated last; closed ones in the order they closed.
  std::stable_sort(view.open.begin(), view.open.end(), [](const PromiseRef& a, const PromiseRef& b) {
    const auto& x = a.promise->due;
    const auto& y = b.promise->due;
    return x && (!y || *x < *y);
  });
  std::stable_sort(view.closed.begin(), view.closed.end(), [](const PromiseRef& a, const PromiseRef& b) {
    return closed_on(*a.promise).value_or(Date{}) < closed_on(*b.promise).value_or(Date{}); // both closed
  });
  return view;
}

} // namespace coach
