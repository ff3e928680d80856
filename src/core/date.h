// Calendar dates. `Date` is a full Gregorian date; `PartialDate` is what a
// registrar can actually write down for a birth date: a full date, a year and
// month, a year only, or a year estimated within ± N years ("about 40 years
// old" → 1986~5).
//
// ISO forms parsed and printed:  "1986-03-14", "1986-03", "1986", "1986~5".
// Dates are valid from year 1900 to 2100; nothing outside is accepted.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace sanad {

struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  // Days since 1970-01-01 (negative before). Cheap; used for comparisons.
  [[nodiscard]] int32_t DaysSinceEpoch() const;
  [[nodiscard]] static Date FromDaysSinceEpoch(int32_t days);
  [[nodiscard]] Date AddDays(int32_t days) const { return FromDaysSinceEpoch(DaysSinceEpoch() + days); }
  // ISO 8601 "YYYY-MM-DD".
  [[nodiscard]] std::string ToIso() const;
  // Parses "YYYY-MM-DD" strictly; the error names `field`.
  [[nodiscard]] static Result<Date> ParseIso(std::string_view text, std::string_view field = "date");
  // Today's date in UTC.
  [[nodiscard]] static Date Today();

  auto operator<=>(const Date&) const = default;
};

[[nodiscard]] bool IsLeapYear(int year);
[[nodiscard]] int DaysInMonth(int year, int month);

struct PartialDate {
  enum class Precision { kDay, kMonth, kYear, kEstimate };

  int year = 0;
  int month = 0;           // 0 when unknown
  int day = 0;             // 0 when unknown
  int uncertainty_years = 0;  // > 0 only for kEstimate
  Precision precision = Precision::kYear;

  [[nodiscard]] std::string ToIso() const;
  // Accepts the four ISO forms above (also "1986±5"); the error names `field`.
  [[nodiscard]] static Result<PartialDate> Parse(std::string_view text,
                                                 std::string_view field = "birth_date");
  // The earliest and latest full dates this partial date may stand for.
  [[nodiscard]] Date Earliest() const;
  [[nodiscard]] Date Latest() const;

  bool operator==(const PartialDate&) const = default;
};

}  // namespace sanad
