// The incident CSV that monitors fill in on paper or in a form tool, read by
// `sanad import incidents`. One row per person involved; rows with the same
// incident_ref form one incident and must agree on its date, place, type and
// perpetrator. The header is exactly kIncidentCsvHeader.
//
// Cells use the JSON vocabularies (core/incident.h); `sex` also f/m;
// `documents_held` is a ';'-separated list of document types (empty: none);
// `age` is whole years; `detention_outcome` and the payments belong to the
// row's person. Place type and source are not columns: they are `other` and
// `unknown`. Whether the province and district are in the Pakistan gazetteer
// is checked by the caller (text/gazetteer.h), which this layer cannot see.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/incident.h"

namespace sanad {

inline constexpr std::string_view kIncidentCsvHeader =
    "incident_ref,date,province,district,type,perpetrator,sex,age,documents_held,"
    "detention_outcome,payment_demanded,payment_paid,currency";

struct IncidentCsv {
  std::vector<Incident> incidents;       // in order of first appearance
  std::vector<std::vector<int64_t>> lines;  // per incident, the line of each person
  std::vector<Error> errors;             // each with line and column (`field`)
  size_t rows = 0;
};

// Parses a whole file and checks every incident (ValidateIncident, errors
// mapped back to the line and column at fault). Never fails as a whole; at
// most `max_errors` errors are kept.
[[nodiscard]] IncidentCsv ParseIncidentCsv(std::string_view content, size_t max_errors = 100);

// The line and CSV column of a validation error on incident `index` of
// `csv` (field "persons[2].detention.outcome" -> the third person's line,
// "detention_outcome").
[[nodiscard]] Error LocateIncidentError(const IncidentCsv& csv, size_t index, Error error);

}  // namespace sanad
