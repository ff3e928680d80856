// Wall-clock time, passed in rather than read where it is needed, so that
// what depends on "now" (session expiry, the audit log's timestamps, "not in
// the future", a policy's "today") can be tested by moving a clock instead
// of sleeping.
//
// A Clock is read by many threads at once: both implementations are
// thread-safe. Whoever passes a clock to a Store or a Server keeps it alive
// as long as they are; SystemClock() lives for the whole program.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "core/date.h"

namespace sanad {

class Clock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  virtual ~Clock() = default;

  // The current wall time (UTC).
  [[nodiscard]] virtual TimePoint Now() const = 0;

  // Today's date in UTC.
  [[nodiscard]] Date Today() const;
  // Whole seconds since 1970-01-01T00:00:00Z.
  [[nodiscard]] int64_t NowSeconds() const;
  // The current time as "YYYY-MM-DDTHH:MM:SS.mmmZ" (what the store writes).
  [[nodiscard]] std::string NowIso() const;
};

// The computer's clock. The one instance lives for the whole program.
[[nodiscard]] const Clock& SystemClock();

// A clock that stands still until moved; for tests.
class TestClock final : public Clock {
 public:
  // Starts at `start` (by default 2025-04-01T08:00:00Z).
  explicit TestClock(TimePoint start = FromIso(2025, 4, 1, 8));
  [[nodiscard]] TimePoint Now() const override;
  void Set(TimePoint now);
  void Advance(std::chrono::system_clock::duration by);

  // Midnight UTC of the given day, plus `hour` hours.
  [[nodiscard]] static TimePoint FromIso(int year, int month, int day, int hour = 0);

 private:
  std::atomic<int64_t> ticks_;  // system_clock ticks since the epoch
};

}  // namespace sanad
