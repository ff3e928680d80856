// Cases, tasks, notes, referrals and organisations, on SQLite and PostgreSQL:
// the history of transitions (reopening included), a version check on every
// update, consent before any referral (a child's covered by the household
// head's), minimum data, sealing (the raw files hold no note, task title,
// outcome note or vulnerability), damaged values as errors, overdue first.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "../testing/test_database.h"
#include "store/store.h"

namespace sanad::store {
namespace {

// A case list's filter: whose cases, overdue only, and the reader's scope.
CaseFilter Filter(std::string assigned_to, bool overdue_only, CaseScope scope) {
  CaseFilter filter;
  filter.assigned_to = std::move(assigned_to);
  filter.overdue_only = overdue_only;
  filter.scope = scope;
  return filter;
}

const Actor kActor{"caseworker-1", "127.0.0.1"};

class CaseStoreTest : public ::testing::TestWithParam<sanad::testing::Backend> {
 protected:
  void SetUp() override {
    if (!db_.Create()) return;
    Key key;
    key.fill(4);
    auto s = db_.OpenStore(KeyRing::FromMasterKey(key), clock_);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    ASSERT_TRUE(
        store_->CreateUser("caseworker", Role::kCaseworker, "a good long password", kActor));
    ASSERT_TRUE(store_->CreateUser("registrar", Role::kRegistrar, "a good long password", kActor));
    Household h;
    h.origin_province = "Sindh";
    Person head;
    head.given_name = "Gul Ahmad";
    head.father_name = "Abdul Karim";
    head.relationship = Relationship::kHead;
    head.phone = "0300 1234567";
    head.consents = {ConsentPurpose::kRegistration, ConsentPurpose::kReferral};
    head.vulnerabilities = {"serious_medical_condition"};
    Person son;
    son.given_name = "Noor";
    son.relationship = Relationship::kSon;
    son.birth_date = *PartialDate::Parse("2015", "birth_date");
    son.consents = {ConsentPurpose::kRegistration};
    Person brother;
    brother.given_name = "Wali";
    brother.relationship = Relationship::kBrother;
    brother.birth_date = *PartialDate::Parse("1990", "birth_date");
    brother.consents = {ConsentPurpose::kRegistration};
    h.members = {head, son, brother};
    auto created = store_->CreateHousehold(h, kActor);
    ASSERT_TRUE(created) << created.error().message;
    household_ = *created;
    Organisation org;
    org.name = "Legal Aid Torkham";
    org.services = {ServiceType::kLegalAid, ServiceType::kCivilDocumentation};
    auto o = store_->CreateOrganisation(org, kActor);
    ASSERT_TRUE(o) << o.error().message;
    legal_aid_org_ = o->id;
  }

  Case Detained(int member = 0) {
    Case c;
    c.person_id = household_.members[static_cast<size_t>(member)].id;
    c.risks = {ProtectionRisk::kArbitraryArrestDetention, ProtectionRisk::kFamilySeparation};
    c.priority = CasePriority::kHigh;
    return c;
  }
  Referral LegalAid() {
    Referral r;
    r.service = ServiceType::kLegalAid;
    r.organisation_id = legal_aid_org_;
    r.shared_fields = {"given_name", "father_name", "risks"};
    return r;
  }
  std::string RawFiles() { return db_.RawContents(); }
  void Corrupt(const std::string& sql) {
    auto changed = db_.Execute(sql);
    ASSERT_TRUE(changed) << changed.error().message;
    EXPECT_EQ(*changed, 1) << sql;
  }
  int64_t AuditSeq() { return store_->AuditHead()->seq; }

