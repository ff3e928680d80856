// The weekly protection-monitoring figures: arrests, detentions and other
// incidents by period (ISO week or month) × province × incident type ×
// documentation category, with the number of incidents, of persons, and of
// persons whose status on the incident date was valid (anything but
// removal_in_force: the *detained while documented* figure on arrest and
// detention rows), under the same disclosure control as the flash report.
//
// Pure: the caller reads the incidents (the store) and hands in one fact per
// person involved; nothing here names or identifies anyone, and narrative
// notes never reach this layer.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/incident.h"
#include "report/flash.h"
#include "report/period.h"

namespace sanad::report {

using sanad::IncidentFact;  // core/incident.h: the store lists them, the report counts them

struct IncidentReportOptions {
  Date from;
  Date to;
  Period by = Period::kWeek;
  int64_t k = kDefaultMinCellSize;
  // Off publishes small cells: admins only, audited (the caller decides).
  bool disclosure_control = true;
  // Only these types (all when empty).
  std::vector<IncidentType> types;
};

// From text parameters (API query or CLI): "from", "to" (YYYY-MM-DD,
// required), "by" (week, month), "k" (1..1000), "suppression" (on, off),
// "type" (comma-separated incident types). kInvalidInput naming the
// parameter; from after to, or a range over 3 years, is refused.
[[nodiscard]] Result<IncidentReportOptions> ParseIncidentReportOptions(
    const std::map<std::string, std::string, std::less<>>& params);

[[nodiscard]] bool WeakensDisclosureControl(const IncidentReportOptions& options);

struct IncidentRow {
  Date date;                         // first day of the period (of the range, for the total)
  Date date_end;                     // last day
  std::string period;                // "2023-W45", "2023-11", or "FROM/TO" for the total
  std::string province;              // empty in totals
  std::optional<IncidentType> type;  // nullopt in totals
  std::optional<Documentation> documentation;  // nullopt in totals
  Figure incidents;
  Figure persons;
  Figure persons_with_valid_status;

  // "incidents", "persons", "persons_with_valid_status": those withheld.
  [[nodiscard]] std::vector<std::string_view> SuppressedFields() const;
};

struct IncidentReport {
  IncidentReportOptions options;
  std::vector<IncidentRow> rows;       // by period, province, type, documentation
  std::vector<IncidentRow> by_period;  // all provinces, types and documentation
  IncidentRow total;
  size_t cells = 0;
  size_t primary_suppressed = 0;
  size_t secondary_suppressed = 0;
  size_t facts_read = 0;  // persons within the range and types
};

// Builds the report from the facts (any order; those outside the range or
// types are ignored). Disclosure control: persons and
// persons_with_valid_status are withheld when 1..k-1, and so is the
// unpublished number without a valid status; further cells are withheld
// until no small one can be derived from the published figures by any
// linear combination of the row, period and total sums, nor from the
// knowledge that every listed row holds at least one person; `incidents`
// is withheld whenever `persons` is. Deterministic. Fails only on invalid
// options. Cost: O(n log n) in the facts plus Suppress() over 3 cells a row.
[[nodiscard]] Result<IncidentReport> BuildIncidentReport(const std::vector<IncidentFact>& facts,
                                                         const IncidentReportOptions& options);

// {"report":"incidents","from","to","by","types","disclosure_control":{"applied","k","cells",
//  "primary_suppressed","secondary_suppressed"},"rows":[{"date","date_end","period","province",
//  "type","risk","documentation","incidents","persons","persons_with_valid_status",
//  "suppressed"}],"totals":{"by_period":[...],"total":{...}}}: withheld figures are null.
[[nodiscard]] nlohmann::json IncidentReportToJson(const IncidentReport& report);

// The CSV header, the HXL hashtag row, then the rows (withheld: empty cells).
[[nodiscard]] std::string IncidentReportToHxlCsv(const IncidentReport& report);

// The workbook (the table with its HXL row, and a Notes sheet) to `path`;
// kUnavailable when it cannot be written.
[[nodiscard]] Status WriteIncidentReportXlsx(const IncidentReport& report, const std::string& path);
// The workbook's bytes, for an HTTP download. Thread-safe.
[[nodiscard]] Result<std::string> IncidentReportToXlsx(const IncidentReport& report);

}  // namespace sanad::report
