#include "core/incident.h"

#include <string>
#include <unordered_set>
#include <utility>

#include "core/name_table.h"
#include "core/utf8.h"
#include "core/validation.h"

namespace sanad {
namespace {

constexpr NameTable<IncidentType, 12> kTypeNames{{
    {IncidentType::kArrest, "arrest"},
    {IncidentType::kDetention, "detention"},
    {IncidentType::kExtortion, "extortion"},
    {IncidentType::kHarassment, "harassment"},
    {IncidentType::kPhysicalViolence, "physical_violence"},
    {IncidentType::kEviction, "eviction"},
    {IncidentType::kPropertySeized, "property_seized"},
    {IncidentType::kPropertyDestroyed, "property_destroyed"},
    {IncidentType::kDocumentsConfiscated, "documents_confiscated"},
    {IncidentType::kDocumentsDestroyed, "documents_destroyed"},
    {IncidentType::kFamilySeparation, "family_separation"},
    {IncidentType::kDeportation, "deportation"},
}};

constexpr NameTable<Perpetrator, 7> kPerpetratorNames{{
    {Perpetrator::kPolice, "police"},
    {Perpetrator::kOtherAuthority, "other_authority"},
    {Perpetrator::kLandlord, "landlord"},
    {Perpetrator::kEmployer, "employer"},
    {Perpetrator::kArmedGroup, "armed_group"},
    {Perpetrator::kOtherCivilian, "other_civilian"},
    {Perpetrator::kUnknown, "unknown"},
}};

constexpr NameTable<PlaceType, 8> kPlaceNames{{
    {PlaceType::kHome, "home"},
    {PlaceType::kStreet, "street"},
    {PlaceType::kWorkplace, "workplace"},
    {PlaceType::kCheckpoint, "checkpoint"},
    {PlaceType::kPoliceStation, "police_station"},
    {PlaceType::kHoldingCentre, "holding_centre"},
    {PlaceType::kBorder, "border"},
    {PlaceType::kOther, "other"},
}};

constexpr NameTable<ReporterRelationship, 7> kRelationshipNames{{
    {ReporterRelationship::kSelf, "self"},
    {ReporterRelationship::kSpouse, "spouse"},
    {ReporterRelationship::kChild, "child"},
    {ReporterRelationship::kParent, "parent"},
    {ReporterRelationship::kSibling, "sibling"},
    {ReporterRelationship::kOtherRelative, "other_relative"},
    {ReporterRelationship::kOther, "other"},
}};

constexpr NameTable<DetentionOutcome, 5> kOutcomeNames{{
    {DetentionOutcome::kReleased, "released"},
    {DetentionOutcome::kReleasedAfterPayment, "released_after_payment"},
    {DetentionOutcome::kDeported, "deported"},
    {DetentionOutcome::kStillDetained, "still_detained"},
    {DetentionOutcome::kUnknown, "unknown"},
}};

constexpr NameTable<Currency, 3> kCurrencyNames{
    {{Currency::kPkr, "PKR"}, {Currency::kAfn, "AFN"}, {Currency::kUsd, "USD"}}};

constexpr NameTable<IncidentSource, 6> kSourceNames{{
    {IncidentSource::kSurvivor, "survivor"},
    {IncidentSource::kFamily, "family"},
    {IncidentSource::kWitness, "witness"},
    {IncidentSource::kKeyInformant, "key_informant"},
    {IncidentSource::kMedia, "media"},
    {IncidentSource::kUnknown, "unknown"},
}};

constexpr NameTable<IncidentConsent, 3> kConsentNames{{
    {IncidentConsent::kLegalAid, "legal_aid"},
    {IncidentConsent::kReferral, "referral"},
    {IncidentConsent::kAdvocacy, "advocacy"},
}};

constexpr NameTable<PropertyKind, 7> kKindNames{{
    {PropertyKind::kHouse, "house"},
    {PropertyKind::kLand, "land"},
    {PropertyKind::kShopOrBusiness, "shop_or_business"},
    {PropertyKind::kVehicle, "vehicle"},
    {PropertyKind::kLivestock, "livestock"},
    {PropertyKind::kGoods, "goods"},
    {PropertyKind::kOther, "other"},
}};

constexpr NameTable<Tenure, 6> kTenureNames{{
    {Tenure::kOwnedWithDeed, "owned_with_deed"},
    {Tenure::kOwnedInformally, "owned_informally"},
    {Tenure::kRegisteredInAnotherName, "registered_in_another_name"},
    {Tenure::kRented, "rented"},
    {Tenure::kLeased, "leased"},
    {Tenure::kShared, "shared"},
}};

constexpr NameTable<PropertyLoss, 5> kLossNames{{
    {PropertyLoss::kLeftBehind, "left_behind"},
    {PropertyLoss::kSoldUnderDuress, "sold_under_duress"},
    {PropertyLoss::kSeized, "seized"},
    {PropertyLoss::kDestroyed, "destroyed"},
    {PropertyLoss::kOccupiedByOthers, "occupied_by_others"},
}};

constexpr NameTable<EvidenceType, 5> kEvidenceNames{{
    {EvidenceType::kDeed, "deed"},
    {EvidenceType::kSaleOrRentalAgreement, "sale_or_rental_agreement"},
    {EvidenceType::kTaxOrUtilityReceipt, "tax_or_utility_receipt"},
    {EvidenceType::kWitnessStatement, "witness_statement"},
    {EvidenceType::kPhoto, "photo"},
}};

constexpr NameTable<ClaimStatus, 5> kClaimNames{{
    {ClaimStatus::kDocumented, "documented"},
    {ClaimStatus::kReferredToLegalAid, "referred_to_legal_aid"},
    {ClaimStatus::kClaimFiled, "claim_filed"},
    {ClaimStatus::kResolved, "resolved"},
    {ClaimStatus::kAbandoned, "abandoned"},
}};

constexpr NameTable<AgeBand, 4> kAgeBandNames{{
    {AgeBand::k0To4, "age_0_4"},
    {AgeBand::k5To17, "age_5_17"},
    {AgeBand::k18To59, "age_18_59"},
    {AgeBand::k60Plus, "age_60_plus"},
}};

constexpr NameTable<Documentation, kDocumentationCount> kDocumentationNames{{
    {Documentation::kPorCard, "por_card"},
    {Documentation::kAcc, "acc"},
    {Documentation::kPassportVisa, "passport_visa"},
    {Documentation::kTazkiraOnly, "tazkira_only"},
    {Documentation::kOtherOnly, "other_only"},
    {Documentation::kNone, "none"},
}};

std::string Indexed(std::string_view name, size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

Status ValidateAmount(std::string_view field, const std::optional<int64_t>& amount) {
  // A trillion in any of the three currencies is beyond any real payment or
  // holding; the bound keeps sums in reports far from overflow.
  constexpr int64_t kMaxAmount = 1'000'000'000'000;
  if (amount && (*amount < 0 || *amount > kMaxAmount)) {
    return Fail(
        Error::InvalidInput(std::string(field), "must be a whole amount from 0 to 1000000000000"));
  }
  return {};
}

Status ValidateDetention(const Detention& d) {
  if (auto ok = ValidateText("held_at", d.held_at); !ok) return ok;
  if (d.days && (*d.days < 0 || *d.days > kMaxDetentionDays)) {
    return Fail(
        Error::InvalidInput("days", "must be a number of days from 0 to {}", kMaxDetentionDays));
  }
  if (auto ok = ValidateAmount("payment_demanded", d.payment_demanded); !ok) return ok;
  if (auto ok = ValidateAmount("payment_paid", d.payment_paid); !ok) return ok;
  if ((d.payment_demanded || d.payment_paid) && !d.currency) {
    return Fail(Error::InvalidInput("currency", "is required with a payment: PKR, AFN or USD"));
  }
  return {};
}

Status ValidateIncidentPerson(const IncidentPerson& p) {
  if (p.registered()) {
    if (auto ok = ValidateText("person_id", p.person_id, 64); !ok) return ok;
    if (p.sex != Sex::kUnknown || p.age || p.age_band || p.relationship) {
      return Fail(Error::InvalidInput(
          "person_id",
          "give either a registered person (person_id) or a description (sex, age, "
          "relationship), not both"));
    }
  }
  if (p.age && (*p.age < 0 || *p.age > 120)) {
    return Fail(Error::InvalidInput("age", "must be a number of years from 0 to 120"));
  }
  if (p.age && p.age_band && AgeBandOf(*p.age) != *p.age_band) {
    return Fail(Error::InvalidInput("age_band", "disagrees with age: give one or the other"));
  }
  for (size_t i = 0; i < p.documents_held.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (p.documents_held[j] == p.documents_held[i]) {
        return Fail(
            Error::InvalidInput(Indexed("documents_held", i), "repeats documents_held[{}]", j));
      }
    }
  }
  if (p.detention) {
    if (auto ok = ValidateDetention(*p.detention); !ok) {
      return Fail(std::move(ok.error()).WithFieldPrefix("detention"));
    }
  }
  return {};
}

}  // namespace

std::string_view ToString(Documentation value) { return NameOf(kDocumentationNames, value); }

std::optional<Documentation> ParseDocumentation(std::string_view text) {
  return ValueOf(kDocumentationNames, text);
}

Documentation DocumentationOf(const std::vector<HeldDocumentRecord>& documents) {
  bool por = false, acc = false, visa = false, tazkira = false, other = false;
  for (const HeldDocumentRecord& d : documents) {
    switch (d.type) {
      case DocumentType::kPorCard:
        por = true;
        break;
      case DocumentType::kAcc:
        acc = true;
        break;
      case DocumentType::kVisa:
        visa = true;
        break;
      case DocumentType::kTazkira:
      case DocumentType::kETazkira:
        tazkira = true;
        break;
      case DocumentType::kPassport:
      case DocumentType::kUnhcrAsylumCertificate:
      case DocumentType::kVrf:
      case DocumentType::kOther:
        other = true;
        break;
    }
  }
  if (por) return Documentation::kPorCard;
  if (acc) return Documentation::kAcc;
  if (visa) return Documentation::kPassportVisa;
  if (tazkira) return Documentation::kTazkiraOnly;
  if (other) return Documentation::kOtherOnly;
  return Documentation::kNone;
}

ProtectionRisk RiskOf(IncidentType type) {
  switch (type) {
    case IncidentType::kArrest:
    case IncidentType::kDetention:
      return ProtectionRisk::kArbitraryArrestDetention;
    case IncidentType::kDeportation:
      return ProtectionRisk::kForcedReturn;
    case IncidentType::kExtortion:
    case IncidentType::kEviction:
    case IncidentType::kPropertySeized:
    case IncidentType::kPropertyDestroyed:
      return ProtectionRisk::kTheftExtortionEvictionProperty;
    case IncidentType::kDocumentsConfiscated:
    case IncidentType::kDocumentsDestroyed:
      return ProtectionRisk::kImpedimentsLegalIdentity;
    case IncidentType::kFamilySeparation:
      return ProtectionRisk::kFamilySeparation;
    case IncidentType::kHarassment:
    case IncidentType::kPhysicalViolence:
      return ProtectionRisk::kPsychologicalDistress;
  }
  return ProtectionRisk::kPsychologicalDistress;
}

bool IsDetention(IncidentType type) {
  return type == IncidentType::kArrest || type == IncidentType::kDetention;
}

std::string_view ToString(IncidentType v) { return NameOf(kTypeNames, v); }
std::string_view ToString(Perpetrator v) { return NameOf(kPerpetratorNames, v); }
std::string_view ToString(PlaceType v) { return NameOf(kPlaceNames, v); }
std::string_view ToString(ReporterRelationship v) { return NameOf(kRelationshipNames, v); }
std::string_view ToString(DetentionOutcome v) { return NameOf(kOutcomeNames, v); }
std::string_view ToString(Currency v) { return NameOf(kCurrencyNames, v); }
std::string_view ToString(IncidentSource v) { return NameOf(kSourceNames, v); }
std::string_view ToString(IncidentConsent v) { return NameOf(kConsentNames, v); }
std::string_view ToString(PropertyKind v) { return NameOf(kKindNames, v); }
std::string_view ToString(Tenure v) { return NameOf(kTenureNames, v); }
std::string_view ToString(PropertyLoss v) { return NameOf(kLossNames, v); }
std::string_view ToString(EvidenceType v) { return NameOf(kEvidenceNames, v); }
std::string_view ToString(ClaimStatus v) { return NameOf(kClaimNames, v); }

std::optional<IncidentType> ParseIncidentType(std::string_view t) { return ValueOf(kTypeNames, t); }
std::optional<Perpetrator> ParsePerpetrator(std::string_view t) {
  return ValueOf(kPerpetratorNames, t);
}
std::optional<PlaceType> ParsePlaceType(std::string_view t) { return ValueOf(kPlaceNames, t); }
std::optional<ReporterRelationship> ParseReporterRelationship(std::string_view t) {
  return ValueOf(kRelationshipNames, t);
}
std::optional<DetentionOutcome> ParseDetentionOutcome(std::string_view t) {
  return ValueOf(kOutcomeNames, t);
}
std::optional<Currency> ParseCurrency(std::string_view t) {
  if (t == "pkr") return Currency::kPkr;
  if (t == "afn") return Currency::kAfn;
  if (t == "usd") return Currency::kUsd;
  return ValueOf(kCurrencyNames, t);
}
std::optional<IncidentSource> ParseIncidentSource(std::string_view t) {
  return ValueOf(kSourceNames, t);
}
std::optional<IncidentConsent> ParseIncidentConsent(std::string_view t) {
  return ValueOf(kConsentNames, t);
}
std::optional<PropertyKind> ParsePropertyKind(std::string_view t) { return ValueOf(kKindNames, t); }
std::optional<Tenure> ParseTenure(std::string_view t) { return ValueOf(kTenureNames, t); }
std::optional<PropertyLoss> ParsePropertyLoss(std::string_view t) { return ValueOf(kLossNames, t); }
std::optional<EvidenceType> ParseEvidenceType(std::string_view t) {
  return ValueOf(kEvidenceNames, t);
}
std::optional<ClaimStatus> ParseClaimStatus(std::string_view t) { return ValueOf(kClaimNames, t); }
std::optional<AgeBand> ParseAgeBand(std::string_view t) { return ValueOf(kAgeBandNames, t); }

#define SANAD_NAMES(function, table)                    \
  std::string_view function() {                         \
    static const std::string kNames = JoinNames(table); \
    return kNames;                                      \
  }
SANAD_NAMES(IncidentTypeNames, kTypeNames)
SANAD_NAMES(PerpetratorNames, kPerpetratorNames)
SANAD_NAMES(PlaceTypeNames, kPlaceNames)
SANAD_NAMES(ReporterRelationshipNames, kRelationshipNames)
SANAD_NAMES(DetentionOutcomeNames, kOutcomeNames)
SANAD_NAMES(CurrencyNames, kCurrencyNames)
SANAD_NAMES(IncidentSourceNames, kSourceNames)
SANAD_NAMES(IncidentConsentNames, kConsentNames)
SANAD_NAMES(PropertyKindNames, kKindNames)
SANAD_NAMES(TenureNames, kTenureNames)
SANAD_NAMES(PropertyLossNames, kLossNames)
SANAD_NAMES(EvidenceTypeNames, kEvidenceNames)
SANAD_NAMES(ClaimStatusNames, kClaimNames)
SANAD_NAMES(AgeBandNames, kAgeBandNames)
#undef SANAD_NAMES

IncidentDay IncidentDayOf(const PartialDate& date) {
  return {date.Earliest(), date.precision != PartialDate::Precision::kDay};
}

Status ValidateNotes(std::string_view field, std::string_view value, size_t max_bytes) {
  if (!IsValidUtf8(value)) {
    return Fail(Error::InvalidInput(std::string(field), "is not valid UTF-8 text"));
  }
  if (value.size() > max_bytes) {
    return Fail(Error::InvalidInput(std::string(field), "is too long ({} bytes, at most {})",
                                    value.size(), max_bytes));
  }
  // Line by line, so line breaks pass and every other control is refused.
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find('\n', start);
    if (end == std::string_view::npos) end = value.size();
    std::string_view line = value.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (auto ok = ValidateText(field, line, max_bytes); !ok) return ok;
    start = end + 1;
  }
  return {};
}

