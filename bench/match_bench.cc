// Matching benchmarks: comparators, per-pair scoring, and the incremental
// candidate query at 100,000 and 1,000,000 indexed records (p50/p99 as
// counters). Data from the synthetic generator (match/synthetic_data.h).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/csv.h"
#include "match/blocking.h"
#include "match/candidate_index.h"
#include "match/comparison.h"
#include "match/dedupe.h"
#include "match/records.h"
#include "match/string_similarity.h"
#include "match/synthetic_data.h"

namespace sanad::match {
namespace {

void BM_JaroWinkler(benchmark::State& state) {
  const std::string_view names[][2] = {{"mohammad zaman", "muhammad zaman"},
                                       {"abdurrahman", "abdul rahman"},
                                       {"gulalai", "zarghona"},
                                       {"shafiqullah", "shafiqulah"}};
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(JaroWinkler(names[i & 3][0], names[i & 3][1]));
    ++i;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_JaroWinkler);

// A deduplicated synthetic data set, its candidate pairs and trained scorer.
struct Scored {
  std::unique_ptr<FeatureStore> store;
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  Parameters parameters;
};

const Scored& Data() {
  static const Scored* data = [] {
    auto* d = new Scored;
    SynthOptions options;
    options.persons = 50000;
    const SyntheticData synthetic = GenerateSynthetic(options);
    d->store = std::make_unique<FeatureStore>(DefaultPersonModel());
    (void)ReadRecords(synthetic.persons_csv, d->store.get());
    DedupeOptions dedupe;
    dedupe.threads = 2;
    d->parameters = Dedupe(d->store.get(), dedupe)->parameters;
    const Blocker blocker(*d->store, d->store->model());
    std::vector<uint32_t> scratch;
    for (size_t b = 0; b < blocker.block_count(); ++b) {
      blocker.ForEachPair(b, &scratch,
                          [&](uint32_t i, uint32_t j) { d->pairs.emplace_back(i, j); });
    }
    return d;
  }();
  return *data;
}

void BM_CompareNameFields(benchmark::State& state) {
  const Scored& data = Data();
  const FieldSpec& given = data.store->model().fields[0];
  SimilarityCache cache;
  size_t k = 0;
  for (auto _ : state) {
    const auto& [i, j] = data.pairs[k++ % data.pairs.size()];
    uint32_t agreed = 0;
    benchmark::DoNotOptimize(CompareField(given, data.store->Record(i)[0], data.store->Record(j)[0],
                                          data.store->pool(), &agreed, &cache));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_CompareNameFields);

// Scoring one candidate pair, all nine fields of the person model, with
// term frequencies and the lineage cap: the hot loop of `sanad dedupe`.
void BM_ScorePair(benchmark::State& state) {
  const Scored& data = Data();
  const Scorer scorer(*data.store, data.parameters);
  SimilarityCache cache;
  size_t k = 0;
  for (auto _ : state) {
    const auto& [i, j] = data.pairs[k++ % data.pairs.size()];
    benchmark::DoNotOptimize(scorer.Score(data.store->Record(i), data.store->Record(j), &cache));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["candidate_pairs"] = static_cast<double>(data.pairs.size());
}
BENCHMARK(BM_ScorePair);

// Candidate query latency with `state.range(0)` records indexed.
void BM_CandidateQuery(benchmark::State& state) {
  const auto wanted = static_cast<size_t>(state.range(0));
  SynthOptions options;
  options.persons = wanted * 100 / 138;  // about 1.38 records a person
  options.seed = 3;
  const SyntheticData synthetic = GenerateSynthetic(options);
  CandidateIndex index;
  CsvReader reader(synthetic.persons_csv);
  std::vector<std::string> row;
  (void)reader.Next(&row);  // header
  std::vector<std::vector<std::string>> queries;
  auto raw_of = [](const std::vector<std::string>& r) {
    // record_id,given,father,grandfather,family,sex,birth,phone,tazkira,por,province,...
    return std::vector<std::vector<std::string_view>>{{r[1]}, {r[2]}, {r[3]},       {r[4]}, {r[5]},
                                                      {r[6]}, {r[7]}, {r[8], r[9]}, {r[10]}};
  };
  while (true) {
    Result<bool> next = reader.Next(&row);
    if (!next || !*next || index.size() >= wanted) break;
    if (index.size() % 997 == 0 && queries.size() < 2000) queries.push_back(row);
    (void)index.AddRecord(row[0], raw_of(row));
  }
  if (auto trained = index.Train(2); !trained) {
    state.SkipWithError(trained.error().message.c_str());
    return;
  }
  std::vector<double> micros;
  size_t q = 0;
  for (auto _ : state) {
    const auto& query = queries[q++ % queries.size()];
    const auto start = std::chrono::steady_clock::now();
    auto found = index.CandidatesForRecord(raw_of(query), 10, 0.3, query[0]);
    benchmark::DoNotOptimize(found);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(micros.begin(), micros.end());
  state.counters["indexed"] = static_cast<double>(index.size());
  state.counters["p50_us"] = micros[micros.size() / 2];
  state.counters["p99_us"] = micros[micros.size() * 99 / 100];
}
BENCHMARK(BM_CandidateQuery)
    ->Arg(100000)
    ->Arg(1000000)
    ->Iterations(2000)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace sanad::match
