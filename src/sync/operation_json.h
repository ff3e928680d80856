// The wire form of operations between a site and the hub: a JSON batch
// `{"operations":[{...}]}` whose values are base64 (they are sealed bytes).
// Decoding checks every operation (ValidateOperation) and names the one at
// fault: "operations[3].clock".
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "sync/operation.h"

namespace sanad::sync {

// The most operations one batch carries; a sender splits larger pushes.
inline constexpr size_t kMaxBatchOperations = 5'000;

[[nodiscard]] nlohmann::json BatchJson(const std::vector<Operation>& operations);
[[nodiscard]] std::string EncodeBatch(const std::vector<Operation>& operations);
[[nodiscard]] Result<std::vector<Operation>> DecodeBatch(std::string_view body);

}  // namespace sanad::sync
