// JSON for protection cases, tasks, notes, referrals and organisations
// (issue 12): strict decoding (unknown fields, wrong types and bad values
// refused naming the field) and the one encoding the API returns. Field
// names are those of docs/api.md, "Cases and referrals".
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "core/case.h"
#include "core/error.h"
#include "core/referral.h"
#include "store/store.h"

namespace sanad::api {

// The "version" a write names (required, a whole number).
[[nodiscard]] Result<int64_t> DecodeVersion(const nlohmann::json& j);

// {"person_id","incident_id"?,"risks":[...],"priority"?,"assigned_to"?}
[[nodiscard]] Result<Case> DecodeNewCase(const nlohmann::json& j);
// {"version",...the fields above but person_id} onto `current`; returns the version.
[[nodiscard]] Result<int64_t> ApplyCasePatch(const nlohmann::json& j, Case* current);

struct TransitionRequest {
  int64_t version = 0;
  CaseStatus to = CaseStatus::kOpen;
  std::optional<ClosureReason> closure_reason;
};
// {"version","to","closure_reason"?}
[[nodiscard]] Result<TransitionRequest> DecodeTransition(const nlohmann::json& j);

// {"text","corrects"?}
[[nodiscard]] Result<CaseNote> DecodeNote(const nlohmann::json& j);
// {"title","due"}: a due date in the past is accepted (a task may be
// recorded late), but it must be a real date.
[[nodiscard]] Result<CaseTask> DecodeNewTask(const nlohmann::json& j);
// {"version","title"?,"due"?,"done"?} for task `id`.
[[nodiscard]] Result<store::TaskChange> DecodeTaskChange(const nlohmann::json& j,
                                                         const std::string& id);

// {"service","organisation_id","shared_fields":[...],"outcome_note"?}
[[nodiscard]] Result<Referral> DecodeNewReferral(const nlohmann::json& j);
// {"version","status"?,"outcome_note"?} for referral `id`.
[[nodiscard]] Result<store::ReferralChange> DecodeReferralChange(const nlohmann::json& j,
                                                                 const std::string& id);
// {"name","services":[...]}
[[nodiscard]] Result<Organisation> DecodeOrganisation(const nlohmann::json& j);

[[nodiscard]] nlohmann::json EncodeCase(const Case& c);
// The case with "allowed_transitions", "history", "notes", "tasks", "referrals".
[[nodiscard]] nlohmann::json EncodeCaseFile(const store::CaseFile& file);
[[nodiscard]] nlohmann::json EncodeCaseSummary(const store::CaseSummary& s);
[[nodiscard]] nlohmann::json EncodeNote(const CaseNote& note);
[[nodiscard]] nlohmann::json EncodeTask(const CaseTask& task);
[[nodiscard]] nlohmann::json EncodeReferral(const Referral& r);
// The referral and "shared": only the fields it carries; phones and
// document numbers null unless `show_numbers`.
[[nodiscard]] nlohmann::json EncodeReferralPacket(const store::ReferralPacket& packet,
                                                  bool show_numbers);
[[nodiscard]] nlohmann::json EncodeOrganisation(const Organisation& o);

}  // namespace sanad::api
