#include "core/flow.h"

#include <gtest/gtest.h>

namespace sanad {
namespace {

TEST(CrossingGazetteer, FindsEveryShippedPointByItsSpellings) {
  const auto gazetteer = CrossingGazetteer::Default();
  struct Case {
    const char* text;
    const char* name;
  };
  const Case cases[] = {
      {"Torkham", "Torkham"},
      {"TORKHAM", "Torkham"},
      {" tor-kham ", "Torkham"},
      {"Torkhum", "Torkham"},
      {"تورخم", "Torkham"},
      {"Chaman", "Chaman–Spin Boldak"},
      {"Spin Boldak", "Chaman–Spin Boldak"},
      {"chaman-spin boldak", "Chaman–Spin Boldak"},
      {"Chaman–Spin Boldak", "Chaman–Spin Boldak"},
      {"سپین بولدک", "Chaman–Spin Boldak"},
      {"Ghulam Khan", "Ghulam Khan"},
      {"angur adda", "Angoor Adda"},
      {"Kharlachi", "Kharlachi"},
      {"Badini", "Badini"},
      {"Bahram Cha", "Bahramcha"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(gazetteer.Find(c.text), std::optional<std::string>(c.name));
  }
  EXPECT_EQ(gazetteer.Find("Karachi"), std::nullopt);
  EXPECT_EQ(gazetteer.Find(""), std::nullopt);
  EXPECT_EQ(gazetteer.points().size(), 7u);
}

TEST(CrossingGazetteer, AnAdminCanAddAPointButNotADuplicate) {
  auto gazetteer = CrossingGazetteer::Default();
  ASSERT_TRUE(gazetteer.Add({"Gursal", "Kunar", {"Gursal Kalay"}}));
  EXPECT_EQ(gazetteer.Find("gursal kalay"), std::optional<std::string>("Gursal"));
  auto again = gazetteer.Add({"Tor Kham", "Nangarhar", {}});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Error::Code::kConflict);
  EXPECT_FALSE(gazetteer.Add({"", "", {}}));
}

FlowTally Good() {
  FlowTally t;
  t.date = Date{2025, 4, 1};
  t.crossing_point = "Torkham";
  t.households = 2;
  t.individuals = 10;
  t.female = 6;
  t.male = 4;
  t.age_0_4 = 2;
  t.age_5_17 = 3;
  t.age_18_59 = 4;
  t.age_60_plus = 1;
  return t;
}

TEST(ValidateFlowTally, ChecksCountsAddUp) {
  EXPECT_TRUE(ValidateFlowTally(Good()));
  struct Case {
    const char* name;
    void (*change)(FlowTally*);
    const char* field;
  };
  const Case cases[] = {
      {"sex short", [](FlowTally* t) { t->male = 3; }, "female"},
      {"age over", [](FlowTally* t) { t->age_0_4 = 3; }, "age_0_4"},
      {"negative", [](FlowTally* t) { t->households = -1; }, "households"},
      {"more households than people", [](FlowTally* t) { t->households = 11; }, "households"},
      {"people without households", [](FlowTally* t) { t->households = 0; }, "households"},
      {"registered over", [](FlowTally* t) { t->registered_individuals = 11; },
       "registered_individuals"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    FlowTally t = Good();
    c.change(&t);
    auto status = ValidateFlowTally(t);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().field, c.field);
  }
  // Registered flows may leave sex or age unknown, never exceed.
  FlowTally partial = Good();
  partial.male = 3;
  EXPECT_TRUE(ValidateFlowTally(partial, /*require_complete=*/false));
  partial.male = 5;
  EXPECT_FALSE(ValidateFlowTally(partial, false));
}

TEST(FlowCodes, RoundTrip) {
  for (auto v : {Vulnerability::kUnaccompaniedOrSeparatedChild, Vulnerability::kDisability,
                 Vulnerability::kPregnantOrLactating}) {
    EXPECT_EQ(ParseVulnerability(ToString(v)), v);
  }
  for (auto r : {ReturnReason::kFearOfArrest, ReturnReason::kNoDocuments, ReturnReason::kOther}) {
    EXPECT_EQ(ParseReturnReason(ToString(r)), r);
  }
  EXPECT_EQ(ParseVulnerability("rich"), std::nullopt);
  EXPECT_EQ(AgeBandOf(4), AgeBand::k0To4);
  EXPECT_EQ(AgeBandOf(5), AgeBand::k5To17);
  EXPECT_EQ(AgeBandOf(18), AgeBand::k18To59);
  EXPECT_EQ(AgeBandOf(60), AgeBand::k60Plus);
  EXPECT_EQ(ToString(AgeBand::k60Plus), "age_60_plus");
}

}  // namespace
}  // namespace sanad
