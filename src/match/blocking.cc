// Blocking by a union of keys, with oversized blocks cut into windows.
//
// Idea: every (key, record) is listed, sorted, and equal keys form a block.
// A pair sharing several keys is emitted once: by the smallest shared key
// whose block is intact (each record's keys of intact blocks are kept
// sorted, so checking is a merge of two short lists, most often of one key).
// Pairs met only inside cut blocks may be emitted twice; callers that keep
// pairs deduplicate the few they keep.
// Invariants: a block of size ≤ max_block_size emits all its pairs not owned
// elsewhere; a cut block of size n emits at most n·window pairs.
// Cost: O(K log K) to sort K keys (a few per record), then O(pairs).
#include "match/blocking.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

namespace sanad::match {
namespace {

uint64_t Mix(uint64_t h, uint64_t value) {
  h ^= value + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 33);
}

// The values one key part contributes (several for tokens and multi-column
// exact fields). Empty when missing.
void PartValues(const KeyPart& part, const FieldFeature& feature, const StringPool& pool,
                std::vector<uint64_t>* out) {
  out->clear();
  if (feature.missing()) return;
  switch (part.transform) {
    case KeyTransform::kSkeleton:
      out->push_back(feature.skeleton != 0 ? feature.skeleton : feature.id);
      return;
    case KeyTransform::kTokens:
      if (feature.count == 0) {
        out->push_back(feature.skeleton != 0 ? feature.skeleton : feature.id);
      }
      for (uint8_t i = 0; i < feature.count; ++i) out->push_back(feature.values[i]);
      return;
    case KeyTransform::kExact:
      if (feature.count == 0) out->push_back(feature.id);
      for (uint8_t i = 0; i < feature.count; ++i) out->push_back(feature.values[i]);
      return;
    case KeyTransform::kYear:
      if (feature.values[2] != 0) out->push_back(feature.values[2]);
      return;
    case KeyTransform::kPrefix3: {
      const uint32_t source = feature.skeleton != 0 ? feature.skeleton : feature.id;
      std::string_view text = pool.Text(source).substr(0, 3);
      uint64_t value = 0x80;
      for (char c : text) value = value << 8 | static_cast<unsigned char>(c);
      out->push_back(value);
      return;
    }
  }
}

}  // namespace

void RuleKeys(const Model& model, size_t rule, const FieldFeature* record, const StringPool& pool,
              std::vector<uint64_t>* keys) {
  keys->clear();
  const BlockingRule& r = model.blocking[rule];
  // Each key is one combination of the parts' values (at most 8 keys).
  constexpr size_t kMaxKeys = 8;
  constexpr size_t kMaxParts = 8;
  std::array<std::array<uint64_t, kMaxParts>, kMaxKeys> combinations{};
  size_t count = 1;
  size_t parts = 0;
  std::vector<uint64_t> values;
  for (const KeyPart& part : r.parts) {
    if (parts == kMaxParts) break;
    PartValues(part, record[part.field], pool, &values);
    if (values.empty()) return;
    const size_t next = std::min(kMaxKeys, count * values.size());
    // Combination c takes value c / count of this part and keeps c % count.
    for (size_t c = next; c-- > 0;) {
      combinations[c] = combinations[c % count];
      combinations[c][parts] = values[c / count];
    }
    count = next;
    ++parts;
  }
  for (size_t c = 0; c < count; ++c) {
    std::array<uint64_t, kMaxParts>& combination = combinations[c];
    // Either order: given and father's names swapped give one key.
    if (r.unordered)
      std::sort(combination.begin(), combination.begin() + static_cast<ptrdiff_t>(parts));
    uint64_t key = Mix(0x5eed, rule);
    for (size_t p = 0; p < parts; ++p) key = Mix(key, combination[p]);
    keys->push_back(key);
  }
  std::sort(keys->begin(), keys->end());
  keys->erase(std::unique(keys->begin(), keys->end()), keys->end());
}

