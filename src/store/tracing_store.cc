// Family tracing: requests, the persons they seek, caseworkers' decisions,
// alerts raised by new registrations, and the links a confirmed match makes
// between two persons (and so their households).
//
// What is sealed: each sought person (names, dates, places, the last known
// phone), under the inquirer's own data key, bound to "<request id>/<index>".
// A tracing request is the inquirer's account of their family, so it lives
// and dies with the inquirer's key: erasing the inquirer (crypto-shredding,
// person_records.cc) deletes the sealed rows, closes the request and removes
// the links and alerts that name them (ShredTracingOf). What is plain: ids,
// status, versions, the caseworker's username, whether each trace was
// found, and verdicts (ids only) — what lists, counts and the index need.
// Every read is audited; every decision checks the request's state in the
// same transaction that records it. The decisions and alerts are in
// tracing_match_store.cc.
#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/id.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "store/tracing_internal.h"

namespace sanad::store {
namespace {

using internal::LiveHouseholdOf;
using internal::StoredValues;
using nlohmann::json;

std::string SoughtBinding(const std::string& request_id, size_t index) {
  return request_id + "/" + std::to_string(index);
}

std::string SealedSought(const SoughtPerson& s) {
  json j = {{"given_name", s.given_name},
            {"father_name", s.father_name},
            {"grandfather_name", s.grandfather_name},
            {"family_name", s.family_name},
            {"nickname", s.nickname},
            {"sex", ToString(s.sex)},
            {"relationship", ToString(s.relationship)},
            {"separation_place", s.separation_place},
            {"separation_cause", ToString(s.separation_cause)},
            {"last_known_place", s.last_known_place},
            {"last_known_phone", s.last_known_phone}};
  if (s.birth_date) j["birth_date"] = s.birth_date->ToIso();
  if (s.age) j["age"] = *s.age;
  if (s.separation_date) j["separation_date"] = s.separation_date->ToIso();
  return j.dump();
}

Result<SoughtPerson> OpenSought(std::string_view plaintext, const std::string& request_id) {
  SoughtPerson s;
  StoredValues stored("tracing_sought", request_id);
  try {
    const json j = json::parse(plaintext);
    s.given_name = j.at("given_name").get<std::string>();
    s.father_name = j.at("father_name").get<std::string>();
    s.grandfather_name = j.at("grandfather_name").get<std::string>();
    s.family_name = j.at("family_name").get<std::string>();
    s.nickname = j.at("nickname").get<std::string>();
    s.sex = stored(ParseSex(j.at("sex").get<std::string>()), "sealed.sex");
    s.relationship =
        stored(ParseSoughtRelationship(j.at("relationship").get<std::string>()), "sealed");
    s.separation_place = j.at("separation_place").get<std::string>();
    s.separation_cause =
        stored(ParseSeparationCause(j.at("separation_cause").get<std::string>()), "sealed");
    s.last_known_place = j.at("last_known_place").get<std::string>();
    s.last_known_phone = j.at("last_known_phone").get<std::string>();
    if (j.contains("birth_date")) {
      s.birth_date = stored(PartialDate::Parse(j["birth_date"].get<std::string>()), "sealed");
    }
    if (j.contains("age")) s.age = j["age"].get<int32_t>();
    if (j.contains("separation_date")) {
      s.separation_date =
          stored(PartialDate::Parse(j["separation_date"].get<std::string>()), "sealed");
    }
  } catch (const json::exception&) {
    return Fail(internal::Damaged("tracing_sought", request_id, "sealed"));
  }
  if (!stored.status()) return Fail(stored.status().error());
  return s;
}

}  // namespace

namespace internal {

Result<RequestRow> LoadRequestRow(Database& db, const std::string& id) {
  auto rows = db.Query(
      "SELECT inquirer_id, case_id, caseworker, status, version FROM tracing_requests WHERE id = ?",
      {id});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(Error::NotFound("no tracing request has the id '{}'", id));
  const Row& r = rows->at(0);
  RequestRow out;
  StoredValues stored("tracing_requests", id);
  out.inquirer_id = AsText(r[0]);
  out.case_id = AsText(r[1]);
  out.caseworker = AsText(r[2]);
  out.status = stored(ParseTracingStatus(AsText(r[3])), "status");
  out.version = AsInt(r[4]);
  if (!stored.status()) return Fail(stored.status().error());
  return out;
}

}  // namespace internal

namespace {

const std::string kTracingColumns =
    "id, inquirer_id, case_id, caseworker, status, version, created_by, created_at, updated_at";

}  // namespace

namespace internal {

Status ShredTracingOf(Database& db, const std::string& person_id) {
  const std::pair<const char*, std::vector<Value>> statements[] = {
      {"DELETE FROM tracing_sought WHERE request_id IN "
       "(SELECT id FROM tracing_requests WHERE inquirer_id = ?)",
       {person_id}},
      {"DELETE FROM tracing_alerts WHERE person_id = ? OR request_id IN "
       "(SELECT id FROM tracing_requests WHERE inquirer_id = ?)",
       {person_id, person_id}},
      {"UPDATE tracing_requests SET status = 'closed' WHERE inquirer_id = ?", {person_id}},
      {"DELETE FROM person_links WHERE person_a = ? OR person_b = ?", {person_id, person_id}},
  };
  for (const auto& [sql, params] : statements) {
    if (auto r = db.Execute(sql, params); !r) return Fail(r.error());
  }
  return {};
}

}  // namespace internal

Result<TracingRequest> Store::CreateTracingRequest(TracingRequest request, const Actor& actor) {
  if (auto ok = ValidateTracingRequest(request, *clock_); !ok) return Fail(ok.error());
  std::lock_guard lock(mutex_);
  request.id = NewId();
  request.version = 1;
  request.status = TracingStatus::kOpen;
  request.found.assign(request.sought.size(), false);
  request.created_by = actor.id;
  request.created_at = request.updated_at = clock_->NowIso();
  auto ok = db_->Transaction([&]() -> Status {
    auto household = LiveHouseholdOf(*db_, request.inquirer_id, "inquirer_id");
    if (!household) return Fail(household.error());
    auto rows = db_->Query("SELECT " + std::string(internal::kPersonColumns) +
                               " FROM persons p JOIN person_keys k ON k.person_id = p.id "
                               "WHERE p.id = ?",
                           {request.inquirer_id});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) {
      return Fail(Error::InvalidInput("inquirer_id", "this person's record was erased"));
    }
    auto inquirer = LoadPerson(rows->at(0));
    if (!inquirer) return Fail(inquirer.error());
    if (std::find(inquirer->consents.begin(), inquirer->consents.end(), ConsentPurpose::kTracing) ==
        inquirer->consents.end()) {
      return Fail(Error::Forbidden(
          "the inquirer has not consented to tracing: record their consent to 'tracing' on "
          "their registration first (what they tell us is matched against other people's "
          "records)"));
    }
    if (!request.case_id.empty()) {
      auto c =
          db_->Query("SELECT assigned_to, person_id FROM cases WHERE id = ?", {request.case_id});
      if (!c) return Fail(c.error());
      if (c->empty()) return Fail(Error::InvalidInput("case_id", "no case has this id"));
      if (request.caseworker.empty()) request.caseworker = AsText(c->at(0).at(0));
    }
    auto key = internal::PersonKey(*db_, keys_, request.inquirer_id);
    if (!key) return Fail(key.error());
    Status written = [&]() -> Status {
      auto r =
          db_->Execute("INSERT INTO tracing_requests (" + kTracingColumns +
                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       {request.id, request.inquirer_id,
                        internal::OptionalText(!request.case_id.empty(), request.case_id),
                        request.caseworker, std::string(ToString(request.status)), request.version,
                        request.created_by, request.created_at, request.updated_at});
      if (!r) return Fail(r.error());
      for (size_t i = 0; i < request.sought.size(); ++i) {
        const std::string sealed =
            KeyRing::Seal(*key, SealedSought(request.sought[i]), SoughtBinding(request.id, i));
        auto s = db_->Execute(
            "INSERT INTO tracing_sought (request_id, sought_index, sealed, found) "
            "VALUES (?, ?, ?, 0)",
            {request.id, static_cast<int64_t>(i), Bytes{sealed}});
        if (!s) return Fail(s.error());
      }
      return {};
    }();
    sodium_memzero(key->data(), key->size());
    if (!written) return written;
    return AuditLocked(actor, "tracing.create", "tracing_request", request.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return request;
}

Result<TracingFile> Store::LoadTracingFileLocked(const std::string& id) {
  auto rows = db_->Query("SELECT " + kTracingColumns + " FROM tracing_requests WHERE id = ?", {id});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(Error::NotFound("no tracing request has the id '{}'", id));
  const Row& r = rows->at(0);
  TracingFile file;
  TracingRequest& t = file.request;
  t.id = AsText(r[0]);
  StoredValues stored("tracing_requests", t.id);
  t.inquirer_id = AsText(r[1]);
  t.case_id = AsText(r[2]);
  t.caseworker = AsText(r[3]);
  t.status = stored(ParseTracingStatus(AsText(r[4])), "status");
  if (!stored.status()) return Fail(stored.status().error());
  t.version = AsInt(r[5]);
  t.created_by = AsText(r[6]);
  t.created_at = AsText(r[7]);
  t.updated_at = AsText(r[8]);
  auto person = db_->Query("SELECT " + std::string(internal::kPersonColumns) +
                               " FROM persons p LEFT JOIN person_keys k ON k.person_id = p.id "
                               "WHERE p.id = ?",
                           {t.inquirer_id});
  if (!person) return Fail(person.error());
  if (person->empty() || !IsNull(person->at(0).at(8))) {
    return Fail(Error::NotFound(
        "the inquirer of tracing request '{}' was erased: the request can no longer be read", id));
  }
  auto inquirer = LoadPerson(person->at(0));
  if (!inquirer) return Fail(inquirer.error());
  file.inquirer = std::move(*inquirer);
  auto sought = db_->Query(
      "SELECT sought_index, sealed, found FROM tracing_sought WHERE request_id = ? "
      "ORDER BY sought_index",
      {id});
  if (!sought) return Fail(sought.error());
  auto key = internal::PersonKey(*db_, keys_, t.inquirer_id);
  if (!key) return Fail(key.error());
  Status opened = [&]() -> Status {
    for (const Row& s : *sought) {
      const auto index = static_cast<size_t>(AsInt(s[0]));
      if (index != t.sought.size()) {
        return Fail(internal::Damaged("tracing_sought", id, "sought_index"));
      }
      auto plain = KeyRing::Open(*key, AsBytes(s[1]), SoughtBinding(id, index));
      if (!plain) return Fail(plain.error());
      auto person_sought = OpenSought(*plain, id);
      sodium_memzero(plain->data(), plain->size());
      if (!person_sought) return Fail(person_sought.error());
      t.sought.push_back(std::move(*person_sought));
      t.found.push_back(AsInt(s[2]) != 0);
    }
    return {};
  }();
  sodium_memzero(key->data(), key->size());
  if (!opened) return Fail(opened.error());
  auto decisions = db_->Query(
      "SELECT sought_index, person_id, other_request_id, verdict, by_actor, at "
      "FROM tracing_decisions WHERE request_id = ? ORDER BY at, id",
      {id});
  if (!decisions) return Fail(decisions.error());
  for (const Row& d : *decisions) {
    TracingDecision decision;
    decision.request_id = id;
    decision.sought_index = static_cast<size_t>(AsInt(d[0]));
    decision.person_id = AsText(d[1]);
    decision.other_request_id = AsText(d[2]);
    decision.verdict = stored(ParseTracingVerdict(AsText(d[3])), "tracing_decisions.verdict");
    decision.by = AsText(d[4]);
    decision.at = AsText(d[5]);
    file.decisions.push_back(std::move(decision));
  }
  if (!stored.status()) return Fail(stored.status().error());
  auto alerts = db_->Query(
      "SELECT sought_index, person_id FROM tracing_alerts WHERE request_id = ? "
      "ORDER BY created_at, id",
      {id});
  if (!alerts) return Fail(alerts.error());
  for (const Row& a : *alerts) {
    file.alerts.emplace_back(static_cast<size_t>(AsInt(a[0])), AsText(a[1]));
  }
  return file;
}

Result<TracingFile> Store::GetTracingRequest(const std::string& id, const Actor& actor) {
  std::lock_guard lock(mutex_);
  TracingFile file;
  auto ok = db_->Transaction([&]() -> Status {
    auto loaded = LoadTracingFileLocked(id);
    if (!loaded) return Fail(loaded.error());
    file = std::move(*loaded);
    return AuditLocked(actor, "tracing.read", "tracing_request", id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return file;
}

Result<std::vector<TracingSummary>> Store::ListTracingRequests(const TracingFilter& filter,
                                                               const Actor& actor) {
  std::string sql =
      "SELECT t.id, t.inquirer_id, t.case_id, t.caseworker, t.status, t.version, t.created_at, "
      "t.updated_at, (SELECT COUNT(*) FROM tracing_sought s WHERE s.request_id = t.id), "
      "(SELECT COUNT(*) FROM tracing_sought s WHERE s.request_id = t.id AND s.found = 1), "
      "(SELECT COUNT(*) FROM tracing_alerts a WHERE a.request_id = t.id) "
      "FROM tracing_requests t JOIN persons p ON p.id = t.inquirer_id "
      "WHERE p.erased_at IS NULL";
  std::vector<Value> params;
  if (filter.status) {
    sql += " AND t.status = ?";
    params.push_back(std::string(ToString(*filter.status)));
  }
  if (!filter.caseworker.empty()) {
    sql += " AND (t.caseworker = ? OR t.caseworker = '')";
    params.push_back(filter.caseworker);
  }
  sql += " ORDER BY t.updated_at DESC, t.id LIMIT " + std::to_string(kMaxTracingList);
  std::lock_guard lock(mutex_);
  std::vector<TracingSummary> out;
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query(sql, params);
    if (!rows) return Fail(rows.error());
    for (const Row& r : *rows) {
      TracingSummary s;
      s.id = AsText(r[0]);
      StoredValues stored("tracing_requests", s.id);
      s.inquirer_id = AsText(r[1]);
      s.case_id = AsText(r[2]);
      s.caseworker = AsText(r[3]);
      s.status = stored(ParseTracingStatus(AsText(r[4])), "status");
      if (!stored.status()) return Fail(stored.status().error());
      s.version = AsInt(r[5]);
      s.created_at = AsText(r[6]);
      s.updated_at = AsText(r[7]);
      s.sought = AsInt(r[8]);
      s.found = AsInt(r[9]);
      s.alerts = AsInt(r[10]);
      out.push_back(std::move(s));
    }
    return AuditLocked(actor, "tracing.list", "tracing_request",
                       std::to_string(out.size()) + " results", "ok");
  });
  if (!ok) return Fail(ok.error());
  return out;
}

Result<std::vector<TracingFile>> Store::OpenTracingRequests(const Actor& actor) {
  std::lock_guard lock(mutex_);
  std::vector<TracingFile> out;
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query(
        "SELECT t.id FROM tracing_requests t JOIN persons p ON p.id = t.inquirer_id "
        "WHERE t.status = 'open' AND p.erased_at IS NULL ORDER BY t.created_at, t.id");
    if (!rows) return Fail(rows.error());
    for (const Row& r : *rows) {
      auto file = LoadTracingFileLocked(AsText(r[0]));
      if (!file) return Fail(file.error());
      out.push_back(std::move(*file));
    }
    if (out.empty()) return {};  // nothing read
    return AuditLocked(actor, "tracing.index", "tracing_request",
                       std::to_string(out.size()) + " open", "ok");
  });
  if (!ok) return Fail(ok.error());
  return out;
}

Result<std::vector<std::string>> Store::TracingConsenters() {
  auto rows = ScanQuery(
      "SELECT id FROM persons WHERE erased_at IS NULL AND "
      "(',' || consents || ',') LIKE '%,tracing,%'");
  if (!rows) return Fail(rows.error());
  std::vector<std::string> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) out.push_back(AsText(r[0]));
  return out;
}

}  // namespace sanad::store
