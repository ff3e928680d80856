// A map from strings that holds at most `capacity` entries, forgetting the
// least recently touched first: the memory bound of every per-address and
// per-account record the server keeps (login_throttle.h, refusal_audit.h),
// so a flood of new keys evicts old ones instead of growing without end or
// being cleared whole. Not thread-safe: its owner locks.
#pragma once

#include <cstddef>
#include <list>
#include <string>
#include <unordered_map>
#include <utility>

namespace sanad::api {

template <typename Value>
class LruMap {
 public:
  explicit LruMap(size_t capacity) : capacity_(capacity > 0 ? capacity : 1) {}

  // The entry for `key` (value-initialised when new), now the most recent;
  // `second` is true when it was made. May evict the least recent entry.
  std::pair<Value&, bool> Touch(const std::string& key) {
    auto [it, inserted] = entries_.try_emplace(key);
    if (inserted) {
      it->second.order = order_.insert(order_.end(), key);
      while (entries_.size() > capacity_) Erase(order_.front());
    } else {
      order_.splice(order_.end(), order_, it->second.order);
    }
    return {it->second.value, inserted};
  }

  // The entry for `key`, or nullptr; does not change the order.
  Value* Find(const std::string& key) {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second.value;
  }

  void Erase(const std::string& key) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    order_.erase(it->second.order);
    entries_.erase(it);
  }

  [[nodiscard]] size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Value value{};
    std::list<std::string>::iterator order;
  };
  size_t capacity_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> order_;  // least recently touched first
};

}  // namespace sanad::api
