// Family tracing through the duplicate index: the query core/tracing builds
// from an inquirer and a sought relative, against a register in both
// scripts (issue 12's tracing tests, at the engine; the store and API add
// consent and decisions on top).
#include <gtest/gtest.h>

#include <string>

#include "core/tracing.h"
#include "match/candidate_index.h"

namespace sanad::match {
namespace {

Person Registered(std::string given, std::string father, std::string grandfather, int year,
                  Sex sex = Sex::kMale) {
  Person p;
  p.given_name = std::move(given);
  p.father_name = std::move(father);
  p.grandfather_name = std::move(grandfather);
  p.sex = sex;
  p.birth_date = PartialDate::Parse(std::to_string(year)).value();
  return p;
}

class TracingMatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Men called Ahmad Wali in both scripts, with other fathers: without
    // the family's names they are as likely as the brother.
    const char* fathers[] = {"Karim", "Nabi", "Rahim", "Jawad", "Bashir", "Nasir", "Qasim"};
    const char* fathers_fa[] = {"کریم", "نبی", "رحیم", "جواد", "بشیر", "ناصر", "قاسم"};
    for (int i = 0; i < 7; ++i) {
      Add("latin" + std::to_string(i), Registered("Ahmad Wali", fathers[i], "Sakhi", 1998 + i % 3));
      Add("farsi" + std::to_string(i), Registered("احمد ولی", fathers_fa[i], "سخی", 1998 + i % 3));
    }
    const char* given[] = {"Mohammad", "Karim", "Hamid", "Nabi", "Rahim", "Bashir", "Daud"};
    for (int i = 0; i < 200; ++i) {
      Add("other" + std::to_string(i),
          Registered(given[i % 7], given[(i / 7) % 7], given[(i / 3) % 7], 1960 + i % 40));
    }
  }
  void Add(const std::string& id, const Person& p) { ASSERT_TRUE(index_.Add(id, p, "")); }
  std::vector<Candidate> Find(const Person& query) {
    auto found = index_.Candidates(query, "", 10, 0.05);
    EXPECT_TRUE(found) << found.error().message;
    return found ? *found : std::vector<Candidate>{};
  }
  static double ProbabilityOf(const std::vector<Candidate>& found, const std::string& id) {
    for (const Candidate& c : found) {
      if (c.record_id == id) return c.probability;
    }
    return 0;
  }

  CandidateIndex index_;
  Person inquirer_ = Registered("Mohammad Wali", "Abdullah", "Ghulam Sakhi", 1995);
};

TEST_F(TracingMatchTest, ABrotherInTheOtherScriptIsFoundFirstThroughTheDerivedFatherName) {
  Add("brother", Registered("احمد ولی", "عبدالله", "غلام سخی", 1999));
  SoughtPerson sought;
  sought.given_name = "Ahmad Wali";
  sought.relationship = SoughtRelationship::kBrother;
  const TracingQuery query = TracingQueryOf(inquirer_, sought, {2026, 12, 2});
  ASSERT_EQ(query.person.father_name, "Abdullah");
  const auto found = Find(query.person);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front().record_id, "brother");
  // The family's names are what lift him above the other Ahmad Walis.
  Person names_only = query.person;
  names_only.father_name.clear();
  names_only.grandfather_name.clear();
  EXPECT_GT(ProbabilityOf(found, "brother"), ProbabilityOf(Find(names_only), "brother"));
}

// Registered in either script, sought in Latin: Ahmad and Hamid share
// their skeleton (hmd). The family rule (two established names of one
// family are two brothers) keeps the twin out of the answer when nothing
// else is known, and 7 bits or more below his brother when the birth year
// (a twin's own) agrees too.
TEST_F(TracingMatchTest, TwinsDifferingOnlyByGivenNameAreNotConfused) {
  Add("ahmad", Registered("Ahmad Wali", "Abdullah", "Ghulam Sakhi", 1999));
  Add("hamid", Registered("Hamid Wali", "Abdullah", "Ghulam Sakhi", 1999));
  Add("احمد", Registered("احمد ولی", "عبدالله", "غلام سخی", 2001));
  Add("حامد", Registered("حامد ولی", "عبدالله", "غلام سخی", 2001));
  auto weight_of = [](const std::vector<Candidate>& found, const std::string& id) {
    for (const Candidate& c : found) {
      if (c.record_id == id) return c.weight;
    }
    return -1e9;
  };
  for (const auto& [given, year, expected, twin] :
       {std::tuple{"Ahmad Wali", 1999, "ahmad", "hamid"},
        std::tuple{"Hamid Wali", 1999, "hamid", "ahmad"},
        std::tuple{"Ahmad Wali", 2001, "احمد", "حامد"},
        std::tuple{"Hamid Wali", 2001, "حامد", "احمد"}}) {
    SoughtPerson sought;
    sought.given_name = given;
    sought.relationship = SoughtRelationship::kBrother;
    const auto unknown_age = Find(TracingQueryOf(inquirer_, sought, {2026, 12, 2}).person);
    EXPECT_LT(ProbabilityOf(unknown_age, twin), 0.05) << given << ": the twin is not offered";
    sought.birth_date = PartialDate::Parse(std::to_string(year)).value();
    const auto found = Find(TracingQueryOf(inquirer_, sought, {2026, 12, 2}).person);
    ASSERT_FALSE(found.empty()) << given;
    EXPECT_EQ(found.front().record_id, expected) << given << " " << year;
    EXPECT_LE(weight_of(found, twin), weight_of(found, expected) - 7.0) << given << " " << year;
  }
}

// Consent to tracing is a filter inside the search: records it refuses are
// not scored, so they take no place among the k best and leave no trace in
// what is returned, while an admitted weaker match still is.
TEST_F(TracingMatchTest, ARefusedRecordIsNeitherReturnedNorCounted) {
  for (int i = 0; i < 12; ++i) {
    Add("hidden" + std::to_string(i), Registered("Ahmad Wali", "Abdullah", "Ghulam Sakhi", 1999));
  }
  Add("brother", Registered("احمد ولی", "عبدالله", "غلام سخی", 1999));
  SoughtPerson sought;
  sought.given_name = "Ahmad Wali";
  sought.relationship = SoughtRelationship::kBrother;
  const Person query = TracingQueryOf(inquirer_, sought, {2026, 12, 2}).person;
  // Twelve namesakes make the name common, so every probability is low here:
  // what is compared is the order, from a floor of 0.
  auto unfiltered = index_.Candidates(query, "", 3, 0.0);
  ASSERT_TRUE(unfiltered);
  ASSERT_EQ(unfiltered->size(), 3u);
  EXPECT_EQ(unfiltered->front().record_id.rfind("hidden", 0), 0u);
  size_t asked = 0;
  auto found = index_.Candidates(query, "", 3, 0.0, {}, [&](std::string_view id) {
    ++asked;
    return id.rfind("hidden", 0) != 0;
  });
  ASSERT_TRUE(found);
  ASSERT_FALSE(found->empty());
  EXPECT_EQ(found->front().record_id, "brother");
  for (const Candidate& c : *found) EXPECT_NE(c.record_id.rfind("hidden", 0), 0u) << c.record_id;
  EXPECT_GE(asked, 13u);  // every hidden record was asked about, and refused
}

}  // namespace
}  // namespace sanad::match
