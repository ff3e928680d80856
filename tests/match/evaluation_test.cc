#include "match/evaluation.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace sanad::match {
namespace {

TEST(Evaluation, CountsPairsFromTheContingencyTable) {
  // Persons A A A B B; clusters 1 1 2 2 2.
  const std::vector<uint64_t> persons = {0, 0, 0, 1, 1};
  const std::vector<uint64_t> clusters = {1, 1, 2, 2, 2};
  const PairwiseScores s = ScorePairwise(clusters, persons);
  EXPECT_EQ(s.records, 5u);
  EXPECT_EQ(s.true_pairs, 4u);       // AAA: 3, BB: 1
  EXPECT_EQ(s.predicted_pairs, 4u);  // 11: 1, 222: 3
  EXPECT_EQ(s.true_positive_pairs, 2u);
  EXPECT_DOUBLE_EQ(s.precision, 0.5);
  EXPECT_DOUBLE_EQ(s.recall, 0.5);
  EXPECT_DOUBLE_EQ(s.f1, 0.5);
}

TEST(Evaluation, PerfectClusteringScoresOne) {
  const std::vector<uint64_t> persons = {7, 7, 3, 9, 9, 9};
  const std::vector<uint64_t> clusters = {0, 0, 1, 2, 2, 2};
  const PairwiseScores s = ScorePairwise(clusters, persons);
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
  EXPECT_DOUBLE_EQ(s.recall, 1.0);
  EXPECT_DOUBLE_EQ(s.f1, 1.0);
}

TEST(Evaluation, SingletonsPredictNothingAndFindNothing) {
  const std::vector<uint64_t> persons = {1, 1, 2};
  const std::vector<uint64_t> clusters = {1, 2, 3};
  const PairwiseScores s = ScorePairwise(clusters, persons);
  EXPECT_EQ(s.predicted_pairs, 0u);
  EXPECT_DOUBLE_EQ(s.precision, 1.0);
  EXPECT_DOUBLE_EQ(s.recall, 0.0);
  EXPECT_DOUBLE_EQ(s.f1, 0.0);
}

TEST(Evaluation, OneBigClusterHasFullRecallAndLowPrecision) {
  const std::vector<uint64_t> persons = {1, 1, 2, 3};
  const std::vector<uint64_t> clusters = {5, 5, 5, 5};
  const PairwiseScores s = ScorePairwise(clusters, persons);
  EXPECT_EQ(s.predicted_pairs, 6u);
  EXPECT_DOUBLE_EQ(s.recall, 1.0);
  EXPECT_DOUBLE_EQ(s.precision, 1.0 / 6.0);
}

TEST(Evaluation, AgreesWithEnumeratingEveryPair) {
  std::mt19937_64 random(42);
  for (int round = 0; round < 20; ++round) {
    SCOPED_TRACE(round);
    const size_t n = 1 + random() % 120;
    std::vector<uint64_t> persons(n), clusters(n);
    for (size_t i = 0; i < n; ++i) {
      persons[i] = random() % 30;
      clusters[i] = random() % 25;
    }
    uint64_t tp = 0, predicted = 0, truth = 0;
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = i + 1; j < n; ++j) {
        predicted += clusters[i] == clusters[j];
        truth += persons[i] == persons[j];
        tp += clusters[i] == clusters[j] && persons[i] == persons[j];
      }
    }
    const PairwiseScores s = ScorePairwise(clusters, persons);
    EXPECT_EQ(s.true_positive_pairs, tp);
    EXPECT_EQ(s.predicted_pairs, predicted);
    EXPECT_EQ(s.true_pairs, truth);
  }
}

TEST(Evaluation, ReadsFilesByColumnNameInAnyOrder) {
  auto truth = ReadRecordLabels("person_id,record_id\nP1,r1\nP1,r2\nP2,r3\n", "person_id");
  ASSERT_TRUE(truth) << truth.error().message;
  auto clusters =
      ReadRecordLabels("record_id,cluster_id,extra\nr1,c9,x\nr2,c9,x\n\nr3,c4,x\n", "cluster_id");
  ASSERT_TRUE(clusters) << clusters.error().message;
  ASSERT_EQ(truth->rows.size(), 3u);
  EXPECT_EQ(truth->rows[2].first, "r3");
  auto report = Evaluate(*truth, *clusters);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_DOUBLE_EQ(report->scores.f1, 1.0);
  EXPECT_EQ(report->records_without_cluster, 0u);
}

TEST(Evaluation, RecordsWithoutAClusterCountAloneAndStrangersAreLeftOut) {
  auto truth = ReadRecordLabels("record_id,person_id\nr1,P1\nr2,P1\n", "person_id");
  auto clusters = ReadRecordLabels("record_id,cluster_id\nr1,1\nr9,1\n", "cluster_id");
  ASSERT_TRUE(truth && clusters);
  auto report = Evaluate(*truth, *clusters);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->records_without_cluster, 1u);
  EXPECT_EQ(report->records_without_truth, 1u);
  EXPECT_EQ(report->scores.records, 2u);
  EXPECT_DOUBLE_EQ(report->scores.recall, 0.0);
}

TEST(Evaluation, NamesTheLineAndColumnOfABadFile) {
  auto missing = ReadRecordLabels("record_id,person\nr1,P1\n", "person_id");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().line, 1);
  EXPECT_NE(missing.error().message.find("person_id"), std::string::npos);

  auto empty_id = ReadRecordLabels("record_id,person_id\nr1,P1\n,P2\n", "person_id");
  ASSERT_FALSE(empty_id);
  EXPECT_EQ(empty_id.error().line, 3);
  EXPECT_EQ(empty_id.error().field, "record_id");

  auto empty_file = ReadRecordLabels("", "cluster_id");
  ASSERT_FALSE(empty_file);
  EXPECT_EQ(empty_file.error().line, 1);

  auto twice = ReadRecordLabels("record_id,cluster_id\nr1,1\nr1,2\n", "cluster_id");
  ASSERT_TRUE(twice);
  auto truth = ReadRecordLabels("record_id,person_id\nr1,P1\n", "person_id");
  ASSERT_TRUE(truth);
  auto report = Evaluate(*truth, *twice);
  ASSERT_FALSE(report);
  EXPECT_NE(report.error().message.find("r1"), std::string::npos);
}

}  // namespace
}  // namespace sanad::match
