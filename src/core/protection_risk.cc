#include "core/protection_risk.h"

#include "core/name_table.h"

namespace sanad {
namespace {

constexpr NameTable<ProtectionRisk, kProtectionRiskCount> kRiskNames{{
    {ProtectionRisk::kArbitraryArrestDetention, "arbitrary_arrest_detention"},
    {ProtectionRisk::kForcedReturn, "forced_return"},
    {ProtectionRisk::kTheftExtortionEvictionProperty, "theft_extortion_eviction_property"},
    {ProtectionRisk::kImpedimentsLegalIdentity, "impediments_legal_identity"},
    {ProtectionRisk::kFamilySeparation, "family_separation"},
    {ProtectionRisk::kGbv, "gbv"},
    {ProtectionRisk::kChildLabourExploitation, "child_labour_exploitation"},
    {ProtectionRisk::kPsychologicalDistress, "psychological_distress"},
    {ProtectionRisk::kExplosiveOrdnance, "explosive_ordnance"},
    {ProtectionRisk::kDiscriminationDenialOfServices, "discrimination_denial_of_services"},
}};

constexpr NameTable<ProtectionRisk, kProtectionRiskCount> kRiskLabels{{
    {ProtectionRisk::kArbitraryArrestDetention, "Arbitrary arrest and/or detention"},
    {ProtectionRisk::kForcedReturn, "Forced return (refoulement)"},
    {ProtectionRisk::kTheftExtortionEvictionProperty,
     "Theft, extortion, forced eviction or destruction of personal property"},
    {ProtectionRisk::kImpedimentsLegalIdentity,
     "Impediments and/or restrictions to access to legal identity, remedies and justice"},
    {ProtectionRisk::kFamilySeparation, "Child and forced family separation"},
    {ProtectionRisk::kGbv, "Gender-based violence"},
    {ProtectionRisk::kChildLabourExploitation,
     "Child labour, exploitation, and/or trafficking"},
    {ProtectionRisk::kPsychologicalDistress,
     "Psychological/emotional abuse or inflicted distress"},
    {ProtectionRisk::kExplosiveOrdnance, "Presence of mines and other explosive ordnance"},
    {ProtectionRisk::kDiscriminationDenialOfServices,
     "Discrimination, stigmatisation, denial of resources, opportunities and services"},
}};

}  // namespace

const std::array<ProtectionRisk, kProtectionRiskCount>& AllProtectionRisks() {
  static constexpr std::array<ProtectionRisk, kProtectionRiskCount> kAll = [] {
    std::array<ProtectionRisk, kProtectionRiskCount> all{};
    for (size_t i = 0; i < kProtectionRiskCount; ++i) all[i] = kRiskNames[i].first;
    return all;
  }();
  return kAll;
}

std::string_view ToString(ProtectionRisk value) { return NameOf(kRiskNames, value); }

std::optional<ProtectionRisk> ParseProtectionRisk(std::string_view text) {
  return ValueOf(kRiskNames, text);
}

std::string_view ProtectionRiskNames() {
  return "arbitrary_arrest_detention, forced_return, theft_extortion_eviction_property, "
         "impediments_legal_identity, family_separation, gbv, child_labour_exploitation, "
         "psychological_distress, explosive_ordnance, discrimination_denial_of_services";
}

std::string_view ProtectionRiskLabel(ProtectionRisk value) { return NameOf(kRiskLabels, value); }

}  // namespace sanad
