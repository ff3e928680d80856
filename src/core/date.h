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

// The Solar Hijri (Jalali) calendar of Afghanistan's and Iran's papers and
// of how people say their birth dates: the year starts at the March
// equinox (1 Farvardin/Hamal 1402 = 2023-03-21); months 1-6 have 31 days,
// 7-11 have 30, 12 has 29 (30 in a leap year). Conversions follow the
// Borkowski arithmetic with the table of leap-cycle breaks used by the
// jalaali calendars, exact for Solar Hijri years 1279 to 1478 (Gregorian
// 1900 to 2100, the years sanad accepts).
struct SolarHijriDate {
  int year = 1279;
  int month = 1;  // 1..12
  int day = 1;

  auto operator<=>(const SolarHijriDate&) const = default;
};

[[nodiscard]] bool IsSolarHijriLeapYear(int year);
[[nodiscard]] int SolarHijriDaysInMonth(int year, int month);
// The Gregorian day of a Solar Hijri date; kInvalidInput naming `field` when
// the day does not exist or falls outside 1900..2100.
[[nodiscard]] Result<Date> SolarHijriToGregorian(SolarHijriDate date,
                                                 std::string_view field = "date");
[[nodiscard]] SolarHijriDate GregorianToSolarHijri(Date date);

// A birth date as written in Solar Hijri: "1402/08/10" (also with '-', and
// one-digit months and days), "1402/08" or "1402", ASCII digits only (see
// ToAsciiDigits in core/utf8.h). A full date becomes that Gregorian day; a
// month becomes the Gregorian month holding its 15th day; a year becomes the
// Gregorian year holding most of it (the year + 621, from 21 March), since
// a year-only birth date is already approximate. Errors name `field`.
[[nodiscard]] Result<PartialDate> ParseSolarHijriDate(std::string_view text,
                                                      std::string_view field = "birth_date");

}  // namespace sanad
