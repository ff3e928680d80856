// Incidents and property records, on SQLite and PostgreSQL: round trips, the
// status marks, the list order, all-or-nothing import, sealing (the raw
// files hold no notes, address or evidence bytes) and audited reads.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "../testing/test_database.h"
#include "policy/policy.h"
#include "store/store.h"

namespace sanad::store {
namespace {

const Actor kActor{"registrar-1", "127.0.0.1"};

const policy::Policy& Shipped() {
  static const policy::Policy kPolicy = *policy::LoadShippedPolicy();
  return kPolicy;
}

class IncidentStoreTest : public ::testing::TestWithParam<sanad::testing::Backend> {
 protected:
  void SetUp() override {
    if (!db_.Create()) return;
    Key key;
    key.fill(9);
    auto s = db_.OpenStore(KeyRing::FromMasterKey(key));
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    Household h;
    h.origin_province = "Balochistan";
    Person head;
    head.given_name = "Gul Ahmad";
    head.relationship = Relationship::kHead;
    head.documents.push_back({DocumentType::kPorCard, "PoR-1", {}, {}});
    Person son;
    son.given_name = "Noor";
    son.relationship = Relationship::kSon;
    h.members = {head, son};
    auto created = store_->CreateHousehold(h, kActor);
    ASSERT_TRUE(created) << created.error().message;
    household_ = *created;
  }
  std::string RawFiles() { return db_.RawContents(); }
  int64_t AuditSeq() { return store_->AuditHead()->seq; }

  Incident Detention(const char* date = "2023-11-10") {
    Incident i;
    i.date = *PartialDate::Parse(date, "date");
    i.province = "baluchistan";
    i.district = "کوئٹہ";
    i.type = IncidentType::kDetention;
    i.place_type = PlaceType::kCheckpoint;
    i.perpetrator = Perpetrator::kPolice;
    i.source = IncidentSource::kFamily;
    i.consents = {IncidentConsent::kLegalAid};
    IncidentPerson registered;
    registered.person_id = household_.members[0].id;
    registered.documents_held = {{DocumentType::kPorCard, std::nullopt}};
    registered.detention = sanad::Detention{"Hajji Camp", 4, DetentionOutcome::kStillDetained,
                                            30000, std::nullopt, Currency::kPkr};
    IncidentPerson described;
    described.sex = Sex::kMale;
    described.age = 19;
    described.relationship = ReporterRelationship::kSibling;
    i.persons = {registered, described};
    i.notes = "Taken from the bus at Baleli checkpoint; card torn up by an officer.";
    return i;
  }

