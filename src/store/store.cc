#include "store/store.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "core/id.h"
#include "core/validation.h"
#include "store/schema.h"
#include "text/document_number.h"
#include "text/gazetteer.h"
#include "text/name_folding.h"
#include "text/phone.h"

namespace sanad::store {
namespace {

using nlohmann::json;

constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

std::string NowIso() {
  const auto now = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Hash256(std::string_view data) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  return ToHex(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
}

std::string RandomToken(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string TokenHash(const std::string& token) {
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::string AuditHash(const AuditEntry& e) {
  std::string data;
  for (const std::string* part :
       {&e.prev_hash, &e.at, &e.actor, &e.action, &e.object_type, &e.object_id, &e.outcome}) {
    data += *part;
    data.push_back('\x1f');
  }
  data += std::to_string(e.seq);
  // Entries written before migration 3 had no detail: hashing it only when
  // present keeps their hashes as they were.
  if (!e.detail.empty()) {
    data.push_back('\x1f');
    data += e.detail;
  }
  return Hash256(data);
}

// A destination (where a household goes, what a tally counts): empty for
// unknown, else a province of Afghanistan the gazetteer knows, made
// canonical so that flows by destination add up.
Status CanonicalDestination(std::string* province) {
  if (province->empty()) return {};
  auto canonical = text::CanonicalAfghanProvince(*province);
  if (!canonical) {
    return Fail(Error::InvalidInput("destination_province",
                                    "is not a province of Afghanistan: use one of " +
                                        std::string(text::AfghanProvinceNames()) +
                                        ", or leave it empty"));
  }
  *province = std::string(*canonical);
  return {};
}

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

void AppendJsonString(std::string* out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(ch);
    } else if (c < 0x20) {
      out->append("\\u00");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    } else {
      out->push_back(ch);
    }
  }
  out->push_back('"');
}

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

Status ReadPayload(const std::string& text, Person* p) {
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
      auto date = PartialDate::Parse(b);
      if (!date) return Fail(date.error());
      p->birth_date = *date;
    }
    for (const auto& d : j.at("documents")) {
      Document doc;
      doc.type = ParseDocumentType(d.at("type").get<std::string>()).value_or(DocumentType::kOther);
      doc.number = d.at("number").get<std::string>();
      if (auto s = d.at("issued").get<std::string>(); !s.empty()) {
        doc.issued = PartialDate::Parse(s).value_or(PartialDate{});
      }
      if (auto s = d.at("valid_until").get<std::string>(); !s.empty()) {
        doc.valid_until = Date::ParseIso(s).value_or(Date{});
      }
      p->documents.push_back(std::move(doc));
    }
  } catch (const json::exception& e) {
    return Fail(Error::Internal(std::string("a stored person record is damaged: ") + e.what()));
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

std::vector<ConsentPurpose> SplitConsents(const std::string& text) {
  std::vector<ConsentPurpose> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (auto c = ParseConsentPurpose(std::string_view(text).substr(start, end - start))) {
      out.push_back(*c);
    }
    start = end + 1;
  }
  return out;
}

Value OptionalInt(std::optional<int> v) {
  return v ? Value(static_cast<int64_t>(*v)) : Value(std::monostate{});
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

constexpr std::string_view kPersonColumns =
    "p.id, p.household_id, p.sex, p.relationship, p.consents, p.consent_recorded_by, p.sealed, "
    "k.wrapped_key, p.erased_at";

}  // namespace

std::string_view ToString(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kRegistrar:
      return "registrar";
    case Role::kCounsellor:
      return "counsellor";
    case Role::kCaseworker:
      return "caseworker";
    case Role::kAnalyst:
      return "analyst";
  }
  return "analyst";
}

std::optional<Role> ParseRole(std::string_view text) {
  for (Role r :
       {Role::kAdmin, Role::kRegistrar, Role::kCounsellor, Role::kCaseworker, Role::kAnalyst}) {
    if (ToString(r) == text) return r;
  }
  return std::nullopt;
}

Result<std::unique_ptr<Store>> Store::Open(std::unique_ptr<Database> db, KeyRing keys) {
  std::unique_ptr<Store> store(new Store(std::move(db), std::move(keys)));
  if (auto ok = store->Migrate(); !ok) return Fail(ok.error());
  if (auto ok = store->CheckKey(); !ok) return Fail(ok.error());
  return store;
}

Result<std::string> Store::PassphraseSalt(Database& db) {
  if (auto ok = db.ExecuteScript(
          "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)");
      !ok) {
    return Fail(ok.error());
  }
  auto rows = db.Query("SELECT value FROM meta WHERE key = 'passphrase_salt'");
  if (!rows) return Fail(rows.error());
  if (!rows->empty()) return AsBytes(rows->at(0).at(0));
  std::string salt = KeyRing::NewSalt();
  auto ok =
      db.Execute("INSERT INTO meta (key, value) VALUES ('passphrase_salt', ?)", {Bytes{salt}});
  if (!ok) return Fail(ok.error());
  return salt;
}

Result<std::unique_ptr<Store>> Store::OpenSqliteFile(const std::string& path, KeyRing keys) {
  auto db = OpenSqlite(path);
  if (!db) return Fail(db.error());
  return Open(std::move(*db), std::move(keys));
}

Status Store::Migrate() {
  if (auto ok = db_->ExecuteScript(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
          "description TEXT NOT NULL, applied_at TEXT NOT NULL)");
      !ok) {
    return ok;
  }
  auto rows = db_->Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!rows) return Fail(rows.error());
  const int64_t current = AsInt(rows->at(0).at(0));
  for (const auto& m : Migrations()) {
    if (m.version <= current) continue;
    auto ok = db_->Transaction([&]() -> Status {
      if (auto s = db_->ExecuteScript(m.sql); !s) return s;
      auto r = db_->Execute(
          "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
          {int64_t{m.version}, std::string(m.description), NowIso()});
      if (!r) return Fail(r.error());
      return {};
    });
    if (!ok) {
      return Fail(Error::Unavailable("cannot upgrade the database to schema version " +
                                     std::to_string(m.version) + ": " + ok.error().message));
    }
  }
  return {};
}

