// The wire form of operations between a site and the hub: a JSON batch
// `{"operations":[{...}], "keys":{...}}` whose values are base64 (they are
// sealed bytes).
// Decoding checks every operation (ValidateOperation) and names the one at
// fault: "operations[3].clock".
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "sync/operation.h"

namespace sanad::sync {

// The most operations one batch carries; a sender splits larger pushes.
inline constexpr size_t kMaxBatchOperations = 5'000;

// The data keys of the records in a batch, each sealed for the one replica
// it goes to (`"keys": {"person/ID": base64}`): a record's key travels with
// it, never in the change log (which every replica shares).
using RecordKeys = std::map<std::string, std::string>;

[[nodiscard]] nlohmann::json BatchJson(const std::vector<Operation>& operations,
                                       const RecordKeys& keys = {});
[[nodiscard]] std::string EncodeBatch(const std::vector<Operation>& operations,
                                      const RecordKeys& keys = {});
// The batch's operations; its keys into `keys` when given ("keys[person/ID]"
// names a malformed one).
[[nodiscard]] Result<std::vector<Operation>> DecodeBatch(std::string_view body,
                                                         RecordKeys* keys = nullptr);

}  // namespace sanad::sync
