// What person erasure needs from tracing_store.cc, and what the decisions
// and alerts (tracing_match_store.cc) share with it. Private to src/store.
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"
#include "core/tracing.h"
#include "store/database.h"

namespace sanad::store::internal {

// Crypto-shreds the tracing requests of an erased inquirer (in the caller's
// transaction): their sealed sought persons are deleted (the inquirer's key,
// which sealed them, is gone too), the requests closed, and every alert and
// person link that names the person removed. Decisions keep their ids.
[[nodiscard]] Status ShredTracingOf(Database& db, const std::string& person_id);

// A tracing request's plain columns, as its decisions and alerts check them.
struct RequestRow {
  std::string inquirer_id;
  std::string case_id;
  std::string caseworker;
  TracingStatus status = TracingStatus::kOpen;
  int64_t version = 0;
};

// The request `id`'s row: kNotFound when there is none, kInternal when a
// stored value is damaged.
[[nodiscard]] Result<RequestRow> LoadRequestRow(Database& db, const std::string& id);

}  // namespace sanad::store::internal
