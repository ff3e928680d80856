// Person search for registrars and counsellors, answered from the duplicate
// index's features in memory (CandidateIndex::Search calls it under the
// index's lock; nothing here reads a database).
//
//   PersonSearch search(model);
//   search.Add(record, store.Record(record), store.pool());   // as records are indexed
//   auto page = search.Search(store, {"Homaira Noor Agha", false, 0, 20});
//   for (const std::string& id : page->record_ids) ...        // best first
//
// A query is a name in any script: words in any order, each matching any
// name field (given, father's, grandfather's, family), titles set aside the
// way text::FoldName sets them aside in the records (Haji, Maulvi, Agha, a
// trailing Khan or Jan ...). A record is found when every word meets one of
// its names by a search key (text::SearchKeys: consonant skeletons of tokens
// and compounds, so Mohammad finds محمد). Or the query is a phone or a
// document number, which finds the records holding it (text::PhoneKey,
// text::DocumentKey: any format) and nothing else.
//
// Not thread-safe by itself: Add and Remove need exclusive use, Search may
// run concurrently with other Searches.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "match/features.h"
#include "match/model.h"
#include "match/postings.h"
#include "match/snapshot_io.h"

namespace sanad::match {

// The most words a name query may hold.
inline constexpr size_t kMaxSearchWords = 8;

// Whether a query is a phone or document number (names hold no digits, in
// any script) rather than a name.
[[nodiscard]] bool IsNumberQuery(std::string_view text);

struct SearchRequest {
  std::string_view text;
  bool numbers = false;  // may find records by phone or document number
  size_t offset = 0;     // results to skip (page × page size)
  size_t limit = 20;
};

struct SearchPage {
  std::vector<std::string> record_ids;  // best first
  bool has_more = false;                // more results after these
};

class PersonSearch {
 public:
  // Finds the model's name fields (given_name, father_name,
  // grandfather_name, family_name) and number fields (phone, document) by
  // name; a model without them has nothing to search there.
  explicit PersonSearch(const Model& model);

  // Indexes record `record` (its features, whose strings are in `pool`).
  // Records must be added in increasing order.
  void Add(uint32_t record, const FieldFeature* features, const StringPool& pool);
  // Takes a record added before out of every list.
  void Remove(uint32_t record, const FieldFeature* features);

  // One page of the records `request.text` finds, best first (more words
  // in the person's own names, the first word as the given name, more
  // words spelt exactly as in the record, more in the order given,
  // father, grandfather, the given name whole, the most recently added). A number query (one with a digit) searches phones and
  // documents when `request.numbers`, else nothing. kInvalidInput naming
  // "q" when the query holds no name and no number, or more than
  // kMaxSearchWords words.
  [[nodiscard]] Result<SearchPage> Search(const FeatureStore& store,
                                          const SearchRequest& request) const;

  // As it is in memory, for the index's snapshot. Load (into a search made
  // for the same model) gives false when the bytes end early or do not fit
  // a store of `records` records whose pool holds `strings` strings.
  void Save(SnapshotWriter& out) const;
  [[nodiscard]] bool Load(SnapshotReader& in, size_t records, size_t strings);

 private:
  struct Word;
  [[nodiscard]] const std::vector<uint32_t>& NameKeys(uint32_t name_id, const StringPool& pool);
  [[nodiscard]] Result<std::vector<Word>> ParseWords(std::string_view text) const;
  [[nodiscard]] SearchPage SearchNames(const FeatureStore& store, const std::vector<Word>& words,
                                       size_t offset, size_t limit) const;
  [[nodiscard]] SearchPage SearchNumbers(const FeatureStore& store, std::string_view text,
                                         size_t offset, size_t limit) const;

  std::vector<size_t> name_fields_;    // slot → field index (given, father, grandfather, family)
  std::vector<size_t> number_fields_;  // phone, document
  StringPool keys_;                    // search keys, apart from the features' pool
  std::unordered_map<uint32_t, std::vector<uint32_t>> name_keys_;  // name id → key ids
  Postings names_;    // key id → record << 2 | slot
  Postings numbers_;  // the features' pool id of a phone or document key → record
};

}  // namespace sanad::match
