#include "report/flows.h"

#include <gtest/gtest.h>

#include <numeric>

#include "../testing/flow_tallies.h"

namespace sanad::report {
namespace {

using sanad::testing::Tally;
using sanad::testing::WithRegistered;

Counts Sum(const std::vector<FlowTally>& flows) {
  Counts sum{};
  for (const auto& f : flows) AddCounts(&sum, CountsOf(f));
  return sum;
}

TEST(Apportion, PartsAddUpAndStayWithinWeights) {
  struct Case {
    std::vector<int64_t> weights;
    int64_t total;
    std::vector<int64_t> expected;
  };
  const Case cases[] = {
      {{1, 1, 1}, 2, {1, 1, 0}},  // ties go to the earlier index
      {{5, 3, 2}, 5, {3, 1, 1}},  // 2.5, 1.5, 1.0 -> largest remainders first
      {{10, 0, 10}, 20, {10, 0, 10}}, {{7, 3}, 0, {0, 0}}, {{0, 0}, 0, {0, 0}},
      {{3, 3, 3}, 7, {3, 2, 2}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(::testing::PrintToString(c.weights) + " -> " + std::to_string(c.total));
    const auto parts = Apportion(c.weights, c.total);
    EXPECT_EQ(parts, c.expected);
    EXPECT_EQ(std::accumulate(parts.begin(), parts.end(), int64_t{0}), c.total);
    for (size_t i = 0; i < parts.size(); ++i) EXPECT_LE(parts[i], c.weights[i]);
  }
}

TEST(CombineFlows, WithoutDeclaredOverlapEveryoneCounts) {
  const Date day{2025, 1, 1};
  const auto tally =
      Tally(day, "Torkham", MovementMode::kSpontaneous, 2, {6, 4}, {2, 3, 4, 1}, "Kabul");
  const auto reg =
      Tally(day, "Torkham", MovementMode::kSpontaneous, 1, {2, 1}, {1, 1, 1, 0}, "Kabul");
  const auto out = CombineFlows({tally}, {reg});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(Sum(out)[kIndividuals], 13);
}

TEST(CombineFlows, DeclaredRegisteredPeopleAreNotCountedTwice) {
  const Date day{2025, 1, 1};
  // 10 counted at Torkham, 4 of whom were also registered; the registry
  // holds those 4 plus 3 others (another destination) on the same key, and
  // 5 more at Chaman that no tally covers.
  const auto tally = WithRegistered(
      Tally(day, "Torkham", MovementMode::kSpontaneous, 2, {6, 4}, {2, 3, 4, 1}, "Nangarhar"), 4);
  const auto reg_a =
      Tally(day, "Torkham", MovementMode::kSpontaneous, 1, {2, 2}, {1, 1, 2, 0}, "Nangarhar");
  const auto reg_b =
      Tally(day, "Torkham", MovementMode::kSpontaneous, 1, {1, 2}, {0, 1, 2, 0}, "Kabul");
  const auto reg_c = Tally(day, "Chaman–Spin Boldak", MovementMode::kSpontaneous, 1, {3, 2},
                           {1, 1, 2, 1}, "Kandahar");
  const auto other_mode =
      Tally(day, "Torkham", MovementMode::kDeported, 1, {0, 2}, {0, 0, 2, 0}, "Kabul");
  const auto out = CombineFlows({tally}, {reg_a, reg_b, reg_c, other_mode});
  const Counts sum = Sum(out);
  EXPECT_EQ(sum[kIndividuals], 10 + 3 + 5 + 2);
  EXPECT_EQ(sum[kFemale] + sum[kMale], sum[kIndividuals]);
  EXPECT_EQ(sum[kAge0To4] + sum[kAge5To17] + sum[kAge18To59] + sum[kAge60Plus], sum[kIndividuals]);
  for (const auto& f : out) {
    SCOPED_TRACE(f.crossing_point + " " + f.destination_province);
    EXPECT_TRUE(ValidateFlowTally(f, true).has_value());
  }
}

TEST(CombineFlows, OverlapLargerThanTheRegistryRemovesItAll) {
  const Date day{2025, 1, 1};
  const auto tally = WithRegistered(
      Tally(day, "Torkham", MovementMode::kSpontaneous, 2, {6, 4}, {2, 3, 4, 1}, "Kabul"), 10);
  const auto reg =
      Tally(day, "Torkham", MovementMode::kSpontaneous, 1, {2, 1}, {1, 1, 1, 0}, "Kabul");
  const auto out = CombineFlows({tally}, {reg});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], tally);
}

TEST(CombineFlows, UnknownSexAndAgeSurviveScaling) {
  const Date day{2025, 1, 1};
  const auto tally = WithRegistered(
      Tally(day, "Torkham", MovementMode::kSpontaneous, 1, {1, 1}, {0, 0, 2, 0}, "Kabul"), 2);
  FlowTally reg =
      Tally(day, "Torkham", MovementMode::kSpontaneous, 2, {2, 2}, {1, 1, 1, 1}, "Kabul");
  reg.individuals = 6;  // two people of unknown sex and age
  const auto out = CombineFlows({tally}, {reg});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].individuals, 4);
  EXPECT_LE(out[1].female + out[1].male, 4);
  EXPECT_TRUE(ValidateFlowTally(out[1], false).has_value());
  EXPECT_GE(out[1].households, 1);
}

}  // namespace
}  // namespace sanad::report
