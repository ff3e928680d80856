// Site administration in the store, on SQLite and PostgreSQL: the site's k
// and its audited change (old and new value), a user's role (the last
// administrator stays one), the audit log read by page and filter (the read
// itself audited), person exports downloadable once, and crossing points an
// administrator adds, which movements and tallies then accept.
#include <gtest/gtest.h>

#include "../testing/test_database.h"
#include "store/export_file.h"
#include "store/store.h"

namespace sanad::store {
namespace {

const Actor kAdminActor{"admin-1", "127.0.0.1"};

class AdminStoreTest : public ::testing::TestWithParam<sanad::testing::Backend> {
 protected:
  void SetUp() override {
    if (!db_.Create()) return;
    Key key;
    key.fill(5);
    auto s = db_.OpenStore(KeyRing::FromMasterKey(key), clock_);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    auto admin = store_->CreateUser("admin", Role::kAdmin, "a good long password", kAdminActor);
    ASSERT_TRUE(admin) << admin.error().message;
    admin_id_ = admin->id;
  }

  Household OneHousehold() {
    Household h;
    h.origin_province = "Sindh";
    Person head;
    head.given_name = "Gul Ahmad";
    head.father_name = "Abdul Karim";
    head.relationship = Relationship::kHead;
    head.consents = {ConsentPurpose::kRegistration};
    h.members = {head};
    auto created = store_->CreateHousehold(h, kAdminActor);
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : h;
  }
  int64_t AuditSeq() { return store_->AuditHead()->seq; }

  sanad::testing::TestDatabase db_{GetParam()};
  TestClock clock_{TestClock::FromIso(2025, 4, 1, 8)};
  std::unique_ptr<Store> store_;
  std::string admin_id_;
};

INSTANTIATE_TEST_SUITE_P(Backends, AdminStoreTest, sanad::testing::BothBackends(),
                         sanad::testing::BackendName);

TEST_P(AdminStoreTest, SiteKIsFiveUntilChangedAndEachChangeIsAuditedWithOldAndNew) {
  auto settings = store_->GetSiteSettings();
  ASSERT_TRUE(settings) << settings.error().message;
  EXPECT_EQ(settings->k, 5);
  EXPECT_EQ(settings->k_updated_by, "");

  auto changed = store_->SetSiteK(8, kAdminActor);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(store_->GetSiteSettings()->k, 8);
  EXPECT_EQ(store_->GetSiteSettings()->k_updated_by, "admin-1");
  auto head = store_->AuditHead();
  EXPECT_EQ(head->action, "settings.k");
  EXPECT_EQ(head->detail, "5 -> 8");
  ASSERT_TRUE(store_->SetSiteK(6, kAdminActor));
  EXPECT_EQ(store_->AuditHead()->detail, "8 -> 6");

  const int64_t before = AuditSeq();
  for (int64_t bad : {int64_t{1}, int64_t{0}, int64_t{-3}, int64_t{1001}}) {
    SCOPED_TRACE(bad);
    auto refused = store_->SetSiteK(bad, kAdminActor);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "k");
  }
  EXPECT_EQ(store_->GetSiteSettings()->k, 6);
  EXPECT_EQ(AuditSeq(), before);
  EXPECT_TRUE(store_->VerifyAudit());
}

TEST_P(AdminStoreTest, RoleChangesAreAuditedAndTheLastActiveAdministratorStaysOne) {
  ASSERT_TRUE(store_->CreateUser("amina", Role::kRegistrar, "a good long password", kAdminActor));
  auto changed = store_->SetUserRole("amina", Role::kCaseworker, kAdminActor);
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(changed->role, Role::kCaseworker);
  EXPECT_EQ(store_->AuditHead()->action, "user.role");
  EXPECT_EQ(store_->AuditHead()->detail, "registrar -> caseworker");

  const int64_t before = AuditSeq();
  auto alone = store_->SetUserRole("admin", Role::kAnalyst, kAdminActor);
  ASSERT_FALSE(alone);
  EXPECT_EQ(alone.error().field, "role");
  EXPECT_EQ(AuditSeq(), before);
  auto unknown = store_->SetUserRole("nobody", Role::kAnalyst, kAdminActor);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Error::Code::kNotFound);

  // With a second administrator the first may step down.
  ASSERT_TRUE(store_->SetUserRole("amina", Role::kAdmin, kAdminActor));
  ASSERT_TRUE(store_->SetUserRole("admin", Role::kRegistrar, kAdminActor));
  auto users = store_->ListUsers();
  ASSERT_TRUE(users);
  EXPECT_EQ(users->at(0).username, "admin");
  EXPECT_EQ(users->at(0).role, Role::kRegistrar);
}

