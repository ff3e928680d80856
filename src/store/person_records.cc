// Person rows: the sensitive fields sealed with a per-person data key
// (wrapped by the master key), reading them back, erasure by destroying the
// key, and the scans over every person.
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/id.h"
#include "core/validation.h"
#include "store/case_internal.h"
#include "store/import_writes.h"
#include "store/record_fields.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "store/tracing_internal.h"

namespace sanad::store {
namespace {

using nlohmann::json;

// Why a record is erased: required, kept in the audit log.
Result<std::string> ErasureReason(std::string_view reason) {
  while (!reason.empty() && (reason.front() == ' ' || reason.front() == '\t')) {
    reason.remove_prefix(1);
  }
  while (!reason.empty() && (reason.back() == ' ' || reason.back() == '\t')) {
    reason.remove_suffix(1);
  }
  if (auto ok = ValidateText("reason", reason, 500); !ok) return Fail(ok.error());
  size_t characters = 0;
  for (char c : reason) characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (characters < 10) {
    return Fail(Error::InvalidInput(
        "reason",
        "say why the record is erased, in at least 10 characters (e.g. \"the person asked for "
        "it\"); it is kept in the audit log, so do not write the person's name"));
  }
  return std::string(reason);
}

using internal::AppendJsonString;

// The sensitive part of a person, sealed as JSON with the person's data key.
// Written by hand (it is on the import's hot path); read with nlohmann-json.
std::string SealedPayload(const Person& p) {
  std::string out;
  out.reserve(256);
  auto field = [&](std::string_view key, std::string_view value) {
    out.push_back(out.empty() ? '{' : ',');
    AppendJsonString(&out, key);
    out.push_back(':');
    AppendJsonString(&out, value);
  };
  field("given_name", p.given_name);
  field("father_name", p.father_name);
  field("grandfather_name", p.grandfather_name);
  field("family_name", p.family_name);
  field("birth_date", p.birth_date ? p.birth_date->ToIso() : "");
  field("phone", p.phone);
  field("external_id", p.external_id);
  out.append(",\"documents\":[");
  for (size_t i = 0; i < p.documents.size(); ++i) {
    const Document& d = p.documents[i];
    out.append(i ? ",{" : "{");
    AppendJsonString(&out, "type");
    out.push_back(':');
    AppendJsonString(&out, ToString(d.type));
    for (const auto& [key, value] :
         {std::pair<std::string_view, std::string>{"number", d.number},
          {"issued", d.issued ? d.issued->ToIso() : ""},
          {"valid_until", d.valid_until ? d.valid_until->ToIso() : ""}}) {
      out.push_back(',');
      AppendJsonString(&out, key);
      out.push_back(':');
      AppendJsonString(&out, value);
    }
    out.push_back('}');
  }
  out.append("],\"vulnerabilities\":[");
  for (size_t i = 0; i < p.vulnerabilities.size(); ++i) {
    if (i) out.push_back(',');
    AppendJsonString(&out, p.vulnerabilities[i]);
  }
  out.append("]}");
  return out;
}

// Reads the sealed fields back into `p` (whose id is set). Every field must
// be there and readable: kInternal naming the person and the field
// otherwise, never a default in its place.
Status ReadPayload(const std::string& text, Person* p) {
  using internal::Damaged;
  using internal::Stored;
  const std::string_view table = "persons";
  std::string column = "sealed";
  try {
    const json j = json::parse(text);
    p->given_name = j.at("given_name").get<std::string>();
    p->father_name = j.at("father_name").get<std::string>();
    p->grandfather_name = j.at("grandfather_name").get<std::string>();
    p->family_name = j.at("family_name").get<std::string>();
    p->phone = j.at("phone").get<std::string>();
    p->external_id = j.at("external_id").get<std::string>();
    p->vulnerabilities = j.at("vulnerabilities").get<std::vector<std::string>>();
    if (auto b = j.at("birth_date").get<std::string>(); !b.empty()) {
      auto date = Stored(PartialDate::Parse(b), table, p->id, "sealed.birth_date");
      if (!date) return Fail(date.error());
      p->birth_date = *date;
    }
    const json& documents = j.at("documents");
    for (size_t i = 0; i < documents.size(); ++i) {
      const json& d = documents.at(i);
      const std::string at = "sealed.documents[" + std::to_string(i) + "].";
      column = at.substr(0, at.size() - 1);
      Document doc;
      auto type =
          Stored(ParseDocumentType(d.at("type").get<std::string>()), table, p->id, at + "type");
      if (!type) return Fail(type.error());
      doc.type = *type;
      doc.number = d.at("number").get<std::string>();
      if (auto s = d.at("issued").get<std::string>(); !s.empty()) {
        auto issued = Stored(PartialDate::Parse(s), table, p->id, at + "issued");
        if (!issued) return Fail(issued.error());
        doc.issued = *issued;
      }
      if (auto s = d.at("valid_until").get<std::string>(); !s.empty()) {
        auto valid_until = Stored(Date::ParseIso(s), table, p->id, at + "valid_until");
        if (!valid_until) return Fail(valid_until.error());
        doc.valid_until = *valid_until;
      }
      p->documents.push_back(std::move(doc));
    }
  } catch (const json::exception&) {
    // The exception's text may quote the record: it is not passed on.
    return Fail(Damaged(table, p->id, column));
  }
  return {};
}

std::string JoinConsents(const std::vector<ConsentPurpose>& consents) {
  std::string out;
  for (auto c : consents) {
    if (!out.empty()) out.push_back(',');
    out += ToString(c);
  }
  return out;
}

// The consents column: purposes joined by commas. An unknown purpose is
// damage (kInternal naming the person), not a consent to drop.
Result<std::vector<ConsentPurpose>> SplitConsents(const std::string& text,
                                                  std::string_view person_id) {
  std::vector<ConsentPurpose> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    auto c =
        internal::Stored(ParseConsentPurpose(std::string_view(text).substr(start, end - start)),
                         "persons", person_id, "consents");
    if (!c) return Fail(c.error());
    out.push_back(*c);
    start = end + 1;
  }
  return out;
}

// The change log's `create` of a person: every field and the member's place,
// sealed with the person's key and bound to the record ("ID/", the empty
// field), so that another replica can build the record from it alone.
std::string CreateValue(const Person& p, int64_t position, const Key& data_key,
                        RandomPool* nonces = nullptr) {
  std::string payload = internal::PersonCreatePayload(p, position);
  std::string sealed = KeyRing::Seal(data_key, payload, p.id + "/", nonces);
  sodium_memzero(payload.data(), payload.size());
  return sealed;
}

Value OptionalInt(std::optional<int> v) {
  return v ? Value(static_cast<int64_t>(*v)) : Value(std::monostate{});
}

}  // namespace

