// Protection incidents (property left behind is in property_store.cc).
//
// What is sealed: an incident's narrative notes; a property's address and
// its evidence files. Each record has its own random data key, wrapped by
// the master key and bound to the record's id (as persons are), so the
// record can be shredded alone. What is plain: what the weekly figures and
// the list need (day, place, type, documentation category, status mark),
// never a name or a narrative. Every read of a record is audited; the
// report's fact scan reads no sealed field.
#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/id.h"
#include "policy/incident_status.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "text/gazetteer.h"

namespace sanad::store {
namespace {

using internal::Indexed;
using internal::JoinNames;
using internal::OptionalText;
using internal::SplitIds;
using internal::SplitNames;
using internal::StoredValues;
using nlohmann::json;

json DetailsJson(const IncidentPerson& p) {
  json documents = json::array();
  for (const auto& d : p.documents_held) {
    documents.push_back({{"type", ToString(d.type)},
                         {"valid_until", d.valid_until ? json(d.valid_until->ToIso()) : json()}});
  }
  json out = {{"sex", ToString(p.sex)}, {"documents_held", documents}};
  if (p.age) out["age"] = *p.age;
  if (p.age_band) out["age_band"] = ToString(*p.age_band);
  if (p.relationship) out["relationship"] = ToString(*p.relationship);
  if (p.detention) {
    const Detention& d = *p.detention;
    json dj = {{"held_at", d.held_at}, {"outcome", ToString(d.outcome)}};
    if (d.days) dj["days"] = *d.days;
    if (d.payment_demanded) dj["payment_demanded"] = *d.payment_demanded;
    if (d.payment_paid) dj["payment_paid"] = *d.payment_paid;
    if (d.currency) dj["currency"] = ToString(*d.currency);
    out["detention"] = dj;
  }
  if (p.status) {
    const IncidentStatusMark& m = *p.status;
    out["status"] = {{"status", m.status},
                     {"evaluated_on", m.evaluated_on.ToIso()},
                     {"approximate", m.approximate},
                     {"valid_status", m.valid_status},
                     {"detained_while_documented", m.detained_while_documented},
                     {"provisions", m.provisions}};
  }
  return out;
}

Result<IncidentPerson> PersonFromDetails(std::string person_id, const std::string& text) {
  IncidentPerson p;
  StoredValues stored("incident_persons", person_id.empty() ? "a described person" : person_id);
  p.person_id = std::move(person_id);
  try {
    const json j = json::parse(text);
    p.sex = stored(ParseSex(j.value("sex", "unknown")), "details.sex");
    if (j.contains("age")) p.age = j["age"].get<int>();
    if (j.contains("age_band")) p.age_band = ParseAgeBand(j["age_band"].get<std::string>());
    if (j.contains("relationship")) {
      p.relationship = ParseReporterRelationship(j["relationship"].get<std::string>());
    }
    for (const auto& d : j.at("documents_held")) {
      HeldDocumentRecord doc;
      doc.type =
          stored(ParseDocumentType(d.at("type").get<std::string>()), "details.documents_held");
      if (d.contains("valid_until") && d["valid_until"].is_string()) {
        doc.valid_until =
            stored(Date::ParseIso(d["valid_until"].get<std::string>()), "details.documents_held");
      }
      p.documents_held.push_back(doc);
    }
    if (j.contains("detention")) {
      const json& dj = j["detention"];
      Detention d;
      d.held_at = dj.value("held_at", "");
      d.outcome = stored(ParseDetentionOutcome(dj.value("outcome", "unknown")),
                         "details.detention.outcome");
      if (dj.contains("days")) d.days = dj["days"].get<int>();
      if (dj.contains("payment_demanded"))
        d.payment_demanded = dj["payment_demanded"].get<int64_t>();
      if (dj.contains("payment_paid")) d.payment_paid = dj["payment_paid"].get<int64_t>();
      if (dj.contains("currency")) d.currency = ParseCurrency(dj["currency"].get<std::string>());
      p.detention = d;
    }
    if (j.contains("status")) {
      const json& sj = j["status"];
      IncidentStatusMark m;
      m.status = sj.at("status").get<std::string>();
      m.evaluated_on =
          stored(Date::ParseIso(sj.at("evaluated_on").get<std::string>()), "details.status");
      m.approximate = sj.at("approximate").get<bool>();
      m.valid_status = sj.at("valid_status").get<bool>();
      m.detained_while_documented = sj.at("detained_while_documented").get<bool>();
      m.provisions = sj.at("provisions").get<std::vector<std::string>>();
      p.status = m;
    }
  } catch (const json::exception& e) {
    return Fail(Error::Internal("a stored incident is damaged: {}", e.what()));
  }
  if (!stored.status()) return Fail(stored.status().error());
  return p;
}

// Validation, canonical place and status marks: everything before the
// transaction. Errors are prefixed by `prefix` when not empty.
Status PrepareIncident(Incident* incident, const policy::Policy& policy) {
  if (auto ok = ValidateIncident(*incident); !ok) return ok;
  auto place = text::ResolvePakistanPlace(incident->province, incident->district);
  if (!place) return Fail(place.error());
  incident->province = place->province;
  incident->district = place->district;
  policy::MarkIncident(policy, incident);
  return {};
}

// Registered persons exist and are not erased; in the caller's transaction.
Status CheckRegisteredPersons(Database& db, const Incident& incident) {
  for (size_t i = 0; i < incident.persons.size(); ++i) {
    const IncidentPerson& p = incident.persons[i];
    if (!p.registered()) continue;
    auto rows = db.Query("SELECT erased_at FROM persons WHERE id = ?", {p.person_id});
    if (!rows) return Fail(rows.error());
    const std::string field = Indexed("persons", i) + ".person_id";
    if (rows->empty()) return Fail(Error::InvalidInput(field, "no registered person has this id"));
    if (!IsNull(rows->at(0).at(0))) {
      return Fail(Error::InvalidInput(field, "this person's record was erased"));
    }
  }
  return {};
}

Status InsertIncidentPersons(Database& db, const Incident& incident) {
  for (size_t i = 0; i < incident.persons.size(); ++i) {
    const IncidentPerson& p = incident.persons[i];
    const bool still = p.detention && p.detention->outcome == DetentionOutcome::kStillDetained;
    auto r = db.Execute(
        "INSERT INTO incident_persons (incident_id, position, person_id, documentation, status, "
        "valid_status, detained_while_documented, still_detained, details) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {incident.id, static_cast<int64_t>(i), OptionalText(p.registered(), p.person_id),
         std::string(ToString(DocumentationOf(p.documents_held))),
         p.status ? p.status->status : std::string(), int64_t{p.status && p.status->valid_status},
         int64_t{p.status && p.status->detained_while_documented}, int64_t{still},
         DetailsJson(p).dump()});
    if (!r) return Fail(r.error());
  }
  return {};
}

Status InsertIncident(Database& db, const KeyRing& keys, const Incident& incident) {
  Key data_key = KeyRing::NewDataKey();
  const std::string sealed = KeyRing::Seal(data_key, incident.notes, incident.id);
  const std::string wrapped = keys.WrapKey(data_key, incident.id);
  sodium_memzero(data_key.data(), data_key.size());
  const IncidentDay day = IncidentDayOf(incident.date);
  auto r = db.Execute(
      "INSERT INTO incidents (id, version, date, day, approximate, province, district, type, "
      "place_type, perpetrator, source, consents, external_ref, recorded_by, sealed, wrapped_key, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {incident.id, incident.version, incident.date.ToIso(), day.date.ToIso(),
       int64_t{day.approximate}, incident.province, incident.district,
       std::string(ToString(incident.type)), std::string(ToString(incident.place_type)),
       std::string(ToString(incident.perpetrator)), std::string(ToString(incident.source)),
       JoinNames(incident.consents), incident.external_ref, incident.recorded_by, Bytes{sealed},
       Bytes{wrapped}, incident.created_at, incident.updated_at});
  if (!r) return Fail(r.error());
  return InsertIncidentPersons(db, incident);
}

