// The returns flash update: flow figures for a date range by day, ISO week or
// month × crossing point × mode (× destination province), with totals by
// period, crossing point, mode and destination, the previous period of the
// same length, a cumulative total, the deported share, and disclosure
// control applied to all of it together.
//
// Pure: the caller fetches the tallies (and registered flows) for
// [FirstDateNeeded(options), options.to] and passes them in.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/flow.h"
#include "report/flows.h"
#include "report/period.h"
#include "report/pyramid.h"

namespace sanad::report {

inline constexpr int64_t kDefaultMinCellSize = 5;

struct FlashOptions {
  Date from;
  Date to;
  Period by = Period::kDay;
  Direction direction = Direction::kToAfghanistan;
  // Rows also split by destination province (smaller cells: more suppressed).
  bool by_destination = false;
  // Cells describing 1..k-1 people are suppressed.
  int64_t k = kDefaultMinCellSize;
  // On by default. Turning it off publishes small cells: the API and CLI
  // allow it to admins only and audit it.
  bool disclosure_control = true;
  // Adds a cumulative total from this date to `to`; must not be after `from`.
  std::optional<Date> cumulative_since;
};

// kInvalidInput (naming "from", "to", "k" or "cumulative_since") when from >
// to, the range is over 3 years, k < 1, or cumulative_since is after from.
[[nodiscard]] Status ValidateFlashOptions(const FlashOptions& options);

// Options from text parameters, as an API query string or the CLI give them:
// "from", "to" (YYYY-MM-DD, required), "by" (day, week, month), "direction"
// (to_afghanistan, to_pakistan), "since" (YYYY-MM-DD), "k" (whole number),
// "by_destination" (true/false/1/0), "suppression" (on/off). Other keys are
// ignored. Returns kInvalidInput naming the parameter, or the options checked
// by ValidateFlashOptions. Does not decide who may turn suppression off or
// lower k below kDefaultMinCellSize: the caller must (admins only, audited).
[[nodiscard]] Result<FlashOptions> ParseFlashOptions(
    const std::map<std::string, std::string, std::less<>>& params);

// True when the options publish smaller cells than the default allows
// (suppression off, or k below kDefaultMinCellSize).
[[nodiscard]] bool WeakensDisclosureControl(const FlashOptions& options);

// The earliest date whose flows the report reads: the start of the previous
// period of the same length, or cumulative_since if earlier.
[[nodiscard]] Date FirstDateNeeded(const FlashOptions& options);

// A published figure: nullopt when suppressed.
using Figure = std::optional<int64_t>;

struct FlashRow {
  Date date;                         // first day of the period (of the whole range for totals)
  Date date_end;                     // last day
  std::string period;                // "2024-03-15", "2025-W01", "2024-03", or "FROM/TO"
  std::string crossing_point;        // empty in totals over all crossing points
  std::optional<MovementMode> mode;  // nullopt in totals over all modes
  std::string destination_province;  // empty in totals over all destinations
  std::array<Figure, kMeasureCount> figures{};

  // The names of the suppressed measures, in column order.
  [[nodiscard]] std::vector<std::string_view> SuppressedFields() const;
};

struct FlashReport {
  FlashOptions options;
  Date previous_from;
  Date previous_to;
  std::vector<FlashRow> rows;  // by period, crossing point (gazetteer order), mode
  std::vector<FlashRow> by_period;
  std::vector<FlashRow> by_crossing_point;
  std::vector<FlashRow> by_mode;  // always the three modes
  std::vector<FlashRow> by_destination;
  FlashRow total;
  FlashRow previous;  // [previous_from, previous_to]
  std::optional<FlashRow> cumulative;
  // Deported individuals / all individuals; nullopt when either is
  // suppressed or there is nobody.
  std::optional<double> deported_share;
  // total - previous individuals, and as a percentage of previous; nullopt
  // when either is suppressed (or previous is 0 for the percentage).
  std::optional<int64_t> change_individuals;
  std::optional<double> change_percent;
  // Disclosure control: cells considered, and withheld.
  size_t cells = 0;
  size_t primary_suppressed = 0;
  size_t secondary_suppressed = 0;
  size_t flows_read = 0;  // tallies and registered flows after de-duplication
  // Registered flows of [from, to] by sex × age band (pyramid.h).
  AgeSexPyramid pyramid;
};

// Builds the report. Flows outside [FirstDateNeeded, to] or in the other
// direction are ignored. Fails only when the options are invalid.
// Cost: O(n log n) in the flows, plus disclosure control (see disclosure.h).
[[nodiscard]] Result<FlashReport> BuildFlashReport(const std::vector<FlowTally>& tallies,
                                                   const std::vector<FlowTally>& registered,
                                                   const FlashOptions& options);

}  // namespace sanad::report
