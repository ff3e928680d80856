// Rows of one table written many to a statement, for an import that writes
// millions of them. Private to src/store.
//
// A statement of `rows_per_statement` rows is one prepared statement, run
// once per batch instead of once per row (SQLite opens each index's cursor
// once per statement run). The parameters are one vector kept from batch to
// batch and overwritten in place, so a string value keeps its capacity and
// a row costs no allocation once the first batch has been filled.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace sanad::store::internal {

class RowBatch {
 public:
  // `insert` is the statement's head, "INSERT INTO table (a, b, c)", with
  // `columns` columns.
  RowBatch(std::string_view insert, size_t columns, size_t rows_per_statement);

  // The values of a new row, `columns` of them, to be set with the Set
  // functions below (a row's values are left from an earlier batch until
  // set). Valid until the next Add or Flush. The caller flushes when
  // full() before adding more.
  [[nodiscard]] std::span<Value> Add();
  [[nodiscard]] bool full() const { return rows_ == rows_per_statement_; }
  [[nodiscard]] bool empty() const { return rows_ == 0; }

  // Writes the rows added since the last Flush (nothing when there are
  // none), in one statement, in the caller's transaction. On error the rows
  // are dropped with the transaction that fails.
  [[nodiscard]] Status Flush(Database& db);

 private:
  // "INSERT INTO table (a, b) VALUES (?, ?), (?, ?)" for `rows` rows.
  std::string Statement(size_t rows) const;

  std::string insert_;
  size_t columns_;
  size_t rows_per_statement_;
  std::string full_statement_;  // Statement(rows_per_statement_), made once
  std::vector<Value> values_;   // rows_per_statement_ rows of columns_ values
  size_t rows_ = 0;             // added since the last Flush
};

// Sets `*value`, reusing the string it holds when it holds one of the kind.
void SetText(Value* value, std::string_view text);
void SetBytes(Value* value, std::string_view bytes);
inline void SetInt(Value* value, int64_t n) { *value = n; }
inline void SetNull(Value* value) { *value = std::monostate{}; }

}  // namespace sanad::store::internal
