#include "match/fellegi_sunter.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "match/features.h"
#include "match/model.h"

namespace sanad::match {
namespace {

Model ThreeFields() {
  Model model;
  model.fields = {
      {"given", {"given"}, Comparator::kName, Normalizer::kNone, DateFormat::kIso, true, -1},
      {"birth", {"birth"}, Comparator::kDate, Normalizer::kNone, DateFormat::kIso, false, -1},
      {"phone", {"phone"}, Comparator::kExact, Normalizer::kNone, DateFormat::kIso, false, -1},
  };
  return model;
}

// Draws a level from a distribution over levels 1..n-1.
int Draw(const std::array<double, kMaxLevels>& p, int levels, std::mt19937_64& random) {
  std::uniform_real_distribution<double> uniform(0, 1);
  double x = uniform(random);
  for (int l = 1; l < levels; ++l) {
    x -= p[static_cast<size_t>(l)];
    if (x <= 0) return l;
  }
  return levels - 1;
}

TEST(EstimateByEm, RecoversKnownMAndUFromGeneratedPatterns) {
  const Model model = ThreeFields();
  // The truth: 15% of candidate pairs are matches.
  const double lambda = 0.15;
  std::vector<FieldParameters> truth(3);
  truth[0].m = {0, 0.70, 0.15, 0.05, 0.04, 0.03, 0.03};
  truth[0].u = {0, 0.02, 0.03, 0.03, 0.02, 0.10, 0.80};
  truth[1].m = {0, 0.55, 0.10, 0.15, 0.10, 0.05, 0.03, 0.02};
  truth[1].u = {0, 0.01, 0.02, 0.05, 0.10, 0.17, 0.05, 0.60};
  truth[2].m = {0, 0.80, 0.20};
  truth[2].u = {0, 0.10, 0.90};
  std::mt19937_64 random(7);
  std::bernoulli_distribution is_match(lambda);
  std::bernoulli_distribution phone_missing(0.3);
  PatternCounts patterns;
  for (int i = 0; i < 400000; ++i) {
    const bool match = is_match(random);
    Pattern pattern = 0;
    for (size_t f = 0; f < 3; ++f) {
      const int levels = LevelCount(model.fields[f].comparator);
      int level = Draw(match ? truth[f].m : truth[f].u, levels, random);
      if (f == 2 && phone_missing(random)) level = 0;
      pattern |= static_cast<Pattern>(level) << (4 * f);
    }
    ++patterns[pattern];
  }
  // Start from a flat u: EM must find both distributions on its own.
  std::vector<FieldParameters> initial(3);
  for (size_t f = 0; f < 3; ++f) {
    const int levels = LevelCount(model.fields[f].comparator);
    for (int l = 1; l < levels; ++l) initial[f].u[static_cast<size_t>(l)] = 1.0 / (levels - 1);
  }
  const EmResult em = EstimateByEm(model, patterns, initial, 0.3, 500, 1e-8);
  EXPECT_NEAR(em.lambda, lambda, 0.01);
  for (size_t f = 0; f < 3; ++f) {
    for (int l = 1; l < LevelCount(model.fields[f].comparator); ++l) {
      SCOPED_TRACE(model.fields[f].name + " level " + std::to_string(l));
      EXPECT_NEAR(em.fields[f].m[static_cast<size_t>(l)], truth[f].m[static_cast<size_t>(l)], 0.02);
      EXPECT_NEAR(em.fields[f].u[static_cast<size_t>(l)], truth[f].u[static_cast<size_t>(l)], 0.02);
    }
  }
}

TEST(Scorer, AgreeingOnACommonNameCountsLessThanOnARareOne) {
  FeatureStore store(ThreeFields());
  // 60 of 100 records are called Mohammad; one is called Zarghoon.
  for (int i = 0; i < 100; ++i) {
    const std::string id = std::to_string(i);
    const std::string given_storage =
        i < 60 ? "Mohammad"
               : (i == 99 ? "Zarghoon"
                          : "Other" + std::string(1, static_cast<char>('a' + i % 26)) + id);
    std::vector<std::vector<std::string_view>> raw = {{given_storage}, {}, {}};
    ASSERT_TRUE(store.Add(id, raw));
  }
  std::vector<std::vector<std::string_view>> zarghoon = {{"Zarghoon"}, {}, {}};
  ASSERT_TRUE(store.Add("z2", zarghoon));
  store.FreezeFrequencies();
  const Scorer scorer(store, DefaultParameters(store.model(), 0.001));
  std::vector<Contribution> common;
  std::vector<Contribution> rare;
  (void)scorer.Explain(store.Record(0), store.Record(1), &common);
  (void)scorer.Explain(store.Record(99), store.Record(100), &rare);
  ASSERT_EQ(common[0].level, 1);
  ASSERT_EQ(rare[0].level, 1);
  EXPECT_LT(common[0].weight, 1.5);  // log2(m / 0.6)
  EXPECT_GT(rare[0].weight, 4.5);    // log2(m / 0.02)
  EXPECT_GT(rare[0].weight, common[0].weight + 4);
}

TEST(Scorer, ExplanationSumsToTheWeight) {
  FeatureStore store(ThreeFields());
  std::vector<std::vector<std::string_view>> a = {{"Ahmad"}, {"1990"}, {"+93700000001"}};
  std::vector<std::vector<std::string_view>> b = {{"Ahmed"}, {"1991"}, {"+93700000001"}};
  ASSERT_TRUE(store.Add("a", a));
  ASSERT_TRUE(store.Add("b", b));
  const Scorer scorer(store, DefaultParameters(store.model(), 0.01));
  std::vector<Contribution> explanation;
  const PairScore score = scorer.Explain(store.Record(0), store.Record(1), &explanation);
  ASSERT_EQ(explanation.size(), 3U);
  double sum = scorer.prior_weight();
  for (const Contribution& c : explanation) sum += c.weight;
  EXPECT_NEAR(score.weight, sum, 1e-9);
  EXPECT_NEAR(score.probability, ProbabilityFromWeight(score.weight), 1e-12);
  EXPECT_EQ(LevelName(Comparator::kDate, explanation[1].level), "1 year");
  EXPECT_EQ(LevelName(Comparator::kExact, explanation[2].level), "exact");
}

TEST(Scorer, GroupCapBoundsWhatAFamilyLineAloneCanSay) {
  Model model;
  model.groups.push_back({"lineage", 0.2});
  model.fields = {
      {"father", {"father"}, Comparator::kName, Normalizer::kNone, DateFormat::kIso, false, 0},
      {"grandfather",
       {"grandfather"},
       Comparator::kName,
       Normalizer::kNone,
       DateFormat::kIso,
       false,
       0},
      {"phone", {"phone"}, Comparator::kExact, Normalizer::kNone, DateFormat::kIso, false, 0},
  };
  FeatureStore store(model);
  std::vector<std::vector<std::string_view>> raw = {
      {"Abdul Karim"}, {"Ghulam Sakhi"}, {"0700123456"}};
  ASSERT_TRUE(store.Add("a", raw));
  ASSERT_TRUE(store.Add("b", raw));
  const Scorer scorer(store, DefaultParameters(store.model(), 1e-6));
  EXPECT_NEAR(scorer.Score(store.Record(0), store.Record(1)).probability, 0.2, 1e-9);
}

}  // namespace
}  // namespace sanad::match