  sanad::testing::TestDatabase db_{GetParam()};
  std::unique_ptr<Store> store_;
  Household household_;
};

INSTANTIATE_TEST_SUITE_P(Backends, IncidentStoreTest, sanad::testing::BothBackends(),
                         sanad::testing::BackendName);

TEST_P(IncidentStoreTest, RoundTripWithCanonicalPlaceAndStatusMarks) {
  auto created = store_->CreateIncident(Detention(), Shipped(), kActor);
  ASSERT_TRUE(created) << created.error().field << ": " << created.error().message;
  EXPECT_EQ(created->province, "Balochistan");
  EXPECT_EQ(created->district, "Quetta");
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(created->recorded_by, "registrar-1");
  ASSERT_TRUE(created->persons[0].status);
  EXPECT_EQ(created->persons[0].status->status, "lawful");
  EXPECT_TRUE(created->persons[0].status->detained_while_documented);
  EXPECT_FALSE(created->persons[1].status->detained_while_documented);  // no papers that day
  const int64_t before = AuditSeq();
  auto read = store_->GetIncident(created->id, kActor);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(*read, *created);
  EXPECT_EQ(AuditSeq(), before + 1);  // the read is audited
  EXPECT_EQ(store_->AuditHead()->action, "incident.read");
}

// A damaged stored value is an error naming table, row and column, never a
// default (an unknown type read back as an arrest would enter the figures).
TEST_P(IncidentStoreTest, DamagedStoredValuesAreErrorsNotDefaults) {
  auto created = store_->CreateIncident(Detention(), Shipped(), kActor);
  ASSERT_TRUE(created) << created.error().message;
  auto corrupt = [&](const std::string& sql) {
    auto changed = db_.Execute(sql);
    ASSERT_TRUE(changed) << changed.error().message;
    EXPECT_EQ(*changed, 1) << sql;
  };
  corrupt("UPDATE incidents SET type = 'kidnap' WHERE id = '" + created->id + "'");
  auto read = store_->GetIncident(created->id, kActor);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, Error::Code::kInternal);
  EXPECT_EQ(read.error().field, "incidents.type");
  EXPECT_NE(read.error().message.find(created->id), std::string::npos);
  EXPECT_FALSE(store_->ListIncidents({}, kActor));
  corrupt("UPDATE incidents SET type = 'detention' WHERE id = '" + created->id + "'");
  corrupt("UPDATE incident_persons SET details = replace(details, '\"outcome\":\"still_detained\"', "
          "'\"outcome\":\"vanished\"') WHERE incident_id = '" + created->id +
          "' AND person_id = '" + household_.members[0].id + "'");
  read = store_->GetIncident(created->id, kActor);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().field, "incident_persons.details.detention.outcome");
}

TEST_P(IncidentStoreTest, RawDatabaseFilesHoldNoNotesAddressOrEvidenceBytes) {
  ASSERT_TRUE(store_->CreateIncident(Detention(), Shipped(), kActor));
  PropertyRecord p;
  p.household_id = household_.id;
  p.kind = PropertyKind::kHouse;
  p.province = "Sindh";
  p.address = "House 12, Street 7, Sohrab Goth";
  auto property = store_->CreateProperty(p, kActor);
  ASSERT_TRUE(property) << property.error().message;
  const std::string pdf = "%PDF-1.4\nSECRET-DEED-CONTENT-9931\n%%EOF";
  ASSERT_TRUE(store_->AddEvidence(property->id, EvidenceType::kDeed, "application/pdf", pdf, kActor));
  const std::string raw = RawFiles();
  ASSERT_FALSE(raw.empty());
  for (const char* secret : {"Baleli", "torn up", "Sohrab Goth", "Street 7", "SECRET-DEED"}) {
    SCOPED_TRACE(secret);
    EXPECT_EQ(raw.find(secret), std::string::npos);
  }
  auto file = store_->GetEvidenceFile(
      property->id, store_->GetProperty(property->id, kActor)->evidence.at(0).id, kActor);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->bytes, pdf);
  EXPECT_EQ(file->content_type, "application/pdf");
}

TEST_P(IncidentStoreTest, BadInputNamesTheFieldAndChangesNothing) {
  const int64_t before = AuditSeq();
  Incident unknown = Detention();
  unknown.persons[0].person_id = "no-such-person";
  auto r = store_->CreateIncident(unknown, Shipped(), kActor);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "persons[0].person_id");
  Incident wrong_district = Detention();
  wrong_district.district = "Lahore";
  r = store_->CreateIncident(wrong_district, Shipped(), kActor);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "district");
  EXPECT_EQ(AuditSeq(), before);
  EXPECT_TRUE(store_->ListIncidents({}, kActor)->empty());
}

TEST_P(IncidentStoreTest, UpdateChecksTheVersionAndRemarks) {
  auto created = store_->CreateIncident(Detention(), Shipped(), kActor);
  ASSERT_TRUE(created);
  Incident changed = *created;
  changed.date = *PartialDate::Parse("2025-11", "date");  // PoR cards no longer protect
  auto updated = store_->UpdateIncident(changed, 1, Shipped(), kActor);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->version, 2);
  EXPECT_TRUE(updated->persons[0].status->approximate);
  EXPECT_EQ(updated->persons[0].status->status, "removal_in_force");
  auto stale = store_->UpdateIncident(changed, 1, Shipped(), kActor);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, Error::Code::kConflict);
  EXPECT_EQ(store_->GetIncident(created->id, kActor)->notes, created->notes);
}