constexpr std::string_view kIncidentColumns =
    "id, version, date, province, district, type, place_type, perpetrator, source, consents, "
    "external_ref, recorded_by, sealed, wrapped_key, created_at, updated_at";

Result<Incident> LoadIncident(Database& db, const KeyRing& keys, const std::string& id) {
  auto rows =
      db.Query("SELECT " + std::string(kIncidentColumns) + " FROM incidents WHERE id = ?", {id});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(Error::NotFound("no incident has the id '{}'", id));
  const Row& r = rows->at(0);
  Incident incident;
  incident.id = AsText(r[0]);
  StoredValues stored("incidents", incident.id);
  incident.version = AsInt(r[1]);
  incident.date = stored(PartialDate::Parse(AsText(r[2]), "date"), "date");
  incident.province = AsText(r[3]);
  incident.district = AsText(r[4]);
  incident.type = stored(ParseIncidentType(AsText(r[5])), "type");
  incident.place_type = stored(ParsePlaceType(AsText(r[6])), "place_type");
  incident.perpetrator = stored(ParsePerpetrator(AsText(r[7])), "perpetrator");
  incident.source = stored(ParseIncidentSource(AsText(r[8])), "source");
  if (!stored.status()) return Fail(stored.status().error());
  incident.consents = SplitNames<IncidentConsent>(
      AsText(r[9]), [](std::string_view t) { return ParseIncidentConsent(t); });
  incident.external_ref = AsText(r[10]);
  incident.recorded_by = AsText(r[11]);
  auto notes = keys.OpenWithWrappedKey(AsBytes(r[13]), AsBytes(r[12]), incident.id);
  if (!notes) return Fail(notes.error());
  incident.notes = std::move(*notes);
  incident.created_at = AsText(r[14]);
  incident.updated_at = AsText(r[15]);
  auto persons = db.Query(
      "SELECT person_id, details FROM incident_persons WHERE incident_id = ? ORDER BY position",
      {id});
  if (!persons) return Fail(persons.error());
  for (const Row& p : *persons) {
    auto person = PersonFromDetails(AsText(p[0]), AsText(p[1]));
    if (!person) return Fail(person.error());
    incident.persons.push_back(std::move(*person));
  }
  return incident;
}

}  // namespace

