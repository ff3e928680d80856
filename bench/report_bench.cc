// How fast a returns flash update renders: one year × 7 crossing points × 3
// modes, 5 million people's movements (about 720,000 household movements,
// each a registered flow, half of the days also counted by head-count
// tallies that declare the overlap). Measures building the report
// (de-duplication, aggregation, disclosure control) and rendering it as
// JSON, HXL CSV and XLSX.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>
#include <vector>

#include "core/flow.h"
#include "report/flash.h"
#include "report/flash_output.h"

namespace sanad::report {
namespace {

constexpr int64_t kPeople = 5'000'000;
constexpr int kDays = 365;

struct Data {
  std::vector<FlowTally> tallies;
  std::vector<FlowTally> registered;
  int64_t people = 0;
};

const Data& Year() {
  static const Data data = [] {
    Data d;
    std::mt19937_64 rng(2023);
    const auto gazetteer = CrossingGazetteer::Default();
    const double crossing_share[] = {0.45, 0.35, 0.06, 0.04, 0.04, 0.03, 0.03};
    const double mode_share[] = {0.80, 0.15, 0.05};
    const std::vector<std::string> provinces = {"Nangarhar", "Kabul",   "Kandahar", "Kunduz",
                                                "Laghman",   "Helmand", "Khost",    "Paktia"};
    std::discrete_distribution<size_t> province({27, 20, 12, 8, 8, 9, 8, 8});
    std::uniform_int_distribution<int> household_size(1, 13);  // mean 7
    std::uniform_int_distribution<int> percent(0, 99);
    const Date start{2024, 1, 1};
    const double per_day = static_cast<double>(kPeople) / kDays;
    for (int day = 0; day < kDays; ++day) {
      const Date date = start.AddDays(day);
      for (size_t c = 0; c < 7; ++c) {
        for (size_t m = 0; m < 3; ++m) {
          auto target = static_cast<int64_t>(per_day * crossing_share[c] * mode_share[m]);
          FlowTally count;  // the head count at the crossing, when made
          count.date = date;
          count.crossing_point = gazetteer.points()[c].name;
          count.mode = static_cast<MovementMode>(m);
          const bool counted = day % 2 == 0;
          while (target > 0) {
            FlowTally f;
            f.date = date;
            f.crossing_point = count.crossing_point;
            f.mode = count.mode;
            f.households = 1;
            f.individuals = std::min<int64_t>(target, household_size(rng));
            for (int64_t i = 0; i < f.individuals; ++i) {
              (percent(rng) < 55 ? f.female : f.male) += 1;
              const int age = percent(rng);
              (age < 18   ? f.age_0_4
               : age < 52 ? f.age_5_17
               : age < 95 ? f.age_18_59
                          : f.age_60_plus) += 1;
            }
            f.destination_province = provinces[province(rng)];
            target -= f.individuals;
            d.people += f.individuals;
            d.registered.push_back(f);
            if (counted) {
              count.households += f.households;
              count.individuals += f.individuals;
              count.female += f.female;
              count.male += f.male;
              count.age_0_4 += f.age_0_4;
              count.age_5_17 += f.age_5_17;
              count.age_18_59 += f.age_18_59;
              count.age_60_plus += f.age_60_plus;
            }
          }
          if (counted && count.individuals > 0) {
            count.destination_province = "Nangarhar";
            count.registered_individuals = count.individuals;  // everyone also registered
            d.tallies.push_back(count);
          }
        }
      }
    }
    return d;
  }();
  return data;
}

FlashOptions YearOptions(Period by) {
  FlashOptions o;
  o.from = Date{2024, 1, 1};
  o.to = Date{2024, 12, 30};
  o.by = by;
  o.cumulative_since = Date{2024, 1, 1};
  return o;
}

void BM_BuildFlashReport(benchmark::State& state) {
  const Data& data = Year();
  const auto by = static_cast<Period>(state.range(0));
  size_t rows = 0;
  size_t withheld = 0;
  for (auto _ : state) {
    auto report = BuildFlashReport(data.tallies, data.registered, YearOptions(by));
    rows = report->rows.size();
    withheld = report->primary_suppressed + report->secondary_suppressed;
    benchmark::DoNotOptimize(report);
  }
  state.counters["people"] = static_cast<double>(data.people);
  state.counters["flows"] = static_cast<double>(data.tallies.size() + data.registered.size());
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["withheld"] = static_cast<double>(withheld);
  state.SetLabel(std::string(ToString(by)));
}
BENCHMARK(BM_BuildFlashReport)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

// The whole flash update: build, then JSON, HXL CSV and XLSX.
void BM_RenderFlashUpdate(benchmark::State& state) {
  const Data& data = Year();
  const auto by = static_cast<Period>(state.range(0));
  const auto path = std::filesystem::temp_directory_path() / "sanad_report_bench.xlsx";
  for (auto _ : state) {
    auto report = BuildFlashReport(data.tallies, data.registered, YearOptions(by));
    auto json = FlashToJson(*report).dump();
    auto csv = FlashToHxlCsv(*report);
    auto written = WriteFlashXlsx(*report, path.string());
    benchmark::DoNotOptimize(json);
    benchmark::DoNotOptimize(csv);
    benchmark::DoNotOptimize(written);
  }
  std::filesystem::remove(path);
  state.SetLabel(std::string(ToString(by)));
}
BENCHMARK(BM_RenderFlashUpdate)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sanad::report

namespace sanad::report {
namespace {

// The hardest case for disclosure control: rows also split by destination
// province, so many more small cells.
void BM_BuildFlashReportByDestination(benchmark::State& state) {
  const Data& data = Year();
  FlashOptions options = YearOptions(static_cast<Period>(state.range(0)));
  options.by_destination = true;
  size_t rows = 0;
  size_t withheld = 0;
  for (auto _ : state) {
    auto report = BuildFlashReport(data.tallies, data.registered, options);
    rows = report->rows.size();
    withheld = report->primary_suppressed + report->secondary_suppressed;
    benchmark::DoNotOptimize(report);
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["withheld"] = static_cast<double>(withheld);
  state.SetLabel(std::string(ToString(options.by)));
}
BENCHMARK(BM_BuildFlashReportByDestination)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sanad::report
