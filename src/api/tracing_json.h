// JSON for family tracing (issue 12): strict decoding of a new request and
// of a decision (unknown fields, wrong types and bad values refused naming
// the field: "sought[1].age"), and the one encoding the API returns. Field
// names are those of docs/api.md, "Family tracing".
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "api/tracing_index.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/tracing.h"
#include "match/model.h"
#include "store/store.h"

namespace sanad::api {

// {"inquirer_id","sought":[{given_name, father_name, grandfather_name,
// family_name, nickname, sex, birth_date | age, relationship_to_inquirer,
// separation_date, separation_place, separation_cause, last_known_place,
// last_known_phone}],"case_id"?}, each sought person validated
// (ValidateTracingRequest).
[[nodiscard]] Result<TracingRequest> DecodeNewTracingRequest(const nlohmann::json& j,
                                                             const Clock& clock);

struct DecisionRequest {
  TracingDecision decision;  // request_id as given to the decoder
  std::optional<int64_t> version;
};
// {"sought_index","person_id"|"tracing_request_id","decision":"confirm"|"reject","version"?}
[[nodiscard]] Result<DecisionRequest> DecodeTracingDecision(const nlohmann::json& j,
                                                            const std::string& request_id);

// One sought person as sent; "last_known_phone" null unless `show_numbers`.
[[nodiscard]] nlohmann::json EncodeSought(const SoughtPerson& s, bool show_numbers);
// The request: id, version, status, inquirer_id, case_id, caseworker,
// sought (each with "found"), created_by, created_at, updated_at.
[[nodiscard]] nlohmann::json EncodeTracingRequest(const TracingRequest& r, bool show_numbers);
// The request with "decisions" and "alerts".
[[nodiscard]] nlohmann::json EncodeTracingFile(const store::TracingFile& file, bool show_numbers);
[[nodiscard]] nlohmann::json EncodeTracingSummary(const store::TracingSummary& s);
// {"sought_index","person_id"|"tracing_request_id","match_probability","match_weight",
// "explanation":[{"field","level","weight"}],"derived":[...]} (+ "via" for a request).
[[nodiscard]] nlohmann::json EncodeTracingMatch(const TracingMatch& m, const match::Model& model);

}  // namespace sanad::api
