#pragma once

#include <coach/date.hpp>
#include <coach/model.hpp>

namespace coach {

/// The days of [first, last] that count toward a rep's cadence: those on which
/// neither the rep nor the team is away (0 when `last` is before `first`).
/// The report and the audit count cadences with it, so that both agree.
int working_days(const Rep& rep, const Policy& policy, Date first, Date last);

} // namespace coach
