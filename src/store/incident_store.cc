// Protection incidents and property left behind (HLP).
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
#include <unordered_set>
#include <utility>

#include "core/id.h"
#include "policy/incident_status.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "text/gazetteer.h"

namespace sanad::store {
namespace {

using nlohmann::json;

std::string Indexed(std::string_view name, size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

template <typename E>
std::string JoinNames(const std::vector<E>& values) {
  std::string out;
  for (const E& v : values) {
    if (!out.empty()) out.push_back(',');
    out += ToString(v);
  }
  return out;
}

template <typename E, typename Parse>
std::vector<E> SplitNames(std::string_view text, Parse parse) {
  std::vector<E> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    if (auto v = parse(text.substr(0, comma))) out.push_back(*v);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::vector<std::string> SplitIds(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

// Reads back stored values that must parse, remembering the first column
// that does not: damaged data is an error naming table, row and column,
// never silently a default.
class StoredValues {
 public:
  StoredValues(std::string_view table, std::string row_id)
      : table_(table), row_id_(std::move(row_id)) {}
  template <typename Parsed>
  auto operator()(const Parsed& parsed, std::string_view column) {
    using T = std::remove_cvref_t<decltype(*parsed)>;
    if (!parsed) {
      if (status_) status_ = Fail(internal::Damaged(table_, row_id_, column));
      return T{};
    }
    return T(*parsed);
  }
  [[nodiscard]] const Status& status() const { return status_; }

 private:
  std::string_view table_;
  std::string row_id_;
  Status status_;
};

Value OptionalText(bool present, std::string_view text) {
  return present ? Value(std::string(text)) : Value(std::monostate{});
}

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
      doc.type = stored(ParseDocumentType(d.at("type").get<std::string>()), "details.documents_held");
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
      if (dj.contains("payment_demanded")) d.payment_demanded = dj["payment_demanded"].get<int64_t>();
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
    return Fail(Error::Internal(std::string("a stored incident is damaged: ") + e.what()));
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
    const bool still =
        p.detention && p.detention->outcome == DetentionOutcome::kStillDetained;
    auto r = db.Execute(
        "INSERT INTO incident_persons (incident_id, position, person_id, documentation, status, "
        "valid_status, detained_while_documented, still_detained, details) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {incident.id, static_cast<int64_t>(i), OptionalText(p.registered(), p.person_id),
         std::string(ToString(DocumentationOf(p.documents_held))),
         p.status ? p.status->status : std::string(),
         int64_t{p.status && p.status->valid_status},
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
  auto rows = db.Query("SELECT " + std::string(kIncidentColumns) + " FROM incidents WHERE id = ?",
                       {id});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(Error::NotFound("no incident has the id '" + id + "'"));
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
  auto data_key = keys.UnwrapKey(AsBytes(r[13]), incident.id);
  if (!data_key) return Fail(data_key.error());
  auto notes = KeyRing::Open(*data_key, AsBytes(r[12]), incident.id);
  sodium_memzero(data_key->data(), data_key->size());
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

// Property rows.
constexpr std::string_view kPropertyColumns =
    "id, version, household_id, kind, province, district, tenure, loss, loss_date, "
    "estimated_value, currency, claimants, claim_status, recorded_by, sealed, wrapped_key, "
    "created_at, updated_at";

Result<PropertyRecord> LoadProperty(Database& db, const KeyRing& keys, const Row& r) {
  PropertyRecord p;
  p.id = AsText(r[0]);
  StoredValues stored("properties", p.id);
  p.version = AsInt(r[1]);
  p.household_id = AsText(r[2]);
  p.kind = stored(ParsePropertyKind(AsText(r[3])), "kind");
  p.province = AsText(r[4]);
  p.district = AsText(r[5]);
  if (!IsNull(r[6])) p.tenure = ParseTenure(AsText(r[6]));
  p.loss = stored(ParsePropertyLoss(AsText(r[7])), "loss");
  if (!IsNull(r[8])) p.loss_date = stored(PartialDate::Parse(AsText(r[8]), "date"), "loss_date");
  if (!IsNull(r[9])) p.estimated_value = AsInt(r[9]);
  if (!IsNull(r[10])) p.currency = ParseCurrency(AsText(r[10]));
  p.claimant_ids = SplitIds(AsText(r[11]));
  p.claim_status = stored(ParseClaimStatus(AsText(r[12])), "claim_status");
  if (!stored.status()) return Fail(stored.status().error());
  p.recorded_by = AsText(r[13]);
  auto data_key = keys.UnwrapKey(AsBytes(r[15]), p.id);
  if (!data_key) return Fail(data_key.error());
  auto address = KeyRing::Open(*data_key, AsBytes(r[14]), p.id);
  sodium_memzero(data_key->data(), data_key->size());
  if (!address) return Fail(address.error());
  p.address = std::move(*address);
  p.created_at = AsText(r[16]);
  p.updated_at = AsText(r[17]);
  auto evidence = db.Query(
      "SELECT id, type, content_type, size, created_at FROM property_evidence "
      "WHERE property_id = ? ORDER BY created_at, id",
      {p.id});
  if (!evidence) return Fail(evidence.error());
  for (const Row& e : *evidence) {
    PropertyEvidence pe;
    pe.id = AsText(e[0]);
    StoredValues stored_evidence("property_evidence", pe.id);
    pe.type = stored_evidence(ParseEvidenceType(AsText(e[1])), "type");
    if (!stored_evidence.status()) return Fail(stored_evidence.status().error());
    pe.content_type = AsText(e[2]);
    pe.size = AsInt(e[3]);
    pe.created_at = AsText(e[4]);
    p.evidence.push_back(std::move(pe));
  }
  return p;
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
    if (!result) return result.error().code == Error::Code::kNotFound ? Status{} : Fail(result.error());
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
      return Fail(Error::Conflict("someone changed this incident since you read it (version " +
                                  std::to_string(before->version) + ", yours " +
                                  std::to_string(expected_version) + "): reload and try again"));
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
  if (filter.documented) sql += *filter.documented ? " HAVING MAX(p.valid_status) = 1"
                                                   : " HAVING MAX(p.valid_status) = 0";
  sql += " ORDER BY MAX(p.still_detained * p.valid_status) DESC, i.day DESC, i.created_at DESC "
         "LIMIT " + std::to_string(kMaxIncidentList);
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
    return AuditLocked(actor, "incident.list", "incident",
                       std::to_string(out.size()) + " results", "ok");
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

Result<std::vector<IncidentPersonFact>> Store::ListIncidentFacts(Date from, Date to) {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query(
      "SELECT i.id, i.day, i.province, i.type, p.documentation, p.valid_status "
      "FROM incidents i JOIN incident_persons p ON p.incident_id = i.id "
      "WHERE i.day >= ? AND i.day <= ?",
      {from.ToIso(), to.ToIso()});
  if (!rows) return Fail(rows.error());
  std::vector<IncidentPersonFact> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) {
    IncidentPersonFact f;
    f.incident_id = AsText(r[0]);
    StoredValues stored("incidents", f.incident_id);
    f.day = stored(Date::ParseIso(AsText(r[1])), "day");
    f.province = AsText(r[2]);
    f.type = stored(ParseIncidentType(AsText(r[3])), "type");
    f.documentation = stored(ParseDocumentation(AsText(r[4])), "incident_persons.documentation");
    if (!stored.status()) return Fail(stored.status().error());
    f.valid_status = AsInt(r[5]) != 0;
    out.push_back(std::move(f));
  }
  return out;
}

Result<PropertyRecord> Store::CreateProperty(PropertyRecord record, const Actor& actor) {
  if (auto ok = ValidatePropertyRecord(record); !ok) return Fail(ok.error());
  if (!record.province.empty() || !record.district.empty()) {
    auto place = text::ResolvePakistanPlace(record.province, record.district);
    if (!place) return Fail(place.error());
    record.province = place->province;
    record.district = place->district;
  }
  std::lock_guard lock(mutex_);
  record.id = NewId();
  record.version = 1;
  record.recorded_by = actor.id;
  record.created_at = record.updated_at = clock_->NowIso();
  record.evidence.clear();
  auto ok = db_->Transaction([&]() -> Status {
    auto h = db_->Query("SELECT id FROM households WHERE id = ?", {record.household_id});
    if (!h) return Fail(h.error());
    if (h->empty()) return Fail(Error::NotFound("no household has the id '" + record.household_id + "'"));
    for (size_t i = 0; i < record.claimant_ids.size(); ++i) {
      auto p = db_->Query("SELECT household_id, erased_at FROM persons WHERE id = ?",
                          {record.claimant_ids[i]});
      if (!p) return Fail(p.error());
      if (p->empty() || AsText(p->at(0).at(0)) != record.household_id ||
          !IsNull(p->at(0).at(1))) {
        return Fail(Error::InvalidInput(Indexed("claimants", i),
                                        "is not a member of this household"));
      }
    }
    Key data_key = KeyRing::NewDataKey();
    const std::string sealed = KeyRing::Seal(data_key, record.address, record.id);
    const std::string wrapped = keys_.WrapKey(data_key, record.id);
    sodium_memzero(data_key.data(), data_key.size());
    std::string claimants;
    for (const auto& c : record.claimant_ids) {
      if (!claimants.empty()) claimants.push_back(',');
      claimants += c;
    }
    auto r = db_->Execute(
        "INSERT INTO properties (" + std::string(kPropertyColumns) +
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {record.id, record.version, record.household_id, std::string(ToString(record.kind)),
         record.province, record.district,
         OptionalText(record.tenure.has_value(), record.tenure ? ToString(*record.tenure) : ""),
         std::string(ToString(record.loss)),
         OptionalText(record.loss_date.has_value(),
                      record.loss_date ? record.loss_date->ToIso() : ""),
         record.estimated_value ? Value(*record.estimated_value) : Value(std::monostate{}),
         OptionalText(record.currency.has_value(),
                      record.currency ? ToString(*record.currency) : ""),
         claimants, std::string(ToString(record.claim_status)), record.recorded_by, Bytes{sealed},
         Bytes{wrapped}, record.created_at, record.updated_at});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "property.create", "property", record.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return record;
}

Result<PropertyRecord> Store::GetProperty(const std::string& id, const Actor& actor) {
  std::lock_guard lock(mutex_);
  Result<PropertyRecord> result = Fail(Error::NotFound("no property record has the id '" + id + "'"));
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query(
        "SELECT " + std::string(kPropertyColumns) + " FROM properties WHERE id = ?", {id});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return {};
    result = LoadProperty(*db_, keys_, rows->at(0));
    if (!result) return Fail(result.error());
    return AuditLocked(actor, "property.read", "property", id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return result;
}

Result<std::vector<PropertyRecord>> Store::ListProperties(const std::string& household_id,
                                                          const Actor& actor) {
  std::lock_guard lock(mutex_);
  std::vector<PropertyRecord> out;
  auto ok = db_->Transaction([&]() -> Status {
    auto h = db_->Query("SELECT id FROM households WHERE id = ?", {household_id});
    if (!h) return Fail(h.error());
    if (h->empty()) return Fail(Error::NotFound("no household has the id '" + household_id + "'"));
    auto rows = db_->Query("SELECT " + std::string(kPropertyColumns) +
                               " FROM properties WHERE household_id = ? ORDER BY created_at, id",
                           {household_id});
    if (!rows) return Fail(rows.error());
    for (const Row& r : *rows) {
      auto p = LoadProperty(*db_, keys_, r);
      if (!p) return Fail(p.error());
      if (auto s = AuditLocked(actor, "property.read", "property", p->id, "ok"); !s) return s;
      out.push_back(std::move(*p));
    }
    return {};
  });
  if (!ok) return Fail(ok.error());
  return out;
}

Result<PropertyEvidence> Store::AddEvidence(const std::string& property_id, EvidenceType type,
                                            std::string_view declared_content_type,
                                            std::string_view bytes, const Actor& actor) {
  auto content_type = CheckEvidenceContent("file", declared_content_type, bytes);
  if (!content_type) return Fail(content_type.error());
  std::lock_guard lock(mutex_);
  PropertyEvidence evidence;
  evidence.id = NewId();
  evidence.type = type;
  evidence.content_type = *content_type;
  evidence.size = static_cast<int64_t>(bytes.size());
  evidence.created_at = clock_->NowIso();
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query("SELECT wrapped_key FROM properties WHERE id = ?", {property_id});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) {
      return Fail(Error::NotFound("no property record has the id '" + property_id + "'"));
    }
    auto data_key = keys_.UnwrapKey(AsBytes(rows->at(0).at(0)), property_id);
    if (!data_key) return Fail(data_key.error());
    const std::string sealed = KeyRing::Seal(*data_key, bytes, evidence.id);
    sodium_memzero(data_key->data(), data_key->size());
    auto r = db_->Execute(
        "INSERT INTO property_evidence (id, property_id, type, content_type, size, sealed, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {evidence.id, property_id, std::string(ToString(type)), evidence.content_type,
         evidence.size, Bytes{sealed}, evidence.created_at});
    if (!r) return Fail(r.error());
    r = db_->Execute("UPDATE properties SET updated_at = ? WHERE id = ?",
                     {evidence.created_at, property_id});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "property.evidence.add", "property", property_id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return evidence;
}

Result<std::string> Store::GetEvidenceBytes(const std::string& property_id,
                                            const std::string& evidence_id, const Actor& actor) {
  std::lock_guard lock(mutex_);
  std::string out;
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query(
        "SELECT e.sealed, p.wrapped_key FROM property_evidence e JOIN properties p "
        "ON p.id = e.property_id WHERE e.id = ? AND e.property_id = ?",
        {evidence_id, property_id});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return Fail(Error::NotFound("no such evidence file"));
    auto data_key = keys_.UnwrapKey(AsBytes(rows->at(0).at(1)), property_id);
    if (!data_key) return Fail(data_key.error());
    auto bytes = KeyRing::Open(*data_key, AsBytes(rows->at(0).at(0)), evidence_id);
    sodium_memzero(data_key->data(), data_key->size());
    if (!bytes) return Fail(bytes.error());
    out = std::move(*bytes);
    return AuditLocked(actor, "property.evidence.read", "property", property_id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return out;
}

}  // namespace sanad::store
