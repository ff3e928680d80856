// Blocking by a union of keys, with oversized blocks cut into windows.
//
// Idea: every (key, record) is listed, sorted, and equal keys form a block.
// A pair sharing several keys is emitted once: by the smallest shared key
// whose block is intact (each record's keys are kept sorted, so checking is
// a merge of two short lists). Pairs met only inside cut blocks may be
// emitted twice; callers that keep pairs deduplicate the few they keep.
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
  key_offset_.reserve(n + 1);
  key_offset_.push_back(0);
  struct Entry {
    uint64_t key;
    uint32_t record;
    uint32_t rule;
  };
  std::vector<Entry> entries;
  entries.reserve(n * model.blocking.size());
  std::vector<uint64_t> keys;
  for (size_t r = 0; r < n; ++r) {
    const size_t start = record_keys_.size();
    for (size_t rule = 0; rule < model.blocking.size(); ++rule) {
      RuleKeys(model, rule, store.Record(r), store.pool(), &keys);
      record_keys_.insert(record_keys_.end(), keys.begin(), keys.end());
      for (uint64_t key : keys) {
        entries.push_back({key, static_cast<uint32_t>(r), static_cast<uint32_t>(rule)});
      }
    }
    std::sort(record_keys_.begin() + static_cast<ptrdiff_t>(start), record_keys_.end());
    key_offset_.push_back(record_keys_.size());
  }
  stats_.keys = record_keys_.size();
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.key != b.key ? a.key < b.key : a.record < b.record;
  });
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
      for (size_t k = i; k < j; ++k) members_.push_back(entries[k].record);
      if (block.oversized) {
        oversized_keys_.insert(block.key);
        ++stats_.oversized_blocks;
      }
      stats_.largest_block = std::max<size_t>(stats_.largest_block, block.size);
      blocks_.push_back(block);
      total_pair_bound_ += BlockPairBound(blocks_.size() - 1);
    }
    i = j;
  }
  stats_.blocks = blocks_.size();
  // Whether each of a record's keys made a cut block, beside the key, so
  // that pairing never looks a key up in a hash set.
  key_cut_.assign(record_keys_.size(), 0);
  if (!oversized_keys_.empty()) {
    for (size_t k = 0; k < record_keys_.size(); ++k) {
      key_cut_[k] = oversized_keys_.contains(record_keys_[k]) ? 1 : 0;
    }
  }
}

uint64_t Blocker::BlockPairBound(size_t block) const {
  const uint64_t n = blocks_[block].size;
  if (!blocks_[block].oversized) return n * (n - 1) / 2;
  return 2 * n * std::min<uint64_t>(model_.window, n - 1);  // two orders
}

// Calls found(k) for each key the two records share, k its place in
// record_keys_ (in i's list), until found returns true; returns whether it
// did. Each record's keys are sorted: a merge of two short lists.
template <typename Found>
bool Blocker::AnySharedKey(uint32_t i, uint32_t j, Found found) const {
  const uint64_t* a = record_keys_.data() + key_offset_[i];
  const uint64_t* a_end = record_keys_.data() + key_offset_[i + 1];
  const uint64_t* b = record_keys_.data() + key_offset_[j];
  const uint64_t* b_end = record_keys_.data() + key_offset_[j + 1];
  while (a != a_end && b != b_end) {
    if (*a < *b) {
      ++a;
    } else if (*b < *a) {
      ++b;
    } else {
      if (found(static_cast<size_t>(a - record_keys_.data()))) return true;
      ++a;
      ++b;
    }
  }
  return false;
}

bool Blocker::OwnedElsewhere(uint32_t i, uint32_t j, uint64_t key, bool current_intact) const {
  return AnySharedKey(i, j, [&](size_t k) {
    const uint64_t shared = record_keys_[k];
    // An intact block of another key emits it; among intact blocks the
    // smallest key does.
    return shared != key && key_cut_[k] == 0 && (!current_intact || shared < key);
  });
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
  // Sorted neighbourhood, twice: the block's records ordered by the name
  // fields the rule did not key on (whole skeletons), then by the birth date
  // and those names; each record is paired with the next `window` in each
  // order. Whole skeletons put records with the same father and grandfather
  // side by side however large the block (a prefix of two letters left
  // hundreds of ties in a block of a common name and year); the date order
  // catches a pair whose names differ where the first order looks.
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
  // Three-way comparisons of the block's members at slots l and r.
  const auto by_names = [&](uint32_t l, uint32_t r) {
    const FieldFeature* a = store_.Record(members[l]);
    const FieldFeature* c = store_.Record(members[r]);
    for (uint32_t f : name_fields) {
      const int order =
          store_.pool().Text(a[f].skeleton).compare(store_.pool().Text(c[f].skeleton));
      if (order != 0) return order;
    }
    return 0;
  };
  const auto by_dates = [&](uint32_t l, uint32_t r) {
    const FieldFeature* a = store_.Record(members[l]);
    const FieldFeature* c = store_.Record(members[r]);
    for (uint32_t f : date_fields) {
      if (a[f].values[0] != c[f].values[0]) return a[f].values[0] < c[f].values[0] ? -1 : 1;
    }
    return 0;
  };
  const uint32_t n = b.size;
  const uint32_t window = static_cast<uint32_t>(model_.window);
  std::vector<uint32_t>& order = *scratch;  // slots of the block, in the current order
  std::vector<uint32_t> first_place;        // slot -> its place in the first order
  const auto pair_windows = [&]() {
    for (uint32_t x = 0; x < n; ++x) {
      for (uint32_t y = x + 1; y < n && y <= x + window; ++y) {
        if (!first_place.empty()) {
          const uint32_t p = first_place[order[x]];
          const uint32_t q = first_place[order[y]];
          if ((p > q ? p - q : q - p) <= window) continue;  // the first order paired them
        }
        uint32_t i = members[order[x]];
        uint32_t j = members[order[y]];
        if (i > j) std::swap(i, j);
        if (every_pair || !OwnedElsewhere(i, j, b.key, false)) emit(i, j);
      }
    }
  };
  order.resize(n);
  for (uint32_t slot = 0; slot < n; ++slot) order[slot] = slot;
  std::sort(order.begin(), order.end(), [&](uint32_t l, uint32_t r) {
    int c = by_names(l, r);
    if (c == 0) c = by_dates(l, r);
    return c != 0 ? c < 0 : l < r;
  });
  pair_windows();
  if (date_fields.empty()) return;
  first_place.resize(n);
  for (uint32_t place = 0; place < n; ++place) first_place[order[place]] = place;
  std::sort(order.begin(), order.end(), [&](uint32_t l, uint32_t r) {
    int c = by_dates(l, r);
    if (c == 0) c = by_names(l, r);
    return c != 0 ? c < 0 : l < r;
  });
  pair_windows();
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
  return AnySharedKey(i, j, [](size_t) { return true; });
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
