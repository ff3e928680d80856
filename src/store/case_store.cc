// Protection cases: the case row, its history of transitions and sealed
// notes (tasks and the caseworker's list are in case_task_store.cc,
// referrals and organisations in referral_store.cc).
//
// What is sealed, under the case's own data key (wrapped by the master key
// and bound to the case id, so one case can be shredded alone): the
// vulnerabilities copied from the person, every note and every task title,
// each bound to its own row id. What is plain: what the caseworker's list
// and the analysts' counts need (status, priority, risks, due dates, the
// assignee's username), never a name or a narrative. Every read of a case
// is audited; every update checks the version it was given.
#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>

#include "core/id.h"
#include "store/case_internal.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {
namespace internal {

using nlohmann::json;

Result<Key> CaseKey(Database& db, const KeyRing& keys, const std::string& case_id) {
  auto rows = db.Query("SELECT wrapped_key FROM cases WHERE id = ?", {case_id});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(Error::NotFound("no case has the id '{}'", case_id));
  if (AsBytes(rows->at(0).at(0)).empty()) {
    return Fail(Error::NotFound(
        "the person of case '{}' was erased: the case can no longer be read or added to", case_id));
  }
  return keys.UnwrapKey(AsBytes(rows->at(0).at(0)), case_id);
}

Result<bool> CaseInScope(Database& db, const std::string& case_id, CaseScope scope) {
  if (scope == CaseScope::kAll) return true;
  auto rows = db.Query(
      "SELECT 1 FROM referrals WHERE case_id = ? AND service = 'legal_aid' AND status <> "
      "'withdrawn' LIMIT 1",
      {case_id});
  if (!rows) return Fail(rows.error());
  return !rows->empty();
}

Status ShredCasesOf(Database& db, const std::string& person_id) {
  auto r = db.Execute("UPDATE cases SET sealed = ?, wrapped_key = ? WHERE person_id = ?",
                      {Bytes{}, Bytes{}, person_id});
  if (!r) return Fail(r.error());
  return {};
}

Result<Case> LoadCase(Database& db, const KeyRing& keys, const std::string& id) {
  auto rows = db.Query(
      "SELECT id, version, person_id, household_id, incident_id, risks, priority, assigned_to, "
      "status, closure_reason, created_by, sealed, wrapped_key, created_at, updated_at "
      "FROM cases WHERE id = ?",
      {id});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(Error::NotFound("no case has the id '{}'", id));
  const Row& r = rows->at(0);
  Case c;
  c.id = AsText(r[0]);
  StoredValues stored("cases", c.id);
  c.version = AsInt(r[1]);
  c.person_id = AsText(r[2]);
  c.household_id = AsText(r[3]);
  c.incident_id = AsText(r[4]);
  const std::string risks = AsText(r[5]);
  for (const std::string& name : SplitIds(risks)) {
    c.risks.push_back(stored(ParseProtectionRisk(name), "risks"));
  }
  c.priority = stored(ParseCasePriority(AsText(r[6])), "priority");
  c.assigned_to = AsText(r[7]);
  c.status = stored(ParseCaseStatus(AsText(r[8])), "status");
  if (!IsNull(r[9])) c.closure_reason = stored(ParseClosureReason(AsText(r[9])), "closure_reason");
  if (!stored.status()) return Fail(stored.status().error());
  c.created_by = AsText(r[10]);
  if (AsBytes(r[12]).empty()) {
    return Fail(
        Error::NotFound("the person of case '{}' was erased: the case can no longer be read", id));
  }
  auto sealed = keys.OpenWithWrappedKey(AsBytes(r[12]), AsBytes(r[11]), c.id);
  if (!sealed) return Fail(sealed.error());
  try {
    c.vulnerabilities = json::parse(*sealed).at("vulnerabilities").get<std::vector<std::string>>();
  } catch (const json::exception&) {
    return Fail(Damaged("cases", c.id, "sealed"));
  }
  c.created_at = AsText(r[13]);
  c.updated_at = AsText(r[14]);
  return c;
}

}  // namespace internal

