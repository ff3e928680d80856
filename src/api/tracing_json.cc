#include "api/tracing_json.h"

#include <string>
#include <utility>

#include "api/json_fields.h"

namespace sanad::api {
namespace {

using nlohmann::json;

Status GetPartialDate(const json& j, std::string_view path, std::string_view key,
                      std::optional<PartialDate>* out) {
  std::string text;
  if (auto ok = GetString(j, path, key, &text, 32); !ok) return ok;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  auto date = PartialDate::Parse(text, Join(path, key));
  if (!date) return Fail(date.error());
  *out = *date;
  return {};
}

Result<SoughtPerson> DecodeSought(const json& j, const std::string& path) {
  if (auto ok = RequireObject(j, path); !ok) return Fail(ok.error());
  if (auto ok = RejectUnknown(
          j, path,
          {"given_name", "father_name", "grandfather_name", "family_name", "nickname", "sex",
           "birth_date", "age", "relationship_to_inquirer", "separation_date", "separation_place",
           "separation_cause", "last_known_place", "last_known_phone"});
      !ok) {
    return Fail(ok.error());
  }
  SoughtPerson s;
  const std::pair<std::string_view, std::string*> texts[] = {
      {"given_name", &s.given_name},
      {"father_name", &s.father_name},
      {"grandfather_name", &s.grandfather_name},
      {"family_name", &s.family_name},
      {"nickname", &s.nickname},
      {"separation_place", &s.separation_place},
      {"last_known_place", &s.last_known_place},
      {"last_known_phone", &s.last_known_phone}};
  for (const auto& [key, out] : texts) {
    if (auto ok = GetString(j, path, key, out); !ok) return Fail(ok.error());
  }
  if (auto ok = GetRequiredEnum(j, path, "sex", ParseSex, "male, female, unknown", &s.sex, false);
      !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetRequiredEnum(j, path, "relationship_to_inquirer", ParseSoughtRelationship,
                                SoughtRelationshipNames(), &s.relationship, true);
      !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetRequiredEnum(j, path, "separation_cause", ParseSeparationCause,
                                SeparationCauseNames(), &s.separation_cause, false);
      !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetPartialDate(j, path, "birth_date", &s.birth_date); !ok) return Fail(ok.error());
  if (auto ok = GetPartialDate(j, path, "separation_date", &s.separation_date); !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetInt(j, path, "age", &s.age); !ok) return Fail(ok.error());
  if (s.birth_date && s.age) {
    return Fail(Error::InvalidInput(Join(path, "age"), "give birth_date or age, not both"));
  }
  return s;
}

json OptionalDate(const std::optional<PartialDate>& d) {
  return d ? json(d->ToIso()) : json(nullptr);
}

json Explanation(const match::Model& model, const std::vector<match::Contribution>& explanation) {
  json evidence = json::array();
  for (const auto& e : match::Describe(model, explanation)) {
    evidence.push_back({{"field", e.field}, {"level", e.level}, {"weight", e.weight}});
  }
  return evidence;
}

}  // namespace

Result<TracingRequest> DecodeNewTracingRequest(const json& j, const Clock& clock) {
  if (auto ok = RequireObject(j, ""); !ok) return Fail(ok.error());
  if (auto ok = RejectUnknown(j, "", {"inquirer_id", "sought", "case_id"}); !ok) {
    return Fail(ok.error());
  }
  TracingRequest r;
  if (auto ok = GetString(j, "", "inquirer_id", &r.inquirer_id, 64); !ok) return Fail(ok.error());
  if (auto ok = GetString(j, "", "case_id", &r.case_id, 64); !ok) return Fail(ok.error());
  auto sought = j.find("sought");
  if (sought == j.end() || !sought->is_array()) {
    return Fail(Error::InvalidInput("sought", "is required: a list of the persons sought"));
  }
  if (sought->size() > kMaxSoughtPersons) {
    return Fail(
        Error::InvalidInput("sought", "at most {} persons in one request", kMaxSoughtPersons));
  }
  for (size_t i = 0; i < sought->size(); ++i) {
    auto s = DecodeSought((*sought)[i], "sought[" + std::to_string(i) + "]");
    if (!s) return Fail(s.error());
    r.sought.push_back(std::move(*s));
  }
  if (auto ok = ValidateTracingRequest(r, clock); !ok) return Fail(ok.error());
  return r;
}

Result<DecisionRequest> DecodeTracingDecision(const json& j, const std::string& request_id) {
  if (auto ok = RequireObject(j, ""); !ok) return Fail(ok.error());
  if (auto ok = RejectUnknown(
          j, "", {"sought_index", "person_id", "tracing_request_id", "decision", "version"});
      !ok) {
    return Fail(ok.error());
  }
  DecisionRequest out;
  out.decision.request_id = request_id;
  std::optional<int64_t> index;
  if (auto ok = GetInt(j, "", "sought_index", &index); !ok) return Fail(ok.error());
  if (!index || *index < 0) {
    return Fail(
        Error::InvalidInput("sought_index", "is required: which person sought, numbered from 0"));
  }
  out.decision.sought_index = static_cast<size_t>(*index);
  if (auto ok = GetString(j, "", "person_id", &out.decision.person_id, 64); !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetString(j, "", "tracing_request_id", &out.decision.other_request_id, 64); !ok) {
    return Fail(ok.error());
  }
  if (out.decision.person_id.empty() == out.decision.other_request_id.empty()) {
    return Fail(
        Error::InvalidInput("person_id",
                            "name either the person found (person_id) or the other tracing request "
                            "(tracing_request_id), not both"));
  }
  if (auto ok = GetRequiredEnum(j, "", "decision", ParseTracingVerdict, "confirm, reject",
                                &out.decision.verdict, true);
      !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetInt(j, "", "version", &out.version); !ok) return Fail(ok.error());
  return out;
}

json EncodeSought(const SoughtPerson& s, bool show_numbers) {
  return {{"given_name", s.given_name},
          {"father_name", s.father_name},
          {"grandfather_name", s.grandfather_name},
          {"family_name", s.family_name},
          {"nickname", s.nickname},
          {"sex", ToString(s.sex)},
          {"birth_date", OptionalDate(s.birth_date)},
          {"age", s.age ? json(*s.age) : json(nullptr)},
          {"relationship_to_inquirer", ToString(s.relationship)},
          {"separation_date", OptionalDate(s.separation_date)},
          {"separation_place", s.separation_place},
          {"separation_cause", ToString(s.separation_cause)},
          {"last_known_place", s.last_known_place},
          {"last_known_phone", show_numbers ? json(s.last_known_phone) : json(nullptr)}};
}

json EncodeTracingRequest(const TracingRequest& r, bool show_numbers) {
  json sought = json::array();
  for (size_t i = 0; i < r.sought.size(); ++i) {
    json s = EncodeSought(r.sought[i], show_numbers);
    s["found"] = i < r.found.size() && r.found[i];
    sought.push_back(std::move(s));
  }
  return {{"id", r.id},
          {"version", r.version},
          {"status", ToString(r.status)},
          {"inquirer_id", r.inquirer_id},
          {"case_id", r.case_id.empty() ? json(nullptr) : json(r.case_id)},
          {"caseworker", r.caseworker},
          {"sought", sought},
          {"created_by", r.created_by},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

json EncodeTracingFile(const store::TracingFile& file, bool show_numbers) {
  json out = EncodeTracingRequest(file.request, show_numbers);
  json decisions = json::array();
  for (const TracingDecision& d : file.decisions) {
    json one = {{"sought_index", d.sought_index},
                {"decision", ToString(d.verdict)},
                {"by", d.by},
                {"at", d.at}};
    if (d.person_id.empty()) {
      one["tracing_request_id"] = d.other_request_id;
    } else {
      one["person_id"] = d.person_id;
    }
    decisions.push_back(std::move(one));
  }
  json alerts = json::array();
  for (const auto& [index, person] : file.alerts) {
    alerts.push_back({{"sought_index", index}, {"person_id", person}});
  }
  out["decisions"] = decisions;
  out["alerts"] = alerts;
  return out;
}

json EncodeTracingSummary(const store::TracingSummary& s) {
  return {{"id", s.id},
          {"inquirer_id", s.inquirer_id},
          {"case_id", s.case_id.empty() ? json(nullptr) : json(s.case_id)},
          {"caseworker", s.caseworker},
          {"status", ToString(s.status)},
          {"version", s.version},
          {"sought", s.sought},
          {"found", s.found},
          {"alerts", s.alerts},
          {"created_at", s.created_at},
          {"updated_at", s.updated_at}};
}

json EncodeTracingMatch(const TracingMatch& m, const match::Model& model) {
  json derived = json::array();
  for (std::string_view d : m.derived) derived.push_back(d);
  json out = {{"sought_index", m.sought_index},
              {"match_probability", m.probability},
              {"match_weight", m.weight},
              {"explanation", Explanation(model, m.explanation)},
              {"derived", derived}};
  if (m.person_id.empty()) {
    out["tracing_request_id"] = m.request_id;
    out["via"] = m.via;
  } else {
    out["person_id"] = m.person_id;
  }
  return out;
}

}  // namespace sanad::api
