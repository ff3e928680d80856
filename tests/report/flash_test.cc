#include "report/flash.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "../testing/flow_tallies.h"
#include "attack.h"

namespace sanad::report {
namespace {

using sanad::testing::Tally;

constexpr auto kSpontaneous = MovementMode::kSpontaneous;
constexpr auto kDeported = MovementMode::kDeported;
constexpr auto kAvr = MovementMode::kAssistedVoluntaryRepatriation;
const std::string kTorkham = "Torkham";
const std::string kChaman = "Chaman–Spin Boldak";

// The hand-built data set. Every aggregate below is worked out by hand.
// 2024-12-29 is a Sunday (ISO 2024-W52); 2024-12-30 to 2025-01-05 is
// 2025-W01, across the month and year boundary; 2025-01-06 starts W02.
std::vector<FlowTally> HandBuilt() {
  return {
      Tally({2024, 12, 29}, kTorkham, kSpontaneous, 2, {6, 4}, {3, 3, 3, 1}, "Nangarhar"),
      Tally({2024, 12, 30}, kTorkham, kDeported, 1, {0, 5}, {0, 1, 4, 0}, "Kabul"),
      Tally({2024, 12, 31}, kChaman, kSpontaneous, 3, {11, 9}, {5, 6, 8, 1}, "Kandahar"),
      Tally({2025, 1, 1}, kTorkham, kSpontaneous, 4, {16, 14}, {6, 10, 12, 2}, "Nangarhar"),
      Tally({2025, 1, 1}, kTorkham, kSpontaneous, 1, {4, 3}, {1, 2, 3, 1}, "Kabul"),
      Tally({2025, 1, 5}, kChaman, kDeported, 2, {3, 5}, {2, 2, 3, 1}, "Kandahar"),
      Tally({2025, 1, 6}, kTorkham, kAvr, 2, {6, 6}, {2, 4, 5, 1}, "Laghman"),
      // Ignored: the other direction.
      Tally({2025, 1, 3}, kTorkham, kSpontaneous, 1, {1, 2}, {0, 1, 2, 0}, "",
            Direction::kToPakistan),
      // The previous period (2024-12-20 to 2024-12-28).
      Tally({2024, 12, 25}, "Badini", kSpontaneous, 1, {3, 3}, {1, 1, 3, 1}, "Zabul"),
      // Before it: only in the cumulative total since 2024-12-01.
      Tally({2024, 12, 1}, kTorkham, kSpontaneous, 5, {20, 20}, {10, 10, 15, 5}, "Nangarhar"),
      // Before the cumulative start: never counted.
      Tally({2024, 11, 30}, kTorkham, kSpontaneous, 5, {20, 20}, {10, 10, 15, 5}, "Nangarhar"),
  };
}

FlashOptions Options(Period by) {
  FlashOptions o;
  o.from = Date{2024, 12, 29};
  o.to = Date{2025, 1, 6};
  o.by = by;
  o.disclosure_control = false;
  o.cumulative_since = Date{2024, 12, 1};
  return o;
}

Counts Values(const FlashRow& row) {
  Counts out{};
  for (size_t m = 0; m < kMeasureCount; ++m) {
    EXPECT_TRUE(row.figures[m].has_value()) << MeasureName(m);
    out[m] = row.figures[m].value_or(-1);
  }
  return out;
}

struct ExpectedRow {
  const char* period;
  std::string crossing;
  MovementMode mode;
  Counts counts;  // households, individuals, female, male, 0-4, 5-17, 18-59, 60+
};

void ExpectRows(const FlashReport& report, const std::vector<ExpectedRow>& expected) {
  ASSERT_EQ(report.rows.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("row " + std::to_string(i) + " " + expected[i].period);
    EXPECT_EQ(report.rows[i].period, expected[i].period);
    EXPECT_EQ(report.rows[i].crossing_point, expected[i].crossing);
    EXPECT_EQ(report.rows[i].mode, expected[i].mode);
    EXPECT_EQ(Values(report.rows[i]), expected[i].counts);
  }
}

TEST(FlashReport, DailyRowsOfTheHandBuiltSet) {
  auto report = BuildFlashReport(HandBuilt(), {}, Options(Period::kDay));
  ASSERT_TRUE(report) << report.error().message;
  ExpectRows(*report, {
                          {"2024-12-29", kTorkham, kSpontaneous, {2, 10, 6, 4, 3, 3, 3, 1}},
                          {"2024-12-30", kTorkham, kDeported, {1, 5, 0, 5, 0, 1, 4, 0}},
                          {"2024-12-31", kChaman, kSpontaneous, {3, 20, 11, 9, 5, 6, 8, 1}},
                          {"2025-01-01", kTorkham, kSpontaneous, {5, 37, 20, 17, 7, 12, 15, 3}},
                          {"2025-01-05", kChaman, kDeported, {2, 8, 3, 5, 2, 2, 3, 1}},
                          {"2025-01-06", kTorkham, kAvr, {2, 12, 6, 6, 2, 4, 5, 1}},
                      });
  ASSERT_EQ(report->by_period.size(), 6u);
  EXPECT_EQ(report->by_period[3].period, "2025-01-01");
  EXPECT_EQ(Values(report->by_period[3]), (Counts{5, 37, 20, 17, 7, 12, 15, 3}));
}

TEST(FlashReport, WeeklyRowsCrossTheYearBoundary) {
  auto report = BuildFlashReport(HandBuilt(), {}, Options(Period::kWeek));
  ASSERT_TRUE(report) << report.error().message;
  ExpectRows(*report, {
                          {"2024-W52", kTorkham, kSpontaneous, {2, 10, 6, 4, 3, 3, 3, 1}},
                          {"2025-W01", kTorkham, kSpontaneous, {5, 37, 20, 17, 7, 12, 15, 3}},
                          {"2025-W01", kTorkham, kDeported, {1, 5, 0, 5, 0, 1, 4, 0}},
                          {"2025-W01", kChaman, kSpontaneous, {3, 20, 11, 9, 5, 6, 8, 1}},
                          {"2025-W01", kChaman, kDeported, {2, 8, 3, 5, 2, 2, 3, 1}},
                          {"2025-W02", kTorkham, kAvr, {2, 12, 6, 6, 2, 4, 5, 1}},
                      });
  EXPECT_EQ(report->rows[1].date, (Date{2024, 12, 30}));
  EXPECT_EQ(report->rows[1].date_end, (Date{2025, 1, 5}));
  ASSERT_EQ(report->by_period.size(), 3u);
  EXPECT_EQ(Values(report->by_period[1]), (Counts{11, 70, 34, 36, 14, 21, 30, 5}));
}

TEST(FlashReport, MonthlyRowsSplitAtTheMonthBoundary) {
  auto report = BuildFlashReport(HandBuilt(), {}, Options(Period::kMonth));
  ASSERT_TRUE(report) << report.error().message;
  ExpectRows(*report, {
                          {"2024-12", kTorkham, kSpontaneous, {2, 10, 6, 4, 3, 3, 3, 1}},
                          {"2024-12", kTorkham, kDeported, {1, 5, 0, 5, 0, 1, 4, 0}},
                          {"2024-12", kChaman, kSpontaneous, {3, 20, 11, 9, 5, 6, 8, 1}},
                          {"2025-01", kTorkham, kSpontaneous, {5, 37, 20, 17, 7, 12, 15, 3}},
                          {"2025-01", kTorkham, kAvr, {2, 12, 6, 6, 2, 4, 5, 1}},
                          {"2025-01", kChaman, kDeported, {2, 8, 3, 5, 2, 2, 3, 1}},
                      });
  // The first and last months are cut by the report's range.
  EXPECT_EQ(report->rows[0].date, (Date{2024, 12, 1}));
  EXPECT_EQ(Values(report->by_period[0]), (Counts{6, 35, 17, 18, 8, 10, 15, 2}));
  EXPECT_EQ(Values(report->by_period[1]), (Counts{9, 57, 29, 28, 11, 18, 23, 5}));
}

TEST(FlashReport, TotalsSharesComparisonAndCumulative) {
  auto report = BuildFlashReport(HandBuilt(), {}, Options(Period::kDay));
  ASSERT_TRUE(report) << report.error().message;
  const Counts total{15, 92, 46, 46, 19, 28, 38, 7};
  EXPECT_EQ(Values(report->total), total);
  ASSERT_EQ(report->by_crossing_point.size(), 2u);
  EXPECT_EQ(report->by_crossing_point[0].crossing_point, kTorkham);
  EXPECT_EQ(Values(report->by_crossing_point[0]), (Counts{10, 64, 32, 32, 12, 20, 27, 5}));
  EXPECT_EQ(Values(report->by_crossing_point[1]), (Counts{5, 28, 14, 14, 7, 8, 11, 2}));
  ASSERT_EQ(report->by_mode.size(), 3u);
  EXPECT_EQ(Values(report->by_mode[0]), (Counts{10, 67, 37, 30, 15, 21, 26, 5}));
  EXPECT_EQ(Values(report->by_mode[1]), (Counts{3, 13, 3, 10, 2, 3, 7, 1}));
  EXPECT_EQ(Values(report->by_mode[2]), (Counts{2, 12, 6, 6, 2, 4, 5, 1}));
  std::map<std::string, int64_t> destinations;
  for (const auto& row : report->by_destination) {
    destinations[row.destination_province] = *row.figures[kIndividuals];
  }
  EXPECT_EQ(destinations,
            (std::map<std::string, int64_t>{
                {"Kabul", 12}, {"Kandahar", 28}, {"Laghman", 12}, {"Nangarhar", 40}}));
  ASSERT_TRUE(report->deported_share);
  EXPECT_DOUBLE_EQ(*report->deported_share, 13.0 / 92.0);
  EXPECT_EQ(report->previous_from, (Date{2024, 12, 20}));
  EXPECT_EQ(report->previous_to, (Date{2024, 12, 28}));
  EXPECT_EQ(Values(report->previous), (Counts{1, 6, 3, 3, 1, 1, 3, 1}));
  EXPECT_EQ(report->change_individuals, 86);
  ASSERT_TRUE(report->change_percent);
  EXPECT_NEAR(*report->change_percent, 8600.0 / 6.0, 1e-9);
  ASSERT_TRUE(report->cumulative);
  EXPECT_EQ(report->cumulative->date, (Date{2024, 12, 1}));
  EXPECT_EQ(Values(*report->cumulative), (Counts{21, 138, 69, 69, 30, 39, 56, 13}));
}

TEST(FlashReport, RowsByDestination) {
  auto options = Options(Period::kMonth);
  options.by_destination = true;
  auto report = BuildFlashReport(HandBuilt(), {}, options);
  ASSERT_TRUE(report) << report.error().message;
  // January, Torkham, spontaneous splits into Kabul (7) and Nangarhar (30).
  std::vector<std::pair<std::string, int64_t>> january_torkham;
  for (const auto& row : report->rows) {
    if (row.period == "2025-01" && row.crossing_point == kTorkham && row.mode == kSpontaneous) {
      january_torkham.emplace_back(row.destination_province, *row.figures[kIndividuals]);
    }
  }
  EXPECT_EQ(january_torkham,
            (std::vector<std::pair<std::string, int64_t>>{{"Kabul", 7}, {"Nangarhar", 30}}));
  EXPECT_EQ(report->rows.size(), 7u);
}

TEST(FlashReport, RegisteredMovementsAreNotCountedTwice) {
  auto tallies = HandBuilt();
  // Of the 7 counted on 2025-01-01 heading to Kabul, 4 were registered.
  tallies[4].registered_individuals = 4;
  std::vector<FlowTally> registered = {
      // Those 4 (registered): already in the tally.
      Tally({2025, 1, 1}, kTorkham, kSpontaneous, 1, {2, 2}, {1, 1, 2, 0}, "Kabul"),
      // 3 registered at Torkham on 2024-12-31 that no tally counted.
      Tally({2024, 12, 31}, kTorkham, kSpontaneous, 1, {2, 1}, {1, 0, 2, 0}, "Kunduz"),
  };
  auto report = BuildFlashReport(tallies, registered, Options(Period::kDay));
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(*report->total.figures[kIndividuals], 92 + 3);
  EXPECT_EQ(*report->total.figures[kHouseholds], 15 + 1);
}

TEST(FlashReport, RejectsBadOptions) {
  auto options = Options(Period::kDay);
  options.from = Date{2025, 2, 1};
  auto report = BuildFlashReport({}, {}, options);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().field, "from");
  options = Options(Period::kDay);
  options.k = 0;
  EXPECT_EQ(BuildFlashReport({}, {}, options).error().field, "k");
  options = Options(Period::kDay);
  options.cumulative_since = Date{2025, 1, 2};
  EXPECT_EQ(BuildFlashReport({}, {}, options).error().field, "cumulative_since");
}

TEST(FlashReport, EmptyRangeIsAllZero) {
  auto report = BuildFlashReport({}, {}, Options(Period::kWeek));
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->rows.empty());
  EXPECT_EQ(report->total.figures[kIndividuals], 0);
  EXPECT_EQ(report->deported_share, std::nullopt);
}