  sanad::testing::TestDatabase db_{GetParam()};
  TestClock clock_{TestClock::FromIso(2025, 4, 1, 8)};
  std::unique_ptr<Store> store_;
  Household household_;
  std::string legal_aid_org_;
};

INSTANTIATE_TEST_SUITE_P(Backends, CaseStoreTest, sanad::testing::BothBackends(),
                         sanad::testing::BackendName);

TEST_P(CaseStoreTest, CreateCopiesHouseholdAndVulnerabilitiesAndReadsAreAudited) {
  auto created = store_->CreateCase(Detained(), "caseworker", kActor);
  ASSERT_TRUE(created) << created.error().field << ": " << created.error().message;
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(created->status, CaseStatus::kOpen);
  EXPECT_EQ(created->assigned_to, "caseworker");
  EXPECT_EQ(created->household_id, household_.id);
  EXPECT_EQ(created->vulnerabilities, std::vector<std::string>{"serious_medical_condition"});
  const int64_t before = AuditSeq();
  auto read = store_->GetCase(created->id, CaseScope::kAll, kActor);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->record, *created);
  EXPECT_EQ(AuditSeq(), before + 1);
  EXPECT_EQ(store_->AuditHead()->action, "case.read");
}

TEST_P(CaseStoreTest, BadInputNamesTheFieldAndChangesNothing) {
  const int64_t before = AuditSeq();
  Case unknown = Detained();
  unknown.person_id = "01234567-89ab-7def-8123-456789abcdef";
  EXPECT_EQ(store_->CreateCase(unknown, "caseworker", kActor).error().field, "person_id");
  EXPECT_EQ(store_->CreateCase(Detained(), "registrar", kActor).error().field, "assigned_to");
  Case incident = Detained();
  incident.incident_id = "01234567-89ab-7def-8123-456789abcdef";
  EXPECT_EQ(store_->CreateCase(incident, "caseworker", kActor).error().field, "incident_id");
  Case no_risk = Detained();
  no_risk.risks.clear();
  EXPECT_EQ(store_->CreateCase(no_risk, "caseworker", kActor).error().field, "risks");
  EXPECT_EQ(AuditSeq(), before);
  EXPECT_TRUE(store_->ListCases({}, kActor)->empty());
}

TEST_P(CaseStoreTest, TransitionsFollowTheMachineAndTheHistoryKeepsReopening) {
  auto c = store_->CreateCase(Detained(), "caseworker", kActor);
  ASSERT_TRUE(c);
  int64_t v = 1;
  for (CaseStatus to : {CaseStatus::kAssessed, CaseStatus::kPlanAgreed, CaseStatus::kInProgress,
                        CaseStatus::kFollowUp}) {
    auto moved = store_->TransitionCase(c->id, v, to, std::nullopt, kActor);
    ASSERT_TRUE(moved) << moved.error().message;
    v = moved->version;
  }
  auto refused = store_->TransitionCase(c->id, v, CaseStatus::kOpen, std::nullopt, kActor);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "to");
  EXPECT_NE(refused.error().message.find("in_progress, closed"), std::string::npos);
  auto closed =
      store_->TransitionCase(c->id, v, CaseStatus::kClosed, ClosureReason::kLostContact, kActor);
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->closure_reason, ClosureReason::kLostContact);
  auto reopened =
      store_->TransitionCase(c->id, closed->version, CaseStatus::kOpen, std::nullopt, kActor);
  ASSERT_TRUE(reopened) << reopened.error().message;
  EXPECT_FALSE(reopened->closure_reason);
  EXPECT_EQ(store_->AuditHead()->action, "case.reopen");
  auto file = store_->GetCase(c->id, CaseScope::kAll, kActor);
  ASSERT_TRUE(file);
  ASSERT_EQ(file->history.size(), 6u);
  EXPECT_EQ(file->history[4].to, CaseStatus::kClosed);
  EXPECT_EQ(file->history[4].closure_reason, ClosureReason::kLostContact);
  EXPECT_EQ(file->history[5].from, CaseStatus::kClosed);
  EXPECT_EQ(file->history[5].to, CaseStatus::kOpen);
  EXPECT_EQ(file->history[5].by, kActor.id);
}

