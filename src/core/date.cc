#include "core/date.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <iterator>

#include "core/clock.h"
#include "core/utf8.h"

namespace sanad {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2100;

// Parses exactly `width` ASCII digits.
bool ParseDigits(std::string_view text, size_t width, int* out) {
  if (text.size() != width) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  std::from_chars(text.data(), text.data() + text.size(), *out);
  return true;
}

Error BadDate(std::string_view field, std::string_view text, const Message& expected) {
  std::string shown(Utf8Prefix(text, 40));
  return Error::InvalidInput(std::string(field), "'{}' is not a valid date: write {}", shown,
                             expected);
}

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

// Howard Hinnant's days_from_civil.
int32_t Date::DaysSinceEpoch() const {
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int mp = (month + 9) % 12;
  const int doy = (153 * mp + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date Date::FromDaysSinceEpoch(int32_t days) {
  const int32_t z = days + 719468;
  const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int32_t doe = z - era * 146097;
  const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int32_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400) + (m <= 2 ? 1 : 0);
  return Date{y, m, d};
}

std::string Date::ToIso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

Result<Date> Date::ParseIso(std::string_view text, std::string_view field) {
  Date date;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      !ParseDigits(text.substr(0, 4), 4, &date.year) ||
      !ParseDigits(text.substr(5, 2), 2, &date.month) ||
      !ParseDigits(text.substr(8, 2), 2, &date.day)) {
    return Fail(BadDate(field, text, Message("YYYY-MM-DD, e.g. 2024-03-15")));
  }
  if (date.year < kMinYear || date.year > kMaxYear) {
    return Fail(BadDate(field, text, Message("a year between 1900 and 2100")));
  }
  if (date.month < 1 || date.month > 12 || date.day < 1 ||
      date.day > DaysInMonth(date.year, date.month)) {
    return Fail(BadDate(field, text, Message("a day that exists in the calendar, as YYYY-MM-DD")));
  }
  return date;
}

Date Date::Today() { return SystemClock().Today(); }

std::string PartialDate::ToIso() const {
  char buf[24];
  switch (precision) {
    case Precision::kDay:
      return Date{year, month, day}.ToIso();
    case Precision::kMonth:
      std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
      break;
    case Precision::kYear:
      std::snprintf(buf, sizeof buf, "%04d", year);
      break;
    case Precision::kEstimate:
      std::snprintf(buf, sizeof buf, "%04d~%d", year, uncertainty_years);
      break;
  }
  return buf;
}

Result<PartialDate> PartialDate::Parse(std::string_view text, std::string_view field) {
  const Message forms(
      "YYYY-MM-DD, YYYY-MM, YYYY, or an estimate YYYY~N (born about YYYY, give or take N years)");
  PartialDate out;
  if (text.size() == 10) {
    auto full = Date::ParseIso(text, field);
    if (!full) return Fail(full.error());
    out.year = full->year;
    out.month = full->month;
    out.day = full->day;
    out.precision = Precision::kDay;
    return out;
  }
  if (text.size() == 7 && text[4] == '-' && ParseDigits(text.substr(0, 4), 4, &out.year) &&
      ParseDigits(text.substr(5, 2), 2, &out.month)) {
    if (out.month < 1 || out.month > 12) return Fail(BadDate(field, text, forms));
    out.precision = Precision::kMonth;
  } else if (text.size() == 4 && ParseDigits(text, 4, &out.year)) {
    out.precision = Precision::kYear;
  } else {
    // Estimates: "1986~5" or "1986±5" (± is two bytes in UTF-8).
    size_t sep_len = 0;
    if (text.size() > 5 && text[4] == '~') sep_len = 1;
    if (text.size() > 6 && text.substr(4, 2) == "\xC2\xB1") sep_len = 2;
    const std::string_view rest = sep_len ? text.substr(4 + sep_len) : std::string_view{};
    if (sep_len == 0 || !ParseDigits(text.substr(0, 4), 4, &out.year) || rest.size() > 2 ||
        !ParseDigits(rest, rest.size(), &out.uncertainty_years) || out.uncertainty_years < 1 ||
        out.uncertainty_years > 20) {
      return Fail(BadDate(field, text, forms));
    }
    out.precision = Precision::kEstimate;
  }
  if (out.year < kMinYear || out.year > kMaxYear) {
    return Fail(BadDate(field, text, Message("a year between 1900 and 2100")));
  }
  return out;
}

Date PartialDate::Earliest() const {
  switch (precision) {
    case Precision::kDay:
      return Date{year, month, day};
    case Precision::kMonth:
      return Date{year, month, 1};
    case Precision::kYear:
      return Date{year, 1, 1};
    case Precision::kEstimate:
      return Date{year - uncertainty_years, 1, 1};
  }
  return Date{year, 1, 1};
}

Date PartialDate::Latest() const {
  switch (precision) {
    case Precision::kDay:
      return Date{year, month, day};
    case Precision::kMonth:
      return Date{year, month, DaysInMonth(year, month)};
    case Precision::kYear:
      return Date{year, 12, 31};
    case Precision::kEstimate:
      return Date{year + uncertainty_years, 12, 31};
  }
  return Date{year, 12, 31};
}

namespace {

// Borkowski's algorithm as the jalaali calendars write it: the years at
// which the 33-year leap cycle shifts, and integer division truncating
// toward zero as in the original.
constexpr int kLeapCycleBreaks[] = {-61,  9,    38,   199,  426,  686,  756,  818,  1111, 1181,
                                    1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178};
constexpr int kMinSolarHijriYear = 1279;  // 1900-03-21
constexpr int kMaxSolarHijriYear = 1479;  // its first day is 2100-03-21

int Div(int a, int b) { return a / b; }
int Mod(int a, int b) { return a - a / b * b; }

struct SolarHijriYear {
  int leap = 0;   // 0 for a leap year
  int march = 0;  // the day of March (Gregorian year + 621) on which it starts
};

// `year` must lie within kLeapCycleBreaks' range.
SolarHijriYear YearFacts(int year) {
  const int gregorian = year + 621;
  int leap_j = -14;
  int jp = kLeapCycleBreaks[0];
  int jump = 0;
  for (size_t i = 1; i < std::size(kLeapCycleBreaks); ++i) {
    const int jm = kLeapCycleBreaks[i];
    jump = jm - jp;
    if (year < jm) break;
    leap_j += Div(jump, 33) * 8 + Div(Mod(jump, 33), 4);
    jp = jm;
  }
  int n = year - jp;
  leap_j += Div(n, 33) * 8 + Div(Mod(n, 33) + 3, 4);
  if (Mod(jump, 33) == 4 && jump - n == 4) leap_j += 1;
  const int leap_g = Div(gregorian, 4) - Div((Div(gregorian, 100) + 1) * 3, 4) - 150;
  SolarHijriYear facts;
  facts.march = 20 + leap_j - leap_g;
  if (jump - n < 6) n = n - jump + Div(jump + 4, 33) * 33;
  facts.leap = Mod(Mod(n + 1, 33) - 1, 4);
  if (facts.leap == -1) facts.leap = 4;
  return facts;
}

int32_t FirstDayOfYear(int year) {
  return Date{year + 621, 3, YearFacts(year).march}.DaysSinceEpoch();
}

// Days from 1 Farvardin to the first of `month`.
int DaysBeforeMonth(int month) { return month <= 7 ? (month - 1) * 31 : 186 + (month - 7) * 30; }

// Reads 1 to `max_width` ASCII digits.
bool ParseShortNumber(std::string_view text, size_t max_width, int* out) {
  if (text.empty() || text.size() > max_width) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  std::from_chars(text.data(), text.data() + text.size(), *out);
  return true;
}

}  // namespace

bool IsSolarHijriLeapYear(int year) {
  if (year < kMinSolarHijriYear || year > kMaxSolarHijriYear) return false;
  return YearFacts(year).leap == 0;
}

int SolarHijriDaysInMonth(int year, int month) {
  if (month <= 6) return 31;
  if (month <= 11) return 30;
  return IsSolarHijriLeapYear(year) ? 30 : 29;
}

Result<Date> SolarHijriToGregorian(SolarHijriDate date, std::string_view field) {
  if (date.year < kMinSolarHijriYear || date.year > kMaxSolarHijriYear || date.month < 1 ||
      date.month > 12 || date.day < 1 || date.day > SolarHijriDaysInMonth(date.year, date.month)) {
    char shown[32];
    std::snprintf(shown, sizeof shown, "%d/%02d/%02d", date.year, date.month, date.day);
    return Fail(
        BadDate(field, shown,
                Message("a Solar Hijri day that exists, between 1279 and 1479, as YYYY/MM/DD "
                        "(e.g. 1402/08/10)")));
  }
  const Date gregorian = Date::FromDaysSinceEpoch(FirstDayOfYear(date.year) +
                                                  DaysBeforeMonth(date.month) + date.day - 1);
  if (gregorian.year < kMinYear || gregorian.year > kMaxYear) {
    return Fail(BadDate(field, gregorian.ToIso(), Message("a date between 1900 and 2100")));
  }
  return gregorian;
}

SolarHijriDate GregorianToSolarHijri(Date date) {
  const int32_t days = date.DaysSinceEpoch();
  int year = date.year - 621;
  if (days < FirstDayOfYear(year)) --year;
  int offset = days - FirstDayOfYear(year);
  SolarHijriDate out{year, 1, 1};
  while (out.month < 12 && offset >= SolarHijriDaysInMonth(year, out.month)) {
    offset -= SolarHijriDaysInMonth(year, out.month);
    ++out.month;
  }
  out.day = offset + 1;
  return out;
}

Result<PartialDate> ParseSolarHijriDate(std::string_view text, std::string_view field) {
  const Message forms("a Solar Hijri date as YYYY/MM/DD, YYYY/MM or YYYY (e.g. 1402/08/10)");
  int parts[3] = {0, 0, 0};
  size_t count = 0;
  std::string_view rest = text;
  while (true) {
    const size_t sep = rest.find_first_of("/-");
    const std::string_view part = rest.substr(0, sep);
    if (count == 3 || !ParseShortNumber(part, count == 0 ? 4 : 2, &parts[count])) {
      return Fail(BadDate(field, text, forms));
    }
    ++count;
    if (sep == std::string_view::npos) break;
    rest = rest.substr(sep + 1);
  }
  if (parts[0] < 1000) return Fail(BadDate(field, text, forms));
  PartialDate out;
  if (count == 1) {
    if (parts[0] < kMinSolarHijriYear || parts[0] > kMaxSolarHijriYear - 1) {
      return Fail(BadDate(field, text, Message("a Solar Hijri year between 1279 and 1478")));
    }
    out.year = parts[0] + 621;
    out.precision = PartialDate::Precision::kYear;
    return out;
  }
  auto day = SolarHijriToGregorian({parts[0], parts[1], count == 3 ? parts[2] : 15}, field);
  if (!day) {
    if (count == 3) return Fail(day.error());
    return Fail(BadDate(field, text, forms));
  }
  out.year = day->year;
  out.month = day->month;
  out.day = count == 3 ? day->day : 0;
  out.precision = count == 3 ? PartialDate::Precision::kDay : PartialDate::Precision::kMonth;
  return out;
}

}  // namespace sanad