namespace internal {

bool SameConsents(std::vector<ConsentPurpose> a, std::vector<ConsentPurpose> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  return a == b;
}

// Who recorded a person's consent, one rule for create, update and import:
// when the consents are new (a new member with consents) or changed (given,
// widened, narrowed or withdrawn), it is the actor, unless the caller named
// someone else; an unchanged consent keeps its recorder.
void StampConsentRecorder(Person* p, const Person* before, const Actor& actor) {
  const bool changed = before ? !SameConsents(p->consents, before->consents) : !p->consents.empty();
  if (!changed) {
    if (before && p->consent_recorded_by.empty()) {
      p->consent_recorded_by = before->consent_recorded_by;
    }
    return;
  }
  if (p->consent_recorded_by.empty() ||
      (before && p->consent_recorded_by == before->consent_recorded_by)) {
    p->consent_recorded_by = actor.id;
  }
}

PersonSummary Summarize(const Person& p, std::string province) {
  PersonSummary s{p.id,  p.household_id, p.given_name, p.father_name,      p.grandfather_name,
                  p.sex, std::nullopt,   "",           std::move(province)};
  if (p.birth_date) {
    s.birth_year = p.birth_date->year;
    s.birth_date = p.birth_date->ToIso();
  }
  return s;
}

}  // namespace internal

