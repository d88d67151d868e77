#include <coach/working_days.hpp>

namespace coach {

int working_days(const Rep& rep, const Policy& policy, Date first, Date last) {
  int days = 0;
  for (Date day = first; day <= last; day = day.plus_days(1)) {
    if (!away_period(rep, policy, day)) ++days;
  }
  return days;
}

} // namespace coach
