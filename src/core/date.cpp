#include <coach/date.hpp>

#include <array>
#include <cctype>

#include <fmt/format.h>

#include <coach/text.hpp>

namespace coach {

using namespace std::chrono;

namespace {

constexpr std::array<std::string_view, 7> weekday_abbrevs{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 7> weekday_full{"monday", "tuesday",  "wednesday", "thursday",
                                                       "friday", "saturday", "sunday"};

std::optional<unsigned> weekday_from_word(std::string_view word) {
  for (unsigned i = 0; i < weekday_full.size(); ++i) {
    const auto full = weekday_full[i];
    // "fri", "frid", ... "friday"; at least three letters so "t" or "s" are never guessed.
    if (word.size() >= 3 && word.size() <= full.size() && full.substr(0, word.size()) == word) {
      return i;
    }
  }
  // Common short forms that are not prefixes of at least 3 letters.
  if (word == "tues") return 1;
  if (word == "thur" || word == "thurs") return 3;
  return std::nullopt;
}

std::optional<int> parse_int(std::string_view text) {
  if (text.empty() || text.size() > 5 || !std::isdigit(static_cast<unsigned char>(text.front()))) {
    return std::nullopt; // digits only: "--3d" or "+-3d" are not offsets
  }
  const auto value = parse_whole_number(text);
  return value ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
}

} // namespace

std::optional<Date> Date::from_ymd(int year, unsigned month, unsigned day) {
  const year_month_day ymd{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  return Date{sys_days{ymd}};
}

std::optional<Date> Date::parse_iso(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      return std::nullopt;
    }
  }
  const int year = *parse_int(text.substr(0, 4));
  const int month = *parse_int(text.substr(5, 2));
  const int day = *parse_int(text.substr(8, 2));
  if (year < 1900) {
    return std::nullopt;
  }
  return from_ymd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

namespace {

// "YYYY-MM-DD" written into `out` (10 bytes) for years 0 to 9999. By hand:
// fmt::format took a seventh of a 49,000-row followups listing, which shows
// two dates a row.
void write_iso(char* out, int year, unsigned month, unsigned day) {
  const auto two = [](char* at, unsigned value) {
    at[0] = static_cast<char>('0' + value / 10);
    at[1] = static_cast<char>('0' + value % 10);
  };
  two(out, static_cast<unsigned>(year) / 100);
  two(out + 2, static_cast<unsigned>(year) % 100);
  out[4] = '-';
  two(out + 5, month);
  out[7] = '-';
  two(out + 8, day);
}

} // namespace

std::string Date::iso() const {
  const auto d = ymd();
  const int year = static_cast<int>(d.year());
  if (year < 0 || year > 9999) {
    return fmt::format("{:04}-{:02}-{:02}", year, static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  }
  std::string text(10, '\0');
  write_iso(text.data(), year, static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return text;
}

unsigned Date::iso_weekday_index() const {
  return std::chrono::weekday{m_days}.iso_encoding() - 1;
}

std::string Date::weekday_name() const {
  return std::string{weekday_abbrevs[iso_weekday_index()]};
}

std::string Date::pretty() const {
  std::string text;
  text.reserve(14); // "Mon 2026-11-30": within the short-string buffer, no allocation
  text += weekday_abbrevs[iso_weekday_index()];
  text += ' ';
  text += iso();
  return text;
}

std::optional<Date> parse_user_date(std::string_view raw, Date today, DateDirection direction) {
  const std::string text = to_lower(trim(raw));
  if (text.empty()) {
    return std::nullopt;
  }
  if (auto iso = Date::parse_iso(text)) {
    return iso;
  }
  if (text == "today") return today;
  if (text == "yesterday") return today.plus_days(-1);
  if (text == "tomorrow") return today.plus_days(1);
  if (text == "eow") {
    // The Friday of this week; on a weekend, the coming Friday.
    const int to_friday = 4 - static_cast<int>(today.iso_weekday_index());
    return today.plus_days(to_friday >= 0 ? to_friday : to_friday + 7);
  }
  if (text == "eom") {
    const auto d = today.ymd();
    return Date{sys_days{d.year() / d.month() / last}};
  }
  // Offsets: +7d, -3d, 2w, +1w.
  {
    std::string_view rest = text;
    int sign = direction == DateDirection::past ? -1 : 1;
    if (rest.front() == '+' || rest.front() == '-') {
      sign = rest.front() == '+' ? 1 : -1;
      rest.remove_prefix(1);
    }
    if (rest.size() >= 2 && (rest.back() == 'd' || rest.back() == 'w')) {
      if (auto n = parse_int(rest.substr(0, rest.size() - 1)); n && *n <= 3660) {
        const int days = rest.back() == 'w' ? *n * 7 : *n;
        return today.plus_days(sign * days);
      }
    }
  }
  // Weekdays: "fri", "last friday", "next fri".
  std::string_view word = text;
  DateDirection which = direction;
  bool strictly = false;
  if (starts_with(word, "last ")) {
    which = DateDirection::past;
    strictly = true;
    word.remove_prefix(5);
  } else if (starts_with(word, "next ")) {
    which = DateDirection::future;
    strictly = true;
    word.remove_prefix(5);
  }
  if (auto wd = weekday_from_word(trim(word))) {
    const int now = static_cast<int>(today.iso_weekday_index());
    const int target = static_cast<int>(*wd);
    if (which == DateDirection::future) {
      int ahead = (target - now + 7) % 7;
      if (ahead == 0 && strictly) ahead = 7;
      return today.plus_days(ahead);
    }
    int back = (now - target + 7) % 7;
    if (back == 0 && strictly) back = 7;
    return today.plus_days(-back);
  }
  return std::nullopt;
}

std::optional<int> parse_day_span(std::string_view raw) {
  std::string_view text = trim(raw);
  int factor = 1;
  if (!text.empty() && (text.back() == 'd' || text.back() == 'w')) {
    factor = text.back() == 'w' ? 7 : 1;
    text.remove_suffix(1);
  }
  const auto n = parse_int(text);
  if (!n) return std::nullopt;
  return *n * factor;
}

std::string_view user_date_forms(DateDirection direction) {
  if (direction == DateDirection::past) {
    return "use YYYY-MM-DD, today, yesterday, a weekday (the last one), or -3d / -2w";
  }
  return "use YYYY-MM-DD, today, tomorrow, a weekday (the next one), +7d / +2w, eow or eom";
}

std::string relative_day_phrase(Date date, Date today) {
  const int days = today.days_until(date);
  if (days == 0) return "today";
  if (days == 1) return "tomorrow";
  if (days == -1) return "yesterday";
  if (days > 0) return fmt::format("in {} days", days);
  return fmt::format("{} days ago", -days);
}

std::string tenure_phrase(Date start, Date today) {
  const auto from = start.ymd();
  const auto to = today.ymd();
  // A month is complete on the same day of the month as the start (a day not reached yet: not complete).
  int months = (static_cast<int>(to.year()) - static_cast<int>(from.year())) * 12 +
               static_cast<int>(static_cast<unsigned>(to.month())) -
               static_cast<int>(static_cast<unsigned>(from.month()));
  if (to.day() < from.day()) --months;
  if (months < 1) return "less than a month";
  const auto unit = [](int n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); };
  if (months < 12) return unit(months, "month");
  const int rest = months % 12;
  return unit(months / 12, "year") + (rest == 0 ? "" : " " + unit(rest, "month"));
}

} // namespace coach
