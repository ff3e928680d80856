// A map from strings that holds at most `capacity` entries, forgetting the
// least recently touched first: the memory bound of every record keyed by
// what outsiders send (the sign-in throttle and refusal audit per address
// and account, the prepared statements per SQL text), so a flood of new keys
// evicts old ones instead of growing without end or being cleared whole.
// Lookups take a string_view and allocate nothing. Not thread-safe: its
// owner locks.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace sanad {

template <typename Value>
class LruMap {
 public:
  explicit LruMap(size_t capacity) : capacity_(capacity > 0 ? capacity : 1) {}

  // The entry for `key` (value-initialised when new), now the most recent;
  // `second` is true when it was made. May evict the least recent entry.
  std::pair<Value&, bool> Touch(std::string_view key) {
    if (auto it = entries_.find(key); it != entries_.end()) {
      order_.splice(order_.end(), order_, it->second.order);
      return {it->second.value, false};
    }
    auto it = entries_.emplace(std::string(key), Entry{}).first;
    it->second.order = order_.insert(order_.end(), it->first);
    while (entries_.size() > capacity_) Erase(order_.front());
    return {it->second.value, true};
  }

  // The entry for `key`, or nullptr; does not change the order.
  Value* Find(std::string_view key) {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second.value;
  }

  void Erase(std::string_view key) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    order_.erase(it->second.order);
    entries_.erase(it);
  }

  void Clear() {
    entries_.clear();
    order_.clear();
  }

  [[nodiscard]] size_t size() const { return entries_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  struct Entry {
    Value value{};
    std::list<std::string_view>::iterator order;
  };
  size_t capacity_;
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
  std::list<std::string_view> order_;  // keys owned by entries_; least recent first
};

}  // namespace sanad