using internal::kPersonColumns;
using internal::StampConsentRecorder;
using internal::Stored;
using internal::Summarize;

namespace internal {

void SetPersonRow(const Person& p, int64_t position, std::string_view sealed,
                  const std::string& now, std::span<Value> row) {
  SetText(&row[0], p.id);
  SetText(&row[1], p.household_id);
  SetInt(&row[2], position);
  SetText(&row[3], ToString(p.sex));
  if (p.birth_date) {
    SetInt(&row[4], p.birth_date->year);
  } else {
    SetNull(&row[4]);
  }
  if (p.relationship) {
    SetText(&row[5], ToString(*p.relationship));
  } else {
    SetNull(&row[5]);
  }
  SetText(&row[6], JoinConsents(p.consents));
  SetText(&row[7], p.consent_recorded_by);
  SetBytes(&row[8], sealed);
  SetText(&row[9], now);
  SetText(&row[10], now);
}

Result<Key> PersonKey(Database& db, const KeyRing& keys, const std::string& person_id) {
  auto rows = db.Query("SELECT wrapped_key FROM person_keys WHERE person_id = ?", {person_id});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(Error::NotFound("the person '{}' was erased", person_id));
  return keys.UnwrapKey(AsBytes(rows->at(0).at(0)), person_id);
}

}  // namespace internal

Status Store::InsertPerson(Person& p, const std::string& household_id, int64_t position,
                           const std::string& now, const Actor& actor) {
  if (import_ != nullptr) return InsertImportedPerson(p, household_id, position, now, actor);
  if (p.id.empty()) p.id = NewId();
  p.household_id = household_id;
  Key data_key = KeyRing::NewDataKey();
  const std::string sealed = KeyRing::Seal(data_key, SealedPayload(p), p.id);
  const std::string wrapped = keys_.WrapKey(data_key, p.id);
  std::string create = CreateValue(p, position, data_key);
  sodium_memzero(data_key.data(), data_key.size());
  internal::RowBatch person_row(internal::kPersonInsert, internal::kPersonColumnCount, 1);
  internal::SetPersonRow(p, position, sealed, now, person_row.Add());
  if (auto ok = person_row.Flush(*db_); !ok) return ok;
  auto ok = db_->Execute(std::string(internal::kPersonKeyInsert) + " VALUES (?, ?)",
                         {p.id, Bytes{wrapped}});
  if (!ok) return Fail(ok.error());
  if (auto logged =
          RecordOperation(sync::OpKind::kCreate, "person", p.id, "", std::move(create), actor);
      !logged) {
    return logged;
  }
  return WriteIndex(p);
}

Status Store::InsertImportedPerson(Person& p, const std::string& household_id, int64_t position,
                                   const std::string& now, const Actor& actor) {
  ImportWrites& writes = *import_;
  if (p.id.empty()) {
    std::array<unsigned char, kRandomIdBytes> random;
    writes.random.Take(random);
    p.id = NewId(random);
  }
  p.household_id = household_id;
  Key data_key = KeyRing::NewDataKey(&writes.random);
  std::string create = CreateValue(p, position, data_key, &writes.random);
  auto staged = StagePersonRows(p, position, data_key, now, writes);
  sodium_memzero(data_key.data(), data_key.size());
  if (!staged) return staged;
  int64_t log_position = 0;
  auto operation = NextOperation(sync::OpKind::kCreate, "person", p.id, "", std::move(create),
                                 actor, &log_position);
  if (!operation) return Fail(operation.error());
  auto row = writes.AddOperationRow(*db_);
  if (!row) return Fail(row.error());
  internal::SetOperationRow(*operation, log_position, *row);
  return {};
}

