// Tracing requests in a real SQLite file: the inquirer's consent first,
// sought persons sealed under the inquirer's key (the raw file holds no
// name; erasing the inquirer erases them), decisions remembered, a
// confirmation that links the two persons and closes the trace, then the
// request, a stale version refused, alerts on the case's task list.
#include <gtest/gtest.h>

#include <algorithm>

#include "../testing/temp_dir.h"
#include "store/store.h"

namespace sanad::store {
namespace {

const Actor kActor{"caseworker-1", "127.0.0.1"};

class TracingStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Key key;
    key.fill(5);
    auto s = Store::OpenSqliteFile(dir_.File("site.db"), KeyRing::FromMasterKey(key), clock_);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    ASSERT_TRUE(
        store_->CreateUser("caseworker", Role::kCaseworker, "a good long password", kActor));
    Household h;
    h.origin_province = "Sindh";
    Person head;
    head.given_name = "Mohammad Wali";
    head.father_name = "Abdullah";
    head.grandfather_name = "Ghulam Sakhi";
    head.sex = Sex::kMale;
    head.relationship = Relationship::kHead;
    head.consents = {ConsentPurpose::kRegistration, ConsentPurpose::kTracing};
    Person wife;
    wife.given_name = "Zarghona";
    wife.sex = Sex::kFemale;
    wife.relationship = Relationship::kSpouse;
    wife.consents = {ConsentPurpose::kRegistration};
    h.members = {head, wife};
    auto created = store_->CreateHousehold(h, kActor);
    ASSERT_TRUE(created) << created.error().message;
    household_ = *created;
    Household other;
    other.origin_province = "Punjab";
    Person brother;
    brother.given_name = "احمد ولی";
    brother.father_name = "عبدالله";
    brother.sex = Sex::kMale;
    brother.relationship = Relationship::kHead;
    brother.consents = {ConsentPurpose::kTracing};
    other.members = {brother};
    auto saved = store_->CreateHousehold(other, kActor);
    ASSERT_TRUE(saved) << saved.error().message;
    brothers_ = *saved;
  }

  TracingRequest SeekingBrother(const std::string& inquirer) {
    TracingRequest r;
    r.inquirer_id = inquirer;
    SoughtPerson brother;
    brother.given_name = "Ahmad Wali";
    brother.relationship = SoughtRelationship::kBrother;
    brother.separation_place = "Torkham";
    brother.separation_cause = SeparationCause::kDeportation;
    brother.separation_date = *PartialDate::Parse("2023-11", "separation_date");
    SoughtPerson sister;
    sister.given_name = "Nazifa";
    sister.relationship = SoughtRelationship::kSister;
    sister.age = 12;
    r.sought = {brother, sister};
    return r;
  }
  std::string Inquirer() const { return household_.members[0].id; }
  std::string Brother() const { return brothers_.members[0].id; }

  sanad::testing::TempDir dir_;
  TestClock clock_{TestClock::FromIso(2025, 4, 1, 8)};
  std::unique_ptr<Store> store_;
  Household household_;
  Household brothers_;
};

TEST_F(TracingStoreTest, CreatedSealedAndReadBackExactly) {
  auto created = store_->CreateTracingRequest(SeekingBrother(Inquirer()), kActor);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(created->status, TracingStatus::kOpen);
  auto file = store_->GetTracingRequest(created->id, kActor);
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->request, *created);
  EXPECT_EQ(file->inquirer.given_name, "Mohammad Wali");
  // Sealed: no sought name or place in the raw files.
  const std::string raw = dir_.Contents({"site.db", "site.db-wal"});
  EXPECT_EQ(raw.find("Nazifa"), std::string::npos);
  EXPECT_EQ(raw.find("Torkham"), std::string::npos);
  auto listed = store_->ListTracingRequests({TracingStatus::kOpen, "caseworker"}, kActor);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().sought, 2);
}

TEST_F(TracingStoreTest, AnInquirerWithoutTracingConsentIsRefused) {
  auto refused = store_->CreateTracingRequest(SeekingBrother(household_.members[1].id), kActor);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Error::Code::kForbidden);
  EXPECT_NE(refused.error().message.find("consented to tracing"), std::string::npos);
  auto none = store_->ListTracingRequests({}, kActor);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(TracingStoreTest, BadRequestsNameTheField) {
  TracingRequest r = SeekingBrother(Inquirer());
  r.sought[1].age = 300;
  auto bad = store_->CreateTracingRequest(r, kActor);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "sought[1].age");
  r = SeekingBrother("0190f3a0-0000-7000-8000-00000000dead");
  bad = store_->CreateTracingRequest(r, kActor);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "inquirer_id");
}

