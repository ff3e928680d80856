// Small-cell suppression with secondary suppression.
//
// Idea. Primary: every sensitive published cell is withheld. Secondary, in
// two stages repeated until stable:
//  1. Single-equation pass: an equation in which exactly one protected cell
//     (withheld, or unpublished and sensitive) is unknown would give it away
//     by one subtraction, so one more of its published cells is withheld:
//     the smallest part, or the total if no part is left.
//  2. Exact check: the unknown cells and the equations form a linear system
//     whose right-hand sides a reader knows. A cell is derivable exactly
//     when every solution of the homogeneous system has 0 in its place. We
//     eliminate (sparse, modulo the prime 2^31 - 1), draw one random
//     solution of the homogeneous system from a fixed seed, and call a
//     sensitive unknown derivable when its value there is 0. Derivable over
//     the rationals implies 0 modulo the prime, so the test misses nothing;
//     a spurious 0 (probability 1/p) only withholds one cell more. For each
//     derivable sensitive cell one more published cell is withheld in the
//     equation through it that hides it least, and we go back to stage 1.
//
// Invariants. A withheld cell is never published again; every round withholds
// at least one more cell, so the loop ends. Same input, same output (fixed
// seed, index-ordered choices).
//
// Cost. Stage 1 is linear in the equation sizes (a work queue). Stage 2 is a
// sparse elimination over the unknown cells with equations inserted shortest
// first; a dense scratch row and a heap keep each reduction near-linear in
// the entries touched.
#include "report/disclosure.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <optional>
#include <queue>
#include <utility>

namespace sanad::report {
namespace {

constexpr uint64_t kPrime = 2147483647;  // 2^31 - 1

// Reduction modulo the Mersenne prime without a division: x < 2^62.
uint64_t Reduce(uint64_t x) {
  x = (x & kPrime) + (x >> 31);
  x = (x & kPrime) + (x >> 31);
  return x >= kPrime ? x - kPrime : x;
}

uint64_t MulMod(uint64_t a, uint64_t b) { return Reduce(a * b); }

uint64_t PowMod(uint64_t base, uint64_t exp) {
  uint64_t result = 1;
  while (exp > 0) {
    if (exp & 1) result = MulMod(result, base);
    base = MulMod(base, base);
    exp >>= 1;
  }
  return result;
}

uint64_t InvMod(uint64_t a) { return PowMod(a, kPrime - 2); }

// SplitMix64, seeded: a reproducible random stream.
struct Random {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
};

using SparseRow = std::vector<std::pair<uint32_t, uint64_t>>;  // (column, coefficient)

// For each cell, the equations it appears in.
std::vector<std::vector<size_t>> EquationsOfCells(const DisclosureProblem& p) {
  std::vector<std::vector<size_t>> out(p.cells.size());
  for (size_t e = 0; e < p.equations.size(); ++e) {
    out[p.equations[e].total].push_back(e);
    for (size_t part : p.equations[e].parts) out[part].push_back(e);
  }
  return out;
}

bool Protected(const DisclosureProblem& p, size_t cell) {
  const auto& c = p.cells[cell];
  return c.published ? c.suppressed : c.sensitive;
}

// The published, not yet withheld cell of an equation that costs least to
// withhold: parts before the total, smaller values first, lower index first.
std::optional<size_t> CheapestPartner(const DisclosureProblem& p,
                                      const DisclosureProblem::Equation& eq) {
  std::optional<size_t> best;
  auto better = [&](size_t a, size_t b) {
    return std::pair(p.cells[a].value, a) < std::pair(p.cells[b].value, b);
  };
  for (size_t part : eq.parts) {
    if (p.Unknown(part)) continue;
    if (!best || better(part, *best)) best = part;
  }
  if (!best && !p.Unknown(eq.total)) best = eq.total;
  return best;
}

void Withhold(DisclosureProblem* p, size_t cell, SuppressionStats* stats) {
  auto& c = p->cells[cell];
  if (!c.published || c.suppressed) return;
  c.suppressed = true;
  c.secondary = !c.sensitive;
  if (c.secondary) ++stats->secondary;
}

// Stage 1: no equation may hold exactly one unknown that is protected.
void SingleEquationPass(DisclosureProblem* p, const std::vector<std::vector<size_t>>& by_cell,
                        SuppressionStats* stats) {
  std::vector<size_t> unknown(p->equations.size(), 0);
  std::deque<size_t> queue;
  for (size_t e = 0; e < p->equations.size(); ++e) {
    const auto& eq = p->equations[e];
    unknown[e] = p->Unknown(eq.total) ? 1 : 0;
    for (size_t part : eq.parts) unknown[e] += p->Unknown(part) ? 1 : 0;
    if (unknown[e] == 1) queue.push_back(e);
  }
  while (!queue.empty()) {
    const size_t e = queue.front();
    queue.pop_front();
    if (unknown[e] != 1) continue;
    const auto& eq = p->equations[e];
    size_t lone = eq.total;
    for (size_t part : eq.parts) {
      if (p->Unknown(part)) lone = part;
    }
    if (!Protected(*p, lone)) continue;
    auto partner = CheapestPartner(*p, eq);
    if (!partner) continue;
    Withhold(p, *partner, stats);
    for (size_t other : by_cell[*partner]) {
      if (++unknown[other] == 1) queue.push_back(other);
    }
  }
}

// Sparse elimination modulo kPrime with a dense scratch row.
class Eliminator {
 public:
  explicit Eliminator(size_t columns)
      : pivot_(columns, SIZE_MAX), scratch_(columns, 0), queued_(columns, false) {}