// ---- Disclosure control over the whole published report ----

using testing::AttackEquation;

// Cells and equations a reader can write down from a published report
// alone, with the true values taken from the same report built without
// disclosure control.
struct ReaderView {
  std::vector<std::optional<int64_t>> known;
  std::vector<int64_t> truth;
  std::vector<bool> sensitive;
  std::vector<AttackEquation> equations;

  std::array<size_t, kMeasureCount> AddRow(const FlashRow& published, const FlashRow& real,
                                           int64_t k) {
    std::array<size_t, kMeasureCount> cells{};
    for (size_t m = 0; m < kMeasureCount; ++m) {
      cells[m] = known.size();
      known.push_back(published.figures[m]);
      truth.push_back(*real.figures[m]);
      const int64_t people = *real.figures[m == kHouseholds ? kIndividuals : m];
      sensitive.push_back(people > 0 && people < k);
    }
    equations.push_back({cells[kIndividuals], {cells[kFemale], cells[kMale]}});
    equations.push_back(
        {cells[kIndividuals],
         {cells[kAge0To4], cells[kAge5To17], cells[kAge18To59], cells[kAge60Plus]}});
    return cells;
  }
  void AddMargin(const std::array<size_t, kMeasureCount>& total,
                 const std::vector<std::array<size_t, kMeasureCount>>& parts) {
    for (size_t m = 0; m < kMeasureCount; ++m) {
      AttackEquation eq{total[m], {}};
      for (const auto& p : parts) eq.parts.push_back(p[m]);
      equations.push_back(std::move(eq));
    }
  }
};

