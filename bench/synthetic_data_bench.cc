// `sanad synth` without the disk: records generated per second.
#include <benchmark/benchmark.h>

#include "match/synthetic_data.h"

namespace {

void BM_GenerateSynthetic(benchmark::State& state) {
  const auto persons = static_cast<size_t>(state.range(0));
  size_t records = 0;
  for (auto _ : state) {
    size_t bytes = 0;
    const auto stats = sanad::match::GenerateSynthetic(
        sanad::match::SynthOptions{persons, 1, 0.25},
        [&bytes](std::string_view p, std::string_view t) { bytes += p.size() + t.size(); });
    records += stats.records;
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(static_cast<int64_t>(records));
  state.counters["records"] =
      static_cast<double>(records) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_GenerateSynthetic)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