  void Insert(const SparseRow& row) {
    for (const auto& [col, coef] : row) {
      scratch_[col] = Reduce(scratch_[col] + coef);
      if (!queued_[col]) {
        queued_[col] = true;
        heap_.push(col);
      }
    }
    while (!heap_.empty()) {
      const uint32_t col = heap_.top();
      heap_.pop();
      queued_[col] = false;
      const uint64_t factor = scratch_[col];
      if (factor == 0) continue;
      if (pivot_[col] == SIZE_MAX) {
        NewPivot(col, factor);
        return;
      }
      for (const auto& [j, a] : rows_[pivot_[col]]) {
        scratch_[j] = Reduce(scratch_[j] + kPrime - MulMod(factor, a));
        if (!queued_[j] && j != col) {
          queued_[j] = true;
          heap_.push(j);
        }
      }
      scratch_[col] = 0;
    }
  }

  // A random solution of the homogeneous system: free columns random,
  // pivot columns solved from the last to the first.
  [[nodiscard]] std::vector<uint64_t> RandomNullVector(uint64_t seed) const {
    Random random{seed};
    std::vector<uint64_t> x(pivot_.size(), 0);
    for (size_t c = 0; c < pivot_.size(); ++c) {
      if (pivot_[c] == SIZE_MAX) x[c] = 1 + random.Next() % (kPrime - 1);
    }
    for (size_t c = pivot_.size(); c-- > 0;) {
      if (pivot_[c] == SIZE_MAX) continue;
      uint64_t sum = 0;
      for (const auto& [j, a] : rows_[pivot_[c]]) {
        if (j != c) sum = Reduce(sum + MulMod(a, x[j]));
      }
      x[c] = Reduce(kPrime - sum);
    }
    return x;
  }

 private:
  void NewPivot(uint32_t col, uint64_t lead) {
    const uint64_t inverse = InvMod(lead);
    SparseRow row;
    row.emplace_back(col, 1);
    scratch_[col] = 0;
    while (!heap_.empty()) {
      const uint32_t j = heap_.top();
      heap_.pop();
      queued_[j] = false;
      if (scratch_[j] != 0) row.emplace_back(j, MulMod(scratch_[j], inverse));
      scratch_[j] = 0;
    }
    pivot_[col] = rows_.size();
    rows_.push_back(std::move(row));
  }

