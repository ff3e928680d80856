// The pieces every JSON decoder of the API shares: field paths for errors
// ("persons[1].detention.days"), and the checks that a value is an object
// and holds no field the decoder does not know.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace sanad::api {

// "path.key", or "key" at the top.
[[nodiscard]] std::string Join(std::string_view path, std::string_view key);
// kInvalidInput naming `path` ("body" at the top) unless `j` is an object.
[[nodiscard]] Status RequireObject(const nlohmann::json& j, std::string_view path);
// kInvalidInput naming the first field of `j` not in `known` (or naming
// `path` for a field with an empty name), listing the known ones.
[[nodiscard]] Status RejectUnknown(const nlohmann::json& j, std::string_view path,
                                   std::initializer_list<std::string_view> known);

}  // namespace sanad::api