TEST_P(CaseStoreTest, EveryUpdateChecksTheVersion) {
  auto c = store_->CreateCase(Detained(), "caseworker", kActor);
  ASSERT_TRUE(c);
  Case changed = *c;
  changed.priority = CasePriority::kLow;
  ASSERT_TRUE(store_->UpdateCase(changed, 1, kActor));
  auto stale = store_->UpdateCase(changed, 1, kActor);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, Error::Code::kConflict);
  EXPECT_EQ(stale.error().field, "version");
  EXPECT_EQ(*store_->CurrentVersion(Versioned::kCase, c->id), 2);
  EXPECT_EQ(
      store_->TransitionCase(c->id, 1, CaseStatus::kAssessed, std::nullopt, kActor).error().code,
      Error::Code::kConflict);

  CaseTask task;
  task.title = "Visit the lawyer with him";
  task.due = Date{2025, 4, 3};
  auto t = store_->AddCaseTask(c->id, task, kActor);
  ASSERT_TRUE(t) << t.error().message;
  TaskChange done{t->id, 1, std::nullopt, std::nullopt, true};
  auto updated = store_->UpdateCaseTask(done, kActor);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_TRUE(updated->done);
  EXPECT_EQ(updated->title, task.title);
  EXPECT_EQ(store_->UpdateCaseTask(done, kActor).error().code, Error::Code::kConflict);
  EXPECT_EQ(*store_->CurrentVersion(Versioned::kTask, t->id), 2);

  auto r = store_->CreateReferral(c->id, LegalAid(), kActor);
  ASSERT_TRUE(r) << r.error().message;
  ReferralChange accept{r->referral.id, 1, ReferralStatus::kAccepted, std::nullopt};
  ASSERT_TRUE(store_->UpdateReferral(accept, CaseScope::kAll, kActor));
  EXPECT_EQ(store_->UpdateReferral(accept, CaseScope::kAll, kActor).error().code,
            Error::Code::kConflict);
  ReferralChange back{r->referral.id, 2, ReferralStatus::kPending, std::nullopt};
  EXPECT_EQ(store_->UpdateReferral(back, CaseScope::kAll, kActor).error().field, "status");
  EXPECT_EQ(*store_->CurrentVersion(Versioned::kReferral, r->referral.id), 2);
}

TEST_P(CaseStoreTest, NotesAreNeverEditedACorrectionNamesANoteOfTheSameCase) {
  auto c = store_->CreateCase(Detained(), "caseworker", kActor);
  auto other = store_->CreateCase(Detained(2), "caseworker", kActor);
  ASSERT_TRUE(c && other);
  CaseNote first;
  first.text = "Held at Hajji Camp since Monday.";
  auto n1 = store_->AddCaseNote(c->id, first, kActor);
  ASSERT_TRUE(n1);
  CaseNote foreign;
  foreign.text = "x";
  auto n_other = store_->AddCaseNote(other->id, foreign, kActor);
  CaseNote wrong;
  wrong.text = "Correction";
  wrong.corrects = n_other->id;
  EXPECT_EQ(store_->AddCaseNote(c->id, wrong, kActor).error().field, "corrects");
  CaseNote correction;
  correction.text = "Held since Sunday, not Monday.";
  correction.corrects = n1->id;
  ASSERT_TRUE(store_->AddCaseNote(c->id, correction, kActor));
  auto file = store_->GetCase(c->id, CaseScope::kAll, kActor);
  ASSERT_EQ(file->notes.size(), 2u);
  EXPECT_EQ(file->notes[0].text, first.text);  // the first note stands as written
  EXPECT_EQ(file->notes[1].corrects, n1->id);
  EXPECT_EQ(file->notes[1].author, kActor.id);
}

TEST_P(CaseStoreTest, RawDatabaseFilesHoldNoNoteTitleOutcomeOrVulnerability) {
  auto c = store_->CreateCase(Detained(), "caseworker", kActor);
  ASSERT_TRUE(c);
  CaseNote note;
  note.text = "SECRET-NOTE: beaten at the Baleli checkpoint";
  ASSERT_TRUE(store_->AddCaseNote(c->id, note, kActor));
  CaseTask task;
  task.title = "SECRET-TASK call his cousin in Quetta";
  task.due = Date{2025, 4, 10};
  ASSERT_TRUE(store_->AddCaseTask(c->id, task, kActor));
  auto r = store_->CreateReferral(c->id, LegalAid(), kActor);
  ASSERT_TRUE(r);
  ReferralChange outcome{r->referral.id, 1, ReferralStatus::kAccepted,
                         "SECRET-OUTCOME hearing set for Thursday"};
  ASSERT_TRUE(store_->UpdateReferral(outcome, CaseScope::kAll, kActor));
  const std::string raw = RawFiles();
  ASSERT_FALSE(raw.empty());
  for (const char* secret :
       {"SECRET-NOTE", "Baleli", "SECRET-TASK", "SECRET-OUTCOME", "serious_medical_condition"}) {
    SCOPED_TRACE(secret);
    EXPECT_EQ(raw.find(secret), std::string::npos);
  }
  auto file = store_->GetCase(c->id, CaseScope::kAll, kActor);
  EXPECT_EQ(file->notes.at(0).text, note.text);
  EXPECT_EQ(file->tasks.at(0).title, task.title);
  EXPECT_EQ(file->referrals.at(0).outcome_note, "SECRET-OUTCOME hearing set for Thursday");
}

