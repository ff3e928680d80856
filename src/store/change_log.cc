// The change log: the operations every write of a person records, and the
// ingest of operations from other replicas (see Store's comment in store.h
// and src/sync/ for the model and the merge rule).
#include <sodium.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/date.h"
#include "store/import_writes.h"
#include "store/record_fields.h"
#include "store/row_batch.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace sanad::store {
namespace {

std::string JoinParents(const std::vector<sync::OpId>& parents) {
  std::string out;
  for (const sync::OpId& parent : parents) {
    if (!out.empty()) out.push_back(',');
    out += sync::ToString(parent);
  }
  return out;
}

using internal::kOperationColumns;

// Ids to a statement in QueryByIds: well under both backends' limit on
// parameters.
constexpr size_t kIdsPerStatement = 500;

}  // namespace

Result<sync::Operation> internal::OperationFromRow(const Row& row) {
  sync::Operation operation;
  operation.id = {AsText(row[0]), static_cast<uint64_t>(AsInt(row[1]))};
  const std::string row_id = sync::ToString(operation.id);
  auto clock = internal::Stored(sync::ParseHlc(AsText(row[2])), "change_log", row_id, "clock");
  if (!clock) return Fail(clock.error());
  operation.clock = *clock;
  operation.user = AsText(row[3]);
  operation.record_type = AsText(row[4]);
  operation.record_id = AsText(row[5]);
  auto kind = internal::Stored(sync::ParseOpKind(AsText(row[6])), "change_log", row_id, "kind");
  if (!kind) return Fail(kind.error());
  operation.kind = *kind;
  operation.field = AsText(row[7]);
  operation.value = AsBytes(row[8]);
  for (const std::string& parent : internal::SplitIds(AsText(row[9]))) {
    auto id = internal::Stored(sync::ParseOpId(parent), "change_log", row_id, "parents");
    if (!id) return Fail(id.error());
    operation.parents.push_back(std::move(*id));
  }
  return operation;
}

Status internal::QueryByIds(Database& db, const std::string& select,
                            const std::vector<std::string>& ids,
                            const std::function<void(const Row&)>& take) {
  for (size_t begin = 0; begin < ids.size(); begin += kIdsPerStatement) {
    const size_t end = std::min(ids.size(), begin + kIdsPerStatement);
    std::string sql = select + " IN (";
    std::vector<Value> params;
    for (size_t i = begin; i < end; ++i) {
      sql += i == begin ? "?" : ", ?";
      params.emplace_back(ids[i]);
    }
    auto rows = db.Query(sql + ")", params);
    if (!rows) return Fail(rows.error());
    for (const Row& row : *rows) take(row);
  }
  return {};
}

Result<sync::KnownOperations> internal::LoadRecord(Database& db, const sync::RecordKey& record) {
  auto rows = db.Query("SELECT " + std::string(kOperationColumns) +
                           " FROM change_log WHERE record_type = ? AND record_id = ?",
                       {record.record_type, record.record_id});
  if (!rows) return Fail(rows.error());
  sync::KnownOperations known;
  for (const Row& row : *rows) {
    auto operation = internal::OperationFromRow(row);
    if (!operation) return Fail(operation.error());
    known.Add(std::move(*operation));
  }
  return known;
}

namespace {

// One row of the log; an empty value, or any value when `drop_value` (the
// record is erased here), is stored as NULL.
Status InsertOperation(Database& db, const sync::Operation& operation, int64_t log_position) {
  internal::RowBatch row(internal::OperationInsert(), internal::kOperationColumnCount, 1);
  internal::SetOperationRow(operation, log_position, row.Add());
  return row.Flush(db);
}

}  // namespace

namespace internal {

std::string_view OperationInsert() {
  static const std::string kInsert =
      "INSERT INTO change_log (" + std::string(kOperationColumns) + ")";
  return kInsert;
}

void SetOperationRow(const sync::Operation& operation, int64_t log_position, std::span<Value> row) {
  SetText(&row[0], operation.id.site);
  SetInt(&row[1], static_cast<int64_t>(operation.id.sequence));
  SetText(&row[2], sync::ToString(operation.clock));
  SetText(&row[3], operation.user);
  SetText(&row[4], operation.record_type);
  SetText(&row[5], operation.record_id);
  SetText(&row[6], sync::ToString(operation.kind));
  SetText(&row[7], operation.field);
  if (operation.value.empty()) {
    SetNull(&row[8]);
  } else {
    SetBytes(&row[8], operation.value);
  }
  SetText(&row[9], JoinParents(operation.parents));
  SetInt(&row[10], log_position);
}

}  // namespace internal

