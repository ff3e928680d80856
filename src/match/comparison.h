// Comparison levels: how far two values of one field agree.
//
//  name:  missing · exact · spelling (one skeleton, vowels agree) · skeleton
//         (one skeleton, vowels differ: Hassan / Hussain) · jaro-winkler ≥ 0.92 ·
//         token subset · jaro-winkler ≥ 0.80 · else
//  text:  missing · exact · jaro-winkler ≥ 0.94 · ≥ 0.85 · ≥ 0.70 · else
//  code:  missing · exact · one edit · two edits · else
//  exact: missing · exact (any value of one agrees with any of the other) · else
//  identifier: missing · exact (any value) · one edit (any pair, 6+ characters) · else
//  date:  missing · exact · one typo · same year · ±1 year · ±3 years ·
//         estimates overlap · else
// Level 0 is always "missing" and carries no weight.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "match/features.h"
#include "match/model.h"

namespace sanad::match {

inline constexpr int kMaxLevels = 8;

// Number of levels of a comparator, "missing" included.
[[nodiscard]] int LevelCount(Comparator comparator);
// "exact", "skeleton", "jw>=0.92", ...
[[nodiscard]] std::string_view LevelName(Comparator comparator, int level);
// Levels at which both values agree on one value, whose rarity counts
// (term-frequency adjustment).
[[nodiscard]] bool IsAgreementLevel(Comparator comparator, int level);

// A memo of string similarities between interned values, keyed by the two
// ids (a direct-mapped table; a collision just recomputes). Names repeat, so
// most disagreeing pairs of a block were compared before. One per thread;
// 640 KiB.
struct SimilarityCache {
  static constexpr int kBits = 16;
  static constexpr int kVowelBits = 14;
  // A pair's slot holds 32 other bits of its hash as a check (never 0, so
  // an empty slot matches nothing): a false hit is a one-in-four-billion
  // event per lookup.
  struct Entry {
    uint32_t check = 0;
    float similarity = 0;
  };
  std::vector<Entry> entries = std::vector<Entry>(size_t{1} << kBits);
  // Whether the vowels of two names with one skeleton agree (1) or not (0).
  std::vector<Entry> vowels = std::vector<Entry>(size_t{1} << kVowelBits);
};

// The level at which `a` and `b` agree. For an agreement level writes the
// agreed value's frequency key to `*agreed` (see FeatureStore::FrequencyKey).
// `cache` (may be null) must not be shared between threads. Thread-safe
// otherwise, given a pool not being written.
[[nodiscard]] int CompareField(const FieldSpec& spec, const FieldFeature& a, const FieldFeature& b,
                               const StringPool& pool, uint32_t* agreed,
                               SimilarityCache* cache = nullptr);

}  // namespace sanad::match
