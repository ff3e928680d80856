// Protection monitoring: incidents that happened to people before they
// crossed (arrest, detention, extortion, eviction, papers taken...) and the
// property they had to leave behind (housing, land and property: HLP).
//
// Plain structs and their closed vocabularies; `ValidateIncident` and
// `ValidatePropertyRecord` check them and name the field at fault by path
// ("persons[1].detention.days"). What the model never holds: a perpetrator's
// name (only a category), or anything whose purpose is to find a person. The
// narrative notes, a property's address and evidence files are sealed by the
// store like other personal fields and never appear in reports.
//
// Places (province, district) are checked against the Pakistan gazetteer by
// the `text` layer (text/gazetteer.h, ResolvePakistanPlace), which this
// layer cannot see; validation here checks only that they are text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/flow.h"
#include "core/model.h"
#include "core/protection_risk.h"

namespace sanad {

enum class IncidentType {
  kArrest,
  kDetention,
  kExtortion,   // a bribe or payment demanded
  kHarassment,  // threats, raids on homes
  kPhysicalViolence,
  kEviction,
  kPropertySeized,
  kPropertyDestroyed,
  kDocumentsConfiscated,
  kDocumentsDestroyed,
  kFamilySeparation,
  kDeportation,
};

// The Global Protection Cluster risk an incident of this type is counted
// under (one each).
[[nodiscard]] ProtectionRisk RiskOf(IncidentType type);
// True for arrest and detention: the types whose persons were held.
[[nodiscard]] bool IsDetention(IncidentType type);

// Who did it: a category, never a name.
enum class Perpetrator {
  kPolice,
  kOtherAuthority,
  kLandlord,
  kEmployer,
  kArmedGroup,
  kOtherCivilian,
  kUnknown,
};

enum class PlaceType {
  kHome,
  kStreet,
  kWorkplace,
  kCheckpoint,
  kPoliceStation,
  kHoldingCentre,
  kBorder,
  kOther,
};

// Relationship of a described person to the person reporting.
enum class ReporterRelationship {
  kSelf,
  kSpouse,
  kChild,
  kParent,
  kSibling,
  kOtherRelative,
  kOther,
};

enum class DetentionOutcome {
  kReleased,
  kReleasedAfterPayment,
  kDeported,
  kStillDetained,
  kUnknown,
};

enum class Currency { kPkr, kAfn, kUsd };

enum class IncidentSource { kSurvivor, kFamily, kWitness, kKeyInformant, kMedia, kUnknown };

// What the survivor agreed their account may be used for.
enum class IncidentConsent {
  kLegalAid,
  kReferral,
  kAdvocacy,  // use of the anonymised story
};

// HLP: housing, land and property left behind.
enum class PropertyKind { kHouse, kLand, kShopOrBusiness, kVehicle, kLivestock, kGoods, kOther };
enum class Tenure {
  kOwnedWithDeed,
  kOwnedInformally,
  kRegisteredInAnotherName,
  kRented,
  kLeased,
  kShared,
};
enum class PropertyLoss { kLeftBehind, kSoldUnderDuress, kSeized, kDestroyed, kOccupiedByOthers };
enum class EvidenceType {
  kDeed,
  kSaleOrRentalAgreement,
  kTaxOrUtilityReceipt,
  kWitnessStatement,
  kPhoto,
};
enum class ClaimStatus { kDocumented, kReferredToLegalAid, kClaimFiled, kResolved, kAbandoned };

// Wire names and parsers (nullopt for an unknown name; the caller builds the
// error, with the *Names() list for the message).
std::string_view ToString(IncidentType value);
std::string_view ToString(Perpetrator value);
std::string_view ToString(PlaceType value);
std::string_view ToString(ReporterRelationship value);
std::string_view ToString(DetentionOutcome value);
std::string_view ToString(Currency value);  // "PKR", "AFN", "USD"
std::string_view ToString(IncidentSource value);
std::string_view ToString(IncidentConsent value);
std::string_view ToString(PropertyKind value);
std::string_view ToString(Tenure value);
std::string_view ToString(PropertyLoss value);
std::string_view ToString(EvidenceType value);
std::string_view ToString(ClaimStatus value);
std::optional<IncidentType> ParseIncidentType(std::string_view text);
std::optional<Perpetrator> ParsePerpetrator(std::string_view text);
std::optional<PlaceType> ParsePlaceType(std::string_view text);
std::optional<ReporterRelationship> ParseReporterRelationship(std::string_view text);
std::optional<DetentionOutcome> ParseDetentionOutcome(std::string_view text);
std::optional<Currency> ParseCurrency(std::string_view text);  // also lower case
std::optional<IncidentSource> ParseIncidentSource(std::string_view text);
std::optional<IncidentConsent> ParseIncidentConsent(std::string_view text);
std::optional<PropertyKind> ParsePropertyKind(std::string_view text);
std::optional<Tenure> ParseTenure(std::string_view text);
std::optional<PropertyLoss> ParsePropertyLoss(std::string_view text);
std::optional<EvidenceType> ParseEvidenceType(std::string_view text);
std::optional<ClaimStatus> ParseClaimStatus(std::string_view text);
// "age_0_4", "age_5_17", "age_18_59", "age_60_plus" (core/flow.h's names).
std::optional<AgeBand> ParseAgeBand(std::string_view text);

std::string_view IncidentTypeNames();
std::string_view PerpetratorNames();
std::string_view PlaceTypeNames();
std::string_view ReporterRelationshipNames();
std::string_view DetentionOutcomeNames();
std::string_view CurrencyNames();
std::string_view IncidentSourceNames();
std::string_view IncidentConsentNames();
std::string_view PropertyKindNames();
std::string_view TenureNames();
std::string_view PropertyLossNames();
std::string_view EvidenceTypeNames();
std::string_view ClaimStatusNames();
std::string_view AgeBandNames();

// A document a person held on the incident date, as far as the policy cares.
struct HeldDocumentRecord {
  DocumentType type = DocumentType::kOther;
  std::optional<Date> valid_until;

