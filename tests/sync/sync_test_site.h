// A replica for the merge tests: a site id, its gap-free sequence, its
// hybrid clock and what it knows. Writes name as parents what this replica
// has seen, exactly as a store writing its change log will.
#pragma once

#include <string>
#include <vector>

#include "sync/hlc.h"
#include "sync/merge.h"
#include "sync/operation.h"

namespace sanad::sync::testing {

class TestSite {
 public:
  explicit TestSite(std::string site, int64_t wall_offset_ms = 0)
      : site_(std::move(site)), wall_offset_ms_(wall_offset_ms) {}

  const std::string& site() const { return site_; }
  KnownOperations& known() { return known_; }
  const KnownOperations& known() const { return known_; }

  Operation Create(const RecordKey& record, int64_t wall_ms) {
    return Write(record, OpKind::kCreate, "", "", {}, wall_ms);
  }
  Operation Set(const RecordKey& record, const std::string& field, const std::string& value,
                int64_t wall_ms) {
    return Write(record, OpKind::kSet, field, value, known_.FieldParents({record, field}), wall_ms);
  }
  Operation Tombstone(const RecordKey& record, int64_t wall_ms) {
    return Write(record, OpKind::kTombstone, "", "", known_.RecordParents(record), wall_ms);
  }
  Operation Erase(const RecordKey& record, int64_t wall_ms) {
    return Write(record, OpKind::kErase, "", "", known_.RecordParents(record), wall_ms);
  }
  // Chooses `value` for a field in conflict, naming every head.
  Operation ResolveField(const RecordKey& record, const std::string& field,
                         const std::string& value, int64_t wall_ms) {
    return Write(record, OpKind::kResolve, field, value, known_.FieldParents({record, field}),
                 wall_ms);
  }
  // Keeps or confirms the deletion of a record in a deletion conflict.
  Operation ResolveDeletion(const RecordKey& record, std::string_view keep_or_delete,
                            int64_t wall_ms) {
    return Write(record, OpKind::kResolve, "", std::string(keep_or_delete),
                 known_.RecordParents(record), wall_ms);
  }

  // Takes in an operation from elsewhere (the clock check included).
  bool Receive(const Operation& operation, int64_t wall_ms) {
    (void)clock_.Observe(operation.clock, wall_ms + wall_offset_ms_, operation.id.site);
    return known_.Add(operation);
  }

 private:
  Operation Write(const RecordKey& record, OpKind kind, const std::string& field,
                  const std::string& value, std::vector<OpId> parents, int64_t wall_ms) {
    Operation operation;
    operation.id = {site_, ++sequence_};
    operation.clock = clock_.Tick(wall_ms + wall_offset_ms_);
    operation.user = site_ + "-user";
    operation.record_type = record.record_type;
    operation.record_id = record.record_id;
    operation.kind = kind;
    operation.field = field;
    operation.value = value;
    operation.parents = std::move(parents);
    known_.Add(operation);
    return operation;
  }

  std::string site_;
  int64_t wall_offset_ms_;
  uint64_t sequence_ = 0;
  HybridClock clock_;
  KnownOperations known_;
};

}  // namespace sanad::sync::testing
