// Errors as values. Expected failures (bad input, not found, forbidden, a
// stale update) travel as `Error` inside `Result<T>`; exceptions are kept for
// bugs and impossible states. The API layer is the one place that maps a
// `Code` to an HTTP status.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace sanad {

struct Error {
  enum class Code {
    kInvalidInput,     // the caller sent something wrong; `field` names it
    kNotFound,         // no such record
    kConflict,         // a stale version, a duplicate key
    kForbidden,        // authenticated but not allowed
    kUnauthenticated,  // no valid session
    kRateLimited,      // too many attempts; try later
    kUnavailable,      // a resource (database, key file) cannot be reached
    kInternal,         // a bug; logged
  };

  Code code = Code::kInternal;
  // A sentence a field officer can act on: what is wrong and what to do.
  std::string message;
  // The field at fault ("members[2].birth_date", "phone"), empty if none.
  std::string field;
  // 1-based line of an input file, 0 if none.
  int64_t line = 0;

  static Error InvalidInput(std::string field, std::string message) {
    return {Code::kInvalidInput, std::move(message), std::move(field), 0};
  }
  static Error NotFound(std::string message) { return {Code::kNotFound, std::move(message), {}, 0}; }
  static Error Conflict(std::string message) { return {Code::kConflict, std::move(message), {}, 0}; }
  static Error Forbidden(std::string message) {
    return {Code::kForbidden, std::move(message), {}, 0};
  }
  static Error Unavailable(std::string message) {
    return {Code::kUnavailable, std::move(message), {}, 0};
  }
  static Error Internal(std::string message) { return {Code::kInternal, std::move(message), {}, 0}; }

  // Prefixes the field path: Error("given_name").WithFieldPrefix("members[2]")
  // names "members[2].given_name".
  Error WithFieldPrefix(std::string_view prefix) &&;
};

// "invalid_input", "not_found", ... as used in JSON error bodies.
std::string_view CodeName(Error::Code code);

template <typename T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(Error error) { return std::unexpected<Error>(std::move(error)); }

}  // namespace sanad
