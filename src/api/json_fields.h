// The pieces every JSON decoder of the API shares: field paths for errors
// ("persons[1].detention.days"), and the checks that a value is an object
// and holds no field the decoder does not know.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/validation.h"

namespace sanad::api {

// "path.key", or "key" at the top.
[[nodiscard]] std::string Join(std::string_view path, std::string_view key);
// kInvalidInput naming `path` ("body" at the top) unless `j` is an object.
[[nodiscard]] Status RequireObject(const nlohmann::json& j, std::string_view path);
// kInvalidInput naming the first field of `j` not in `known` (or naming
// `path` for a field with an empty name), listing the known ones.
[[nodiscard]] Status RejectUnknown(const nlohmann::json& j, std::string_view path,
                                   std::initializer_list<std::string_view> known);

// The optional fields of a body, one call each. Absent leaves `out` alone;
// null clears it (resets an optional); a wrong type or value is
// kInvalidInput naming Join(path, key).

// The value under `key`, or nullptr when there is nothing to read: the key
// is absent (`out` untouched) or null (`out` cleared: null erases a field).
template <typename Out>
[[nodiscard]] const nlohmann::json* PresentOrClear(const nlohmann::json& j, std::string_view key,
                                                   Out* out) {
  auto it = j.find(key);
  if (it == j.end()) return nullptr;
  if (it->is_null()) {
    *out = Out{};
    return nullptr;
  }
  return &*it;
}

// A string, checked as text of at most `max_bytes` (0: not checked here,
// the caller validates it, e.g. multi-line notes).
[[nodiscard]] Status GetString(const nlohmann::json& j, std::string_view path, std::string_view key,
                               std::string* out, size_t max_bytes = kMaxFieldBytes);

// A name of an enumeration, parsed by `parse`; `allowed` lists the names
// for the message.
template <typename T>
[[nodiscard]] Status GetEnum(const nlohmann::json& j, std::string_view path, std::string_view key,
                             std::optional<T> (*parse)(std::string_view), std::string_view allowed,
                             std::optional<T>* out) {
  const nlohmann::json* it = PresentOrClear(j, key, out);
  if (it == nullptr) return {};
  if (!it->is_string()) return Fail(Error::InvalidInput(Join(path, key), "must be a string"));
  auto value = parse(it->get<std::string>());
  if (!value) {
    return Fail(Error::InvalidInput(Join(path, key), "must be one of {}", allowed));
  }
  *out = *value;
  return {};
}

// As GetEnum into a plain value; with `required`, absence is an error.
template <typename T>
[[nodiscard]] Status GetRequiredEnum(const nlohmann::json& j, std::string_view path,
                                     std::string_view key,
                                     std::optional<T> (*parse)(std::string_view),
                                     std::string_view allowed, T* out, bool required) {
  std::optional<T> value;
  if (auto ok = GetEnum(j, path, key, parse, allowed, &value); !ok) return ok;
  if (value) {
    *out = *value;
  } else if (required && !j.contains(key)) {
    return Fail(Error::InvalidInput(Join(path, key), "is required: one of {}", allowed));
  }
  return {};
}

// A whole number within T's range.
template <typename T>
[[nodiscard]] Status GetInt(const nlohmann::json& j, std::string_view path, std::string_view key,
                            std::optional<T>* out) {
  const nlohmann::json* it = PresentOrClear(j, key, out);
  if (it == nullptr) return {};
  if (!it->is_number_integer()) {
    return Fail(Error::InvalidInput(Join(path, key), "must be a whole number"));
  }
  const int64_t v = it->get<int64_t>();
  if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) {
    return Fail(Error::InvalidInput(Join(path, key), "is out of range"));
  }
  *out = static_cast<T>(v);
  return {};
}

}  // namespace sanad::api
