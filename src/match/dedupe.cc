// The batch pipeline (see dedupe.h).
//
// Stages: (1) blocking; (2) training: u from random pairs, m and the match
// share by EM over the comparison patterns of a sample of candidate blocks
// (patterns, not pairs, are what EM iterates over); the prior for a random
// pair is the match share times candidate pairs over all pairs; (3) scoring
// every candidate pair on `threads` threads, each taking blocks from a shared
// counter and keeping the pairs at or above the review threshold; (4)
// guarded clustering.
// Cost: linear in candidate pairs; memory: the features (32 bytes per field
// per record), the keys, and the kept pairs.
#include "match/dedupe.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace sanad::match {
namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

uint64_t HashBlock(uint64_t block, uint64_t seed) {
  uint64_t h = block * 0x9e3779b97f4a7c15ULL ^ seed;
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ULL;
  return h ^ (h >> 29);
}

// Runs work(block, thread) over all blocks on `threads` threads, calling
// progress from the calling thread.
void ParallelBlocks(size_t blocks, int threads, const std::function<void(size_t, int)>& work,
                    const std::function<void(double)>& progress) {
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  constexpr size_t kChunk = 256;
  auto run = [&](int thread) {
    while (true) {
      const size_t begin = next.fetch_add(kChunk);
      if (begin >= blocks) return;
      const size_t end = std::min(blocks, begin + kChunk);
      for (size_t b = begin; b < end; ++b) work(b, thread);
      done.fetch_add(end - begin);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(run, t);
  if (progress) {
    // The calling thread works too, reporting between chunks.
    while (true) {
      const size_t begin = next.fetch_add(kChunk);
      if (begin >= blocks) break;
      const size_t end = std::min(blocks, begin + kChunk);
      for (size_t b = begin; b < end; ++b) work(b, 0);
      done.fetch_add(end - begin);
      progress(blocks == 0 ? 1.0 : static_cast<double>(done.load()) / static_cast<double>(blocks));
    }
  } else {
    run(0);
  }
  for (std::thread& t : pool) t.join();
}

}  // namespace

Training TrainParameters(const FeatureStore& store, const Blocker& blocker,
                         const DedupeOptions& options) {
  const Model& model = store.model();
  const int threads = std::max(1, options.threads);
  const double n = static_cast<double>(store.size());
  const double all_pairs = std::max(1.0, n * (n - 1) / 2);
  Training training;
  std::vector<FieldParameters> u = EstimateU(store, options.u_pairs, options.seed, threads);
  const Scorer comparer(store, DefaultParameters(model, 1e-6));
  const double bound = static_cast<double>(blocker.TotalPairBound());
  const double share = bound <= static_cast<double>(options.em_pairs)
                           ? 1.0
                           : static_cast<double>(options.em_pairs) / bound;
  const auto threshold = static_cast<uint64_t>(share * 18446744073709551615.0);
  std::vector<PatternCounts> local(static_cast<size_t>(threads));
  std::vector<uint64_t> emitted(static_cast<size_t>(threads), 0);
  std::vector<std::vector<uint32_t>> scratch(static_cast<size_t>(threads));
  ParallelBlocks(blocker.block_count(), threads,
                 [&](size_t block, int thread) {
                   if (share < 1.0 && HashBlock(block, options.seed) > threshold) return;
                   const auto t = static_cast<size_t>(thread);
                   blocker.ForEachPair(block, &scratch[t], [&](uint32_t i, uint32_t j) {
                     ++local[t][comparer.Compare(store.Record(i), store.Record(j))];
                     ++emitted[t];
                   });
                 },
                 {});
  PatternCounts patterns;
  for (size_t t = 0; t < local.size(); ++t) {
    for (const auto& [pattern, count] : local[t]) patterns[pattern] += count;
    training.sampled_pairs += emitted[t];
  }
  if (training.sampled_pairs == 0) {
    training.parameters = DefaultParameters(model, 1.0 / std::max(n, 2.0));
    return training;
  }
  const EmResult em = EstimateByEm(model, patterns, u);
  training.em_iterations = em.iterations;
  training.em_converged = em.converged;
  training.blocked_match_share = em.lambda;
  training.parameters.fields = u;
  for (size_t f = 0; f < u.size(); ++f) training.parameters.fields[f].m = em.fields[f].m;
  const double candidate_pairs = static_cast<double>(training.sampled_pairs) / share;
  training.parameters.lambda = std::clamp(em.lambda * candidate_pairs / all_pairs, 1e-15, 0.5);
  return training;
}

Result<DedupeResult> Dedupe(FeatureStore* store, const DedupeOptions& options) {
  if (options.threads < 1 || options.threads > 256) {
    return Fail(Error::InvalidInput("threads", "must be between 1 and 256"));
  }
  auto report = [&](std::string_view stage, double fraction) {
    if (options.progress) options.progress(stage, fraction);
  };
  const Model& model = store->model();
  const int threads = options.threads;
  DedupeResult result;
  store->FreezeFrequencies();

  auto start = std::chrono::steady_clock::now();
  report("blocking", 0.0);
  const Blocker blocker(*store, model);
  result.stats.blocking = blocker.stats();
  result.stats.seconds_blocking = Seconds(start);
  report("blocking", 1.0);

  start = std::chrono::steady_clock::now();
  report("training", 0.0);
  if (options.parameters != nullptr) {
    result.parameters = *options.parameters;
  } else {
    Training training = TrainParameters(*store, blocker, options);
    result.parameters = std::move(training.parameters);
    result.stats.em_iterations = training.em_iterations;
    result.stats.em_converged = training.em_converged;
    result.stats.blocked_match_share = training.blocked_match_share;
  }
  result.stats.seconds_training = Seconds(start);
  report("training", 1.0);

  start = std::chrono::steady_clock::now();
  const Scorer scorer(*store, result.parameters);
  const auto review = static_cast<float>(model.review_threshold);
  {
    std::vector<std::vector<ScoredPair>> kept(static_cast<size_t>(threads));
    std::vector<uint64_t> scored(static_cast<size_t>(threads), 0);
    std::vector<std::vector<uint32_t>> scratch(static_cast<size_t>(threads));
    ParallelBlocks(
        blocker.block_count(), threads,
        [&](size_t block, int thread) {
          const auto t = static_cast<size_t>(thread);
          uint64_t count = 0;
          blocker.ForEachPair(block, &scratch[t], [&](uint32_t i, uint32_t j) {
            const PairScore score = scorer.Score(store->Record(i), store->Record(j));
            ++count;
            if (score.probability >= review) {
              kept[t].push_back(
                  {i, j, static_cast<float>(score.weight), static_cast<float>(score.probability)});
            }
          });
          scored[t] += count;
        },
        [&](double fraction) { report("scoring", fraction); });
    size_t total = 0;
    for (size_t t = 0; t < kept.size(); ++t) {
      total += kept[t].size();
      result.stats.pairs_scored += scored[t];
    }
    result.pairs.reserve(total);
    for (auto& part : kept) {
      result.pairs.insert(result.pairs.end(), part.begin(), part.end());
      std::vector<ScoredPair>().swap(part);
    }
  }
  std::sort(result.pairs.begin(), result.pairs.end(), [](const ScoredPair& a, const ScoredPair& b) {
    return a.left != b.left ? a.left < b.left : a.right < b.right;
  });
  result.pairs.erase(std::unique(result.pairs.begin(), result.pairs.end(),
                                 [](const ScoredPair& a, const ScoredPair& b) {
                                   return a.left == b.left && a.right == b.right;
                                 }),
                     result.pairs.end());
  result.stats.seconds_scoring = Seconds(start);
  result.stats.pairs_per_second_per_thread = static_cast<double>(result.stats.pairs_scored) /
                                             std::max(1e-9, result.stats.seconds_scoring * threads);

  start = std::chrono::steady_clock::now();
  report("clustering", 0.0);
  ClusteringOptions clustering;
  clustering.match_threshold = model.match_threshold;
  result.clustering =
      ClusterPairs(store->size(), result.pairs, clustering, [&](uint32_t i, uint32_t j) {
        return scorer.Score(store->Record(i), store->Record(j)).probability;
      });
  for (const ScoredPair& pair : result.pairs) {
    if (pair.probability < model.match_threshold) ++result.stats.review_pairs;
  }
  result.stats.clusters = result.clustering.clusters;
  result.stats.split_components = result.clustering.split_components;
  result.stats.seconds_clustering = Seconds(start);
  report("clustering", 1.0);
  return result;
}

}  // namespace sanad::match
