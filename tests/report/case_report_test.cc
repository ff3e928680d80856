// The analysts' counts of cases and referrals: exact counts where large,
// small ones withheld, and no withheld count recoverable from the sums a
// reader knows (checked by solving each published table's sums).
#include "report/case_report.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sanad::report {
namespace {

using nlohmann::json;

CaseFacts Facts() {
  CaseFacts f;
  for (int i = 0; i < 7; ++i) {
    f.cases.push_back({CaseStatus::kOpen, {ProtectionRisk::kArbitraryArrestDetention}});
  }
  for (int i = 0; i < 6; ++i) {
    f.cases.push_back(
        {CaseStatus::kInProgress,
         {ProtectionRisk::kArbitraryArrestDetention, ProtectionRisk::kFamilySeparation}});
  }
  f.cases.push_back({CaseStatus::kClosed, {ProtectionRisk::kGbv}});  // one: withheld
  for (int i = 0; i < 9; ++i)
    f.referrals.push_back({ServiceType::kLegalAid, ReferralStatus::kAccepted});
  for (int i = 0; i < 2; ++i)
    f.referrals.push_back({ServiceType::kLegalAid, ReferralStatus::kPending});
  for (int i = 0; i < 8; ++i)
    f.referrals.push_back({ServiceType::kShelter, ReferralStatus::kPending});
  return f;
}

size_t Index(const auto& all, auto value) {
  size_t i = 0;
  while (all[i] != value) ++i;
  return i;
}

TEST(CaseReport, CountsLargeCellsAndWithholdsSmallOnes) {
  auto report = BuildCaseReport(Facts(), {});
  ASSERT_TRUE(report) << report.error().message;
  const size_t detention = Index(AllProtectionRisks(), ProtectionRisk::kArbitraryArrestDetention);
  const size_t gbv = Index(AllProtectionRisks(), ProtectionRisk::kGbv);
  const size_t open = Index(AllCaseStatuses(), CaseStatus::kOpen);
  const size_t closed = Index(AllCaseStatuses(), CaseStatus::kClosed);
  EXPECT_EQ(report->cases_by_risk_status[detention][open], 7);
  EXPECT_FALSE(report->cases_by_risk_status[gbv][closed]);
  EXPECT_FALSE(report->cases_by_risk[gbv]);
  EXPECT_FALSE(report->cases_by_status[closed]);
  EXPECT_EQ(report->cases_by_risk_status[gbv][open], 0);  // a zero describes no one
  EXPECT_GE(report->primary_suppressed, 3u);
  // The total (14 cases) would give the closed count away with the other
  // statuses (7 + 6): one of them is withheld too.
  size_t withheld_statuses = 0;
  for (const Figure& f : report->cases_by_status) withheld_statuses += f ? 0 : 1;
  EXPECT_TRUE(!report->cases_total || withheld_statuses >= 2);

  const size_t legal = Index(AllServiceTypes(), ServiceType::kLegalAid);
  const size_t pending = Index(AllReferralStatuses(), ReferralStatus::kPending);
  const size_t accepted = Index(AllReferralStatuses(), ReferralStatus::kAccepted);
  EXPECT_FALSE(report->referrals_by_service_status[legal][pending]);  // 2
  // legal_aid's total (11) and accepted (9) would give the 2 away, and a
  // zero (declined, completed, withdrawn) protects nothing: a reader knows
  // counts are never negative. So something else that is not zero is withheld.
  EXPECT_TRUE(!report->referrals_by_service[legal] ||
              !report->referrals_by_service_status[legal][accepted]);
  EXPECT_GT(report->secondary_suppressed, 0u);
  // No sum a reader knows has exactly one withheld figure in it.
  auto unknowns = [](std::vector<Figure> figures) {
    size_t n = 0;
    for (const Figure& f : figures) n += f ? 0 : 1;
    return n;
  };
  for (size_t v = 0; v < AllServiceTypes().size(); ++v) {
    SCOPED_TRACE(std::string(ToString(AllServiceTypes()[v])));
    std::vector<Figure> row = report->referrals_by_service_status[v];
    row.push_back(report->referrals_by_service[v]);
    EXPECT_NE(unknowns(row), 1u);
  }
  for (size_t s = 0; s < AllReferralStatuses().size(); ++s) {
    SCOPED_TRACE(std::string(ToString(AllReferralStatuses()[s])));
    std::vector<Figure> column;
    for (const auto& row : report->referrals_by_service_status) column.push_back(row[s]);
    column.push_back(report->referrals_by_status[s]);
    EXPECT_NE(unknowns(column), 1u);
  }
  std::vector<Figure> statuses = report->cases_by_status;
  statuses.push_back(report->cases_total);
  EXPECT_NE(unknowns(statuses), 1u);
  // Zeros are published as zeros, never withheld.
  const size_t shelter = Index(AllServiceTypes(), ServiceType::kShelter);
  for (size_t v = 0; v < AllServiceTypes().size(); ++v) {
    for (size_t st = 0; st < AllReferralStatuses().size(); ++st) {
      const bool counted =
          (v == legal && (st == pending || st == accepted)) || (v == shelter && st == pending);
      if (!counted) {
        EXPECT_EQ(report->referrals_by_service_status[v][st], Figure(0));
      }
    }
  }
}

TEST(CaseReport, WithoutDisclosureControlEverythingIsPublished) {
  auto report = BuildCaseReport(Facts(), {kDefaultMinCellSize, false});
  ASSERT_TRUE(report);
  EXPECT_EQ(report->cases_total, 14);
  EXPECT_EQ(report->referrals_total, 19);
  EXPECT_EQ(report->primary_suppressed, 0u);
  const json j = CaseReportToJson(*report);
  EXPECT_EQ(j["cases"]["rows"].size(), 10u * 6u);
  EXPECT_EQ(j["referrals"]["rows"].size(), 10u * 5u);
  EXPECT_EQ(j["disclosure_control"]["applied"], false);
  EXPECT_EQ(BuildCaseReport(Facts(), {0, true}).error().field, "k");
}

}  // namespace
}  // namespace sanad::report

namespace sanad::report {
namespace {

// Tracing matches confirmed (issue 12, analysts' counts): published when
// zero or k and more, withheld from 1 to k-1.
TEST(CaseReport, TracingMatchesConfirmedAreCountedUnderDisclosureControl) {
  for (const auto& [confirmed, shown] :
       {std::pair<int64_t, bool>{0, true}, {3, false}, {5, true}, {12, true}}) {
    SCOPED_TRACE(confirmed);
    CaseFacts facts;
    facts.tracing_matches_confirmed = confirmed;
    auto report = BuildCaseReport(facts, {});
    ASSERT_TRUE(report) << report.error().message;
    const json out = CaseReportToJson(*report);
    if (shown) {
      EXPECT_EQ(out["tracing"]["matches_confirmed"], confirmed);
    } else {
      EXPECT_TRUE(out["tracing"]["matches_confirmed"].is_null());
    }
  }
}

}  // namespace
}  // namespace sanad::report
