#include "store/postgres_values.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace sanad::store::internal {
namespace {

uint64_t ReadBigEndian(const char* data, size_t bytes) {
  uint64_t n = 0;
  for (size_t k = 0; k < bytes; ++k) n = (n << 8) | static_cast<unsigned char>(data[k]);
  return n;
}

// A NUMERIC in binary format (ndigits, weight, sign, dscale, base-10000
// digits) as int64 when it is whole and fits.
Result<int64_t> NumericToInt(const char* data, size_t length) {
  const Error unreadable = Error::Internal("a NUMERIC value that is not a whole 64-bit number");
  if (length < 8) return Fail(unreadable);
  const auto ndigits = static_cast<int16_t>(ReadBigEndian(data, 2));
  const auto weight = static_cast<int16_t>(ReadBigEndian(data + 2, 2));
  const auto sign = static_cast<uint16_t>(ReadBigEndian(data + 4, 2));
  if (sign == 0xC000 || ndigits < 0 || length < 8 + 2 * static_cast<size_t>(ndigits)) {
    return Fail(unreadable);
  }
  uint64_t magnitude = 0;
  for (int k = 0; k <= weight; ++k) {
    const uint64_t digit = k < ndigits ? ReadBigEndian(data + 8 + 2 * k, 2) : 0;
    if (__builtin_mul_overflow(magnitude, uint64_t{10000}, &magnitude) ||
        __builtin_add_overflow(magnitude, digit, &magnitude)) {
      return Fail(unreadable);
    }
  }
  for (int k = std::max(0, weight + 1); k < ndigits; ++k) {
    if (ReadBigEndian(data + 8 + 2 * k, 2) != 0) return Fail(unreadable);  // a fraction
  }
  constexpr uint64_t kLargest = static_cast<uint64_t>(INT64_MAX);
  if (sign == 0x4000) {
    if (magnitude > kLargest + 1) return Fail(unreadable);
    return magnitude == kLargest + 1 ? INT64_MIN : -static_cast<int64_t>(magnitude);
  }
  if (magnitude > kLargest) return Fail(unreadable);
  return static_cast<int64_t>(magnitude);
}

}  // namespace

Result<std::vector<Row>> DecodeRows(const PGresult* result) {
  const int tuples = PQntuples(result);
  const int fields = PQnfields(result);
  std::vector<Row> rows;
  rows.reserve(static_cast<size_t>(tuples));
  for (int r = 0; r < tuples; ++r) {
    Row row;
    row.reserve(static_cast<size_t>(fields));
    for (int c = 0; c < fields; ++c) {
      if (PQgetisnull(result, r, c)) {
        row.emplace_back(std::monostate{});
        continue;
      }
      const char* data = PQgetvalue(result, r, c);
      const auto length = static_cast<size_t>(PQgetlength(result, r, c));
      switch (const Oid type = PQftype(result, c)) {
        case kInt8Oid:
        case kInt4Oid:
        case kInt2Oid: {
          // Sign-extended from the type's width.
          const uint64_t raw = ReadBigEndian(data, length);
          const unsigned shift = 64 - 8 * static_cast<unsigned>(length);
          row.emplace_back(static_cast<int64_t>(raw << shift) >> shift);
          break;
        }
        case kBoolOid:
          row.emplace_back(int64_t{length > 0 && data[0] != 0});
          break;
        case kNumericOid: {
          auto number = NumericToInt(data, length);
          if (!number) return Fail(number.error());
          row.emplace_back(*number);
          break;
        }
        case kByteaOid:
          row.emplace_back(Bytes{std::string(data, length)});
          break;
        case kTextOid:
        case kVarcharOid:
        case kBpcharOid:
        case kNameOid:
        case kUnknownOid:
          row.emplace_back(std::string(data, length));
          break;
        default:
          return Fail(Error::Internal(
              "a result column of PostgreSQL type OID {} (only integers, text and bytes are read)",
              type));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace sanad::store::internal