  std::vector<size_t> pivot_;  // column -> row index, SIZE_MAX if free
  std::vector<SparseRow> rows_;
  std::vector<uint64_t> scratch_;
  std::vector<bool> queued_;
  std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<>> heap_;
};

}  // namespace

std::vector<size_t> DerivableSensitiveCells(const DisclosureProblem& p) {
  std::vector<size_t> derivable;
  std::vector<uint32_t> column(p.cells.size(), UINT32_MAX);
  uint32_t columns = 0;
  for (size_t i = 0; i < p.cells.size(); ++i) {
    if (p.Unknown(i)) {
      column[i] = columns++;
    } else if (p.cells[i].sensitive) {
      derivable.push_back(i);  // published outright
    }
  }
  std::vector<SparseRow> rows;
  for (const auto& eq : p.equations) {
    SparseRow row;
    if (column[eq.total] != UINT32_MAX) row.emplace_back(column[eq.total], kPrime - 1);
    for (size_t part : eq.parts) {
      if (column[part] != UINT32_MAX) row.emplace_back(column[part], 1);
    }
    if (!row.empty()) rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const SparseRow& a, const SparseRow& b) { return a.size() < b.size(); });
  Eliminator eliminator(columns);
  for (const auto& row : rows) eliminator.Insert(row);
  const auto x = eliminator.RandomNullVector(0x5A4ADull);
  for (size_t i = 0; i < p.cells.size(); ++i) {
    if (column[i] != UINT32_MAX && p.cells[i].sensitive && x[column[i]] == 0) {
      derivable.push_back(i);
    }
  }
  std::sort(derivable.begin(), derivable.end());
  return derivable;
}

SuppressionStats Suppress(DisclosureProblem* p) {
  SuppressionStats stats;
  for (auto& cell : p->cells) {
    if (cell.published && cell.sensitive && !cell.suppressed) {
      cell.suppressed = true;
      ++stats.primary;
    }
  }
  const auto by_cell = EquationsOfCells(*p);
  while (true) {
    SingleEquationPass(p, by_cell, &stats);
    ++stats.rounds;
    const auto derivable = DerivableSensitiveCells(*p);
    if (derivable.empty()) break;
    size_t withheld = 0;
    std::vector<uint32_t> cell_seen(p->cells.size(), 0);
    std::vector<uint32_t> equation_seen(p->equations.size(), 0);
    uint32_t stamp = 0;
    for (size_t cell : derivable) {
      // Breadth-first from the cell through unknown cells, to the nearest
      // equation with a cell that can still be withheld; among equations at
      // the same distance, the one with fewest unknowns.
      // Stamps instead of cleared arrays: one search costs what it visits.
      ++stamp;
      std::vector<size_t> frontier{cell};
      cell_seen[cell] = stamp;
      std::optional<size_t> chosen;
      while (!frontier.empty() && !chosen) {
        size_t best_unknowns = std::numeric_limits<size_t>::max();
        std::vector<size_t> next;
        for (size_t c : frontier) {
          for (size_t e : by_cell[c]) {
            if (equation_seen[e] == stamp) continue;
            equation_seen[e] = stamp;
            const auto& eq = p->equations[e];
            size_t unknowns = p->Unknown(eq.total) ? 1 : 0;
            for (size_t part : eq.parts) unknowns += p->Unknown(part) ? 1 : 0;
            if (auto partner = CheapestPartner(*p, eq); partner && unknowns < best_unknowns) {
              best_unknowns = unknowns;
              chosen = partner;
            }
            auto visit = [&](size_t other) {
              if (p->Unknown(other) && cell_seen[other] != stamp) {
                cell_seen[other] = stamp;
                next.push_back(other);
              }
            };
            visit(eq.total);
            for (size_t part : eq.parts) visit(part);
          }
        }
        frontier = std::move(next);
      }
      if (chosen && !p->Unknown(*chosen)) {
        Withhold(p, *chosen, &stats);
        ++withheld;
      }
    }
    if (withheld == 0) break;  // nothing left to withhold: cannot happen for consistent tables
  }
  return stats;
}

}  // namespace sanad::report
