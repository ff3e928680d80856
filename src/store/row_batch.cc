#include "store/row_batch.h"

#include <cassert>

namespace sanad::store::internal {

RowBatch::RowBatch(std::string_view insert, size_t columns, size_t rows_per_statement)
    : insert_(insert),
      columns_(columns),
      rows_per_statement_(rows_per_statement),
      full_statement_(Statement(rows_per_statement)),
      values_(columns * rows_per_statement) {}

std::string RowBatch::Statement(size_t rows) const {
  std::string row = "(?";
  for (size_t c = 1; c < columns_; ++c) row += ", ?";
  row += ")";
  std::string sql = insert_ + " VALUES " + row;
  sql.reserve(sql.size() + (rows - 1) * (row.size() + 2));
  for (size_t r = 1; r < rows; ++r) sql += ", " + row;
  return sql;
}

std::span<Value> RowBatch::Add() {
  assert(!full());
  return std::span<Value>(values_).subspan(rows_++ * columns_, columns_);
}

Status RowBatch::Flush(Database& db) {
  if (rows_ == 0) return {};
  const size_t rows = rows_;
  rows_ = 0;
  if (rows == rows_per_statement_) {
    if (auto ok = db.Execute(full_statement_, values_); !ok) return Fail(ok.error());
    return {};
  }
  // A last, partial batch: once per import, so its copy does not matter.
  const std::vector<Value> some(values_.begin(),
                                values_.begin() + static_cast<std::ptrdiff_t>(rows * columns_));
  if (auto ok = db.Execute(Statement(rows), some); !ok) return Fail(ok.error());
  return {};
}

void SetText(Value* value, std::string_view text) {
  if (auto* held = std::get_if<std::string>(value)) {
    held->assign(text);
  } else {
    *value = std::string(text);
  }
}

void SetBytes(Value* value, std::string_view bytes) {
  if (auto* held = std::get_if<Bytes>(value)) {
    held->data.assign(bytes);
  } else {
    *value = Bytes{std::string(bytes)};
  }
}

}  // namespace sanad::store::internal