Result<Incident> Store::CreateIncident(Incident incident, const policy::Policy& policy,
                                       const Actor& actor) {
  if (auto ok = PrepareIncident(&incident, policy); !ok) return Fail(ok.error());
  std::lock_guard lock(mutex_);
  incident.id = NewId();
  incident.version = 1;
  incident.recorded_by = actor.id;
  incident.created_at = incident.updated_at = clock_->NowIso();
  auto ok = db_->Transaction([&]() -> Status {
    if (auto s = CheckRegisteredPersons(*db_, incident); !s) return s;
    if (auto s = InsertIncident(*db_, keys_, incident); !s) return s;
    return AuditLocked(actor, "incident.create", "incident", incident.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return incident;
}

Result<Incident> Store::GetIncident(const std::string& id, const Actor& actor) {
  std::lock_guard lock(mutex_);
  Result<Incident> result = Fail(Error::Internal("unreachable"));
  auto ok = db_->Transaction([&]() -> Status {
    result = LoadIncident(*db_, keys_, id);
    if (!result)
      return result.error().code == Error::Code::kNotFound ? Status{} : Fail(result.error());
    return AuditLocked(actor, "incident.read", "incident", id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return result;
}

Result<Incident> Store::UpdateIncident(Incident incident, int64_t expected_version,
                                       const policy::Policy& policy, const Actor& actor) {
  if (auto ok = PrepareIncident(&incident, policy); !ok) return Fail(ok.error());
  std::lock_guard lock(mutex_);
  auto ok = db_->Transaction([&]() -> Status {
    auto before = LoadIncident(*db_, keys_, incident.id);
    if (!before) return Fail(before.error());
    if (before->version != expected_version) {
      return Fail(internal::StaleVersion(Message("incident"), expected_version, before->version));
    }
    if (auto s = CheckRegisteredPersons(*db_, incident); !s) return s;
    incident.version = before->version + 1;
    incident.recorded_by = before->recorded_by;
    incident.created_at = before->created_at;
    incident.updated_at = clock_->NowIso();
    auto rows = db_->Query("SELECT wrapped_key FROM incidents WHERE id = ?", {incident.id});
    if (!rows) return Fail(rows.error());
    auto data_key = keys_.UnwrapKey(AsBytes(rows->at(0).at(0)), incident.id);
    if (!data_key) return Fail(data_key.error());
    const std::string sealed = KeyRing::Seal(*data_key, incident.notes, incident.id);
    sodium_memzero(data_key->data(), data_key->size());
    const IncidentDay day = IncidentDayOf(incident.date);
    auto r = db_->Execute(
        "UPDATE incidents SET version = ?, date = ?, day = ?, approximate = ?, province = ?, "
        "district = ?, type = ?, place_type = ?, perpetrator = ?, source = ?, consents = ?, "
        "sealed = ?, updated_at = ? WHERE id = ?",
        {incident.version, incident.date.ToIso(), day.date.ToIso(), int64_t{day.approximate},
         incident.province, incident.district, std::string(ToString(incident.type)),
         std::string(ToString(incident.place_type)), std::string(ToString(incident.perpetrator)),
         std::string(ToString(incident.source)), JoinNames(incident.consents), Bytes{sealed},
         incident.updated_at, incident.id});
    if (!r) return Fail(r.error());
    r = db_->Execute("DELETE FROM incident_persons WHERE incident_id = ?", {incident.id});
    if (!r) return Fail(r.error());
    if (auto s = InsertIncidentPersons(*db_, incident); !s) return s;
    return AuditLocked(actor, "incident.update", "incident", incident.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return incident;
}

Result<std::vector<IncidentSummary>> Store::ListIncidents(const IncidentFilter& filter,
                                                          const Actor& actor) {
  std::string sql =
      "SELECT i.id, i.date, i.province, i.district, i.type, i.created_at, COUNT(*), "
      "SUM(p.detained_while_documented), MAX(p.still_detained * p.valid_status), "
      "MAX(p.valid_status) "
      "FROM incidents i JOIN incident_persons p ON p.incident_id = i.id WHERE 1 = 1";
  std::vector<Value> params;
  if (filter.from) {
    sql += " AND i.day >= ?";
    params.push_back(filter.from->ToIso());
  }
  if (filter.to) {
    sql += " AND i.day <= ?";
    params.push_back(filter.to->ToIso());
  }
  if (!filter.province.empty()) {
    sql += " AND i.province = ?";
    params.push_back(filter.province);
  }
  if (filter.type) {
    sql += " AND i.type = ?";
    params.push_back(std::string(ToString(*filter.type)));
  }
  sql += " GROUP BY i.id, i.date, i.province, i.district, i.type, i.created_at, i.day";
  if (filter.documented)
    sql +=
        *filter.documented ? " HAVING MAX(p.valid_status) = 1" : " HAVING MAX(p.valid_status) = 0";
  sql +=
      " ORDER BY MAX(p.still_detained * p.valid_status) DESC, i.day DESC, i.created_at DESC "
      "LIMIT " +
      std::to_string(kMaxIncidentList);
  std::lock_guard lock(mutex_);
  std::vector<IncidentSummary> out;
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query(sql, params);
    if (!rows) return Fail(rows.error());
    for (const Row& r : *rows) {
      IncidentSummary s;
      s.id = AsText(r[0]);
      s.date = AsText(r[1]);
      s.province = AsText(r[2]);
      s.district = AsText(r[3]);
      StoredValues stored("incidents", s.id);
      s.type = stored(ParseIncidentType(AsText(r[4])), "type");
      if (!stored.status()) return Fail(stored.status().error());
      s.created_at = AsText(r[5]);
      s.persons = AsInt(r[6]);
      s.detained_while_documented = AsInt(r[7]);
      s.still_detained_documented = AsInt(r[8]) != 0;
      out.push_back(std::move(s));
    }
    return AuditLocked(actor, "incident.list", "incident", std::to_string(out.size()) + " results",
                       "ok");
  });
  if (!ok) return Fail(ok.error());
  return out;
}

Status Store::ImportIncidents(std::vector<Incident>* incidents, const policy::Policy& policy,
                              const Actor& actor, const ImportFile& file) {
  for (size_t i = 0; i < incidents->size(); ++i) {
    if (auto ok = PrepareIncident(&(*incidents)[i], policy); !ok) {
      return Fail(std::move(ok.error()).WithFieldPrefix(Indexed("incidents", i)));
    }
  }
  std::lock_guard lock(mutex_);
  const std::string now = clock_->NowIso();
  for (Incident& incident : *incidents) {
    incident.id = NewId();
    incident.version = 1;
    incident.recorded_by = actor.id;
    incident.created_at = incident.updated_at = now;
  }
  return db_->Transaction([&]() -> Status {
    bool repeated = false;
    if (auto s = RecordImportFile(file, "incidents", static_cast<int64_t>(incidents->size()), now,
                                  &repeated);
        !s) {
      return s;
    }
    for (size_t i = 0; i < incidents->size(); ++i) {
      const Incident& incident = (*incidents)[i];
      if (auto s = CheckRegisteredPersons(*db_, incident); !s) {
        return Fail(std::move(s.error()).WithFieldPrefix(Indexed("incidents", i)));
      }
      if (auto s = InsertIncident(*db_, keys_, incident); !s) return s;
    }
    return AuditLocked(actor, "incidents.import", "incident",
                       std::to_string(incidents->size()) + " incidents", "ok",
                       repeated ? "a file imported before, imported again" : "");
  });
}

Result<std::vector<IncidentFact>> Store::ListIncidentFacts(Date from, Date to) {
  // A scan of up to a year of incidents: on a reader connection, so
  // registration and sign-in do not wait for it.
  auto rows = ScanQuery(
      "SELECT i.id, i.day, i.province, i.type, p.documentation, p.valid_status "
      "FROM incidents i JOIN incident_persons p ON p.incident_id = i.id "
      "WHERE i.day >= ? AND i.day <= ?",
      {from.ToIso(), to.ToIso()});
  if (!rows) return Fail(rows.error());
  std::vector<IncidentFact> out;
  out.reserve(rows->size());
  std::unordered_map<std::string, uint64_t> numbers;  // incident id -> a number for the report
  for (const Row& r : *rows) {
    const std::string id = AsText(r[0]);
    StoredValues stored("incidents", id);
    IncidentFact f;
    f.incident = numbers.try_emplace(id, numbers.size()).first->second;
    f.date = stored(Date::ParseIso(AsText(r[1])), "day");
    f.province = AsText(r[2]);
    f.type = stored(ParseIncidentType(AsText(r[3])), "type");
    f.documentation = stored(ParseDocumentation(AsText(r[4])), "incident_persons.documentation");
    if (!stored.status()) return Fail(stored.status().error());
    f.valid_status = AsInt(r[5]) != 0;
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace sanad::store
