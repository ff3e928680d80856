// Person search over the duplicate index (match/person_search.h), through
// CandidateIndex: what a registrar types, what it finds, in what order.
#include "match/person_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "match/candidate_index.h"

namespace sanad::match {
namespace {

Person Named(std::string given, std::string father, std::string grandfather = "",
             Sex sex = Sex::kMale) {
  Person p;
  p.given_name = std::move(given);
  p.father_name = std::move(father);
  p.grandfather_name = std::move(grandfather);
  p.sex = sex;
  return p;
}

std::vector<std::string> Ids(const CandidateIndex& index, std::string_view q, bool numbers = true,
                             size_t offset = 0, size_t limit = 20) {
  auto page = index.Search({q, numbers, offset, limit});
  EXPECT_TRUE(page) << q << ": " << page.error().message;
  return page ? page->record_ids : std::vector<std::string>{};
}

// A village of persons that share names, so a search must pick among them.
class PersonSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* given[] = {"Mohammad", "Ahmad", "Karim", "Nabi", "Rahim", "Wali", "Noor"};
    for (int i = 0; i < 200; ++i) {
      Add("v" + std::to_string(i), Named(given[i % 7], given[(i / 7) % 7], given[(i / 49) % 7]));
    }
  }
  void Add(const std::string& id, const Person& p) { ASSERT_TRUE(index_.Add(id, p, "Kabul")); }
  CandidateIndex index_;
};

TEST_F(PersonSearchTest, AGivenNameThenTheFathersWithATitleFindsTheDaughter) {
  Add("homaira", Named("Homaira", "Noor Ahmad", "Ghulam", Sex::kFemale));
  Add("homaira-other", Named("Homaira", "Karim", "", Sex::kFemale));
  Add("noor-son", Named("Zahir", "Noor"));
  const auto found = Ids(index_, "Homaira Noor Agha");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0], "homaira");
  // Titles anywhere, in either script, are not words to find.
  EXPECT_EQ(Ids(index_, "Haji Homaira Noor"), found);
  EXPECT_EQ(Ids(index_, "Homaira Noor Khan"), found);
  EXPECT_EQ(Ids(index_, "الحاج همیرا نور"), found);
}

TEST_F(PersonSearchTest, WordsMatchInAnyOrderAnyNameFieldAndEitherScript) {
  Add("target", Named("Zabihullah", "Abdul Rahman", "Ghulam Sakhi"));
  for (std::string_view q : {"Zabihullah Abdul Rahman", "abdurrahman zabihullah",
                             "Sakhi Zabihullah", "ذبیح الله عبدالرحمن", "ZABIHULLAH",
                             "Zabih Ullah", "عبد الرحمن غلام سخی"}) {
    SCOPED_TRACE(q);
    EXPECT_EQ(Ids(index_, q), std::vector<std::string>{"target"});
  }
  // Every word must be met.
  EXPECT_TRUE(Ids(index_, "Zabihullah Bashir").empty());
  // Connectors of compounds, as written or mistyped, meet the compound.
  Add("nizam", Named("Nizam-ud-Din", "Noor ue Din"));
  for (std::string_view q : {"Nizam ud Din", "Nizam-ud-Din Noor ue Din", "nizamuddin nooruddin",
                             "نظام الدین"}) {
    SCOPED_TRACE(q);
    EXPECT_EQ(Ids(index_, q), std::vector<std::string>{"nizam"});
  }
}

TEST_F(PersonSearchTest, OwnNamesComeFirstThenExactSpellingsThenTheNewest) {
  Add("son-of-nasir", Named("Wali", "Nasir"));
  Add("nasir", Named("Nasir", "Wali"));
  auto found = Ids(index_, "Nasir");
  ASSERT_EQ(found.size(), 2U);
  EXPECT_EQ(found[0], "nasir");  // the man named Nasir before the son of a Nasir
  // Given "Wali" father "Nasir" reads in order: that person first.
  found = Ids(index_, "Wali Nasir");
  ASSERT_EQ(found.size(), 2U);
  EXPECT_EQ(found[0], "son-of-nasir");

  Add("muhammad-old", Named("Muhammad Tariq", "Rasul"));
  Add("mohammad", Named("Mohammad Tariq", "Rasul"));
  Add("muhammad-new", Named("Muhammad Tariq", "Rasul"));
  Add("mohammad-arabic", Named("محمد طارق", "رسول"));
  found = Ids(index_, "Mohammad Tariq");
  ASSERT_EQ(found.size(), 4U);
  EXPECT_EQ(found[0], "mohammad");  // both words spelt as typed
  // Then one word spelt as typed (Tariq), the most recently added first;
  // then the other script, where no word is spelt as typed.
  EXPECT_EQ(found[1], "muhammad-new");
  EXPECT_EQ(found[2], "muhammad-old");
  EXPECT_EQ(found[3], "mohammad-arabic");
}

