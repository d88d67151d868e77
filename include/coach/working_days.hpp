#pragma once

#include <coach/date.hpp>
#include <coach/model.hpp>

namespace coach {

/// The days of [first, last] that count toward a rep's cadence: those on which
/// neither the rep nor the team is away (0 when `last` is before `first`).
/// The report and the audit count cadences with it, so that both agree.
int working_days(const Rep& rep, const Policy& policy, Date first, Date last);

/// `day`, or the Monday after it when it is a Saturday or a Sunday: where a
/// due date that coach chooses (a promise without its own) lands, so that
/// nothing falls due on a weekend. Due dates the user gives are kept as given.
Date weekday_on_or_after(Date day);

} // namespace coach