Status Store::CheckKey() {
  auto rows = db_->Query("SELECT value FROM meta WHERE key = 'key_check'");
  if (!rows) return Fail(rows.error());
  if (rows->empty()) {
    auto ok = db_->Execute("INSERT INTO meta (key, value) VALUES ('key_check', ?)",
                           {Bytes{keys_.MakeCheckValue()}});
    if (!ok) return Fail(ok.error());
    return {};
  }
  if (!keys_.CheckValueMatches(AsBytes(rows->at(0).at(0)))) {
    return Fail(Error::Unavailable(
        "the key does not match this database: it was created with another key. Give the "
        "site's own key file (--key-file or SANAD_KEY_FILE); nothing was changed."));
  }
  return {};
}

Status Store::AuditLocked(const Actor& actor, std::string_view action, std::string_view object_type,
                          std::string_view object_id, std::string_view outcome,
                          std::string_view detail) {
  auto head = db_->Query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  if (!head) return Fail(head.error());
  AuditEntry e;
  e.seq = head->empty() ? 1 : AsInt(head->at(0).at(0)) + 1;
  e.prev_hash = head->empty() ? std::string(kGenesisHash) : AsText(head->at(0).at(1));
  e.at = NowIso();
  e.actor = actor.id + (actor.address.empty() ? "" : "@" + actor.address);
  e.action = action;
  e.object_type = object_type;
  e.object_id = object_id;
  e.outcome = outcome;
  e.detail = detail;
  e.hash = AuditHash(e);
  auto ok = db_->Execute(
      "INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, outcome, "
      "prev_hash, hash, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {e.seq, e.at, e.actor, e.action, e.object_type, e.object_id, e.outcome, e.prev_hash, e.hash,
       e.detail});
  if (!ok) return Fail(ok.error());
  return {};
}

Status Store::Audit(const Actor& actor, std::string_view action, std::string_view object_type,
                    std::string_view object_id, std::string_view outcome) {
  std::lock_guard lock(mutex_);
  return db_->Transaction(
      [&] { return AuditLocked(actor, action, object_type, object_id, outcome); });
}

Result<int64_t> Store::VerifyAudit() {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query(
      "SELECT seq, at, actor, action, object_type, object_id, outcome, prev_hash, hash, detail "
      "FROM audit_log ORDER BY seq");
  if (!rows) return Fail(rows.error());
  std::string expected_prev(kGenesisHash);
  int64_t expected_seq = 1;
  for (const auto& r : *rows) {
    AuditEntry e{AsInt(r[0]),  AsText(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4]),
                 AsText(r[5]), AsText(r[6]), AsText(r[7]), AsText(r[8]), AsText(r[9])};
    std::string problem;
    if (e.seq != expected_seq) {
      problem = "entry " + std::to_string(expected_seq) + " is missing";
    } else if (e.prev_hash != expected_prev) {
      problem = "entry " + std::to_string(e.seq) + " does not follow the entry before it";
    } else if (AuditHash(e) != e.hash) {
      problem = "entry " + std::to_string(e.seq) + " was altered (its hash does not match)";
    }
    if (!problem.empty()) {
      Error error = Error::Conflict("the audit log is broken: " + problem);
      error.line = e.seq;
      return Fail(std::move(error));
    }
    expected_prev = e.hash;
    ++expected_seq;
  }
  return static_cast<int64_t>(rows->size());
}

Result<AuditEntry> Store::AuditHead() {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query(
      "SELECT seq, at, actor, action, object_type, object_id, outcome, prev_hash, hash, detail "
      "FROM audit_log ORDER BY seq DESC LIMIT 1");
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return AuditEntry{};
  const auto& r = rows->at(0);
  return AuditEntry{AsInt(r[0]),  AsText(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4]),
                    AsText(r[5]), AsText(r[6]), AsText(r[7]), AsText(r[8]), AsText(r[9])};
}

std::vector<std::string> Store::IndexTokens(const Person& p) const {
  std::set<std::string> tokens;
  // Own names and fathers' names are indexed apart, so a search can rank a
  // person named "Mohammad Nabi" above the children of a Mohammad Nabi.
  for (const std::string* name : {&p.given_name, &p.family_name}) {
    for (const auto& key : text::SearchKeys(*name)) tokens.insert(keys_.BlindIndex("given", key));
  }
  for (const std::string* name : {&p.father_name, &p.grandfather_name}) {
    for (const auto& key : text::SearchKeys(*name)) tokens.insert(keys_.BlindIndex("father", key));
  }
  if (auto phone = text::NormalizePhone(p.phone)) {
    tokens.insert(keys_.BlindIndex("phone", *phone));
  }
  for (const auto& d : p.documents) {
    const std::string number = text::NormalizeDocumentNumber(d.number);
    if (!number.empty()) tokens.insert(keys_.BlindIndex("document", number));
  }
  return {tokens.begin(), tokens.end()};
}

// The index is keyed by (token, person): a person's entries are removed by
// recomputing their tokens from the record, so no second index is needed.
Status Store::DeleteIndex(const Person& p) {
  const std::vector<std::string> tokens = IndexTokens(p);
  if (tokens.empty()) return {};
  // Padded to a multiple of 8 tokens (the last repeated), so that a few
  // statement texts serve every person.
  std::string sql = "DELETE FROM person_index WHERE person_id = ? AND token IN (?";
  std::vector<Value> params{p.id, Bytes{tokens[0]}};
  const size_t slots = (tokens.size() + 7) / 8 * 8;
  for (size_t i = 1; i < slots; ++i) {
    sql += ", ?";
    params.emplace_back(Bytes{tokens[std::min(i, tokens.size() - 1)]});
  }
  if (auto ok = db_->Execute(sql + ")", params); !ok) return Fail(ok.error());
  return {};
}

Status Store::WriteIndex(const Person& p) {
  const std::vector<std::string> tokens = IndexTokens(p);
  if (tokens.empty()) return {};
  // One statement for all of a person's tokens: imports write millions.
  std::string sql = "INSERT INTO person_index (token, person_id) VALUES (?, ?)";
  std::vector<Value> params;
  params.reserve(tokens.size() * 2);
  for (const auto& token : tokens) {
    if (!params.empty()) sql += ", (?, ?)";
    params.emplace_back(Bytes{token});
    params.emplace_back(p.id);
  }
  if (auto ok = db_->Execute(sql, params); !ok) return Fail(ok.error());
  return {};
}