namespace {

using internal::CaseKey;
using internal::JoinNames;
using internal::OptionalText;
using internal::StaleVersion;
using internal::StoredValues;

// The person exists, is not erased; returns their household id.
Result<std::string> HouseholdOfPerson(Database& db, const std::string& person_id) {
  auto rows = db.Query("SELECT household_id, erased_at FROM persons WHERE id = ?", {person_id});
  if (!rows) return Fail(rows.error());
  if (rows->empty())
    return Fail(Error::InvalidInput("person_id", "no registered person has this id"));
  if (!IsNull(rows->at(0).at(1))) {
    return Fail(Error::InvalidInput("person_id", "this person's record was erased"));
  }
  return AsText(rows->at(0).at(0));
}

Status CheckIncident(Database& db, const std::string& incident_id) {
  if (incident_id.empty()) return {};
  auto rows = db.Query("SELECT 1 FROM incidents WHERE id = ?", {incident_id});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(Error::InvalidInput("incident_id", "no incident has this id"));
  return {};
}

Status CheckCaseworker(Database& db, const std::string& username) {
  auto rows = db.Query("SELECT role, disabled FROM users WHERE username = ?", {username});
  if (!rows) return Fail(rows.error());
  if (rows->empty() || AsText(rows->at(0).at(0)) != "caseworker" || AsInt(rows->at(0).at(1)) != 0) {
    return Fail(Error::InvalidInput("assigned_to", "must be the username of an active caseworker"));
  }
  return {};
}

Status RecordTransition(Database& db, const std::string& case_id, CaseStatus from, CaseStatus to,
                        const std::optional<ClosureReason>& reason, const Actor& actor,
                        const std::string& now) {
  auto r = db.Execute(
      "INSERT INTO case_transitions (case_id, seq, from_status, to_status, closure_reason, "
      "by_actor, at) VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM case_transitions WHERE "
      "case_id = ?), ?, ?, ?, ?, ?)",
      {case_id, case_id, std::string(ToString(from)), std::string(ToString(to)),
       OptionalText(reason.has_value(), reason ? ToString(*reason) : ""), actor.id, now});
  if (!r) return Fail(r.error());
  return {};
}

// Writes the case's changeable columns when `expected_version` is current.
Status WriteCase(Database& db, const Case& c, int64_t expected_version) {
  auto changed = db.Execute(
      "UPDATE cases SET version = ?, incident_id = ?, risks = ?, priority = ?, assigned_to = ?, "
      "status = ?, closure_reason = ?, updated_at = ? WHERE id = ? AND version = ?",
      {c.version, OptionalText(!c.incident_id.empty(), c.incident_id), JoinNames(c.risks),
       std::string(ToString(c.priority)), c.assigned_to, std::string(ToString(c.status)),
       OptionalText(c.closure_reason.has_value(),
                    c.closure_reason ? ToString(*c.closure_reason) : ""),
       c.updated_at, c.id, expected_version});
  if (!changed) return Fail(changed.error());
  if (*changed == 0) return Fail(StaleVersion(Message("case"), expected_version, c.version - 1));
  return {};
}

Result<std::vector<CaseTransition>> LoadHistory(Database& db, const std::string& id) {
  auto rows = db.Query(
      "SELECT from_status, to_status, closure_reason, by_actor, at FROM case_transitions "
      "WHERE case_id = ? ORDER BY seq",
      {id});
  if (!rows) return Fail(rows.error());
  std::vector<CaseTransition> out;
  StoredValues stored("case_transitions", id);
  for (const Row& r : *rows) {
    CaseTransition t;
    t.from = stored(ParseCaseStatus(AsText(r[0])), "from_status");
    t.to = stored(ParseCaseStatus(AsText(r[1])), "to_status");
    if (!IsNull(r[2]))
      t.closure_reason = stored(ParseClosureReason(AsText(r[2])), "closure_reason");
    t.by = AsText(r[3]);
    t.at = AsText(r[4]);
    out.push_back(std::move(t));
  }
  if (!stored.status()) return Fail(stored.status().error());
  return out;
}

Result<std::vector<CaseNote>> LoadNotes(Database& db, const Key& key, const std::string& id) {
  auto rows = db.Query(
      "SELECT id, corrects, author, sealed, created_at FROM case_notes WHERE case_id = ? "
      "ORDER BY created_at, id",
      {id});
  if (!rows) return Fail(rows.error());
  std::vector<CaseNote> out;
  for (const Row& r : *rows) {
    CaseNote n;
    n.id = AsText(r[0]);
    n.corrects = AsText(r[1]);
    n.author = AsText(r[2]);
    auto text = KeyRing::Open(key, AsBytes(r[3]), n.id);
    if (!text) return Fail(text.error());
    n.text = std::move(*text);
    n.created_at = AsText(r[4]);
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

Result<Case> Store::CreateCase(Case c, std::string_view assignee_default, const Actor& actor) {
  if (c.assigned_to.empty()) c.assigned_to = std::string(assignee_default);
  c.status = CaseStatus::kOpen;
  c.closure_reason.reset();
  if (auto ok = ValidateCase(c); !ok) return Fail(ok.error());
  std::lock_guard lock(mutex_);
  c.id = NewId();
  c.version = 1;
  c.created_by = actor.id;
  c.created_at = c.updated_at = clock_->NowIso();
  auto ok = db_->Transaction([&]() -> Status {
    auto household = HouseholdOfPerson(*db_, c.person_id);
    if (!household) return Fail(household.error());
    c.household_id = *household;
    if (auto s = CheckIncident(*db_, c.incident_id); !s) return s;
    if (auto s = CheckCaseworker(*db_, c.assigned_to); !s) return s;
    auto rows = db_->Query("SELECT " + std::string(internal::kPersonColumns) +
                               " FROM persons p LEFT JOIN person_keys k ON k.person_id = p.id "
                               "WHERE p.id = ?",
                           {c.person_id});
    if (!rows) return Fail(rows.error());
    auto person = LoadPerson(rows->at(0));
    if (!person) return Fail(person.error());
    c.vulnerabilities = person->vulnerabilities;
    Key key = KeyRing::NewDataKey();
    const std::string sealed =
        KeyRing::Seal(key, nlohmann::json{{"vulnerabilities", c.vulnerabilities}}.dump(), c.id);
    const std::string wrapped = keys_.WrapKey(key, c.id);
    sodium_memzero(key.data(), key.size());
    auto r = db_->Execute(
        "INSERT INTO cases (id, version, person_id, household_id, incident_id, risks, priority, "
        "assigned_to, status, closure_reason, created_by, sealed, wrapped_key, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)",
        {c.id, c.version, c.person_id, c.household_id,
         OptionalText(!c.incident_id.empty(), c.incident_id), JoinNames(c.risks),
         std::string(ToString(c.priority)), c.assigned_to, std::string(ToString(c.status)),
         c.created_by, Bytes{sealed}, Bytes{wrapped}, c.created_at, c.updated_at});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "case.create", "case", c.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return c;
}

Result<CaseFile> Store::GetCase(const std::string& id, CaseScope scope, const Actor& actor) {
  std::lock_guard lock(mutex_);
  CaseFile file;
  auto ok = db_->Transaction([&]() -> Status {
    auto visible = internal::CaseInScope(*db_, id, scope);
    if (!visible) return Fail(visible.error());
    if (!*visible) return Fail(Error::NotFound("no case you may see has the id '{}'", id));
    auto c = internal::LoadCase(*db_, keys_, id);
    if (!c) return Fail(c.error());
    file.record = std::move(*c);
    auto history = LoadHistory(*db_, id);
    if (!history) return Fail(history.error());
    file.history = std::move(*history);
    auto key = CaseKey(*db_, keys_, id);
    if (!key) return Fail(key.error());
    Status loaded = [&]() -> Status {
      auto notes = LoadNotes(*db_, *key, id);
      if (!notes) return Fail(notes.error());
      file.notes = std::move(*notes);
      auto tasks = internal::LoadTasks(*db_, *key, id);
      if (!tasks) return Fail(tasks.error());
      file.tasks = std::move(*tasks);
      auto referrals = internal::LoadReferrals(*db_, *key, id);
      if (!referrals) return Fail(referrals.error());
      file.referrals = std::move(*referrals);
      return {};
    }();
    sodium_memzero(key->data(), key->size());
    if (!loaded) return loaded;
    return AuditLocked(actor, "case.read", "case", id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return file;
}

Result<Case> Store::UpdateCase(const Case& c, int64_t expected_version, const Actor& actor) {
  if (auto ok = ValidateCase(c); !ok) return Fail(ok.error());
  std::lock_guard lock(mutex_);
  Case updated;
  auto ok = db_->Transaction([&]() -> Status {
    auto before = internal::LoadCase(*db_, keys_, c.id);
    if (!before) return Fail(before.error());
    if (before->version != expected_version) {
      return Fail(StaleVersion(Message("case"), expected_version, before->version));
    }
    if (c.person_id != before->person_id) {
      return Fail(
          Error::InvalidInput("person_id", "a case stays with its person: open a new case"));
    }
    if (auto s = CheckIncident(*db_, c.incident_id); !s) return s;
    if (c.assigned_to != before->assigned_to) {
      if (auto s = CheckCaseworker(*db_, c.assigned_to); !s) return s;
    }
    updated = *before;
    updated.risks = c.risks;
    updated.priority = c.priority;
    updated.assigned_to = c.assigned_to;
    updated.incident_id = c.incident_id;
    updated.version = before->version + 1;
    updated.updated_at = clock_->NowIso();
    if (auto s = WriteCase(*db_, updated, expected_version); !s) return s;
    return AuditLocked(actor, "case.update", "case", c.id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return updated;
}

Result<Case> Store::TransitionCase(const std::string& id, int64_t expected_version, CaseStatus to,
                                   const std::optional<ClosureReason>& reason, const Actor& actor) {
  std::lock_guard lock(mutex_);
  Case updated;
  auto ok = db_->Transaction([&]() -> Status {
    auto before = internal::LoadCase(*db_, keys_, id);
    if (!before) return Fail(before.error());
    if (before->version != expected_version) {
      return Fail(StaleVersion(Message("case"), expected_version, before->version));
    }
    if (auto s = CheckTransition(before->status, to, reason); !s) return s;
    updated = *before;
    updated.status = to;
    updated.closure_reason = reason;
    updated.version = before->version + 1;
    updated.updated_at = clock_->NowIso();
    if (auto s = WriteCase(*db_, updated, expected_version); !s) return s;
    if (auto s = RecordTransition(*db_, id, before->status, to, reason, actor, updated.updated_at);
        !s) {
      return s;
    }
    const bool reopen = before->status == CaseStatus::kClosed;
    return AuditLocked(actor, reopen ? "case.reopen" : "case.transition", "case", id, "ok",
                       std::string(ToString(before->status)) + " -> " + std::string(ToString(to)));
  });
  if (!ok) return Fail(ok.error());
  return updated;
}

Result<CaseNote> Store::AddCaseNote(const std::string& case_id, CaseNote note, const Actor& actor) {
  if (auto ok = ValidateCaseNote(note); !ok) return Fail(ok.error());
  std::lock_guard lock(mutex_);
  note.id = NewId();
  note.author = actor.id;
  note.created_at = clock_->NowIso();
  auto ok = db_->Transaction([&]() -> Status {
    auto key = CaseKey(*db_, keys_, case_id);
    if (!key) return Fail(key.error());
    const std::string sealed = KeyRing::Seal(*key, note.text, note.id);
    sodium_memzero(key->data(), key->size());
    if (!note.corrects.empty()) {
      auto rows = db_->Query("SELECT 1 FROM case_notes WHERE id = ? AND case_id = ?",
                             {note.corrects, case_id});
      if (!rows) return Fail(rows.error());
      if (rows->empty()) {
        return Fail(Error::InvalidInput("corrects", "is not a note of this case"));
      }
    }
    auto r = db_->Execute(
        "INSERT INTO case_notes (id, case_id, corrects, author, sealed, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {note.id, case_id, OptionalText(!note.corrects.empty(), note.corrects), note.author,
         Bytes{sealed}, note.created_at});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "case.note", "case", case_id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return note;
}

Result<int64_t> Store::CurrentVersion(Versioned kind, const std::string& id) {
  std::string_view table = "households";
  switch (kind) {
    case Versioned::kHousehold:
      table = "households";
      break;
    case Versioned::kIncident:
      table = "incidents";
      break;
    case Versioned::kCase:
      table = "cases";
      break;
    case Versioned::kTask:
      table = "case_tasks";
      break;
    case Versioned::kReferral:
      table = "referrals";
      break;
    case Versioned::kTracingRequest:
      table = "tracing_requests";
      break;
  }
  std::lock_guard lock(mutex_);
  auto rows = db_->Query("SELECT version FROM " + std::string(table) + " WHERE id = ?", {id});
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Fail(Error::NotFound("no record has the id '{}'", id));
  return AsInt(rows->at(0).at(0));
}

}  // namespace sanad::store
