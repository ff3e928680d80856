// Helpers shared by the files that implement Store (store.cc, audit_log.cc,
// person_records.cc, search_index.cc, household_store.cc,
// movement_flow_store.cc, user_store.cc). Private to src/store: nothing
// outside the folder includes it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "store/store.h"
#include "sync/merge.h"

namespace sanad::store::internal {

// A stored value that cannot be read back (a damaged or hand-edited row):
// kInternal naming the table, the row's id and the column, never the value
// (it may be personal). Damaged data is an error, never silently a default.
[[nodiscard]] Error Damaged(std::string_view table, std::string_view row_id,
                            std::string_view column);

// A write naming a version that is no longer current: kConflict naming
// "version", saying whose version is whose ("household", "case", ...). The
// API adds the version now (api/route.h, StaleWrite).
[[nodiscard]] Error StaleVersion(Message record, int64_t yours, int64_t now);

// The value `parsed` holds, or Damaged(table, row_id, column).
template <typename T>
[[nodiscard]] Result<T> Stored(const std::optional<T>& parsed, std::string_view table,
                               std::string_view row_id, std::string_view column) {
  if (!parsed) return Fail(Damaged(table, row_id, column));
  return *parsed;
}
template <typename T>
[[nodiscard]] Result<T> Stored(const Result<T>& parsed, std::string_view table,
                               std::string_view row_id, std::string_view column) {
  if (!parsed) return Fail(Damaged(table, row_id, column));
  return *parsed;
}

// A destination (where a household goes, what a tally counts): empty for
// unknown, else a province of Afghanistan the gazetteer knows, made
// canonical in place so that flows by destination add up. kInvalidInput
// naming destination_province otherwise.
[[nodiscard]] Status CanonicalDestination(std::string* province);

// The household of person `person_id`; kInvalidInput naming `field` when
// no person has the id or their record was erased.
[[nodiscard]] Result<std::string> LiveHouseholdOf(Database& db, const std::string& person_id,
                                                  std::string_view field);

// Deletes the duplicate decisions that name an erased person (in the
// caller's transaction): which record was the same as which is about them.
[[nodiscard]] Status ShredDuplicateDecisionsOf(Database& db, const std::string& person_id);
// A verdict on a possible duplicate travels as an operation (`link` for the
// same person, `dismiss` for not) on each person of the pair, its field
// this prefix and the other's id, its value the verdict sealed with the
// person's key (duplicate_decisions.cc).
inline constexpr std::string_view kDuplicateFieldPrefix = "duplicate/";
[[nodiscard]] std::string DuplicateField(std::string_view other_id);
// The rows of a verdict on the pair: the decision (ordered pair) and, for
// the same person, the link between the two. In the caller's transaction.
[[nodiscard]] Status InsertDuplicateDecision(Database& db, const std::string& person_id,
                                             const std::string& household_id,
                                             const std::string& candidate_id,
                                             const std::string& candidate_household_id,
                                             DuplicateVerdict verdict, const std::string& by,
                                             const std::string& at);
// Whether the pair was decided, from either side.
[[nodiscard]] Result<bool> PairDecided(Database& db, const std::string& person_id,
                                       const std::string& candidate_id);
// The person's data key, or kNotFound when they were erased
// (person_records.cc).
[[nodiscard]] Result<Key> PersonKey(Database& db, const KeyRing& keys,
                                    const std::string& person_id);
// The change log's columns in the order internal::OperationFromRow reads
// them (a NULL value reads as none).
inline constexpr std::string_view kOperationColumns =
    "site, sequence, clock, user_id, record_type, record_id, kind, field, value, parents, "
    "log_position";
[[nodiscard]] Result<sync::Operation> OperationFromRow(const Row& row);
// Runs `select` followed by " IN (?, ...)" and ")" over `ids`, 500 at a
// time, handing every row of each answer to `take` (change_log.cc).
[[nodiscard]] Status QueryByIds(Database& db, const std::string& select,
                                const std::vector<std::string>& ids,
                                const std::function<void(const Row&)>& take);
// Every operation of one record in the change log, as the merge reads them
// (change_log.cc).
[[nodiscard]] Result<sync::KnownOperations> LoadRecord(Database& db,
                                                       const sync::RecordKey& record);

// Who recorded a person's consent, one rule for create, update and import:
// when the consents are new (`before` is null and there are consents) or
// changed, it is `actor`, unless the caller named someone else; an
// unchanged consent keeps its recorder.
void StampConsentRecorder(Person* p, const Person* before, const Actor& actor);

// Calls `visit` with each value of `p` the search index holds a blind index
// of (search_index.cc), and its kind ("given", "father", "phone",
// "document"); a value may come twice.
void ForEachIndexKey(const Person& p,
                     const std::function<void(std::string_view kind, std::string_view key)>& visit);

// A search result for `p`, with its household's origin province.
[[nodiscard]] PersonSummary Summarize(const Person& p, std::string province);

// The columns Store::LoadPerson reads, in its order (persons p, person_keys k).
inline constexpr std::string_view kPersonColumns =
    "p.id, p.household_id, p.sex, p.relationship, p.consents, p.consent_recorded_by, p.sealed, "
    "k.wrapped_key, p.erased_at";

// For the incident and property tables: lists kept as comma-separated
// names or ids, and optional text columns.
inline std::string Indexed(std::string_view name, size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

template <typename E>
std::string JoinNames(const std::vector<E>& values) {
  std::string out;
  for (const E& v : values) {
    if (!out.empty()) out.push_back(',');
    out += ToString(v);
  }
  return out;
}

template <typename E, typename Parse>
std::vector<E> SplitNames(std::string_view text, Parse parse) {
  std::vector<E> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    if (auto v = parse(text.substr(0, comma))) out.push_back(*v);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

inline std::vector<std::string> SplitIds(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

// Reads back stored values that must parse, remembering the first column
// that does not: damaged data is an error naming table, row and column,
// never silently a default.
class StoredValues {
 public:
  StoredValues(std::string_view table, std::string row_id)
      : table_(table), row_id_(std::move(row_id)) {}
  template <typename Parsed>
  auto operator()(const Parsed& parsed, std::string_view column) {
    using T = std::remove_cvref_t<decltype(*parsed)>;
    if (!parsed) {
      if (status_) status_ = Fail(internal::Damaged(table_, row_id_, column));
      return T{};
    }
    return T(*parsed);
  }
  [[nodiscard]] const Status& status() const { return status_; }

 private:
  std::string_view table_;
  std::string row_id_;
  Status status_;
};

inline Value OptionalText(bool present, std::string_view text) {
  return present ? Value(std::string(text)) : Value(std::monostate{});
}

}  // namespace sanad::store::internal