TEST_P(CaseStoreTest, NoReferralWithoutConsentAndAChildNeedsTheHeads) {
  auto brother = store_->CreateCase(Detained(2), "caseworker", kActor);
  ASSERT_TRUE(brother);
  const int64_t before = AuditSeq();
  auto refused = store_->CreateReferral(brother->id, LegalAid(), kActor);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Error::Code::kForbidden);
  EXPECT_NE(refused.error().message.find("consent"), std::string::npos);
  EXPECT_EQ(AuditSeq(), before);  // nothing written (the API audits the refusal)

  // The son is 10: his own consent is not asked for; his father's covers him.
  auto son = store_->CreateCase(Detained(1), "caseworker", kActor);
  ASSERT_TRUE(son);
  auto covered = store_->CreateReferral(son->id, LegalAid(), kActor);
  ASSERT_TRUE(covered) << covered.error().message;
  EXPECT_EQ(covered->referral.consent_of, "household_head");
  // Take the head's consent away: the child's referral is refused.
  Household h = *store_->GetHousehold(household_.id, kActor);
  h.members[0].consents = {ConsentPurpose::kRegistration};
  h.members[1].consents = {ConsentPurpose::kReferral};
  ASSERT_TRUE(store_->UpdateHousehold(h, h.version, kActor));
  auto child_refused = store_->CreateReferral(son->id, LegalAid(), kActor);
  ASSERT_FALSE(child_refused);
  EXPECT_EQ(child_refused.error().code, Error::Code::kForbidden);
  EXPECT_NE(child_refused.error().message.find("household head"), std::string::npos);
}

TEST_P(CaseStoreTest, AReferralCarriesOnlyTheChosenFieldsAndTheAuditListsThem) {
  auto c = store_->CreateCase(Detained(), "caseworker", kActor);
  ASSERT_TRUE(c);
  auto r = store_->CreateReferral(c->id, LegalAid(), kActor);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->person.given_name, "Gul Ahmad");
  EXPECT_EQ(r->person.father_name, "Abdul Karim");
  EXPECT_TRUE(r->person.phone.empty());
  EXPECT_TRUE(r->person.vulnerabilities.empty());
  EXPECT_EQ(r->risks, c->risks);
  EXPECT_EQ(r->referral.consent_of, "person");
  const AuditEntry head = *store_->AuditHead();
  EXPECT_EQ(head.action, "referral.create");
  EXPECT_NE(head.detail.find("shared: given_name,father_name,risks"), std::string::npos);
  EXPECT_EQ(head.detail.find("Gul"), std::string::npos);

  Referral shelter = LegalAid();
  shelter.service = ServiceType::kShelter;
  EXPECT_EQ(store_->CreateReferral(c->id, shelter, kActor).error().field, "organisation_id");
  Organisation twice;
  twice.name = "Legal Aid Torkham";
  twice.services = {ServiceType::kShelter};
  auto dup = store_->CreateOrganisation(twice, kActor);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().field, "name");
  ASSERT_EQ(store_->ListOrganisations()->size(), 1u);
}

