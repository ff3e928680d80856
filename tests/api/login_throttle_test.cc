#include "api/login_throttle.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace sanad::api {
namespace {

using namespace std::chrono_literals;

// A clock the test moves by hand: no sleeping.
struct ManualClock {
  std::chrono::steady_clock::time_point now{};
  SteadyNow Now() {
    return [this] { return now; };
  }
};

TEST(LoginThrottle, ParallelAttemptsCannotOverrunTheLimit) {
  ManualClock clock;
  LoginThrottle throttle(ThrottleSettings{.slow_after = 3, .max_failures = 6}, clock.Now());
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(throttle.Admit("counsellor", "10.0.0." + std::to_string(i), ""), 0);
    clock.now += 20s;
  }
  // Twelve attempts at once from other addresses: each must be decided
  // before any password is checked, so at most one gets through.
  std::atomic<int> admitted = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 12; ++i) {
    threads.emplace_back([&, i] {
      if (throttle.Admit("counsellor", "192.0.2." + std::to_string(i), "") == 0) ++admitted;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(admitted.load(), 1);
}

TEST(LoginThrottle, AnAddressIsLockedOutAfterMaxFailures) {
  ManualClock clock;
  LoginThrottle throttle(
      ThrottleSettings{.slow_after = 100, .max_failures = 4, .lockout_seconds = 60}, clock.Now());
  for (int i = 0; i < 4; ++i) ASSERT_EQ(throttle.Admit("user" + std::to_string(i), "a", ""), 0);
  EXPECT_GT(throttle.Admit("someone", "a", ""), 0);
  EXPECT_EQ(throttle.Admit("someone", "b", ""), 0) << "another address is not affected";
  clock.now += 61s;
  EXPECT_EQ(throttle.Admit("someone", "a", ""), 0) << "the lockout ends";
}

TEST(LoginThrottle, StrangersCannotLockTheOwnerOut) {
  ManualClock clock;
  LoginThrottle throttle(ThrottleSettings{.slow_after = 3, .max_failures = 6,
                                          .lockout_seconds = 900, .max_delay_seconds = 300},
                         clock.Now());
  const std::string device = throttle.IssueDeviceCookie("counsellor");
  EXPECT_TRUE(throttle.IsKnownDevice("counsellor", device));
  EXPECT_FALSE(throttle.IsKnownDevice("admin", device)) << "a cookie is for one account";
  // Guesses from rotating addresses, as fast as they are let through.
  int guesses = 0;
  for (int i = 0; i < 1000; ++i) {
    if (throttle.Admit("counsellor", "198.51.100." + std::to_string(i % 250), "") == 0) ++guesses;
    clock.now += 1s;
  }
  // 1000 s of guessing gives about a dozen tries (3, then waits of 1, 2, 4,
  // ... 256 s, then one per 5 minutes), not hundreds.
  EXPECT_LE(guesses, 14);
  // The owner, from a browser that signed in before, is let in at once.
  EXPECT_EQ(throttle.Admit("counsellor", "203.0.113.7", device), 0);
  throttle.RecordSuccess("counsellor", "203.0.113.7", device);
  // From a new browser the owner waits at most the longest delay, never 15 minutes.
  const int64_t wait = throttle.Admit("counsellor", "203.0.113.8", "");
  EXPECT_LE(wait, 300);
}

TEST(LoginThrottle, AForgedOrForeignDeviceCookieIsNotKnown) {
  LoginThrottle throttle(ThrottleSettings{});
  LoginThrottle other(ThrottleSettings{});
  const std::string cookie = throttle.IssueDeviceCookie("admin");
  EXPECT_FALSE(other.IsKnownDevice("admin", cookie)) << "another secret";
  std::string forged = cookie;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_FALSE(throttle.IsKnownDevice("admin", forged));
  EXPECT_FALSE(throttle.IsKnownDevice("admin", ""));
  EXPECT_FALSE(throttle.IsKnownDevice("admin", std::string(1000, 'a')));
}

TEST(LoginThrottle, MemoryIsBoundedAndTheNewestLockoutsSurviveEviction) {
  ManualClock clock;
  LoginThrottle throttle(ThrottleSettings{.slow_after = 1, .max_failures = 3,
                                          .lockout_seconds = 900, .max_entries = 100},
                         clock.Now());
  for (int i = 0; i < 5000; ++i) {
    (void)throttle.Admit("flood" + std::to_string(i), "addr" + std::to_string(i), "");
  }
  EXPECT_LE(throttle.entries(), 100U);
  // A lockout made after the flood holds (the map is never cleared whole).
  for (int i = 0; i < 3; ++i) (void)throttle.Admit("victim" + std::to_string(i), "attacker", "");
  for (int i = 0; i < 10; ++i) {
    (void)throttle.Admit("more" + std::to_string(i), "other" + std::to_string(i), "");
  }
  EXPECT_GT(throttle.Admit("anyone", "attacker", ""), 0);
}

}  // namespace
}  // namespace sanad::api
