// What person erasure needs from tracing_store.cc. Private to src/store.
#pragma once

#include <string>

#include "core/error.h"
#include "store/database.h"

namespace sanad::store::internal {

// Crypto-shreds the tracing requests of an erased inquirer (in the caller's
// transaction): their sealed sought persons are deleted (the inquirer's key,
// which sealed them, is gone too), the requests closed, and every alert and
// person link that names the person removed. Decisions keep their ids.
[[nodiscard]] Status ShredTracingOf(Database& db, const std::string& person_id);

}  // namespace sanad::store::internal
