#include "sync/hlc.h"

#include <gtest/gtest.h>

namespace sanad::sync {
namespace {

constexpr int64_t kNoon = 1'764'676'800'000;  // 2025-12-02T12:00:00Z

TEST(HybridClock, FollowsTheWallClockWhenItMovesOn) {
  HybridClock clock;
  EXPECT_EQ(clock.Tick(kNoon), (HlcTimestamp{kNoon, 0}));
  EXPECT_EQ(clock.Tick(kNoon + 5), (HlcTimestamp{kNoon + 5, 0}));
}

TEST(HybridClock, CountsWithinAMillisecondAndWhileTheWallClockGoesBack) {
  HybridClock clock;
  (void)clock.Tick(kNoon);
  EXPECT_EQ(clock.Tick(kNoon), (HlcTimestamp{kNoon, 1}));
  // Someone set the laptop's clock back a minute: events still order after.
  EXPECT_EQ(clock.Tick(kNoon - 60'000), (HlcTimestamp{kNoon, 2}));
}

TEST(HybridClock, OrdersLocalEventsAfterAnythingObserved) {
  HybridClock clock;
  (void)clock.Tick(kNoon);
  const HlcTimestamp remote{kNoon + 90'000, 7};  // another site, 90 s ahead
  ASSERT_TRUE(clock.Observe(remote, kNoon, "chaman"));
  const HlcTimestamp next = clock.Tick(kNoon + 1);
  EXPECT_GT(next, remote);
  EXPECT_EQ(next.wall_ms, remote.wall_ms);
}

TEST(HybridClock, RefusesAClockMoreThanFiveMinutesAheadNamingTheSite) {
  HybridClock clock;
  (void)clock.Tick(kNoon);
  auto refused = clock.Observe({kNoon + 6 * 60'000, 0}, kNoon, "torkham-2");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "clock");
  EXPECT_NE(refused.error().message.find("torkham-2"), std::string::npos);
  EXPECT_NE(refused.error().message.find("6 min ahead"), std::string::npos);
  EXPECT_EQ(clock.last(), (HlcTimestamp{kNoon, 0})) << "a refused clock changes nothing";
  EXPECT_TRUE(clock.Observe({kNoon + 5 * 60'000, 0}, kNoon, "torkham-2"))
      << "five minutes is allowed";
}

TEST(HybridClock, TextFormSortsInClockOrderAndParsesBack) {
  const HlcTimestamp a{kNoon, 9}, b{kNoon, 10}, c{kNoon + 1, 0};
  EXPECT_LT(ToString(a), ToString(b));
  EXPECT_LT(ToString(b), ToString(c));
  for (const HlcTimestamp& t : {a, b, c}) EXPECT_EQ(ParseHlc(ToString(t)), t);
  for (const char* bad : {"", ".", "12", "12.", ".3", "-1.0", "1.x", "1.2.3", "1.99999999999"}) {
    auto parsed = ParseHlc(bad, "op.clock");
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().field, "op.clock");
  }
}

TEST(HybridClock, DescribesSkewForTheAdmin) {
  EXPECT_EQ(DescribeSkew(400), "in step");
  EXPECT_EQ(DescribeSkew(200'000), "3 min 20 s ahead");
  EXPECT_EQ(DescribeSkew(-3'900'000), "1 h 5 min behind");
}

}  // namespace
}  // namespace sanad::sync
