// Folding and skeletons per name, phones per number: the text layer's share
// of deduplicating a million records (4 name fields each).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "text/document_number.h"
#include "text/gazetteer.h"
#include "text/name_folding.h"
#include "text/phone.h"

namespace {

const std::vector<std::string>& LatinNames() {
  static const std::vector<std::string> names = {
      "Mohammad Zaman", "Abdul Rahman", "Ghulam Hazrat", "Din Mohammad",
      "Noor Ahmad",     "Rahimullah",   "Nasir ud Din",  "Haji Mullah Abdul Karim",
      "Fatima",         "Zarghuna",     "Muhammad Nabi", "Abdurrahman",
      "Hussain",        "Gul Bibi",     "Ahmadzai"};
  return names;
}

const std::vector<std::string>& ArabicNames() {
  static const std::vector<std::string> names = {
      "محمد زمان", "عبدالرحمن",          "غلام حضرت", "دین محمد", "نور احمد", "رحیم الله",
      "نصیرالدین", "حاجی ملا عبدالکریم", "فاطمه",     "زرغونه",   "مُحَمَّد نبي", "عبد الرحمن",
      "حسين",      "ګل بی بی",           "سپوږمۍ"};
  return names;
}

void BM_FoldName(benchmark::State& state, const std::vector<std::string>& names) {
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sanad::text::FoldName(names[i++ % names.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_FoldName, latin, LatinNames());
BENCHMARK_CAPTURE(BM_FoldName, arabic, ArabicNames());

void BM_NameSkeleton(benchmark::State& state, const std::vector<std::string>& names) {
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sanad::text::NameSkeleton(names[i++ % names.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_NameSkeleton, latin, LatinNames());
BENCHMARK_CAPTURE(BM_NameSkeleton, arabic, ArabicNames());

void BM_JoinedSkeleton(benchmark::State& state, const std::vector<std::string>& names) {
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sanad::text::JoinedSkeleton(names[i++ % names.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_JoinedSkeleton, latin, LatinNames());
BENCHMARK_CAPTURE(BM_JoinedSkeleton, arabic, ArabicNames());

void BM_SearchKeys(benchmark::State& state) {
  const auto& names = ArabicNames();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sanad::text::SearchKeys(names[i++ % names.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SearchKeys);

void BM_NormalizePhone(benchmark::State& state) {
  const std::vector<std::string> phones = {"0700 123 456", "+93 700 123 456", "0093700123456",
                                           "۰۷۰۰۱۲۳۴۵۶",   "0300 1234567",    "+92 300 1234567"};
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sanad::text::NormalizePhone(phones[i++ % phones.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormalizePhone);

void BM_NormalizeDocumentNumber(benchmark::State& state) {
  const std::vector<std::string> numbers = {"1400-0123-45678", "۱۴۰۰-۰۱۲۳-۴۵۶۷۸", "POR-12345678"};
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sanad::text::NormalizeDocumentNumber(numbers[i++ % numbers.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormalizeDocumentNumber);

void BM_CanonicalProvince(benchmark::State& state) {
  const std::vector<std::string> provinces = {"Ningarhar", "ننګرهار", "Kabul province", "KPK"};
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sanad::text::CanonicalProvince(provinces[i++ % provinces.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CanonicalProvince);

}  // namespace
