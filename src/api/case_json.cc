#include "api/case_json.h"

#include <string>
#include <utility>
#include <vector>

#include "api/json_codec.h"
#include "api/json_fields.h"

namespace sanad::api {
namespace {

using nlohmann::json;

// A list of names parsed by `parse` (absent leaves `out` alone).
template <typename T>
Status GetNameList(const json& j, std::string_view key, std::optional<T> (*parse)(std::string_view),
                   std::string_view allowed, std::vector<T>* out) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (!it->is_array()) return Fail(Error::InvalidInput(std::string(key), "must be a list"));
  out->clear();
  for (size_t k = 0; k < it->size(); ++k) {
    const std::string field = std::string(key) + "[" + std::to_string(k) + "]";
    if (!(*it)[k].is_string()) return Fail(Error::InvalidInput(field, "must be a string"));
    auto value = parse((*it)[k].get<std::string>());
    if (!value) return Fail(Error::InvalidInput(field, "must be one of {}", allowed));
    out->push_back(*value);
  }
  return {};
}

Status GetDate(const json& j, std::string_view key, Date* out) {
  std::string text;
  if (auto ok = GetString(j, "", key, &text); !ok) return ok;
  if (!j.contains(key)) return {};
  auto date = Date::ParseIso(text, key);
  if (!date) return Fail(date.error());
  *out = *date;
  return {};
}

Status Open(const json& j, std::initializer_list<std::string_view> known) {
  if (auto ok = RequireObject(j, ""); !ok) return ok;
  return RejectUnknown(j, "", known);
}

Status DecodeCaseFields(const json& j, Case* c) {
  if (auto ok = GetString(j, "", "incident_id", &c->incident_id, 64); !ok) return ok;
  if (auto ok = GetNameList(j, "risks", ParseProtectionRisk, ProtectionRiskNames(), &c->risks);
      !ok) {
    return ok;
  }
  if (auto ok = GetRequiredEnum(j, "", "priority", ParseCasePriority, CasePriorityNames(),
                                &c->priority, false);
      !ok) {
    return ok;
  }
  return GetString(j, "", "assigned_to", &c->assigned_to, 64);
}

json OptionalName(bool present, std::string_view name) {
  return present ? json(name) : json(nullptr);
}

json RiskNames(const std::vector<ProtectionRisk>& risks) {
  json out = json::array();
  for (auto r : risks) out.push_back(ToString(r));
  return out;
}

}  // namespace

Result<int64_t> DecodeVersion(const json& j) {
  auto it = j.find("version");
  if (it == j.end() || !it->is_number_integer()) {
    return Fail(Error::InvalidInput(
        "version", "is required: send the version you read, so no one's change is overwritten"));
  }
  return it->get<int64_t>();
}

Result<Case> DecodeNewCase(const json& j) {
  if (auto ok = Open(j, {"person_id", "incident_id", "risks", "priority", "assigned_to"}); !ok) {
    return Fail(ok.error());
  }
  Case c;
  if (auto ok = GetString(j, "", "person_id", &c.person_id, 64); !ok) return Fail(ok.error());
  if (auto ok = DecodeCaseFields(j, &c); !ok) return Fail(ok.error());
  return c;
}

Result<int64_t> ApplyCasePatch(const json& j, Case* current) {
  if (auto ok = Open(j, {"version", "incident_id", "risks", "priority", "assigned_to"}); !ok) {
    return Fail(ok.error());
  }
  auto version = DecodeVersion(j);
  if (!version) return Fail(version.error());
  if (auto ok = DecodeCaseFields(j, current); !ok) return Fail(ok.error());
  return *version;
}

Result<TransitionRequest> DecodeTransition(const json& j) {
  if (auto ok = Open(j, {"version", "to", "closure_reason"}); !ok) return Fail(ok.error());
  TransitionRequest t;
  auto version = DecodeVersion(j);
  if (!version) return Fail(version.error());
  t.version = *version;
  if (auto ok = GetRequiredEnum(j, "", "to", ParseCaseStatus, CaseStatusNames(), &t.to, true);
      !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetEnum(j, "", "closure_reason", ParseClosureReason, ClosureReasonNames(),
                        &t.closure_reason);
      !ok) {
    return Fail(ok.error());
  }
  return t;
}