Blocker::Blocker(const FeatureStore& store, const Model& model) : store_(store), model_(model) {
  const size_t n = store.size();
  struct Entry {
    uint64_t key;
    uint32_t record;
    uint32_t rule;
  };
  std::vector<Entry> entries;
  entries.reserve(n * model.blocking.size());
  std::vector<uint64_t> keys;
  for (size_t r = 0; r < n; ++r) {
    for (size_t rule = 0; rule < model.blocking.size(); ++rule) {
      RuleKeys(model, rule, store.Record(r), store.pool(), &keys);
      for (uint64_t key : keys) {
        entries.push_back({key, static_cast<uint32_t>(r), static_cast<uint32_t>(rule)});
      }
    }
  }
  stats_.keys = entries.size();
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.key != b.key ? a.key < b.key : a.record < b.record;
  });
  // Each record's keys of intact blocks, counted per record first.
  intact_offset_.assign(n + 1, 0);
  for (size_t i = 0; i < entries.size();) {
    size_t j = i + 1;
    while (j < entries.size() && entries[j].key == entries[i].key) ++j;
    if (j - i >= 2) {
      Block block;
      block.key = entries[i].key;
      block.begin = static_cast<uint32_t>(members_.size());
      block.size = static_cast<uint32_t>(j - i);
      block.oversized = block.size > model.max_block_size;
      block.rule = entries[i].rule;
      for (size_t k = i; k < j; ++k) {
        members_.push_back(entries[k].record);
        if (!block.oversized) ++intact_offset_[entries[k].record + 1];
      }
      if (block.oversized) ++stats_.oversized_blocks;
      stats_.largest_block = std::max<size_t>(stats_.largest_block, block.size);
      blocks_.push_back(block);
      total_pair_bound_ += BlockPairBound(blocks_.size() - 1);
    }
    i = j;
  }
  stats_.blocks = blocks_.size();
  for (size_t r = 0; r < n; ++r) intact_offset_[r + 1] += intact_offset_[r];
  intact_keys_.resize(intact_offset_[n]);
  std::vector<uint32_t> fill(intact_offset_.begin(), intact_offset_.end() - 1);
  for (const Block& block : blocks_) {  // in key order: each record's list comes out sorted
    if (block.oversized) continue;
    for (uint32_t m = 0; m < block.size; ++m) {
      intact_keys_[fill[members_[block.begin + m]]++] = block.key;
    }
  }
}

uint64_t Blocker::BlockPairBound(size_t block) const {
  const uint64_t n = blocks_[block].size;
  if (!blocks_[block].oversized) return n * (n - 1) / 2;
  return n * std::min<uint64_t>(model_.window, n - 1);
}

bool Blocker::OwnedElsewhere(uint32_t i, uint32_t j, uint64_t key, bool current_intact) const {
  const uint64_t* a = intact_keys_.data() + intact_offset_[i];
  const uint64_t* a_end = intact_keys_.data() + intact_offset_[i + 1];
  const uint64_t* b = intact_keys_.data() + intact_offset_[j];
  const uint64_t* b_end = intact_keys_.data() + intact_offset_[j + 1];
  // Within an intact block only a smaller shared key takes the pair, and the
  // lists are sorted: the merge stops at `key`. A cut block gives its pairs
  // to any intact block the two records share.
  if (current_intact) {
    a_end = std::lower_bound(a, a_end, key);
    b_end = std::lower_bound(b, b_end, key);
  }
  while (a != a_end && b != b_end) {
    if (*a < *b) {
      ++a;
    } else if (*b < *a) {
      ++b;
    } else {
      return true;
    }
  }
  return false;
}

