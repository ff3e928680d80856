// The merge rule, shared by sites and the hub. Pure: it reads operations and
// answers what each field holds; it never looks at a value (values are
// sealed) and never at the order operations arrived in.
//
// A field's *heads* are its operations that no known operation on the same
// field names as a parent. One head: the field holds that value. Several:
// concurrent writes (neither writer had seen the other's), a conflict: every
// value stays readable, one is shown first (largest clock, then site id),
// and the record waits for a person, whose `resolve` names all the heads as
// its parents. Edits to different fields never conflict. A record's heads are
// likewise its operations no operation of the record names; a tombstone among
// them beside any other head is a deletion that raced an edit: a conflict,
// never a silent resurrection or loss. An `erase` always wins: the record is
// erased and every known or later value of it is dropped.
//
// Because heads depend only on the *set* of operations known, replicas that
// have received the same operations agree, whatever the order, duplicates or
// retries of delivery.
#pragma once

#include <compare>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sync/operation.h"

namespace sanad::sync {

struct RecordKey {
  std::string record_type;
  std::string record_id;
  auto operator<=>(const RecordKey&) const = default;
};

struct FieldKey {
  RecordKey record;
  std::string field;  // empty: the record-level operations
  auto operator<=>(const FieldKey&) const = default;
};

[[nodiscard]] RecordKey RecordOf(const Operation& operation);
[[nodiscard]] FieldKey FieldOf(const Operation& operation);

// The heads among `operations`: those no other operation in the list names
// as a parent. The caller passes the operations of one field (for field
// heads) or of one record (for record heads). Sorted in the order a screen
// shows them: largest clock first, then site id, then sequence.
[[nodiscard]] std::vector<const Operation*> HeadsOf(
    const std::vector<const Operation*>& operations);

enum class RecordState {
  kUnknown,  // no operation on the record is known
  kLive,
  kDeleted,           // every record head is a deletion
  kDeletionConflict,  // a deletion and an edit raced; a person must resolve
  kErased,            // crypto-shredded; nothing of it is kept
};

[[nodiscard]] std::string_view ToString(RecordState state);

// What a replica (a site or the hub) knows: a set of operations, and the
// merge's answers over it. Not thread-safe.
class KnownOperations {
 public:
  // Adds `operation`. False, changing nothing, when an operation with its id
  // is already known (an operation delivered twice is applied once). The
  // caller validates operations from elsewhere first (ValidateOperation).
  bool Add(Operation operation);

  [[nodiscard]] bool Knows(const OpId& id) const { return operations_.contains(id); }
  [[nodiscard]] const Operation* Find(const OpId& id) const;
  [[nodiscard]] size_t size() const { return operations_.size(); }
  // Every known operation, in id order.
  [[nodiscard]] std::vector<const Operation*> All() const;
  // The highest sequence known from `site` with no gap below it (0: none).
  [[nodiscard]] uint64_t ContiguousSequence(const std::string& site) const;

  // The heads of one field, shown-first order; empty when the field was
  // never written. More than one: a conflict.
  [[nodiscard]] std::vector<const Operation*> FieldHeads(const FieldKey& key) const;
  // The ids a new write of the field names as parents.
  [[nodiscard]] std::vector<OpId> FieldParents(const FieldKey& key) const;
  // The ids a tombstone (or a resolve of a deletion conflict) names as
  // parents: every head of the record.
  [[nodiscard]] std::vector<OpId> RecordParents(const RecordKey& key) const;

  [[nodiscard]] RecordState StateOf(const RecordKey& key) const;
  // The fields of a record that have been written (not the record level).
  [[nodiscard]] std::vector<std::string> FieldsOf(const RecordKey& key) const;
  // Fields with more than one head, and records whose deletion raced an
  // edit, for the conflict screen. Erased records have none.
  [[nodiscard]] std::vector<FieldKey> ConflictingFields() const;
  [[nodiscard]] std::vector<RecordKey> DeletionConflicts() const;

 private:
  std::vector<const Operation*> OperationsOf(const FieldKey& key) const;
  std::vector<const Operation*> OperationsOf(const RecordKey& key) const;

  std::map<OpId, Operation> operations_;
  std::map<FieldKey, std::vector<OpId>> by_field_;
  std::set<RecordKey> erased_;
};

}  // namespace sanad::sync
