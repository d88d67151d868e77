#pragma once

// What `coach share REP` shows the rep: the records of the period, the
// promises both ways, the last joint call's feedback, skills audit and career
// plan. Chosen here, rendered by the command; private notes are never chosen
// as text here: the renderer shows them only when asked (--include-private).
#include <optional>
#include <vector>

#include <coach/activities.hpp>
#include <coach/followups.hpp>
#include <coach/model.hpp>

namespace coach {

struct ShareView {
  const Rep* rep = nullptr;
  std::optional<Date> since;           // --since: every record from this date; else the latest ones
  std::vector<const Record*> meetings; // 1:1s, oldest first: the latest alone, or every one since
  std::vector<const Record*> calls;    // joint calls with their feedback, oldest first
  std::vector<const Record*> audits;   // skills audits, oldest first
  CareerPlan plan;                     // the current career plan (empty: none)
  std::vector<PromiseRef> open;        // open promises both ways, by due date (goals are in `plan`)
  std::vector<PromiseRef> closed;      // kept or dropped since the period began
  bool empty() const { return meetings.empty() && calls.empty() && audits.empty() && plan.empty() && open.empty(); }
};

/// What the rep may see. Without `since`: the latest 1:1, the latest joint
/// call with its feedback, the latest skills audit, and the promises closed
/// on or after the latest 1:1's date. With it: every such record dated on or
/// after `since`, and the promises closed since then. Open promises and the
/// career plan are always the current ones. `rep` must outlive the view.
ShareView share_view(const Rep& rep, std::optional<Date> since, Date today);

} // namespace coach