Status Store::StagePersonRows(const Person& p, int64_t position, const Key& data_key,
                              const std::string& now, ImportWrites& writes) {
  if (writes.persons.full()) {
    if (auto flushed = writes.FlushPersons(*db_); !flushed) return flushed;
  }
  const std::string sealed = KeyRing::Seal(data_key, SealedPayload(p), p.id, &writes.random);
  internal::SetPersonRow(p, position, sealed, now, writes.persons.Add());
  std::span<Value> key = writes.person_keys.Add();
  internal::SetText(&key[0], p.id);
  internal::SetBytes(&key[1], keys_.WrapKey(data_key, p.id, &writes.random));
  // The person's tokens once each, as IndexTokens gives them.
  ImportWrites::DeferredIndex& index = writes.index;
  const uint32_t place = index.AddPerson(p.id);
  const size_t first = index.entries.size();
  internal::ForEachIndexKey(p, [&](std::string_view kind, std::string_view value) {
    ImportWrites::DeferredIndex::Entry entry{{}, place};
    keys_.BlindIndex(kind, value, entry.token);
    index.entries.push_back(entry);
  });
  const auto mine = index.entries.begin() + static_cast<std::ptrdiff_t>(first);
  std::sort(mine, index.entries.end());
  index.entries.erase(std::unique(mine, index.entries.end()), index.entries.end());
  return {};
}

Status Store::RewritePersonRow(const Person& before, const Person& after, const Key& data_key,
                               const std::string& now) {
  if (auto removed = DeleteIndex(before); !removed) return removed;
  const std::string sealed = KeyRing::Seal(data_key, SealedPayload(after), after.id);
  auto ok = db_->Execute(
      "UPDATE persons SET household_id = ?, sex = ?, birth_year = ?, relationship = ?, "
      "consents = ?, consent_recorded_by = ?, sealed = ?, updated_at = ? WHERE id = ?",
      {after.household_id, std::string(ToString(after.sex)),
       OptionalInt(after.birth_date ? std::optional<int>(after.birth_date->year) : std::nullopt),
       after.relationship ? Value(std::string(ToString(*after.relationship)))
                          : Value(std::monostate{}),
       JoinConsents(after.consents), after.consent_recorded_by, Bytes{sealed}, now, after.id});
  if (!ok) return Fail(ok.error());
  return WriteIndex(after);
}

Status Store::UpdatePersonRow(Person& p, int64_t position, const std::string& now,
                              const Actor& actor) {
  auto rows = db_->Query("SELECT " + std::string(kPersonColumns) +
                             " FROM persons p JOIN person_keys k ON k.person_id = p.id "
                             "WHERE p.id = ? AND p.erased_at IS NULL",
                         {p.id});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) {
    return Fail(Error::InvalidInput("members", "person {} was erased and cannot be edited", p.id));
  }
  auto old = LoadPerson(rows->at(0));
  if (!old) return Fail(old.error());
  StampConsentRecorder(&p, &*old, actor);
  if (auto removed = DeleteIndex(*old); !removed) return removed;
  auto data_key = keys_.UnwrapKey(AsBytes(rows->at(0).at(7)), p.id);
  if (!data_key) return Fail(data_key.error());
  const std::string sealed = KeyRing::Seal(*data_key, SealedPayload(p), p.id);
  auto logged = RecordPersonEdits(*old, p, *data_key, actor);
  sodium_memzero(data_key->data(), data_key->size());
  if (!logged) return logged;
  auto ok = db_->Execute(
      "UPDATE persons SET position = ?, sex = ?, birth_year = ?, relationship = ?, consents = ?, "
      "consent_recorded_by = ?, sealed = ?, updated_at = ? WHERE id = ?",
      {position, std::string(ToString(p.sex)),
       OptionalInt(p.birth_date ? std::optional<int>(p.birth_date->year) : std::nullopt),
       p.relationship ? Value(std::string(ToString(*p.relationship))) : Value(std::monostate{}),
       JoinConsents(p.consents), p.consent_recorded_by, Bytes{sealed}, now, p.id});
  if (!ok) return Fail(ok.error());
  return WriteIndex(p);
}

