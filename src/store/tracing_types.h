// Family tracing (tracing_store.cc). Part of Store's interface (store.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model.h"
#include "core/tracing.h"

namespace sanad::store {

// A request with everything the matching and its page need. The inquirer's
// record is decrypted (their names are the family's evidence); decisions
// oldest first.
struct TracingFile {
  TracingRequest request;
  Person inquirer;
  std::vector<TracingDecision> decisions;
  // New registrations that may be a person sought, not yet decided:
  // (sought index, person id), oldest first.
  std::vector<std::pair<size_t, std::string>> alerts;
};

// A line of a caseworker's tracing list: no names.
struct TracingSummary {
  std::string id;
  std::string inquirer_id;
  std::string case_id;
  std::string caseworker;
  TracingStatus status = TracingStatus::kOpen;
  int64_t version = 0;
  int64_t sought = 0;
  int64_t found = 0;
  int64_t alerts = 0;
  std::string created_at;
  std::string updated_at;
};

struct TracingFilter {
  std::optional<TracingStatus> status;  // all when absent
  // A username: that caseworker's requests and those assigned to no one;
  // empty: everyone's.
  std::string caseworker;
};

inline constexpr size_t kMaxTracingList = 1000;

}  // namespace sanad::store