TEST_P(IncidentStoreTest, StillDetainedDocumentedPersonsComeFirst) {
  Incident released = Detention("2023-11-12");
  released.persons[0].detention->outcome = DetentionOutcome::kReleased;
  ASSERT_TRUE(store_->CreateIncident(released, Shipped(), kActor));
  auto urgent = store_->CreateIncident(Detention("2023-11-01"), Shipped(), kActor);
  ASSERT_TRUE(urgent);
  Incident undocumented = Detention("2023-11-20");
  undocumented.persons.erase(undocumented.persons.begin());
  ASSERT_TRUE(store_->CreateIncident(undocumented, Shipped(), kActor));
  auto list = store_->ListIncidents({}, kActor);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].id, urgent->id);
  EXPECT_TRUE((*list)[0].still_detained_documented);
  EXPECT_EQ((*list)[1].date, "2023-11-20");  // then newest first
  IncidentFilter documented;
  documented.documented = false;
  EXPECT_EQ(store_->ListIncidents(documented, kActor)->size(), 1u);
  auto facts = store_->ListIncidentFacts(Date{2023, 11, 1}, Date{2023, 11, 30});
  ASSERT_TRUE(facts);
  EXPECT_EQ(facts->size(), 5u);
}

TEST_P(IncidentStoreTest, ImportIsAllOrNothing) {
  std::vector<Incident> batch(3, Detention());
  batch[2].persons[1].age = 300;
  auto r = store_->ImportIncidents(&batch, Shipped(), kActor);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "incidents[2].persons[1].age");
  EXPECT_TRUE(store_->ListIncidents({}, kActor)->empty());
  batch[2].persons[1].age = 30;
  ASSERT_TRUE(store_->ImportIncidents(&batch, Shipped(), kActor));
  EXPECT_EQ(store_->ListIncidents({}, kActor)->size(), 3u);
}

TEST_P(IncidentStoreTest, PropertyClaimantsMustBeMembersAndEveryReadIsAudited) {
  PropertyRecord p;
  p.household_id = household_.id;
  p.kind = PropertyKind::kLivestock;
  p.loss = PropertyLoss::kSeized;
  p.loss_date = *PartialDate::Parse("2023-11", "date");
  p.estimated_value = 450000;
  p.currency = Currency::kPkr;
  p.claimant_ids = {household_.members[0].id, "someone-else"};
  auto bad = store_->CreateProperty(p, kActor);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "claimants[1]");
  p.claimant_ids.pop_back();
  auto created = store_->CreateProperty(p, kActor);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_FALSE(store_->AddEvidence(created->id, EvidenceType::kPhoto, "image/png",
                                   "<svg>not an image</svg>", kActor));
  const std::string jpeg = "\xFF\xD8\xFF\xE0 photo of the herd";
  ASSERT_TRUE(store_->AddEvidence(created->id, EvidenceType::kPhoto, "image/jpeg", jpeg, kActor));
  const int64_t before = AuditSeq();
  auto listed = store_->ListProperties(household_.id, kActor);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(AuditSeq(), before + 1);
  const PropertyRecord& got = (*listed)[0];
  EXPECT_EQ(got.estimated_value, 450000);
  EXPECT_EQ(got.loss_date->ToIso(), "2023-11");
  ASSERT_EQ(got.evidence.size(), 1u);
  EXPECT_EQ(got.evidence[0].content_type, "image/jpeg");
  EXPECT_EQ(got.evidence[0].size, static_cast<int64_t>(jpeg.size()));
  EXPECT_EQ(store_->GetProperty("nope", kActor).error().code, Error::Code::kNotFound);
}

}  // namespace
}  // namespace sanad::store
