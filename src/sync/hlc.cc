#include "sync/hlc.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "core/error.h"

namespace sanad::sync {

std::string ToString(HlcTimestamp timestamp) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%015lld.%05u", static_cast<long long>(timestamp.wall_ms),
                timestamp.counter);
  return buffer;
}

Result<HlcTimestamp> ParseHlc(std::string_view text, std::string_view field) {
  auto invalid = [&] {
    return Fail(Error::InvalidInput(
        std::string(field), "expected a clock value such as 001733140000000.00001, got '{}'",
        text.substr(0, 40)));
  };
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == text.size()) return invalid();
  HlcTimestamp out;
  const char* wall_end = text.data() + dot;
  if (auto [p, ec] = std::from_chars(text.data(), wall_end, out.wall_ms);
      ec != std::errc() || p != wall_end || out.wall_ms < 0) {
    return invalid();
  }
  const char* end = text.data() + text.size();
  if (auto [p, ec] = std::from_chars(wall_end + 1, end, out.counter);
      ec != std::errc() || p != end) {
    return invalid();
  }
  return out;
}

HlcTimestamp HybridClock::Tick(int64_t wall_now_ms) {
  if (wall_now_ms > last_.wall_ms) {
    last_ = {wall_now_ms, 0};
  } else {
    ++last_.counter;
  }
  return last_;
}

Status HybridClock::Observe(HlcTimestamp remote, int64_t wall_now_ms, std::string_view site) {
  const int64_t ahead_ms = remote.wall_ms - wall_now_ms;
  if (ahead_ms > kMaxClockAhead.count()) {
    return Fail(Error::InvalidInput("clock",
                                    "the clock of site '{}' is {} of this one (more than 5 min): "
                                    "set that machine's date and time, then sync again",
                                    site, DescribeSkew(ahead_ms)));
  }
  // The receive rule of the hybrid logical clock: the largest wall time seen,
  // and a counter past both counters when the wall times tie.
  const int64_t wall = std::max({last_.wall_ms, remote.wall_ms, wall_now_ms});
  uint32_t counter = 0;
  if (wall == last_.wall_ms && wall == remote.wall_ms) {
    counter = std::max(last_.counter, remote.counter) + 1;
  } else if (wall == last_.wall_ms) {
    counter = last_.counter + 1;
  } else if (wall == remote.wall_ms) {
    counter = remote.counter + 1;
  }
  last_ = {wall, counter};
  return {};
}

int64_t WallMillis(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

std::string DescribeSkew(int64_t site_minus_hub_ms) {
  const int64_t magnitude_s = std::llabs(site_minus_hub_ms) / 1000;
  if (magnitude_s == 0) return "in step";
  const int64_t hours = magnitude_s / 3600;
  const int64_t minutes = magnitude_s % 3600 / 60;
  const int64_t seconds = magnitude_s % 60;
  std::string out;
  auto add = [&](int64_t amount, const char* unit) {
    if (amount == 0) return;
    if (!out.empty()) out += ' ';
    out += std::to_string(amount) + ' ' + unit;
  };
  add(hours, "h");
  add(minutes, "min");
  if (hours == 0) add(seconds, "s");
  return out + (site_minus_hub_ms > 0 ? " ahead" : " behind");
}

}  // namespace sanad::sync
