// Flow figures: the eight counts a returns report publishes, and the merge
// of head-count tallies with registered movements that counts each person
// once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/flow.h"

namespace sanad::report {

// The published measures, in output column order.
enum Measure : size_t {
  kHouseholds,
  kIndividuals,
  kFemale,
  kMale,
  kAge0To4,
  kAge5To17,
  kAge18To59,
  kAge60Plus,
  kMeasureCount,
};

// "households", "individuals", "female", "male", "age_0_4", "age_5_17",
// "age_18_59", "age_60_plus": the JSON and CSV field names.
[[nodiscard]] std::string_view MeasureName(size_t measure);

using Counts = std::array<int64_t, kMeasureCount>;

[[nodiscard]] Counts CountsOf(const FlowTally& tally);
void AddCounts(Counts* sum, const Counts& more);

// Splits `total` over `weights` in proportion (largest remainder, ties to the
// earlier index): the parts add up to `total` exactly and none exceeds its
// weight. Requires 0 <= total <= sum(weights) and weights >= 0.
[[nodiscard]] std::vector<int64_t> Apportion(const std::vector<int64_t>& weights, int64_t total);

// Merges head-count tallies with registered flows (per-person-derived
// tallies from registered movements) so that nobody is counted twice.
//
// Rule: tallies are kept whole (they are the count made at the crossing). For
// each (date, crossing point, direction, mode), the tallies there declare
// `registered_individuals` people who were also registered; that many people
// (at most all of them) are taken out of the registered flows of the same
// key, in proportion across their destinations, sexes and age bands (largest
// remainder, so every part stays a whole number and sums stay consistent).
// Registered people no tally declared are added in full.
//
// Returns the tallies followed by the remaining registered flows; flows left
// with nobody are dropped. Cost: O(n log n) in the number of inputs.
[[nodiscard]] std::vector<FlowTally> CombineFlows(const std::vector<FlowTally>& tallies,
                                                  const std::vector<FlowTally>& registered);

// CombineFlows without copying what counts whole: `whole` points into the
// inputs (which must outlive it), `scaled` holds the registered flows that
// were reduced.
struct CombinedFlows {
  std::vector<const FlowTally*> whole;
  std::vector<FlowTally> scaled;
};
[[nodiscard]] CombinedFlows CombineFlowViews(const std::vector<const FlowTally*>& tallies,
                                             const std::vector<const FlowTally*>& registered);

}  // namespace sanad::report
