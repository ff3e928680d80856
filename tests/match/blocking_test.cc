#include "match/blocking.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "match/features.h"
#include "match/model.h"

namespace sanad::match {
namespace {

Model TwoRules(size_t max_block_size, size_t window) {
  Model model;
  model.fields = {
      {"given", {"given"}, Comparator::kName, Normalizer::kNone, DateFormat::kIso, false, -1},
      {"birth", {"birth"}, Comparator::kDate, Normalizer::kNone, DateFormat::kIso, false, -1},
      {"phone", {"phone"}, Comparator::kExact, Normalizer::kNone, DateFormat::kIso, false, -1},
  };
  model.blocking = {{"given+year", {{0, KeyTransform::kSkeleton}, {1, KeyTransform::kYear}}},
                    {"phone", {{2, KeyTransform::kExact}}}};
  model.max_block_size = max_block_size;
  model.window = window;
  return model;
}

std::set<std::pair<uint32_t, uint32_t>> AllPairs(const Blocker& blocker, size_t* emitted) {
  std::set<std::pair<uint32_t, uint32_t>> pairs;
  std::vector<uint32_t> scratch;
  *emitted = 0;
  for (size_t b = 0; b < blocker.block_count(); ++b) {
    blocker.ForEachPair(b, &scratch, [&](uint32_t i, uint32_t j) {
      EXPECT_LT(i, j);
      pairs.insert({i, j});
      ++*emitted;
    });
  }
  return pairs;
}

TEST(Blocker, UnionOfRulesEmitsEachPairOnce) {
  FeatureStore store(TwoRules(100, 10));
  auto add = [&](std::string id, std::string_view given, std::string_view birth,
                 std::string_view phone) {
    std::vector<std::vector<std::string_view>> raw = {{given}, {birth}, {phone}};
    ASSERT_TRUE(store.Add(std::move(id), raw));
  };
  add("0", "Ahmad", "1990", "0700000001");
  add("1", "Ahmad", "1990-05-01", "0700000001");  // shares both keys with 0
  add("2", "Ahmed", "1990", "0700000002");        // same skeleton and year as 0 and 1
  add("3", "Karim", "1990", "0700000001");        // phone only
  add("4", "Karim", "", "");                      // no key at all
  const Blocker blocker(store, store.model());
  size_t emitted = 0;
  const auto pairs = AllPairs(blocker, &emitted);
  EXPECT_EQ(emitted, pairs.size());  // no pair twice
  const std::set<std::pair<uint32_t, uint32_t>> expected = {{0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}};
  EXPECT_EQ(pairs, expected);
  EXPECT_EQ(blocker.CountDistinctPairs(), 5U);
}

TEST(Blocker, OversizedBlockIsCutIntoWindows) {
  FeatureStore store(TwoRules(20, 5));
  for (int i = 0; i < 200; ++i) {
    const std::string id = std::to_string(i);
    std::vector<std::vector<std::string_view>> raw = {{"Mohammad"}, {"1990"}, {}};
    ASSERT_TRUE(store.Add(id, raw));
  }
  const Blocker blocker(store, store.model());
  EXPECT_EQ(blocker.stats().oversized_blocks, 1U);
  EXPECT_EQ(blocker.stats().largest_block, 200U);
  size_t emitted = 0;
  const auto pairs = AllPairs(blocker, &emitted);
  EXPECT_LE(pairs.size(), 200U * 5U);  // instead of 19,900
  EXPECT_GE(pairs.size(), 190U * 5U);
}

TEST(PairCompleteness, CountsTruePairsTheBlockingFinds) {
  FeatureStore store(TwoRules(100, 10));
  auto add = [&](std::string id, std::string_view given, std::string_view birth) {
    std::vector<std::vector<std::string_view>> raw = {{given}, {birth}, {}};
    ASSERT_TRUE(store.Add(std::move(id), raw));
  };
  add("a1", "Nabi", "1980");
  add("a2", "Nabi", "1980");  // found
  add("b1", "Gul", "1970");
  add("b2", "Gul", "1975");  // missed: different year, no phone
  const Blocker blocker(store, store.model());
  const std::vector<uint32_t> entity = {0, 0, 1, 1};
  EXPECT_DOUBLE_EQ(PairCompleteness(blocker, entity), 0.5);
}

}  // namespace
}  // namespace sanad::match
