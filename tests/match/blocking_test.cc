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

// A block of one common given name and year, cut into windows of 3: a man
// registered once as the son of "Abdul Karim" and once of "Karim" sorts far
// from himself by the father's name, but beside himself by his birth date.
TEST(Blocker, ACutBlockPairsNeighboursByTheDateThenByTheOtherNames) {
  Model model;
  model.fields = {
      {"given", {"given"}, Comparator::kName, Normalizer::kNone, DateFormat::kIso, false, -1},
      {"father", {"father"}, Comparator::kName, Normalizer::kNone, DateFormat::kIso, false, -1},
      {"birth", {"birth"}, Comparator::kDate, Normalizer::kNone, DateFormat::kIso, false, -1},
  };
  model.blocking = {{"given+year", {{0, KeyTransform::kSkeleton}, {2, KeyTransform::kYear}}}};
  model.max_block_size = 20;
  model.window = 3;
  FeatureStore store(model);
  auto add = [&](std::string_view father, std::string birth) {
    std::vector<std::vector<std::string_view>> raw = {{"Mohammad"}, {father}, {birth}};
    ASSERT_TRUE(store.Add(std::to_string(store.size()), raw));
  };
  // Fathers spread over the alphabet, one a day from 1 January.
  const std::vector<std::string> fathers = {
      "Bashir", "Daud",  "Faiz",   "Ghani",  "Hakim", "Jalil",  "Latif", "Majid",
      "Nasir",  "Qadir", "Rashid", "Sabir",  "Tahir", "Wahid",  "Yasin", "Zahir",
      "Zaki",   "Zarif", "Zubair", "Zmarai", "Zwak",  "Zalmai", "Zia",   "Zabih"};
  for (size_t i = 0; i < fathers.size(); ++i) {
    add(fathers[i], "1990-01-" + std::string(i + 1 < 10 ? "0" : "") + std::to_string(i + 1));
  }
  // One day: the father's name written two ways.
  const uint32_t with_abdul = static_cast<uint32_t>(store.size());
  add("Abdul Karim", "1990-06-15");
  const uint32_t without = static_cast<uint32_t>(store.size());
  add("Karim", "1990-06-15");
  // Only the year known, as often: these tie on the date and the names
  // order them, so one father's two records are neighbours among many.
  // (Written apart: the order of the file does not bring them together.)
  const uint32_t first_sami = static_cast<uint32_t>(store.size());
  add("Sami", "1990");
  for (const std::string& father : fathers) add(father, "1990");
  const uint32_t second_sami = static_cast<uint32_t>(store.size());
  add("Sami", "1990");
  const Blocker blocker(store, store.model());
  ASSERT_EQ(blocker.stats().oversized_blocks, 1U);
  size_t emitted = 0;
  const auto pairs = AllPairs(blocker, &emitted);
  EXPECT_TRUE(pairs.contains({with_abdul, without}));
  EXPECT_TRUE(pairs.contains({first_sami, second_sami}));
  EXPECT_FALSE(pairs.contains({0, first_sami})) << "far apart in the order";
  EXPECT_EQ(emitted, pairs.size()) << "a pair was emitted twice";
  EXPECT_LE(pairs.size(), store.size() * 3U);
}

TEST(AccountTruePairs, TellsAPairCutByAWindowFromOneSharingNoKey) {
  FeatureStore store(TwoRules(3, 1));
  auto add = [&](std::string_view given, std::string_view birth) {
    std::vector<std::vector<std::string_view>> raw = {{given}, {birth}, {}};
    ASSERT_TRUE(store.Add(std::to_string(store.size()), raw));
  };
  // Five namesakes of one year (cut, window 1): 0 and 4 are one person.
  for (int i = 0; i < 5; ++i) add("Nabi", "1980");
  add("Gul", "1970");
  add("Gul", "1975");  // 5 and 6: one person, no key in common
  const Blocker blocker(store, store.model());
  const std::vector<uint32_t> entity = {0, 1, 2, 3, 0, 5, 5};
  const TruePairBlocking blocked = AccountTruePairs(blocker, entity);
  EXPECT_EQ(blocked.true_pairs, 2U);
  EXPECT_EQ(blocked.emitted + blocked.cut_by_a_window + blocked.sharing_no_key, 2U);
  EXPECT_EQ(blocked.sharing_no_key, 1U);
  EXPECT_EQ(blocked.emitted_pairs.contains(uint64_t{0} << 32 | 4), blocked.emitted == 1);
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
