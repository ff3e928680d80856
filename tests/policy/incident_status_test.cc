// The *detained while documented* mark on dated cases from the shipped
// policy (policies/pakistan-afghans.toml): the dates the issue names.
#include "policy/incident_status.h"

#include <gtest/gtest.h>

#include "../testing/shipped_policy.h"

namespace sanad::policy {
namespace {

using sanad::testing::ShippedPolicy;

PartialDate On(const char* text) { return *PartialDate::Parse(text, "date"); }

TEST(DetainedWhileDocumented, DatedCases) {
  struct Case {
    const char* what;
    std::vector<HeldDocumentRecord> documents;
    const char* date;
    bool marked;
    const char* status;
  } cases[] = {
      {"PoR card holder detained 2023-11-10",
       {{DocumentType::kPorCard, std::nullopt}},
       "2023-11-10",
       true,
       "lawful"},
      {"undocumented person detained 2023-11-10", {}, "2023-11-10", false, "removal_in_force"},
      {"ACC holder detained 2025-04-10",
       {{DocumentType::kAcc, std::nullopt}},
       "2025-04-10",
       false,
       "removal_in_force"},
      {"ACC holder detained 2025-03-10",
       {{DocumentType::kAcc, std::nullopt}},
       "2025-03-10",
       true,
       "removal_announced"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    IncidentStatusMark mark = MarkOnIncidentDay(ShippedPolicy(), c.documents, On(c.date), true);
    EXPECT_EQ(mark.status, c.status);
    EXPECT_EQ(mark.detained_while_documented, c.marked);
    EXPECT_EQ(mark.valid_status, c.marked);
    EXPECT_FALSE(mark.approximate);
    EXPECT_EQ(mark.evaluated_on.ToIso(), c.date);
    EXPECT_FALSE(mark.provisions.empty());
  }
}

TEST(DetainedWhileDocumented, MonthOnlyDateIsEvaluatedOnTheFirstAndApproximate) {
  // 2023-11: on the 1st removals of undocumented people began.
  IncidentStatusMark mark = MarkOnIncidentDay(ShippedPolicy(), {}, On("2023-11"), true);
  EXPECT_TRUE(mark.approximate);
  EXPECT_EQ(mark.evaluated_on, (Date{2023, 11, 1}));
  EXPECT_EQ(mark.status, "removal_in_force");
  mark = MarkOnIncidentDay(ShippedPolicy(), {{DocumentType::kPorCard, std::nullopt}}, On("2023-11"),
                           true);
  EXPECT_TRUE(mark.approximate);
  EXPECT_TRUE(mark.detained_while_documented);
}

TEST(DetainedWhileDocumented, OnlyPersonsWhoWereHeldAreMarked) {
  Incident incident;
  incident.date = On("2023-11-10");
  incident.type = IncidentType::kExtortion;
  IncidentPerson payer;
  payer.documents_held = {{DocumentType::kPorCard, std::nullopt}};
  IncidentPerson held = payer;
  held.detention = Detention{};
  incident.persons = {payer, held};
  MarkIncident(ShippedPolicy(), &incident);
  ASSERT_TRUE(incident.persons[0].status && incident.persons[1].status);
  EXPECT_TRUE(incident.persons[0].status->valid_status);
  EXPECT_FALSE(incident.persons[0].status->detained_while_documented);
  EXPECT_TRUE(incident.persons[1].status->detained_while_documented);
  incident.type = IncidentType::kArrest;
  MarkIncident(ShippedPolicy(), &incident);
  EXPECT_TRUE(incident.persons[0].status->detained_while_documented);
}

TEST(DetainedWhileDocumented, TheCounsellorSeesTheProvisionsBehindIt) {
  Evaluation e = EvaluateOnIncidentDay(ShippedPolicy(), {{DocumentType::kPorCard, std::nullopt}},
                                       On("2023-11-10"));
  EXPECT_EQ(e.status, LegalStatus::kLawful);
  ASSERT_FALSE(e.provisions.empty());
  EXPECT_FALSE(e.provisions.front().source.empty());
}

}  // namespace
}  // namespace sanad::policy