namespace {

// Rows of change_log to a statement when ingesting a batch.
constexpr size_t kIngestRowsPerStatement = 100;

// The ids ("site:sequence") of the operations of `operations` the log
// already holds: one range query per site of the batch.
Result<std::unordered_set<std::string>> KnownOperations(
    Database& db, const std::vector<sync::Operation>& operations) {
  std::map<std::string, std::pair<uint64_t, uint64_t>> ranges;  // site -> lowest, highest
  for (const sync::Operation& operation : operations) {
    auto [range, added] =
        ranges.try_emplace(operation.id.site, operation.id.sequence, operation.id.sequence);
    range->second.first = std::min(range->second.first, operation.id.sequence);
    range->second.second = std::max(range->second.second, operation.id.sequence);
  }
  std::unordered_set<std::string> known;
  for (const auto& [site, range] : ranges) {
    auto rows =
        db.Query("SELECT sequence FROM change_log WHERE site = ? AND sequence BETWEEN ? AND ?",
                 {site, static_cast<int64_t>(range.first), static_cast<int64_t>(range.second)});
    if (!rows) return Fail(rows.error());
    for (const Row& row : *rows) known.insert(site + ":" + std::to_string(AsInt(row[0])));
  }
  return known;
}

// The records ("type/id") of `operations` the log holds an erasure of.
Result<std::unordered_set<std::string>> ErasedRecords(
    Database& db, const std::vector<sync::Operation>& operations) {
  std::vector<std::string> ids;
  for (const sync::Operation& operation : operations) ids.push_back(operation.record_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::unordered_set<std::string> erased;
  auto read = internal::QueryByIds(
      db, "SELECT record_type, record_id FROM change_log WHERE kind = 'erase' AND record_id", ids,
      [&](const Row& row) { erased.insert(AsText(row[0]) + "/" + AsText(row[1])); });
  if (!read) return Fail(read.error());
  return erased;
}

// Crypto-shredding in the log: every value of the record goes.
Status DropValues(Database& db, const std::string& record_type, const std::string& record_id) {
  auto dropped =
      db.Execute("UPDATE change_log SET value = NULL WHERE record_type = ? AND record_id = ?",
                 {record_type, record_id});
  if (!dropped) return Fail(dropped.error());
  return {};
}

}  // namespace

Status Store::LoadSiteId() {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query("SELECT value FROM meta WHERE key = 'site_id'");
  if (!rows) return Fail(rows.error());
  if (rows->empty()) {
    unsigned char random[4];
    randombytes_buf(random, sizeof random);
    char hex[2 * sizeof random + 1];
    sodium_bin2hex(hex, sizeof hex, random, sizeof random);
    site_id_ = std::string("site-") + hex;
    auto ok =
        db_->Execute("INSERT INTO meta (key, value) VALUES ('site_id', ?)", {Bytes{site_id_}});
    if (!ok) return Fail(ok.error());
  } else {
    site_id_ = AsBytes(rows->at(0).at(0));
  }
  // The clock goes on from the largest value this replica has seen.
  auto last = db_->Query("SELECT MAX(clock) FROM change_log");
  if (!last) return Fail(last.error());
  if (!IsNull(last->at(0).at(0))) {
    auto clock =
        internal::Stored(sync::ParseHlc(AsText(last->at(0).at(0))), "change_log", "MAX", "clock");
    if (!clock) return Fail(clock.error());
    hybrid_clock_ = sync::HybridClock(*clock);
  }
  return {};
}

Result<Store::LogCursor> Store::NextLogCursor() {
  // `sanad sync` in another process (beside `sanad serve`) may have given
  // this site its enrolled name since this store opened: the name is read
  // again in the transaction that writes, or the operations written from
  // here on would carry the old one and never be pushed.
  auto named = db_->Query("SELECT value FROM meta WHERE key = 'site_id'");
  if (!named) return Fail(named.error());
  if (!named->empty()) site_id_ = AsBytes(named->at(0).at(0));
  auto next = db_->Query(
      "SELECT COALESCE(MAX(sequence), 0) + 1, "
      "(SELECT COALESCE(MAX(log_position), 0) + 1 FROM change_log) FROM change_log WHERE site = ?",
      {site_id_});
  if (!next) return Fail(next.error());
  return LogCursor{AsInt(next->at(0).at(0)), AsInt(next->at(0).at(1))};
}

Result<sync::Operation> Store::NextOperation(sync::OpKind kind, std::string_view record_type,
                                             const std::string& record_id, std::string_view field,
                                             std::string value, const Actor& actor,
                                             int64_t* log_position) {
  // Parents: the field's heads, or for a tombstone or erase every head of
  // the record (the merge reads only the operations of this one record).
  sync::Operation operation;
  operation.record_type = std::string(record_type);
  operation.record_id = record_id;
  operation.kind = kind;
  operation.field = std::string(field);
  operation.value = std::move(value);
  operation.user = actor.id;
  if (kind != sync::OpKind::kCreate) {
    const sync::RecordKey key = sync::RecordOf(operation);
    auto record = internal::LoadRecord(*db_, key);
    if (!record) return Fail(record.error());
    operation.parents =
        field.empty() ? record->RecordParents(key) : record->FieldParents(sync::FieldOf(operation));
  }
  // The next sequence of this site, with no gap: read in the transaction
  // that writes it, so a rolled-back write leaves no hole (an import holds
  // it in log_cursor_ for the length of its transaction).
  LogCursor next;
  if (log_cursor_) {
    next = *log_cursor_;
    ++log_cursor_->sequence;
    ++log_cursor_->position;
  } else {
    auto read = NextLogCursor();
    if (!read) return Fail(read.error());
    next = *read;
  }
  operation.id = {site_id_, static_cast<uint64_t>(next.sequence)};
  operation.clock = hybrid_clock_.Tick(sync::WallMillis(clock_->Now()));
  *log_position = next.position;
  return operation;
}

Status Store::RecordOperation(sync::OpKind kind, std::string_view record_type,
                              const std::string& record_id, std::string_view field,
                              std::string value, const Actor& actor) {
  int64_t log_position = 0;
  auto operation =
      NextOperation(kind, record_type, record_id, field, std::move(value), actor, &log_position);
  if (!operation) return Fail(operation.error());
  if (auto inserted = InsertOperation(*db_, *operation, log_position); !inserted) {
    return inserted;
  }
  if (kind == sync::OpKind::kErase) return DropValues(*db_, operation->record_type, record_id);
  return {};
}

Status Store::RecordPersonEdits(const Person& before, const Person& after, const Key& data_key,
                                const Actor& actor) {
  const auto old_fields = internal::PersonFields(before);
  const auto new_fields = internal::PersonFields(after);
  for (size_t i = 0; i < new_fields.size(); ++i) {
    if (old_fields[i].second == new_fields[i].second) continue;
    const auto& [field, value] = new_fields[i];
    // Sealed with the person's key, bound to the person and the field.
    std::string sealed = KeyRing::Seal(data_key, value, after.id + "/" + std::string(field));
    if (auto logged = RecordOperation(sync::OpKind::kSet, "person", after.id, field,
                                      std::move(sealed), actor);
        !logged) {
      return logged;
    }
  }
  return {};
}

Status Store::RecordHouseholdEdits(const Household& before, const Household& after,
                                   const Actor& actor) {
  const auto old_fields = internal::HouseholdFields(before);
  const auto new_fields = internal::HouseholdFields(after);
  for (size_t i = 0; i < new_fields.size(); ++i) {
    if (old_fields[i].second == new_fields[i].second) continue;
    // A household's fields are stored in the clear; so are their values here.
    if (auto logged = RecordOperation(sync::OpKind::kSet, "household", after.id,
                                      new_fields[i].first, new_fields[i].second, actor);
        !logged) {
      return logged;
    }
  }
  return {};
}

Result<ChangeBatch> Store::OperationsSince(int64_t after_position, size_t limit,
                                           const OperationFilter& filter,
                                           const Key* transport_key) {
  std::lock_guard lock(mutex_);
  // The log's end before the operations are read: when fewer than `limit`
  // match, every position up to the end was looked at, and the puller's
  // cursor moves there (else a puller that matches nothing, such as a site
  // whose records no one else edits, had the whole log read again at every
  // sync). Positions are given in commit order (one writer at a time), so
  // nothing committed after this read can sit below the end.
  auto end = db_->Query("SELECT COALESCE(MAX(log_position), 0) FROM change_log");
  if (!end) return Fail(end.error());
  const int64_t log_end = AsInt(end->at(0).at(0));
  std::string sql = "SELECT " + std::string(kOperationColumns) +
                    " FROM change_log WHERE log_position > ? AND log_position <= ?";
  std::vector<Value> params = {after_position, log_end};
  if (!filter.written_by.empty()) {
    // `site || ''` keeps SQLite on the position range: on `site = ?` it
    // walked the primary key's every operation of the site and sorted them,
    // at each batch (a site's initial push was quadratic).
    sql += " AND site || '' = ?";
    params.emplace_back(filter.written_by);
  }
  if (!filter.not_written_by.empty()) {
    sql += " AND site <> ?";
    params.emplace_back(filter.not_written_by);
  }
  if (!filter.records_created_by.empty()) {
    sql +=
        " AND EXISTS (SELECT 1 FROM change_log c WHERE c.record_type = change_log.record_type AND "
        "c.record_id = change_log.record_id AND c.field = '' AND c.kind = 'create' AND c.site = ?)";
    params.emplace_back(filter.records_created_by);
  }
  sql += " ORDER BY log_position LIMIT ?";
  params.emplace_back(static_cast<int64_t>(limit));
  auto rows = db_->Query(sql, params);
  if (!rows) return Fail(rows.error());
  ChangeBatch batch;
  batch.last_position = after_position;
  for (const Row& row : *rows) {
    auto operation = internal::OperationFromRow(row);
    if (!operation) return Fail(operation.error());
    batch.operations.push_back(std::move(*operation));
    batch.last_position = AsInt(row[10]);
  }
  if (rows->size() < limit) batch.last_position = std::max(after_position, log_end);
  if (transport_key != nullptr) {
    if (auto added = AddTransportKeys(&batch, *transport_key); !added) return Fail(added.error());
  }
  return batch;
}

Status Store::AdoptSiteId(const std::string& name, const Actor& actor) {
  if (!sync::IsValidSiteId(name)) {
    return Fail(Error::InvalidInput("site", "a site name is 1 to 64 of a-z, 0-9 and '-'"));
  }
  std::lock_guard lock(mutex_);
  if (name == site_id_) return {};
  return db_->Transaction([&]() -> Status {
    auto enrolled = db_->Query("SELECT value FROM meta WHERE key = 'site_enrolled'");
    if (!enrolled) return Fail(enrolled.error());
    if (!enrolled->empty()) {
      return Fail(
          Error::Conflict("this site is enrolled as '{}' and cannot take the credential of '{}': "
                          "use the credential the hub issued for '{}'",
                          site_id_, name, site_id_));
    }
    const std::string old_prefix = site_id_ + ":";
    const std::string new_prefix = name + ":";
    for (auto [sql, params] :
         {std::pair<const char*, std::vector<Value>>{
              "UPDATE change_log SET site = ? WHERE site = ?", {name, site_id_}},
          {"UPDATE change_log SET parents = REPLACE(parents, ?, ?) WHERE parents LIKE ?",
           {old_prefix, new_prefix, "%" + old_prefix + "%"}},
          {"UPDATE meta SET value = ? WHERE key = 'site_id'", {Bytes{name}}},
          {"INSERT INTO meta (key, value) VALUES ('site_enrolled', ?)", {Bytes{name}}}}) {
      if (auto ok = db_->Execute(sql, params); !ok) return Fail(ok.error());
    }
    if (auto audited = AuditLocked(actor, "site.adopt_name", "site", name, "ok"); !audited) {
      return audited;
    }
    site_id_ = name;
    return {};
  });
}

Result<SyncCursor> Store::GetSyncCursor() {
  std::lock_guard lock(mutex_);
  auto rows = db_->Query("SELECT pushed, pulled, last_success_at FROM sync_cursor WHERE id = 1");
  if (!rows) return Fail(rows.error());
  SyncCursor cursor;
  if (rows->empty()) return cursor;
  cursor.pushed = AsInt(rows->at(0).at(0));
  cursor.pulled = AsInt(rows->at(0).at(1));
  cursor.last_success_at = AsText(rows->at(0).at(2));
  return cursor;
}

Status Store::SaveSyncCursor(const SyncCursor& cursor) {
  std::lock_guard lock(mutex_);
  return db_->Transaction([&]() -> Status {
    if (auto ok = db_->Execute("DELETE FROM sync_cursor WHERE id = 1"); !ok)
      return Fail(ok.error());
    auto ok = db_->Execute(
        "INSERT INTO sync_cursor (id, pushed, pulled, last_success_at) VALUES (1, ?, ?, ?)",
        {cursor.pushed, cursor.pulled, cursor.last_success_at});
    if (!ok) return Fail(ok.error());
    return {};
  });
}

Result<sync::KnownOperations> Store::OperationsOf(const sync::RecordKey& record) {
  std::lock_guard lock(mutex_);
  return internal::LoadRecord(*db_, record);
}

Result<IngestCount> Store::IngestOperations(const std::vector<sync::Operation>& operations,
                                            const Actor& actor, const sync::RecordKeys& keys,
                                            const Key* transport_key) {
  for (size_t i = 0; i < operations.size(); ++i) {
    if (auto valid = sync::ValidateOperation(operations[i]); !valid) {
      return Fail(
          std::move(valid.error()).WithFieldPrefix("operations[" + std::to_string(i) + "]"));
    }
  }
  std::lock_guard lock(mutex_);
  IngestCount count;
  bool erased_person = false;
  // The clock is checked and moved on a copy, kept only when the batch commits.
  sync::HybridClock clock = hybrid_clock_;
  auto ok = db_->Transaction([&]() -> Status {
    auto position = db_->Query("SELECT COALESCE(MAX(log_position), 0) FROM change_log");
    if (!position) return Fail(position.error());
    int64_t next_position = AsInt(position->at(0).at(0));
    // What the log already knows of this batch, read a few statements a
    // batch rather than two a operation (a hub on PostgreSQL pays a round
    // trip for each): the operations already here, and the records erased.
    auto known = KnownOperations(*db_, operations);
    if (!known) return Fail(known.error());
    auto erased = ErasedRecords(*db_, operations);
    if (!erased) return Fail(erased.error());
    internal::RowBatch rows(internal::OperationInsert(), internal::kOperationColumnCount,
                            kIngestRowsPerStatement);
    std::vector<const sync::Operation*> fresh;  // new here, to be applied
    for (size_t i = 0; i < operations.size(); ++i) {
      const sync::Operation& operation = operations[i];
      if (!known->insert(sync::ToString(operation.id)).second) {
        ++count.already_known;  // here before, or twice in this batch
        continue;
      }
      if (auto observed =
              clock.Observe(operation.clock, sync::WallMillis(clock_->Now()), operation.id.site);
          !observed) {
        return Fail(
            std::move(observed.error()).WithFieldPrefix("operations[" + std::to_string(i) + "]"));
      }
      const std::string record = operation.record_type + "/" + operation.record_id;
      std::span<Value> row = rows.Add();
      internal::SetOperationRow(operation, ++next_position, row);
      if (erased->contains(record)) internal::SetNull(&row[8]);  // arrived after the erasure
      if (rows.full()) {
        if (auto flushed = rows.Flush(*db_); !flushed) return flushed;
      }
      ++count.applied;
      fresh.push_back(&operation);
      if (operation.kind != sync::OpKind::kErase) continue;
      // The erasure's own row and those before it are written before the
      // values of the record are dropped.
      if (auto flushed = rows.Flush(*db_); !flushed) return flushed;
      erased->insert(record);
      if (auto dropped = DropValues(*db_, operation.record_type, operation.record_id); !dropped) {
        return dropped;
      }
      if (operation.record_type != "person") continue;
      auto live = db_->Query("SELECT 1 FROM persons WHERE id = ? AND erased_at IS NULL",
                             {operation.record_id});
      if (!live) return Fail(live.error());
      if (live->empty()) continue;
      erased_person = true;
      count.persons_erased.push_back(operation.record_id);
      if (auto erased_here =
              ErasePersonLocked(operation.record_id, "erased at site " + operation.id.site, actor,
                                /*log_erase=*/false);
          !erased_here) {
        return erased_here;
      }
    }
    if (auto flushed = rows.Flush(*db_); !flushed) return flushed;
    return ApplyReceived(fresh, keys, transport_key, &count);
  });
  if (!ok) return Fail(ok.error());
  hybrid_clock_ = clock;
  if (erased_person) {
    // As ErasePerson does: the erased key and ciphertext must not survive in
    // the WAL (SQLite; the PostgreSQL backend drops the pragma).
    std::unique_lock gate(checkpoint_gate_);
    if (auto checkpoint = db_->ExecuteScript("PRAGMA wal_checkpoint(TRUNCATE)"); !checkpoint) {
      return Fail(checkpoint.error());
    }
  }
  return count;
}

}  // namespace sanad::store
