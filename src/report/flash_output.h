// The flash update as published: JSON (for the API and dashboard), CSV with
// an HXL hashtag row under the header (for humanitarian data exchange), and
// an XLSX workbook (Summary, the table by period, Notes). All three show only
// the published figures of a FlashReport: a suppressed figure is JSON null,
// an empty CSV cell, or "x" in the workbook.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/error.h"
#include "report/flash.h"

namespace sanad::report {

// {"report":"flash","from","to","by","direction","disclosure_control":{...},
//  "rows":[{"date","date_end","period","crossing_point","mode",
//  ["destination_province",] "households",...,"age_60_plus","suppressed":[..]}],
//  "totals":{"by_period","by_crossing_point","by_mode","by_destination",
//  "total","previous_period","cumulative"},"deported_share","change_from_previous"}
[[nodiscard]] nlohmann::json FlashToJson(const FlashReport& report);

// The CSV header, the HXL tag row, then one line per row of the report:
//   date,date_end,crossing_point,mode[,destination_province],households,
//   individuals,female,male,age_0_4,age_5_17,age_18_59,age_60_plus,suppressed
// Text cells are written by AppendCsvField (core/csv.h), so none can run as
// a spreadsheet formula; the figures are plain numbers.
[[nodiscard]] std::string FlashToHxlCsv(const FlashReport& report);

// The HXL hashtag for a CSV column name ("individuals" ->
// "#affected+returnees+ind"); empty for an unknown column.
[[nodiscard]] std::string_view HxlTag(std::string_view column);

// What the summary sheet writes where the change from the previous period
// or the deported share has no number: "" when it has one; "x" (withheld,
// as the sheet's legend says) when a figure it needs was withheld; a plain
// sentence when it cannot be computed (no one crossed in the previous
// period, or in the period), which is not a suppression.
[[nodiscard]] std::string ChangeFromPreviousText(const FlashReport& report);
[[nodiscard]] std::string DeportedShareText(const FlashReport& report);

// Writes the workbook to `path` (replacing it). kUnavailable when the file
// cannot be written.
[[nodiscard]] Status WriteFlashXlsx(const FlashReport& report, const std::string& path);

// The workbook's bytes, for an HTTP download (libxlsxwriter writes files: a
// private temporary file is written, read back and removed). kUnavailable
// when the temporary folder cannot be written. Thread-safe.
[[nodiscard]] Result<std::string> FlashToXlsx(const FlashReport& report);

}  // namespace sanad::report
