// Clustering scored pairs into people.
//
// Connected components of the pairs at or above the match threshold, guarded
// against chains: inside a component of three or more records, clusters are
// grown from the strongest link down, and two clusters merge only when their
// members support each other as a whole — no cross pair is a clear
// non-match (probability below `veto_probability`) and the cross pairs
// average at least `min_average_probability`. One weak link through a record
// with few fields (no given name, no birth date) therefore cannot join two
// brothers who share a father, a grandfather and a phone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace sanad::match {

struct ScoredPair {
  uint32_t left = 0;  // record indexes, left < right
  uint32_t right = 0;
  float weight = 0;  // log2 odds
  float probability = 0;
};

struct ClusteringOptions {
  double match_threshold = 0.9;
  // A clear non-match: chosen on default synthetic data at 50,000 persons,
  // where 0.002 keeps precision (0.990) and gains recall over 0.02 (a
  // person's noisy record, a husband in the father's field, no longer
  // vetoes the person's own cluster; brothers stay far below it).
  double veto_probability = 0.002;
  double min_average_probability = 0.5;
  // Larger clusters are checked on a sample of at most this many members a side.
  size_t max_checked_members = 48;
};

struct Clustering {
  // cluster_of[r]: the smallest record index of r's cluster (r itself when alone).
  std::vector<uint32_t> cluster_of;
  size_t clusters = 0;          // clusters of two or more records
  size_t split_components = 0;  // components the guard cut into several clusters
  size_t vetoed_merges = 0;
};

// Clusters `records` records from `pairs` (any order; pairs below the match
// threshold are ignored). `probability(i, j)` scores any pair on demand and
// must be thread-compatible with this call. Pure; deterministic.
[[nodiscard]] Clustering ClusterPairs(size_t records, std::span<const ScoredPair> pairs,
                                      const ClusteringOptions& options,
                                      const std::function<double(uint32_t, uint32_t)>& probability);

}  // namespace sanad::match
