#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace coach {

/// A calendar day without time or zone: every date in the files is one.
class Date {
public:
  Date() = default;
  explicit Date(std::chrono::sys_days days) : m_days(days) {}

  /// Builds a date from its parts; nullopt when the day does not exist.
  static std::optional<Date> from_ymd(int year, unsigned month, unsigned day);
  /// Parses strict ISO 8601 `YYYY-MM-DD`.
  static std::optional<Date> parse_iso(std::string_view text);

  std::string iso() const;          // 2026-11-20
  std::string pretty() const;       // Fri 2026-11-20
  std::string weekday_name() const; // Fri
  std::chrono::year_month_day ymd() const { return std::chrono::year_month_day{m_days}; }
  /// 0 = Monday ... 6 = Sunday.
  unsigned iso_weekday_index() const;
  Date plus_days(int days) const { return Date{m_days + std::chrono::days{days}}; }
  /// Days from this date to `later` (negative when `later` is earlier).
  int days_until(Date later) const { return static_cast<int>((later.m_days - m_days).count()); }
  std::chrono::sys_days days() const { return m_days; }

  auto operator<=>(const Date&) const = default;

private:
  std::chrono::sys_days m_days{};
};

/// Which way a word like "friday" points when a user types it.
enum class DateDirection { past, future };

/// Parses a date as a user types it: ISO `2026-11-20`, `today`, `yesterday`,
/// `tomorrow`, weekday names (`fri`, `friday`, `last fri`, `next fri`),
/// offsets (`-3d`, `+7d`, `+2w`, `3d`), `eow` (the Friday of this week) and
/// `eom` (the last day of this month). A bare weekday means the nearest such
/// day in `direction`, today included. Returns nullopt when not understood.
std::optional<Date> parse_user_date(std::string_view text, Date today, DateDirection direction);

/// A number of days as typed: `7`, `7d` or `2w`. Nullopt when not of that form.
std::optional<int> parse_day_span(std::string_view text);

/// One line that lists the accepted forms, for error messages.
std::string_view user_date_forms(DateDirection direction);

/// "today", "in 3 days", "2 days ago", "tomorrow"...
std::string relative_day_phrase(Date date, Date today);

/// How long since `start` (not after `today`), in whole calendar months:
/// "less than a month", "2 months", "1 year", "3 years 2 months".
std::string tenure_phrase(Date start, Date today);

} // namespace coach