  bool operator==(const HeldDocumentRecord&) const = default;
};

// The strongest document a person held on the incident date, by type
// whatever its validity (validity changes the status, not the category).
enum class Documentation {
  kPorCard,
  kAcc,
  kPassportVisa,  // a visa, with or without a passport
  kTazkiraOnly,   // tazkira or e_tazkira
  kOtherOnly,     // UNHCR asylum certificate, VRF, other, or a passport alone
  kNone,
};
inline constexpr size_t kDocumentationCount = 6;

[[nodiscard]] std::string_view ToString(Documentation value);
[[nodiscard]] std::optional<Documentation> ParseDocumentation(std::string_view text);

// The category of `documents` (held on the incident date).
[[nodiscard]] Documentation DocumentationOf(const std::vector<HeldDocumentRecord>& documents);

// Detention details of one person (detention is per person).
struct Detention {
  std::string held_at;  // a place name as told ("Hajji Camp, Quetta"); not an address
  std::optional<int> days;
  DetentionOutcome outcome = DetentionOutcome::kUnknown;
  std::optional<int64_t> payment_demanded;  // whole units of `currency`
  std::optional<int64_t> payment_paid;
  std::optional<Currency> currency;  // required when a payment is given

  bool operator==(const Detention&) const = default;
};

// A person's legal status on the incident date, as the policy engine gave
// it when the incident was stored (policy/incident_status.h computes it).
struct IncidentStatusMark {
  std::string status;        // policy::LegalStatus wire name: "lawful", "removal_in_force", ...
  Date evaluated_on;         // the incident date, or the 1st of its month
  bool approximate = false;  // the incident is dated by month only
  // The status was anything but removal_in_force: the person was lawfully
  // present, tolerated, or still within a deadline to leave.
  bool valid_status = false;
  // valid_status, and the person was held (an arrest or detention, or
  // detention details given): "detained regardless of their legal status".
  bool detained_while_documented = false;
  std::vector<std::string> provisions;  // ids of the provisions that decided it

  bool operator==(const IncidentStatusMark&) const = default;
};

// One person involved: either a registered person (person_id) or a person
// described (sex, age or age band, relationship to the reporter).
struct IncidentPerson {
  std::string person_id;
  Sex sex = Sex::kUnknown;
  std::optional<int> age;  // years
  std::optional<AgeBand> age_band;
  std::optional<ReporterRelationship> relationship;
  std::vector<HeldDocumentRecord> documents_held;  // on the incident date; empty: none
  std::optional<Detention> detention;
  std::optional<IncidentStatusMark> status;  // set by the store, never by the caller