Status ValidateIncident(const Incident& incident) {
  if (incident.date.precision != PartialDate::Precision::kDay &&
      incident.date.precision != PartialDate::Precision::kMonth) {
    return Fail(Error::InvalidInput(
        "date",
        "must be a day (YYYY-MM-DD) or a month (YYYY-MM): a year alone cannot be placed "
        "in a week"));
  }
  if (auto ok = ValidateNotInFuture("date", incident.date.Earliest()); !ok) return ok;
  if (incident.province.empty()) {
    return Fail(Error::InvalidInput("province",
                                    "is required: the province of Pakistan where it "
                                    "happened, e.g. Balochistan"));
  }
  if (auto ok = ValidateText("province", incident.province); !ok) return ok;
  if (auto ok = ValidateText("district", incident.district); !ok) return ok;
  if (auto ok = ValidateText("external_ref", incident.external_ref, 64); !ok) return ok;
  if (incident.persons.empty()) {
    return Fail(Error::InvalidInput("persons", "at least one person must be involved"));
  }
  if (incident.persons.size() > kMaxIncidentPersons) {
    return Fail(Error::InvalidInput(
        "persons",
        "at most {} persons in one incident: record a large round-up as several incidents",
        kMaxIncidentPersons));
  }
  std::unordered_set<std::string_view> registered;
  for (size_t i = 0; i < incident.persons.size(); ++i) {
    const IncidentPerson& p = incident.persons[i];
    if (auto ok = ValidateIncidentPerson(p); !ok) {
      return Fail(std::move(ok.error()).WithFieldPrefix(Indexed("persons", i)));
    }
    if (p.registered() && !registered.insert(p.person_id).second) {
      return Fail(Error::InvalidInput(Indexed("persons", i) + ".person_id",
                                      "names a person already listed: list each person once"));
    }
  }
  for (size_t i = 0; i < incident.consents.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (incident.consents[j] == incident.consents[i]) {
        return Fail(Error::InvalidInput(Indexed("consents", i), "is listed twice"));
      }
    }
  }
  return ValidateNotes("notes", incident.notes);
}

