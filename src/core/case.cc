#include "core/case.h"

#include <string>

#include "core/incident.h"
#include "core/name_table.h"
#include "core/validation.h"

namespace sanad {
namespace {

constexpr NameTable<CaseStatus, kCaseStatusCount> kStatusNames{{
    {CaseStatus::kOpen, "open"},
    {CaseStatus::kAssessed, "assessed"},
    {CaseStatus::kPlanAgreed, "plan_agreed"},
    {CaseStatus::kInProgress, "in_progress"},
    {CaseStatus::kFollowUp, "follow_up"},
    {CaseStatus::kClosed, "closed"},
}};

constexpr NameTable<ClosureReason, 6> kReasonNames{{
    {ClosureReason::kNeedsMet, "needs_met"},
    {ClosureReason::kTransferred, "transferred"},
    {ClosureReason::kLostContact, "lost_contact"},
    {ClosureReason::kPersonReturnedToPakistan, "person_returned_to_pakistan"},
    {ClosureReason::kDeceased, "deceased"},
    {ClosureReason::kOther, "other"},
}};

constexpr NameTable<CasePriority, 3> kPriorityNames{{
    {CasePriority::kHigh, "high"},
    {CasePriority::kMedium, "medium"},
    {CasePriority::kLow, "low"},
}};

// The machine as data: (from, to) pairs; see the header for why each is here.
struct Move {
  CaseStatus from;
  CaseStatus to;
};
constexpr Move kMoves[] = {
    {CaseStatus::kOpen, CaseStatus::kAssessed},
    {CaseStatus::kAssessed, CaseStatus::kPlanAgreed},
    {CaseStatus::kPlanAgreed, CaseStatus::kInProgress},
    {CaseStatus::kInProgress, CaseStatus::kFollowUp},
    {CaseStatus::kFollowUp, CaseStatus::kClosed},
    // Closing early, from any status that is not closed.
    {CaseStatus::kOpen, CaseStatus::kClosed},
    {CaseStatus::kAssessed, CaseStatus::kClosed},
    {CaseStatus::kPlanAgreed, CaseStatus::kClosed},
    {CaseStatus::kInProgress, CaseStatus::kClosed},
    // Stepping back.
    {CaseStatus::kFollowUp, CaseStatus::kInProgress},
    {CaseStatus::kInProgress, CaseStatus::kPlanAgreed},
    // Reopening.
    {CaseStatus::kClosed, CaseStatus::kOpen},
};

std::string NameList(const std::vector<CaseStatus>& statuses) {
  std::string out;
  for (CaseStatus s : statuses) {
    if (!out.empty()) out += ", ";
    out += ToString(s);
  }
  return out;
}

}  // namespace

std::string_view ToString(CaseStatus v) { return NameOf(kStatusNames, v); }
std::string_view ToString(ClosureReason v) { return NameOf(kReasonNames, v); }
std::string_view ToString(CasePriority v) { return NameOf(kPriorityNames, v); }
std::optional<CaseStatus> ParseCaseStatus(std::string_view t) { return ValueOf(kStatusNames, t); }
std::optional<ClosureReason> ParseClosureReason(std::string_view t) {
  return ValueOf(kReasonNames, t);
}
std::optional<CasePriority> ParseCasePriority(std::string_view t) {
  return ValueOf(kPriorityNames, t);
}
std::string_view CaseStatusNames() {
  static const std::string kNames = JoinNames(kStatusNames);
  return kNames;
}
std::string_view ClosureReasonNames() {
  static const std::string kNames = JoinNames(kReasonNames);
  return kNames;
}
std::string_view CasePriorityNames() {
  static const std::string kNames = JoinNames(kPriorityNames);
  return kNames;
}

const std::vector<CaseStatus>& AllCaseStatuses() {
  static const std::vector<CaseStatus> kAll = AllValues(kStatusNames);
  return kAll;
}

std::vector<CaseStatus> AllowedTransitions(CaseStatus from) {
  std::vector<CaseStatus> out;
  for (CaseStatus to : AllCaseStatuses()) {
    for (const Move& m : kMoves) {
      if (m.from == from && m.to == to) out.push_back(to);
    }
  }
  return out;
}

Status CheckTransition(CaseStatus from, CaseStatus to, const std::optional<ClosureReason>& reason) {
  const std::vector<CaseStatus> allowed = AllowedTransitions(from);
  bool found = false;
  for (CaseStatus s : allowed) found = found || s == to;
  if (!found) {
    return Fail(
        Error::InvalidInput("to", "a case that is {} cannot move to {}; from {} it may move to: {}",
                            ToString(from), ToString(to), ToString(from), NameList(allowed)));
  }
  if (to == CaseStatus::kClosed && !reason) {
    return Fail(Error::InvalidInput("closure_reason", "is required to close a case: one of {}",
                                    ClosureReasonNames()));
  }
  if (to != CaseStatus::kClosed && reason) {
    return Fail(Error::InvalidInput("closure_reason", "is given only when the case is closed"));
  }
  return {};
}

Status ValidateCase(const Case& c) {
  if (c.person_id.empty()) {
    return Fail(Error::InvalidInput("person_id",
                                    "is required: the registered person the case "
                                    "is for"));
  }
  if (auto ok = ValidateText("person_id", c.person_id, 64); !ok) return ok;
  if (auto ok = ValidateText("incident_id", c.incident_id, 64); !ok) return ok;
  if (auto ok = ValidateText("assigned_to", c.assigned_to, 64); !ok) return ok;
  if (c.risks.empty()) {
    return Fail(Error::InvalidInput("risks", "at least one protection risk is required: {}",
                                    ProtectionRiskNames()));
  }
  for (size_t i = 0; i < c.risks.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (c.risks[j] == c.risks[i]) {
        return Fail(Error::InvalidInput("risks[" + std::to_string(i) + "]", "is listed twice"));
      }
    }
  }
  if (c.closure_reason && c.status != CaseStatus::kClosed) {
    return Fail(Error::InvalidInput("closure_reason", "is given only when the case is closed"));
  }
  return {};
}

Status ValidateCaseNote(const CaseNote& note) {
  if (note.text.empty()) return Fail(Error::InvalidInput("text", "is required"));
  if (auto ok = ValidateText("corrects", note.corrects, 64); !ok) return ok;
  return ValidateNotes("text", note.text, kMaxCaseNoteBytes);
}

Status ValidateCaseTask(const CaseTask& task) {
  if (task.title.empty()) {
    return Fail(Error::InvalidInput("title", "is required: what is to be done by the due date"));
  }
  return ValidateText("title", task.title, kMaxTaskTitleBytes);
}

}  // namespace sanad
