// Building the flash update.
//
// Idea. Flows are merged (CombineFlows: each person once), then summed into
// buckets: one per published row (period × crossing point × mode [×
// destination]) and one per total. Every figure becomes a cell of one
// DisclosureProblem, and every additive relation a reader knows becomes an
// equation: inside a row (individuals = female + male [+ unknown sex] = the
// four age bands [+ unknown age]), rows to period / crossing-point / mode /
// destination totals, those totals to the grand total, and the previous
// period and cumulative totals through unpublished date-range atoms. One
// Suppress() over the whole problem makes sure that nothing small can be
// derived from anything published together.
//
// Invariants. Unknown sex or age (registered people whose record lacks it)
// is an unpublished, non-sensitive cell, present only when non-zero. A cell
// is sensitive when it counts 1..k-1 people; a households cell when its
// row's individuals are 1..k-1.
//
// Cost. O(n) hashing of the flows, O(r log r) sorting of the r rows, and
// Suppress() over about 10 cells per row.
#include "report/flash.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_map>
#include <utility>

#include "report/disclosure.h"

namespace sanad::report {
namespace {

constexpr size_t kNone = SIZE_MAX;
constexpr int32_t kMaxRangeDays = 3 * 366;
// A period may start this many days before the first date read (a month).
constexpr int32_t kPeriodSlack = 31;

struct Bucket {
  Counts counts{};
  int64_t unknown_sex = 0;
  int64_t unknown_age = 0;

