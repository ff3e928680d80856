// Reading a CSV file's content into a FeatureStore, by the columns the model
// names. Pure: the caller reads the file.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "match/features.h"

namespace sanad::match {

struct ReadReport {
  size_t rows = 0;            // data rows seen
  std::vector<Error> errors;  // each with line and field (column); at most max_errors
  [[nodiscard]] bool ok() const { return errors.empty(); }
};

// Parses `content` (UTF-8 CSV with a header row) and adds each row to
// `store`. Columns the model does not name are ignored. A row is refused
// (and reported, with its line and column) when its CSV is malformed, its
// field count differs from the header's, its id is empty or repeated, a text
// is not valid UTF-8, or a date cannot be read; a header lacking a column
// the model needs is reported on line 1 and nothing is read. `progress`
// (may be empty) receives the fraction read now and then.
[[nodiscard]] ReadReport ReadRecords(std::string_view content, FeatureStore* store,
                                     const std::function<void(double)>& progress = {},
                                     size_t max_errors = 20);

}  // namespace sanad::match
