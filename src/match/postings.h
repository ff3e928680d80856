// Posting lists for the in-memory indexes (CandidateIndex's blocking keys,
// PersonSearch's search keys and numbers): 64-bit key → ascending 32-bit
// values, compact when most keys hold one value (a phone, a document
// number, a rare name and year), as most do.
//
// Idea: one open-addressing table of 16-byte slots {key, head}; head is the
// key's only value, or the index of a separate list when it has two or
// more. A million records' seven blocking keys cost about 30 bytes a key
// instead of the hundred of a std::unordered_map of vectors.
// Invariants: key 0 is never stored (it marks an empty slot: keys are
// remapped); a slot once used keeps its key (a key whose values are all
// removed stays, empty), so lookups never meet a tombstone.
// Not thread-safe by itself: callers hold their own lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "match/snapshot_io.h"

namespace sanad::match {

class Postings {
 public:
  // `value` must be below 2^31 - 1 and greater than every value already
  // under `key`.
  void Add(uint64_t key, uint32_t value);
  // Takes `value` from under `key`, if it is there.
  void Remove(uint64_t key, uint32_t value);
  // The values under `key`, ascending; empty when none. Valid until the
  // next Add or Remove.
  [[nodiscard]] std::span<const uint32_t> Values(uint64_t key) const;
  // Keys ever stored.
  [[nodiscard]] size_t keys() const { return used_; }
  void Clear();
  void Reserve(size_t keys);
  // As they are in memory, for the index's snapshot. Load replaces the
  // lists with what Save wrote; false (lists empty) when the bytes end
  // early or do not hold together (a list that is not there, a value at or
  // above `max_value`).
  void Save(SnapshotWriter& out) const;
  [[nodiscard]] bool Load(SnapshotReader& in, uint64_t max_value);

 private:
  struct Slot {
    uint64_t key = 0;
    uint32_t head = kNone;
    uint32_t unused = 0;  // no padding of unknown bytes goes into a snapshot
  };
  static_assert(sizeof(Slot) == 16);
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr uint32_t kList = 1U << 31;  // head = kList | index into lists_
  [[nodiscard]] size_t Find(uint64_t key) const;  // its slot, or the empty slot it would take
  void Grow(size_t capacity);

  std::vector<Slot> slots_;  // a power of two, at most 70% used
  size_t used_ = 0;
  std::vector<std::vector<uint32_t>> lists_;
  std::vector<uint32_t> free_lists_;  // indexes of lists_ no key uses
};

}  // namespace sanad::match
