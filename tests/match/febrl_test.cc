// The FEBRL benchmark end to end through the shipped models/febrl.toml.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "../testing/files.h"
#include "match/dedupe.h"
#include "match/evaluation.h"
#include "match/model.h"
#include "match/records.h"

namespace sanad::match {
namespace {

using sanad::testing::ReadWholeFile;

// rec-<n>-org and rec-<n>-dup-<k> are the same person <n>.
std::vector<uint32_t> Truth(const FeatureStore& store) {
  std::unordered_map<std::string, uint32_t> ids;
  std::vector<uint32_t> entity;
  for (size_t r = 0; r < store.size(); ++r) {
    const std::string& id = store.Id(r);
    const size_t dash = id.find('-', 4);
    const std::string person = id.substr(4, dash - 4);
    entity.push_back(ids.emplace(person, static_cast<uint32_t>(ids.size())).first->second);
  }
  return entity;
}

PairwiseScores RunFebrl(const std::vector<std::string>& files) {
  Result<Model> model = ParseModelToml(
      ReadWholeFile(std::string(SANAD_SOURCE_DIR) + "/models/febrl.toml"), "febrl.toml");
  EXPECT_TRUE(model);
  FeatureStore store(*model);
  for (const std::string& file : files) {
    const std::string content =
        ReadWholeFile(std::string(SANAD_SHARED_DIR) + "/data/febrl/" + file);
    EXPECT_FALSE(content.empty()) << file;
    const ReadReport report = ReadRecords(content, &store);
    EXPECT_TRUE(report.ok()) << file << ": " << (report.ok() ? "" : report.errors.front().message);
  }
  const std::vector<uint32_t> truth = Truth(store);
  DedupeOptions options;
  options.threads = 2;
  options.u_pairs = 200000;  // enough for ten fields, and quick in a sanitised build
  Result<DedupeResult> result = Dedupe(&store, options);
  EXPECT_TRUE(result);
  const Blocker blocker(store, store.model());
  const std::vector<uint64_t> clusters(result->clustering.cluster_of.begin(),
                                       result->clustering.cluster_of.end());
  const std::vector<uint64_t> persons(truth.begin(), truth.end());
  const PairwiseScores quality = ScorePairwise(clusters, persons);
  std::printf("FEBRL %s: %zu records, pair completeness %.4f, precision %.4f recall %.4f F1 %.4f\n",
              files.front().c_str(), store.size(), PairCompleteness(blocker, truth),
              quality.precision, quality.recall, quality.f1);
  return quality;
}

TEST(Febrl, Dataset1) { EXPECT_GE(RunFebrl({"dataset1.csv"}).f1, 0.97); }
TEST(Febrl, Dataset2) { EXPECT_GE(RunFebrl({"dataset2.csv"}).f1, 0.97); }
TEST(Febrl, Dataset3) { EXPECT_GE(RunFebrl({"dataset3.csv"}).f1, 0.99); }
TEST(Febrl, Dataset4aAnd4bAsOneFile) {
  EXPECT_GE(RunFebrl({"dataset4a.csv", "dataset4b.csv"}).f1, 0.99);
}

}  // namespace
}  // namespace sanad::match
