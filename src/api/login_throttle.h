// Slows repeated failed sign-ins without ever sleeping on a worker thread and
// without letting a stranger lock an account's owner out.
//
// The idea: an attempt is *admitted* or *refused* before its password is
// checked. Admission reserves the attempt at once (it counts as a failure
// until RecordSuccess says otherwise), under one mutex, so parallel attempts
// cannot all slip past the limits while the first is still hashing.
//
//   per address   after `max_failures` failures, refused until
//                 `lockout_seconds` have passed since the last one;
//   per account   after `slow_after` failures, each attempt must wait
//                 2^(failures - slow_after) seconds (at most
//                 `max_delay_seconds`) after the last one: slowed, never
//                 locked, so guessing is slow and the owner still gets in;
//   known device  a browser that signed in to this account before presents a
//                 device cookie (IssueDeviceCookie) and skips the account's
//                 delay; its own failures are limited like an address's.
//
// Every count is forgotten after `lockout_seconds` without a failure.
// Refusals answer at once with a Retry-After. Memory is bounded: at most
// `max_entries` counters, the least recently touched evicted first (never
// all at once). Usernames are capped by the caller (kMaxUsernameBytes).
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "core/lru_map.h"

namespace sanad::api {

inline constexpr size_t kMaxUsernameBytes = 128;

struct ThrottleSettings {
  int slow_after = 3;
  int max_failures = 6;
  int64_t lockout_seconds = 900;
  int64_t max_delay_seconds = 300;
  size_t max_entries = 10000;
};

using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;

class LoginThrottle {
 public:
  // `now` is the clock (tests pass their own); `device_secret` keys the
  // device cookies (random per process when empty: devices are then
  // forgotten at restart and simply wait like new ones).
  explicit LoginThrottle(ThrottleSettings settings, SteadyNow now = {},
                         std::string device_secret = {});

  // 0 when the attempt is admitted (and reserved); otherwise the seconds to
  // wait before trying again, and nothing was reserved.
  [[nodiscard]] int64_t Admit(std::string_view account, std::string_view address,
                              std::string_view device_cookie);
  // The password was right: the account's and the device's counts are
  // cleared, the address's reservation is returned.
  void RecordSuccess(std::string_view account, std::string_view address,
                     std::string_view device_cookie);
  // A cookie value that marks this browser as one that signed in to
  // `account` (a nonce and its keyed hash; nothing is stored).
  [[nodiscard]] std::string IssueDeviceCookie(std::string_view account) const;
  [[nodiscard]] bool IsKnownDevice(std::string_view account, std::string_view cookie) const;

  [[nodiscard]] size_t entries();  // for tests of the memory bound

 private:
  struct Failures {
    int count = 0;
    std::chrono::steady_clock::time_point last;
  };
  Failures* Find(const std::string& key, std::chrono::steady_clock::time_point now);
  Failures& Touch(const std::string& key, std::chrono::steady_clock::time_point now);
  int64_t LockoutLeft(const Failures* f, std::chrono::steady_clock::time_point now) const;
  int64_t DelayLeft(const Failures* f, std::chrono::steady_clock::time_point now) const;
  [[nodiscard]] std::string DeviceTag(std::string_view account, std::string_view nonce) const;

  ThrottleSettings settings_;
  SteadyNow now_;
  std::string device_secret_;
  std::mutex mutex_;
  LruMap<Failures> failures_;
};

}  // namespace sanad::api