  void Add(const FlowTally& t) {
    AddCounts(&counts, CountsOf(t));
    unknown_sex += t.individuals - t.female - t.male;
    unknown_age += t.individuals - t.age_0_4 - t.age_5_17 - t.age_18_59 - t.age_60_plus;
  }
  void Add(const Bucket& b) {
    AddCounts(&counts, b.counts);
    unknown_sex += b.unknown_sex;
    unknown_age += b.unknown_age;
  }
};

// The cells of one figure row in the disclosure problem.
struct CellRow {
  std::array<size_t, kMeasureCount> cell{};
  size_t unknown_sex = kNone;
  size_t unknown_age = kNone;
};

bool SmallCount(int64_t value, int64_t k) { return value > 0 && value < k; }

CellRow AddRow(DisclosureProblem* p, const Bucket& b, bool published, int64_t k) {
  CellRow row;
  const bool small_row = SmallCount(b.counts[kIndividuals], k);
  for (size_t m = 0; m < kMeasureCount; ++m) {
    const bool sensitive = m == kHouseholds ? small_row : SmallCount(b.counts[m], k);
    row.cell[m] = p->AddCell(b.counts[m], sensitive, published);
  }
  std::vector<size_t> sexes{row.cell[kFemale], row.cell[kMale]};
  if (b.unknown_sex != 0) {
    row.unknown_sex = p->AddCell(b.unknown_sex, false, false);
    sexes.push_back(row.unknown_sex);
  }
  p->AddEquation(row.cell[kIndividuals], std::move(sexes));
  std::vector<size_t> ages{row.cell[kAge0To4], row.cell[kAge5To17], row.cell[kAge18To59],
                           row.cell[kAge60Plus]};
  if (b.unknown_age != 0) {
    row.unknown_age = p->AddCell(b.unknown_age, false, false);
    ages.push_back(row.unknown_age);
  }
  p->AddEquation(row.cell[kIndividuals], std::move(ages));
  return row;
}

void AddMargin(DisclosureProblem* p, const CellRow& total,
               const std::vector<const CellRow*>& parts) {
  for (size_t m = 0; m < kMeasureCount; ++m) {
    std::vector<size_t> cells;
    cells.reserve(parts.size());
    for (const CellRow* part : parts) cells.push_back(part->cell[m]);
    p->AddEquation(total.cell[m], std::move(cells));
  }
  auto add_unknown = [&](size_t CellRow::*member) {
    if (total.*member == kNone) return;
    std::vector<size_t> cells;
    for (const CellRow* part : parts) {
      if (part->*member != kNone) cells.push_back(part->*member);
    }
    p->AddEquation(total.*member, std::move(cells));
  };
  add_unknown(&CellRow::unknown_sex);
  add_unknown(&CellRow::unknown_age);
}

FlashRow Publish(const DisclosureProblem& p, const CellRow& cells, FlashRow row) {
  for (size_t m = 0; m < kMeasureCount; ++m) {
    const auto& cell = p.cells[cells.cell[m]];
    row.figures[m] = cell.suppressed ? Figure{} : Figure{cell.value};
  }
  return row;
}

std::string RangeLabel(Date from, Date to) { return from.ToIso() + "/" + to.ToIso(); }

// Interns strings to small ids.
class Names {
 public:
  uint32_t Id(const std::string& name) {
    auto [it, inserted] = ids_.try_emplace(name, static_cast<uint32_t>(names_.size()));
    if (inserted) names_.push_back(name);
    return it->second;
  }
  [[nodiscard]] const std::string& Name(uint32_t id) const { return names_[id]; }
  [[nodiscard]] size_t size() const { return names_.size(); }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> names_;
};

}  // namespace

std::vector<std::string_view> FlashRow::SuppressedFields() const {
  std::vector<std::string_view> out;
  for (size_t m = 0; m < kMeasureCount; ++m) {
    if (!figures[m]) out.push_back(MeasureName(m));
  }
  return out;
}

Status ValidateFlashOptions(const FlashOptions& o) {
  if (o.from > o.to) {
    return Fail(Error::InvalidInput("from", "the report starts ({}) after it ends ({})",
                                    o.from.ToIso(), o.to.ToIso()));
  }
  if (o.to.DaysSinceEpoch() - o.from.DaysSinceEpoch() >= kMaxRangeDays) {
    return Fail(Error::InvalidInput("to", "a report covers at most 3 years; shorten the range"));
  }
  if (o.k < 1) {
    return Fail(Error::InvalidInput("k", "the smallest publishable cell must be at least 1"));
  }
  if (o.cumulative_since && *o.cumulative_since > o.from) {
    return Fail(Error::InvalidInput(
        "cumulative_since",
        "the cumulative total must start on or before the report's first day ({})",
        o.from.ToIso()));
  }
  return {};
}

Result<FlashOptions> ParseFlashOptions(
    const std::map<std::string, std::string, std::less<>>& params) {
  FlashOptions o;
  auto get = [&](std::string_view key) -> const std::string* {
    auto it = params.find(key);
    return it == params.end() ? nullptr : &it->second;
  };
  for (std::string_view key : {"from", "to"}) {
    const std::string* text = get(key);
    if (!text || text->empty()) {
      return Fail(Error::InvalidInput(std::string(key), "is required (YYYY-MM-DD)"));
    }
    auto date = Date::ParseIso(*text, key);
    if (!date) return Fail(date.error());
    (key == "from" ? o.from : o.to) = *date;
  }
  if (const std::string* text = get("by"); text && !text->empty()) {
    auto by = ParsePeriod(*text);
    if (!by) return Fail(Error::InvalidInput("by", "must be day, week or month"));
    o.by = *by;
  }
  if (const std::string* text = get("direction"); text && !text->empty()) {
    auto direction = ParseDirection(*text);
    if (!direction) {
      return Fail(Error::InvalidInput("direction", "must be to_afghanistan or to_pakistan"));
    }
    o.direction = *direction;
  }
  if (const std::string* text = get("since"); text && !text->empty()) {
    auto since = Date::ParseIso(*text, "since");
    if (!since) return Fail(since.error());
    o.cumulative_since = *since;
  }
  if (const std::string* text = get("k"); text && !text->empty()) {
    int64_t k = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), k);
    if (ec != std::errc() || end != text->data() + text->size() || k < 1 || k > 1000) {
      return Fail(Error::InvalidInput("k", "must be a whole number from 1 to 1000"));
    }
    o.k = k;
  }
  if (const std::string* text = get("by_destination"); text && !text->empty()) {
    if (*text == "true" || *text == "1") {
      o.by_destination = true;
    } else if (*text != "false" && *text != "0") {
      return Fail(Error::InvalidInput("by_destination", "must be true or false"));
    }
  }
  if (const std::string* text = get("suppression"); text && !text->empty()) {
    if (*text == "off") {
      o.disclosure_control = false;
    } else if (*text != "on") {
      return Fail(Error::InvalidInput("suppression", "must be on or off"));
    }
  }
  if (auto ok = ValidateFlashOptions(o); !ok) return Fail(ok.error());
  return o;
}

