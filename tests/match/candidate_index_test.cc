#include "match/candidate_index.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace sanad::match {
namespace {

Person MakePerson(std::string given, std::string father, std::string grandfather, int year,
                  std::string phone = "") {
  Person person;
  person.given_name = std::move(given);
  person.father_name = std::move(father);
  person.grandfather_name = std::move(grandfather);
  person.sex = Sex::kMale;
  PartialDate date;
  date.year = year;
  date.precision = PartialDate::Precision::kYear;
  person.birth_date = date;
  person.phone = std::move(phone);
  return person;
}

const char* kGiven[] = {"Mohammad", "Ahmad", "Karim", "Nabi", "Hamid", "Rahim", "Jawad",
                        "Bashir",   "Nasir", "Qasim", "Wali", "Sakhi", "Daud",  "Tariq"};

TEST(CandidateIndex, FindsTheSamePersonAcrossScriptsWithAnExplanation) {
  CandidateIndex index;
  for (int i = 0; i < 300; ++i) {
    Person p =
        MakePerson(kGiven[i % 14], kGiven[(i / 14) % 14], kGiven[(i / 7) % 14], 1950 + i % 50);
    ASSERT_TRUE(index.Add("p" + std::to_string(i), p, "Kabul"));
  }
  ASSERT_TRUE(index.Add(
      "target", MakePerson("Zabihullah", "Abdul Rahman", "Ghulam Sakhi", 1985, "0700123456"),
      "Nangarhar"));
  EXPECT_EQ(index.size(), 301U);
  const Person query = MakePerson("ذبیح الله", "عبدالرحمن", "غلام سخی", 1985, "+93 700 123 456");
  Result<std::vector<Candidate>> found = index.Candidates(query, "Nangarhar", 5);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_FALSE(found->empty());
  EXPECT_EQ(found->front().record_id, "target");
  EXPECT_GT(found->front().probability, 0.9);
  const auto named = Describe(index.model(), found->front().explanation);
  ASSERT_EQ(named.size(), index.model().fields.size());
  EXPECT_EQ(named[0].field, "given_name");
  EXPECT_EQ(named[4].field, "sex");
  EXPECT_EQ(named[4].level, "exact");

  // The record itself can be excluded (GET /persons/{id}/duplicates).
  found = index.Candidates(query, "Nangarhar", 5, 0.5, "target");
  ASSERT_TRUE(found);
  for (const Candidate& c : *found) EXPECT_NE(c.record_id, "target");
}

TEST(CandidateIndex, ARemovedRecordIsNeverACandidateAndCanBeAddedAgain) {
  CandidateIndex index;
  const Person person = MakePerson("Zabihullah", "Abdul Rahman", "Ghulam Sakhi", 1985);
  ASSERT_TRUE(index.Add("gone", person, "Nangarhar"));
  ASSERT_TRUE(index.Add("other", MakePerson("Nabi", "Karim", "Wali", 1960), "Kabul"));
  ASSERT_FALSE(index.Candidates(person, "Nangarhar", 5)->empty());
  EXPECT_TRUE(index.Remove("gone"));
  EXPECT_FALSE(index.Remove("gone"));
  EXPECT_EQ(index.size(), 1U);
  const auto after = index.Candidates(person, "Nangarhar", 5);
  ASSERT_TRUE(after);
  for (const Candidate& c : *after) EXPECT_NE(c.record_id, "gone");
  // An edited person is removed and added again under the same id.
  ASSERT_TRUE(index.Add("gone", person, "Nangarhar"));
  EXPECT_EQ(index.Candidates(person, "Nangarhar", 5)->front().record_id, "gone");
}

TEST(CandidateIndex, RefusesARepeatedIdAndABadRecord) {
  CandidateIndex index;
  ASSERT_TRUE(index.Add("a", MakePerson("Ahmad", "Karim", "", 1990), ""));
  Status again = index.Add("a", MakePerson("Nabi", "Karim", "", 1990), "");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Error::Code::kConflict);
  EXPECT_EQ(index.size(), 1U);
}

