// Fellegi–Sunter scoring: each field's comparison level adds
// log2(m/u) bits of evidence, where m = P(level | same person) and
// u = P(level | different people). m is estimated by EM over the candidate
// pairs (no labels), u from random pairs. Agreement levels of fields with
// term frequencies use the agreed value's own frequency f instead of u
// (log2(m/f)): agreeing on "Mohammad" counts far less than on a rare name.
// Fields of a group (a family's line) have their summed weight capped.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "match/comparison.h"
#include "match/features.h"
#include "match/model.h"

namespace sanad::match {

struct FieldParameters {
  std::array<double, kMaxLevels> m{};  // index = level; [0] unused
  std::array<double, kMaxLevels> u{};
  // u among pairs of one family (brothers, not random people), for fields
  // marked family_conditional; all zero when unknown.
  std::array<double, kMaxLevels> u_family{};
};

struct Parameters {
  std::vector<FieldParameters> fields;
  // Prior probability that two records drawn at random are the same person.
  double lambda = 1e-6;
};

// One field's part of a score, for explanations.
struct Contribution {
  size_t field = 0;
  int level = 0;
  double weight = 0.0;  // bits; after term frequency, before any group cap
};

struct PairScore {
  double weight = 0.0;       // log2 odds of a match, prior included
  double probability = 0.0;  // 1 / (1 + 2^-weight)
};

// Comparison patterns: the levels of all fields of a pair, 4 bits a field.
using Pattern = uint64_t;
using PatternCounts = std::unordered_map<Pattern, uint64_t>;

[[nodiscard]] inline int PatternLevel(Pattern pattern, size_t field) {
  return static_cast<int>((pattern >> (4 * field)) & 0xF);
}

// Scores pairs of records of one FeatureStore. Immutable after construction;
// thread-safe for concurrent use while the store is not written.
class Scorer {
 public:
  Scorer(const FeatureStore& store, Parameters parameters);

  // `cache` (may be null): the calling thread's own similarity memo.
  [[nodiscard]] PairScore Score(const FieldFeature* a, const FieldFeature* b,
                                SimilarityCache* cache = nullptr) const;
  // Same score, and each field's contribution appended to `explanation`.
  [[nodiscard]] PairScore Explain(const FieldFeature* a, const FieldFeature* b,
                                  std::vector<Contribution>* explanation) const;
  [[nodiscard]] Pattern Compare(const FieldFeature* a, const FieldFeature* b,
                                SimilarityCache* cache = nullptr) const;
  // The level of every field (crosswise for swapped given and father's
  // names, see Model::swap_first) and the agreed values' frequency keys.
  // Returns whether the names were compared crosswise.
  bool Levels(const FieldFeature* a, const FieldFeature* b, int* levels, uint32_t* agreed,
              SimilarityCache* cache = nullptr) const;
  // Whether levels describe two records of one family (Model::family_field).
  [[nodiscard]] bool InOneFamily(const int* levels) const;
  // Whether two values of a name field are two names rather than a name and
  // a typo of it: each a common name (text::IsCommonName) or a spelling seen
  // three times or more, neither twenty times rarer than the other.
  [[nodiscard]] bool TwoNames(const FieldFeature& a, const FieldFeature& b) const;

  [[nodiscard]] const Parameters& parameters() const { return parameters_; }
  [[nodiscard]] double prior_weight() const { return prior_weight_; }
  // Bits of a field level without term-frequency adjustment.
  [[nodiscard]] double LevelWeight(size_t field, int level) const {
    return weight_[field][static_cast<size_t>(level)];
  }
  // The most a group's fields may add together, in bits.
  [[nodiscard]] double GroupCap(size_t group) const { return group_cap_[group]; }

 private:
  template <bool kExplain>
  PairScore ScoreImpl(const FieldFeature* a, const FieldFeature* b,
                      std::vector<Contribution>* explanation, SimilarityCache* cache) const;

  const FeatureStore& store_;
  Parameters parameters_;
  double prior_weight_ = 0.0;
  std::vector<std::array<double, kMaxLevels>> weight_;
  std::vector<std::array<double, kMaxLevels>> log2_m_;
  // Bits within one family: log2(m / u_family), at most the plain weight.
  std::vector<std::array<double, kMaxLevels>> family_weight_;
  std::vector<bool> has_family_weight_;
  std::vector<double> different_name_weight_;  // two established names of one family
  std::vector<double> group_cap_;
};

[[nodiscard]] inline double ProbabilityFromWeight(double weight);

// u probabilities from `samples` random pairs of distinct records (all pairs
// when there are fewer), drawn on `threads` threads. Levels never seen get a
// small floor. Deterministic for a seed and a thread count. kInternal when a
// worker thread throws (core/workers.h).
[[nodiscard]] Result<std::vector<FieldParameters>> EstimateU(const FeatureStore& store,
                                                             size_t samples, uint64_t seed,
                                                             int threads = 1);

struct EmResult {
  std::vector<FieldParameters> fields;  // m and u among the counted pairs
  double lambda = 0.0;                  // share of matches among the counted pairs
  int iterations = 0;
  bool converged = false;
};

// Expectation-maximisation of m, u and the match share over comparison
// patterns, assuming fields independent given match status (with the groups'
// caps applied as in scoring). Fields whose bit is set in `ignored_fields`
// take no part and keep their `initial` values (the fields a blocking rule
// forced to agree say nothing within its blocks). `initial` seeds u; m
// starts high at agreement levels. Stops when no parameter moves by more
// than `tolerance`.
[[nodiscard]] EmResult EstimateByEm(const Model& model, const PatternCounts& patterns,
                                    const std::vector<FieldParameters>& initial,
                                    double initial_lambda = 0.05, int max_iterations = 100,
                                    double tolerance = 1e-6, uint32_t ignored_fields = 0);

// Default parameters for a model when there is no data to learn from (an
// empty index): plausible m and u per level.
[[nodiscard]] Parameters DefaultParameters(const Model& model, double lambda);

// Human-readable parameters: one line per field level, m, u and bits.
[[nodiscard]] std::string DescribeParameters(const Model& model, const Parameters& parameters);

inline double ProbabilityFromWeight(double weight) { return 1.0 / (1.0 + std::exp2(-weight)); }

}  // namespace sanad::match
