#include "report/period.h"

#include <cstdio>

namespace sanad::report {

std::string_view ToString(Period period) {
  switch (period) {
    case Period::kDay:
      return "day";
    case Period::kWeek:
      return "week";
    case Period::kMonth:
      return "month";
  }
  return "day";
}

std::optional<Period> ParsePeriod(std::string_view text) {
  if (text == "day") return Period::kDay;
  if (text == "week") return Period::kWeek;
  if (text == "month") return Period::kMonth;
  return std::nullopt;
}

int IsoWeekday(Date date) {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  const int32_t days = date.DaysSinceEpoch();
  const int32_t mod = ((days % 7) + 7 + 3) % 7;  // 0 = Monday
  return static_cast<int>(mod) + 1;
}

IsoWeek IsoWeekOf(Date date) {
  // The week belongs to the year holding its Thursday.
  const Date thursday = date.AddDays(4 - IsoWeekday(date));
  const int32_t day_of_year =
      thursday.DaysSinceEpoch() - Date{thursday.year, 1, 1}.DaysSinceEpoch();
  return IsoWeek{thursday.year, static_cast<int>(day_of_year / 7) + 1};
}

Date PeriodStart(Date date, Period period) {
  switch (period) {
    case Period::kDay:
      return date;
    case Period::kWeek:
      return date.AddDays(1 - IsoWeekday(date));
    case Period::kMonth:
      return Date{date.year, date.month, 1};
  }
  return date;
}

Date PeriodEnd(Date date, Period period) {
  switch (period) {
    case Period::kDay:
      return date;
    case Period::kWeek:
      return date.AddDays(7 - IsoWeekday(date));
    case Period::kMonth:
      return Date{date.year, date.month, DaysInMonth(date.year, date.month)};
  }
  return date;
}

std::string PeriodLabel(Date date, Period period) {
  char buf[16];
  switch (period) {
    case Period::kDay:
      return date.ToIso();
    case Period::kWeek: {
      const IsoWeek week = IsoWeekOf(date);
      std::snprintf(buf, sizeof buf, "%04d-W%02d", week.year, week.week);
      return buf;
    }
    case Period::kMonth:
      std::snprintf(buf, sizeof buf, "%04d-%02d", date.year, date.month);
      return buf;
  }
  return date.ToIso();
}

}  // namespace sanad::report
