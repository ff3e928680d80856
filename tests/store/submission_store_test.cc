// Store::ImportSubmissions: households from form submissions, skipped by
// instanceID, updated by an edit with the version check, all or nothing.
#include <gtest/gtest.h>

#include "../testing/temp_dir.h"
#include "store/store.h"

namespace sanad::store {
namespace {

const Actor kActor{"cli:test", ""};

Person Member(std::string given, Relationship relationship) {
  Person p;
  p.given_name = std::move(given);
  p.father_name = "Abdul Rahman";
  p.relationship = relationship;
  p.consents = {ConsentPurpose::kRegistration};
  return p;
}

SubmittedHousehold Submission(std::string instance_id, size_t members) {
  SubmittedHousehold s;
  s.instance_id = std::move(instance_id);
  s.household.origin_province = "Sindh";
  s.household.destination_province = "kandahar";
  s.household.members.push_back(Member("Mohammad Zaman", Relationship::kHead));
  for (size_t i = 1; i < members; ++i) {
    s.household.members.push_back(
        Member("Child " + std::string(1, char('A' + i)), Relationship::kSon));
  }
  return s;
}

class SubmissionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Key key;
    key.fill(3);
    auto s = Store::OpenSqliteFile(dir_.File("site.db"), KeyRing::FromMasterKey(key), clock_);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
  }
  Result<std::vector<SubmissionOutcome>> Import(std::vector<SubmittedHousehold> submissions) {
    last_ = std::move(submissions);
    return store_->ImportSubmissions(&last_, kActor);
  }
  int64_t AuditEntries() { return store_->AuditHead()->seq; }

  sanad::testing::TempDir dir_;
  TestClock clock_;
  std::unique_ptr<Store> store_;
  std::vector<SubmittedHousehold> last_;
};

using enum SubmissionOutcome;

TEST_F(SubmissionStoreTest, CreatesThenSkipsWhatWasImportedWithoutWritingAnything) {
  auto first = Import({Submission("uuid:1", 3), Submission("uuid:2", 1)});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(*first, (std::vector{kCreated, kCreated}));
  const std::string household = last_[0].household.id;
  EXPECT_EQ(last_[0].household.destination_province, "Kandahar");  // made canonical
  const int64_t audit = AuditEntries();

  auto again = Import({Submission("uuid:1", 3), Submission("uuid:2", 1)});
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, (std::vector{kSkipped, kSkipped}));
  EXPECT_EQ(last_[0].household.id, household);
  EXPECT_EQ(AuditEntries(), audit) << "a second import writes not even an audit entry";
  EXPECT_EQ(*store_->CountPersons(), 4);
}

TEST_F(SubmissionStoreTest, AnEditUpdatesByDeprecatedIdOrRootIdKeepingMemberIds) {
  ASSERT_TRUE(Import({Submission("uuid:k1", 2), Submission("uuid:o1", 1)}));
  const Household kobo = last_[0].household;
  const Household odk = last_[1].household;

  SubmittedHousehold kobo_edit = Submission("uuid:k2", 3);  // Kobo: names the old version
  kobo_edit.deprecated_id = "uuid:k1";
  SubmittedHousehold odk_edit = Submission("uuid:o2", 2);  // ODK Central: keeps its first id
  odk_edit.root_id = "uuid:o1";
  auto edited = Import({kobo_edit, odk_edit});
  ASSERT_TRUE(edited) << edited.error().message;
  EXPECT_EQ(*edited, (std::vector{kUpdated, kUpdated}));
  auto stored = store_->GetHousehold(kobo.id, kActor);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->version, 2);
  ASSERT_EQ(stored->members.size(), 3u);
  EXPECT_EQ(stored->members[0].id, kobo.members[0].id);
  EXPECT_EQ(stored->members[1].id, kobo.members[1].id);
  EXPECT_EQ(store_->GetHousehold(odk.id, kActor)->members.size(), 2u);

  // A second edit of the Kobo one, naming the first edit.
  SubmittedHousehold again = Submission("uuid:k3", 3);
  again.deprecated_id = "uuid:k2";
  again.household.members[2].given_name = "Nazo";
  ASSERT_EQ(*Import({again}), std::vector{kUpdated});
  EXPECT_EQ(store_->GetHousehold(kobo.id, kActor)->version, 3);
  EXPECT_EQ(*store_->CountPersons(), 5);
}

