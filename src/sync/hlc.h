// A hybrid logical clock (Kulkarni et al., 2014): a wall-clock reading in
// milliseconds and a counter that orders events within one millisecond or
// while the wall clock lags a value already seen. Every operation a site
// writes carries one, so operations from many sites can be ordered in a way
// that respects causality (an operation written after another was seen has a
// larger clock) while staying close to real time.
//
// The clock only chooses which of two conflicting values is shown first; it
// never decides whether a conflict exists (that is the parents' job, see
// merge.h). A wrong wall clock at one site therefore changes an ordering,
// never loses an edit. Clocks far ahead are still refused, because one site
// with its clock set to 2030 would otherwise drag every replica's clock there.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace sanad::sync {

struct HlcTimestamp {
  int64_t wall_ms = 0;   // milliseconds since 1970-01-01T00:00:00Z
  uint32_t counter = 0;  // events at this wall_ms

  auto operator<=>(const HlcTimestamp&) const = default;
};

// "1733140000000.00042": sorts as text in clock order (wall time zero-padded
// to 15 digits, the counter to 5), for logs and storage.
[[nodiscard]] std::string ToString(HlcTimestamp timestamp);
// The inverse; kInvalidInput naming `field` when `text` is not such a value.
[[nodiscard]] Result<HlcTimestamp> ParseHlc(std::string_view text,
                                            std::string_view field = "clock");

// How far ahead of this machine another clock may be before its operations
// are refused.
inline constexpr std::chrono::milliseconds kMaxClockAhead = std::chrono::minutes(5);

// One site's clock. Not thread-safe: the store that owns it writes under its
// own lock.
class HybridClock {
 public:
  explicit HybridClock(HlcTimestamp last = {}) : last_(last) {}

  // The timestamp of a new local event, given the wall clock now.
  [[nodiscard]] HlcTimestamp Tick(int64_t wall_now_ms);

  // Takes in a timestamp received from `site`, so that every later local
  // event orders after it. kInvalidInput naming the site when `remote` is
  // more than kMaxClockAhead ahead of `wall_now_ms` (nothing changes then).
  [[nodiscard]] Status Observe(HlcTimestamp remote, int64_t wall_now_ms, std::string_view site);

  [[nodiscard]] HlcTimestamp last() const { return last_; }

 private:
  HlcTimestamp last_;
};

// The wall time of `clock` in milliseconds since the epoch.
[[nodiscard]] int64_t WallMillis(std::chrono::system_clock::time_point time);

// "3 min 20 s ahead", "1 h 5 min behind", "in step" (under one second): a
// site's clock against the hub's, for the admin's screen.
[[nodiscard]] std::string DescribeSkew(int64_t site_minus_hub_ms);

}  // namespace sanad::sync
