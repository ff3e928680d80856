// Tasks of protection cases (the next follow-up, with a due date; the
// title sealed under the case's data key, bound to the task's id) and the
// caseworker's list of cases, those with an overdue task first.
#include <sodium.h>

#include <algorithm>
#include <utility>

#include "core/id.h"
#include "store/case_internal.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {
namespace {

using internal::CaseKey;
using internal::StaleVersion;
using internal::StoredValues;

constexpr std::string_view kTaskColumns =
    "id, case_id, version, sealed, due, done, created_by, created_at, updated_at";

Result<CaseTask> TaskFromRow(const Row& r, const Key& key) {
  CaseTask t;
  t.id = AsText(r[0]);
  t.case_id = AsText(r[1]);
  t.version = AsInt(r[2]);
  auto title = KeyRing::Open(key, AsBytes(r[3]), t.id);
  if (!title) return Fail(title.error());
  t.title = std::move(*title);
  StoredValues stored("case_tasks", t.id);
  t.due = stored(Date::ParseIso(AsText(r[4])), "due");
  if (!stored.status()) return Fail(stored.status().error());
  t.done = AsInt(r[5]) != 0;
  t.created_by = AsText(r[6]);
  t.created_at = AsText(r[7]);
  t.updated_at = AsText(r[8]);
  return t;
}

}  // namespace

namespace internal {

Result<std::vector<CaseTask>> LoadTasks(Database& db, const Key& key, const std::string& id) {
  auto rows = db.Query("SELECT " + std::string(kTaskColumns) +
                           " FROM case_tasks WHERE case_id = ? ORDER BY due, created_at",
                       {id});
  if (!rows) return Fail(rows.error());
  std::vector<CaseTask> out;
  for (const Row& r : *rows) {
    auto t = TaskFromRow(r, key);
    if (!t) return Fail(t.error());
    out.push_back(std::move(*t));
  }
  return out;
}

}  // namespace internal

Result<CaseTask> Store::AddCaseTask(const std::string& case_id, CaseTask task, const Actor& actor) {
  if (auto ok = ValidateCaseTask(task); !ok) return Fail(ok.error());
  std::lock_guard lock(mutex_);
  task.id = NewId();
  task.case_id = case_id;
  task.version = 1;
  task.done = false;
  task.created_by = actor.id;
  task.created_at = task.updated_at = clock_->NowIso();
  auto ok = db_->Transaction([&]() -> Status {
    auto key = CaseKey(*db_, keys_, case_id);
    if (!key) return Fail(key.error());
    const std::string sealed = KeyRing::Seal(*key, task.title, task.id);
    sodium_memzero(key->data(), key->size());
    auto r = db_->Execute("INSERT INTO case_tasks (" + std::string(kTaskColumns) +
                              ") VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)",
                          {task.id, case_id, task.version, Bytes{sealed}, task.due.ToIso(),
                           task.created_by, task.created_at, task.updated_at});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "case.task.create", "case", case_id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return task;
}

Result<CaseTask> Store::UpdateCaseTask(const TaskChange& change, const Actor& actor) {
  std::lock_guard lock(mutex_);
  CaseTask updated;
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query("SELECT " + std::string(kTaskColumns) + " FROM case_tasks WHERE id = ?",
                           {change.id});
    if (!rows) return Fail(rows.error());
    if (rows->empty()) return Fail(Error::NotFound("no task has the id '{}'", change.id));
    const std::string case_id = AsText(rows->at(0).at(1));
    auto key = CaseKey(*db_, keys_, case_id);
    if (!key) return Fail(key.error());
    auto before = TaskFromRow(rows->at(0), *key);
    std::string sealed;
    if (before) {
      updated = *before;
      if (change.title) updated.title = *change.title;
      sealed = KeyRing::Seal(*key, updated.title, updated.id);
    }
    sodium_memzero(key->data(), key->size());
    if (!before) return Fail(before.error());
    if (auto s = ValidateCaseTask(updated); !s) return s;
    if (before->version != change.expected_version) {
      return Fail(StaleVersion(Message("task"), change.expected_version, before->version));
    }
    if (change.due) updated.due = *change.due;
    if (change.done) updated.done = *change.done;
    updated.version = before->version + 1;
    updated.updated_at = clock_->NowIso();
    auto r = db_->Execute(
        "UPDATE case_tasks SET version = ?, sealed = ?, due = ?, done = ?, updated_at = ? "
        "WHERE id = ? AND version = ?",
        {updated.version, Bytes{sealed}, updated.due.ToIso(), int64_t{updated.done},
         updated.updated_at, updated.id, change.expected_version});
    if (!r) return Fail(r.error());
    return AuditLocked(actor, "case.task.update", "case", case_id, "ok");
  });
  if (!ok) return Fail(ok.error());
  return updated;
}

