#include "api/incident_json.h"

#include <initializer_list>
#include <string>

#include "api/json_fields.h"
#include "core/validation.h"
#include "policy/evaluation_json.h"

namespace sanad::api {
namespace {

using nlohmann::json;

Result<HeldDocumentRecord> DecodeHeld(const json& j, const std::string& path) {
  if (auto ok = RequireObject(j, path); !ok) return Fail(ok.error());
  if (auto ok = RejectUnknown(j, path, {"type", "valid_until"}); !ok) return Fail(ok.error());
  HeldDocumentRecord d;
  if (auto ok =
          GetRequiredEnum(j, path, "type", ParseDocumentType, DocumentTypeNames(), &d.type, true);
      !ok) {
    return Fail(ok.error());
  }
  std::string until;
  if (auto ok = GetString(j, path, "valid_until", &until); !ok) return Fail(ok.error());
  if (!until.empty()) {
    auto date = Date::ParseIso(until, Join(path, "valid_until"));
    if (!date) return Fail(date.error());
    d.valid_until = *date;
  }
  return d;
}

Result<Detention> DecodeDetention(const json& j, const std::string& path) {
  if (auto ok = RequireObject(j, path); !ok) return Fail(ok.error());
  if (auto ok = RejectUnknown(
          j, path, {"held_at", "days", "outcome", "payment_demanded", "payment_paid", "currency"});
      !ok) {
    return Fail(ok.error());
  }
  Detention d;
  if (auto ok = GetString(j, path, "held_at", &d.held_at); !ok) return Fail(ok.error());
  if (auto ok = GetInt(j, path, "days", &d.days); !ok) return Fail(ok.error());
  if (auto ok = GetRequiredEnum(j, path, "outcome", ParseDetentionOutcome, DetentionOutcomeNames(),
                                &d.outcome, false);
      !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetInt(j, path, "payment_demanded", &d.payment_demanded); !ok)
    return Fail(ok.error());
  if (auto ok = GetInt(j, path, "payment_paid", &d.payment_paid); !ok) return Fail(ok.error());
  if (auto ok = GetEnum(j, path, "currency", ParseCurrency, CurrencyNames(), &d.currency); !ok) {
    return Fail(ok.error());
  }
  return d;
}

Result<IncidentPerson> DecodeIncidentPerson(const json& j, const std::string& path) {
  if (auto ok = RequireObject(j, path); !ok) return Fail(ok.error());
  if (auto ok = RejectUnknown(
          j, path,
          {"person_id", "sex", "age", "age_band", "relationship", "documents_held", "detention"});
      !ok) {
    return Fail(ok.error());
  }
  IncidentPerson p;
  if (auto ok = GetString(j, path, "person_id", &p.person_id, 64); !ok) return Fail(ok.error());
  if (auto ok = GetRequiredEnum(j, path, "sex", ParseSex, "female, male, unknown", &p.sex, false);
      !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetInt(j, path, "age", &p.age); !ok) return Fail(ok.error());
  if (auto ok = GetEnum(j, path, "age_band", ParseAgeBand, AgeBandNames(), &p.age_band); !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetEnum(j, path, "relationship", ParseReporterRelationship,
                        ReporterRelationshipNames(), &p.relationship);
      !ok) {
    return Fail(ok.error());
  }
  if (auto it = j.find("documents_held"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) {
      return Fail(Error::InvalidInput(Join(path, "documents_held"), "must be a list"));
    }
    for (size_t i = 0; i < it->size(); ++i) {
      auto d = DecodeHeld((*it)[i], Join(path, "documents_held") + "[" + std::to_string(i) + "]");
      if (!d) return Fail(d.error());
      p.documents_held.push_back(*d);
    }
  }
  if (auto it = j.find("detention"); it != j.end() && !it->is_null()) {
    auto d = DecodeDetention(*it, Join(path, "detention"));
    if (!d) return Fail(d.error());
    p.detention = *d;
  }
  return p;
}

json MarkJson(const IncidentStatusMark& m) {
  return {{"status", m.status},
          {"evaluated_on", m.evaluated_on.ToIso()},
          {"approximate", m.approximate},
          {"valid_status", m.valid_status},
          {"detained_while_documented", m.detained_while_documented},
          {"provisions", m.provisions}};
}

json OptionalInt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

Result<Incident> DecodeIncident(const json& j, Incident base, bool patch) {
  if (auto ok = RequireObject(j, ""); !ok) return Fail(ok.error());
  if (auto ok = RejectUnknown(j, "",
                              {"version", "date", "province", "district", "type", "place_type",
                               "perpetrator", "persons", "source", "consents", "notes"});
      !ok) {
    return Fail(ok.error());
  }
  Incident& i = base;
  std::string date = patch ? i.date.ToIso() : "";
  if (auto ok = GetString(j, "", "date", &date); !ok) return Fail(ok.error());
  if (date.empty()) return Fail(Error::InvalidInput("date", "is required: YYYY-MM-DD or YYYY-MM"));
  auto parsed = PartialDate::Parse(date, "date");
  if (!parsed) return Fail(parsed.error());
  i.date = *parsed;
  if (auto ok = GetString(j, "", "province", &i.province); !ok) return Fail(ok.error());
  if (auto ok = GetString(j, "", "district", &i.district); !ok) return Fail(ok.error());
  if (auto ok =
          GetRequiredEnum(j, "", "type", ParseIncidentType, IncidentTypeNames(), &i.type, !patch);
      !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetRequiredEnum(j, "", "place_type", ParsePlaceType, PlaceTypeNames(),
                                &i.place_type, false);
      !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetRequiredEnum(j, "", "perpetrator", ParsePerpetrator, PerpetratorNames(),
                                &i.perpetrator, false);
      !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetRequiredEnum(j, "", "source", ParseIncidentSource, IncidentSourceNames(),
                                &i.source, false);
      !ok) {
    return Fail(ok.error());
  }
  if (auto it = j.find("persons"); it != j.end()) {
    if (!it->is_array()) return Fail(Error::InvalidInput("persons", "must be a list"));
    i.persons.clear();
    for (size_t k = 0; k < it->size(); ++k) {
      auto p = DecodeIncidentPerson((*it)[k], "persons[" + std::to_string(k) + "]");
      if (!p) return Fail(p.error());
      i.persons.push_back(std::move(*p));
    }
  }
  if (auto it = j.find("consents"); it != j.end()) {
    if (!it->is_array()) return Fail(Error::InvalidInput("consents", "must be a list"));
    i.consents.clear();
    for (size_t k = 0; k < it->size(); ++k) {
      const std::string field = "consents[" + std::to_string(k) + "]";
      if (!(*it)[k].is_string()) return Fail(Error::InvalidInput(field, "must be a string"));
      auto c = ParseIncidentConsent((*it)[k].get<std::string>());
      if (!c) {
        return Fail(Error::InvalidInput(field, "must be one of {}", IncidentConsentNames()));
      }
      i.consents.push_back(*c);
    }
  }
  if (auto ok = GetString(j, "", "notes", &i.notes, 0); !ok) return Fail(ok.error());
  return base;
}

json EncodeIncident(const Incident& incident, const std::vector<policy::Evaluation>& evaluations,
                    std::string_view language) {
  json persons = json::array();
  for (size_t k = 0; k < incident.persons.size(); ++k) {
    const IncidentPerson& p = incident.persons[k];
    json documents = json::array();
    for (const auto& d : p.documents_held) {
      documents.push_back({{"type", ToString(d.type)},
                           {"valid_until", d.valid_until ? json(d.valid_until->ToIso()) : json()}});
    }
    json out = {{"person_id", p.registered() ? json(p.person_id) : json(nullptr)},
                {"sex", ToString(p.sex)},
                {"age", p.age ? json(*p.age) : json(nullptr)},
                {"age_band", p.age_band ? json(ToString(*p.age_band)) : json(nullptr)},
                {"relationship", p.relationship ? json(ToString(*p.relationship)) : json(nullptr)},
                {"documents_held", documents},
                {"documentation", ToString(DocumentationOf(p.documents_held))}};
    if (p.detention) {
      const Detention& d = *p.detention;
      out["detention"] = {{"held_at", d.held_at},
                          {"days", d.days ? json(*d.days) : json(nullptr)},
                          {"outcome", ToString(d.outcome)},
                          {"payment_demanded", OptionalInt(d.payment_demanded)},
                          {"payment_paid", OptionalInt(d.payment_paid)},
                          {"currency", d.currency ? json(ToString(*d.currency)) : json(nullptr)}};
    } else {
      out["detention"] = nullptr;
    }
    out["status"] = p.status ? MarkJson(*p.status) : json(nullptr);
    if (k < evaluations.size()) {
      out["status_explained"] = policy::ExplanationToJson(evaluations[k], language);
    }
    persons.push_back(std::move(out));
  }
  json consents = json::array();
  for (auto c : incident.consents) consents.push_back(ToString(c));
  return {{"id", incident.id},
          {"version", incident.version},
          {"date", incident.date.ToIso()},
          {"approximate_date", incident.date.precision != PartialDate::Precision::kDay},
          {"province", incident.province},
          {"district", incident.district},
          {"type", ToString(incident.type)},
          {"risk", ToString(incident.risk())},
          {"place_type", ToString(incident.place_type)},
          {"perpetrator", ToString(incident.perpetrator)},
          {"persons", persons},
          {"source", ToString(incident.source)},
          {"consents", consents},
          {"notes", incident.notes},
          {"external_ref", incident.external_ref},
          {"recorded_by", incident.recorded_by},
          {"created_at", incident.created_at},
          {"updated_at", incident.updated_at}};
}

json EncodeIncidentSummary(const store::IncidentSummary& s) {
  return {{"id", s.id},
          {"date", s.date},
          {"province", s.province},
          {"district", s.district},
          {"type", ToString(s.type)},
          {"risk", ToString(RiskOf(s.type))},
          {"persons", s.persons},
          {"detained_while_documented", s.detained_while_documented},
          {"still_detained_documented", s.still_detained_documented},
          {"created_at", s.created_at}};
}

Result<PropertyRecord> DecodeProperty(const json& j) {
  if (auto ok = RequireObject(j, ""); !ok) return Fail(ok.error());
  if (auto ok = RejectUnknown(j, "",
                              {"kind", "province", "district", "address", "tenure", "what_happened",
                               "date", "estimated_value", "currency", "claimants", "claim_status"});
      !ok) {
    return Fail(ok.error());
  }
  PropertyRecord r;
  if (auto ok =
          GetRequiredEnum(j, "", "kind", ParsePropertyKind, PropertyKindNames(), &r.kind, true);
      !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetString(j, "", "province", &r.province); !ok) return Fail(ok.error());
  if (auto ok = GetString(j, "", "district", &r.district); !ok) return Fail(ok.error());
  if (auto ok = GetString(j, "", "address", &r.address, 0); !ok) return Fail(ok.error());
  if (auto ok = GetEnum(j, "", "tenure", ParseTenure, TenureNames(), &r.tenure); !ok) {
    return Fail(ok.error());
  }
  if (auto ok = GetRequiredEnum(j, "", "what_happened", ParsePropertyLoss, PropertyLossNames(),
                                &r.loss, true);
      !ok) {
    return Fail(ok.error());
  }
  std::string date;
  if (auto ok = GetString(j, "", "date", &date); !ok) return Fail(ok.error());
  if (!date.empty()) {
    auto d = PartialDate::Parse(date, "date");
    if (!d) return Fail(d.error());
    r.loss_date = *d;
  }
  if (auto ok = GetInt(j, "", "estimated_value", &r.estimated_value); !ok) return Fail(ok.error());
  if (auto ok = GetEnum(j, "", "currency", ParseCurrency, CurrencyNames(), &r.currency); !ok) {
    return Fail(ok.error());
  }
  if (auto it = j.find("claimants"); it != j.end() && !it->is_null()) {
    if (!it->is_array())
      return Fail(Error::InvalidInput("claimants", "must be a list of person ids"));
    for (size_t k = 0; k < it->size(); ++k) {
      if (!(*it)[k].is_string()) {
        return Fail(
            Error::InvalidInput("claimants[" + std::to_string(k) + "]", "must be a string"));
      }
      r.claimant_ids.push_back((*it)[k].get<std::string>());
    }
  }
  if (auto ok = GetRequiredEnum(j, "", "claim_status", ParseClaimStatus, ClaimStatusNames(),
                                &r.claim_status, false);
      !ok) {
    return Fail(ok.error());
  }
  return r;
}

json EncodeProperty(const PropertyRecord& r) {
  json evidence = json::array();
  for (const auto& e : r.evidence) {
    evidence.push_back({{"id", e.id},
                        {"type", ToString(e.type)},
                        {"content_type", e.content_type},
                        {"size", e.size},
                        {"created_at", e.created_at}});
  }
  return {{"id", r.id},
          {"household_id", r.household_id},
          {"kind", ToString(r.kind)},
          {"province", r.province},
          {"district", r.district},
          {"address", r.address},
          {"tenure", r.tenure ? json(ToString(*r.tenure)) : json(nullptr)},
          {"what_happened", ToString(r.loss)},
          {"date", r.loss_date ? json(r.loss_date->ToIso()) : json(nullptr)},
          {"estimated_value", OptionalInt(r.estimated_value)},
          {"currency", r.currency ? json(ToString(*r.currency)) : json(nullptr)},
          {"claimants", r.claimant_ids},
          {"claim_status", ToString(r.claim_status)},
          {"evidence", evidence},
          {"recorded_by", r.recorded_by},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

}  // namespace sanad::api
