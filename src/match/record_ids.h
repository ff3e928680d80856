// Record id → record index for CandidateIndex, without a second copy of the
// ids (FeatureStore keeps them): an open-addressing table of 4-byte indexes,
// compared through FeatureStore::Id. At a million persons about 10 MB where
// a std::unordered_map<std::string, uint32_t> took about 120.
// Invariants: a slot holds kEmpty, kRemoved (a tombstone, so probes go on)
// or the index of a record whose id hashes to a run reaching it; at most
// 70% of slots are not empty.
// Not thread-safe by itself: CandidateIndex holds its lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "match/features.h"
#include "match/snapshot_io.h"

namespace sanad::match {

class RecordIds {
 public:
  [[nodiscard]] std::optional<uint32_t> Find(const FeatureStore& store, std::string_view id) const;
  // Adds record `index` under store.Id(index); false (and nothing added)
  // when that id is there already.
  bool Insert(const FeatureStore& store, uint32_t index);
  // Takes `id` out; its index, or nullopt when it was not there.
  std::optional<uint32_t> Erase(const FeatureStore& store, std::string_view id);
  // The indexes of every id held, ascending.
  [[nodiscard]] std::vector<uint32_t> Live() const;
  [[nodiscard]] size_t size() const { return live_; }
  void Clear();
  // As it is in memory, for the index's snapshot; Load gives false (and an
  // empty table) when the bytes end early or name a record at or above
  // `records`.
  void Save(SnapshotWriter& out) const;
  [[nodiscard]] bool Load(SnapshotReader& in, size_t records);

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  static constexpr uint32_t kRemoved = UINT32_MAX - 1;
  // The slot holding `id`, or where it would go (the first tombstone or
  // empty slot met) with `*found` false.
  [[nodiscard]] size_t Probe(const FeatureStore& store, std::string_view id, bool* found) const;
  void Rehash(const FeatureStore& store, size_t capacity);

  std::vector<uint32_t> slots_;
  size_t live_ = 0;
  size_t used_ = 0;  // live and tombstones
};

}  // namespace sanad::match