ReaderView ViewOf(const FlashReport& pub, const FlashReport& real) {
  const int64_t k = pub.options.k;
  ReaderView v;
  using Cells = std::array<size_t, kMeasureCount>;
  std::vector<Cells> rows;
  for (size_t i = 0; i < pub.rows.size(); ++i)
    rows.push_back(v.AddRow(pub.rows[i], real.rows[i], k));
  const Cells total = v.AddRow(pub.total, real.total, k);
  auto margin = [&](const std::vector<FlashRow>& pub_totals,
                    const std::vector<FlashRow>& real_totals, auto belongs) {
    std::vector<Cells> totals;
    for (size_t t = 0; t < pub_totals.size(); ++t) {
      const Cells cells = v.AddRow(pub_totals[t], real_totals[t], k);
      std::vector<Cells> parts;
      for (size_t i = 0; i < pub.rows.size(); ++i) {
        if (belongs(pub_totals[t], pub.rows[i])) parts.push_back(rows[i]);
      }
      v.AddMargin(cells, parts);
      totals.push_back(cells);
    }
    v.AddMargin(total, totals);
  };
  margin(pub.by_period, real.by_period,
         [](const FlashRow& t, const FlashRow& r) { return t.period == r.period; });
  margin(pub.by_crossing_point, real.by_crossing_point,
         [](const FlashRow& t, const FlashRow& r) { return t.crossing_point == r.crossing_point; });
  margin(pub.by_mode, real.by_mode,
         [](const FlashRow& t, const FlashRow& r) { return t.mode == r.mode; });
  margin(pub.by_destination, real.by_destination, [&](const FlashRow& t, const FlashRow& r) {
    return pub.options.by_destination && t.destination_province == r.destination_province;
  });
  const Cells previous = v.AddRow(pub.previous, real.previous, k);
  if (pub.cumulative) {
    // cumulative = total + previous + the unpublished days before them.
    const Cells cumulative = v.AddRow(*pub.cumulative, *real.cumulative, k);
    Cells early{};
    for (size_t m = 0; m < kMeasureCount; ++m) {
      early[m] = v.known.size();
      v.known.push_back(std::nullopt);
      const int64_t value = v.truth[cumulative[m]] - v.truth[total[m]] - v.truth[previous[m]];
      v.truth.push_back(value);
      const int64_t people = m == kHouseholds ? v.truth[cumulative[kIndividuals]] -
                                                    v.truth[total[kIndividuals]] -
                                                    v.truth[previous[kIndividuals]]
                                              : value;
      v.sensitive.push_back(people > 0 && people < k);
    }
    v.equations.push_back({early[kIndividuals], {early[kFemale], early[kMale]}});
    v.AddMargin(cumulative, {total, previous, early});
  }
  return v;
}