Result<Person> Store::LoadPerson(const Row& r) {
  Person p;
  p.id = AsText(r[0]);
  p.household_id = AsText(r[1]);
  auto sex = Stored(ParseSex(AsText(r[2])), "persons", p.id, "sex");
  if (!sex) return Fail(sex.error());
  p.sex = *sex;
  if (!IsNull(r[3])) {
    auto relationship = Stored(ParseRelationship(AsText(r[3])), "persons", p.id, "relationship");
    if (!relationship) return Fail(relationship.error());
    p.relationship = *relationship;
  }
  auto consents = SplitConsents(AsText(r[4]), p.id);
  if (!consents) return Fail(consents.error());
  p.consents = std::move(*consents);
  p.consent_recorded_by = AsText(r[5]);
  if (!IsNull(r[8])) return Fail(Error::NotFound("this person's record was erased"));
  auto payload = keys_.OpenWithWrappedKey(AsBytes(r[7]), AsBytes(r[6]), p.id);
  if (!payload) return Fail(payload.error());
  auto read = ReadPayload(*payload, &p);
  sodium_memzero(payload->data(), payload->size());
  if (!read) return Fail(read.error());
  return p;
}

Result<Person> Store::GetPerson(const std::string& id, const Actor& actor) {
  std::lock_guard lock(mutex_);
  Result<Person> result = Fail(Error::Internal("unreachable"));
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query("SELECT " + std::string(kPersonColumns) +
                               " FROM persons p LEFT JOIN person_keys k ON k.person_id = p.id "
                               "WHERE p.id = ?",
                           {id});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) {
      result = Fail(Error::NotFound("no person has the id '{}'", id));
      return {};
    }
    result = LoadPerson(rows->at(0));
    return AuditLocked(actor, "person.read", "person", id, result ? "ok" : "failed");
  });
  if (!ok) return Fail(ok.error());
  return result;
}

Result<std::vector<PersonSummary>> Store::GetSummaries(const std::vector<std::string>& ids,
                                                       const Actor& actor,
                                                       std::string_view action) {
  std::lock_guard lock(mutex_);
  std::vector<PersonSummary> out;
  auto ok = db_->Transaction([&]() -> Status {
    for (const auto& id : ids) {
      auto rows = db_->Query("SELECT " + std::string(kPersonColumns) +
                                 ", h.origin_province FROM persons p "
                                 "JOIN person_keys k ON k.person_id = p.id "
                                 "JOIN households h ON h.id = p.household_id "
                                 "WHERE p.id = ? AND p.erased_at IS NULL",
                             {id});
      if (!rows) return Fail(rows.error());
      if (rows->empty()) continue;
      auto p = LoadPerson(rows->at(0));
      if (!p) return Fail(p.error());
      out.push_back(Summarize(*p, AsText(rows->at(0)[9])));
    }
    std::string listed;
    for (const auto& s : out) listed += (listed.empty() ? "" : ",") + s.id;
    return AuditLocked(actor, action, "person", listed, "ok");
  });
  if (!ok) return Fail(ok.error());
  return out;
}

Status Store::ErasePerson(const std::string& id, std::string_view reason, const Actor& actor) {
  auto why = ErasureReason(reason);
  if (!why) return Fail(why.error());
  std::lock_guard lock(mutex_);
  auto ok = db_->Transaction([&]() -> Status { return ErasePersonLocked(id, *why, actor); });
  if (!ok) return ok;
  // Move the WAL into the main file and truncate it, so the erased key and
  // ciphertext do not survive in the log (secure_delete zeroes the pages).
  // A scan reading meanwhile would keep the log; the gate waits for its
  // statement (not for the rest of the scan).
  std::unique_lock gate(checkpoint_gate_);
  return db_->ExecuteScript("PRAGMA wal_checkpoint(TRUNCATE)");
}