Status Store::InsertPerson(Person& p, const std::string& household_id, int64_t position,
                           const std::string& now) {
  if (p.id.empty()) p.id = NewId();
  p.household_id = household_id;
  Key data_key = KeyRing::NewDataKey();
  const std::string sealed = KeyRing::Seal(data_key, SealedPayload(p), p.id);
  const std::string wrapped = keys_.WrapKey(data_key, p.id);
  sodium_memzero(data_key.data(), data_key.size());
  auto ok = db_->Execute(
      "INSERT INTO persons (id, household_id, position, sex, birth_year, relationship, consents, "
      "consent_recorded_by, sealed, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {p.id, household_id, position, std::string(ToString(p.sex)),
       OptionalInt(p.birth_date ? std::optional<int>(p.birth_date->year) : std::nullopt),
       p.relationship ? Value(std::string(ToString(*p.relationship))) : Value(std::monostate{}),
       JoinConsents(p.consents), p.consent_recorded_by, Bytes{sealed}, now, now});
  if (!ok) return Fail(ok.error());
  ok = db_->Execute("INSERT INTO person_keys (person_id, wrapped_key) VALUES (?, ?)",
                    {p.id, Bytes{wrapped}});
  if (!ok) return Fail(ok.error());
  if (deferred_index_) {
    for (auto& token : IndexTokens(p)) deferred_index_->emplace_back(std::move(token), p.id);
    return {};
  }
  return WriteIndex(p);
}

Status Store::UpdatePersonRow(Person& p, int64_t position, const std::string& now,
                              const Actor& actor) {
  auto rows = db_->Query("SELECT " + std::string(kPersonColumns) +
                             " FROM persons p JOIN person_keys k ON k.person_id = p.id "
                             "WHERE p.id = ? AND p.erased_at IS NULL",
                         {p.id});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) {
    return Fail(
        Error::InvalidInput("members", "person " + p.id + " was erased and cannot be edited"));
  }
  auto old = LoadPerson(rows->at(0));
  if (!old) return Fail(old.error());
  StampConsentRecorder(&p, &*old, actor);
  if (auto removed = DeleteIndex(*old); !removed) return removed;
  auto data_key = keys_.UnwrapKey(AsBytes(rows->at(0).at(7)), p.id);
  if (!data_key) return Fail(data_key.error());
  const std::string sealed = KeyRing::Seal(*data_key, SealedPayload(p), p.id);
  sodium_memzero(data_key->data(), data_key->size());
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
  p.sex = ParseSex(AsText(r[2])).value_or(Sex::kUnknown);
  if (!IsNull(r[3])) p.relationship = ParseRelationship(AsText(r[3]));
  p.consents = SplitConsents(AsText(r[4]));
  p.consent_recorded_by = AsText(r[5]);
  if (!IsNull(r[8])) return Fail(Error::NotFound("this person's record was erased"));
  auto data_key = keys_.UnwrapKey(AsBytes(r[7]), p.id);
  if (!data_key) return Fail(data_key.error());
  auto payload = KeyRing::Open(*data_key, AsBytes(r[6]), p.id);
  sodium_memzero(data_key->data(), data_key->size());
  if (!payload) return Fail(payload.error());
  if (auto ok = ReadPayload(*payload, &p); !ok) return Fail(ok.error());
  sodium_memzero(payload->data(), payload->size());
  return p;
}

Result<Household> Store::LoadHousehold(const std::string& id) {
  auto rows = db_->Query(
      "SELECT id, version, origin_province, origin_district, current_location, "
      "destination_province, destination_district, created_at, updated_at FROM households "
      "WHERE id = ?",
      {id});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(Error::NotFound("no household has the id '" + id + "'"));
  const Row& r = rows->at(0);
  Household h;
  h.id = AsText(r[0]);
  h.version = AsInt(r[1]);
  h.origin_province = AsText(r[2]);
  h.origin_district = AsText(r[3]);
  h.current_location = AsText(r[4]);
  h.destination_province = AsText(r[5]);
  h.destination_district = AsText(r[6]);
  h.created_at = AsText(r[7]);
  h.updated_at = AsText(r[8]);
  auto members = db_->Query("SELECT " + std::string(kPersonColumns) +
                                " FROM persons p LEFT JOIN person_keys k ON k.person_id = p.id "
                                "WHERE p.household_id = ? AND p.erased_at IS NULL "
                                "ORDER BY p.position",
                            {id});
  if (!members) return Fail(members.error());
  for (const Row& m : *members) {
    auto p = LoadPerson(m);
    if (!p) return Fail(p.error());
    h.members.push_back(std::move(*p));
  }
  return h;
}

Status Store::InsertHouseholdRows(Household& h, const std::string& now, const Actor& actor) {
  if (auto ok = ValidateHousehold(h); !ok) return ok;
  if (auto ok = CanonicalDestination(&h.destination_province); !ok) return ok;
  for (auto& m : h.members) StampConsentRecorder(&m, nullptr, actor);
  h.id = NewId();
  h.version = 1;
  h.created_at = now;
  h.updated_at = now;
  auto ok = db_->Execute(
      "INSERT INTO households (id, version, origin_province, origin_district, current_location, "
      "destination_province, destination_district, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {h.id, h.version, h.origin_province, h.origin_district, h.current_location,
       h.destination_province, h.destination_district, now, now});
  if (!ok) return Fail(ok.error());
  for (size_t i = 0; i < h.members.size(); ++i) {
    h.members[i].id.clear();
    if (auto s = InsertPerson(h.members[i], h.id, static_cast<int64_t>(i), now); !s) {
      return Fail(std::move(s.error()).WithFieldPrefix("members[" + std::to_string(i) + "]"));
    }
  }
  return {};
}

