// Protection monitoring's property records (HLP): what a household left
// behind, and its evidence. A property's address and evidence files are
// sealed under the record's own data key (see incident_store.cc); only
// counsellors and admins reach these methods, and every read is audited.
#include <sodium.h>

#include <string>
#include <utility>
#include <vector>

#include "core/id.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "text/gazetteer.h"

namespace sanad::store {
namespace {

using internal::Indexed;
using internal::JoinNames;
using internal::OptionalText;
using internal::SplitIds;
using internal::StoredValues;

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
  auto address = keys.OpenWithWrappedKey(AsBytes(r[15]), AsBytes(r[14]), p.id);
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
    if (h->empty())
      return Fail(Error::NotFound("no household has the id '{}'", record.household_id));
    for (size_t i = 0; i < record.claimant_ids.size(); ++i) {
      auto p = db_->Query("SELECT household_id, erased_at FROM persons WHERE id = ?",
                          {record.claimant_ids[i]});
      if (!p) return Fail(p.error());
      if (p->empty() || AsText(p->at(0).at(0)) != record.household_id || !IsNull(p->at(0).at(1))) {
        return Fail(
            Error::InvalidInput(Indexed("claimants", i), "is not a member of this household"));
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
  Result<PropertyRecord> result = Fail(Error::NotFound("no property record has the id '{}'", id));
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
    if (h->empty()) return Fail(Error::NotFound("no household has the id '{}'", household_id));
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
      return Fail(Error::NotFound("no property record has the id '{}'", property_id));
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

Result<EvidenceFile> Store::GetEvidenceFile(const std::string& property_id,
                                            const std::string& evidence_id, const Actor& actor) {
  std::lock_guard lock(mutex_);
  EvidenceFile out;
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query(
        "SELECT e.sealed, p.wrapped_key, e.content_type FROM property_evidence e JOIN properties p "
        "ON p.id = e.property_id WHERE e.id = ? AND e.property_id = ?",
        {evidence_id, property_id});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return Fail(Error::NotFound("no such evidence file"));
    auto data_key = keys_.UnwrapKey(AsBytes(rows->at(0).at(1)), property_id);
    if (!data_key) return Fail(data_key.error());
    auto bytes = KeyRing::Open(*data_key, AsBytes(rows->at(0).at(0)), evidence_id);
    sodium_memzero(data_key->data(), data_key->size());
    if (!bytes) return Fail(bytes.error());
    out.bytes = std::move(*bytes);
    out.content_type = AsText(rows->at(0).at(2));
    return AuditLocked(actor, "property.evidence.read", "property", property_id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return out;
}

}  // namespace sanad::store