bool WeakensDisclosureControl(const FlashOptions& o) {
  return !o.disclosure_control || o.k < kDefaultMinCellSize;
}

Date FirstDateNeeded(const FlashOptions& o) {
  const int32_t length = o.to.DaysSinceEpoch() - o.from.DaysSinceEpoch() + 1;
  const Date previous_from = o.from.AddDays(-length);
  if (o.cumulative_since && *o.cumulative_since < previous_from) return *o.cumulative_since;
  return previous_from;
}

Result<FlashReport> BuildFlashReport(const std::vector<FlowTally>& tallies,
                                     const std::vector<FlowTally>& registered,
                                     const FlashOptions& options) {
  if (auto ok = ValidateFlashOptions(options); !ok) return Fail(ok.error());
  FlashReport report;
  report.options = options;
  const int32_t from = options.from.DaysSinceEpoch();
  const int32_t to = options.to.DaysSinceEpoch();
  const int32_t length = to - from + 1;
  const int32_t previous_from = from - length;
  report.previous_from = Date::FromDaysSinceEpoch(previous_from);
  report.previous_to = Date::FromDaysSinceEpoch(from - 1);
  const int32_t first = FirstDateNeeded(options).DaysSinceEpoch();
  const bool has_cumulative = options.cumulative_since.has_value();
  const int32_t since = has_cumulative ? options.cumulative_since->DaysSinceEpoch() : first;

  auto wanted = [&](const FlowTally& t) {
    const int32_t day = t.date.DaysSinceEpoch();
    return t.direction == options.direction && day >= first && day <= to;
  };
  std::vector<const FlowTally*> wanted_tallies;
  std::vector<const FlowTally*> wanted_registered;
  for (const auto& t : tallies) {
    if (wanted(t)) wanted_tallies.push_back(&t);
  }
  wanted_registered.reserve(registered.size());
  for (const auto& t : registered) {
    if (wanted(t)) wanted_registered.push_back(&t);
  }
  const CombinedFlows flows = CombineFlowViews(wanted_tallies, wanted_registered);
  report.flows_read = flows.whole.size() + flows.scaled.size();

  // Sum the flows into row buckets and date-range atoms.
  static const std::string kUnknownDestination = "unknown";
  Names crossings;
  Names destinations;
  std::unordered_map<uint64_t, size_t> row_index;
  std::vector<uint64_t> row_keys;
  std::vector<Bucket> row_buckets;
  std::vector<Bucket> destination_buckets;  // by destination id
  Bucket previous;
  Bucket early;   // [since, previous_from) when since < previous_from
  Bucket late;    // [previous_from, since) when previous_from < since
  Bucket before;  // [since, from) when previous_from < since
  std::unordered_map<int32_t, std::pair<Date, Date>> periods;  // start day -> (start, end)
  // The last period seen, as flows come mostly in date order.
  int32_t last_day = INT32_MIN;
  int32_t last_start_day = 0;
  auto add = [&](const FlowTally& t) {
    const int32_t day = t.date.DaysSinceEpoch();
    if (day >= from) {
      if (day != last_day) {
        const Date start = PeriodStart(t.date, options.by);
        last_day = day;
        last_start_day = start.DaysSinceEpoch();
        if (!periods.contains(last_start_day)) {
          periods.emplace(last_start_day, std::pair(start, PeriodEnd(t.date, options.by)));
        }
      }
      const std::string& destination =
          t.destination_province.empty() ? kUnknownDestination : t.destination_province;
      const uint32_t destination_id = destinations.Id(destination);
      const uint64_t key =
          (static_cast<uint64_t>(static_cast<uint32_t>(last_start_day - first + kPeriodSlack))
           << 40) |
          (static_cast<uint64_t>(crossings.Id(t.crossing_point)) << 24) |
          (static_cast<uint64_t>(t.mode) << 20) |
          (options.by_destination ? static_cast<uint64_t>(destination_id) : 0);
      auto [it, inserted] = row_index.try_emplace(key, row_buckets.size());
      if (inserted) {
        row_keys.push_back(key);
        row_buckets.emplace_back();
      }
      row_buckets[it->second].Add(t);
      if (destination_id >= destination_buckets.size())
        destination_buckets.resize(destination_id + 1);
      destination_buckets[destination_id].Add(t);
    } else if (day >= previous_from) {
      previous.Add(t);
      if (has_cumulative && since > previous_from) (day < since ? late : before).Add(t);
    } else if (has_cumulative && day >= since) {
      early.Add(t);
    }
  };
  for (const FlowTally* t : flows.whole) add(*t);
  for (const FlowTally& t : flows.scaled) add(t);

  // Row order: period, crossing point (gazetteer order, then by name), mode, destination.
  const auto gazetteer = CrossingGazetteer::Default();
  auto crossing_rank = [&](uint32_t id) {
    const std::string& name = crossings.Name(id);
    for (size_t i = 0; i < gazetteer.points().size(); ++i) {
      if (gazetteer.points()[i].name == name) return std::pair<size_t, std::string>(i, "");
    }
    return std::pair<size_t, std::string>(gazetteer.points().size(), name);
  };
  std::vector<std::pair<size_t, std::string>> ranks;
  for (uint32_t id = 0; id < crossings.size(); ++id) ranks.push_back(crossing_rank(id));
  auto crossing_of = [](uint64_t key) { return static_cast<uint32_t>((key >> 24) & 0xFFFF); };
  auto mode_of = [](uint64_t key) { return static_cast<MovementMode>((key >> 20) & 0xF); };
  auto destination_of = [](uint64_t key) { return static_cast<uint32_t>(key & 0xFFFFF); };
  auto start_of = [&](uint64_t key) {
    return static_cast<int32_t>(key >> 40) + first - kPeriodSlack;
  };
  std::vector<size_t> order(row_keys.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const uint64_t ka = row_keys[a];
    const uint64_t kb = row_keys[b];
    if (start_of(ka) != start_of(kb)) return start_of(ka) < start_of(kb);
    if (crossing_of(ka) != crossing_of(kb)) {
      return ranks[crossing_of(ka)] < ranks[crossing_of(kb)];
    }
    if (mode_of(ka) != mode_of(kb)) return mode_of(ka) < mode_of(kb);
    return options.by_destination &&
           destinations.Name(destination_of(ka)) < destinations.Name(destination_of(kb));
  });

  // Totals.
  std::map<int32_t, Bucket> period_buckets;
  std::vector<Bucket> crossing_buckets(crossings.size());
  std::array<Bucket, 3> mode_buckets{};
  Bucket total;
  for (size_t i : order) {
    const uint64_t key = row_keys[i];
    period_buckets[start_of(key)].Add(row_buckets[i]);
    crossing_buckets[crossing_of(key)].Add(row_buckets[i]);
    mode_buckets[static_cast<size_t>(mode_of(key))].Add(row_buckets[i]);
    total.Add(row_buckets[i]);
  }
  std::vector<uint32_t> crossing_order(crossings.size());
  for (uint32_t id = 0; id < crossings.size(); ++id) crossing_order[id] = id;
  std::sort(crossing_order.begin(), crossing_order.end(),
            [&](uint32_t a, uint32_t b) { return ranks[a] < ranks[b]; });

  // The disclosure problem: every published figure and unpublished atom.
  DisclosureProblem problem;
  const int64_t k = options.k;
  std::vector<CellRow> row_cells(row_buckets.size());
  for (size_t i : order) row_cells[i] = AddRow(&problem, row_buckets[i], true, k);
  std::map<int32_t, CellRow> period_cells;
  for (const auto& [start, bucket] : period_buckets) {
    period_cells[start] = AddRow(&problem, bucket, true, k);
  }
  std::vector<CellRow> crossing_cells(crossings.size());
  for (uint32_t id : crossing_order) {
    crossing_cells[id] = AddRow(&problem, crossing_buckets[id], true, k);
  }
  std::array<CellRow, 3> mode_cells{};
  for (size_t m = 0; m < 3; ++m) mode_cells[m] = AddRow(&problem, mode_buckets[m], true, k);
  std::map<std::string, CellRow> destination_cells;
  for (uint32_t id = 0; id < destination_buckets.size(); ++id) {
    destination_cells[destinations.Name(id)] = AddRow(&problem, destination_buckets[id], true, k);
  }
  const CellRow total_cells = AddRow(&problem, total, true, k);
  const CellRow previous_cells = AddRow(&problem, previous, true, k);

  {
    std::map<int32_t, std::vector<const CellRow*>> by_period;
    std::vector<std::vector<const CellRow*>> by_crossing(crossings.size());
    std::array<std::vector<const CellRow*>, 3> by_mode;
    std::map<std::string, std::vector<const CellRow*>> by_destination;
    for (size_t i : order) {
      const uint64_t key = row_keys[i];
      by_period[start_of(key)].push_back(&row_cells[i]);
      by_crossing[crossing_of(key)].push_back(&row_cells[i]);
      by_mode[static_cast<size_t>(mode_of(key))].push_back(&row_cells[i]);
      if (options.by_destination) {
        by_destination[destinations.Name(destination_of(key))].push_back(&row_cells[i]);
      }
    }
    std::vector<const CellRow*> parts;
    for (const auto& [start, cells] : period_cells) {
      AddMargin(&problem, cells, by_period[start]);
      parts.push_back(&cells);
    }
    AddMargin(&problem, total_cells, parts);
    parts.clear();
    for (uint32_t id : crossing_order) {
      AddMargin(&problem, crossing_cells[id], by_crossing[id]);
      parts.push_back(&crossing_cells[id]);
    }
    AddMargin(&problem, total_cells, parts);
    parts.clear();
    for (size_t m = 0; m < 3; ++m) {
      AddMargin(&problem, mode_cells[m], by_mode[m]);
      parts.push_back(&mode_cells[m]);
    }
    AddMargin(&problem, total_cells, parts);
    parts.clear();
    for (const auto& [name, cells] : destination_cells) {
      if (options.by_destination) AddMargin(&problem, cells, by_destination[name]);
      parts.push_back(&cells);
    }
    AddMargin(&problem, total_cells, parts);
  }

  // Cumulative total, through unpublished atoms for the days between.
  std::optional<CellRow> cumulative_cells;
  if (has_cumulative) {
    Bucket cumulative = total;
    std::vector<const CellRow*> parts{&total_cells};
    CellRow early_cells;
    CellRow before_cells;
    CellRow late_cells;
    if (since <= previous_from) {
      cumulative.Add(previous);
      cumulative.Add(early);
      parts.push_back(&previous_cells);
      if (since < previous_from) {
        early_cells = AddRow(&problem, early, false, k);
        parts.push_back(&early_cells);
      }
    } else {
      cumulative.Add(before);
      std::vector<const CellRow*> previous_parts;
      late_cells = AddRow(&problem, late, false, k);
      previous_parts.push_back(&late_cells);
      if (since < from) {
        before_cells = AddRow(&problem, before, false, k);
        parts.push_back(&before_cells);
        previous_parts.push_back(&before_cells);
      }
      AddMargin(&problem, previous_cells, previous_parts);
    }
    cumulative_cells = AddRow(&problem, cumulative, true, k);
    AddMargin(&problem, *cumulative_cells, parts);
  }

  report.cells = problem.cells.size();
  if (options.disclosure_control) {
    const SuppressionStats stats = Suppress(&problem);
    report.primary_suppressed = stats.primary;
    report.secondary_suppressed = stats.secondary;
  }

  // Publish.
  report.rows.reserve(order.size());
  for (size_t i : order) {
    const uint64_t key = row_keys[i];
    const auto& [start, end] = periods.at(start_of(key));
    FlashRow row;
    row.date = start;
    row.date_end = end;
    row.period = PeriodLabel(start, options.by);
    row.crossing_point = crossings.Name(crossing_of(key));
    row.mode = mode_of(key);
    if (options.by_destination) row.destination_province = destinations.Name(destination_of(key));
    report.rows.push_back(Publish(problem, row_cells[i], std::move(row)));
  }
  for (const auto& [start, cells] : period_cells) {
    const auto& [start_date, end_date] = periods.at(start);
    FlashRow row;
    row.date = start_date;
    row.date_end = end_date;
    row.period = PeriodLabel(start_date, options.by);
    report.by_period.push_back(Publish(problem, cells, std::move(row)));
  }
  FlashRow whole;
  whole.date = options.from;
  whole.date_end = options.to;
  whole.period = RangeLabel(options.from, options.to);
  for (uint32_t id : crossing_order) {
    FlashRow row = whole;
    row.crossing_point = crossings.Name(id);
    report.by_crossing_point.push_back(Publish(problem, crossing_cells[id], std::move(row)));
  }
  for (size_t m = 0; m < 3; ++m) {
    FlashRow row = whole;
    row.mode = static_cast<MovementMode>(m);
    report.by_mode.push_back(Publish(problem, mode_cells[m], std::move(row)));
  }
  for (const auto& [name, cells] : destination_cells) {
    FlashRow row = whole;
    row.destination_province = name;
    report.by_destination.push_back(Publish(problem, cells, std::move(row)));
  }
  report.total = Publish(problem, total_cells, whole);
  FlashRow previous_row;
  previous_row.date = report.previous_from;
  previous_row.date_end = report.previous_to;
  previous_row.period = RangeLabel(report.previous_from, report.previous_to);
  report.previous = Publish(problem, previous_cells, std::move(previous_row));
  if (cumulative_cells) {
    FlashRow row;
    row.date = *options.cumulative_since;
    row.date_end = options.to;
    row.period = RangeLabel(row.date, row.date_end);
    report.cumulative = Publish(problem, *cumulative_cells, std::move(row));
  }

  report.pyramid = BuildAgeSexPyramid(registered, options.direction, options.from, options.to,
                                      options.k, options.disclosure_control);

  const Figure all = report.total.figures[kIndividuals];
  const Figure deported =
      report.by_mode[static_cast<size_t>(MovementMode::kDeported)].figures[kIndividuals];
  if (all && deported && *all > 0) {
    report.deported_share = static_cast<double>(*deported) / static_cast<double>(*all);
  }
  const Figure before_all = report.previous.figures[kIndividuals];
  if (all && before_all) {
    report.change_individuals = *all - *before_all;
    if (*before_all > 0) {
      report.change_percent =
          100.0 * static_cast<double>(*all - *before_all) / static_cast<double>(*before_all);
    }
  }
  return report;
}

}  // namespace sanad::report