TEST_P(AdminStoreTest, AnIssuedPasswordIsToBeChangedAtTheNextSignInAndOnlyWithTheCurrentOne) {
  ASSERT_TRUE(store_->CreateUser("amina", Role::kRegistrar, "issued by admin 1", kAdminActor,
                                 /*issued=*/true));
  auto first = store_->Login("amina", "issued by admin 1", kAdminActor);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(first->password_change_required);
  auto other = store_->Login("amina", "issued by admin 1", kAdminActor);
  ASSERT_TRUE(other);
  EXPECT_TRUE(store_->FindSession(first->token, 600)->password_change_required);

  const Actor amina{first->user.id, ""};
  auto wrong =
      store_->ChangeOwnPassword(first->token, "not the one given", "my own secret 42", amina);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().field, "current");
  EXPECT_EQ(store_->AuditHead()->outcome, "failed");
  auto same =
      store_->ChangeOwnPassword(first->token, "issued by admin 1", "issued by admin 1", amina);
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().field, "password");
  ASSERT_TRUE(
      store_->ChangeOwnPassword(first->token, "issued by admin 1", "my own secret 42", amina));
  EXPECT_EQ(store_->AuditHead()->action, "user.change_password");
  // This session goes on, cleared; the other one ended.
  auto kept = store_->FindSession(first->token, 600);
  ASSERT_TRUE(kept);
  EXPECT_FALSE(kept->password_change_required);
  EXPECT_FALSE(store_->FindSession(other->token, 600));
  EXPECT_FALSE(store_->Login("amina", "issued by admin 1", kAdminActor));
  EXPECT_FALSE(store_->Login("amina", "my own secret 42", kAdminActor)->password_change_required);

  // A reset by an administrator in the browser issues one again; the CLI's
  // (typed by the administrator for the person, on the server) does not.
  ASSERT_TRUE(store_->ResetPassword("amina", "issued by admin 2", kAdminActor, /*issued=*/true));
  EXPECT_TRUE(store_->Login("amina", "issued by admin 2", kAdminActor)->password_change_required);
  ASSERT_TRUE(store_->ResetPassword("amina", "typed at the server", kAdminActor));
  EXPECT_FALSE(
      store_->Login("amina", "typed at the server", kAdminActor)->password_change_required);
}

TEST_P(AdminStoreTest, TheAuditLogReadsNewestFirstByUserActionAndRecordAndTheReadIsAudited) {
  ASSERT_TRUE(store_->CreateUser("amina", Role::kRegistrar, "a good long password", kAdminActor));
  const Actor other{"user-2", ""};
  ASSERT_TRUE(store_->SetSiteK(7, other));
  ASSERT_TRUE(store_->SetUserDisabled("amina", true, kAdminActor));
  const int64_t before = AuditSeq();

  AuditFilter all;
  all.page_size = 2;
  auto first = store_->ListAudit(all, kAdminActor);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_TRUE(first->has_more);
  EXPECT_EQ(first->items[0].seq, before);
  EXPECT_EQ(first->items[0].action, "user.disable");
  EXPECT_EQ(first->items[1].action, "settings.k");
  EXPECT_EQ(store_->AuditHead()->action, "audit.read");

  AuditFilter by_user;
  by_user.user_id = "user-2";
  auto theirs = store_->ListAudit(by_user, kAdminActor);
  ASSERT_TRUE(theirs);
  ASSERT_EQ(theirs->items.size(), 1u);
  EXPECT_EQ(theirs->items[0].action, "settings.k");
  EXPECT_FALSE(theirs->has_more);

  // The admin's entries carry an address ("admin-1@127.0.0.1"): still theirs.
  AuditFilter group;
  group.user_id = "admin-1";
  group.action = "user.";
  auto users = store_->ListAudit(group, kAdminActor);
  ASSERT_TRUE(users);
  ASSERT_EQ(users->items.size(), 3u);  // admin and amina created, amina disabled
  for (const auto& e : users->items) EXPECT_EQ(e.action.substr(0, 5), "user.");

  AuditFilter record;
  record.object_id = "k";
  auto about_k = store_->ListAudit(record, kAdminActor);
  ASSERT_TRUE(about_k);
  ASSERT_EQ(about_k->items.size(), 1u);
  EXPECT_EQ(about_k->items[0].detail, "5 -> 7");

  AuditFilter far;
  far.page = 0;
  auto refused = store_->ListAudit(far, kAdminActor);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "page");
  far.page = 1;
  far.page_size = 101;
  EXPECT_EQ(store_->ListAudit(far, kAdminActor).error().field, "page_size");
  EXPECT_TRUE(store_->VerifyAudit());
}

