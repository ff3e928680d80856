// The Global Protection Cluster's list of protection risks: the one list that
// incidents (and, later, cases) classify harm by, so that what sanad reports
// adds up with what other agencies report. Wire names are the GPC's own, in
// snake case. Pure constants; thread-safe.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace sanad {

enum class ProtectionRisk {
  kArbitraryArrestDetention,
  kForcedReturn,
  kTheftExtortionEvictionProperty,
  kImpedimentsLegalIdentity,
  kFamilySeparation,
  kGbv,
  kChildLabourExploitation,
  kPsychologicalDistress,
  kExplosiveOrdnance,
  kDiscriminationDenialOfServices,
};

inline constexpr size_t kProtectionRiskCount = 10;

// Every risk, in the GPC's order.
[[nodiscard]] const std::array<ProtectionRisk, kProtectionRiskCount>& AllProtectionRisks();

// "arbitrary_arrest_detention", ... and the parser (nullopt when unknown).
[[nodiscard]] std::string_view ToString(ProtectionRisk value);
[[nodiscard]] std::optional<ProtectionRisk> ParseProtectionRisk(std::string_view text);
// The accepted names, comma-separated, for error messages.
[[nodiscard]] std::string_view ProtectionRiskNames();

// The risk as a report's reader reads it: "Arbitrary arrest and/or detention".
[[nodiscard]] std::string_view ProtectionRiskLabel(ProtectionRisk value);

}  // namespace sanad
