// Posting lists (see postings.h).
#include "match/postings.h"

#include <algorithm>

namespace sanad::match {
namespace {

// Keys are hashes already; one more mix spreads dense ids (PersonSearch's)
// over the table, and 0 (the empty slot) becomes 1.
uint64_t Stored(uint64_t key) {
  key ^= key >> 33;
  key *= 0xff51afd7ed558ccdULL;
  key ^= key >> 33;
  return key == 0 ? 1 : key;
}

}  // namespace

size_t Postings::Find(uint64_t key) const {
  const size_t mask = slots_.size() - 1;
  size_t at = static_cast<size_t>(key) & mask;
  while (slots_[at].key != 0 && slots_[at].key != key) at = (at + 1) & mask;
  return at;
}

void Postings::Grow(size_t capacity) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{});
  for (const Slot& slot : old) {
    if (slot.key != 0) slots_[Find(slot.key)] = slot;
  }
}

void Postings::Reserve(size_t keys) {
  size_t capacity = 16;
  while (capacity * 7 / 10 < keys) capacity *= 2;
  if (capacity > slots_.size()) Grow(capacity);
}

void Postings::Clear() {
  slots_.clear();
  used_ = 0;
  lists_.clear();
  free_lists_.clear();
}

void Postings::Add(uint64_t key, uint32_t value) {
  key = Stored(key);
  if ((used_ + 1) * 10 > slots_.size() * 7) Grow(std::max<size_t>(16, slots_.size() * 2));
  Slot& slot = slots_[Find(key)];
  if (slot.key == 0) {
    slot.key = key;
    ++used_;
  }
  if (slot.head == kNone) {
    slot.head = value;
  } else if ((slot.head & kList) != 0) {
    lists_[slot.head & ~kList].push_back(value);
  } else {
    uint32_t list = static_cast<uint32_t>(lists_.size());
    if (free_lists_.empty()) {
      lists_.emplace_back();
    } else {
      list = free_lists_.back();
      free_lists_.pop_back();
    }
    lists_[list] = {slot.head, value};
    slot.head = kList | list;
  }
}

void Postings::Remove(uint64_t key, uint32_t value) {
  if (slots_.empty()) return;
  Slot& slot = slots_[Find(Stored(key))];
  if (slot.key == 0 || slot.head == kNone) return;
  if ((slot.head & kList) == 0) {
    if (slot.head == value) slot.head = kNone;
    return;
  }
  const uint32_t list = slot.head & ~kList;
  std::vector<uint32_t>& values = lists_[list];
  auto at = std::lower_bound(values.begin(), values.end(), value);
  if (at != values.end() && *at == value) values.erase(at);
  if (values.size() == 1) {
    slot.head = values.front();
    std::vector<uint32_t>().swap(values);
    free_lists_.push_back(list);
  }
}

std::span<const uint32_t> Postings::Values(uint64_t key) const {
  if (slots_.empty()) return {};
  const Slot& slot = slots_[Find(Stored(key))];
  if (slot.key == 0 || slot.head == kNone) return {};
  if ((slot.head & kList) == 0) return {&slot.head, 1};
  return lists_[slot.head & ~kList];
}

void Postings::Save(SnapshotWriter& out) const {
  out.Int(static_cast<uint64_t>(used_));
  out.Vector(slots_);
  out.Int(static_cast<uint64_t>(lists_.size()));
  for (const auto& list : lists_) out.Vector(list);
  out.Vector(free_lists_);
}

bool Postings::Load(SnapshotReader& in, uint64_t max_value) {
  Clear();
  uint64_t used = 0;
  uint64_t lists = 0;
  bool ok = in.Int(&used) && in.Vector(&slots_, uint64_t{1} << 34) &&
            (slots_.size() & (slots_.size() - 1)) == 0 && used <= slots_.size() &&
            in.Int(&lists) && lists <= slots_.size();
  if (ok) lists_.resize(lists);
  for (size_t l = 0; ok && l < lists; ++l) {
    ok = in.Vector(&lists_[l], kList) &&
         std::all_of(lists_[l].begin(), lists_[l].end(), [&](uint32_t v) { return v < max_value; });
  }
  ok = ok && in.Vector(&free_lists_, lists) &&
       std::all_of(free_lists_.begin(), free_lists_.end(), [&](uint32_t l) { return l < lists; });
  for (size_t i = 0; ok && i < slots_.size(); ++i) {
    const uint32_t head = slots_[i].head;
    ok = head == kNone || ((head & kList) != 0 ? (head & ~kList) < lists : head < max_value);
  }
  if (!ok) {
    Clear();
    return false;
  }
  used_ = used;
  return true;
}

}  // namespace sanad::match