Result<Household> Store::CreateHousehold(Household household, const Actor& actor) {
  std::lock_guard lock(mutex_);
  const std::string now = NowIso();
  auto ok = db_->Transaction([&]() -> Status {
    if (auto s = InsertHouseholdRows(household, now, actor); !s) return s;
    return AuditLocked(actor, "household.create", "household", household.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return household;
}

Status Store::ImportHouseholds(std::vector<Household>* households, const Actor& actor,
                               const std::function<void(size_t)>& progress,
                               const ImportFile& file) {
  std::lock_guard lock(mutex_);
  const std::string now = NowIso();
  // Index entries are collected and written at the end in token order:
  // inserting sorted keys into the B-tree touches each page once, where
  // random keys would touch a page per entry.
  std::vector<std::pair<std::string, std::string>> index;
  deferred_index_ = &index;
  struct Reset {
    std::vector<std::pair<std::string, std::string>>** target;
    ~Reset() { *target = nullptr; }
  } reset{&deferred_index_};
  return db_->Transaction([&]() -> Status {
    size_t total = 0;
    for (const auto& h : *households) total += h.members.size();
    bool repeated = false;
    if (auto s = RecordImportFile(file, "persons", static_cast<int64_t>(total), now, &repeated);
        !s) {
      return s;
    }
    size_t persons = 0;
    for (auto& h : *households) {
      if (auto s = InsertHouseholdRows(h, now, actor); !s) return s;
      const size_t before = persons;
      persons += h.members.size();
      if (progress && persons / 10000 != before / 10000) progress(persons);
    }
    std::sort(index.begin(), index.end());
    constexpr size_t kRowsPerStatement = 100;
    for (size_t start = 0; start < index.size(); start += kRowsPerStatement) {
      const size_t end = std::min(index.size(), start + kRowsPerStatement);
      std::string sql = "INSERT INTO person_index (token, person_id) VALUES (?, ?)";
      std::vector<Value> params;
      params.reserve(2 * (end - start));
      for (size_t i = start; i < end; ++i) {
        if (i > start) sql += ", (?, ?)";
        params.emplace_back(Bytes{std::move(index[i].first)});
        params.emplace_back(std::move(index[i].second));
      }
      if (auto ok = db_->Execute(sql, params); !ok) return Fail(ok.error());
    }
    return AuditLocked(actor, "persons.import", "import", std::to_string(persons) + " persons",
                       "ok", repeated ? "a file imported before, imported again" : "");
  });
}

Result<Household> Store::GetHousehold(const std::string& id, const Actor& actor) {
  std::lock_guard lock(mutex_);
  Result<Household> result = Fail(Error::Internal("unreachable"));
  auto ok = db_->Transaction([&]() -> Status {
    result = LoadHousehold(id);
    if (!result) return {};
    return AuditLocked(actor, "household.read", "household", id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return result;
}

Result<Household> Store::UpdateHousehold(const Household& household, int64_t expected_version,
                                         const Actor& actor) {
  std::lock_guard lock(mutex_);
  if (auto ok = ValidateHousehold(household); !ok) return Fail(ok.error());
  const std::string now = NowIso();
  Household updated = household;
  if (auto ok = CanonicalDestination(&updated.destination_province); !ok) return Fail(ok.error());
  auto ok = db_->Transaction([&]() -> Status {
    auto changed = db_->Execute(
        "UPDATE households SET version = version + 1, origin_province = ?, origin_district = ?, "
        "current_location = ?, destination_province = ?, destination_district = ?, "
        "updated_at = ? WHERE id = ? AND version = ?",
        {updated.origin_province, updated.origin_district, updated.current_location,
         updated.destination_province, updated.destination_district, now, updated.id,
         expected_version});
    if (!changed) return Fail(changed.error());
    if (*changed == 0) {
      auto exists = db_->Query("SELECT version FROM households WHERE id = ?", {household.id});
      if (!exists) return Fail(exists.error());
      if (exists->empty()) {
        return Fail(Error::NotFound("no household has the id '" + household.id + "'"));
      }
      return Fail(Error{Error::Code::kConflict,
                        "someone else changed this household since you opened it (your version " +
                            std::to_string(expected_version) + ", now " +
                            std::to_string(AsInt(exists->at(0).at(0))) +
                            "): reload it and make your change again",
                        "version", 0});
    }
    auto current = db_->Query("SELECT id FROM persons WHERE household_id = ? AND erased_at IS NULL",
                              {household.id});
    if (!current) return Fail(current.error());
    std::set<std::string> existing;
    for (const auto& r : *current) existing.insert(AsText(r[0]));
    std::set<std::string> kept;
    for (size_t i = 0; i < updated.members.size(); ++i) {
      Person& m = updated.members[i];
      const auto position = static_cast<int64_t>(i);
      Status s;
      if (m.id.empty()) {
        StampConsentRecorder(&m, nullptr, actor);
        s = InsertPerson(m, household.id, position, now);
      } else if (existing.contains(m.id)) {
        m.household_id = household.id;
        kept.insert(m.id);
        s = UpdatePersonRow(m, position, now, actor);
      } else {
        s = Fail(Error::InvalidInput("id", "this person is not a member of the household"));
      }
      if (!s)
        return Fail(std::move(s.error()).WithFieldPrefix("members[" + std::to_string(i) + "]"));
    }
    if (kept.size() != existing.size()) {
      return Fail(Error::InvalidInput(
          "members",
          "every current member must be listed: an update cannot drop a member. To remove a "
          "person for good, ask an administrator to erase their record (sanad person erase)"));
    }
    return AuditLocked(actor, "household.update", "household", household.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  auto reloaded = LoadHousehold(household.id);
  if (!reloaded) return Fail(reloaded.error());
  return reloaded;
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
      result = Fail(Error::NotFound("no person has the id '" + id + "'"));
      return {};
    }
    result = LoadPerson(rows->at(0));
    return AuditLocked(actor, "person.read", "person", id, result ? "ok" : "failed");
  });
  if (!ok) return Fail(ok.error());
  return result;
}

Result<PersonPage> Store::SearchPersons(std::string_view query, int page, int page_size,
                                        const Actor& actor) {
  if (page < 1 || page > kMaxSearchPage) {
    return Fail(
        Error::InvalidInput("page", "must be between 1 and " + std::to_string(kMaxSearchPage) +
                                        ": narrow the search with more of the name instead"));
  }
  if (page_size < 1 || page_size > kMaxSearchPageSize) {
    return Fail(Error::InvalidInput(
        "page_size", "must be between 1 and " + std::to_string(kMaxSearchPageSize)));
  }
  if (auto ok = ValidateText("q", query); !ok) return Fail(ok.error());
  // Each word of the query must match: by its name keys, or the whole query
  // as a phone or document number.
  std::vector<std::vector<std::string>> word_tokens;  // per word: its keys in any name field
  std::vector<std::vector<std::string>> word_given;   // per word: its keys as an own name
  std::vector<std::string> exact_tokens;
  if (auto phone = text::NormalizePhone(query)) {
    exact_tokens.push_back(keys_.BlindIndex("phone", *phone));
  }
  if (auto number = text::NormalizeDocumentNumber(query); !number.empty()) {
    exact_tokens.push_back(keys_.BlindIndex("document", number));
  }
  size_t start = 0;
  const std::string q(query);
  while (start < q.size()) {
    size_t end = q.find_first_of(" ,\t", start);
    if (end == std::string::npos) end = q.size();
    if (end > start) {
      std::vector<std::string> any, given;
      for (const auto& key : text::SearchKeys(std::string_view(q).substr(start, end - start))) {
        given.push_back(keys_.BlindIndex("given", key));
        any.push_back(given.back());
        any.push_back(keys_.BlindIndex("father", key));
      }
      if (!any.empty()) {
        word_tokens.push_back(std::move(any));
        word_given.push_back(std::move(given));
      }
    }
    start = end + 1;
  }
  if (word_tokens.empty() && exact_tokens.empty()) {
    return Fail(Error::InvalidInput("q", "type a name, a phone number or a document number"));
  }
  if (word_tokens.size() > kMaxSearchWords) {
    return Fail(Error::InvalidInput("q", "use at most " + std::to_string(kMaxSearchWords) +
                                             " words: a name, a father's and a grandfather's "
                                             "name are enough"));
  }
  // The SQL text depends only on the number of words and on each word's
  // keys in blocks of four (lists padded by repeating the last key), so
  // searches share a few prepared statements rather than making one each.
  std::vector<Value> params;
  auto any_of = [&](const std::vector<std::string>& tokens) {
    std::string s = "SELECT person_id FROM person_index WHERE token IN (";
    const size_t slots = (tokens.size() + 3) / 4 * 4;
    for (size_t i = 0; i < slots; ++i) {
      s += i ? ", ?" : "?";
      params.push_back(Bytes{tokens[std::min(i, tokens.size() - 1)]});
    }
    return s + ")";
  };
  // Every word must match (INTERSECT); a phone or document number matches alone.
  auto every_word = [&](const std::vector<std::vector<std::string>>& words) {
    std::string s;
    for (const auto& tokens : words) s += (s.empty() ? "" : " INTERSECT ") + any_of(tokens);
    return s;
  };
  std::string matches;
  if (!exact_tokens.empty()) matches = any_of(exact_tokens);
  if (!word_tokens.empty()) {
    matches +=
        (matches.empty() ? "" : " UNION ") + ("SELECT * FROM (" + every_word(word_tokens) + ")");
  }
  std::string sql =
      "SELECT " + std::string(kPersonColumns) +
      ", h.origin_province FROM persons p JOIN person_keys k ON k.person_id = p.id "
      "JOIN households h ON h.id = p.household_id WHERE p.erased_at IS NULL AND p.id IN (" +
      matches + ") ORDER BY ";
  if (!word_given.empty()) {
    sql += "CASE WHEN p.id IN (SELECT * FROM (" + every_word(word_given) + ")) THEN 0 ELSE 1 END, ";
  }
  sql += "p.id DESC LIMIT ? OFFSET ?";
  params.push_back(int64_t{page_size} + 1);
  params.push_back(int64_t{page - 1} * int64_t{page_size});

  std::lock_guard lock(mutex_);
  PersonPage result;
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query(sql, params);
    if (!rows) return Fail(rows.error());
    for (const Row& r : *rows) {
      if (result.items.size() == static_cast<size_t>(page_size)) {
        result.has_more = true;
        break;
      }
      auto p = LoadPerson(r);
      if (!p) return Fail(p.error());
      result.items.push_back(Summarize(*p, AsText(r[9])));
    }
    return AuditLocked(actor, "person.search", "person",
                       std::to_string(result.items.size()) + " results", "ok");
  });
  if (!ok) return Fail(ok.error());
  return result;
}

Result<std::vector<PersonSummary>> Store::GetSummaries(const std::vector<std::string>& ids,
                                                       const Actor& actor) {
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
    return AuditLocked(actor, "person.summaries", "person", listed, "ok");
  });
  if (!ok) return Fail(ok.error());
  return out;
}

Status Store::ErasePerson(const std::string& id, std::string_view reason, const Actor& actor) {
  auto why = ErasureReason(reason);
  if (!why) return Fail(why.error());
  std::lock_guard lock(mutex_);
  auto ok = db_->Transaction([&]() -> Status {
    // Read the record once more, to find its index entries.
    auto rows = db_->Query("SELECT " + std::string(kPersonColumns) +
                               " FROM persons p JOIN person_keys k ON k.person_id = p.id "
                               "WHERE p.id = ? AND p.erased_at IS NULL",
                           {id});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return Fail(Error::NotFound("no person with the id '" + id + "' to erase"));
    auto person = LoadPerson(rows->at(0));
    if (!person) return Fail(person.error());
    auto changed = db_->Execute(
        "UPDATE persons SET sealed = NULL, erased_at = ? WHERE id = ? AND erased_at IS NULL",
        {NowIso(), id});
    if (!changed) return Fail(changed.error());
    if (*changed == 0) return Fail(Error::NotFound("no person with the id '" + id + "' to erase"));
    if (auto removed = DeleteIndex(*person); !removed) return removed;
    if (auto r = db_->Execute("DELETE FROM person_keys WHERE person_id = ?", {id}); !r) {
      return Fail(r.error());
    }
    return AuditLocked(actor, "person.erase", "person", id, "ok", *why);
  });
  if (!ok) return ok;
  // Move the WAL into the main file and truncate it, so the erased key and
  // ciphertext do not survive in the log (secure_delete zeroes the pages).
  return db_->ExecuteScript("PRAGMA wal_checkpoint(TRUNCATE)");
}

Status Store::ForEachPerson(const std::function<void(const Person&, const Household&)>& visit) {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query(
      "SELECT " + std::string(kPersonColumns) +
      ", h.id, h.origin_province, h.origin_district, h.current_location, "
      "h.destination_province, h.destination_district FROM persons p "
      "JOIN person_keys k ON k.person_id = p.id JOIN households h ON h.id = p.household_id "
      "WHERE p.erased_at IS NULL ORDER BY p.household_id, p.position");
  if (!rows) return Fail(rows.error());
  Household h;
  for (const Row& r : *rows) {
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

Result<Movement> Store::CreateMovement(Movement movement, const Actor& actor) {
  if (auto ok = ValidateMovement(movement); !ok) return Fail(ok.error());
  // Reports match registered crossings to head counts by the canonical name.
  static const CrossingGazetteer gazetteer = CrossingGazetteer::Default();
  auto crossing = gazetteer.Find(movement.crossing_point);
  if (!crossing) {
    return Fail(Error::InvalidInput(
        "crossing_point", "is not a known crossing point: use one of " + gazetteer.Names()));
  }
  movement.crossing_point = *crossing;
  std::lock_guard lock(mutex_);
  movement.id = NewId();
  movement.created_at = NowIso();
  auto ok = db_->Transaction([&]() -> Status {
    // Everything is checked before anything is written.
    if (!movement.household_id.empty()) {
      auto h = db_->Query("SELECT id FROM households WHERE id = ?", {movement.household_id});
      if (!h) return Fail(h.error());
      if (h->empty()) {
        return Fail(Error::InvalidInput("household_id", "no household has this id"));
      }
      if (movement.person_ids.empty()) {
        auto members = db_->Query(
            "SELECT id FROM persons WHERE household_id = ? AND erased_at IS NULL ORDER BY position",
            {movement.household_id});
        if (!members) return Fail(members.error());
        for (const auto& m : *members) movement.person_ids.push_back(AsText(m[0]));
        if (movement.person_ids.empty()) {
          return Fail(
              Error::InvalidInput("household_id", "this household has no members left to record"));
        }
      }
    }
    for (size_t i = 0; i < movement.person_ids.size(); ++i) {
      const std::string field = "person_ids[" + std::to_string(i) + "]";
      auto p = db_->Query("SELECT household_id, erased_at FROM persons WHERE id = ?",
                          {movement.person_ids[i]});
      if (!p) return Fail(p.error());
      if (p->empty()) return Fail(Error::InvalidInput(field, "no person has this id"));
      if (!IsNull(p->at(0).at(1))) {
        return Fail(Error::InvalidInput(field, "this person's record was erased"));
      }
      if (!movement.household_id.empty() && AsText(p->at(0).at(0)) != movement.household_id) {
        return Fail(Error::InvalidInput(
            field, "is not a member of the household " + movement.household_id +
                       ": record them in a movement of their own household, or leave "
                       "household_id out"));
      }
    }
    auto r = db_->Execute(
        "INSERT INTO movements (id, date, crossing_point, direction, mode, household_id, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {movement.id, movement.date.ToIso(), movement.crossing_point,
         std::string(ToString(movement.direction)), std::string(ToString(movement.mode)),
         movement.household_id.empty() ? Value(std::monostate{}) : Value(movement.household_id),
         movement.created_at});
    if (!r) return Fail(r.error());
    for (const auto& person_id : movement.person_ids) {
      auto link =
          db_->Execute("INSERT INTO movement_persons (movement_id, person_id) VALUES (?, ?)",
                       {movement.id, person_id});
      if (!link) return Fail(link.error());
    }
    return AuditLocked(actor, "movement.create", "movement", movement.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return movement;
}

Result<std::vector<Movement>> Store::ListMovements(const MovementFilter& filter,
                                                   const Actor& actor) {
  std::string sql =
      "SELECT id, date, crossing_point, direction, mode, household_id, created_at FROM movements "
      "WHERE 1 = 1";
  std::vector<Value> params;
  if (filter.from) {
    sql += " AND date >= ?";
    params.push_back(filter.from->ToIso());
  }
  if (filter.to) {
    sql += " AND date <= ?";
    params.push_back(filter.to->ToIso());
  }
  if (!filter.crossing_point.empty()) {
    sql += " AND crossing_point = ?";
    params.push_back(filter.crossing_point);
  }
  sql += " ORDER BY date, id LIMIT 10000";
  std::lock_guard lock(mutex_);
  std::vector<Movement> result;
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query(sql, params);
    if (!rows) return Fail(rows.error());
    for (const Row& r : *rows) {
      Movement m;
      m.id = AsText(r[0]);
      m.date = Date::ParseIso(AsText(r[1])).value_or(Date{});
      m.crossing_point = AsText(r[2]);
      m.direction = ParseDirection(AsText(r[3])).value_or(Direction::kToAfghanistan);
      m.mode = ParseMovementMode(AsText(r[4])).value_or(MovementMode::kSpontaneous);
      m.household_id = AsText(r[5]);
      m.created_at = AsText(r[6]);
      auto people =
          db_->Query("SELECT person_id FROM movement_persons WHERE movement_id = ?", {m.id});
      if (!people) return Fail(people.error());
      for (const auto& p : *people) m.person_ids.push_back(AsText(p[0]));
      result.push_back(std::move(m));
    }
    return AuditLocked(actor, "movement.list", "movement",
                       std::to_string(result.size()) + " results", "ok");
  });
  if (!ok) return Fail(ok.error());
  return result;
}

Status Store::AddTallies(const std::vector<FlowTally>& given, const Actor& actor,
                         const ImportFile& file) {
  std::vector<FlowTally> tallies = given;
  for (size_t i = 0; i < tallies.size(); ++i) {
    Status ok = ValidateFlowTally(tallies[i]);
    if (ok) ok = CanonicalDestination(&tallies[i].destination_province);
    if (!ok) {
      return Fail(std::move(ok.error()).WithFieldPrefix("tallies[" + std::to_string(i) + "]"));
    }
  }
  std::lock_guard lock(mutex_);
  const std::string now = NowIso();
  return db_->Transaction([&]() -> Status {
    bool repeated = false;
    if (auto s =
            RecordImportFile(file, "tallies", static_cast<int64_t>(tallies.size()), now, &repeated);
        !s) {
      return s;
    }
    for (const auto& t : tallies) {
      auto r = db_->Execute(
          "INSERT INTO tallies (id, date, crossing_point, direction, mode, households, "
          "individuals, female, male, age_0_4, age_5_17, age_18_59, age_60_plus, "
          "destination_province, registered_individuals, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {NewId(), t.date.ToIso(), t.crossing_point, std::string(ToString(t.direction)),
           std::string(ToString(t.mode)), t.households, t.individuals, t.female, t.male, t.age_0_4,
           t.age_5_17, t.age_18_59, t.age_60_plus, t.destination_province, t.registered_individuals,
           now});
      if (!r) return Fail(r.error());
    }
    return AuditLocked(actor, "tallies.import", "tally",
                       std::to_string(tallies.size()) + " tallies", "ok",
                       repeated ? "a file imported before, imported again" : "");
  });
}

Status Store::RecordImportFile(const ImportFile& file, std::string_view kind, int64_t rows,
                               const std::string& now, bool* repeated) {
  *repeated = false;
  if (file.content.empty()) return {};
  // Keyed, so the table cannot confirm a guess at a file's content.
  const Bytes digest{keys_.BlindIndex("import-file", file.content)};
  auto seen =
      db_->Query("SELECT kind, rows, imported_at FROM imported_files WHERE digest = ?", {digest});
  if (!seen) return Fail(seen.error());
  if (seen->empty()) {
    auto r = db_->Execute(
        "INSERT INTO imported_files (digest, kind, rows, imported_at) VALUES (?, ?, ?, ?)",
        {digest, std::string(kind), rows, now});
    if (!r) return Fail(r.error());
    return {};
  }
  if (!file.again) {
    const Row& r = seen->at(0);
    const std::string at = AsText(r[2]);
    return Fail(Error{Error::Code::kConflict,
                      "this file was already imported on " + at.substr(0, 10) + " at " +
                          at.substr(11, 5) + " UTC (" + std::to_string(AsInt(r[1])) + " " +
                          AsText(r[0]) + ")",
                      "file", 0});
  }
  *repeated = true;
  auto r = db_->Execute("UPDATE imported_files SET rows = ?, imported_at = ? WHERE digest = ?",
                        {rows, now, digest});
  if (!r) return Fail(r.error());
  return {};
}

Result<std::vector<FlowTally>> Store::ListTallies(Date from, Date to) {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query(
      "SELECT date, crossing_point, direction, mode, households, individuals, female, male, "
      "age_0_4, age_5_17, age_18_59, age_60_plus, destination_province, registered_individuals "
      "FROM tallies WHERE date >= ? AND date <= ? ORDER BY date, crossing_point",
      {from.ToIso(), to.ToIso()});
  if (!rows) return Fail(rows.error());
  std::vector<FlowTally> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) {
    FlowTally t;
    t.date = Date::ParseIso(AsText(r[0])).value_or(Date{});
    t.crossing_point = AsText(r[1]);
    t.direction = ParseDirection(AsText(r[2])).value_or(Direction::kToAfghanistan);
    t.mode = ParseMovementMode(AsText(r[3])).value_or(MovementMode::kSpontaneous);
    t.households = AsInt(r[4]);
    t.individuals = AsInt(r[5]);
    t.female = AsInt(r[6]);
    t.male = AsInt(r[7]);
    t.age_0_4 = AsInt(r[8]);
    t.age_5_17 = AsInt(r[9]);
    t.age_18_59 = AsInt(r[10]);
    t.age_60_plus = AsInt(r[11]);
    t.destination_province = AsText(r[12]);
    t.registered_individuals = AsInt(r[13]);
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<FlowTally>> Store::ListRegisteredFlows(Date from, Date to) {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query(
      "SELECT m.date, m.crossing_point, m.direction, m.mode, h.destination_province, "
      "p.household_id, p.sex, p.birth_year FROM movements m "
      "JOIN movement_persons mp ON mp.movement_id = m.id JOIN persons p ON p.id = mp.person_id "
      "JOIN households h ON h.id = p.household_id "
      "WHERE m.date >= ? AND m.date <= ? ORDER BY m.date, m.crossing_point, m.direction, m.mode, "
      "h.destination_province",
      {from.ToIso(), to.ToIso()});
  if (!rows) return Fail(rows.error());
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, size_t>
      index;
  std::vector<FlowTally> out;
  std::vector<std::set<std::string>> households;
  for (const Row& r : *rows) {
    auto key =
        std::make_tuple(AsText(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4]));
    auto [it, inserted] = index.emplace(key, out.size());
    if (inserted) {
      FlowTally t;
      t.date = Date::ParseIso(std::get<0>(key)).value_or(Date{});
      t.crossing_point = std::get<1>(key);
      t.direction = ParseDirection(std::get<2>(key)).value_or(Direction::kToAfghanistan);
      t.mode = ParseMovementMode(std::get<3>(key)).value_or(MovementMode::kSpontaneous);
      t.destination_province = std::get<4>(key);
      out.push_back(std::move(t));
      households.emplace_back();
    }
    FlowTally& t = out[it->second];
    households[it->second].insert(AsText(r[5]));
    CountPerson(&t, ParseSex(AsText(r[6])).value_or(Sex::kUnknown),
                IsNull(r[7])
                    ? std::nullopt
                    : std::optional(AgeBandOf(t.date.year - static_cast<int>(AsInt(r[7])))));
  }
  for (size_t i = 0; i < out.size(); ++i) {
    out[i].households = static_cast<int64_t>(households[i].size());
  }
  return out;
}

namespace {

// Argon2id (libsodium's default for crypto_pwhash_str), at least 12 characters.
Result<std::string> HashPassword(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return Fail(Error::InvalidInput(
        "password", "must have at least " + std::to_string(kMinPasswordLength) + " characters"));
  }
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Fail(Error::Unavailable("not enough memory to hash the password"));
  }
  return std::string(hash);
}

}  // namespace

Result<User> Store::CreateUser(const std::string& username, Role role, std::string_view password,
                               const Actor& actor) {
  if (username.empty() || username.size() > 64 ||
      username.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") != std::string::npos) {
    return Fail(
        Error::InvalidInput("username", "use 1 to 64 lowercase letters, digits, '.', '_' or '-'"));
  }
  auto hash = HashPassword(password);
  if (!hash) return Fail(hash.error());
  User user{NewId(), username, role, false, NowIso()};
  std::lock_guard lock(mutex_);
  auto ok = db_->Transaction([&]() -> Status {
    auto exists = db_->Query("SELECT id FROM users WHERE username = ?", {username});
    if (!exists) return Fail(exists.error());
    if (!exists->empty()) {
      return Fail(Error{Error::Code::kConflict, "a user named '" + username + "' already exists",
                        "username", 0});
    }
    auto r = db_->Execute(
        "INSERT INTO users (id, username, role, password_hash, disabled, created_at) "
        "VALUES (?, ?, ?, ?, 0, ?)",
        {user.id, username, std::string(ToString(role)), *hash, user.created_at});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "user.create", "user", user.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return user;
}

Result<std::vector<User>> Store::ListUsers() {
  std::lock_guard lock(mutex_);
  auto rows =
      db_->Query("SELECT id, username, role, disabled, created_at FROM users ORDER BY username");
  if (!rows) return Fail(rows.error());
  std::vector<User> users;
  for (const Row& r : *rows) {
    users.push_back(User{AsText(r[0]), AsText(r[1]),
                         ParseRole(AsText(r[2])).value_or(Role::kAnalyst), AsInt(r[3]) != 0,
                         AsText(r[4])});
  }
  return users;
}

Status Store::SetUserDisabled(const std::string& username, bool disabled, const Actor& actor) {
  std::lock_guard lock(mutex_);
  return db_->Transaction([&]() -> Status {
    auto rows = db_->Query("SELECT id FROM users WHERE username = ?", {username});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return Fail(Error::NotFound("no user named '" + username + "'"));
    const std::string id = AsText(rows->at(0).at(0));
    if (auto r = db_->Execute("UPDATE users SET disabled = ? WHERE id = ?",
                              {int64_t{disabled ? 1 : 0}, id});
        !r) {
      return Fail(r.error());
    }
    if (disabled) {
      if (auto r = db_->Execute("DELETE FROM sessions WHERE user_id = ?", {id}); !r) {
        return Fail(r.error());
      }
    }
    return AuditLocked(actor, disabled ? "user.disable" : "user.enable", "user", id, "ok");
  });
}

Status Store::ResetPassword(const std::string& username, std::string_view password,
                            const Actor& actor) {
  auto hash = HashPassword(password);
  if (!hash) return Fail(hash.error());
  std::lock_guard lock(mutex_);
  return db_->Transaction([&]() -> Status {
    auto rows = db_->Query("SELECT id FROM users WHERE username = ?", {username});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return Fail(Error::NotFound("no user named '" + username + "'"));
    const std::string id = AsText(rows->at(0).at(0));
    if (auto r = db_->Execute("UPDATE users SET password_hash = ? WHERE id = ?", {*hash, id}); !r) {
      return Fail(r.error());
    }
    if (auto r = db_->Execute("DELETE FROM sessions WHERE user_id = ?", {id}); !r) {
      return Fail(r.error());
    }
    return AuditLocked(actor, "user.reset_password", "user", id, "ok");
  });
}

Result<NewSession> Store::Login(const std::string& username, std::string_view password,
                                const Actor& actor) {
  std::unique_lock lock(mutex_);
  auto rows = db_->Query(
      "SELECT id, username, role, disabled, created_at, password_hash FROM users "
      "WHERE username = ?",
      {username});
  if (!rows) return Fail(rows.error());
  lock.unlock();  // hashing takes a while: do not hold the database
  bool good = false;
  User user;
  if (!rows->empty()) {
    const Row& r = rows->at(0);
    user = User{AsText(r[0]), AsText(r[1]), ParseRole(AsText(r[2])).value_or(Role::kAnalyst),
                AsInt(r[3]) != 0, AsText(r[4])};
    const std::string hash = AsText(r[5]);
    good = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0 &&
           !user.disabled;
  } else {
    // Spend the same time as a real check, so timing does not reveal which
    // usernames exist.
    char dummy[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(dummy, password.data(), password.size(),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
      return Fail(Error::Unavailable("not enough memory to check the password"));
    }
  }
  lock.lock();
  if (!good) {
    auto ok = db_->Transaction([&] {
      return AuditLocked(actor, "login", "user", user.id.empty() ? "unknown" : user.id, "failed");
    });
    if (!ok) return Fail(ok.error());
    return Fail(Error{Error::Code::kUnauthenticated,
                      "wrong username or password (or the account is disabled)",
                      {},
                      0});
  }
  NewSession session{RandomToken(32), RandomToken(24), user};
  const int64_t now = NowSeconds();
  auto ok = db_->Transaction([&]() -> Status {
    auto r = db_->Execute(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen) "
        "VALUES (?, ?, ?, ?, ?)",
        {Bytes{TokenHash(session.token)}, user.id, session.csrf_token, now, now});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "login", "user", user.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return session;
}

Result<Session> Store::FindSession(const std::string& token, int64_t idle_timeout_seconds) {
  const Error unauthenticated{
      Error::Code::kUnauthenticated, "your session has ended: sign in again", {}, 0};
  if (token.empty() || token.size() > 128) return Fail(unauthenticated);
  std::lock_guard lock(mutex_);
  const std::string hash = TokenHash(token);
  auto rows = db_->Query(
      "SELECT u.id, u.username, u.role, u.disabled, u.created_at, s.csrf_token, s.last_seen "
      "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
      {Bytes{hash}});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(unauthenticated);
  const Row& r = rows->at(0);
  const int64_t now = NowSeconds();
  if (AsInt(r[3]) != 0 || now - AsInt(r[6]) > idle_timeout_seconds) {
    (void)db_->Execute("DELETE FROM sessions WHERE token_hash = ?", {Bytes{hash}});
    return Fail(unauthenticated);
  }
  if (now != AsInt(r[6])) {
    if (auto u = db_->Execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?",
                              {now, Bytes{hash}});
        !u) {
      return Fail(u.error());
    }
  }
  return Session{User{AsText(r[0]), AsText(r[1]), ParseRole(AsText(r[2])).value_or(Role::kAnalyst),
                      false, AsText(r[4])},
                 AsText(r[5])};
}

Status Store::Logout(const std::string& token, const Actor& actor) {
  std::lock_guard lock(mutex_);
  return db_->Transaction([&]() -> Status {
    auto r = db_->Execute("DELETE FROM sessions WHERE token_hash = ?", {Bytes{TokenHash(token)}});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "logout", "session", "-", "ok");
  });
}

}  // namespace sanad::store