Result<CaseNote> DecodeNote(const json& j) {
  if (auto ok = Open(j, {"text", "corrects"}); !ok) return Fail(ok.error());
  CaseNote n;
  if (auto ok = GetString(j, "", "text", &n.text, 0); !ok) return Fail(ok.error());
  if (auto ok = GetString(j, "", "corrects", &n.corrects, 64); !ok) return Fail(ok.error());
  return n;
}

Result<CaseTask> DecodeNewTask(const json& j) {
  if (auto ok = Open(j, {"title", "due"}); !ok) return Fail(ok.error());
  CaseTask t;
  if (auto ok = GetString(j, "", "title", &t.title, 0); !ok) return Fail(ok.error());
  if (!j.contains("due")) return Fail(Error::InvalidInput("due", "is required: YYYY-MM-DD"));
  if (auto ok = GetDate(j, "due", &t.due); !ok) return Fail(ok.error());
  return t;
}

Result<store::TaskChange> DecodeTaskChange(const json& j, const std::string& id) {
  if (auto ok = Open(j, {"version", "title", "due", "done"}); !ok) return Fail(ok.error());
  store::TaskChange change;
  change.id = id;
  auto version = DecodeVersion(j);
  if (!version) return Fail(version.error());
  change.expected_version = *version;
  if (j.contains("title")) {
    std::string title;
    if (auto ok = GetString(j, "", "title", &title, 0); !ok) return Fail(ok.error());
    change.title = std::move(title);
  }
  if (j.contains("due")) {
    Date due;
    if (auto ok = GetDate(j, "due", &due); !ok) return Fail(ok.error());
    change.due = due;
  }
  if (auto it = j.find("done"); it != j.end()) {
    if (!it->is_boolean()) return Fail(Error::InvalidInput("done", "must be true or false"));
    change.done = it->get<bool>();
  }
  return change;
}

Result<Referral> DecodeNewReferral(const json& j) {
  if (auto ok = Open(j, {"service", "organisation_id", "shared_fields", "outcome_note"}); !ok) {
    return Fail(ok.error());
  }
  Referral r;
  if (auto ok =
          GetRequiredEnum(j, "", "service", ParseServiceType, ServiceTypeNames(), &r.service, true);
      !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetString(j, "", "organisation_id", &r.organisation_id, 64); !ok) {
    return Fail(ok.error());
  }
  if (auto it = j.find("shared_fields"); it != j.end()) {
    if (!it->is_array()) return Fail(Error::InvalidInput("shared_fields", "must be a list"));
    for (size_t k = 0; k < it->size(); ++k) {
      if (!(*it)[k].is_string()) {
        return Fail(
            Error::InvalidInput("shared_fields[" + std::to_string(k) + "]", "must be a string"));
      }
      r.shared_fields.push_back((*it)[k].get<std::string>());
    }
  }
  if (auto ok = GetString(j, "", "outcome_note", &r.outcome_note, 0); !ok) return Fail(ok.error());
  return r;
}

Result<store::ReferralChange> DecodeReferralChange(const json& j, const std::string& id) {
  if (auto ok = Open(j, {"version", "status", "outcome_note"}); !ok) return Fail(ok.error());
  store::ReferralChange change;
  change.id = id;
  auto version = DecodeVersion(j);
  if (!version) return Fail(version.error());
  change.expected_version = *version;
  if (auto ok =
          GetEnum(j, "", "status", ParseReferralStatus, ReferralStatusNames(), &change.status);
      !ok) {
    return Fail(ok.error());
  }
  if (j.contains("outcome_note")) {
    std::string note;
    if (auto ok = GetString(j, "", "outcome_note", &note, 0); !ok) return Fail(ok.error());
    change.outcome_note = std::move(note);
  }
  return change;
}

Result<Organisation> DecodeOrganisation(const json& j) {
  if (auto ok = Open(j, {"name", "services"}); !ok) return Fail(ok.error());
  Organisation o;
  if (auto ok = GetString(j, "", "name", &o.name); !ok) return Fail(ok.error());
  if (auto ok = GetNameList(j, "services", ParseServiceType, ServiceTypeNames(), &o.services);
      !ok) {
    return Fail(ok.error());
  }
  return o;
}

