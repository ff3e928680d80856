// Batch deduplication: block, learn the weights from the data, score every
// candidate pair, cluster. The engine behind `sanad dedupe`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "match/blocking.h"
#include "match/clustering.h"
#include "match/features.h"
#include "match/fellegi_sunter.h"

namespace sanad::match {

struct DedupeOptions {
  int threads = 1;
  size_t em_pairs = 1'000'000;  // candidate pairs sampled to estimate m by EM
  size_t u_pairs = 500'000;     // random pairs to estimate u
  uint64_t seed = 20231101;
  // Optional: stage name ("blocking", "training", "scoring", "clustering") and
  // the fraction of it done. Called from the calling thread only.
  std::function<void(std::string_view, double)> progress;
  // Optional: when set, parameters are taken as given instead of learned.
  const Parameters* parameters = nullptr;
};

struct DedupeStats {
  BlockingStats blocking;
  uint64_t pairs_scored = 0;
  double seconds_blocking = 0;
  double seconds_training = 0;
  double seconds_scoring = 0;
  double seconds_clustering = 0;
  double pairs_per_second_per_thread = 0;  // pairs / (scoring wall time × threads)
  double scoring_cpu_seconds = 0;          // CPU time the scoring threads used
  double pairs_per_cpu_second = 0;         // per thread, whatever else runs on the machine
  int em_iterations = 0;
  bool em_converged = false;
  double blocked_match_share = 0;  // EM's share of matches among candidate pairs
  size_t clusters = 0;             // clusters of two or more records
  size_t split_components = 0;
  size_t review_pairs = 0;  // pairs in [review_threshold, match_threshold)
  // Pairs raised to the match threshold as members of two registrations
  // joined by a strong pair (Model::registration_column).
  size_t registration_links = 0;
};

struct DedupeResult {
  Parameters parameters;
  std::vector<ScoredPair> pairs;  // at or above the review threshold, sorted, unique
  Clustering clustering;
  DedupeStats stats;
};

struct Training {
  Parameters parameters;
  int em_iterations = 0;
  bool em_converged = false;
  double blocked_match_share = 0;  // EM's share of matches among candidate pairs
  uint64_t sampled_pairs = 0;
};

// Learns parameters from the records of `store` without labels: u from
// random pairs, m and the match share by EM over a sample of the blocker's
// candidate pairs (`options.threads` threads). The prior is the match share
// times candidate pairs over all pairs. Defaults when there are no pairs.
// kInternal when a worker thread throws (core/workers.h).
[[nodiscard]] Result<Training> TrainParameters(const FeatureStore& store, const Blocker& blocker,
                                               const DedupeOptions& options);

// Deduplicates every record of `store` by its model. Freezes the store's term
// frequencies. Fails on an invalid option (threads < 1), and with kInternal
// when a worker thread throws.
[[nodiscard]] Result<DedupeResult> Dedupe(FeatureStore* store, const DedupeOptions& options);

}  // namespace sanad::match
