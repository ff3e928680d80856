// The change log's unit: one operation on one field of one record, written
// at one site. Every write at a site records operations; sync moves them
// between replicas; the merge (merge.h) computes what each field holds from
// the set of operations a replica knows.
//
// Values travel *as stored*: sealed under the record's key (see
// store/key_ring.h), so a replica merges without ever opening them, and an
// erasure (crypto-shredding) can drop them everywhere.
//
// Modelling rules the writers follow:
// - Values that must change together are one field (a document, a partial
//   date), so no merge can pair the day of one edit with the month of another.
// - List items (members, referrals, notes, evidence) are child records with
//   their own ids, so two sites adding a note each add two records.
// - Record-level operations (`create`, `tombstone`, `erase`, and a `resolve`
//   of a tombstone conflict) have an empty field.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "sync/hlc.h"

namespace sanad::sync {

// Site id plus a sequence number that has no gaps at that site (1, 2, 3...),
// so a receiver knows from the numbers alone whether it has missed one.
struct OpId {
  std::string site;
  uint64_t sequence = 0;

  auto operator<=>(const OpId&) const = default;
};

[[nodiscard]] std::string ToString(const OpId& id);  // "torkham-1:42"
// The inverse; kInvalidInput naming `field` otherwise.
[[nodiscard]] Result<OpId> ParseOpId(std::string_view text, std::string_view field = "op_id");

// A site id: 1 to 64 of a-z, 0-9 and '-', starting with a letter or digit
// ("torkham-1"); chosen at enrolment, it never changes.
[[nodiscard]] bool IsValidSiteId(std::string_view site);

enum class OpKind {
  kCreate,      // the record exists (record level)
  kSet,         // a field's new value
  kTombstone,   // the record is deleted (record level); values stay readable
  kErase,       // crypto-shredding: the record's values and key are dropped
                // everywhere (record level); always wins
  kTransition,  // a status machine's move (cases, referrals): the new status
  kResolve,     // a person chose among conflicting heads; names them all
  kLink,        // two persons are related or the same (record = the pair)
  kDismiss,     // two persons are not the same (record = the pair)
  kMergeInto,   // this person is merged into another (value = its id)
};

[[nodiscard]] std::string_view ToString(OpKind kind);
[[nodiscard]] std::optional<OpKind> ParseOpKind(std::string_view text);

// The value of a record-level `resolve` that keeps a record one site had
// deleted while another edited it, and the value that confirms the deletion.
inline constexpr std::string_view kResolveKeep = "keep";
inline constexpr std::string_view kResolveDelete = "delete";

struct Operation {
  OpId id;
  HlcTimestamp clock;
  std::string user;         // who wrote it (user id at the writing site)
  std::string record_type;  // "person", "household", "case", ...
  std::string record_id;
  OpKind kind = OpKind::kSet;
  std::string field;  // empty for record-level operations
  std::string value;  // sealed bytes as stored; empty once erased
  // The operations the writer had seen that this one supersedes: for a field
  // operation the heads of that field, for a tombstone every head of the
  // record, for a resolve the heads it chooses among.
  std::vector<OpId> parents;

  [[nodiscard]] bool IsRecordLevel() const { return field.empty(); }
  bool operator==(const Operation&) const = default;
};

// Checks the shape of an operation received from elsewhere: ids present,
// the kind's field rule (record-level kinds have no field, field kinds have
// one), no parent naming the operation itself or repeated, no value on a
// tombstone or erase. kInvalidInput naming the part at fault.
[[nodiscard]] Status ValidateOperation(const Operation& operation);

}  // namespace sanad::sync