TEST_F(TracingStoreTest, RejectionIsRememberedAndConfirmationLinksAndCloses) {
  auto created = store_->CreateTracingRequest(SeekingBrother(Inquirer()), kActor);
  ASSERT_TRUE(created);
  TracingDecision reject;
  reject.request_id = created->id;
  reject.sought_index = 1;
  reject.person_id = Brother();
  reject.verdict = TracingVerdict::kReject;
  auto rejected = store_->DecideTracingMatch(reject, 1, kActor);
  ASSERT_TRUE(rejected) << rejected.error().message;
  EXPECT_EQ(rejected->version, 2);
  EXPECT_EQ(rejected->status, TracingStatus::kOpen);
  // Deciding the same pair again is a conflict; a stale version too.
  auto again = store_->DecideTracingMatch(reject, std::nullopt, kActor);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Error::Code::kConflict);
  TracingDecision confirm = reject;
  confirm.sought_index = 0;
  confirm.verdict = TracingVerdict::kConfirm;
  auto stale = store_->DecideTracingMatch(confirm, 1, kActor);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().field, "version");
  auto confirmed = store_->DecideTracingMatch(confirm, 2, kActor);
  ASSERT_TRUE(confirmed) << confirmed.error().message;
  EXPECT_EQ(confirmed->found, (std::vector<bool>{true, false}));
  EXPECT_EQ(confirmed->status, TracingStatus::kOpen);  // the sister is still sought
  auto file = store_->GetTracingRequest(created->id, kActor);
  ASSERT_TRUE(file);
  ASSERT_EQ(file->decisions.size(), 2u);
  EXPECT_EQ(file->decisions[0].verdict, TracingVerdict::kReject);
  EXPECT_EQ(file->decisions[1].verdict, TracingVerdict::kConfirm);
  // A trace found takes no more decisions.
  TracingDecision late = confirm;
  late.verdict = TracingVerdict::kReject;
  late.person_id = household_.members[1].id;
  EXPECT_EQ(store_->DecideTracingMatch(late, std::nullopt, kActor).error().code,
            Error::Code::kConflict);
  // The sister found through another request closes the request.
  TracingRequest theirs;
  theirs.inquirer_id = Brother();
  SoughtPerson mother;
  mother.given_name = "Bibi Hawa";
  mother.relationship = SoughtRelationship::kMother;
  theirs.sought = {mother};
  auto other = store_->CreateTracingRequest(theirs, kActor);
  ASSERT_TRUE(other) << other.error().message;
  TracingDecision via_request;
  via_request.request_id = created->id;
  via_request.sought_index = 1;
  via_request.other_request_id = other->id;
  via_request.verdict = TracingVerdict::kConfirm;
  auto closed = store_->DecideTracingMatch(via_request, std::nullopt, kActor);
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_EQ(closed->status, TracingStatus::kClosed);
  auto confirmed_count = store_->CountConfirmedTracingMatches();
  ASSERT_TRUE(confirmed_count);
  EXPECT_EQ(*confirmed_count, 2);
}

TEST_F(TracingStoreTest, AlertsGoOnceToTheCaseTaskListAndNeverForADecidedPair) {
  Case c;
  c.person_id = Inquirer();
  c.risks = {ProtectionRisk::kFamilySeparation};
  auto opened = store_->CreateCase(c, "caseworker", kActor);
  ASSERT_TRUE(opened) << opened.error().message;
  TracingRequest r = SeekingBrother(Inquirer());
  r.case_id = opened->id;
  auto created = store_->CreateTracingRequest(r, kActor);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->caseworker, "caseworker");  // the case's
  auto raised = store_->RaiseTracingAlert(created->id, 0, Brother(), kActor);
  ASSERT_TRUE(raised) << raised.error().message;
  EXPECT_TRUE(*raised);
  raised = store_->RaiseTracingAlert(created->id, 0, Brother(), kActor);
  ASSERT_TRUE(raised);
  EXPECT_FALSE(*raised);  // once
  auto file = store_->GetCase(opened->id, CaseScope::kAll, kActor);
  ASSERT_TRUE(file);
  ASSERT_EQ(file->tasks.size(), 1u);
  EXPECT_NE(file->tasks[0].title.find(created->id), std::string::npos);
  EXPECT_EQ(file->tasks[0].due, clock_.Today());
  TracingDecision reject{created->id, 1, Brother(), "", TracingVerdict::kReject, "", ""};
  ASSERT_TRUE(store_->DecideTracingMatch(reject, std::nullopt, kActor));
  raised = store_->RaiseTracingAlert(created->id, 1, Brother(), kActor);
  ASSERT_TRUE(raised);
  EXPECT_FALSE(*raised);  // rejected before
  auto tracing = store_->GetTracingRequest(created->id, kActor);
  ASSERT_TRUE(tracing);
  ASSERT_EQ(tracing->alerts.size(), 1u);
  EXPECT_EQ(tracing->alerts[0], (std::pair<size_t, std::string>{0, Brother()}));
}

TEST_F(TracingStoreTest, ErasingTheInquirerErasesTheRequest) {
  auto created = store_->CreateTracingRequest(SeekingBrother(Inquirer()), kActor);
  ASSERT_TRUE(created);
  TracingDecision confirm{created->id, 0, Brother(), "", TracingVerdict::kConfirm, "", ""};
  ASSERT_TRUE(store_->DecideTracingMatch(confirm, std::nullopt, kActor));
  ASSERT_TRUE(store_->ErasePerson(Inquirer(), "asked to be forgotten at the desk", kActor));
  auto gone = store_->GetTracingRequest(created->id, kActor);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, Error::Code::kNotFound);
  auto open = store_->OpenTracingRequests(kActor);
  ASSERT_TRUE(open);
  EXPECT_TRUE(open->empty());
  auto consenters = store_->TracingConsenters();
  ASSERT_TRUE(consenters);
  EXPECT_EQ(*consenters, std::vector<std::string>{Brother()});
}

}  // namespace
}  // namespace sanad::store
