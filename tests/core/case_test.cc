// The case and referral status machines, every move of each: the allowed
// ones pass, every other is refused naming the allowed ones.
#include "core/case.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "core/referral.h"

namespace sanad {
namespace {

using S = CaseStatus;

// The machine written out as a reviewer reads it (core/case.h).
const std::set<std::pair<S, S>>& AllowedCaseMoves() {
  static const std::set<std::pair<S, S>> kMoves = {
      {S::kOpen, S::kAssessed},         {S::kAssessed, S::kPlanAgreed},
      {S::kPlanAgreed, S::kInProgress}, {S::kInProgress, S::kFollowUp},
      {S::kFollowUp, S::kClosed},       {S::kOpen, S::kClosed},
      {S::kAssessed, S::kClosed},       {S::kPlanAgreed, S::kClosed},
      {S::kInProgress, S::kClosed},     {S::kFollowUp, S::kInProgress},
      {S::kInProgress, S::kPlanAgreed}, {S::kClosed, S::kOpen},
  };
  return kMoves;
}

TEST(CaseStatusMachine, EveryMoveIsAllowedOrRefusedAsTheTableSays) {
  size_t allowed = 0, refused = 0;
  for (S from : AllCaseStatuses()) {
    for (S to : AllCaseStatuses()) {
      SCOPED_TRACE(std::string(ToString(from)) + " -> " + std::string(ToString(to)));
      const std::optional<ClosureReason> reason =
          to == S::kClosed ? std::optional(ClosureReason::kNeedsMet) : std::nullopt;
      auto ok = CheckTransition(from, to, reason);
      if (AllowedCaseMoves().contains({from, to})) {
        EXPECT_TRUE(ok) << ok.error().message;
        ++allowed;
        continue;
      }
      ++refused;
      ASSERT_FALSE(ok);
      EXPECT_EQ(ok.error().code, Error::Code::kInvalidInput);
      EXPECT_EQ(ok.error().field, "to");
      // The message names every allowed next status.
      for (S next : AllowedTransitions(from)) {
        EXPECT_NE(ok.error().message.find(std::string(ToString(next))), std::string::npos)
            << ok.error().message;
      }
      EXPECT_NE(ok.error().message.find("may move to"), std::string::npos);
    }
  }
  EXPECT_EQ(allowed, AllowedCaseMoves().size());
  EXPECT_EQ(refused, 36 - AllowedCaseMoves().size());
}

TEST(CaseStatusMachine, AllowedTransitionsListsTheTableInOrder) {
  EXPECT_EQ(AllowedTransitions(S::kOpen), (std::vector<S>{S::kAssessed, S::kClosed}));
  EXPECT_EQ(AllowedTransitions(S::kInProgress),
            (std::vector<S>{S::kPlanAgreed, S::kFollowUp, S::kClosed}));
  EXPECT_EQ(AllowedTransitions(S::kClosed), (std::vector<S>{S::kOpen}));
}

TEST(CaseStatusMachine, ClosingNeedsAReasonAndOnlyClosingTakesOne) {
  auto no_reason = CheckTransition(S::kFollowUp, S::kClosed, std::nullopt);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "closure_reason");
  EXPECT_NE(no_reason.error().message.find("person_returned_to_pakistan"), std::string::npos);
  auto stray = CheckTransition(S::kOpen, S::kAssessed, ClosureReason::kDeceased);
  ASSERT_FALSE(stray);
  EXPECT_EQ(stray.error().field, "closure_reason");
  auto reopen = CheckTransition(S::kClosed, S::kOpen, ClosureReason::kOther);
  ASSERT_FALSE(reopen);
  EXPECT_EQ(reopen.error().field, "closure_reason");
}

TEST(CaseVocabulary, NamesRoundTrip) {
  for (S s : AllCaseStatuses()) EXPECT_EQ(ParseCaseStatus(ToString(s)), s);
  for (const char* r : {"needs_met", "transferred", "lost_contact", "person_returned_to_pakistan",
                        "deceased", "other"}) {
    SCOPED_TRACE(r);
    auto parsed = ParseClosureReason(r);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(ToString(*parsed), r);
  }
  EXPECT_FALSE(ParseClosureReason("resolved"));
  EXPECT_EQ(ParseCasePriority("high"), CasePriority::kHigh);
  EXPECT_FALSE(ParseCasePriority("urgent"));
  EXPECT_EQ(CaseStatusNames(), "open, assessed, plan_agreed, in_progress, follow_up, closed");
}

TEST(CaseValidation, NamesTheFieldAtFault) {
  Case c;
  c.person_id = "0190d7f0-0000-7000-8000-000000000001";
  c.risks = {ProtectionRisk::kArbitraryArrestDetention};
  EXPECT_TRUE(ValidateCase(c));
  Case no_person = c;
  no_person.person_id.clear();
  EXPECT_EQ(ValidateCase(no_person).error().field, "person_id");
  Case no_risk = c;
  no_risk.risks.clear();
  EXPECT_EQ(ValidateCase(no_risk).error().field, "risks");
  Case twice = c;
  twice.risks = {ProtectionRisk::kGbv, ProtectionRisk::kForcedReturn, ProtectionRisk::kGbv};
  EXPECT_EQ(ValidateCase(twice).error().field, "risks[2]");
  Case control = c;
  control.assigned_to = std::string("case\x01worker");
  EXPECT_EQ(ValidateCase(control).error().field, "assigned_to");

  CaseNote note;
  EXPECT_EQ(ValidateCaseNote(note).error().field, "text");
  note.text = "Visited at the transit centre.\nLawyer to call on Monday.";
  EXPECT_TRUE(ValidateCaseNote(note));
  note.text = std::string(kMaxCaseNoteBytes + 1, 'a');
  EXPECT_EQ(ValidateCaseNote(note).error().field, "text");
  CaseTask task;
  EXPECT_EQ(ValidateCaseTask(task).error().field, "title");
  task.title = "Call\nback";
  EXPECT_EQ(ValidateCaseTask(task).error().field, "title");
}

using R = ReferralStatus;

TEST(ReferralStatusMachine, EveryMoveIsAllowedOrRefusedAsTheTableSays) {
  const std::set<std::pair<R, R>> expected = {
      {R::kPending, R::kAccepted},   {R::kPending, R::kDeclined},   {R::kPending, R::kWithdrawn},
      {R::kAccepted, R::kCompleted}, {R::kAccepted, R::kWithdrawn},
  };
  for (R from : AllReferralStatuses()) {
    for (R to : AllReferralStatuses()) {
      SCOPED_TRACE(std::string(ToString(from)) + " -> " + std::string(ToString(to)));
      auto ok = CheckReferralTransition(from, to);
      if (expected.contains({from, to})) {
        EXPECT_TRUE(ok) << ok.error().message;
        continue;
      }
      ASSERT_FALSE(ok);
      EXPECT_EQ(ok.error().field, "status");
      for (R next : AllowedReferralTransitions(from)) {
        EXPECT_NE(ok.error().message.find(std::string(ToString(next))), std::string::npos);
      }
      if (AllowedReferralTransitions(from).empty()) {
        EXPECT_NE(ok.error().message.find("final"), std::string::npos);
      }
    }
  }
}

TEST(ReferralValidation, SharedFieldsAreKnownAndListedOnce) {
  Referral r;
  r.organisation_id = "0190d7f0-0000-7000-8000-000000000009";
  r.shared_fields = {"given_name", "father_name", "phone"};
  EXPECT_TRUE(ValidateReferral(r));
  Referral none = r;
  none.shared_fields.clear();
  EXPECT_EQ(ValidateReferral(none).error().field, "shared_fields");
  Referral unknown = r;
  unknown.shared_fields.push_back("home_address");
  EXPECT_EQ(ValidateReferral(unknown).error().field, "shared_fields[3]");
  Referral twice = r;
  twice.shared_fields.push_back("phone");
  EXPECT_EQ(ValidateReferral(twice).error().field, "shared_fields[3]");
  Referral no_org = r;
  no_org.organisation_id.clear();
  EXPECT_EQ(ValidateReferral(no_org).error().field, "organisation_id");

  Organisation o;
  EXPECT_EQ(ValidateOrganisation(o).error().field, "name");
  o.name = "Legal Aid Nangarhar";
  EXPECT_EQ(ValidateOrganisation(o).error().field, "services");
  o.services = {ServiceType::kLegalAid, ServiceType::kShelter, ServiceType::kLegalAid};
  EXPECT_EQ(ValidateOrganisation(o).error().field, "services[2]");
  for (ServiceType s : AllServiceTypes()) EXPECT_EQ(ParseServiceType(ToString(s)), s);
  EXPECT_EQ(AllServiceTypes().size(), 10u);
}

}  // namespace
}  // namespace sanad