Status Store::ErasePersonLocked(const std::string& id, std::string_view why, const Actor& actor,
                                bool log_erase) {
  // Read the record once more, to find its index entries.
  auto rows = db_->Query("SELECT " + std::string(kPersonColumns) +
                             " FROM persons p JOIN person_keys k ON k.person_id = p.id "
                             "WHERE p.id = ? AND p.erased_at IS NULL",
                         {id});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(Error::NotFound("no person with the id '{}' to erase", id));
  auto person = LoadPerson(rows->at(0));
  if (!person) return Fail(person.error());
  auto changed = db_->Execute(
      "UPDATE persons SET sealed = NULL, erased_at = ? WHERE id = ? AND erased_at IS NULL",
      {clock_->NowIso(), id});
  if (!changed) return Fail(changed.error());
  if (*changed == 0) return Fail(Error::NotFound("no person with the id '{}' to erase", id));
  if (auto removed = DeleteIndex(*person); !removed) return removed;
  if (auto r = db_->Execute("DELETE FROM person_keys WHERE person_id = ?", {id}); !r) {
    return Fail(r.error());
  }
  if (auto shredded = internal::ShredCasesOf(*db_, id); !shredded) return shredded;
  if (auto shredded = internal::ShredTracingOf(*db_, id); !shredded) return shredded;
  if (auto shredded = internal::ShredDuplicateDecisionsOf(*db_, id); !shredded) return shredded;
  if (log_erase) {
    if (auto logged = RecordOperation(sync::OpKind::kErase, "person", id, "", "", actor); !logged) {
      return logged;
    }
  }
  return AuditLocked(actor, "person.erase", "person", id, "ok", why);
}

namespace {

// A person's columns and their household's, for ForEachPerson and
// ForEachPersonIn.
constexpr std::string_view kPersonWithHousehold =
    ", h.id, h.origin_province, h.origin_district, h.current_location, "
    "h.destination_province, h.destination_district FROM persons p "
    "JOIN person_keys k ON k.person_id = p.id JOIN households h ON h.id = p.household_id "
    "WHERE p.erased_at IS NULL";

}  // namespace

Status Store::ForEachPerson(const std::function<void(const Person&, const Household&)>& visit) {
  auto rows = ScanQuery("SELECT " + std::string(kPersonColumns) +
                        std::string(kPersonWithHousehold) +
                        " ORDER BY p.household_id, p.position");
  if (!rows) return Fail(rows.error());
  return VisitPersonRows(*rows, visit);
}

Status Store::ForEachPersonIn(const std::vector<std::string>& ids,
                              const std::function<void(const Person&, const Household&)>& visit) {
  std::vector<Row> rows;
  {
    std::lock_guard lock(mutex_);
    for (const std::string& id : ids) {
      auto found = db_->Query("SELECT " + std::string(kPersonColumns) +
                                  std::string(kPersonWithHousehold) + " AND p.id = ?",
                              {id});
      if (!found) return Fail(found.error());
      for (Row& row : *found) rows.push_back(std::move(row));
    }
  }
  return VisitPersonRows(rows, visit);
}

Status Store::VisitPersonRows(const std::vector<Row>& rows,
                              const std::function<void(const Person&, const Household&)>& visit) {
  Household h;
  for (const Row& r : rows) {
    auto p = LoadPerson(r);
    if (!p) return Fail(p.error());
    h.id = AsText(r[9]);
    h.origin_province = AsText(r[10]);
    h.origin_district = AsText(r[11]);
    h.current_location = AsText(r[12]);
    h.destination_province = AsText(r[13]);
    h.destination_district = AsText(r[14]);
    visit(*p, h);
  }
  return {};
}

Result<int64_t> Store::CountPersons() {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query("SELECT COUNT(*) FROM persons WHERE erased_at IS NULL");
  if (!rows) return Fail(rows.error());
  return AsInt(rows->at(0).at(0));
}

}  // namespace sanad::store