void ExpectReaderLearnsNothingSmall(const FlashReport& pub, const FlashReport& real) {
  const ReaderView v = ViewOf(pub, real);
  size_t withheld = 0;
  for (size_t i = 0; i < v.known.size(); ++i) {
    if (v.known[i]) {
      EXPECT_EQ(*v.known[i], v.truth[i]) << "published figures are exact";
      EXPECT_FALSE(v.sensitive[i]) << "cell " << i << " = " << v.truth[i] << " is published";
    } else {
      ++withheld;
    }
  }
  const auto learnt = testing::SubtractionAttack(v.known, v.equations);
  const auto determined = testing::LinearAttack(v.known, v.equations);
  for (size_t i = 0; i < v.known.size(); ++i) {
    SCOPED_TRACE("cell " + std::to_string(i) + " = " + std::to_string(v.truth[i]));
    if (learnt[i]) {
      EXPECT_EQ(*learnt[i], v.truth[i]) << "the reader's equations are right";
    }
    if (v.sensitive[i]) {
      EXPECT_FALSE(learnt[i].has_value()) << "recoverable by subtraction";
      EXPECT_FALSE(determined[i]) << "recoverable by a linear combination";
    }
  }
  EXPECT_EQ(withheld, pub.primary_suppressed + pub.secondary_suppressed + 8 /* early */);
}

