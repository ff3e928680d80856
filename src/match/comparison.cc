// Field comparators (see comparison.h for the levels).
//
// Idea: decide with integer comparisons first (interned ids, skeleton ids,
// sorted token ids, day numbers) and fall back to string similarity only when
// those say "different". Names in different scripts are compared on their
// ASCII consonant skeletons, the only form the two scripts share; names with
// one skeleton are then told apart by their vowels (text::VowelsAgree),
// memoised per pair. Identifiers (phones, documents) agree exactly on any
// value, else one edit apart (a linear check, no table).
// Cost: a few integer compares for agreeing values; one Jaro-Winkler (tens of
// nanoseconds on short names) for disagreeing ones.
#include "match/comparison.h"

#include <algorithm>
#include <cstdlib>

#include "match/string_similarity.h"
#include "text/name_folding.h"

namespace sanad::match {
namespace {

enum NameLevel {
  kNameExact = 1,
  kNameSpelling,
  kNameSkeleton,
  kNameJwHigh,
  kNameTokens,
  kNameJwMid,
  kNameElse
};
enum TextLevel { kTextExact = 1, kTextJw94, kTextJw85, kTextJw70, kTextElse };
enum CodeLevel { kCodeExact = 1, kCodeOneEdit, kCodeTwoEdits, kCodeElse };
enum ExactLevel { kExactExact = 1, kExactElse };
enum IdentifierLevel { kIdExact = 1, kIdOneEdit, kIdElse };
enum DateLevel {
  kDateExact = 1,
  kDateTypo,
  kDateSameYear,
  kDateOneYear,
  kDateThreeYears,
  kDateOverlap,
  kDateElse
};

// True when every token of the shorter sorted list is in the longer one.
bool TokenSubset(const FieldFeature& a, const FieldFeature& b) {
  const FieldFeature& small = a.count <= b.count ? a : b;
  const FieldFeature& large = a.count <= b.count ? b : a;
  if (small.count == 0) return false;
  size_t j = 0;
  for (size_t i = 0; i < small.count; ++i) {
    while (j < large.count && large.values[j] < small.values[i]) ++j;
    if (j == large.count || large.values[j] != small.values[i]) return false;
    ++j;
  }
  return true;
}

// The slot of a pair of ids in a memo of 2^bits entries, and the check that
// tells the pair from others in that slot (independent bits of one hash).
struct Slot {
  size_t index;
  uint32_t check;
};
Slot SlotOf(uint32_t a_id, uint32_t b_id, int bits) {
  const uint64_t key = a_id < b_id ? uint64_t{a_id} << 32 | b_id : uint64_t{b_id} << 32 | a_id;
  uint64_t h = key * 0x9e3779b97f4a7c15ULL;
  h ^= h >> 29;
  return {static_cast<size_t>(h >> (64 - bits)), static_cast<uint32_t>(h) | 1U};
}

// Jaro-Winkler of two interned values, memoised in `cache` when given.
double CachedJaroWinkler(uint32_t a_id, std::string_view a, uint32_t b_id, std::string_view b,
                         SimilarityCache* cache) {
  if (cache == nullptr) return JaroWinkler(a, b);
  const Slot slot = SlotOf(a_id, b_id, SimilarityCache::kBits);
  SimilarityCache::Entry& entry = cache->entries[slot.index];
  if (entry.check != slot.check) {
    entry.check = slot.check;
    entry.similarity = static_cast<float>(JaroWinkler(a, b));
  }
  return entry.similarity;
}

// Whether the vowels of two names with one skeleton agree (text::VowelsAgree
// on their runs), memoised like the similarities in a table of its own.
bool CachedVowelsAgree(const FieldFeature& a, const FieldFeature& b, const StringPool& pool,
                       SimilarityCache* cache) {
  if (a.text == b.text) return true;
  if (cache == nullptr) return text::VowelsAgree(pool.Text(a.text), pool.Text(b.text));
  const Slot slot = SlotOf(a.text, b.text, SimilarityCache::kVowelBits);
  SimilarityCache::Entry& entry = cache->vowels[slot.index];
  if (entry.check != slot.check) {
    entry.check = slot.check;
    entry.similarity = text::VowelsAgree(pool.Text(a.text), pool.Text(b.text)) ? 1.0F : 0.0F;
  }
  return entry.similarity > 0.5F;
}

int CompareName(const FieldFeature& a, const FieldFeature& b, const StringPool& pool,
                uint32_t* agreed, SimilarityCache* cache) {
  if (a.id == b.id) {
    *agreed = a.id;  // how common this very spelling is
    return kNameExact;
  }
  if (a.skeleton == b.skeleton) {
    *agreed = a.skeleton;
    // One skeleton: another spelling of one name, or another name whose
    // vowels the skeleton drops (Hassan / Hussain, حسن / حسین).
    return CachedVowelsAgree(a, b, pool, cache) ? kNameSpelling : kNameSkeleton;
  }
  const double jw = a.script == b.script
                        ? CachedJaroWinkler(a.id, pool.Text(a.id), b.id, pool.Text(b.id), cache)
                        : CachedJaroWinkler(a.skeleton, pool.Text(a.skeleton), b.skeleton,
                                            pool.Text(b.skeleton), cache);
  if (jw >= 0.92) return kNameJwHigh;
  if (TokenSubset(a, b)) return kNameTokens;
  if (jw >= 0.80) return kNameJwMid;
  return kNameElse;
}

// Whether two strings are at most one edit apart (a character changed,
// dropped or added, or two neighbours swapped). Linear: no table.
bool OneEditApart(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0;
  while (i < a.size() && a[i] == b[i]) ++i;
  if (i == a.size()) return true;  // equal, or one added at the end
  if (a.size() == b.size()) {
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // one changed
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           a.substr(i + 2) == b.substr(i + 2);  // two swapped
  }
  return a.substr(i) == b.substr(i + 1);  // one added
}

// Identifiers typed by hand (phones, document numbers): any value of one
// equal to any of the other; else any pair one edit apart (a digit wrong,
// dropped, added, or two neighbours swapped) when both have 6 characters
// or more, so that short numbers one edit apart do not count; numbers in no
// common column (a Tazkira against a PoR card) are "missing".
int CompareIdentifier(const FieldFeature& a, const FieldFeature& b, const StringPool& pool,
                      uint32_t* agreed) {
  const uint8_t a_count = a.count == 0 ? 1 : a.count;
  const uint8_t b_count = b.count == 0 ? 1 : b.count;
  const uint32_t* a_values = a.count == 0 ? &a.id : a.values;
  const uint32_t* b_values = b.count == 0 ? &b.id : b.values;
  for (uint8_t i = 0; i < a_count; ++i) {
    for (uint8_t j = 0; j < b_count; ++j) {
      if (a_values[i] == b_values[j]) {
        *agreed = a_values[i];
        return kIdExact;
      }
    }
  }
  for (uint8_t i = 0; i < a_count; ++i) {
    const std::string_view x = pool.Text(a_values[i]);
    if (x.size() < 6) continue;
    for (uint8_t j = 0; j < b_count; ++j) {
      const std::string_view y = pool.Text(b_values[j]);
      if (y.size() >= 6 && OneEditApart(x, y)) return kIdOneEdit;
    }
  }
  // A Tazkira number on one record and a PoR number on the other are two
  // documents, not a disagreement.
  if (a.reserved != 0 && b.reserved != 0 && (a.reserved & b.reserved) == 0) return 0;
  return kIdElse;
}

int CompareDate(const FieldFeature& a, const FieldFeature& b, const StringPool& pool) {
  const bool a_readable = a.id > 1;
  const bool b_readable = b.id > 1;
  if (a_readable && b_readable && a.id == b.id) return kDateExact;
  if (a.text != 0 && b.text != 0 &&
      EditDistanceWithin(pool.Text(a.text), pool.Text(b.text), 1) <= 1) {
    return kDateTypo;
  }
  if (!a_readable || !b_readable) return kDateElse;
  const auto a_year = static_cast<int>(a.values[2]);
  const auto b_year = static_cast<int>(b.values[2]);
  const auto kDay = static_cast<uint32_t>(PartialDate::Precision::kDay);
  const uint32_t a_precision = a.values[3] & 0xFF;
  const uint32_t b_precision = b.values[3] & 0xFF;
  if (a_precision == kDay && b_precision == kDay && a.text == 0 && a_year == b_year) {
    // Full ISO dates in one year: a swapped or mistyped day or month.
    const uint32_t a_month = a.values[3] >> 8 & 0xFF;
    const uint32_t a_day = a.values[3] >> 16;
    const uint32_t b_month = b.values[3] >> 8 & 0xFF;
    const uint32_t b_day = b.values[3] >> 16;
    if (a_month == b_month || a_day == b_day || (a_month == b_day && a_day == b_month)) {
      return kDateTypo;
    }
  }
  const int gap = std::abs(a_year - b_year);
  if (gap == 0) return kDateSameYear;
  if (gap <= 1) return kDateOneYear;
  if (gap <= 3) return kDateThreeYears;
  const auto kEstimate = static_cast<uint32_t>(PartialDate::Precision::kEstimate);
  if ((a_precision == kEstimate || b_precision == kEstimate) &&
      static_cast<int32_t>(a.values[0]) <= static_cast<int32_t>(b.values[1]) &&
      static_cast<int32_t>(b.values[0]) <= static_cast<int32_t>(a.values[1])) {
    return kDateOverlap;
  }
  return kDateElse;
}

}  // namespace

int LevelCount(Comparator comparator) {
  switch (comparator) {
    case Comparator::kName:
      return 8;
    case Comparator::kText:
      return 6;
    case Comparator::kCode:
      return 5;
    case Comparator::kExact:
      return 3;
    case Comparator::kIdentifier:
      return 4;
    case Comparator::kDate:
      return 8;
  }
  return 1;
}

std::string_view LevelName(Comparator comparator, int level) {
  if (level == 0) return "missing";
  switch (comparator) {
    case Comparator::kName: {
      static constexpr std::string_view kNames[] = {"missing",  "exact",  "spelling", "skeleton",
                                                    "jw>=0.92", "tokens", "jw>=0.80", "else"};
      return kNames[level];
    }
    case Comparator::kText: {
      static constexpr std::string_view kNames[] = {"missing",  "exact",    "jw>=0.94",
                                                    "jw>=0.85", "jw>=0.70", "else"};
      return kNames[level];
    }
    case Comparator::kCode: {
      static constexpr std::string_view kNames[] = {"missing", "exact", "one edit", "two edits",
                                                    "else"};
      return kNames[level];
    }
    case Comparator::kExact: {
      static constexpr std::string_view kNames[] = {"missing", "exact", "else"};
      return kNames[level];
    }
    case Comparator::kIdentifier: {
      static constexpr std::string_view kNames[] = {"missing", "exact", "one edit", "else"};
      return kNames[level];
    }
    case Comparator::kDate: {
      static constexpr std::string_view kNames[] = {"missing",           "exact",  "one typo",
                                                    "same year",         "1 year", "3 years",
                                                    "estimates overlap", "else"};
      return kNames[level];
    }
  }
  return "?";
}

bool IsAgreementLevel(Comparator comparator, int level) {
  switch (comparator) {
    case Comparator::kName:
      return level == kNameExact || level == kNameSpelling;
    case Comparator::kText:
      return level == kTextExact;
    case Comparator::kCode:
      return level == kCodeExact;
    case Comparator::kExact:
      return level == kExactExact;
    case Comparator::kIdentifier:
      return level == kIdExact;
    case Comparator::kDate:
      return false;
  }
  return false;
}

int CompareField(const FieldSpec& spec, const FieldFeature& a, const FieldFeature& b,
                 const StringPool& pool, uint32_t* agreed, SimilarityCache* cache) {
  if (a.id == 0 || b.id == 0) return 0;
  switch (spec.comparator) {
    case Comparator::kName:
      return CompareName(a, b, pool, agreed, cache);
    case Comparator::kText: {
      if (a.id == b.id) {
        *agreed = a.id;
        return kTextExact;
      }
      const double jw = CachedJaroWinkler(a.id, pool.Text(a.id), b.id, pool.Text(b.id), cache);
      if (jw >= 0.94) return kTextJw94;
      if (jw >= 0.85) return kTextJw85;
      if (jw >= 0.70) return kTextJw70;
      return kTextElse;
    }
    case Comparator::kCode: {
      if (a.id == b.id) {
        *agreed = a.id;
        return kCodeExact;
      }
      const int distance = EditDistanceWithin(pool.Text(a.id), pool.Text(b.id), 2);
      if (distance <= 1) return kCodeOneEdit;
      if (distance <= 2) return kCodeTwoEdits;
      return kCodeElse;
    }
    case Comparator::kExact: {
      if (a.id == b.id) {
        *agreed = a.id;
        return kExactExact;
      }
      for (uint8_t i = 0; i < a.count; ++i) {
        for (uint8_t j = 0; j < b.count; ++j) {
          if (a.values[i] == b.values[j]) {
            *agreed = a.values[i];
            return kExactExact;
          }
        }
      }
      return kExactElse;
    }
    case Comparator::kIdentifier:
      return CompareIdentifier(a, b, pool, agreed);
    case Comparator::kDate:
      return CompareDate(a, b, pool);
  }
  return 0;
}

}  // namespace sanad::match