  [[nodiscard]] bool registered() const { return !person_id.empty(); }
  bool operator==(const IncidentPerson&) const = default;
};

inline constexpr size_t kMaxIncidentPersons = 200;
inline constexpr size_t kMaxNotesBytes = 8000;
inline constexpr int kMaxDetentionDays = 3650;

struct Incident {
  std::string id;
  int64_t version = 0;
  PartialDate date;      // a full date or a year and month ("2023-11")
  std::string province;  // in Pakistan, canonical gazetteer name
  std::string district;  // may be empty
  IncidentType type = IncidentType::kArrest;
  PlaceType place_type = PlaceType::kOther;
  Perpetrator perpetrator = Perpetrator::kUnknown;
  std::vector<IncidentPerson> persons;
  IncidentSource source = IncidentSource::kUnknown;
  std::vector<IncidentConsent> consents;
  std::string notes;         // narrative: sealed at rest, audited reads, never reported
  std::string external_ref;  // the incident_ref of an imported file
  std::string recorded_by;   // user id, set by the store
  std::string created_at;
  std::string updated_at;

  [[nodiscard]] ProtectionRisk risk() const { return RiskOf(type); }
  bool operator==(const Incident&) const = default;
};

// The day an incident is counted and evaluated on: its date, or the first
// of its month when dated by month only (then `approximate` is true).
struct IncidentDay {
  Date date;
  bool approximate = false;
};
[[nodiscard]] IncidentDay IncidentDayOf(const PartialDate& date);

// One person involved in one incident, as the weekly figures count them.
struct IncidentFact {
  uint64_t incident = 0;  // any number that is the same for the persons of one incident
  Date date;              // IncidentDayOf(incident.date): the 1st for a month-only date
  std::string province;   // canonical
  IncidentType type = IncidentType::kArrest;
  Documentation documentation = Documentation::kNone;
  bool valid_status = false;  // status on the date was not removal_in_force
};

// Checks an incident as a caller gives it (ids and status marks are not
// looked at): a date that is a full date or a month, not in the future; a
// type-consistent vocabulary; at least one person and at most
// kMaxIncidentPersons; each person registered (person_id alone) or described
// (no person_id); ages 0..120; detention details only with sensible days and
// payments (a currency whenever a payment is given); consents listed once;
// notes of at most kMaxNotesBytes (line breaks allowed). The first problem
// comes back as kInvalidInput naming the field by path.
[[nodiscard]] Status ValidateIncident(const Incident& incident);

// Narrative text: valid UTF-8, tabs and line breaks allowed, no other
// control characters or bidirectional overrides, at most `max_bytes`.
[[nodiscard]] Status ValidateNotes(std::string_view field, std::string_view value,
                                   size_t max_bytes = kMaxNotesBytes);

// An evidence file's metadata; the bytes are held (sealed) by the store.
struct PropertyEvidence {
  std::string id;
  EvidenceType type = EvidenceType::kPhoto;
  std::string content_type;  // "image/jpeg", "image/png", "application/pdf"
  int64_t size = 0;          // bytes
  std::string created_at;

  bool operator==(const PropertyEvidence&) const = default;
};

inline constexpr int64_t kMaxEvidenceBytes = 10 * 1024 * 1024;

// The content type of an evidence file from its first bytes: "image/jpeg",
// "image/png" or "application/pdf"; kInvalidInput naming `field` for
// anything else, or when `declared` (the upload's own Content-Type, may be
// empty) disagrees with what the bytes are, or when the file is empty or
// over kMaxEvidenceBytes.
[[nodiscard]] Result<std::string> CheckEvidenceContent(std::string_view field,
                                                       std::string_view declared,
                                                       std::string_view bytes);

struct PropertyRecord {
  std::string id;
  int64_t version = 0;
  std::string household_id;
  PropertyKind kind = PropertyKind::kOther;
  std::string province;  // in Pakistan
  std::string district;
  std::string address;  // free text, sealed at rest, audited reads
  std::optional<Tenure> tenure;
  PropertyLoss loss = PropertyLoss::kLeftBehind;  // "what happened"
  std::optional<PartialDate> loss_date;           // "when"
  std::optional<int64_t> estimated_value;
  std::optional<Currency> currency;       // required with a value
  std::vector<std::string> claimant_ids;  // members of the household
  ClaimStatus claim_status = ClaimStatus::kDocumented;
  std::vector<PropertyEvidence> evidence;  // metadata; set by the store
  std::string recorded_by;
  std::string created_at;
  std::string updated_at;

  bool operator==(const PropertyRecord&) const = default;
};

// Checks a property record as a caller gives it: household given, places
// and address as text (address up to 500 bytes), a date not in the future,
// a value of zero or more with its currency, claimants listed once.
// Whether the claimants belong to the household is the store's check.
[[nodiscard]] Status ValidatePropertyRecord(const PropertyRecord& record);

}  // namespace sanad
