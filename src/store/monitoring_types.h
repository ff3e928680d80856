// Protection monitoring: incidents (incident_store.cc) and property left
// behind (property_store.cc). Part of Store's interface (store.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/date.h"
#include "core/incident.h"

namespace sanad::store {

struct IncidentFilter {
  std::optional<Date> from;  // on the incident's day (the 1st for a month-only date)
  std::optional<Date> to;
  std::string province;  // canonical; empty: all
  std::optional<IncidentType> type;
  // true: incidents with a person whose status that day was valid
  // (documented); false: incidents with none.
  std::optional<bool> documented;
};

// A line of the incident list: no narrative, no names.
struct IncidentSummary {
  std::string id;
  std::string date;  // as recorded: "2023-11-10" or "2023-11"
  std::string province;
  std::string district;
  IncidentType type = IncidentType::kArrest;
  int64_t persons = 0;
  int64_t detained_while_documented = 0;
  // A person still detained whose status that day was valid: first in the list.
  bool still_detained_documented = false;
  std::string created_at;
};

// An evidence file of a property record, decrypted.
struct EvidenceFile {
  std::string content_type;  // as checked on upload: image/jpeg, image/png, application/pdf
  std::string bytes;
};

// The most incidents one list returns (the newest first after the urgent).
inline constexpr size_t kMaxIncidentList = 1000;

}  // namespace sanad::store