Result<std::vector<CaseSummary>> Store::ListCases(const CaseFilter& filter, const Actor& actor) {
  std::string sql =
      "SELECT c.id, c.person_id, c.status, c.priority, c.risks, c.assigned_to, c.updated_at, "
      "(SELECT MIN(t.due) FROM case_tasks t WHERE t.case_id = c.id AND t.done = 0) "
      "FROM cases c WHERE 1 = 1";
  std::vector<Value> params;
  if (!filter.assigned_to.empty()) {
    sql += " AND c.assigned_to = ?";
    params.push_back(filter.assigned_to);
  }
  if (!filter.person_id.empty()) {
    sql += " AND c.person_id = ?";
    params.push_back(filter.person_id);
  }
  if (filter.scope == CaseScope::kLegalAidReferred) {
    sql +=
        " AND EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id AND "
        "r.service = 'legal_aid' AND r.status <> 'withdrawn')";
  }
  std::lock_guard lock(mutex_);
  const Date today = clock_->Today();
  std::vector<CaseSummary> out;
  auto ok = db_->Transaction([&]() -> Status {
    auto rows = db_->Query(sql, params);
    if (!rows) return Fail(rows.error());
    for (const Row& r : *rows) {
      CaseSummary s;
      s.id = AsText(r[0]);
      StoredValues stored("cases", s.id);
      s.person_id = AsText(r[1]);
      s.status = stored(ParseCaseStatus(AsText(r[2])), "status");
      s.priority = stored(ParseCasePriority(AsText(r[3])), "priority");
      const std::string risks = AsText(r[4]);
      for (const std::string& name : internal::SplitIds(risks)) {
        s.risks.push_back(stored(ParseProtectionRisk(name), "risks"));
      }
      s.assigned_to = AsText(r[5]);
      s.updated_at = AsText(r[6]);
      if (!IsNull(r[7])) s.next_due = stored(Date::ParseIso(AsText(r[7])), "case_tasks.due");
      if (!stored.status()) return Fail(stored.status().error());
      s.overdue = s.next_due && *s.next_due < today;
      if (filter.overdue_only && !s.overdue) continue;
      out.push_back(std::move(s));
    }
    return AuditLocked(actor, "case.list", "case", std::to_string(out.size()) + " results", "ok");
  });
  if (!ok) return Fail(ok.error());
  std::stable_sort(out.begin(), out.end(), [](const CaseSummary& a, const CaseSummary& b) {
    if (a.overdue != b.overdue) return a.overdue;
    if (a.next_due.has_value() != b.next_due.has_value()) return a.next_due.has_value();
    if (a.next_due && *a.next_due != *b.next_due) return *a.next_due < *b.next_due;
    if (a.priority != b.priority) return a.priority < b.priority;  // high first
    return a.updated_at > b.updated_at;
  });
  if (out.size() > kMaxCaseList) out.resize(kMaxCaseList);
  return out;
}

}  // namespace sanad::store
