// Blocking: which pairs of records are compared at all.
//
// Each rule of the model turns a record into zero or more keys (e.g. given
// name skeleton + father's name skeleton); two records sharing a key of any
// rule form a candidate pair (a union of rules, so a typo in one field is
// caught by another rule). A block larger than `max_block_size` (a very
// common name) is cut: its records are sorted by their names and date and
// only records within `window` of each other are paired, so no block
// explodes quadratically.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "match/features.h"
#include "match/model.h"

namespace sanad::match {

// The blocking keys of one record for one rule (0 to 8 keys; the rule index
// is mixed into each key, so keys of different rules never collide).
// Empty when a field the rule needs is missing.
void RuleKeys(const Model& model, size_t rule, const FieldFeature* record, const StringPool& pool,
              std::vector<uint64_t>* keys);

struct BlockingStats {
  size_t keys = 0;
  size_t blocks = 0;            // blocks of two or more records
  size_t oversized_blocks = 0;  // cut into windows
  size_t largest_block = 0;
  uint64_t candidate_pairs = 0;  // pairs emitted (a pair shared by two rules counts once
                                 // except inside cut blocks)
};

class Blocker {
 public:
  // Computes every record's keys and the blocks. Reads `store` only.
  Blocker(const FeatureStore& store, const Model& model);

  [[nodiscard]] size_t block_count() const { return blocks_.size(); }
  // Pairs block `block` would emit if every pair were its own (an upper bound
  // used to size work and samples).
  [[nodiscard]] uint64_t BlockPairBound(size_t block) const;
  [[nodiscard]] uint64_t TotalPairBound() const { return total_pair_bound_; }
  [[nodiscard]] const BlockingStats& stats() const { return stats_; }

  // Calls emit(i, j) with i < j for each pair of block `block` not already
  // emitted by a smaller shared key of another intact block (every pair of
  // the block when `every_pair`, as training a rule needs). Thread-safe
  // (const); the sort buffer is the caller's.
  void ForEachPair(size_t block, std::vector<uint32_t>* scratch,
                   const std::function<void(uint32_t, uint32_t)>& emit,
                   bool every_pair = false) const;
  // The index of the model's blocking rule that made block `block`.
  [[nodiscard]] size_t BlockRule(size_t block) const { return blocks_[block].rule; }

  // Number of distinct pairs emitted over all blocks, counted with a hash set
  // (for tests and reports on small data).
  [[nodiscard]] uint64_t CountDistinctPairs() const;
  // Whether records i and j have a key in common (of any block, cut or not).
  [[nodiscard]] bool ShareAKey(uint32_t i, uint32_t j) const;

 private:
  struct Block {
    uint64_t key = 0;
    uint32_t begin = 0;  // into members_
    uint32_t size = 0;
    uint32_t rule = 0;
    bool oversized = false;
  };
  [[nodiscard]] bool OwnedElsewhere(uint32_t i, uint32_t j, uint64_t key,
                                    bool current_intact) const;

  const FeatureStore& store_;
  const Model& model_;
  std::vector<Block> blocks_;
  std::vector<uint32_t> members_;
  // The keys of the intact blocks record r is in (blocks of two or more not
  // cut into windows), sorted: intact_keys_[intact_offset_[r] ..
  // intact_offset_[r + 1]). Keys no other record shares are left out.
  std::vector<uint64_t> intact_keys_;
  std::vector<uint32_t> intact_offset_;
  BlockingStats stats_;
  uint64_t total_pair_bound_ = 0;
};

// Share of true pairs (records with equal `entity`) that blocking emits:
// pair completeness. `entity` has one value per record. 1 when there are no
// true pairs.
[[nodiscard]] double PairCompleteness(const Blocker& blocker, std::span<const uint32_t> entity);

// Where the true pairs went in blocking (for reports against known truth).
struct TruePairBlocking {
  uint64_t true_pairs = 0;
  uint64_t emitted = 0;          // compared (pair completeness = emitted / true_pairs)
  uint64_t cut_by_a_window = 0;  // shared a key, but only of blocks cut into windows
  uint64_t sharing_no_key = 0;   // no rule gave the two records a common key
  // The emitted true pairs, as (i << 32 | j) with i < j.
  std::unordered_set<uint64_t> emitted_pairs;
};
[[nodiscard]] TruePairBlocking AccountTruePairs(const Blocker& blocker,
                                                std::span<const uint32_t> entity);

}  // namespace sanad::match
