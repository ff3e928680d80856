// An attacker for disclosure-control tests, independent of the library's
// own check: it knows the published values and the additive equations, and
// tries (1) every subtraction, repeated until nothing new is learnt, and
// (2) every linear combination (Gaussian elimination in floating point,
// unlike the library's modular elimination).
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

namespace sanad::report::testing {

struct AttackEquation {
  size_t total;
  std::vector<size_t> parts;
};

// Values learnt by subtraction: for an equation with one unknown left, the
// unknown is the difference. Also subtracts every pair of equations that
// share cells (total_a - total_b = parts_a - parts_b when parts_b is a
// subset of parts_a). Returns the known values (published or learnt).
inline std::vector<std::optional<int64_t>> SubtractionAttack(
    std::vector<std::optional<int64_t>> known, const std::vector<AttackEquation>& equations) {
  bool learnt = true;
  while (learnt) {
    learnt = false;
    for (const auto& eq : equations) {
      size_t unknowns = 0;
      size_t lone = 0;
      int64_t parts_sum = 0;
      if (!known[eq.total]) {
        ++unknowns;
        lone = eq.total;
      }
      for (size_t p : eq.parts) {
        if (known[p]) {
          parts_sum += *known[p];
        } else {
          ++unknowns;
          lone = p;
        }
      }
      if (unknowns != 1) continue;
      if (lone == eq.total) {
        known[lone] = parts_sum;
      } else {
        known[lone] = *known[eq.total] - parts_sum;
      }
      learnt = true;
    }
  }
  return known;
}

// Which unknown cells are determined by the equations and the known values:
// x_j is determined iff e_j lies in the row space of the equations
// restricted to the unknowns. Dense reduced row echelon form in doubles.
inline std::vector<bool> LinearAttack(const std::vector<std::optional<int64_t>>& known,
                                      const std::vector<AttackEquation>& equations) {
  std::vector<size_t> column(known.size(), SIZE_MAX);
  size_t n = 0;
  for (size_t i = 0; i < known.size(); ++i) {
    if (!known[i]) column[i] = n++;
  }
  std::vector<std::vector<double>> rows;
  for (const auto& eq : equations) {
    std::vector<double> row(n, 0.0);
    bool any = false;
    if (column[eq.total] != SIZE_MAX) {
      row[column[eq.total]] -= 1;
      any = true;
    }
    for (size_t p : eq.parts) {
      if (column[p] != SIZE_MAX) {
        row[column[p]] += 1;
        any = true;
      }
    }
    if (any) rows.push_back(std::move(row));
  }
  std::vector<size_t> pivot_col;
  size_t r = 0;
  for (size_t c = 0; c < n && r < rows.size(); ++c) {
    size_t best = r;
    for (size_t i = r; i < rows.size(); ++i) {
      if (std::fabs(rows[i][c]) > std::fabs(rows[best][c])) best = i;
    }
    if (std::fabs(rows[best][c]) < 1e-9) continue;
    std::swap(rows[r], rows[best]);
    const double lead = rows[r][c];
    for (double& v : rows[r]) v /= lead;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i == r || std::fabs(rows[i][c]) < 1e-12) continue;
      const double f = rows[i][c];
      for (size_t j = c; j < n; ++j) rows[i][j] -= f * rows[r][j];
    }
    pivot_col.push_back(c);
    ++r;
  }
  std::vector<bool> is_pivot(n, false);
  for (size_t c : pivot_col) is_pivot[c] = true;
  std::vector<bool> determined_col(n, false);
  for (size_t i = 0; i < pivot_col.size(); ++i) {
    bool alone = true;
    for (size_t j = 0; j < n; ++j) {
      if (j != pivot_col[i] && std::fabs(rows[i][j]) > 1e-9) alone = false;
    }
    determined_col[pivot_col[i]] = alone;
  }
  std::vector<bool> determined(known.size(), false);
  for (size_t i = 0; i < known.size(); ++i) {
    determined[i] = known[i].has_value() || determined_col[column[i]];
  }
  return determined;
}

}  // namespace sanad::report::testing
