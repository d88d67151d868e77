#include <coach/working_days.hpp>

namespace coach {

int working_days(const Rep& rep, const Policy& policy, Date first, Date last) {
  int days = 0;
  for (Date day = first; day <= last; day = day.plus_days(1)) {
    if (!away_period(rep, policy, day)) ++days;
  }
  return days;
}

Date weekday_on_or_after(Date day) {
  const unsigned weekday = day.iso_weekday_index(); // Monday 0 ... Sunday 6
  return weekday >= 5 ? day.plus_days(7 - static_cast<int>(weekday)) : day;
}

} // namespace coach
