#include "report/pyramid.h"

#include "report/disclosure.h"

namespace sanad::report {

AgeSexPyramid BuildAgeSexPyramid(const std::vector<FlowTally>& registered, Direction direction,
                                 Date from, Date to, int64_t k, bool disclosure_control) {
  std::array<std::array<int64_t, kAgeBandCount>, 2> sums{};
  const int32_t first = from.DaysSinceEpoch();
  const int32_t last = to.DaysSinceEpoch();
  for (const FlowTally& t : registered) {
    const int32_t day = t.date.DaysSinceEpoch();
    if (t.direction != direction || day < first || day > last) continue;
    for (size_t s = 0; s < 2; ++s) {
      for (size_t a = 0; a < kAgeBandCount; ++a) sums[s][a] += t.sex_by_age[s][a];
    }
  }

  DisclosureProblem problem;
  auto add = [&](int64_t value) { return problem.AddCell(value, value > 0 && value < k); };
  std::array<std::array<size_t, kAgeBandCount>, 2> cell{};
  std::array<size_t, 2> sex_cell{};
  std::array<size_t, kAgeBandCount> age_cell{};
  int64_t all = 0;
  for (size_t s = 0; s < 2; ++s) {
    for (size_t a = 0; a < kAgeBandCount; ++a) cell[s][a] = add(sums[s][a]);
  }
  for (size_t s = 0; s < 2; ++s) {
    int64_t sum = 0;
    for (size_t a = 0; a < kAgeBandCount; ++a) sum += sums[s][a];
    sex_cell[s] = add(sum);
    all += sum;
    problem.AddEquation(sex_cell[s], {cell[s].begin(), cell[s].end()});
  }
  for (size_t a = 0; a < kAgeBandCount; ++a) {
    age_cell[a] = add(sums[0][a] + sums[1][a]);
    problem.AddEquation(age_cell[a], {cell[0][a], cell[1][a]});
  }
  const size_t total_cell = add(all);
  problem.AddEquation(total_cell, {sex_cell[0], sex_cell[1]});
  problem.AddEquation(total_cell, {age_cell.begin(), age_cell.end()});

  AgeSexPyramid pyramid;
  if (disclosure_control) {
    const SuppressionStats stats = Suppress(&problem);
    pyramid.suppressed = stats.primary + stats.secondary;
  }
  auto publish = [&](size_t i) {
    const auto& c = problem.cells[i];
    return c.suppressed ? AgeSexPyramid::Figure{} : AgeSexPyramid::Figure{c.value};
  };
  for (size_t s = 0; s < 2; ++s) {
    for (size_t a = 0; a < kAgeBandCount; ++a) pyramid.cells[s][a] = publish(cell[s][a]);
    pyramid.by_sex[s] = publish(sex_cell[s]);
  }
  for (size_t a = 0; a < kAgeBandCount; ++a) pyramid.by_age[a] = publish(age_cell[a]);
  pyramid.total = publish(total_cell);
  return pyramid;
}

}  // namespace sanad::report
