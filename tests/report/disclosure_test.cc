#include "report/disclosure.h"

#include <gtest/gtest.h>

#include <random>

#include "attack.h"

namespace sanad::report {
namespace {

using testing::AttackEquation;
using testing::LinearAttack;
using testing::SubtractionAttack;

constexpr int64_t kK = 5;

// A two-way table rows x cols with row totals, column totals and a grand
// total, as a disclosure problem (cells row-major, then row totals, column
// totals, grand total).
DisclosureProblem Table(const std::vector<std::vector<int64_t>>& values) {
  DisclosureProblem p;
  const size_t rows = values.size();
  const size_t cols = values[0].size();
  auto sensitive = [](int64_t v) { return v > 0 && v < kK; };
  std::vector<std::vector<size_t>> cell(rows, std::vector<size_t>(cols));
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) cell[r][c] = p.AddCell(values[r][c], sensitive(values[r][c]));
  }
  std::vector<size_t> row_total(rows);
  std::vector<size_t> col_total(cols);
  int64_t grand = 0;
  for (size_t r = 0; r < rows; ++r) {
    int64_t sum = 0;
    for (size_t c = 0; c < cols; ++c) sum += values[r][c];
    row_total[r] = p.AddCell(sum, sensitive(sum));
    p.AddEquation(row_total[r], cell[r]);
    grand += sum;
  }
  for (size_t c = 0; c < cols; ++c) {
    int64_t sum = 0;
    std::vector<size_t> parts;
    for (size_t r = 0; r < rows; ++r) {
      sum += values[r][c];
      parts.push_back(cell[r][c]);
    }
    col_total[c] = p.AddCell(sum, sensitive(sum));
    p.AddEquation(col_total[c], parts);
  }
  const size_t g = p.AddCell(grand, sensitive(grand));
  p.AddEquation(g, row_total);
  p.AddEquation(g, col_total);
  return p;
}

// Runs both attacks on the published cells; fails the test if a sensitive
// cell is learnt, or if subtraction learns a wrong value (a wrong equation).
void ExpectNothingSmallRecoverable(const DisclosureProblem& p) {
  std::vector<std::optional<int64_t>> known(p.cells.size());
  std::vector<AttackEquation> equations;
  for (size_t i = 0; i < p.cells.size(); ++i) {
    if (!p.Unknown(i)) known[i] = p.cells[i].value;
  }
  for (const auto& eq : p.equations) equations.push_back({eq.total, eq.parts});
  const auto learnt = SubtractionAttack(known, equations);
  const auto determined = LinearAttack(known, equations);
  for (size_t i = 0; i < p.cells.size(); ++i) {
    SCOPED_TRACE("cell " + std::to_string(i) + " = " + std::to_string(p.cells[i].value));
    if (learnt[i]) {
      EXPECT_EQ(*learnt[i], p.cells[i].value);
    }
    if (p.cells[i].sensitive) {
      EXPECT_FALSE(learnt[i].has_value()) << "recoverable by subtraction";
      EXPECT_FALSE(determined[i]) << "recoverable by a linear combination";
    }
  }
}

TEST(Suppress, SmallCellGetsPartnersInItsRowAndColumn) {
  auto p = Table({{20, 3, 15}, {12, 30, 9}, {8, 11, 25}});
  const auto stats = Suppress(&p);
  EXPECT_EQ(stats.primary, 1u);
  EXPECT_GE(stats.secondary, 3u);  // a rectangle at least
  EXPECT_TRUE(p.cells[1].suppressed);
  ExpectNothingSmallRecoverable(p);
  EXPECT_TRUE(DerivableSensitiveCells(p).empty());
}

TEST(Suppress, NothingSmallNothingWithheld) {
  auto p = Table({{20, 13, 15}, {12, 30, 9}});
  const auto stats = Suppress(&p);
  EXPECT_EQ(stats.primary + stats.secondary, 0u);
  for (const auto& c : p.cells) EXPECT_FALSE(c.suppressed);
}

TEST(Suppress, ZeroCellsAreNotSmall) {
  auto p = Table({{20, 0, 15}, {12, 30, 0}});
  EXPECT_EQ(Suppress(&p).primary, 0u);
}

TEST(Suppress, LoneSmallRowTotalIsProtected) {
  // Row 2 sums to 4: its total and all its cells are small.
  auto p = Table({{20, 10, 15}, {1, 2, 1}, {9, 11, 25}});
  Suppress(&p);
  ExpectNothingSmallRecoverable(p);
}

TEST(Suppress, UnpublishedSensitiveCellIsNotDerivable) {
  // a = b + c with a and b published: c (3) is never published but a
  // reader would get it by subtraction.
  DisclosureProblem p;
  const size_t a = p.AddCell(40, false);
  const size_t b = p.AddCell(37, false);
  const size_t c = p.AddCell(3, true, /*published=*/false);
  p.AddEquation(a, {b, c});
  Suppress(&p);
  EXPECT_TRUE(p.cells[a].suppressed || p.cells[b].suppressed);
  ExpectNothingSmallRecoverable(p);
}

TEST(Suppress, LinearCombinationsAcrossEquationsAreBlocked) {
  // Single-equation checks pass, yet the two equations together give x:
  // t1 = x + y, t2 = y + z, t3 = x + z + w with w published: t1 - t2 + t3 - w = 2x.
  // The library must see it.
  DisclosureProblem p;
  const size_t x = p.AddCell(2, true);
  const size_t y = p.AddCell(10, false);
  const size_t z = p.AddCell(10, false);
  const size_t w = p.AddCell(7, false);
  const size_t t1 = p.AddCell(12, false);
  const size_t t2 = p.AddCell(20, false);
  const size_t t3 = p.AddCell(19, false);
  p.AddEquation(t1, {x, y});
  p.AddEquation(t2, {y, z});
  p.AddEquation(t3, {x, z, w});
  p.cells[y].suppressed = true;  // as if already withheld for another reason
  p.cells[z].suppressed = true;
  Suppress(&p);
  ExpectNothingSmallRecoverable(p);
}

TEST(Suppress, RandomTablesNeverLeak) {
  std::mt19937 rng(20231101);
  std::geometric_distribution<int> small(0.12);
  for (int trial = 0; trial < 60; ++trial) {
    const size_t rows = 2 + static_cast<size_t>(trial % 5);
    const size_t cols = 2 + static_cast<size_t>((trial / 5) % 5);
    std::vector<std::vector<int64_t>> values(rows, std::vector<int64_t>(cols));
    for (auto& r : values) {
      for (auto& v : r) v = small(rng);
    }
    SCOPED_TRACE("trial " + std::to_string(trial));
    auto p = Table(values);
    Suppress(&p);
    ExpectNothingSmallRecoverable(p);
  }
}

TEST(Suppress, SamePatternEveryTime) {
  auto a = Table({{20, 3, 15, 2}, {12, 30, 9, 7}, {8, 1, 25, 40}});
  auto b = a;
  Suppress(&a);
  Suppress(&b);
  for (size_t i = 0; i < a.cells.size(); ++i)
    EXPECT_EQ(a.cells[i].suppressed, b.cells[i].suppressed);
}

}  // namespace
}  // namespace sanad::report
