#include "report/status_changes.h"

#include <gtest/gtest.h>

namespace sanad::report {
namespace {

// A person whose visa ends ten days after `today`: a change within 30 days.
Person WithVisaEnding(Date today) {
  Person p;
  p.given_name = "x";
  p.documents.push_back(Document{DocumentType::kVisa, "", std::nullopt, today.AddDays(10)});
  return p;
}

nlohmann::json Count(const std::vector<std::pair<std::string, int>>& provinces) {
  static const auto policy = policy::LoadShippedPolicy();
  EXPECT_TRUE(policy);
  const Date today{2024, 3, 1};
  StatusChangeCount count(*policy, today, 30);
  for (const auto& [province, persons] : provinces) {
    for (int i = 0; i < persons; ++i) count.Add(WithVisaEnding(today), province);
  }
  count.Add(Person{}, "Kabul");  // no documents, no change: not counted
  return count.ToJson(5);
}

TEST(StatusChangeCount, TwoSmallProvincesAndATotalDoNotRevealEachOther) {
  const nlohmann::json out = Count({{"Balochistan", 1}, {"Sindh", 1}, {"Punjab", 10}});
  ASSERT_EQ(out["rows"].size(), 3U) << out.dump();
  EXPECT_TRUE(out["rows"][0]["persons"].is_null());  // Balochistan
  EXPECT_EQ(out["rows"][1]["persons"], 10);          // Punjab
  EXPECT_TRUE(out["rows"][2]["persons"].is_null());  // Sindh
  EXPECT_TRUE(out["total"].is_null()) << "1 + 1 would follow from 12 - 10";
}

TEST(StatusChangeCount, OneSmallProvinceIsNotTheTotalMinusTheOthers) {
  const nlohmann::json out = Count({{"Balochistan", 1}, {"Sindh", 7}, {"Punjab", 10}});
  int withheld = 0;
  for (const auto& row : out["rows"]) withheld += row["persons"].is_null() ? 1 : 0;
  EXPECT_TRUE(out["rows"][0]["persons"].is_null());
  EXPECT_EQ(withheld, 2) << "a second cell hides the first";
  EXPECT_EQ(out["total"], 18) << "the withheld cells hold 8 together: the total may be shown";
}

TEST(StatusChangeCount, LargeCellsArePublished) {
  const nlohmann::json out = Count({{"Sindh", 6}, {"Punjab", 10}});
  EXPECT_EQ(out["rows"][0]["persons"], 10);
  EXPECT_EQ(out["rows"][1]["persons"], 6);
  EXPECT_EQ(out["total"], 16);
  EXPECT_EQ(out["k"], 5);
}

}  // namespace
}  // namespace sanad::report
