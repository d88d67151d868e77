#include <coach/followups.hpp>

#include <algorithm>

#include <fmt/format.h>

#include <coach/error.hpp>
#include <coach/text.hpp>

namespace coach {

std::optional<Date> original_due(const Promise& promise) {
  return promise.first_due ? promise.first_due : promise.due;
}

PromiseState promise_state(const Promise& promise, Date today) {
  if (promise.dropped) return PromiseState::dropped;
  if (promise.done) {
    // On time means on or before both the date first agreed and the due date:
    // a promise moved earlier and kept between the two dates is late.
    if (promise.due && *promise.done > *promise.due) return PromiseState::kept_late;
    const auto first = original_due(promise);
    return first && *promise.done > *first ? PromiseState::kept_after_move : PromiseState::kept_on_time;
  }
  return open_promise_state(promise.due, today);
}

PromiseState open_promise_state(std::optional<Date> due, Date today) {
  if (!due) return PromiseState::open;
  if (*due < today) return PromiseState::overdue;
  if (*due == today) return PromiseState::due_today;
  return PromiseState::open;
}

std::vector<PromiseRef> select_promises(const std::vector<Rep>& reps, const PromiseFilter& filter, Date today) {
  std::vector<PromiseRef> open;
  std::vector<PromiseRef> closed;
  for (const auto& rep : reps) {
    if (filter.rep_id && rep.id != *filter.rep_id) continue;
    if (rep.is_archived() && !filter.include_archived && !filter.rep_id) continue;
    for (const auto& record : rep.records) {
      for (const auto& promise : record.promises) {
        if (filter.owner && promise.owner != *filter.owner) continue;
        const PromiseRef ref{&rep, &record, &promise};
        if (!promise.is_open()) {
          if (filter.include_closed && !filter.overdue_only && !filter.due_within) closed.push_back(ref);
          continue;
        }
        if (filter.overdue_only && !promise.is_overdue(today)) continue;
        if (filter.due_within && (!promise.due || today.days_until(*promise.due) > *filter.due_within)) continue;
        open.push_back(ref);
      }
    }
  }
  std::stable_sort(open.begin(), open.end(), [](const PromiseRef& a, const PromiseRef& b) {
    const auto& da = a.promise->due;
    const auto& db = b.promise->due;
    if (da.has_value() != db.has_value()) return da.has_value();
    if (da != db) return da < db;
    return a.rep->id < b.rep->id;
  });
  const auto closed_on = [](const PromiseRef& ref) {
    return ref.promise->done ? *ref.promise->done : *ref.promise->dropped;
  };
  std::stable_sort(closed.begin(), closed.end(),
                   [&](const PromiseRef& a, const PromiseRef& b) { return closed_on(a) > closed_on(b); });
  open.insert(open.end(), closed.begin(), closed.end());
  return open;
}

PromiseRef find_promise(const std::vector<Rep>& reps, std::string_view raw_id) {
  const std::string id = to_lower(trim(raw_id));
  if (id.empty()) {
    throw Error(ExitCode::usage, "ID is empty: give a promise id such as k7m2qx (see `coach followups`)");
  }
  std::vector<PromiseRef> exact;
  std::vector<PromiseRef> prefixed;
  std::vector<std::pair<size_t, PromiseRef>> scored;
  for (const auto& rep : reps) {
    for (const auto& record : rep.records) {
      for (const auto& promise : record.promises) {
        const PromiseRef ref{&rep, &record, &promise};
        if (promise.id == id) exact.push_back(ref);
        else if (starts_with(promise.id, id)) prefixed.push_back(ref);
        scored.emplace_back(edit_distance(id, promise.id), ref);
      }
    }
  }
  const auto describe = [](const std::vector<PromiseRef>& refs) {
    std::string out;
    for (size_t i = 0; i < refs.size() && i < 5; ++i) {
      out += fmt::format("{}{} ({}: {})", i == 0 ? "" : ", ", refs[i].promise->id, refs[i].rep->name,
                         refs[i].promise->text);
    }
    if (refs.size() > 5) out += fmt::format(", and {} more", refs.size() - 5);
    return out;
  };
  if (exact.size() == 1) return exact.front();
  if (exact.size() > 1) {
    throw Error(ExitCode::data,
                fmt::format("promise id '{}' is used more than once: {}; give each its own id", id, describe(exact)));
  }
  if (prefixed.size() == 1) return prefixed.front();
  if (prefixed.size() > 1) {
    throw Error(ExitCode::not_found, fmt::format("promise id '{}' is ambiguous: {}", id, describe(prefixed)));
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<PromiseRef> closest;
  for (const auto& [distance, ref] : scored) {
    if (closest.size() == 3 || distance > 3) break;
    closest.push_back(ref);
  }
  if (closest.empty()) {
    throw Error(ExitCode::not_found, fmt::format("no promise '{}'; `coach followups` lists the open ones", id));
  }
  throw Error(ExitCode::not_found, fmt::format("no promise '{}'; closest: {}", id, describe(closest)));
}

} // namespace coach
