// How the PostgreSQL backend (postgres_database.cc) reads what the server
// sends: results in binary format, each column by its type's OID.
// BIGINT/INTEGER/SMALLINT/BOOLEAN become int64, NUMERIC (what SUM gives)
// int64 when it is whole, TEXT (and VARCHAR, CHAR, NAME, unknown) text,
// BYTEA Bytes, NULL monostate; any other type is kInternal naming its OID.
// Private to src/store.
#pragma once

#include <libpq-fe.h>

#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace sanad::store::internal {

// Type OIDs (catalog/pg_type.h, stable across versions).
inline constexpr Oid kBoolOid = 16;
inline constexpr Oid kByteaOid = 17;
inline constexpr Oid kNameOid = 19;
inline constexpr Oid kInt8Oid = 20;
inline constexpr Oid kInt2Oid = 21;
inline constexpr Oid kInt4Oid = 23;
inline constexpr Oid kTextOid = 25;
inline constexpr Oid kUnknownOid = 705;
inline constexpr Oid kBpcharOid = 1042;
inline constexpr Oid kVarcharOid = 1043;
inline constexpr Oid kNumericOid = 1700;

// The rows of `result` (fetched with resultFormat 1) as Values.
[[nodiscard]] Result<std::vector<Row>> DecodeRows(const PGresult* result);

}  // namespace sanad::store::internal