std::vector<FlowTally> RandomTallies(uint32_t seed) {
  std::mt19937 rng(seed);
  std::geometric_distribution<int> size(0.08);
  std::uniform_int_distribution<int> coin(0, 99);
  const std::vector<std::string> crossings = {kTorkham, kChaman, "Ghulam Khan"};
  const std::vector<std::string> provinces = {"Nangarhar", "Kabul", "Kandahar"};
  std::vector<FlowTally> out;
  const Date start{2024, 12, 20};
  for (int day = 0; day < 16; ++day) {
    for (const auto& crossing : crossings) {
      for (int mode = 0; mode < 3; ++mode) {
        if (coin(rng) < 30) continue;
        const int64_t n = 1 + size(rng);
        std::uniform_int_distribution<int64_t> split(0, n);
        const int64_t female = split(rng);
        std::array<int64_t, 4> ages{};
        for (int64_t i = 0; i < n; ++i) ++ages[static_cast<size_t>(coin(rng) % 4)];
        out.push_back(Tally(start.AddDays(day), crossing, static_cast<MovementMode>(mode),
                            std::max<int64_t>(1, n / 6), {female, n - female}, ages,
                            provinces[static_cast<size_t>(coin(rng)) % provinces.size()]));
      }
    }
  }
  return out;
}

