// An incremental duplicate index for the registration service: add people
// one at a time, ask for the most likely duplicates of a new registration in
// milliseconds.
//
//   match::CandidateIndex index;                       // default person model
//   index.Add(person.id, person, "Nangarhar");
//   auto found = index.Candidates(new_person, "Nangarhar", 10);
//   for (const match::Candidate& c : *found) { c.record_id, c.probability, c.explanation }
//
// Thread-safety: any number of concurrent Candidates() calls with one
// Add()/Train() at a time (a shared mutex inside); every method may be called
// from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "match/features.h"
#include "match/fellegi_sunter.h"
#include "match/model.h"
#include "match/person_search.h"
#include "match/postings.h"
#include "match/record_ids.h"

namespace sanad::match {

struct Candidate {
  std::string record_id;
  double weight = 0;       // log2 odds
  double probability = 0;  // that it is the same person
  // One entry per field of the model (level "missing" weighs 0).
  std::vector<Contribution> explanation;
};

// A field's part of a candidate's score, in words: {"father_name", "skeleton", 3.1}.
struct NamedContribution {
  std::string field;
  std::string level;
  double weight = 0;
};
[[nodiscard]] std::vector<NamedContribution> Describe(const Model& model,
                                                      const std::vector<Contribution>& explanation);

class CandidateIndex {
 public:
  // `parameters`: m and u per field level, e.g. from a batch Dedupe() or a
  // previous Train(); defaults for the model when absent.
  explicit CandidateIndex(Model model = DefaultPersonModel(),
                          std::optional<Parameters> parameters = std::nullopt);

  // Adds a person (its record id, usually Person::id). Returns kInvalidInput
  // naming the field when a value cannot be read (a malformed date), and
  // kConflict when the id is already indexed; the index is unchanged then.
  [[nodiscard]] Status Add(std::string record_id, const Person& person, std::string_view province);
  // The same for a record of any model: raw[f] holds the values of field f's columns.
  [[nodiscard]] Status AddRecord(std::string record_id,
                                 std::span<const std::vector<std::string_view>> raw);

  // Takes a record out of the index (an erased person, or one about to be
  // re-added after an edit): no query finds it afterwards. Returns whether
  // it was there. Its encoded features stay in memory, unreachable, until
  // the index is rebuilt at the next start.
  bool Remove(std::string_view record_id);
  // Whether the record is indexed (added and not removed since).
  [[nodiscard]] bool Contains(std::string_view record_id) const;

  // Which records a query may consider at all (family tracing admits only
  // persons who consented to it). Called under the index's shared lock,
  // before a record is scored: a record it refuses is never scored, ranked
  // or counted. Must not call back into the index.
  using RecordFilter = std::function<bool(std::string_view record_id)>;

  // The `k` indexed records most likely to be the same person as `person`,
  // best first, each at or above `min_probability`, never `exclude_id`, and
  // only records `admit` accepts (all when empty).
  // Returns kInvalidInput when the person cannot be encoded.
  [[nodiscard]] Result<std::vector<Candidate>> Candidates(const Person& person,
                                                          std::string_view province, size_t k,
                                                          double min_probability = 0.5,
                                                          std::string_view exclude_id = {},
                                                          const RecordFilter& admit = {}) const;
  [[nodiscard]] Result<std::vector<Candidate>> CandidatesForRecord(
      std::span<const std::vector<std::string_view>> raw, size_t k, double min_probability = 0.5,
      std::string_view exclude_id = {}, const RecordFilter& admit = {}) const;
  // As Candidates, but the records that `block_as` (the same person written
  // otherwise: a birth year either side of one estimated from an age) would
  // be blocked with are considered too, each still scored against `person`.
  // A person sought is described from memory; blocking on one birth year
  // would miss them.
  [[nodiscard]] Result<std::vector<Candidate>> CandidatesBlockedAs(
      const Person& person, std::span<const Person> block_as, std::string_view province, size_t k,
      double min_probability = 0.5, std::string_view exclude_id = {},
      const RecordFilter& admit = {}) const;

  // Re-learns m and u from the indexed records (EM over a sample of
  // candidate pairs, as the batch does). Takes the write lock; seconds at a
  // million records. kInternal when a worker thread throws; the parameters
  // are then left as they were.
  [[nodiscard]] Status Train(int threads = 1);

  // One page of the indexed persons a registrar's query finds (a name in
  // any script and order, or a phone or document number when
  // `request.numbers`), best first: see person_search.h. kInvalidInput
  // naming "q" for a query with nothing to search. Shared lock only.
  [[nodiscard]] Result<SearchPage> Search(const SearchRequest& request) const;

  // Saving the index and loading it back, so a site starts without reading
  // every record (the store seals the bytes: store/index_snapshot.cc).
  // Save writes the index as it is in memory (every record's features, the
  // strings they name, the posting tables; a record taken out with no id
  // and no features) through `sink`, in pieces of about a megabyte; shared
  // lock. The string pool keeps every string ever interned, those of
  // records taken out too: save only an index that has had no one erased
  // (api/duplicate_index.h sees to it).
  // Load reads them back through `source` (which fills exactly `n` bytes
  // or returns false) into an empty index: kConflict when the index is not
  // empty; kInternal when the bytes end early, are not a saved index or
  // were saved for another model, and the index is left empty. Not
  // portable across byte orders. The trained parameters are not saved.
  using ByteSink = std::function<void(std::string_view)>;
  using ByteSource = std::function<bool(char* out, size_t n)>;
  void Save(const ByteSink& sink) const;
  [[nodiscard]] Status Load(const ByteSource& source);
  // Empties the index (a failed load, before indexing again).
  void Clear();

  [[nodiscard]] size_t size() const;
  [[nodiscard]] const Model& model() const { return store_.model(); }
  [[nodiscard]] Parameters parameters() const;

  // Longest posting list read per key; longer lists are read from their
  // most recent end (a very common name in a very large index).
  static constexpr size_t kMaxPostingsPerKey = 300;
  // Expected duplicates per record, for the prior of a random pair.
  static constexpr double kExpectedDuplicatesPerRecord = 0.2;

 private:
  // Posts record `index` (already in store_) under its keys; exclusive lock held.
  void IndexLocked(uint32_t index);
  [[nodiscard]] Status LoadLocked(const ByteSource& source);
  // The candidates of the record `raw`, blocked as itself and as each of
  // `block_as`, scored against `raw`.
  [[nodiscard]] Result<std::vector<Candidate>> CandidatesOf(
      std::span<const std::vector<std::string_view>> raw,
      std::span<const std::vector<std::vector<std::string_view>>> block_as, size_t k,
      double min_probability, std::string_view exclude_id, const RecordFilter& admit) const;

  mutable std::shared_mutex mutex_;
  mutable FeatureStore store_;  // queries intern new strings under the exclusive lock
  Parameters parameters_;
  Postings postings_;  // blocking key → record indexes
  RecordIds record_ids_;  // record id → index into store_
  PersonSearch search_;
};

}  // namespace sanad::match
