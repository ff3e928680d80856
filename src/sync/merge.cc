#include "sync/merge.h"

#include <algorithm>
#include <utility>

namespace sanad::sync {
namespace {

bool IsDeletion(const Operation& operation) {
  return operation.kind == OpKind::kTombstone ||
         (operation.kind == OpKind::kResolve && operation.IsRecordLevel() &&
          operation.value == kResolveDelete);
}

std::vector<OpId> IdsOf(const std::vector<const Operation*>& operations) {
  std::vector<OpId> ids;
  ids.reserve(operations.size());
  for (const Operation* operation : operations) ids.push_back(operation->id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

RecordKey RecordOf(const Operation& operation) {
  return {operation.record_type, operation.record_id};
}

FieldKey FieldOf(const Operation& operation) { return {RecordOf(operation), operation.field}; }

std::vector<const Operation*> HeadsOf(const std::vector<const Operation*>& operations) {
  std::set<OpId> named;
  for (const Operation* operation : operations) {
    named.insert(operation->parents.begin(), operation->parents.end());
  }
  std::vector<const Operation*> heads;
  for (const Operation* operation : operations) {
    if (!named.contains(operation->id)) heads.push_back(operation);
  }
  std::sort(heads.begin(), heads.end(), [](const Operation* a, const Operation* b) {
    if (a->clock != b->clock) return a->clock > b->clock;
    if (a->id.site != b->id.site) return a->id.site < b->id.site;
    return a->id.sequence > b->id.sequence;
  });
  return heads;
}

std::string_view ToString(RecordState state) {
  switch (state) {
    case RecordState::kUnknown:
      return "unknown";
    case RecordState::kLive:
      return "live";
    case RecordState::kDeleted:
      return "deleted";
    case RecordState::kDeletionConflict:
      return "deletion_conflict";
    case RecordState::kErased:
      return "erased";
  }
  return "unknown";
}

bool KnownOperations::Add(Operation operation) {
  if (operations_.contains(operation.id)) return false;
  const RecordKey record = RecordOf(operation);
  if (operation.kind == OpKind::kErase && !erased_.contains(record)) {
    erased_.insert(record);
    // Crypto-shredding reaches every value of the record already held.
    for (const Operation* held : OperationsOf(record)) {
      operations_.at(held->id).value.clear();
    }
  }
  if (erased_.contains(record)) operation.value.clear();
  by_field_[FieldOf(operation)].push_back(operation.id);
  const OpId id = operation.id;
  operations_.emplace(id, std::move(operation));
  return true;
}

const Operation* KnownOperations::Find(const OpId& id) const {
  auto it = operations_.find(id);
  return it == operations_.end() ? nullptr : &it->second;
}

std::vector<const Operation*> KnownOperations::All() const {
  std::vector<const Operation*> all;
  all.reserve(operations_.size());
  for (const auto& [id, operation] : operations_) all.push_back(&operation);
  return all;
}

uint64_t KnownOperations::ContiguousSequence(const std::string& site) const {
  uint64_t sequence = 0;
  for (auto it = operations_.lower_bound(OpId{site, 1});
       it != operations_.end() && it->first.site == site && it->first.sequence == sequence + 1;
       ++it) {
    ++sequence;
  }
  return sequence;
}

std::vector<const Operation*> KnownOperations::OperationsOf(const FieldKey& key) const {
  std::vector<const Operation*> out;
  if (auto it = by_field_.find(key); it != by_field_.end()) {
    for (const OpId& id : it->second) out.push_back(&operations_.at(id));
  }
  return out;
}

std::vector<const Operation*> KnownOperations::OperationsOf(const RecordKey& key) const {
  std::vector<const Operation*> out;
  for (auto it = by_field_.lower_bound(FieldKey{key, ""});
       it != by_field_.end() && it->first.record == key; ++it) {
    for (const OpId& id : it->second) out.push_back(&operations_.at(id));
  }
  return out;
}

std::vector<const Operation*> KnownOperations::FieldHeads(const FieldKey& key) const {
  return HeadsOf(OperationsOf(key));
}

std::vector<OpId> KnownOperations::FieldParents(const FieldKey& key) const {
  return IdsOf(FieldHeads(key));
}

std::vector<OpId> KnownOperations::RecordParents(const RecordKey& key) const {
  return IdsOf(HeadsOf(OperationsOf(key)));
}

RecordState KnownOperations::StateOf(const RecordKey& key) const {
  if (erased_.contains(key)) return RecordState::kErased;
  const std::vector<const Operation*> heads = HeadsOf(OperationsOf(key));
  if (heads.empty()) return RecordState::kUnknown;
  const auto deletions = std::count_if(heads.begin(), heads.end(),
                                       [](const Operation* head) { return IsDeletion(*head); });
  if (deletions == 0) return RecordState::kLive;
  return deletions == static_cast<long>(heads.size()) ? RecordState::kDeleted
                                                      : RecordState::kDeletionConflict;
}

std::vector<std::string> KnownOperations::FieldsOf(const RecordKey& key) const {
  std::vector<std::string> fields;
  for (auto it = by_field_.lower_bound(FieldKey{key, ""});
       it != by_field_.end() && it->first.record == key; ++it) {
    if (!it->first.field.empty()) fields.push_back(it->first.field);
  }
  return fields;
}

std::vector<FieldKey> KnownOperations::ConflictingFields() const {
  std::vector<FieldKey> out;
  for (const auto& [key, ids] : by_field_) {
    if (key.field.empty() || ids.size() < 2 || erased_.contains(key.record)) continue;
    if (FieldHeads(key).size() > 1) out.push_back(key);
  }
  return out;
}

std::vector<RecordKey> KnownOperations::DeletionConflicts() const {
  std::vector<RecordKey> out;
  for (const auto& [key, ids] : by_field_) {
    if (!key.field.empty() || (!out.empty() && out.back() == key.record)) continue;
    if (StateOf(key.record) == RecordState::kDeletionConflict) out.push_back(key.record);
  }
  return out;
}

}  // namespace sanad::sync