TEST_F(PersonSearchTest, PagesOfACommonNameAreDisjointAndCoverEveryMatch) {
  const auto all = Ids(index_, "Mohammad", true, 0, 1000);
  ASSERT_GT(all.size(), 50U);
  // Persons whose given name is Mohammad first.
  EXPECT_EQ(all[0].substr(0, 1), "v");
  std::set<std::string> seen;
  for (size_t page = 0;; ++page) {
    auto result = index_.Search({"Mohammad", true, page * 7, 7});
    ASSERT_TRUE(result);
    for (const auto& id : result->record_ids) {
      EXPECT_TRUE(seen.insert(id).second) << id << " twice";
      EXPECT_EQ(id, all[seen.size() - 1]);
    }
    if (!result->has_more) break;
    ASSERT_EQ(result->record_ids.size(), 7U);
  }
  EXPECT_EQ(seen.size(), all.size());
  EXPECT_TRUE(Ids(index_, "Mohammad", true, all.size(), 20).empty());
}

TEST_F(PersonSearchTest, APhoneOrDocumentNumberMatchesAloneInAnyFormat) {
  Person p = Named("Nazo", "Wali", "", Sex::kFemale);
  p.phone = "0700 123 456";
  p.documents.push_back({DocumentType::kPorCard, "PoR No. 294155287", {}, {}});
  p.documents.push_back({DocumentType::kTazkira, "1403/0607/22919", {}, {}});
  Add("nazo", p);
  for (std::string_view q : {"+93700123456", "0093 700 123 456", "۰۷۰۰۱۲۳۴۵۶", "294155287",
                             "POR-294155287", "1403-0607-22919", "1403 0607 22919"}) {
    SCOPED_TRACE(q);
    EXPECT_EQ(Ids(index_, q), std::vector<std::string>{"nazo"});
    // Not for a caller who may not see numbers.
    EXPECT_TRUE(Ids(index_, q, /*numbers=*/false).empty());
  }
  EXPECT_TRUE(Ids(index_, "0700 123 457").empty());
}

TEST_F(PersonSearchTest, ARemovedOrEditedPersonIsFoundOnlyAsTheyAreNow) {
  Add("edited", Named("Sharifa", "Habib", "", Sex::kFemale));
  ASSERT_EQ(Ids(index_, "Sharifa"), std::vector<std::string>{"edited"});
  ASSERT_TRUE(index_.Remove("edited"));
  Add("edited", Named("Shakila", "Habib", "", Sex::kFemale));
  EXPECT_TRUE(Ids(index_, "Sharifa").empty());
  EXPECT_EQ(Ids(index_, "Shakila Habib"), std::vector<std::string>{"edited"});
  ASSERT_TRUE(index_.Remove("edited"));
  EXPECT_TRUE(Ids(index_, "Shakila").empty());
  EXPECT_TRUE(Ids(index_, "Habib").empty());
}

TEST_F(PersonSearchTest, AQueryWithNothingToSearchIsAnErrorNamingQ) {
  for (std::string_view q : {"", "  ", "- , .", "Ali Wali Gul Nabi Karim Rahim Ahmad Noor Jan Tariq"}) {
    SCOPED_TRACE(q);
    auto page = index_.Search({q, true, 0, 20});
    ASSERT_FALSE(page);
    EXPECT_EQ(page.error().code, Error::Code::kInvalidInput);
    EXPECT_EQ(page.error().field, "q");
  }
  // A name that is only a title is a name (Hafiz).
  Add("hafiz", Named("Hafiz", "Karim"));
  EXPECT_EQ(Ids(index_, "Hafiz"), std::vector<std::string>{"hafiz"});
}

TEST(Postings, KeysHoldOneOrManyValuesThroughGrowthAndRemoval) {
  Postings postings;
  for (uint32_t v = 0; v < 20000; ++v) postings.Add(v % 5000, v);  // four values a key
  postings.Add(uint64_t{1} << 63, 7);
  EXPECT_EQ(postings.keys(), 5001U);
  for (uint64_t key : {uint64_t{0}, uint64_t{4999}}) {
    const auto values = postings.Values(key);
    ASSERT_EQ(values.size(), 4U);
    for (size_t i = 0; i < 4; ++i) EXPECT_EQ(values[i], key + 5000 * i);
  }
  EXPECT_EQ(postings.Values(uint64_t{1} << 63).size(), 1U);
  EXPECT_TRUE(postings.Values(5000).empty());
  for (uint32_t v : {5003U, 3U, 15003U}) postings.Remove(3, v);
  ASSERT_EQ(postings.Values(3).size(), 1U);
  EXPECT_EQ(postings.Values(3)[0], 10003U);
  postings.Remove(3, 10003);
  EXPECT_TRUE(postings.Values(3).empty());
  postings.Add(3, 30000);  // the key is used again, its list reused elsewhere
  postings.Add(3, 30001);
  EXPECT_EQ(postings.Values(3).size(), 2U);
  EXPECT_EQ(postings.Values(4).size(), 4U);
}

}  // namespace
}  // namespace sanad::match
