// The pieces every JSON decoder of the API shares: field paths for errors
// ("persons[1].detention.days"), and the checks that a value is an object
// and holds no field the decoder does not know.
#pragma once

#include <initializer_list>
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

// An optional string field: absent leaves `out` alone, null clears it.
[[nodiscard]] Status GetString(const nlohmann::json& j, std::string_view path, std::string_view key,
                               std::string* out);
// The same, then checked as text (valid UTF-8, no control characters, at
// most `max_bytes`).
[[nodiscard]] Status GetText(const nlohmann::json& j, std::string_view path, std::string_view key,
                             std::string* out, size_t max_bytes = kMaxFieldBytes);

// An optional field holding one name of a vocabulary (`parse` reads it;
// `allowed` lists the names for the error): absent leaves `out` alone, null
// resets it.
template <typename T>
[[nodiscard]] Status GetEnum(const nlohmann::json& j, std::string_view path, std::string_view key,
                             std::optional<T> (*parse)(std::string_view), std::string_view allowed,
                             std::optional<T>* out) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_null()) {
    out->reset();
    return {};
  }
  if (!it->is_string()) return Fail(Error::InvalidInput(Join(path, key), "must be a string"));
  auto value = parse(it->template get<std::string>());
  if (!value) {
    return Fail(Error::InvalidInput(Join(path, key), "must be one of " + std::string(allowed)));
  }
  *out = *value;
  return {};
}

// The same into a plain value: absent or null leave `out` alone; `present`,
// when given, is set when a value was read.
template <typename T>
[[nodiscard]] Status GetEnum(const nlohmann::json& j, std::string_view path, std::string_view key,
                             std::optional<T> (*parse)(std::string_view), std::string_view allowed,
                             T* out, bool* present = nullptr) {
  std::optional<T> value;
  if (auto ok = GetEnum(j, path, key, parse, allowed, &value); !ok) return ok;
  if (value) {
    *out = *value;
    if (present) *present = true;
  }
  return {};
}

}  // namespace sanad::api
