#include "core/clock.h"

#include <gtest/gtest.h>

#include <chrono>

namespace sanad {
namespace {

TEST(Clock, TestClockStandsStillUntilMoved) {
  TestClock clock(TestClock::FromIso(2025, 4, 1, 23));
  EXPECT_EQ(clock.NowIso(), "2025-04-01T23:00:00.000Z");
  EXPECT_EQ(clock.NowIso(), "2025-04-01T23:00:00.000Z");
  EXPECT_EQ(clock.Today(), (Date{2025, 4, 1}));
  clock.Advance(std::chrono::minutes(60) + std::chrono::milliseconds(5));
  EXPECT_EQ(clock.NowIso(), "2025-04-02T00:00:00.005Z");
  EXPECT_EQ(clock.Today(), (Date{2025, 4, 2}));
  EXPECT_EQ(clock.NowSeconds(), 1743552000);
  clock.Set(TestClock::FromIso(2024, 2, 29));
  EXPECT_EQ(clock.Today(), (Date{2024, 2, 29}));
}

TEST(Clock, SystemClockIsTheComputersUtcDay) {
  const Date before = Date::Today();
  const Date today = SystemClock().Today();
  const Date after = Date::Today();
  EXPECT_LE(before, today);
  EXPECT_LE(today, after);
  EXPECT_GE(today, (Date{2025, 1, 1}));
}

}  // namespace
}  // namespace sanad
