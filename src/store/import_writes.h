// What Store::ImportHouseholds writes many rows at a time, and the random
// bytes it draws many at a time (household_store.cc, person_records.cc,
// change_log.cc). Private to src/store.
//
// Each imported person adds one row to each of persons and person_keys; the
// two batches fill together and are flushed together, persons first (the
// keys name them, and PostgreSQL checks foreign keys as each statement
// runs). The change log takes a row per person and one per household, so
// it fills on its own and is flushed when full: a batch flushed partly full
// costs a statement built and prepared for its size (at every batch, that
// had made the import half as fast). A household is written at once, one
// row to a statement, before its members: its members' rows name it. The
// search index's entries wait for the end, to be written in token order.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/key_ring.h"
#include "store/row_batch.h"
#include "store/store.h"

namespace sanad::store {

namespace internal {

// Each table the import writes many rows of has one statement head and one
// function that fills a row, shared by the import's batches and by the
// one-row writes of everyday registration.

// The change log's columns, in the order SetOperationRow fills them.
inline constexpr size_t kOperationColumnCount = 11;
[[nodiscard]] std::string_view OperationInsert();  // "INSERT INTO change_log (site, ...)"
// The change log's row for `operation` at `log_position`.
void SetOperationRow(const sync::Operation& operation, int64_t log_position, std::span<Value> row);

inline constexpr std::string_view kHouseholdInsert =
    "INSERT INTO households (id, version, origin_province, origin_district, current_location, "
    "destination_province, destination_district, created_at, updated_at)";
inline constexpr size_t kHouseholdColumnCount = 9;
// The household's row, created and updated at `now` (household_store.cc).
void SetHouseholdRow(const Household& household, const std::string& now, std::span<Value> row);

inline constexpr std::string_view kPersonInsert =
    "INSERT INTO persons (id, household_id, position, sex, birth_year, relationship, consents, "
    "consent_recorded_by, sealed, created_at, updated_at)";
inline constexpr size_t kPersonColumnCount = 11;
// The person's row: its plain columns and its record `sealed` (person_records.cc).
void SetPersonRow(const Person& person, int64_t position, std::string_view sealed,
                  const std::string& now, std::span<Value> row);

inline constexpr std::string_view kPersonKeyInsert =
    "INSERT INTO person_keys (person_id, wrapped_key)";
inline constexpr size_t kPersonKeyColumnCount = 2;

}  // namespace internal

struct Store::ImportWrites {
  // Rows of persons, person_keys and change_log to a statement: 100 rows
  // of 11 values is well under both backends' limit on parameters.
  static constexpr size_t kPersonsPerStatement = 100;

  // The search-index entries, written at the end in token order. Kept
  // compact (20 bytes an entry, about six a person), the person named by
  // their place in `person_ids`.
  struct DeferredIndex {
    struct Entry {
      // KeyRing::BlindIndex's bytes, unsigned so that they sort as SQLite
      // compares BLOBs.
      std::array<unsigned char, KeyRing::kBlindIndexBytes> token;
      uint32_t person;
      // Token order as memcmp has it, then person; compared as big-endian
      // words (sorting millions with memcmp calls took twice as long).
      [[nodiscard]] bool operator<(const Entry& other) const;
      [[nodiscard]] bool operator==(const Entry& other) const = default;
    };
    // Adds a person's id; returns the person's place.
    uint32_t AddPerson(std::string_view id);
    [[nodiscard]] std::string_view PersonId(uint32_t person) const;

    std::vector<Entry> entries;
    // The persons' ids end to end, person i's ending at person_id_ends[i]:
    // one block, where a std::string each cost an allocation (and a free).
    std::string person_ids;
    std::vector<size_t> person_id_ends;
  };

  // Writes the persons' and their keys' batches, persons first; nothing
  // when they are empty.
  [[nodiscard]] Status FlushPersons(Database& db);
  // Adds a row to the change log's batch, writing the batch first when full.
  [[nodiscard]] Result<std::span<Value>> AddOperationRow(Database& db);
  // Every batch, partly full ones included: the end of an import.
  [[nodiscard]] Status FlushAll(Database& db);
  // Writes the search index's entries, in token order (after FlushAll).
  [[nodiscard]] Status WriteIndex(Database& db);

  RandomPool random;
  internal::RowBatch households{internal::kHouseholdInsert, internal::kHouseholdColumnCount, 1};
  internal::RowBatch persons{internal::kPersonInsert, internal::kPersonColumnCount,
                             kPersonsPerStatement};
  internal::RowBatch person_keys{internal::kPersonKeyInsert, internal::kPersonKeyColumnCount,
                                 kPersonsPerStatement};
  internal::RowBatch change_log{internal::OperationInsert(), internal::kOperationColumnCount,
                                kPersonsPerStatement};
  DeferredIndex index;
};

}  // namespace sanad::store
