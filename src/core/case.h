// Protection cases (issue 12): a caseworker follows one registered person
// (and through them their household) over weeks, with the protection risks
// of the Global Protection Cluster's one list (protection_risk.h), tasks
// with due dates, sealed notes, and referrals to services (referral.h).
//
// The status machine. A case moves forward one step at a time:
//
//   open → assessed → plan_agreed → in_progress → follow_up → closed
//
// and may also
//   - close from any status that is not closed, with a closure reason (a
//     person can be lost to contact, transferred or die at any stage);
//   - step back where casework really does: follow_up → in_progress (the
//     follow-up finds needs unmet) and in_progress → plan_agreed (the plan
//     is renegotiated). No other backward move: an assessment is not undone,
//     a new one is a note;
//   - reopen: closed → open, recorded in the case's history like every
//     transition (the closure reason is cleared on the case and kept in the
//     history).
// Staying in the same status is not a transition. A closure reason is
// required to close and refused on any other move. Everything else is
// refused with a message that names the statuses allowed from where the
// case is. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/protection_risk.h"
#include "core/referral.h"

namespace sanad {

enum class CaseStatus { kOpen, kAssessed, kPlanAgreed, kInProgress, kFollowUp, kClosed };
inline constexpr size_t kCaseStatusCount = 6;

enum class ClosureReason {
  kNeedsMet,
  kTransferred,
  kLostContact,
  kPersonReturnedToPakistan,
  kDeceased,
  kOther,
};

enum class CasePriority { kHigh, kMedium, kLow };

// Wire names ("plan_agreed", "person_returned_to_pakistan", "high") and
// parsers (nullopt when unknown); the *Names() lists for messages.
[[nodiscard]] std::string_view ToString(CaseStatus value);
[[nodiscard]] std::string_view ToString(ClosureReason value);
[[nodiscard]] std::string_view ToString(CasePriority value);
[[nodiscard]] std::optional<CaseStatus> ParseCaseStatus(std::string_view text);
[[nodiscard]] std::optional<ClosureReason> ParseClosureReason(std::string_view text);
[[nodiscard]] std::optional<CasePriority> ParseCasePriority(std::string_view text);
[[nodiscard]] std::string_view CaseStatusNames();
[[nodiscard]] std::string_view ClosureReasonNames();
[[nodiscard]] std::string_view CasePriorityNames();
// Every status, in the machine's order.
[[nodiscard]] const std::vector<CaseStatus>& AllCaseStatuses();

// The statuses a case in `from` may move to, in the machine's order.
[[nodiscard]] std::vector<CaseStatus> AllowedTransitions(CaseStatus from);

// Checks one move: kInvalidInput naming "to" when the machine has no such
// move (the message names the allowed ones), naming "closure_reason" when
// closing without a reason or giving one on any other move.
[[nodiscard]] Status CheckTransition(CaseStatus from, CaseStatus to,
                                     const std::optional<ClosureReason>& reason);

struct Case {
  std::string id;
  int64_t version = 0;
  std::string person_id;                     // a registered person, required
  std::string household_id;                  // the person's, set by the store
  std::string incident_id;                   // the incident it was opened from; may be empty
  std::vector<ProtectionRisk> risks;         // at least one, each once
  std::vector<std::string> vulnerabilities;  // copied from the person by the store
  CasePriority priority = CasePriority::kMedium;
  std::string assigned_to;  // username of the caseworker
  CaseStatus status = CaseStatus::kOpen;
  std::optional<ClosureReason> closure_reason;  // only when closed
  std::string created_by;
  std::string created_at;
  std::string updated_at;

  bool operator==(const Case&) const = default;
};

// One move in a case's history (reopening included).
struct CaseTransition {
  CaseStatus from = CaseStatus::kOpen;
  CaseStatus to = CaseStatus::kOpen;
  std::optional<ClosureReason> closure_reason;
  std::string by;  // actor id
  std::string at;

  bool operator==(const CaseTransition&) const = default;
};

// A note: sealed at rest, never edited; a correction is a new note naming
// the one it corrects.
struct CaseNote {
  std::string id;
  std::string text;
  std::string corrects;  // id of an earlier note of the same case; may be empty
  std::string author;    // actor id
  std::string created_at;

  bool operator==(const CaseNote&) const = default;
};

// A task (the next follow-up) with a due date. The title is sealed.
struct CaseTask {
  std::string id;
  std::string case_id;
  int64_t version = 0;
  std::string title;
  Date due;
  bool done = false;
  std::string created_by;
  std::string created_at;
  std::string updated_at;

  bool operator==(const CaseTask&) const = default;
};

// What the analysts' counts read (report/case_report.h): every case's
// status and risks, every referral's service and status; no identity.
struct CaseFacts {
  struct CaseFact {
    CaseStatus status = CaseStatus::kOpen;
    std::vector<ProtectionRisk> risks;
  };
  struct ReferralFact {
    ServiceType service = ServiceType::kLegalAid;
    ReferralStatus status = ReferralStatus::kPending;
  };
  std::vector<CaseFact> cases;
  std::vector<ReferralFact> referrals;
  int64_t tracing_matches_confirmed = 0;  // family tracing (core/tracing.h)
};

inline constexpr size_t kMaxCaseNoteBytes = 8000;
inline constexpr size_t kMaxTaskTitleBytes = 200;

// Checks a case as a caller gives it (ids, versions and what the store sets
// are not looked at): person_id given, at least one risk and none twice,
// incident_id and assigned_to as short text. kInvalidInput naming the field
// ("risks[2]").
[[nodiscard]] Status ValidateCase(const Case& c);
// A note's text: 1..kMaxCaseNoteBytes of text, line breaks allowed
// (kInvalidInput naming "text").
[[nodiscard]] Status ValidateCaseNote(const CaseNote& note);
// A task's title: 1..kMaxTaskTitleBytes of text (kInvalidInput naming "title").
[[nodiscard]] Status ValidateCaseTask(const CaseTask& task);

}  // namespace sanad
