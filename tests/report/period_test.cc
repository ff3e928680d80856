#include "report/period.h"

#include <gtest/gtest.h>

namespace sanad::report {
namespace {

Date D(int y, int m, int d) { return Date{y, m, d}; }

TEST(Period, IsoWeeksAcrossYearBoundaries) {
  struct Case {
    Date date;
    int iso_year;
    int week;
    Date monday;
    const char* label;
  };
  const Case cases[] = {
      {D(2024, 12, 29), 2024, 52, D(2024, 12, 23), "2024-W52"},  // Sunday
      {D(2024, 12, 30), 2025, 1, D(2024, 12, 30), "2025-W01"},   // Monday, still 2024
      {D(2025, 1, 1), 2025, 1, D(2024, 12, 30), "2025-W01"},
      {D(2025, 1, 5), 2025, 1, D(2024, 12, 30), "2025-W01"},
      {D(2025, 1, 6), 2025, 2, D(2025, 1, 6), "2025-W02"},
      {D(2021, 1, 3), 2020, 53, D(2020, 12, 28), "2020-W53"},  // a 53-week year
      {D(2020, 12, 31), 2020, 53, D(2020, 12, 28), "2020-W53"},
      {D(2027, 1, 1), 2026, 53, D(2026, 12, 28), "2026-W53"},
      {D(2026, 1, 1), 2026, 1, D(2025, 12, 29), "2026-W01"},
      {D(2023, 10, 1), 2023, 39, D(2023, 9, 25), "2023-W39"},
      {D(2024, 2, 29), 2024, 9, D(2024, 2, 26), "2024-W09"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.date.ToIso());
    EXPECT_EQ(IsoWeekOf(c.date), (IsoWeek{c.iso_year, c.week}));
    EXPECT_EQ(PeriodStart(c.date, Period::kWeek), c.monday);
    EXPECT_EQ(PeriodEnd(c.date, Period::kWeek), c.monday.AddDays(6));
    EXPECT_EQ(PeriodLabel(c.date, Period::kWeek), c.label);
  }
}

TEST(Period, WeekdaysAreIso) {
  EXPECT_EQ(IsoWeekday(D(1970, 1, 1)), 4);  // Thursday
  EXPECT_EQ(IsoWeekday(D(2024, 12, 30)), 1);
  EXPECT_EQ(IsoWeekday(D(2025, 1, 5)), 7);
  EXPECT_EQ(IsoWeekday(D(1969, 12, 29)), 1);  // before the epoch
}

TEST(Period, MonthsAndDays) {
  EXPECT_EQ(PeriodStart(D(2024, 2, 17), Period::kMonth), D(2024, 2, 1));
  EXPECT_EQ(PeriodEnd(D(2024, 2, 17), Period::kMonth), D(2024, 2, 29));
  EXPECT_EQ(PeriodEnd(D(2023, 2, 17), Period::kMonth), D(2023, 2, 28));
  EXPECT_EQ(PeriodEnd(D(2024, 12, 5), Period::kMonth), D(2024, 12, 31));
  EXPECT_EQ(PeriodLabel(D(2024, 12, 5), Period::kMonth), "2024-12");
  EXPECT_EQ(PeriodStart(D(2024, 12, 5), Period::kDay), D(2024, 12, 5));
  EXPECT_EQ(PeriodLabel(D(2024, 12, 5), Period::kDay), "2024-12-05");
}

TEST(Period, ParsesItsNames) {
  EXPECT_EQ(ParsePeriod("day"), Period::kDay);
  EXPECT_EQ(ParsePeriod("week"), Period::kWeek);
  EXPECT_EQ(ParsePeriod("month"), Period::kMonth);
  EXPECT_EQ(ParsePeriod("year"), std::nullopt);
  EXPECT_EQ(ToString(Period::kWeek), "week");
}

}  // namespace
}  // namespace sanad::report
