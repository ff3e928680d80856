#include "report/status_changes.h"

#include <vector>

#include "policy/evaluation.h"
#include "report/disclosure.h"

namespace sanad::report {

StatusChangeCount::StatusChangeCount(const policy::Policy& policy, Date today, int days)
    : policy_(policy), today_(today), days_(days) {}

void StatusChangeCount::Add(const Person& person, std::string_view origin_province) {
  if (!policy::NextStatusChange(policy_, policy::HeldDocumentsOf(person), today_, days_)) return;
  ++by_province_[origin_province.empty() ? "unknown" : std::string(origin_province)];
}

nlohmann::json StatusChangeCount::ToJson(int64_t k) const {
  DisclosureProblem problem;
  std::vector<size_t> parts;
  int64_t total = 0;
  for (const auto& [province, count] : by_province_) {
    parts.push_back(problem.AddCell(count, count < k));
    total += count;
  }
  const size_t total_cell = problem.AddCell(total, total > 0 && total < k);
  problem.AddEquation(total_cell, parts);
  Suppress(&problem);
  // Suppress() stops exact derivation; bounds need one more rule here: when
  // the withheld provinces hold fewer than k persons together, a published
  // total tells a reader their sum, and every listed province holds at
  // least one person (two withheld provinces summing to 2 are 1 and 1). So
  // the total goes too.
  int64_t withheld = 0;
  for (size_t cell : parts) withheld += problem.cells[cell].suppressed ? problem.cells[cell].value : 0;
  if (withheld > 0 && withheld < k) problem.cells[total_cell].suppressed = true;

  auto shown = [&](size_t cell) {
    return problem.cells[cell].suppressed ? nlohmann::json(nullptr)
                                          : nlohmann::json(problem.cells[cell].value);
  };
  nlohmann::json rows = nlohmann::json::array();
  size_t i = 0;
  for (const auto& [province, count] : by_province_) {
    rows.push_back({{"province", province}, {"persons", shown(parts[i++])}});
  }
  return {{"from", today_.ToIso()},
          {"days", days_},
          {"k", k},
          {"rows", rows},
          {"total", shown(total_cell)}};
}

}  // namespace sanad::report