Result<std::string> CheckEvidenceContent(std::string_view field, std::string_view declared,
                                         std::string_view bytes) {
  if (bytes.empty()) return Fail(Error::InvalidInput(std::string(field), "the file is empty"));
  if (static_cast<int64_t>(bytes.size()) > kMaxEvidenceBytes) {
    return Fail(Error::InvalidInput(std::string(field),
                                    "is larger than 10 MiB: scan at a lower resolution"));
  }
  std::string kind;
  if (bytes.starts_with("\xFF\xD8\xFF")) {
    kind = "image/jpeg";
  } else if (bytes.starts_with("\x89PNG\r\n\x1A\n")) {
    kind = "image/png";
  } else if (bytes.starts_with("%PDF-")) {
    kind = "application/pdf";
  } else {
    return Fail(
        Error::InvalidInput(std::string(field), "is not a JPEG or PNG image or a PDF document"));
  }
  // "image/jpeg; charset=..." is not a thing, but parameters are legal.
  std::string_view base = declared.substr(0, declared.find(';'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  if (!base.empty() && base != "application/octet-stream" && base != kind &&
      !(kind == "image/jpeg" && base == "image/jpg")) {
    return Fail(
        Error::InvalidInput(std::string(field), "is sent as {} but the file is {}", base, kind));
  }
  return kind;
}

Status ValidatePropertyRecord(const PropertyRecord& r) {
  if (r.household_id.empty()) {
    return Fail(Error::InvalidInput("household_id", "is required"));
  }
  if (auto ok = ValidateText("household_id", r.household_id, 64); !ok) return ok;
  if (auto ok = ValidateText("province", r.province); !ok) return ok;
  if (auto ok = ValidateText("district", r.district); !ok) return ok;
  if (auto ok = ValidateNotes("address", r.address, 500); !ok) return ok;
  if (r.loss_date) {
    if (auto ok = ValidateNotInFuture("date", r.loss_date->Earliest()); !ok) return ok;
  }
  if (auto ok = ValidateAmount("estimated_value", r.estimated_value); !ok) return ok;
  if (r.estimated_value && !r.currency) {
    return Fail(Error::InvalidInput("currency", "is required with a value: PKR, AFN or USD"));
  }
  std::unordered_set<std::string_view> seen;
  for (size_t i = 0; i < r.claimant_ids.size(); ++i) {
    if (auto ok = ValidateText(Indexed("claimants", i), r.claimant_ids[i], 64); !ok) return ok;
    if (!seen.insert(r.claimant_ids[i]).second) {
      return Fail(Error::InvalidInput(Indexed("claimants", i), "is listed twice"));
    }
  }
  return {};
}

}  // namespace sanad