TEST(FlashReport, SmallCellsAreSuppressedByDefault) {
  FlashOptions options;
  options.from = Date{2024, 12, 29};
  options.to = Date{2025, 1, 6};
  auto report = BuildFlashReport(HandBuilt(), {}, options);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->options.disclosure_control);
  EXPECT_EQ(report->options.k, 5);
  EXPECT_GT(report->primary_suppressed, 0u);
  // 2024-12-30 Torkham deported: 1 aged 5-17 and 4 aged 18-59 are small.
  const FlashRow& row = report->rows[1];
  EXPECT_EQ(row.figures[kAge5To17], std::nullopt);
  EXPECT_EQ(row.figures[kAge18To59], std::nullopt);
  const auto fields = row.SuppressedFields();
  EXPECT_NE(std::find(fields.begin(), fields.end(), "age_5_17"), fields.end());
  // Every published figure of a person count is 0 or at least k.
  for (const auto& r : report->rows) {
    for (size_t m = kIndividuals; m < kMeasureCount; ++m) {
      if (r.figures[m]) {
        EXPECT_TRUE(*r.figures[m] == 0 || *r.figures[m] >= 5);
      }
    }
  }
}

TEST(FlashReport, NoSuppressedFigureIsRecoverableFromThePublishedReport) {
  struct Case {
    uint32_t seed;
    Period by;
    bool by_destination;
    int64_t k;
  };
  const Case cases[] = {
      {1, Period::kDay, false, 5},   {2, Period::kDay, false, 5},   {3, Period::kWeek, false, 5},
      {4, Period::kWeek, true, 5},   {5, Period::kMonth, true, 5},  {6, Period::kDay, true, 10},
      {7, Period::kMonth, false, 3}, {8, Period::kWeek, false, 20},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("seed " + std::to_string(c.seed) + " by " + std::string(ToString(c.by)) +
                 (c.by_destination ? " by destination" : "") + " k " + std::to_string(c.k));
    const auto tallies = RandomTallies(c.seed);
    FlashOptions options;
    options.from = Date{2024, 12, 29};
    options.to = Date{2025, 1, 4};
    options.by = c.by;
    options.by_destination = c.by_destination;
    options.k = c.k;
    options.cumulative_since = Date{2024, 12, 20};
    auto published = BuildFlashReport(tallies, {}, options);
    options.disclosure_control = false;
    auto real = BuildFlashReport(tallies, {}, options);
    ASSERT_TRUE(published && real);
    EXPECT_GT(published->primary_suppressed, 0u);
    ExpectReaderLearnsNothingSmall(*published, *real);
  }
}

TEST(FlashReport, DisclosureControlCanBeTurnedOff) {
  auto report = BuildFlashReport(HandBuilt(), {}, Options(Period::kDay));
  ASSERT_TRUE(report);
  EXPECT_EQ(report->primary_suppressed + report->secondary_suppressed, 0u);
  EXPECT_EQ(report->rows[1].figures[kAge5To17], 1);
}

}  // namespace
}  // namespace sanad::report

namespace sanad::report {
namespace {

TEST(ParseFlashOptions, ReadsEveryParameter) {
  auto o = ParseFlashOptions({{"from", "2025-04-07"},
                              {"to", "2025-04-13"},
                              {"by", "week"},
                              {"direction", "to_pakistan"},
                              {"since", "2023-09-01"},
                              {"k", "10"},
                              {"by_destination", "true"},
                              {"format", "json"}});
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->from, (Date{2025, 4, 7}));
  EXPECT_EQ(o->to, (Date{2025, 4, 13}));
  EXPECT_EQ(o->by, Period::kWeek);
  EXPECT_EQ(o->direction, Direction::kToPakistan);
  EXPECT_EQ(o->cumulative_since, (Date{2023, 9, 1}));
  EXPECT_EQ(o->k, 10);
  EXPECT_TRUE(o->by_destination);
  EXPECT_TRUE(o->disclosure_control);
  EXPECT_FALSE(WeakensDisclosureControl(*o));
}

TEST(ParseFlashOptions, DefaultsAreSafe) {
  auto o = ParseFlashOptions({{"from", "2025-04-07"}, {"to", "2025-04-13"}});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->by, Period::kDay);
  EXPECT_EQ(o->k, 5);
  EXPECT_TRUE(o->disclosure_control);
  EXPECT_EQ(o->direction, Direction::kToAfghanistan);
}

