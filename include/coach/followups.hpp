#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <coach/model.hpp>

namespace coach {

/// A promise together with the rep and the record it belongs to.
struct PromiseRef {
  const Rep* rep = nullptr;
  const Record* record = nullptr;
  const Promise* promise = nullptr;
};

/// How a promise stands or ended.
enum class PromiseState {
  open, // not due yet
  due_today,
  overdue,
  kept_on_time,    // done on or before its first due date
  kept_after_move, // done after its first due date, but by the date it was moved to
  kept_late,       // done after its (last) due date
  dropped,
};
PromiseState promise_state(const Promise& promise, Date today);
/// How an open promise due on `due` (none: no due date) stands on `today`:
/// open, due_today or overdue, as promise_state says of it.
PromiseState open_promise_state(std::optional<Date> due, Date today);

/// The date a promise was first due: `first_due` when it was moved, else `due`.
std::optional<Date> original_due(const Promise& promise);

/// Which promises `coach followups` lists.
struct PromiseFilter {
  std::optional<std::string> rep_id; // one rep only
  bool overdue_only = false;
  std::optional<int> due_within; // due within this many days from today (overdue included)
  std::optional<Owner> owner;    // --mine / --theirs
  bool include_closed = false;   // --all
  bool include_archived = false;
};

/// The promises that pass `filter`, open ones by due date (the most overdue
/// first, undated last), then closed ones by the date they closed, newest first.
std::vector<PromiseRef> select_promises(const std::vector<Rep>& reps, const PromiseFilter& filter, Date today);

/// Finds a promise by id or by a unique prefix of one. Throws coach::Error
/// (not_found) for an unknown or ambiguous id, naming the closest candidates.
PromiseRef find_promise(const std::vector<Rep>& reps, std::string_view id);

/// The kind of record that holds a promise made outside a meeting.
inline constexpr std::string_view kind_promise = "promise";

} // namespace coach
