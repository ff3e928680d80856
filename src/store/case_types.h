// Protection cases and referrals (case_store.cc, case_task_store.cc,
// referral_store.cc). Part of Store's interface (store.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/case.h"
#include "core/date.h"
#include "core/model.h"
#include "core/protection_risk.h"
#include "core/referral.h"

namespace sanad::store {

// Who may see which case is the API's permission table; the store only
// narrows a read to cases with a legal-aid referral when asked to.
enum class CaseScope {
  kAll,
  kLegalAidReferred,  // only cases with a legal_aid referral that is not withdrawn
};

// A case with everything recorded on it, as its page shows it.
struct CaseFile {
  Case record;
  std::vector<CaseTransition> history;  // oldest first
  std::vector<CaseNote> notes;          // oldest first
  std::vector<CaseTask> tasks;          // by due date
  std::vector<Referral> referrals;      // oldest first
};

struct CaseFilter {
  std::string assigned_to;    // a username; empty: every caseworker's
  std::string person_id;      // one person's cases (a person page); empty: everyone's
  bool overdue_only = false;  // only cases with an open task due before today
  CaseScope scope = CaseScope::kAll;
};

// A line of a caseworker's list: no names, no notes.
struct CaseSummary {
  std::string id;
  std::string person_id;
  CaseStatus status = CaseStatus::kOpen;
  CasePriority priority = CasePriority::kMedium;
  std::vector<ProtectionRisk> risks;
  std::string assigned_to;
  std::optional<Date> next_due;  // the earliest open task
  bool overdue = false;          // next_due is before today
  std::string updated_at;
};

// A new referral as stored, with what it carries: `person` holds only the
// fields named in referral.shared_fields (the rest left empty), `risks` the
// case's risks when "risks" is shared.
struct ReferralPacket {
  Referral referral;
  Person person;
  std::vector<ProtectionRisk> risks;
};

// A task's change: what is given changes.
struct TaskChange {
  std::string id;
  int64_t expected_version = 0;
  std::optional<std::string> title;
  std::optional<Date> due;
  std::optional<bool> done;
};

// A referral's change: the new status, the outcome note, or both.
struct ReferralChange {
  std::string id;
  int64_t expected_version = 0;
  std::optional<ReferralStatus> status;
  std::optional<std::string> outcome_note;
};

inline constexpr size_t kMaxCaseList = 1000;

}  // namespace sanad::store
