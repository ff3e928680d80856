// The analysts' counts of protection casework (issue 12): cases by
// protection risk × status, and referrals by service × status, with their
// totals, under the disclosure control of the flash report.
//
// Every combination is published (zero included: a zero describes no one),
// so the list itself tells a reader nothing. Zeros are never withheld: a
// reader who knows counts are not negative learns every part of a zero
// total, so withholding a zero protects nothing; secondary suppression
// withholds other cells instead. A case with several risks is
// counted under each: the risk rows add up to the risk totals, not to the
// number of cases, which is published by status. Cells of 1..k-1 are
// withheld (null), and further cells until none can be derived from the
// published figures through the sums a reader knows (each risk's total is
// the sum of its statuses; each service's and each referral status's total
// the sum of its cells; the grand totals the sums of those). Deterministic.
// Pure: the caller reads the facts (Store::ListCaseFacts).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "core/case.h"
#include "core/error.h"
#include "report/flash.h"

namespace sanad::report {

struct CaseReportOptions {
  int64_t k = kDefaultMinCellSize;
  bool disclosure_control = true;  // off: admins only, audited (the caller decides)
};

struct CaseReport {
  CaseReportOptions options;
  // [risk][status], in the orders of AllProtectionRisks and AllCaseStatuses.
  std::vector<std::vector<Figure>> cases_by_risk_status;
  std::vector<Figure> cases_by_risk;    // a case counted under each of its risks
  std::vector<Figure> cases_by_status;  // each case once
  Figure cases_total;
  // [service][status], in the orders of AllServiceTypes and AllReferralStatuses.
  std::vector<std::vector<Figure>> referrals_by_service_status;
  std::vector<Figure> referrals_by_service;
  std::vector<Figure> referrals_by_status;
  Figure referrals_total;
  // Family tracing matches confirmed: one figure, withheld when 1..k-1.
  Figure tracing_matches_confirmed;
  size_t cells = 0;
  size_t primary_suppressed = 0;
  size_t secondary_suppressed = 0;
};

// kInvalidInput naming "k" when k < 1 or k > 1000.
[[nodiscard]] Result<CaseReport> BuildCaseReport(const CaseFacts& facts,
                                                 const CaseReportOptions& options);

// {"report":"cases","disclosure_control":{"applied","k","cells","primary_suppressed",
//  "secondary_suppressed"},"cases":{"rows":[{"risk","status","cases"}],"by_risk":[{"risk",
//  "cases"}],"by_status":[{"status","cases"}],"total"},"referrals":{"rows":[{"service","status",
//  "referrals"}],"by_service":[...],"by_status":[...],"total"},"tracing":{"matches_confirmed"}}:
//  withheld figures are null.
[[nodiscard]] nlohmann::json CaseReportToJson(const CaseReport& report);

}  // namespace sanad::report