json EncodeCase(const Case& c) {
  return {{"id", c.id},
          {"version", c.version},
          {"person_id", c.person_id},
          {"household_id", c.household_id},
          {"incident_id", c.incident_id.empty() ? json(nullptr) : json(c.incident_id)},
          {"risks", RiskNames(c.risks)},
          {"vulnerabilities", c.vulnerabilities},
          {"priority", ToString(c.priority)},
          {"assigned_to", c.assigned_to},
          {"status", ToString(c.status)},
          {"closure_reason", OptionalName(c.closure_reason.has_value(),
                                          c.closure_reason ? ToString(*c.closure_reason) : "")},
          {"created_by", c.created_by},
          {"created_at", c.created_at},
          {"updated_at", c.updated_at}};
}

json EncodeNote(const CaseNote& n) {
  return {{"id", n.id},
          {"text", n.text},
          {"corrects", n.corrects.empty() ? json(nullptr) : json(n.corrects)},
          {"author", n.author},
          {"created_at", n.created_at}};
}

json EncodeTask(const CaseTask& t) {
  return {{"id", t.id},
          {"case_id", t.case_id},
          {"version", t.version},
          {"title", t.title},
          {"due", t.due.ToIso()},
          {"done", t.done},
          {"created_by", t.created_by},
          {"created_at", t.created_at},
          {"updated_at", t.updated_at}};
}

json EncodeReferral(const Referral& r) {
  return {{"id", r.id},
          {"case_id", r.case_id},
          {"version", r.version},
          {"service", ToString(r.service)},
          {"organisation_id", r.organisation_id},
          {"status", ToString(r.status)},
          {"shared_fields", r.shared_fields},
          {"consent_of", r.consent_of},
          {"outcome_note", r.outcome_note},
          {"created_by", r.created_by},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

json EncodeReferralPacket(const store::ReferralPacket& packet, bool show_numbers) {
  const json person = EncodePerson(packet.person, show_numbers);
  json shared = json::object();
  for (const std::string& field : packet.referral.shared_fields) {
    shared[field] = field == "risks" ? RiskNames(packet.risks) : person.at(field);
  }
  json out = EncodeReferral(packet.referral);
  out["shared"] = shared;
  return out;
}

json EncodeCaseSummary(const store::CaseSummary& s) {
  return {{"id", s.id},
          {"person_id", s.person_id},
          {"status", ToString(s.status)},
          {"priority", ToString(s.priority)},
          {"risks", RiskNames(s.risks)},
          {"assigned_to", s.assigned_to},
          {"next_due", s.next_due ? json(s.next_due->ToIso()) : json(nullptr)},
          {"overdue", s.overdue},
          {"updated_at", s.updated_at}};
}

json EncodeCaseFile(const store::CaseFile& file) {
  json out = EncodeCase(file.record);
  json allowed = json::array();
  for (CaseStatus s : AllowedTransitions(file.record.status)) allowed.push_back(ToString(s));
  out["allowed_transitions"] = allowed;
  json history = json::array();
  for (const auto& t : file.history) {
    history.push_back(
        {{"from", ToString(t.from)},
         {"to", ToString(t.to)},
         {"closure_reason", OptionalName(t.closure_reason.has_value(),
                                         t.closure_reason ? ToString(*t.closure_reason) : "")},
         {"by", t.by},
         {"at", t.at}});
  }
  out["history"] = history;
  json notes = json::array();
  for (const auto& n : file.notes) notes.push_back(EncodeNote(n));
  out["notes"] = notes;
  json tasks = json::array();
  for (const auto& t : file.tasks) tasks.push_back(EncodeTask(t));
  out["tasks"] = tasks;
  json referrals = json::array();
  for (const auto& r : file.referrals) referrals.push_back(EncodeReferral(r));
  out["referrals"] = referrals;
  return out;
}

json EncodeOrganisation(const Organisation& o) {
  json services = json::array();
  for (auto s : o.services) services.push_back(ToString(s));
  return {{"id", o.id}, {"name", o.name}, {"services", services}, {"created_at", o.created_at}};
}

}  // namespace sanad::api
