// The audit chain: every write recorded, an alteration found and named.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace sanad::store {
namespace {

class AuditLogTest : public StoreTest {};
INSTANTIATE_TEST_SUITE_P(Backends, AuditLogTest, sanad::testing::BothBackends(),
                         sanad::testing::BackendName);

TEST_P(AuditLogTest, ErasedPersonIsUnreadableAndTheAuditChainStaysValid) {
  auto created = store_->CreateHousehold(FamilyInBothScripts(), kActor);
  ASSERT_TRUE(created);
  const std::string id = created->members[0].id;
  ASSERT_TRUE(store_->ErasePerson(id, "the person asked for it", kActor));
  auto read = store_->GetPerson(id, kActor);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, Error::Code::kNotFound);
  EXPECT_TRUE(store_->SearchPersons("Mohammad", 1, 20, kActor)->items.empty());
  auto household = store_->GetHousehold(created->id, kActor);
  ASSERT_TRUE(household);
  EXPECT_EQ(household->members.size(), 1u);
  auto verified = store_->VerifyAudit();
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_GT(*verified, 3);
  // Nothing of the erased key or ciphertext is left for the master key to open.
  auto left = db_.Query(
      "SELECT (SELECT COUNT(*) FROM person_keys WHERE person_id = ?) + "
      "(SELECT COUNT(*) FROM persons WHERE id = ? AND sealed IS NOT NULL)",
      {id, id});
  ASSERT_TRUE(left) << left.error().message;
  EXPECT_EQ(AsInt(left->at(0).at(0)), 0);
}

TEST_P(AuditLogTest, AuditVerifyNamesTheFirstAlteredEntry) {
  ASSERT_TRUE(store_->CreateHousehold(FamilyInBothScripts(), kActor));
  ASSERT_TRUE(store_->Audit(kActor, "person.read", "person", "x", "ok"));
  ASSERT_TRUE(store_->Audit(kActor, "person.read", "person", "y", "ok"));
  ASSERT_TRUE(store_->VerifyAudit());
  auto altered = db_.Execute("UPDATE audit_log SET object_id = 'z' WHERE seq = 2");
  ASSERT_TRUE(altered) << altered.error().message;
  ASSERT_EQ(*altered, 1);
  auto verified = store_->VerifyAudit();
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().line, 2);
  EXPECT_NE(verified.error().message.find("entry 2"), std::string::npos);
}

}  // namespace
}  // namespace sanad::store
