// How fast the policy engine answers: person-date evaluations per second on
// one thread, for the status alone (what bulk counts and timelines use), the
// full explained answer, and a three-year timeline.
#include <benchmark/benchmark.h>

#include <vector>

#include "policy/evaluation.h"
#include "policy/policy.h"

namespace sanad::policy {
namespace {

const Policy& Shipped() {
  static const Policy policy = *LoadShippedPolicy();
  return policy;
}

// A mixed population: the document combinations a registrar sees.
std::vector<std::vector<HeldDocument>> People() {
  const Date visa_end{2024, 5, 1};
  return {
      {},
      {{DocumentType::kPorCard, std::nullopt}},
      {{DocumentType::kAcc, std::nullopt}},
      {{DocumentType::kTazkira, std::nullopt}},
      {{DocumentType::kPassport, std::nullopt}, {DocumentType::kVisa, visa_end}},
      {{DocumentType::kUnhcrAsylumCertificate, std::nullopt},
       {DocumentType::kETazkira, std::nullopt}},
      {{DocumentType::kPorCard, std::nullopt},
       {DocumentType::kAcc, std::nullopt},
       {DocumentType::kTazkira, std::nullopt}},
      {{DocumentType::kVrf, std::nullopt}},
  };
}

std::vector<Date> Dates() {
  std::vector<Date> out;
  for (Date d{2023, 1, 1}; d <= Date{2025, 12, 31}; d = d.AddDays(7)) out.push_back(d);
  return out;
}

// Runs `evaluate(person, date)` over the people and dates in turn.
template <typename Evaluator>
void OverPeopleAndDates(benchmark::State& state, Evaluator evaluate) {
  const auto people = People();
  const auto dates = Dates();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        evaluate(people[i % people.size()], dates[(i / people.size()) % dates.size()]));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_StatusOn(benchmark::State& state) {
  OverPeopleAndDates(
      state, [](const auto& person, Date date) { return StatusOn(Shipped(), person, date); });
}
BENCHMARK(BM_StatusOn);

void BM_Evaluate(benchmark::State& state) {
  OverPeopleAndDates(
      state, [](const auto& person, Date date) { return Evaluate(Shipped(), person, date); });
}
BENCHMARK(BM_Evaluate);

// The planning count: whose status changes within the next 30 days.
void BM_NextStatusChange30Days(benchmark::State& state) {
  OverPeopleAndDates(state, [](const auto& person, Date date) {
    return NextStatusChange(Shipped(), person, date, 30);
  });
}
BENCHMARK(BM_NextStatusChange30Days);

void BM_TimelineThreeYears(benchmark::State& state) {
  const auto people = People();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        Timeline(Shipped(), people[i % people.size()], Date{2023, 1, 1}, Date{2025, 12, 31}));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TimelineThreeYears);

void BM_LoadShippedPolicy(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(LoadShippedPolicy());
}
BENCHMARK(BM_LoadShippedPolicy);

}  // namespace
}  // namespace sanad::policy
