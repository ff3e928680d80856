// The one JSON shape of a legal-status answer and of a status timeline, used
// by the API (POST /api/v1/status-check, GET /api/v1/persons/{id}/status)
// and by `sanad status --json` alike. docs/api.md documents it.
//
// The shape carries the union of the field names that were published by
// either before they shared this encoder, so no reader breaks:
// `status_text` and `status_description` hold the same sentence;
// `deciding_document` is the first of `deciding_documents` (or null);
// `missing_documents` is always present; a timeline segment's `provisions`
// are ids, with their titles and sources in `provision_sources`.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "policy/evaluation.h"
#include "policy/policy.h"

namespace sanad::policy {

// `language` is the language of the texts (BCP 47: "en", "ps", "fa-AF",
// "ur"; any other gives English): the provisions' titles, explanations,
// sources_differ and next steps, and the status description. The answer's
// "language" says which of the four it is; each provision's "language" says
// which its texts are in (English where the policy file has no translation).
// `reason`, `warnings` and the engine's own next steps are said in it too
// (Sentence::Say); the provisions' sources stay as the file cites them.
[[nodiscard]] nlohmann::json EvaluationToJson(const Policy& policy, const Evaluation& evaluation,
                                              std::string_view language = "en");
// The part of an answer that explains it, for pages that show an answer
// beside other things (the incident page's `status_explained`): language,
// status_text, reason, provisions and next_steps, as in EvaluationToJson.
[[nodiscard]] nlohmann::json ExplanationToJson(const Evaluation& evaluation,
                                               std::string_view language = "en");
// `language` if it is one of "en", "ps", "fa-AF", "ur", else "en".
[[nodiscard]] std::string_view AnswerLanguage(std::string_view language);
// The segments as an array, oldest first; titles and status texts in
// `language` as in EvaluationToJson.
[[nodiscard]] nlohmann::json TimelineToJson(const Policy& policy,
                                            const std::vector<TimelineSegment>& timeline,
                                            std::string_view language = "en");

}  // namespace sanad::policy
