#include "core/model.h"

#include <array>
#include <utility>

#include "core/name_table.h"

namespace sanad {
namespace {

constexpr NameTable<Sex, 3> kSexNames{
    {{Sex::kUnknown, "unknown"}, {Sex::kFemale, "female"}, {Sex::kMale, "male"}}};

constexpr NameTable<DocumentType, 9> kDocumentTypeNames{{
    {DocumentType::kTazkira, "tazkira"},
    {DocumentType::kETazkira, "e_tazkira"},
    {DocumentType::kPorCard, "por_card"},
    {DocumentType::kAcc, "acc"},
    {DocumentType::kPassport, "passport"},
    {DocumentType::kVisa, "visa"},
    {DocumentType::kUnhcrAsylumCertificate, "unhcr_asylum_certificate"},
    {DocumentType::kVrf, "vrf"},
    {DocumentType::kOther, "other"},
}};

constexpr NameTable<Relationship, 12> kRelationshipNames{{
    {Relationship::kHead, "head"},
    {Relationship::kSpouse, "spouse"},
    {Relationship::kSon, "son"},
    {Relationship::kDaughter, "daughter"},
    {Relationship::kFather, "father"},
    {Relationship::kMother, "mother"},
    {Relationship::kBrother, "brother"},
    {Relationship::kSister, "sister"},
    {Relationship::kGrandchild, "grandchild"},
    {Relationship::kGrandparent, "grandparent"},
    {Relationship::kOtherRelative, "other_relative"},
    {Relationship::kNotRelated, "not_related"},
}};

constexpr NameTable<Direction, 2> kDirectionNames{
    {{Direction::kToAfghanistan, "to_afghanistan"}, {Direction::kToPakistan, "to_pakistan"}}};

constexpr NameTable<MovementMode, 3> kModeNames{{
    {MovementMode::kSpontaneous, "spontaneous"},
    {MovementMode::kDeported, "deported"},
    {MovementMode::kAssistedVoluntaryRepatriation, "assisted_voluntary_repatriation"},
}};

constexpr NameTable<ConsentPurpose, 5> kConsentNames{{
    {ConsentPurpose::kRegistration, "registration"},
    {ConsentPurpose::kAssistance, "assistance"},
    {ConsentPurpose::kTracing, "tracing"},
    {ConsentPurpose::kLegalAid, "legal_aid"},
    {ConsentPurpose::kReferral, "referral"},
}};

}  // namespace

std::string_view ToString(Sex value) { return NameOf(kSexNames, value); }
std::string_view ToString(DocumentType value) { return NameOf(kDocumentTypeNames, value); }
std::string_view ToString(Relationship value) { return NameOf(kRelationshipNames, value); }
std::string_view ToString(Direction value) { return NameOf(kDirectionNames, value); }
std::string_view ToString(MovementMode value) { return NameOf(kModeNames, value); }
std::string_view ToString(ConsentPurpose value) { return NameOf(kConsentNames, value); }

std::optional<Sex> ParseSex(std::string_view text) {
  if (text == "f" || text == "F") return Sex::kFemale;
  if (text == "m" || text == "M") return Sex::kMale;
  if (text.empty()) return Sex::kUnknown;
  return ValueOf(kSexNames, text);
}
std::optional<DocumentType> ParseDocumentType(std::string_view text) {
  return ValueOf(kDocumentTypeNames, text);
}
std::optional<Relationship> ParseRelationship(std::string_view text) {
  return ValueOf(kRelationshipNames, text);
}
std::optional<Direction> ParseDirection(std::string_view text) {
  return ValueOf(kDirectionNames, text);
}
std::optional<MovementMode> ParseMovementMode(std::string_view text) {
  return ValueOf(kModeNames, text);
}
std::optional<ConsentPurpose> ParseConsentPurpose(std::string_view text) {
  return ValueOf(kConsentNames, text);
}

std::string_view DocumentTypeNames() {
  return "tazkira, e_tazkira, por_card, acc, passport, visa, unhcr_asylum_certificate, vrf, other";
}
std::string_view RelationshipNames() {
  return "head, spouse, son, daughter, father, mother, brother, sister, grandchild, grandparent, "
         "other_relative, not_related";
}
std::string_view MovementModeNames() {
  return "spontaneous, deported, assisted_voluntary_repatriation";
}
std::string_view ConsentPurposeNames() {
  return "registration, assistance, tracing, legal_aid, referral";
}

}  // namespace sanad
