// How fast the weekly protection-monitoring figures build: 200,000 incidents
// over a year (2023-01-02 to 2023-12-31), in 7 provinces of Pakistan (most
// in Balochistan), 12 incident types, 1 to 6 persons each (about 700,000
// persons), documentation drawn from all six categories, a tenth of the
// incidents dated by month only. Measures BuildIncidentReport (bucketing,
// distinct incidents per row, disclosure control with the lower-bound rule)
// and rendering as JSON, HXL CSV and XLSX. Reading the facts from the
// database (Store::ListIncidentFacts) is not included.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "report/incident_report.h"

namespace sanad::report {
namespace {

constexpr int kIncidents = 200'000;

const std::vector<IncidentFact>& Year() {
  static const std::vector<IncidentFact> facts = [] {
    std::vector<IncidentFact> out;
    std::mt19937_64 rng(2023);
    const char* provinces[] = {"Balochistan", "Khyber Pakhtunkhwa", "Sindh", "Punjab",
                               "Islamabad Capital Territory", "Gilgit-Baltistan",
                               "Azad Jammu and Kashmir"};
    std::discrete_distribution<size_t> province({50, 22, 14, 10, 2, 1, 1});
    std::discrete_distribution<int> type({30, 25, 10, 6, 4, 6, 4, 2, 5, 2, 2, 4});
    std::discrete_distribution<int> documentation({18, 12, 3, 25, 7, 35});
    std::uniform_int_distribution<int> persons(1, 6);
    std::uniform_int_distribution<int> day(0, 363);
    std::uniform_int_distribution<int> percent(0, 99);
    const Date start{2023, 1, 2};
    for (int i = 0; i < kIncidents; ++i) {
      Date date = start.AddDays(day(rng));
      if (percent(rng) < 10) date.day = 1;  // dated by month only: counted on the 1st
      const char* where = provinces[province(rng)];
      const auto what = static_cast<IncidentType>(type(rng));
      const int n = persons(rng);
      for (int p = 0; p < n; ++p) {
        const auto doc = static_cast<Documentation>(documentation(rng));
        out.push_back({static_cast<uint64_t>(i), date, where, what, doc,
                       doc != Documentation::kNone && percent(rng) < 70});
      }
    }
    return out;
  }();
  return facts;
}

IncidentReportOptions Options(Period by) {
  IncidentReportOptions o;
  o.from = Date{2023, 1, 1};
  o.to = Date{2023, 12, 31};
  o.by = by;
  return o;
}

void BM_IncidentReportBuild(benchmark::State& state) {
  const auto& facts = Year();
  const auto by = static_cast<Period>(state.range(0));
  size_t rows = 0;
  size_t withheld = 0;
  for (auto _ : state) {
    auto report = BuildIncidentReport(facts, Options(by));
    benchmark::DoNotOptimize(report);
    rows = report->rows.size();
    withheld = report->primary_suppressed + report->secondary_suppressed;
  }
  state.counters["persons"] = static_cast<double>(facts.size());
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["withheld"] = static_cast<double>(withheld);
}
BENCHMARK(BM_IncidentReportBuild)
    ->Arg(static_cast<int>(Period::kWeek))
    ->Arg(static_cast<int>(Period::kMonth))
    ->Unit(benchmark::kMillisecond);

void BM_IncidentReportAllFormats(benchmark::State& state) {
  const auto& facts = Year();
  for (auto _ : state) {
    auto report = BuildIncidentReport(facts, Options(Period::kWeek));
    auto json = IncidentReportToJson(*report).dump();
    auto csv = IncidentReportToHxlCsv(*report);
    auto xlsx = IncidentReportToXlsx(*report);
    benchmark::DoNotOptimize(json);
    benchmark::DoNotOptimize(csv);
    benchmark::DoNotOptimize(xlsx);
  }
}
BENCHMARK(BM_IncidentReportAllFormats)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sanad::report
