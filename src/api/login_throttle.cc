#include "api/login_throttle.h"

#include <sodium.h>

#include <algorithm>

namespace sanad::api {
namespace {

int64_t SecondsBetween(std::chrono::steady_clock::time_point from,
                       std::chrono::steady_clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::seconds>(to - from).count();
}

std::string Hex(const unsigned char* bytes, size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, size);
  out.pop_back();
  return out;
}

std::string AddressKey(std::string_view address) { return "a:" + std::string(address); }
std::string AccountKey(std::string_view account) { return "u:" + std::string(account); }
std::string DeviceKey(std::string_view cookie) { return "d:" + std::string(cookie); }

}  // namespace

LoginThrottle::LoginThrottle(ThrottleSettings settings, SteadyNow now, std::string device_secret)
    : settings_(settings),
      now_(std::move(now)),
      device_secret_(std::move(device_secret)),
      failures_(settings.max_entries) {
  if (!now_) now_ = [] { return std::chrono::steady_clock::now(); };
  if (device_secret_.empty()) {
    if (sodium_init() < 0) std::abort();
    device_secret_.resize(crypto_generichash_KEYBYTES);
    randombytes_buf(device_secret_.data(), device_secret_.size());
  }
}

LoginThrottle::Failures* LoginThrottle::Find(const std::string& key,
                                             std::chrono::steady_clock::time_point now) {
  Failures* f = failures_.Find(key);
  // Counts are forgotten after `lockout_seconds` without a failure: the
  // lockout ends, and an account's delay starts again from one second.
  if (f && SecondsBetween(f->last, now) >= settings_.lockout_seconds) {
    failures_.Erase(key);
    return nullptr;
  }
  return f;
}

LoginThrottle::Failures& LoginThrottle::Touch(const std::string& key,
                                              std::chrono::steady_clock::time_point now) {
  Failures& f = failures_.Touch(key).first;
  f.last = now;
  return f;
}

int64_t LoginThrottle::LockoutLeft(const Failures* f,
                                   std::chrono::steady_clock::time_point now) const {
  if (!f || f->count < settings_.max_failures) return 0;
  return settings_.lockout_seconds - SecondsBetween(f->last, now);  // > 0: Find forgot older
}

int64_t LoginThrottle::DelayLeft(const Failures* f,
                                 std::chrono::steady_clock::time_point now) const {
  if (!f || f->count < settings_.slow_after) return 0;
  const int doublings = std::min(f->count - settings_.slow_after, 30);
  const int64_t delay = std::min<int64_t>(int64_t{1} << doublings, settings_.max_delay_seconds);
  const int64_t left = delay - SecondsBetween(f->last, now);
  return left > 0 ? left : 0;
}

int64_t LoginThrottle::Admit(std::string_view account, std::string_view address,
                             std::string_view device_cookie) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  const bool known_device = IsKnownDevice(account, device_cookie);
  const std::string address_key = AddressKey(address);
  // A known device is limited by its own count instead of the account's.
  const std::string account_key = known_device ? DeviceKey(device_cookie) : AccountKey(account);
  Failures* by_address = Find(address_key, now);
  Failures* by_account = Find(account_key, now);
  int64_t wait = LockoutLeft(by_address, now);
  if (known_device) {
    wait = std::max(wait, LockoutLeft(by_account, now));
  } else {
    wait = std::max(wait, DelayLeft(by_account, now));
  }
  if (wait > 0) return wait;
  ++Touch(address_key, now).count;
  ++Touch(account_key, now).count;
  return 0;
}

void LoginThrottle::RecordSuccess(std::string_view account, std::string_view address,
                                  std::string_view device_cookie) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  failures_.Erase(AccountKey(account));
  failures_.Erase(DeviceKey(device_cookie));
  // The address keeps its earlier failures: signing in to one's own account
  // must not wipe the record of guesses at others.
  if (Failures* f = Find(AddressKey(address), now); f && f->count > 0) --f->count;
}

std::string LoginThrottle::DeviceTag(std::string_view account, std::string_view nonce) const {
  const std::string message = std::string(account) + "\n" + std::string(nonce);
  unsigned char tag[16];
  crypto_generichash(tag, sizeof tag, reinterpret_cast<const unsigned char*>(message.data()),
                     message.size(), reinterpret_cast<const unsigned char*>(device_secret_.data()),
                     device_secret_.size());
  return Hex(tag, sizeof tag);
}

std::string LoginThrottle::IssueDeviceCookie(std::string_view account) const {
  unsigned char nonce[16];
  randombytes_buf(nonce, sizeof nonce);
  const std::string nonce_hex = Hex(nonce, sizeof nonce);
  return nonce_hex + "." + DeviceTag(account, nonce_hex);
}

bool LoginThrottle::IsKnownDevice(std::string_view account, std::string_view cookie) const {
  const size_t dot = cookie.find('.');
  if (dot != 32 || cookie.size() != 32 + 1 + 32) return false;
  const std::string expected = DeviceTag(account, cookie.substr(0, dot));
  return sodium_memcmp(expected.data(), cookie.data() + dot + 1, expected.size()) == 0;
}

size_t LoginThrottle::entries() {
  std::lock_guard lock(mutex_);
  return failures_.size();
}

}  // namespace sanad::api
