#include "api/login_throttle.h"

#include <algorithm>

namespace sanad::api {

int64_t LoginThrottle::LockedForKey(const std::string& key,
                                    std::chrono::steady_clock::time_point now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  const auto since =
      std::chrono::duration_cast<std::chrono::seconds>(now - it->second.last).count();
  if (since >= settings_.lockout_seconds) {
    failures_.erase(it);
    return 0;
  }
  if (it->second.count < settings_.max_failures) return 0;
  return settings_.lockout_seconds - since;
}

int64_t LoginThrottle::LockedFor(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  return std::max(LockedForKey("u:" + account, now), LockedForKey("a:" + address, now));
}

int64_t LoginThrottle::DelayFor(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  int count = 0;
  for (const auto& key : {"u:" + account, "a:" + address}) {
    if (auto it = failures_.find(key); it != failures_.end())
      count = std::max(count, it->second.count);
  }
  return count >= settings_.slow_after ? count - settings_.slow_after + 1 : 0;
}

void LoginThrottle::RecordFailure(const std::string& account, const std::string& address) {
  std::lock_guard lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (failures_.size() > 100000) failures_.clear();  // bounded memory under a flood
  for (const auto& key : {"u:" + account, "a:" + address}) {
    auto& f = failures_[key];
    ++f.count;
    f.last = now;
  }
}

void LoginThrottle::RecordSuccess(const std::string& account) {
  std::lock_guard lock(mutex_);
  failures_.erase("u:" + account);
}

}  // namespace sanad::api
