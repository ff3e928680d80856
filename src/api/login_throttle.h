// Slows and then refuses repeated failed sign-ins, per account and per
// network address, so passwords cannot be guessed at speed.
//
// After `slow_after` consecutive failures a key waits one more second per
// failure before being answered; after `max_failures` it is refused (429)
// until `lockout_seconds` have passed since its last failure. A success
// clears the account's count (not the address's). Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace sanad::api {

struct ThrottleSettings {
  int slow_after = 3;
  int max_failures = 6;
  int64_t lockout_seconds = 900;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(ThrottleSettings settings) : settings_(settings) {}

  // Seconds the caller must still wait before trying; 0 when allowed.
  [[nodiscard]] int64_t LockedFor(const std::string& account, const std::string& address);
  // Seconds to delay the answer to this attempt (the slowing).
  [[nodiscard]] int64_t DelayFor(const std::string& account, const std::string& address);
  void RecordFailure(const std::string& account, const std::string& address);
  void RecordSuccess(const std::string& account);

 private:
  struct Failures {
    int count = 0;
    std::chrono::steady_clock::time_point last;
  };
  int64_t LockedForKey(const std::string& key, std::chrono::steady_clock::time_point now);

  ThrottleSettings settings_;
  std::mutex mutex_;
  std::map<std::string, Failures> failures_;
};

}  // namespace sanad::api
