#include "api/service_json.h"

namespace sanad::api {

Result<json> CandidatesJson(store::Store& store, const match::CandidateIndex& index,
                            const std::vector<match::Candidate>& candidates,
                            const store::Actor& actor) {
  json out = json::array();
  if (candidates.empty()) return out;
  std::vector<std::string> ids;
  for (const auto& c : candidates) ids.push_back(c.record_id);
  auto summaries = store.GetSummaries(ids, actor);
  if (!summaries) return Fail(summaries.error());
  for (const auto& c : candidates) {
    const store::PersonSummary* s = nullptr;
    for (const auto& summary : *summaries) {
      if (summary.id == c.record_id) s = &summary;
    }
    if (!s) continue;  // erased since it was indexed
    json evidence = json::array();
    for (const auto& e : match::Describe(index.model(), c.explanation)) {
      evidence.push_back({{"field", e.field}, {"level", e.level}, {"weight", e.weight}});
    }
    out.push_back({{"person_id", s->id},
                   {"household_id", s->household_id},
                   {"given_name", s->given_name},
                   {"father_name", s->father_name},
                   {"grandfather_name", s->grandfather_name},
                   {"sex", std::string(ToString(s->sex))},
                   {"birth_date", s->birth_date.empty() ? json(nullptr) : json(s->birth_date)},
                   {"province", s->province},
                   {"match_probability", c.probability},
                   {"match_weight", c.weight},
                   {"explanation", evidence}});
  }
  return out;
}

Result<StatusCheck> DecodeStatusCheck(const json& j) {
  for (const auto& [key, value] : j.items()) {
    if (key.empty()) {  // a field named "" would leave the error naming nothing
      return Fail(Error::InvalidInput(
          "body", "has a field with an empty name; known fields: date, context, documents"));
    }
    if (key != "date" && key != "context" && key != "documents") {
      return Fail(Error::InvalidInput(key,
                                      "is not a known field; known fields: date, context, "
                                      "documents"));
    }
  }
  StatusCheck check;
  if (!j.contains("date") || !j["date"].is_string()) {
    return Fail(Error::InvalidInput("date", "is required, as YYYY-MM-DD"));
  }
  auto date = Date::ParseIso(j["date"].get<std::string>(), "date");
  if (!date) return Fail(date.error());
  check.date = *date;
  if (j.contains("context")) {
    auto context = j["context"].is_string() ? policy::ParseContext(j["context"].get<std::string>())
                                            : std::nullopt;
    if (!context) return Fail(Error::InvalidInput("context", "must be stay or entry"));
    check.context = *context;
  }
  if (j.contains("documents")) {
    const json& docs = j["documents"];
    if (!docs.is_array()) return Fail(Error::InvalidInput("documents", "must be a list"));
    if (docs.size() > 20) return Fail(Error::InvalidInput("documents", "at most 20 documents"));
    for (size_t i = 0; i < docs.size(); ++i) {
      const std::string path = "documents[" + std::to_string(i) + "]";
      const json& d = docs[i];
      if (!d.is_object()) return Fail(Error::InvalidInput(path, "must be an object"));
      policy::HeldDocument held;
      for (const auto& [key, value] : d.items()) {
        if (key != "type" && key != "valid_until" && key != "number") {
          return Fail(Error::InvalidInput(path + "." + key, "is not a known field"));
        }
      }
      auto type = d.contains("type") && d["type"].is_string()
                      ? ParseDocumentType(d["type"].get<std::string>())
                      : std::nullopt;
      if (!type) {
        return Fail(Error::InvalidInput(path + ".type", "must be one of {}", DocumentTypeNames()));
      }
      held.type = *type;
      if (d.contains("valid_until") && !d["valid_until"].is_null()) {
        if (!d["valid_until"].is_string()) {
          return Fail(Error::InvalidInput(path + ".valid_until", "must be YYYY-MM-DD"));
        }
        const std::string text = d["valid_until"].get<std::string>();
        if (!text.empty()) {
          auto until = Date::ParseIso(text, path + ".valid_until");
          if (!until) return Fail(until.error());
          held.valid_until = *until;
        }
      }
      check.documents.push_back(held);
    }
  }
  return check;
}

}  // namespace sanad::api
