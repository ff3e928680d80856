// A site's sync status for its admin: the last round with the hub (when, its
// error, the clock skew) and how many records are in conflict here.
//
// Counting conflicts: a field is in conflict when it has more than one head
// (sync/merge.h), which needs at least two operations on that field; a
// deletion conflict needs a tombstone beside the record's create, two
// record-level operations. So only the records with more than one operation
// on one field (grouped in SQL over the change_log_record index) can be in
// conflict; their operations are read without their values (the bulk of the
// log, and the merge never looks at them), one record at a time in the
// order of the query, and the merge answers. The cost is one pass over the
// index plus the operations of records edited more than once.
#include <string>

#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {
namespace {

// The operations of every record that has more than one operation on one
// field, a record's rows together, in kOperationColumns' order without their
// values (the merge never reads them).
constexpr std::string_view kConflictRows =
    "SELECT c.site, c.sequence, c.clock, c.user_id, c.record_type, c.record_id, c.kind, c.field, "
    "NULL, c.parents, c.log_position "
    "FROM change_log c JOIN (SELECT DISTINCT record_type, record_id FROM change_log "
    "GROUP BY record_type, record_id, field HAVING COUNT(*) > 1) m "
    "ON c.record_type = m.record_type AND c.record_id = m.record_id "
    "ORDER BY c.record_type, c.record_id";

}  // namespace

Status Store::RecordSyncAttempt(const SyncAttempt& attempt) {
  std::lock_guard lock(mutex_);
  return db_->Transaction([&]() -> Status {
    const Value skew =
        attempt.clock_skew_ms ? Value(*attempt.clock_skew_ms) : Value(std::monostate{});
    auto updated = db_->Execute(
        "UPDATE sync_status SET last_attempt_at = ?, last_error = ?, "
        "clock_skew_ms = COALESCE(?, clock_skew_ms) WHERE id = 1",
        {clock_->NowIso(), attempt.error, skew});
    if (!updated) return Fail(updated.error());
    if (*updated > 0) return {};
    auto inserted = db_->Execute(
        "INSERT INTO sync_status (id, last_attempt_at, last_error, clock_skew_ms) "
        "VALUES (1, ?, ?, ?)",
        {clock_->NowIso(), attempt.error, skew});
    if (!inserted) return Fail(inserted.error());
    return {};
  });
}

Result<SyncStatus> Store::GetSyncStatus() {
  std::lock_guard lock(mutex_);
  SyncStatus status;
  auto cursor = db_->Query("SELECT last_success_at FROM sync_cursor WHERE id = 1");
  if (!cursor) return Fail(cursor.error());
  if (!cursor->empty()) status.last_success_at = AsText(cursor->at(0).at(0));
  auto rows =
      db_->Query("SELECT last_attempt_at, last_error, clock_skew_ms FROM sync_status WHERE id = 1");
  if (!rows) return Fail(rows.error());
  if (!rows->empty()) {
    const Row& row = rows->at(0);
    status.last_attempt_at = AsText(row[0]);
    status.last_error = AsText(row[1]);
    if (!IsNull(row[2])) status.clock_skew_ms = AsInt(row[2]);
  }
  return status;
}

Result<Store::ConflictsFound> Store::FindConflictsLocked() {
  auto rows = db_->Query(kConflictRows);
  if (!rows) return Fail(rows.error());
  ConflictsFound found;
  sync::KnownOperations record;
  sync::RecordKey current;
  const auto look = [&] {
    std::vector<sync::FieldKey> fields = record.ConflictingFields();
    if (!fields.empty() || !record.DeletionConflicts().empty()) found.records.insert(current);
    for (sync::FieldKey& field : fields) found.fields.push_back(std::move(field));
    record = {};
  };
  for (const Row& row : *rows) {
    auto operation = internal::OperationFromRow(row);
    if (!operation) return Fail(operation.error());
    sync::RecordKey key = sync::RecordOf(*operation);
    if (key != current) {
      look();
      current = std::move(key);
    }
    record.Add(std::move(*operation));
  }
  look();
  return found;
}

Result<int64_t> Store::CountConflicts() {
  std::lock_guard lock(mutex_);
  auto found = FindConflictsLocked();
  if (!found) return Fail(found.error());
  return static_cast<int64_t>(found->records.size());
}

}  // namespace sanad::store
