// The domain's value types: a Household of Persons holding Documents, and a
// Movement (one crossing of a border). Plain structs; `validation.h` checks
// them and names the field at fault. Names are kept exactly as written, in
// either script: folding for comparison is the `text` layer's job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"

namespace sanad {

enum class Sex { kUnknown, kFemale, kMale };

enum class DocumentType {
  kTazkira,
  kETazkira,
  kPorCard,
  kAcc,
  kPassport,
  kVisa,
  kUnhcrAsylumCertificate,
  kVrf,
  kOther,
};

enum class Relationship {
  kHead,
  kSpouse,
  kSon,
  kDaughter,
  kFather,
  kMother,
  kBrother,
  kSister,
  kGrandchild,
  kGrandparent,
  kOtherRelative,
  kNotRelated,
};

enum class Direction { kToAfghanistan, kToPakistan };

enum class MovementMode { kSpontaneous, kDeported, kAssistedVoluntaryRepatriation };

// The purposes a person may consent to their data being used for.
enum class ConsentPurpose { kRegistration, kAssistance, kTracing, kLegalAid, kReferral };

// Wire names ("e_tazkira", "to_afghanistan", ...) and their parsers. Parsers
// return nullopt for an unknown name; the caller builds the error.
std::string_view ToString(Sex value);
std::string_view ToString(DocumentType value);
std::string_view ToString(Relationship value);
std::string_view ToString(Direction value);
std::string_view ToString(MovementMode value);
std::string_view ToString(ConsentPurpose value);
std::optional<Sex> ParseSex(std::string_view text);  // also "f", "m", "female", "male"
std::optional<DocumentType> ParseDocumentType(std::string_view text);
std::optional<Relationship> ParseRelationship(std::string_view text);
std::optional<Direction> ParseDirection(std::string_view text);
std::optional<MovementMode> ParseMovementMode(std::string_view text);
std::optional<ConsentPurpose> ParseConsentPurpose(std::string_view text);

// The accepted names, comma-separated, for error messages.
std::string_view DocumentTypeNames();
std::string_view RelationshipNames();
std::string_view MovementModeNames();
std::string_view ConsentPurposeNames();

struct Document {
  DocumentType type = DocumentType::kOther;
  std::string number;                 // as printed; may be empty
  std::optional<PartialDate> issued;  // often only a year is known
  std::optional<Date> valid_until;    // where printed on the document

  bool operator==(const Document&) const = default;
};

struct Person {
  std::string id;            // UUIDv7, set by the store on creation
  std::string external_id;   // the record_id of an imported file, kept for export
  std::string household_id;  // empty for a person outside any household
  std::string given_name;    // required
  std::string father_name;
  std::string grandfather_name;
  std::string family_name;   // tribe or family name: optional, often absent
  Sex sex = Sex::kUnknown;
  std::optional<PartialDate> birth_date;
  std::string phone;
  std::optional<Relationship> relationship;  // to the household head
  std::vector<Document> documents;
  std::vector<ConsentPurpose> consents;
  std::string consent_recorded_by;  // user id of who recorded the consent
  // Vulnerability wire names (core/flow.h `Vulnerability`), e.g. "disability"; sensitive.
  std::vector<std::string> vulnerabilities;

  bool operator==(const Person&) const = default;
};

struct Household {
  std::string id;
  int64_t version = 0;  // optimistic concurrency: incremented by every update
  std::vector<Person> members;
  std::string origin_province;  // in Pakistan, where the household lived
  std::string origin_district;
  std::string current_location;
  std::string destination_province;  // in Afghanistan
  std::string destination_district;
  std::string created_at;  // ISO 8601 UTC timestamps, set by the store
  std::string updated_at;

  bool operator==(const Household&) const = default;
};

struct Movement {
  std::string id;
  Date date;
  std::string crossing_point;  // a name from the crossing-point gazetteer
  Direction direction = Direction::kToAfghanistan;
  MovementMode mode = MovementMode::kSpontaneous;
  std::string household_id;             // empty for individuals only
  std::vector<std::string> person_ids;  // the people who crossed
  std::string created_at;

  bool operator==(const Movement&) const = default;
};

}  // namespace sanad
