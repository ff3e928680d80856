// Errors as values. Expected failures (bad input, not found, forbidden, a
// stale update) travel as `Error` inside `Result<T>`; exceptions are kept for
// bugs and impossible states. The API layer is the one place that maps a
// `Code` to an HTTP status. The sentence is a Message (core/message.h), so
// the API can say it in the reader's language.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <utility>

#include "core/message.h"

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

  Error() = default;
  Error(Code error_code, Message sentence, std::string field_name = {}, int64_t line_number = 0)
      : code(error_code),
        message(sentence.English()),
        field(std::move(field_name)),
        line(line_number),
        text(std::move(sentence)) {}

  Code code = Code::kInternal;
  // A sentence a field officer can act on: what is wrong and what to do. In
  // English, for the CLI, the logs and tests; `text` is the same sentence to
  // say in another language.
  std::string message;
  // The field at fault ("members[2].birth_date", "phone"), empty if none.
  std::string field;
  // 1-based line of an input file, 0 if none.
  int64_t line = 0;
  Message text;

  // Each takes its sentence as a template and arguments, as Message does:
  // Error::InvalidInput("k", "must be at most {}", limit).
  template <typename... Args>
  static Error InvalidInput(std::string field, fmt::format_string<Args...> text, Args&&... args) {
    return {Code::kInvalidInput, Message(text, std::forward<Args>(args)...), std::move(field)};
  }
  static Error InvalidInput(std::string field, Message text) {
    return {Code::kInvalidInput, std::move(text), std::move(field)};
  }
#define SANAD_ERROR_FACTORY(Name, error_code)                           \
  template <typename... Args>                                           \
  static Error Name(fmt::format_string<Args...> text, Args&&... args) { \
    return {error_code, Message(text, std::forward<Args>(args)...)};    \
  }                                                                     \
  static Error Name(Message text) { return {error_code, std::move(text)}; }
  SANAD_ERROR_FACTORY(NotFound, Code::kNotFound)
  SANAD_ERROR_FACTORY(Conflict, Code::kConflict)
  SANAD_ERROR_FACTORY(Forbidden, Code::kForbidden)
  SANAD_ERROR_FACTORY(Unauthenticated, Code::kUnauthenticated)
  SANAD_ERROR_FACTORY(RateLimited, Code::kRateLimited)
  SANAD_ERROR_FACTORY(Unavailable, Code::kUnavailable)
  SANAD_ERROR_FACTORY(Internal, Code::kInternal)
#undef SANAD_ERROR_FACTORY

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
