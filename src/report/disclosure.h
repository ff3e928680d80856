// Disclosure control for published tables of counts: small-cell suppression
// with secondary suppression, checked against every linear combination of
// the published figures.
//
// A `DisclosureProblem` is a set of cells (each a count, published or not)
// and additive equations between them (`total = sum of parts`) that a reader
// knows hold: a row's individuals = female + male, a period total = the sum
// of its crossing-point rows, and so on. A cell is *sensitive* when it
// describes fewer than k people; the caller decides which cells are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sanad::report {

struct DisclosureProblem {
  struct Cell {
    int64_t value = 0;
    bool published = true;    // false: an unpublished quantity (a reader knows it exists)
    bool sensitive = false;   // must never be known or derivable
    bool suppressed = false;  // output: withheld from publication
    bool secondary = false;   // output: withheld only to protect another cell
  };
  struct Equation {
    size_t total = 0;
    std::vector<size_t> parts;
  };

  std::vector<Cell> cells;
  std::vector<Equation> equations;

  // Adds a cell and returns its index.
  size_t AddCell(int64_t value, bool sensitive, bool published = true) {
    cells.push_back(Cell{value, published, sensitive, false, false});
    return cells.size() - 1;
  }
  // States cells[total] == sum of cells[parts] (the caller makes it true).
  void AddEquation(size_t total, std::vector<size_t> parts) {
    equations.push_back(Equation{total, std::move(parts)});
  }
  // A reader does not know the value: unpublished or suppressed.
  [[nodiscard]] bool Unknown(size_t cell) const {
    return !cells[cell].published || cells[cell].suppressed;
  }
};

struct SuppressionStats {
  size_t primary = 0;    // sensitive published cells withheld
  size_t secondary = 0;  // other cells withheld to protect them
  size_t rounds = 0;     // exact-check rounds run
};

// Withholds every sensitive published cell (primary suppression), then more
// cells (secondary suppression) until no sensitive cell, published or not,
// can be derived from the published cells through the equations: neither by
// one subtraction nor by any linear combination. Deterministic: the same
// problem always gives the same pattern (publishing two patterns of one table
// would leak). Secondary cells are chosen small and among parts before totals.
// Cost: near-linear for the single-equation pass; the exact check is a sparse
// Gaussian elimination over the withheld cells (modulo a prime; being exact
// there is conservative over the rationals).
SuppressionStats Suppress(DisclosureProblem* problem);

// The sensitive cells a reader can compute exactly from the published cells
// (empty after Suppress). Used by Suppress and by audits.
[[nodiscard]] std::vector<size_t> DerivableSensitiveCells(const DisclosureProblem& problem);

}  // namespace sanad::report