TEST_P(AdminStoreTest, AnExportNeedsAPurposeAndPassphraseAndIsHandedOutOnce) {
  OneHousehold();
  const int64_t before = AuditSeq();
  auto no_purpose = store_->CreatePersonExport("x", "a long passphrase", kAdminActor);
  ASSERT_FALSE(no_purpose);
  EXPECT_EQ(no_purpose.error().field, "purpose");
  auto weak = store_->CreatePersonExport("monthly transfer to the hub", "short", kAdminActor);
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().field, "passphrase");
  EXPECT_EQ(AuditSeq(), before);

  auto made =
      store_->CreatePersonExport("monthly transfer to the hub", "a long passphrase", kAdminActor);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->persons, 1);
  EXPECT_EQ(store_->AuditHead()->action, "export.persons");
  EXPECT_EQ(store_->AuditHead()->detail, "1 persons; purpose: monthly transfer to the hub");
  auto list = store_->ListPersonExports();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->at(0).purpose, "monthly transfer to the hub");
  EXPECT_EQ(list->at(0).made_by, "admin-1");
  EXPECT_EQ(list->at(0).downloaded_at, "");

  auto file = store_->TakePersonExportFile(made->id, kAdminActor);
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(static_cast<int64_t>(file->size()), made->bytes);
  auto plain = DecryptExport(*file, "a long passphrase");
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_NE(plain->find("Gul Ahmad"), std::string::npos);
  EXPECT_EQ(store_->AuditHead()->action, "export.download");

  auto again = store_->TakePersonExportFile(made->id, kAdminActor);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Error::Code::kConflict);
  EXPECT_EQ(again.error().field, "downloaded_at");
  EXPECT_NE(store_->ListPersonExports()->at(0).downloaded_at, "");
  auto kept = db_.Query("SELECT file FROM person_exports WHERE id = ?", {made->id});
  ASSERT_TRUE(kept);
  EXPECT_TRUE(IsNull(kept->at(0).at(0)));
  EXPECT_EQ(store_->TakePersonExportFile("no-such-id", kAdminActor).error().code,
            Error::Code::kNotFound);
}

TEST_P(AdminStoreTest, AnAddedCrossingPointIsAcceptedByMovementsAndTallies) {
  const Household h = OneHousehold();
  Movement m;
  m.date = *Date::ParseIso("2025-03-30", "date");
  m.crossing_point = "Nawa";
  m.household_id = h.id;
  auto unknown = store_->CreateMovement(m, kAdminActor);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "crossing_point");

  auto added = store_->AddCrossingPoint({"Nawa Pass", "kunar", {"Nawa", "ناوه"}}, kAdminActor);
  ASSERT_TRUE(added) << added.error().field << ": " << added.error().message;
  EXPECT_EQ(added->point.afghan_province, "Kunar");
  EXPECT_EQ(store_->AuditHead()->action, "crossing_point.add");
  auto moved = store_->CreateMovement(m, kAdminActor);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(moved->crossing_point, "Nawa Pass");

  FlowTally t;
  t.date = m.date;
  t.crossing_point = "ناوه";
  t.households = 1;
  t.individuals = 2;
  t.female = 1;
  t.male = 1;
  t.age_18_59 = 2;
  ASSERT_TRUE(store_->AddTallies({t}, kAdminActor));
  auto tallies = store_->ListTallies(m.date, m.date);
  ASSERT_TRUE(tallies);
  ASSERT_EQ(tallies->size(), 1u);
  EXPECT_EQ(tallies->at(0).crossing_point, "Nawa Pass");
  t.crossing_point = "Nowhere";
  auto refused = store_->AddTallies({t}, kAdminActor);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "tallies[0].crossing_point");

  const int64_t before = AuditSeq();
  EXPECT_EQ(store_->AddCrossingPoint({"Torkham Gate", "Nangarhar", {"TORKHAM"}}, kAdminActor)
                .error()
                .field,
            "name");
  EXPECT_EQ(store_->AddCrossingPoint({"Nawa pass", "Kunar", {}}, kAdminActor).error().code,
            Error::Code::kConflict);
  EXPECT_EQ(store_->AddCrossingPoint({"Dand-e-Patan", "Atlantis", {}}, kAdminActor).error().field,
            "afghan_province");
  EXPECT_EQ(store_->AddCrossingPoint({"", "Paktia", {}}, kAdminActor).error().field, "name");
  EXPECT_EQ(store_->AddCrossingPoint({"Dand-e-Patan", "Paktia", {""}}, kAdminActor).error().field,
            "spellings[0]");
  EXPECT_EQ(AuditSeq(), before);

  auto points = store_->ListCrossingPoints();
  ASSERT_TRUE(points);
  EXPECT_TRUE(points->front().built_in);
  EXPECT_EQ(points->front().point.name, "Torkham");
  EXPECT_FALSE(points->back().built_in);
  EXPECT_EQ(points->back().point.spellings, (std::vector<std::string>{"Nawa", "ناوه"}));
  EXPECT_EQ(points->back().added_by, "admin-1");
}

}  // namespace
}  // namespace sanad::store