TEST_F(SubmissionStoreTest, AnEditAfterAChangeInSanadIsAConflictNamingItsIndex) {
  ASSERT_TRUE(Import({Submission("uuid:1", 2)}));
  Household h = last_[0].household;
  h.current_location = "Torkham";
  ASSERT_TRUE(store_->UpdateHousehold(h, 1, Actor{"registrar", ""}));
  const int64_t audit = AuditEntries();

  SubmittedHousehold edit = Submission("uuid:2", 2);
  edit.deprecated_id = "uuid:1";
  auto refused = Import({Submission("uuid:3", 1), edit});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Error::Code::kConflict);
  EXPECT_EQ(refused.error().line, 2);
  EXPECT_EQ(AuditEntries(), audit);
  EXPECT_EQ(*store_->CountPersons(), 2) << "the new household before it is not written either";
  EXPECT_EQ(store_->GetHousehold(h.id, kActor)->version, 2);
}

TEST_F(SubmissionStoreTest, TwoEditsOfTheSameVersionConflict) {
  ASSERT_TRUE(Import({Submission("uuid:1", 1)}));
  SubmittedHousehold first = Submission("uuid:2a", 2);
  first.deprecated_id = "uuid:1";
  ASSERT_EQ(*Import({first}), std::vector{kUpdated});
  SubmittedHousehold second = Submission("uuid:2b", 1);  // edited from version 1 too
  second.deprecated_id = "uuid:1";
  auto refused = Import({second});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Error::Code::kConflict);
  EXPECT_NE(refused.error().message.find("another edit of the same submission"), std::string::npos);
}

TEST_F(SubmissionStoreTest, AnEditNeverDropsAMember) {
  ASSERT_TRUE(Import({Submission("uuid:1", 3)}));
  const std::string id = last_[0].household.id;
  SubmittedHousehold edit = Submission("uuid:2", 2);
  edit.deprecated_id = "uuid:1";
  auto refused = Import({edit});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "members");
  EXPECT_NE(refused.error().message.find("erase"), std::string::npos);
  auto kept = store_->GetHousehold(id, kActor);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->members.size(), 3u);
  EXPECT_EQ(kept->version, 1);
  // Nothing recorded: the same edit, corrected, is imported later.
  SubmittedHousehold corrected = Submission("uuid:2", 3);
  corrected.deprecated_id = "uuid:1";
  EXPECT_EQ(*Import({corrected}), std::vector{kUpdated});
}

TEST_F(SubmissionStoreTest, AnEditCannotBringBackAnErasedPerson) {
  ASSERT_TRUE(Import({Submission("uuid:1", 3)}));
  const Household imported = last_[0].household;
  ASSERT_TRUE(store_->ErasePerson(imported.members[1].id, "the person asked for it (test)",
                                  Actor{"admin", ""}));
  // The household's version is unchanged by the erasure; the edit still
  // lists the erased person second, as the form does.
  SubmittedHousehold edit = Submission("uuid:2", 3);
  edit.deprecated_id = "uuid:1";
  auto refused = Import({edit});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Error::Code::kConflict);
  EXPECT_EQ(refused.error().field, "members[1]");
  auto kept = store_->GetHousehold(imported.id, kActor);
  ASSERT_TRUE(kept);
  ASSERT_EQ(kept->members.size(), 2u);
  EXPECT_EQ(kept->members[1].id, imported.members[2].id);
  EXPECT_EQ(kept->members[1].given_name, imported.members[2].given_name)
      << "the third person was not overwritten with the second's answers";
}

TEST_F(SubmissionStoreTest, AnInvalidHouseholdChangesNothing) {
  SubmittedHousehold bad = Submission("uuid:2", 2);
  bad.household.destination_province = "Atlantis";
  auto refused = Import({Submission("uuid:1", 2), bad});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "destination_province");
  EXPECT_EQ(refused.error().line, 2);
  EXPECT_EQ(*store_->CountPersons(), 0);
  EXPECT_EQ(*Import({Submission("uuid:1", 2)}), std::vector{kCreated})
      << "the good one was not recorded as imported";
}

}  // namespace
}  // namespace sanad::store
