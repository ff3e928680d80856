#include "report/case_report.h"

#include <optional>
#include <string>

#include "report/disclosure.h"

namespace sanad::report {
namespace {

using nlohmann::json;

// One table of counts [row][column] with row totals, column totals (when
// they are sums of the cells) and a grand total, as cells of `problem`.
// A zero is not a cell of the problem: it describes no one, and a reader
// who knows counts are never negative learns every part of a zero total
// anyway, so withholding a zero would protect nothing. Zeros are published
// as they are and left out of the sums.
using Slot = std::optional<size_t>;  // a cell of the problem, or nullopt for a zero

struct Table {
  std::vector<std::vector<Slot>> cells;
  std::vector<Slot> row_totals;
  std::vector<Slot> column_totals;
  Slot total;
};

class TableBuilder {
 public:
  TableBuilder(DisclosureProblem* problem, int64_t k) : p_(problem), k_(k) {}

  Slot Cell(int64_t value) {
    if (value == 0) return std::nullopt;
    return p_->AddCell(value, value < k_);
  }
  void Sum(const Slot& total, const std::vector<Slot>& parts) {
    if (!total) return;  // a zero total: every part is zero too
    std::vector<size_t> cells;
    for (const Slot& part : parts) {
      if (part) cells.push_back(*part);
    }
    p_->AddEquation(*total, std::move(cells));
  }

