// Family tracing: the matches of one tracing request (api/tracing_index.h)
// over a register of `state.range(0)` synthetic records, half of whom
// consented to tracing, with 1,000 other open requests in the index of
// requests. Each request seeks a brother (given name only: the father's and
// grandfather's names come from the family structure) and a father, so one
// answer is four engine queries: two on the register, two on the requests.
// p50/p99 wall time as counters. Excluded: reading the request from the
// store, its audit entry and the JSON (docs/benchmarks.md says how much
// they add over HTTP).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "api/tracing_index.h"
#include "core/csv.h"
#include "match/candidate_index.h"
#include "match/synthetic_data.h"

namespace sanad::api {
namespace {

void BM_TracingMatches(benchmark::State& state) {
  const auto wanted = static_cast<size_t>(state.range(0));
  match::SynthOptions options;
  options.persons = wanted * 100 / 138;  // about 1.38 records a person
  options.seed = 5;
  const match::SyntheticData synthetic = match::GenerateSynthetic(options);
  match::CandidateIndex persons;
  TracingIndex tracing;
  CsvReader reader(synthetic.persons_csv);
  std::vector<std::string> row;
  (void)reader.Next(&row);  // header
  // record_id,given,father,grandfather,family,sex,birth,phone,tazkira,por,province,...
  auto raw_of = [](const std::vector<std::string>& r) {
    return std::vector<std::vector<std::string_view>>{{r[1]}, {r[2]}, {r[3]},       {r[4]}, {r[5]},
                                                      {r[6]}, {r[7]}, {r[8], r[9]}, {r[10]}};
  };
  std::vector<store::TracingFile> files;
  size_t indexed = 0;
  while (true) {
    Result<bool> next = reader.Next(&row);
    if (!next || !*next || indexed >= wanted) break;
    (void)persons.AddRecord(row[0], raw_of(row));
    ++indexed;
    if (indexed % 2 == 0) {
      Person consenting;
      consenting.id = row[0];
      consenting.consents = {ConsentPurpose::kTracing};
      tracing.PersonSaved(consenting);
    }
    if (indexed % 499 == 0 && files.size() < 3000 && !row[2].empty()) {
      // An inquirer who is this person's brother, seeking him and their father.
      store::TracingFile file;
      file.request.id = "request-" + std::to_string(files.size());
      file.request.status = TracingStatus::kOpen;
      file.inquirer.id = "inquirer-" + std::to_string(files.size());
      file.inquirer.given_name = "Sharif";
      file.inquirer.father_name = row[2];
      file.inquirer.grandfather_name = row[3];
      file.inquirer.sex = Sex::kMale;
      file.inquirer.consents = {ConsentPurpose::kTracing};
      SoughtPerson brother;
      brother.given_name = row[1];
      brother.relationship = SoughtRelationship::kBrother;
      SoughtPerson father;
      father.given_name = row[2];
      father.relationship = SoughtRelationship::kFather;
      father.age = 60;
      file.request.sought = {brother, father};
      file.request.found = {false, false};
      files.push_back(std::move(file));
    }
  }
  // 1,000 of them open in the index of requests, the rest asked about.
  for (size_t i = 0; i < std::min<size_t>(1000, files.size()); ++i) {
    tracing.PersonSaved(files[i].inquirer);
    tracing.Put(files[i]);
  }
  const Date today{2026, 12, 2};
  std::vector<double> micros;
  size_t q = 0;
  size_t found = 0;
  for (auto _ : state) {
    const store::TracingFile& file = files[q++ % files.size()];
    const auto start = std::chrono::steady_clock::now();
    auto matches = tracing.Matches(file, persons, today);
    benchmark::DoNotOptimize(matches);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    if (matches) found += matches->size();
  }
  std::sort(micros.begin(), micros.end());
  state.counters["indexed"] = static_cast<double>(persons.size());
  state.counters["matches_per_request"] =
      static_cast<double>(found) / static_cast<double>(std::max<size_t>(1, micros.size()));
  state.counters["p50_us"] = micros[micros.size() / 2];
  state.counters["p99_us"] = micros[micros.size() * 99 / 100];
}
BENCHMARK(BM_TracingMatches)
    ->Arg(100000)
    ->Arg(1000000)
    ->Iterations(2000)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace sanad::api