TEST_P(CaseStoreTest, CounsellorScopeSeesOnlyCasesWithALegalAidReferral) {
  auto c = store_->CreateCase(Detained(), "caseworker", kActor);
  ASSERT_TRUE(c);
  EXPECT_EQ(store_->GetCase(c->id, CaseScope::kLegalAidReferred, kActor).error().code,
            Error::Code::kNotFound);
  EXPECT_TRUE(store_->ListCases(Filter("", false, CaseScope::kLegalAidReferred), kActor)->empty());
  ASSERT_TRUE(store_->CreateReferral(c->id, LegalAid(), kActor));
  EXPECT_TRUE(store_->GetCase(c->id, CaseScope::kLegalAidReferred, kActor));
  EXPECT_EQ(store_->ListCases(Filter("", false, CaseScope::kLegalAidReferred), kActor)->size(), 1u);
}

TEST_P(CaseStoreTest, OverdueCasesComeFirst) {
  auto later = store_->CreateCase(Detained(), "caseworker", kActor);
  auto overdue = store_->CreateCase(Detained(2), "caseworker", kActor);
  auto none = store_->CreateCase(Detained(1), "caseworker", kActor);
  ASSERT_TRUE(later && overdue && none);
  CaseTask soon;
  soon.title = "Follow up";
  soon.due = Date{2025, 4, 5};
  ASSERT_TRUE(store_->AddCaseTask(later->id, soon, kActor));
  CaseTask past = soon;
  past.due = Date{2025, 3, 30};
  ASSERT_TRUE(store_->AddCaseTask(overdue->id, past, kActor));
  auto list = store_->ListCases(Filter("caseworker", false, CaseScope::kAll), kActor);
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ(list->at(0).id, overdue->id);
  EXPECT_TRUE(list->at(0).overdue);
  EXPECT_EQ(list->at(1).id, later->id);
  EXPECT_EQ(list->at(2).id, none->id);
  EXPECT_EQ(store_->ListCases(Filter("caseworker", true, CaseScope::kAll), kActor)->size(), 1u);
  clock_.Advance(std::chrono::hours(24 * 5));  // 2025-04-06: both overdue
  EXPECT_EQ(store_->ListCases(Filter("caseworker", true, CaseScope::kAll), kActor)->size(), 2u);
  EXPECT_TRUE(store_->ListCases(Filter("someone-else", false, CaseScope::kAll), kActor)->empty());
}

// Erasure wins: erasing the person shreds their cases' data keys, so notes
// and task titles cannot be read again; the counts keep the case.
TEST_P(CaseStoreTest, ErasingThePersonShredsTheirCases) {
  auto c = store_->CreateCase(Detained(2), "caseworker", kActor);
  ASSERT_TRUE(c);
  CaseNote note;
  note.text = "Brother in Quetta";
  ASSERT_TRUE(store_->AddCaseNote(c->id, note, kActor));
  ASSERT_TRUE(store_->ErasePerson(household_.members[2].id, "the person asked for it", kActor));
  auto read = store_->GetCase(c->id, CaseScope::kAll, kActor);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, Error::Code::kNotFound);
  EXPECT_NE(read.error().message.find("erased"), std::string::npos);
  EXPECT_EQ(store_->AddCaseNote(c->id, note, kActor).error().code, Error::Code::kNotFound);
  EXPECT_EQ(store_->ListCaseFacts()->cases.size(), 1u);
  EXPECT_EQ(RawFiles().find("Brother in Quetta"), std::string::npos);
}

TEST_P(CaseStoreTest, DamagedStoredValuesAreErrorsNotDefaults) {
  auto c = store_->CreateCase(Detained(), "caseworker", kActor);
  ASSERT_TRUE(c);
  Corrupt("UPDATE cases SET status = 'pending' WHERE id = '" + c->id + "'");
  auto read = store_->GetCase(c->id, CaseScope::kAll, kActor);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, Error::Code::kInternal);
  EXPECT_EQ(read.error().field, "cases.status");
  EXPECT_FALSE(store_->ListCases({}, kActor));
  EXPECT_FALSE(store_->ListCaseFacts());
  Corrupt(
      "UPDATE cases SET status = 'open', risks = 'arbitrary_arrest_detention,kidnap' "
      "WHERE id = '" +
      c->id + "'");
  read = store_->GetCase(c->id, CaseScope::kAll, kActor);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().field, "cases.risks");
}

}  // namespace
}  // namespace sanad::store
