// JSON for protection incidents and property records (issue 11): strict
// decoding (unknown fields, wrong types and bad values refused with the
// field's path) and the one encoding the API returns. Field names are those
// of docs/api.md.
#pragma once

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/incident.h"
#include "policy/evaluation.h"
#include "store/store.h"

namespace sanad::api {

// {"date","province","district","type","place_type","perpetrator","persons":[...],
//  "source","consents","notes"}: a new incident, or (with `base`) the fields to
// change of an existing one; "version" is read by the caller.
[[nodiscard]] Result<Incident> DecodeIncident(const nlohmann::json& j, Incident base, bool patch);
// The incident with each person's status mark; `evaluations` (may be empty)
// adds each person's provisions, sources and next steps, for a counsellor, as
// `status_explained` (policy::ExplanationToJson) in `language`.
[[nodiscard]] nlohmann::json EncodeIncident(const Incident& incident,
                                            const std::vector<policy::Evaluation>& evaluations,
                                            std::string_view language = "en");
[[nodiscard]] nlohmann::json EncodeIncidentSummary(const store::IncidentSummary& summary);

// {"kind","province","district","address","tenure","what_happened","date",
//  "estimated_value","currency","claimants","claim_status"}
[[nodiscard]] Result<PropertyRecord> DecodeProperty(const nlohmann::json& j);
[[nodiscard]] nlohmann::json EncodeProperty(const PropertyRecord& record);

}  // namespace sanad::api
