#include <gtest/gtest.h>

#include "text/gazetteer.h"

namespace sanad::text {
namespace {

TEST(PakistanGazetteer, DistrictsAreFoundInLatinUrduAndPashtoSpellings) {
  struct Case {
    const char* province;
    const char* raw;
    const char* district;
  } cases[] = {
      {"Balochistan", "Quetta", "Quetta"},
      {"Baluchistan", "کوئٹہ", "Quetta"},
      {"بلوچستان", "Qila Abdullah", "Killa Abdullah"},
      {"Balochistan", "قلعہ عبداللہ", "Killa Abdullah"},
      {"Balochistan", "chaman", "Chaman"},
      {"Balochistan", "Turbat", "Kech"},
      {"Balochistan", "Bolan", "Kachhi"},
      {"KPK", "پېښور", "Peshawar"},
      {"Khyber Pakhtunkhwa", "پشاور", "Peshawar"},
      {"KP", "D.I. Khan", "Dera Ismail Khan"},
      {"Sindh", "Karachi East", "Karachi East"},
      {"Sindh", "Nawabshah", "Shaheed Benazirabad"},
      {"Punjab", "راولپنڈی", "Rawalpindi"},
      {"Islamabad", "Islamabad", "Islamabad"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.province) + " / " + c.raw);
    auto found = CanonicalPakistanDistrict(c.province, c.raw);
    ASSERT_TRUE(found);
    EXPECT_EQ(*found, c.district);
  }
}

TEST(PakistanGazetteer, ADistrictOfAnotherProvinceOrAnAfghanProvinceIsRefused) {
  EXPECT_FALSE(CanonicalPakistanDistrict("Punjab", "Quetta"));
  EXPECT_FALSE(CanonicalPakistanDistrict("Nangarhar", "Jalalabad"));
  EXPECT_FALSE(CanonicalPakistanProvince("Kandahar"));
  EXPECT_EQ(CanonicalPakistanProvince("بلوچستان"), "Balochistan");
}

TEST(PakistanGazetteer, ResolveNamesTheFieldAndListsWhatIsAccepted) {
  auto place = ResolvePakistanPlace("baluchistan", "pishin");
  ASSERT_TRUE(place);
  EXPECT_EQ(place->province, "Balochistan");
  EXPECT_EQ(place->district, "Pishin");
  place = ResolvePakistanPlace("Balochistan", "");
  ASSERT_TRUE(place);
  EXPECT_EQ(place->district, "");
  auto bad = ResolvePakistanPlace("Kabul", "");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "province");
  bad = ResolvePakistanPlace("Balochistan", "Lahore");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "district");
  EXPECT_NE(bad.error().message.find("Killa Saifullah"), std::string::npos);
}

TEST(PakistanGazetteer, NoSpellingNamesTwoDistrictsOfOneProvince) {
  // Every province's district list resolves each canonical name to itself.
  for (const char* province : {"Balochistan", "Khyber Pakhtunkhwa", "Punjab", "Sindh",
                               "Islamabad Capital Territory", "Gilgit-Baltistan",
                               "Azad Jammu and Kashmir"}) {
    std::string names(PakistanDistrictNames(province));
    ASSERT_FALSE(names.empty()) << province;
    size_t start = 0;
    while (start < names.size()) {
      size_t end = names.find(", ", start);
      if (end == std::string::npos) end = names.size();
      std::string name = names.substr(start, end - start);
      SCOPED_TRACE(name);
      EXPECT_EQ(CanonicalPakistanDistrict(province, name), name);
      start = end + 2;
    }
  }
}

}  // namespace
}  // namespace sanad::text