void Blocker::ForEachPair(size_t block, std::vector<uint32_t>* scratch,
                          const std::function<void(uint32_t, uint32_t)>& emit,
                          bool every_pair) const {
  const Block& b = blocks_[block];
  const uint32_t* members = members_.data() + b.begin;
  if (!b.oversized) {
    for (uint32_t x = 0; x < b.size; ++x) {
      for (uint32_t y = x + 1; y < b.size; ++y) {
        const uint32_t i = members[x];
        const uint32_t j = members[y];
        if (every_pair || !OwnedElsewhere(i, j, b.key, true)) emit(i, j);
      }
    }
    return;
  }
  // Sorted neighbourhood: the block's records ordered by birth date, then by
  // the name fields the rule did not key on (whole skeletons); each record is
  // paired with the next `window`. A second order, by the names first,
  // doubled the pairs of cut blocks and lowered F1 on the tuning data
  // (docs/matching.md, "One order for cut blocks").
  std::vector<uint32_t> name_fields;
  std::vector<uint32_t> date_fields;
  for (uint32_t f = 0; f < model_.fields.size(); ++f) {
    // A name the rule keys on is the same all through the block; a date
    // keyed by its year is not.
    bool keyed = false;
    for (const KeyPart& part : model_.blocking[b.rule].parts) keyed |= part.field == f;
    if (model_.fields[f].comparator == Comparator::kName && !keyed) name_fields.push_back(f);
    if (model_.fields[f].comparator == Comparator::kDate) date_fields.push_back(f);
  }
  // Whether the block's member at slot l comes before the one at slot r.
  const auto before = [&](uint32_t l, uint32_t r) {
    const FieldFeature* a = store_.Record(members[l]);
    const FieldFeature* c = store_.Record(members[r]);
    for (uint32_t f : date_fields) {
      if (a[f].values[0] != c[f].values[0]) return a[f].values[0] < c[f].values[0];
    }
    for (uint32_t f : name_fields) {
      const int order =
          store_.pool().Text(a[f].skeleton).compare(store_.pool().Text(c[f].skeleton));
      if (order != 0) return order < 0;
    }
    return l < r;
  };
  const uint32_t n = b.size;
  const auto window = static_cast<uint32_t>(model_.window);
  std::vector<uint32_t>& order = *scratch;  // slots of the block, sorted
  order.resize(n);
  for (uint32_t slot = 0; slot < n; ++slot) order[slot] = slot;
  std::sort(order.begin(), order.end(), before);
  for (uint32_t x = 0; x < n; ++x) {
    for (uint32_t y = x + 1; y < n && y <= x + window; ++y) {
      uint32_t i = members[order[x]];
      uint32_t j = members[order[y]];
      if (i > j) std::swap(i, j);
      if (every_pair || !OwnedElsewhere(i, j, b.key, false)) emit(i, j);
    }
  }
}

uint64_t Blocker::CountDistinctPairs() const {
  std::unordered_set<uint64_t> seen;
  std::vector<uint32_t> scratch;
  for (size_t b = 0; b < blocks_.size(); ++b) {
    ForEachPair(b, &scratch, [&](uint32_t i, uint32_t j) { seen.insert(uint64_t{i} << 32 | j); });
  }
  return seen.size();
}

bool Blocker::ShareAKey(uint32_t i, uint32_t j) const {
  // Keys are recomputed: this serves reports on true pairs, not pairing.
  const auto all_keys = [&](uint32_t record) {
    std::vector<uint64_t> all;
    std::vector<uint64_t> keys;
    for (size_t rule = 0; rule < model_.blocking.size(); ++rule) {
      RuleKeys(model_, rule, store_.Record(record), store_.pool(), &keys);
      all.insert(all.end(), keys.begin(), keys.end());
    }
    std::sort(all.begin(), all.end());
    return all;
  };
  const std::vector<uint64_t> a = all_keys(i);
  const std::vector<uint64_t> b = all_keys(j);
  for (size_t x = 0, y = 0; x < a.size() && y < b.size();) {
    if (a[x] == b[y]) return true;
    if (a[x] < b[y]) {
      ++x;
    } else {
      ++y;
    }
  }
  return false;
}

TruePairBlocking AccountTruePairs(const Blocker& blocker, std::span<const uint32_t> entity) {
  TruePairBlocking result;
  std::unordered_map<uint32_t, std::vector<uint32_t>> records_of;
  for (uint32_t r = 0; r < entity.size(); ++r) records_of[entity[r]].push_back(r);
  std::vector<uint32_t> scratch;
  for (size_t b = 0; b < blocker.block_count(); ++b) {
    blocker.ForEachPair(b, &scratch, [&](uint32_t i, uint32_t j) {
      if (entity[i] == entity[j]) result.emitted_pairs.insert(uint64_t{i} << 32 | j);
    });
  }
  result.emitted = result.emitted_pairs.size();
  for (const auto& [e, records] : records_of) {
    for (size_t x = 0; x < records.size(); ++x) {
      for (size_t y = x + 1; y < records.size(); ++y) {
        ++result.true_pairs;
        const uint32_t i = records[x];
        const uint32_t j = records[y];
        if (result.emitted_pairs.contains(uint64_t{i} << 32 | j)) continue;
        if (blocker.ShareAKey(i, j)) {
          ++result.cut_by_a_window;
        } else {
          ++result.sharing_no_key;
        }
      }
    }
  }
  return result;
}

double PairCompleteness(const Blocker& blocker, std::span<const uint32_t> entity) {
  const TruePairBlocking blocked = AccountTruePairs(blocker, entity);
  if (blocked.true_pairs == 0) return 1.0;
  return static_cast<double>(blocked.emitted) / static_cast<double>(blocked.true_pairs);
}

}  // namespace sanad::match
