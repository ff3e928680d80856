#include "core/clock.h"

#include <cstdio>
#include <ctime>

namespace sanad {

Date Clock::Today() const {
  const auto days = std::chrono::floor<std::chrono::days>(Now()).time_since_epoch().count();
  return Date::FromDaysSinceEpoch(static_cast<int32_t>(days));
}

int64_t Clock::NowSeconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(Now().time_since_epoch()).count();
}

std::string Clock::NowIso() const {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Now().time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

namespace {

class System final : public Clock {
 public:
  [[nodiscard]] TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

}  // namespace

const Clock& SystemClock() {
  static const System kSystemClock;
  return kSystemClock;
}

TestClock::TestClock(TimePoint start) : ticks_(start.time_since_epoch().count()) {}

Clock::TimePoint TestClock::Now() const {
  return TimePoint(std::chrono::system_clock::duration(ticks_.load()));
}

void TestClock::Set(TimePoint now) { ticks_.store(now.time_since_epoch().count()); }

void TestClock::Advance(std::chrono::system_clock::duration by) { ticks_.fetch_add(by.count()); }

Clock::TimePoint TestClock::FromIso(int year, int month, int day, int hour) {
  const std::chrono::sys_days days = std::chrono::year_month_day(
      std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
      std::chrono::day(static_cast<unsigned>(day)));
  return TimePoint(days) + std::chrono::hours(hour);
}

}  // namespace sanad
