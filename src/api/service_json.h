// JSON for the routes that call the matching engine and the policy engine:
// kept apart from json_codec.h, which holds the domain records.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/error.h"
#include "match/candidate_index.h"
#include "policy/evaluation.h"
#include "store/store.h"

namespace sanad::api {

using nlohmann::json;

// Timelines start before the first order of this emergency (2023-10-03).
inline constexpr Date kTimelineStart{2023, 1, 1};

// Candidates with what tells people apart (names, birth date, province) and
// the field-by-field evidence. Reads the candidates' summaries (audited).
[[nodiscard]] Result<json> CandidatesJson(store::Store& store, const match::CandidateIndex& index,
                                          const std::vector<match::Candidate>& candidates,
                                          const store::Actor& actor);

struct StatusCheck {
  Date date;
  policy::Context context = policy::Context::kStay;
  std::vector<policy::HeldDocument> documents;
};

// {"date","context","documents":[{"type","valid_until"}]}: strict, errors name the field.
[[nodiscard]] Result<StatusCheck> DecodeStatusCheck(const json& j);

}  // namespace sanad::api
