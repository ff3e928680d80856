#include "core/incident.h"

#include <gtest/gtest.h>

#include <string>

namespace sanad {
namespace {

Incident Detention() {
  Incident incident;
  incident.date = *PartialDate::Parse("2023-11-10", "date");
  incident.province = "Balochistan";
  incident.district = "Quetta";
  incident.type = IncidentType::kDetention;
  IncidentPerson registered;
  registered.person_id = "0190d7f0-0000-7000-8000-000000000001";
  registered.documents_held = {{DocumentType::kPorCard, std::nullopt}};
  registered.detention = sanad::Detention{"Hajji Camp", 3, DetentionOutcome::kReleasedAfterPayment,
                                          20000, 15000, Currency::kPkr};
  IncidentPerson described;
  described.sex = Sex::kMale;
  described.age = 17;
  described.relationship = ReporterRelationship::kChild;
  incident.persons = {registered, described};
  incident.consents = {IncidentConsent::kLegalAid, IncidentConsent::kAdvocacy};
  incident.notes = "Taken at the checkpoint.\nReleased on the third day.";
  return incident;
}

TEST(Incident, EveryTypeMapsToOneProtectionRiskOfTheSharedList) {
  for (const char* name :
       {"arrest", "detention", "extortion", "harassment", "physical_violence", "eviction",
        "property_seized", "property_destroyed", "documents_confiscated", "documents_destroyed",
        "family_separation", "deportation"}) {
    SCOPED_TRACE(name);
    auto type = ParseIncidentType(name);
    ASSERT_TRUE(type);
    EXPECT_EQ(ToString(*type), name);
    EXPECT_TRUE(ParseProtectionRisk(ToString(RiskOf(*type))));
  }
  EXPECT_EQ(RiskOf(IncidentType::kArrest), ProtectionRisk::kArbitraryArrestDetention);
  EXPECT_EQ(RiskOf(IncidentType::kDeportation), ProtectionRisk::kForcedReturn);
  EXPECT_EQ(RiskOf(IncidentType::kDocumentsDestroyed), ProtectionRisk::kImpedimentsLegalIdentity);
  EXPECT_EQ(RiskOf(IncidentType::kExtortion), ProtectionRisk::kTheftExtortionEvictionProperty);
  EXPECT_EQ(AllProtectionRisks().size(), 10u);
  for (ProtectionRisk risk : AllProtectionRisks()) {
    EXPECT_EQ(ParseProtectionRisk(ToString(risk)), risk);
    EXPECT_NE(ProtectionRiskLabel(risk), "unknown");
  }
}

TEST(Incident, VocabulariesRoundTrip) {
  EXPECT_EQ(ParsePerpetrator("other_authority"), Perpetrator::kOtherAuthority);
  EXPECT_EQ(ParsePlaceType("holding_centre"), PlaceType::kHoldingCentre);
  EXPECT_EQ(ParseDetentionOutcome("released_after_payment"),
            DetentionOutcome::kReleasedAfterPayment);
  EXPECT_EQ(ParseCurrency("PKR"), Currency::kPkr);
  EXPECT_EQ(ParseCurrency("afn"), Currency::kAfn);
  EXPECT_EQ(ParseIncidentConsent("advocacy"), IncidentConsent::kAdvocacy);
  EXPECT_EQ(ParseTenure("registered_in_another_name"), Tenure::kRegisteredInAnotherName);
  EXPECT_EQ(ParsePropertyLoss("sold_under_duress"), PropertyLoss::kSoldUnderDuress);
  EXPECT_EQ(ParseClaimStatus("referred_to_legal_aid"), ClaimStatus::kReferredToLegalAid);
  EXPECT_EQ(ParseAgeBand("age_60_plus"), AgeBand::k60Plus);
  EXPECT_FALSE(ParsePerpetrator("Mr Khan"));  // a category, never a name
  EXPECT_NE(IncidentTypeNames().find("documents_confiscated"), std::string_view::npos);
}

TEST(Incident, AcceptsADetentionOfARegisteredAndADescribedPerson) {
  auto ok = ValidateIncident(Detention());
  EXPECT_TRUE(ok) << ok.error().field << ": " << ok.error().message;
}

TEST(Incident, MonthOnlyDatesAreCountedOnTheFirstAndApproximate) {
  IncidentDay day = IncidentDayOf(*PartialDate::Parse("2023-11", "date"));
  EXPECT_EQ(day.date, (Date{2023, 11, 1}));
  EXPECT_TRUE(day.approximate);
  day = IncidentDayOf(*PartialDate::Parse("2023-11-10", "date"));
  EXPECT_EQ(day.date, (Date{2023, 11, 10}));
  EXPECT_FALSE(day.approximate);
}

TEST(Incident, ErrorsNameTheFieldByPath) {
  struct Case {
    const char* what;
    void (*change)(Incident*);
    const char* field;
  } cases[] = {
      {"year only", [](Incident* i) { i->date = *PartialDate::Parse("2023", "date"); }, "date"},
      {"future", [](Incident* i) { i->date = *PartialDate::Parse("2099-01-01", "date"); }, "date"},
      {"no province", [](Incident* i) { i->province.clear(); }, "province"},
      {"nobody", [](Incident* i) { i->persons.clear(); }, "persons"},
      {"both registered and described",
       [](Incident* i) { i->persons[0].sex = Sex::kFemale; }, "persons[0].person_id"},
      {"same person twice", [](Incident* i) { i->persons[1] = i->persons[0]; },
       "persons[1].person_id"},
      {"age", [](Incident* i) { i->persons[1].age = 130; }, "persons[1].age"},
      {"age band disagrees", [](Incident* i) { i->persons[1].age_band = AgeBand::k60Plus; },
       "persons[1].age_band"},
      {"days", [](Incident* i) { i->persons[0].detention->days = -1; },
       "persons[0].detention.days"},
      {"payment without currency",
       [](Incident* i) { i->persons[0].detention->currency.reset(); },
       "persons[0].detention.currency"},
      {"negative payment", [](Incident* i) { i->persons[0].detention->payment_paid = -5; },
       "persons[0].detention.payment_paid"},
      {"document twice",
       [](Incident* i) { i->persons[0].documents_held.push_back(i->persons[0].documents_held[0]); },
       "persons[0].documents_held[1]"},
      {"consent twice",
       [](Incident* i) { i->consents.push_back(IncidentConsent::kLegalAid); }, "consents[2]"},
      {"notes control character", [](Incident* i) { i->notes = "a\x01" "b"; }, "notes"},
      {"notes bidi override", [](Incident* i) { i->notes = "a\u202Eb"; }, "notes"},
      {"notes too long", [](Incident* i) { i->notes = std::string(kMaxNotesBytes + 1, 'a'); },
       "notes"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    Incident incident = Detention();
    c.change(&incident);
    auto r = ValidateIncident(incident);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Error::Code::kInvalidInput);
    EXPECT_EQ(r.error().field, c.field) << r.error().message;
  }
}

TEST(Incident, NotesKeepLineBreaksAndPersianMarks) {
  Incident incident = Detention();
  incident.notes = "line one\r\nline two\twith a tab\nمی\u200Cخواهد";
  EXPECT_TRUE(ValidateIncident(incident));
}

TEST(PropertyRecord, ValidatesValueCurrencyAndClaimants) {
  PropertyRecord r;
  r.household_id = "h1";
  r.kind = PropertyKind::kShopOrBusiness;
  r.province = "Sindh";
  r.address = "Shop 4, Sohrab Goth market\nnear the mosque";
  r.estimated_value = 2'500'000;
  r.currency = Currency::kPkr;
  r.claimant_ids = {"p1", "p2"};
  EXPECT_TRUE(ValidatePropertyRecord(r));
  PropertyRecord bad = r;
  bad.currency.reset();
  EXPECT_EQ(ValidatePropertyRecord(bad).error().field, "currency");
  bad = r;
  bad.claimant_ids.push_back("p1");
  EXPECT_EQ(ValidatePropertyRecord(bad).error().field, "claimants[2]");
  bad = r;
  bad.household_id.clear();
  EXPECT_EQ(ValidatePropertyRecord(bad).error().field, "household_id");
  bad = r;
  bad.address = std::string(501, 'x');
  EXPECT_EQ(ValidatePropertyRecord(bad).error().field, "address");
}

TEST(PropertyEvidence, ContentTypeIsCheckedFromTheBytes) {
  const std::string jpeg = "\xFF\xD8\xFF\xE0rest";
  const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + "rest";
  const std::string pdf = "%PDF-1.7\n";
  EXPECT_EQ(CheckEvidenceContent("file", "image/jpeg", jpeg), "image/jpeg");
  EXPECT_EQ(CheckEvidenceContent("file", "", png), "image/png");
  EXPECT_EQ(CheckEvidenceContent("file", "application/pdf", pdf), "application/pdf");
  EXPECT_FALSE(CheckEvidenceContent("file", "image/png", jpeg));  // says png, is jpeg
  EXPECT_FALSE(CheckEvidenceContent("file", "text/html", "<html>"));
  EXPECT_FALSE(CheckEvidenceContent("file", "", ""));
  auto big = std::string(static_cast<size_t>(kMaxEvidenceBytes) + 1, 'x');
  big.replace(0, 5, "%PDF-");
  auto r = CheckEvidenceContent("file", "", big);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "file");
}

}  // namespace
}  // namespace sanad
