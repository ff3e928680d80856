// The incremental index (see candidate_index.h).
//
// Idea: the batch blocking keys, kept as posting lists (key → record
// indexes, in insertion order). A query encodes the new record, collects the
// records sharing any key, scores each once with the Fellegi–Sunter scorer
// and keeps the best k.
// Invariants: every indexed record is in the posting list of each of its
// keys; the prior follows the index size (kExpectedDuplicatesPerRecord / N).
// Cost: Add is O(keys); a query is O(candidates) scores, at most
// kMaxPostingsPerKey per key, so a few thousand scores (about a
// millisecond) even for the most common names.
#include "match/candidate_index.h"

#include <algorithm>
#include <mutex>

#include "match/blocking.h"
#include "match/dedupe.h"

namespace sanad::match {

std::vector<NamedContribution> Describe(const Model& model,
                                        const std::vector<Contribution>& explanation) {
  std::vector<NamedContribution> out;
  out.reserve(explanation.size());
  for (const Contribution& c : explanation) {
    const FieldSpec& spec = model.fields[c.field];
    out.push_back({spec.name, std::string(LevelName(spec.comparator, c.level)), c.weight});
  }
  return out;
}

CandidateIndex::CandidateIndex(Model model, std::optional<Parameters> parameters)
    : store_(std::move(model)), search_(store_.model()) {
  parameters_ = parameters ? std::move(*parameters) : DefaultParameters(store_.model(), 1e-6);
}

size_t CandidateIndex::size() const {
  std::shared_lock lock(mutex_);
  return record_ids_.size();
}

Parameters CandidateIndex::parameters() const {
  std::shared_lock lock(mutex_);
  return parameters_;
}

Status CandidateIndex::Add(std::string record_id, const Person& person, std::string_view province) {
  std::string birth;
  std::string sex;
  const auto raw = PersonFieldValues(person, province, &birth, &sex);
  return AddRecord(std::move(record_id), raw);
}

Status CandidateIndex::AddRecord(std::string record_id,
                                 std::span<const std::vector<std::string_view>> raw) {
  std::unique_lock lock(mutex_);
  if (record_ids_.Find(store_, record_id)) {
    return Fail(Error::Conflict("record '{}' is already in the duplicate index", record_id));
  }
  const auto index = static_cast<uint32_t>(store_.size());
  if (Status status = store_.Add(std::move(record_id), raw); !status) return status;
  record_ids_.Insert(store_, index);
  IndexLocked(index);
  return {};
}

void CandidateIndex::IndexLocked(uint32_t index) {
  std::vector<uint64_t> keys;
  const Model& model = store_.model();
  for (size_t rule = 0; rule < model.blocking.size(); ++rule) {
    RuleKeys(model, rule, store_.Record(index), store_.pool(), &keys);
    for (uint64_t key : keys) postings_.Add(key, index);
  }
  search_.Add(index, store_.Record(index), store_.pool());
}

bool CandidateIndex::Contains(std::string_view record_id) const {
  std::shared_lock lock(mutex_);
  return record_ids_.Find(store_, record_id).has_value();
}

bool CandidateIndex::Remove(std::string_view record_id) {
  std::unique_lock lock(mutex_);
  const std::optional<uint32_t> erased = record_ids_.Erase(store_, record_id);
  if (!erased) return false;
  const uint32_t index = *erased;
  std::vector<uint64_t> keys;
  const Model& model = store_.model();
  for (size_t rule = 0; rule < model.blocking.size(); ++rule) {
    RuleKeys(model, rule, store_.Record(index), store_.pool(), &keys);
    for (uint64_t key : keys) postings_.Remove(key, index);
  }
  search_.Remove(index, store_.Record(index));
  return true;
}

Result<SearchPage> CandidateIndex::Search(const SearchRequest& request) const {
  std::shared_lock lock(mutex_);
  return search_.Search(store_, request);
}

Result<std::vector<Candidate>> CandidateIndex::Candidates(const Person& person,
                                                          std::string_view province, size_t k,
                                                          double min_probability,
                                                          std::string_view exclude_id,
                                                          const RecordFilter& admit) const {
  std::string birth;
  std::string sex;
  const auto raw = PersonFieldValues(person, province, &birth, &sex);
  return CandidatesForRecord(raw, k, min_probability, exclude_id, admit);
}

Result<std::vector<Candidate>> CandidateIndex::CandidatesForRecord(
    std::span<const std::vector<std::string_view>> raw, size_t k, double min_probability,
    std::string_view exclude_id, const RecordFilter& admit) const {
  return CandidatesOf(raw, {}, k, min_probability, exclude_id, admit);
}

Result<std::vector<Candidate>> CandidateIndex::CandidatesBlockedAs(
    const Person& person, std::span<const Person> block_as, std::string_view province, size_t k,
    double min_probability, std::string_view exclude_id, const RecordFilter& admit) const {
  std::string birth;
  std::string sex;
  const auto raw = PersonFieldValues(person, province, &birth, &sex);
  std::vector<std::string> births(block_as.size());
  std::vector<std::string> sexes(block_as.size());
  std::vector<std::vector<std::vector<std::string_view>>> others;
  for (size_t i = 0; i < block_as.size(); ++i) {
    others.push_back(PersonFieldValues(block_as[i], province, &births[i], &sexes[i]));
  }
  return CandidatesOf(raw, others, k, min_probability, exclude_id, admit);
}

Result<std::vector<Candidate>> CandidateIndex::CandidatesOf(
    std::span<const std::vector<std::string_view>> raw,
    std::span<const std::vector<std::vector<std::string_view>>> block_as, size_t k,
    double min_probability, std::string_view exclude_id, const RecordFilter& admit) const {
  const Model& model = store_.model();
  const size_t fields = model.fields.size();
  // The query first, then each record it is also blocked as.
  std::vector<FieldFeature> encoded(fields * (1 + block_as.size()));
  {
    // Encoding may intern new strings: a short exclusive section.
    std::unique_lock lock(mutex_);
    if (Status status = store_.Encode(raw, encoded.data()); !status) {
      return Fail(status.error());
    }
    for (size_t i = 0; i < block_as.size(); ++i) {
      if (Status status = store_.Encode(block_as[i], encoded.data() + fields * (i + 1)); !status) {
        return Fail(status.error());
      }
    }
  }
  const FieldFeature* query = encoded.data();
  std::shared_lock lock(mutex_);
  std::vector<uint32_t> seen;
  std::vector<uint64_t> keys;
  for (size_t b = 0; b <= block_as.size(); ++b) {
    for (size_t rule = 0; rule < model.blocking.size(); ++rule) {
      RuleKeys(model, rule, encoded.data() + fields * b, store_.pool(), &keys);
      for (uint64_t key : keys) {
        const std::span<const uint32_t> list = postings_.Values(key);
        const size_t from = list.size() > kMaxPostingsPerKey ? list.size() - kMaxPostingsPerKey : 0;
        seen.insert(seen.end(), list.begin() + static_cast<ptrdiff_t>(from), list.end());
      }
    }
  }
  std::sort(seen.begin(), seen.end());
  seen.erase(std::unique(seen.begin(), seen.end()), seen.end());

  Parameters parameters = parameters_;
  parameters.lambda =
      kExpectedDuplicatesPerRecord / std::max<double>(1000.0, static_cast<double>(store_.size()));
  const Scorer scorer(store_, std::move(parameters));
  struct Hit {
    double weight;
    uint32_t index;
  };
  std::vector<Hit> hits;
  for (uint32_t index : seen) {
    if (!exclude_id.empty() && store_.Id(index) == exclude_id) continue;
    if (admit && !admit(store_.Id(index))) continue;
    const PairScore score = scorer.Score(query, store_.Record(index));
    if (score.probability >= min_probability) hits.push_back({score.weight, index});
  }
  const size_t keep = std::min(k, hits.size());
  std::partial_sort(hits.begin(), hits.begin() + static_cast<ptrdiff_t>(keep), hits.end(),
                    [](const Hit& a, const Hit& b) {
                      return a.weight != b.weight ? a.weight > b.weight : a.index < b.index;
                    });
  std::vector<Candidate> candidates;
  candidates.reserve(keep);
  for (size_t h = 0; h < keep; ++h) {
    Candidate candidate;
    candidate.record_id = store_.Id(hits[h].index);
    const PairScore score =
        scorer.Explain(query, store_.Record(hits[h].index), &candidate.explanation);
    candidate.weight = score.weight;
    candidate.probability = score.probability;
    candidates.push_back(std::move(candidate));
  }
  return candidates;
}

Status CandidateIndex::Train(int threads) {
  std::unique_lock lock(mutex_);
  if (store_.size() < 2) return {};
  const Blocker blocker(store_, store_.model());
  DedupeOptions options;
  options.threads = threads;
  auto trained = TrainParameters(store_, blocker, options);
  if (!trained) return Fail(trained.error());
  parameters_ = std::move(trained->parameters);
  return {};
}

}  // namespace sanad::match
