#include "core/error.h"

namespace sanad {

Error Error::WithFieldPrefix(std::string_view prefix) && {
  if (field.empty()) {
    field = std::string(prefix);
  } else if (!prefix.empty()) {
    field = std::string(prefix) + (field.front() == '[' ? "" : ".") + field;
  }
  return std::move(*this);
}

std::string_view CodeName(Error::Code code) {
  switch (code) {
    case Error::Code::kInvalidInput: return "invalid_input";
    case Error::Code::kNotFound: return "not_found";
    case Error::Code::kConflict: return "conflict";
    case Error::Code::kForbidden: return "forbidden";
    case Error::Code::kUnauthenticated: return "unauthenticated";
    case Error::Code::kRateLimited: return "rate_limited";
    case Error::Code::kUnavailable: return "unavailable";
    case Error::Code::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace sanad