TEST(CandidateIndex, ConcurrentQueriesWhileAdding) {
  CandidateIndex index;
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(index.Add("p" + std::to_string(i),
                          MakePerson(kGiven[i % 14], kGiven[(i / 3) % 14], "", 1960 + i % 40), ""));
  }
  std::atomic<bool> failed{false};
  std::thread writer([&] {
    for (int i = 200; i < 1200; ++i) {
      if (!index.Add("p" + std::to_string(i),
                     MakePerson(kGiven[i % 14], kGiven[(i / 3) % 14], "", 1960 + i % 40), "")) {
        failed = true;
      }
    }
  });
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      for (int q = 0; q < 200; ++q) {
        auto found = index.Candidates(MakePerson(kGiven[(q + t) % 14], kGiven[q % 14], "", 1970),
                                      "", 3, 0.0);
        if (!found || found->size() > 3) failed = true;
      }
    });
  }
  writer.join();
  for (std::thread& r : readers) r.join();
  EXPECT_FALSE(failed);
  EXPECT_EQ(index.size(), 1200U);
}

TEST(CandidateIndex, TrainLearnsParametersFromTheIndexedRecords) {
  CandidateIndex index;
  for (int i = 0; i < 500; ++i) {
    Person p =
        MakePerson(kGiven[i % 14], kGiven[(i / 14) % 14], kGiven[(i / 5) % 14], 1950 + i % 50);
    ASSERT_TRUE(index.Add("p" + std::to_string(i), p, ""));
    if (i % 5 == 0) {
      ASSERT_TRUE(index.Add("d" + std::to_string(i), p, ""));
    }
  }
  const Parameters before = index.parameters();
  ASSERT_TRUE(index.Train());
  const Parameters after = index.parameters();
  EXPECT_NE(before.fields[0].u[1], after.fields[0].u[1]);
}

// The registration service's index is never trained: the family rules must
// hold on the default parameters. A brother whose name collides with the
// person's on its skeleton (Hassan / Hussain), with the same father and
// grandfather, is not offered as the person when nothing else tells; when
// the birth year agrees too (twins) he ranks 7 bits or more below.
TEST(CandidateIndex, BrothersAreNotDuplicatesBeforeAnyTraining) {
  CandidateIndex index;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(index.Add("p" + std::to_string(i),
                          MakePerson(kGiven[i % 14], kGiven[(i / 14) % 14], "Sakhi", 1970 + i % 30),
                          "Kabul"));
  }
  ASSERT_TRUE(index.Add("hassan", MakePerson("Hassan", "Abdullah", "Ghulam", 1990), "Kabul"));
  ASSERT_TRUE(index.Add("hussain", MakePerson("Hussain", "Abdullah", "Ghulam", 1990), "Kabul"));
  Person query = MakePerson("Hassan", "Abdullah", "Ghulam", 1990);
  query.birth_date.reset();
  auto found = index.Candidates(query, "Kabul", 5);
  ASSERT_TRUE(found);
  ASSERT_FALSE(found->empty());
  EXPECT_EQ(found->front().record_id, "hassan");
  for (const Candidate& c : *found) EXPECT_NE(c.record_id, "hussain");

  found = index.Candidates(MakePerson("Hassan", "Abdullah", "Ghulam", 1990), "Kabul", 5, 0.01);
  ASSERT_TRUE(found);
  ASSERT_GE(found->size(), 2U);
  EXPECT_EQ((*found)[0].record_id, "hassan");
  EXPECT_EQ((*found)[1].record_id, "hussain");
  EXPECT_LE((*found)[1].weight, (*found)[0].weight - 7.0);
  // The same person written another way still is one.
  found = index.Candidates(MakePerson("Hasan", "Abdullah", "Ghulam", 1990), "Kabul", 5);
  ASSERT_TRUE(found);
  ASSERT_FALSE(found->empty());
  EXPECT_EQ(found->front().record_id, "hassan");
}

}  // namespace
}  // namespace sanad::match
