// The flow-tally CSV format read by `sanad import movements`:
//
//   date,crossing_point,direction,mode,households,individuals,female,male,
//   age_0_4,age_5_17,age_18_59,age_60_plus,destination_province
//
// UTF-8. `direction` is to_afghanistan or to_pakistan; `mode` spontaneous,
// deported or assisted_voluntary_repatriation; `crossing_point` any name or
// spelling the gazetteer knows (stored as its canonical name); counts are
// whole numbers >= 0 and female + male and the four age bands must each add
// up to individuals; the date may not be in the future. An optional column
// registered_individuals says how many were also registered.
// destination_province may be empty; else it must be a province of
// Afghanistan the gazetteer knows (text/gazetteer.h), stored canonical.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/flow.h"

namespace sanad::report {

inline constexpr std::string_view kFlowTallyCsvHeader =
    "date,crossing_point,direction,mode,households,individuals,female,male,age_0_4,age_5_17,"
    "age_18_59,age_60_plus,destination_province";

struct TallyRecord {
  int64_t line = 0;  // where the row starts in its file
  FlowTally tally;
};

struct FlowTallyCsv {
  std::vector<TallyRecord> records;  // the good rows
  std::vector<Error> errors;         // one per bad row, each with line and field
  size_t rows = 0;                   // data rows seen
};

// Parses a whole file's content. Never fails as a whole: a bad header is an
// error on line 1. At most `max_errors` errors are kept. The caller imports
// nothing unless `errors` is empty (all-or-nothing).
[[nodiscard]] FlowTallyCsv ParseFlowTallyCsv(std::string_view content,
                                             const CrossingGazetteer& gazetteer,
                                             size_t max_errors = 100);

}  // namespace sanad::report