 private:
  DisclosureProblem* p_;
  int64_t k_;
};

Table AddTable(DisclosureProblem* p, const std::vector<std::vector<int64_t>>& counts,
               const std::vector<int64_t>& column_counts, bool columns_are_sums, int64_t k) {
  TableBuilder b(p, k);
  Table t;
  for (const auto& row : counts) {
    std::vector<Slot> cells;
    int64_t sum = 0;
    for (int64_t v : row) {
      cells.push_back(b.Cell(v));
      sum += v;
    }
    t.row_totals.push_back(b.Cell(sum));
    b.Sum(t.row_totals.back(), cells);
    t.cells.push_back(std::move(cells));
  }
  int64_t total = 0;
  for (size_t c = 0; c < column_counts.size(); ++c) {
    t.column_totals.push_back(b.Cell(column_counts[c]));
    if (columns_are_sums) {
      std::vector<Slot> parts;
      for (const auto& row : t.cells) parts.push_back(row[c]);
      b.Sum(t.column_totals.back(), parts);
    }
    total += column_counts[c];
  }
  t.total = b.Cell(total);
  b.Sum(t.total, t.column_totals);
  if (columns_are_sums) b.Sum(t.total, t.row_totals);
  return t;
}

Figure Read(const DisclosureProblem& p, const Slot& cell) {
  if (!cell) return 0;
  if (p.cells[*cell].suppressed) return std::nullopt;
  return p.cells[*cell].value;
}

}  // namespace

Result<CaseReport> BuildCaseReport(const CaseFacts& facts, const CaseReportOptions& options) {
  if (options.k < 1 || options.k > 1000) {
    return Fail(Error::InvalidInput("k", "must be a whole number from 1 to 1000"));
  }
  const auto& risks = AllProtectionRisks();
  const auto& statuses = AllCaseStatuses();
  const auto& services = AllServiceTypes();
  const auto& referral_statuses = AllReferralStatuses();
  auto index = [](const auto& all, auto value) {
    size_t i = 0;
    while (i < all.size() && all[i] != value) ++i;
    return i;
  };
  std::vector<std::vector<int64_t>> by_risk(risks.size(), std::vector<int64_t>(statuses.size(), 0));
  std::vector<int64_t> by_status(statuses.size(), 0);
  for (const auto& c : facts.cases) {
    const size_t s = index(statuses, c.status);
    ++by_status[s];
    for (ProtectionRisk r : c.risks) ++by_risk[index(risks, r)][s];
  }
  std::vector<std::vector<int64_t>> by_service(services.size(),
                                               std::vector<int64_t>(referral_statuses.size(), 0));
  std::vector<int64_t> by_referral_status(referral_statuses.size(), 0);
  for (const auto& r : facts.referrals) {
    const size_t s = index(referral_statuses, r.status);
    ++by_service[index(services, r.service)][s];
    ++by_referral_status[s];
  }
  const int64_t k = options.disclosure_control ? options.k : 1;
  DisclosureProblem problem;
  const Table cases = AddTable(&problem, by_risk, by_status, /*columns_are_sums=*/false, k);
  const Table referrals =
      AddTable(&problem, by_service, by_referral_status, /*columns_are_sums=*/true, k);
  CaseReport report;
  report.options = options;
  report.cells = problem.cells.size();
  if (options.disclosure_control) {
    const SuppressionStats stats = Suppress(&problem);
    report.primary_suppressed = stats.primary;
    report.secondary_suppressed = stats.secondary;
  }
  auto read_table = [&](const Table& t, std::vector<std::vector<Figure>>* cells,
                        std::vector<Figure>* rows, std::vector<Figure>* columns, Figure* total) {
    for (size_t r = 0; r < t.cells.size(); ++r) {
      std::vector<Figure> row;
      for (const Slot& cell : t.cells[r]) row.push_back(Read(problem, cell));
      cells->push_back(std::move(row));
      rows->push_back(Read(problem, t.row_totals[r]));
    }
    for (const Slot& cell : t.column_totals) columns->push_back(Read(problem, cell));
    *total = Read(problem, t.total);
  };
  read_table(cases, &report.cases_by_risk_status, &report.cases_by_risk, &report.cases_by_status,
             &report.cases_total);
  read_table(referrals, &report.referrals_by_service_status, &report.referrals_by_service,
             &report.referrals_by_status, &report.referrals_total);
  // A figure of its own, in no sum a reader knows: only primary suppression.
  const int64_t confirmed = facts.tracing_matches_confirmed;
  ++report.cells;
  if (confirmed > 0 && confirmed < k) {
    ++report.primary_suppressed;
  } else {
    report.tracing_matches_confirmed = confirmed;
  }
  return report;
}

json CaseReportToJson(const CaseReport& report) {
  auto figure = [](const Figure& f) { return f ? json(*f) : json(nullptr); };
  const auto& risks = AllProtectionRisks();
  const auto& statuses = AllCaseStatuses();
  const auto& services = AllServiceTypes();
  const auto& referral_statuses = AllReferralStatuses();
  json case_rows = json::array(), by_risk = json::array(), by_status = json::array();
  for (size_t r = 0; r < risks.size(); ++r) {
    for (size_t s = 0; s < statuses.size(); ++s) {
      case_rows.push_back({{"risk", ToString(risks[r])},
                           {"status", ToString(statuses[s])},
                           {"cases", figure(report.cases_by_risk_status[r][s])}});
    }
    by_risk.push_back({{"risk", ToString(risks[r])}, {"cases", figure(report.cases_by_risk[r])}});
  }
  for (size_t s = 0; s < statuses.size(); ++s) {
    by_status.push_back(
        {{"status", ToString(statuses[s])}, {"cases", figure(report.cases_by_status[s])}});
  }
  json referral_rows = json::array(), by_service = json::array(), by_rstatus = json::array();
  for (size_t v = 0; v < services.size(); ++v) {
    for (size_t s = 0; s < referral_statuses.size(); ++s) {
      referral_rows.push_back({{"service", ToString(services[v])},
                               {"status", ToString(referral_statuses[s])},
                               {"referrals", figure(report.referrals_by_service_status[v][s])}});
    }
    by_service.push_back({{"service", ToString(services[v])},
                          {"referrals", figure(report.referrals_by_service[v])}});
  }
  for (size_t s = 0; s < referral_statuses.size(); ++s) {
    by_rstatus.push_back({{"status", ToString(referral_statuses[s])},
                          {"referrals", figure(report.referrals_by_status[s])}});
  }
  return {{"report", "cases"},
          {"disclosure_control",
           {{"applied", report.options.disclosure_control},
            {"k", report.options.k},
            {"cells", report.cells},
            {"primary_suppressed", report.primary_suppressed},
            {"secondary_suppressed", report.secondary_suppressed}}},
          {"cases",
           {{"rows", case_rows},
            {"by_risk", by_risk},
            {"by_status", by_status},
            {"total", figure(report.cases_total)}}},
          {"referrals",
           {{"rows", referral_rows},
            {"by_service", by_service},
            {"by_status", by_rstatus},
            {"total", figure(report.referrals_total)}}},
          {"tracing", {{"matches_confirmed", figure(report.tracing_matches_confirmed)}}}};
}

}  // namespace sanad::report
