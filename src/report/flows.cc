#include "report/flows.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <string>
#include <tuple>

namespace sanad::report {
namespace {

using FlowKey = std::tuple<int32_t, std::string_view, Direction, MovementMode>;

FlowKey KeyOf(const FlowTally& t) {
  return {t.date.DaysSinceEpoch(), t.crossing_point, t.direction, t.mode};
}

// Scales one registered flow down to `keep` of its individuals.
FlowTally ScaleFlow(const FlowTally& flow, int64_t keep) {
  FlowTally out = flow;
  out.individuals = keep;
  const int64_t unknown_sex = flow.individuals - flow.female - flow.male;
  const auto sex = Apportion({flow.female, flow.male, unknown_sex}, keep);
  out.female = sex[0];
  out.male = sex[1];
  const int64_t unknown_age =
      flow.individuals - flow.age_0_4 - flow.age_5_17 - flow.age_18_59 - flow.age_60_plus;
  const auto age =
      Apportion({flow.age_0_4, flow.age_5_17, flow.age_18_59, flow.age_60_plus, unknown_age}, keep);
  out.age_0_4 = age[0];
  out.age_5_17 = age[1];
  out.age_18_59 = age[2];
  out.age_60_plus = age[3];
  // Households shrink in proportion, at least one while anyone is left.
  if (flow.individuals > 0) {
    const int64_t households = (flow.households * keep + flow.individuals / 2) / flow.individuals;
    out.households = std::clamp<int64_t>(households, keep > 0 ? 1 : 0, keep);
  }
  out.registered_individuals = 0;
  return out;
}

}  // namespace

std::string_view MeasureName(size_t measure) {
  static constexpr std::array<std::string_view, kMeasureCount> kNames = {
      "households", "individuals", "female",    "male",
      "age_0_4",    "age_5_17",    "age_18_59", "age_60_plus"};
  return measure < kMeasureCount ? kNames[measure] : "unknown";
}

Counts CountsOf(const FlowTally& t) {
  return {t.households, t.individuals, t.female,    t.male,
          t.age_0_4,    t.age_5_17,    t.age_18_59, t.age_60_plus};
}

void AddCounts(Counts* sum, const Counts& more) {
  for (size_t i = 0; i < kMeasureCount; ++i) (*sum)[i] += more[i];
}

std::vector<int64_t> Apportion(const std::vector<int64_t>& weights, int64_t total) {
  std::vector<int64_t> parts(weights.size(), 0);
  const int64_t sum = std::accumulate(weights.begin(), weights.end(), int64_t{0});
  if (sum <= 0 || total <= 0) return parts;
  std::vector<std::pair<int64_t, size_t>> remainders;  // (remainder, index)
  int64_t given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    // weights and totals are head counts (< 2^31 in practice), so the
    // product fits; __int128 would be needed beyond 3e9 people.
    const int64_t product = weights[i] * total;
    parts[i] = product / sum;
    given += parts[i];
    remainders.emplace_back(product % sum, i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t j = 0; given < total && j < remainders.size(); ++j) {
    ++parts[remainders[j].second];
    ++given;
  }
  return parts;
}

std::vector<FlowTally> CombineFlows(const std::vector<FlowTally>& tallies,
                                    const std::vector<FlowTally>& registered) {
  std::vector<const FlowTally*> tally_views;
  std::vector<const FlowTally*> registered_views;
  for (const auto& t : tallies) tally_views.push_back(&t);
  for (const auto& t : registered) registered_views.push_back(&t);
  CombinedFlows combined = CombineFlowViews(tally_views, registered_views);
  std::vector<FlowTally> out;
  out.reserve(combined.whole.size() + combined.scaled.size());
  for (const FlowTally* t : combined.whole) out.push_back(*t);
  for (auto& t : combined.scaled) out.push_back(std::move(t));
  return out;
}

CombinedFlows CombineFlowViews(const std::vector<const FlowTally*>& tallies,
                               const std::vector<const FlowTally*>& registered) {
  CombinedFlows out;
  out.whole = tallies;
  std::map<FlowKey, int64_t> declared;
  for (const FlowTally* t : tallies) {
    if (t->registered_individuals > 0) declared[KeyOf(*t)] += t->registered_individuals;
  }
  if (declared.empty()) {
    out.whole.insert(out.whole.end(), registered.begin(), registered.end());
    return out;
  }
  // Group the registered flows that a tally overlaps; the rest pass whole.
  std::map<FlowKey, std::vector<const FlowTally*>> overlapped;
  for (const FlowTally* t : registered) {
    FlowKey key = KeyOf(*t);
    if (declared.contains(key)) {
      overlapped[key].push_back(t);
    } else {
      out.whole.push_back(t);
    }
  }
  for (const auto& [key, flows] : overlapped) {
    std::vector<int64_t> sizes;
    int64_t present = 0;
    for (const FlowTally* t : flows) {
      sizes.push_back(t->individuals);
      present += t->individuals;
    }
    const int64_t keep = present - std::min(present, declared[key]);
    const auto kept = Apportion(sizes, keep);
    for (size_t j = 0; j < flows.size(); ++j) {
      if (kept[j] == 0) continue;
      out.scaled.push_back(ScaleFlow(*flows[j], kept[j]));
    }
  }
  return out;
}

}  // namespace sanad::report
