// The age-sex pyramid of the flash update: registered flows (people whose
// sex and age band are both known) by sex × age band over the report's
// range and direction. Head-count tallies count sex and age separately, so
// they cannot appear here: the pyramid shows registered flows only, and says
// so wherever it is shown.
//
// Disclosure control as for the rest of the report: a cell describing 1..k-1
// people is withheld, and more cells are withheld so that none can be worked
// out from the totals by sex, by age band and overall, which are treated as
// known to the reader (they are published beside the cells unless withheld
// themselves).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/flow.h"

namespace sanad::report {

// The age bands' labels, in the order of every pyramid array.
inline constexpr std::array<std::string_view, kAgeBandCount> kAgeBandLabels = {"0-4", "5-17",
                                                                               "18-59", "60+"};

struct AgeSexPyramid {
  using Figure = std::optional<int64_t>;  // nullopt when withheld
  // [female, male][0-4, 5-17, 18-59, 60+]
  std::array<std::array<Figure, kAgeBandCount>, 2> cells{};
  std::array<Figure, 2> by_sex{};
  std::array<Figure, kAgeBandCount> by_age{};
  Figure total;
  size_t suppressed = 0;  // figures withheld, primary and secondary
};

// Sums the registered flows of `direction` dated from..to (inclusive) and
// applies disclosure control with minimum cell size `k` when
// `disclosure_control` (off: every figure published; the callers allow it to
// admins only and audit it).
[[nodiscard]] AgeSexPyramid BuildAgeSexPyramid(const std::vector<FlowTally>& registered,
                                               Direction direction, Date from, Date to, int64_t k,
                                               bool disclosure_control);

}  // namespace sanad::report
