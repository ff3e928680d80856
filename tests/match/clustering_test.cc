#include "match/clustering.h"

#include <gtest/gtest.h>

#include <map>
#include <utility>
#include <vector>

namespace sanad::match {
namespace {

// A probability table over record pairs; unlisted pairs are clear non-matches.
struct Table {
  std::map<std::pair<uint32_t, uint32_t>, double> p;
  double operator()(uint32_t a, uint32_t b) const {
    if (a > b) std::swap(a, b);
    auto it = p.find({a, b});
    return it == p.end() ? 0.0001 : it->second;
  }
  std::vector<ScoredPair> Pairs() const {
    std::vector<ScoredPair> pairs;
    for (const auto& [key, probability] : p) {
      pairs.push_back({key.first, key.second, static_cast<float>(probability * 10),
                       static_cast<float>(probability)});
    }
    return pairs;
  }
};

TEST(ClusterPairs, OneWeakLinkDoesNotChainTwoBrothers) {
  // 0,1: Ahmad s/o Abdul Karim (two registrations); 2: a record with no given
  // name and no birth date from the same family; 3,4: his brother Mahmood.
  // Record 2 links strongly to both brothers, who are clear non-matches.
  Table table;
  table.p[{0, 1}] = 0.999;
  table.p[{3, 4}] = 0.998;
  table.p[{0, 2}] = 0.93;
  table.p[{1, 2}] = 0.92;
  table.p[{2, 3}] = 0.95;
  table.p[{2, 4}] = 0.94;
  const std::vector<ScoredPair> pairs = table.Pairs();
  ClusteringOptions options;
  const Clustering clustering = ClusterPairs(5, pairs, options, table);
  EXPECT_EQ(clustering.cluster_of[0], clustering.cluster_of[1]);
  EXPECT_EQ(clustering.cluster_of[3], clustering.cluster_of[4]);
  EXPECT_NE(clustering.cluster_of[0], clustering.cluster_of[3]);
  EXPECT_EQ(clustering.split_components, 1U);
  EXPECT_GE(clustering.vetoed_merges, 1U);
}

TEST(ClusterPairs, PlainConnectedComponentsWithoutConflict) {
  Table table;
  table.p[{0, 1}] = 0.99;
  table.p[{1, 2}] = 0.95;
  table.p[{0, 2}] = 0.7;  // below the threshold but no conflict
  table.p[{4, 5}] = 0.5;  // review band only: not merged
  const std::vector<ScoredPair> pairs = table.Pairs();
  const Clustering clustering = ClusterPairs(6, pairs, ClusteringOptions{}, table);
  EXPECT_EQ(clustering.cluster_of, (std::vector<uint32_t>{0, 0, 0, 3, 4, 5}));
  EXPECT_EQ(clustering.clusters, 1U);
  EXPECT_EQ(clustering.split_components, 0U);
}

TEST(ClusterPairs, ChainOfWeakAverageIsCut) {
  // A long chain 0-1-2-3-4-5 where only neighbours agree: the far ends do
  // not support each other, so the chain is cut into pieces.
  Table table;
  for (uint32_t i = 0; i + 1 < 6; ++i) table.p[{i, i + 1}] = 0.95;
  for (uint32_t i = 0; i + 2 < 6; ++i) table.p[{i, i + 2}] = 0.1;
  for (uint32_t i = 0; i + 3 < 6; ++i) table.p[{i, i + 3}] = 0.03;
  const std::vector<ScoredPair> pairs = table.Pairs();
  const Clustering clustering = ClusterPairs(6, pairs, ClusteringOptions{}, table);
  EXPECT_NE(clustering.cluster_of[0], clustering.cluster_of[5]);
  EXPECT_GE(clustering.split_components, 1U);
}

}  // namespace
}  // namespace sanad::match
