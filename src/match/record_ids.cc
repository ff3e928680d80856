// Record id → index (see record_ids.h).
#include "match/record_ids.h"

#include <algorithm>
#include <functional>

namespace sanad::match {

size_t RecordIds::Probe(const FeatureStore& store, std::string_view id, bool* found) const {
  const size_t mask = slots_.size() - 1;
  size_t at = std::hash<std::string_view>{}(id) & mask;
  std::optional<size_t> free;
  *found = false;
  while (slots_[at] != kEmpty) {
    if (slots_[at] == kRemoved) {
      if (!free) free = at;
    } else if (store.Id(slots_[at]) == id) {
      *found = true;
      return at;
    }
    at = (at + 1) & mask;
  }
  return free.value_or(at);
}

void RecordIds::Rehash(const FeatureStore& store, size_t capacity) {
  std::vector<uint32_t> old = std::move(slots_);
  slots_.assign(capacity, kEmpty);
  used_ = live_;
  for (uint32_t index : old) {
    if (index == kEmpty || index == kRemoved) continue;
    bool found = false;
    slots_[Probe(store, store.Id(index), &found)] = index;
  }
}

std::optional<uint32_t> RecordIds::Find(const FeatureStore& store, std::string_view id) const {
  if (slots_.empty()) return std::nullopt;
  bool found = false;
  const size_t at = Probe(store, id, &found);
  return found ? std::optional<uint32_t>(slots_[at]) : std::nullopt;
}

bool RecordIds::Insert(const FeatureStore& store, uint32_t index) {
  if ((used_ + 1) * 10 > slots_.size() * 7) {
    size_t capacity = std::max<size_t>(16, slots_.size());
    while ((live_ + 1) * 10 > capacity * 5) capacity *= 2;  // room to grow after tombstones go
    Rehash(store, capacity);
  }
  bool found = false;
  const size_t at = Probe(store, store.Id(index), &found);
  if (found) return false;
  if (slots_[at] == kEmpty) ++used_;
  slots_[at] = index;
  ++live_;
  return true;
}

std::optional<uint32_t> RecordIds::Erase(const FeatureStore& store, std::string_view id) {
  if (slots_.empty()) return std::nullopt;
  bool found = false;
  const size_t at = Probe(store, id, &found);
  if (!found) return std::nullopt;
  const uint32_t index = slots_[at];
  slots_[at] = kRemoved;
  --live_;
  return index;
}

std::vector<uint32_t> RecordIds::Live() const {
  std::vector<uint32_t> out;
  out.reserve(live_);
  for (uint32_t index : slots_) {
    if (index != kEmpty && index != kRemoved) out.push_back(index);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void RecordIds::Clear() {
  slots_.clear();
  live_ = 0;
  used_ = 0;
}

void RecordIds::Save(SnapshotWriter& out) const {
  out.Int(static_cast<uint64_t>(live_));
  out.Int(static_cast<uint64_t>(used_));
  out.Vector(slots_);
}

bool RecordIds::Load(SnapshotReader& in, size_t records) {
  Clear();
  uint64_t live = 0;
  uint64_t used = 0;
  const bool ok =
      in.Int(&live) && in.Int(&used) && in.Vector(&slots_, uint64_t{1} << 33) &&
      (slots_.size() & (slots_.size() - 1)) == 0 && live <= used && used <= slots_.size() &&
      std::all_of(slots_.begin(), slots_.end(), [records](uint32_t index) {
        return index == kEmpty || index == kRemoved || index < records;
      });
  if (!ok) {
    Clear();
    return false;
  }
  live_ = live;
  used_ = used;
  return true;
}

}  // namespace sanad::match
