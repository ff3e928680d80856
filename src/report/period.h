// Reporting periods: a day, an ISO 8601 week (Monday to Sunday, numbered in
// the ISO week-numbering year, so 2024-12-30 is in 2025-W01), or a calendar
// month. Pure functions on `Date`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"

namespace sanad::report {

enum class Period { kDay, kWeek, kMonth };

// "day", "week", "month" and the parser (nullopt for anything else).
[[nodiscard]] std::string_view ToString(Period period);
[[nodiscard]] std::optional<Period> ParsePeriod(std::string_view text);

struct IsoWeek {
  int year = 0;  // the ISO week-numbering year, which may differ from date.year
  int week = 0;  // 1..53
  bool operator==(const IsoWeek&) const = default;
};

// The ISO week a date falls in.
[[nodiscard]] IsoWeek IsoWeekOf(Date date);
// ISO weekday, Monday = 1 .. Sunday = 7.
[[nodiscard]] int IsoWeekday(Date date);

// The first and last day of the period holding `date`.
[[nodiscard]] Date PeriodStart(Date date, Period period);
[[nodiscard]] Date PeriodEnd(Date date, Period period);

// The period's label: "2024-03-15", "2025-W01", "2024-03".
[[nodiscard]] std::string PeriodLabel(Date date, Period period);

}  // namespace sanad::report