TEST(ParseFlashOptions, NamesTheBadParameter) {
  const std::pair<std::map<std::string, std::string, std::less<>>, std::string> cases[] = {
      {{{"to", "2025-04-13"}}, "from"},
      {{{"from", "2025-04-07"}, {"to", "13/04/2025"}}, "to"},
      {{{"from", "2025-04-07"}, {"to", "2025-04-13"}, {"by", "year"}}, "by"},
      {{{"from", "2025-04-07"}, {"to", "2025-04-13"}, {"k", "0"}}, "k"},
      {{{"from", "2025-04-07"}, {"to", "2025-04-13"}, {"k", "5x"}}, "k"},
      {{{"from", "2025-04-07"}, {"to", "2025-04-13"}, {"suppression", "maybe"}}, "suppression"},
      {{{"from", "2025-04-07"}, {"to", "2025-04-13"}, {"direction", "north"}}, "direction"},
      {{{"from", "2025-04-07"}, {"to", "2025-04-13"}, {"since", "2025-05-01"}}, "cumulative_since"},
      {{{"from", "2025-04-14"}, {"to", "2025-04-13"}}, "from"},
  };
  for (const auto& [params, field] : cases) {
    SCOPED_TRACE(field);
    auto o = ParseFlashOptions(params);
    ASSERT_FALSE(o);
    EXPECT_EQ(o.error().field, field);
  }
}

TEST(ParseFlashOptions, TurningSuppressionOffOrLoweringKWeakensIt) {
  auto off =
      ParseFlashOptions({{"from", "2025-04-07"}, {"to", "2025-04-13"}, {"suppression", "off"}});
  ASSERT_TRUE(off);
  EXPECT_TRUE(WeakensDisclosureControl(*off));
  auto low = ParseFlashOptions({{"from", "2025-04-07"}, {"to", "2025-04-13"}, {"k", "3"}});
  ASSERT_TRUE(low);
  EXPECT_TRUE(WeakensDisclosureControl(*low));
}

}  // namespace
}  // namespace sanad::report

namespace sanad::report {
namespace {

// Publishing two suppression patterns of the same figures would leak: the
// pattern must not depend on the order the store returns the flows in.
TEST(FlashReport, SuppressionPatternDoesNotDependOnInputOrder) {
  auto tallies = RandomTallies(11);
  FlashOptions options;
  options.from = Date{2024, 12, 29};
  options.to = Date{2025, 1, 4};
  options.cumulative_since = Date{2024, 12, 20};
  auto first = BuildFlashReport(tallies, {}, options);
  std::mt19937 rng(3);
  std::shuffle(tallies.begin(), tallies.end(), rng);
  auto second = BuildFlashReport(tallies, {}, options);
  ASSERT_TRUE(first && second);
  ASSERT_GT(first->primary_suppressed, 0u);
  ASSERT_EQ(first->rows.size(), second->rows.size());
  for (size_t i = 0; i < first->rows.size(); ++i) {
    SCOPED_TRACE(first->rows[i].period + " " + first->rows[i].crossing_point);
    EXPECT_EQ(first->rows[i].figures, second->rows[i].figures);
  }
  EXPECT_EQ(first->total.figures, second->total.figures);
  EXPECT_EQ(first->secondary_suppressed, second->secondary_suppressed);
}

}  // namespace
}  // namespace sanad::report
