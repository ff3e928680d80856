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
#include <cmath>
#include <cstdint>
#include <ctime>
#include <mutex>
#include <span>
#include <string_view>
#include <unordered_map>

#include "core/workers.h"

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
double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Runs work(block, thread) over all blocks on `threads` threads, calling
// progress from the calling thread. Returns the CPU seconds all threads
// spent; kInternal naming `task` when a thread throws (core/workers.h).
Result<double> ParallelBlocks(std::string_view task, size_t blocks, int threads,
                              const std::function<void(size_t, int)>& work,
                              const std::function<void(double)>& progress) {
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::vector<double> cpu(static_cast<size_t>(threads), 0.0);
  constexpr size_t kChunk = 256;
  auto run = [&](int thread) {
    const double start = ThreadCpuSeconds();
    while (true) {
      const size_t begin = next.fetch_add(kChunk);
      if (begin >= blocks) break;
      const size_t end = std::min(blocks, begin + kChunk);
      for (size_t b = begin; b < end; ++b) work(b, thread);
      done.fetch_add(end - begin);
      // The calling thread reports between chunks.
      if (thread == 0 && progress) {
        progress(blocks == 0 ? 1.0
                             : static_cast<double>(done.load()) / static_cast<double>(blocks));
      }
    }
    cpu[static_cast<size_t>(thread)] = ThreadCpuSeconds() - start;
  };
  if (auto ok = RunWorkers(threads, task, run); !ok) return Fail(ok.error());
  double total = 0;
  for (double c : cpu) total += c;
  return total;
}

// Two registrations (households registered together) joined by a strong
// pair are most likely one family registered twice: their other members are
// compared as people of that family, with the prior of "one of these few"
// instead of "one of the whole file", and matched one to one, best first
// (so a brother is never taken for his brother already matched). A pair of
// registrations joined only by a false link gains little: its other members'
// own evidence is still needed (at least 4 bits with eight members free).
// Cost: one comparison per pair of members neither of which is linked yet.
// Pairs raised to the match threshold are added to `pairs` or raised there;
// returns how many. `pairs` must be sorted by (left, right) and unique; it
// is left so.
size_t LinkWithinRegistrations(const FeatureStore& store, const Scorer& scorer,
                               double match_threshold, std::vector<ScoredPair>* pairs) {
  const size_t n = store.size();
  uint32_t registrations = 0;
  for (size_t r = 0; r < n; ++r) registrations = std::max(registrations, store.Registration(r));
  if (registrations == 0) return 0;
  // Members of each registration: members[offset[g] .. offset[g + 1]).
  std::vector<uint32_t> offset(registrations + 2, 0);
  for (size_t r = 0; r < n; ++r) ++offset[store.Registration(r) + 1];
  for (size_t g = 1; g < offset.size(); ++g) offset[g] += offset[g - 1];
  std::vector<uint32_t> members(n);
  {
    std::vector<uint32_t> fill(offset.begin(), offset.end() - 1);
    for (uint32_t r = 0; r < n; ++r) members[fill[store.Registration(r)]++] = r;
  }
  const auto key = [](uint32_t i, uint32_t j) {
    return i < j ? uint64_t{i} << 32 | j : uint64_t{j} << 32 | i;
  };
  std::unordered_map<uint64_t, size_t> place;  // pair -> index in *pairs
  place.reserve(pairs->size());
  std::vector<uint64_t> joined;  // registration pairs with a strong link
  for (size_t p = 0; p < pairs->size(); ++p) {
    const ScoredPair& pair = (*pairs)[p];
    place.emplace(key(pair.left, pair.right), p);
    if (pair.probability < match_threshold) continue;
    const uint32_t a = store.Registration(pair.left);
    const uint32_t b = store.Registration(pair.right);
    if (a != 0 && b != 0 && a != b) joined.push_back(key(a, b));
  }
  std::sort(joined.begin(), joined.end());
  joined.erase(std::unique(joined.begin(), joined.end()), joined.end());

  const auto strong = [&](uint32_t i, uint32_t j) {
    auto it = place.find(key(i, j));
    return it != place.end() && (*pairs)[it->second].probability >= match_threshold;
  };
  size_t raised = 0;
  std::vector<uint32_t> free_a;
  std::vector<uint32_t> free_b;
  std::vector<ScoredPair> offered;
  std::vector<ScoredPair> added;
  std::vector<Contribution> explanation;
  std::vector<uint32_t> taken;  // members matched within the current pair of registrations
  for (uint64_t registration_pair : joined) {
    const auto a = static_cast<uint32_t>(registration_pair >> 32);
    const auto b = static_cast<uint32_t>(registration_pair);
    const std::span<const uint32_t> in_a(members.data() + offset[a], offset[a + 1] - offset[a]);
    const std::span<const uint32_t> in_b(members.data() + offset[b], offset[b + 1] - offset[b]);
    free_a.clear();
    free_b.clear();
    for (uint32_t i : in_a) {
      if (std::none_of(in_b.begin(), in_b.end(), [&](uint32_t j) { return strong(i, j); })) {
        free_a.push_back(i);
      }
    }
    for (uint32_t j : in_b) {
      if (std::none_of(in_a.begin(), in_a.end(), [&](uint32_t i) { return strong(i, j); })) {
        free_b.push_back(j);
      }
    }
    if (free_a.empty() || free_b.empty()) continue;
    const double share = 0.5 / static_cast<double>(std::max(free_a.size(), free_b.size()));
    const double family_prior = std::log2(share / (1 - share));
    offered.clear();
    for (uint32_t i : free_a) {
      for (uint32_t j : free_b) {
        // Members of one family agree on the family's fields (father,
        // grandfather, phone, province: the model's groups) whoever they
        // are, and a mother's father field may hold her husband's name in
        // one registration and her father's in the other: only the person's
        // own fields (given name, sex, birth date, documents) tell which
        // member is which. (Counting a family field's disagreement as well
        // was tried: F1 0.9496 against 0.9501 on `sanad synth --persons
        // 720000 --seed 3`.)
        explanation.clear();
        (void)scorer.Explain(store.Record(i), store.Record(j), &explanation);
        double own = 0;
        for (const Contribution& part : explanation) {
          if (store.model().fields[part.field].group < 0) own += part.weight;
        }
        const double weight = own + family_prior;
        const double probability = ProbabilityFromWeight(weight);
        if (probability < match_threshold) continue;
        offered.push_back({std::min(i, j), std::max(i, j), static_cast<float>(weight),
                           static_cast<float>(probability)});
      }
    }
    std::sort(offered.begin(), offered.end(),
              [](const ScoredPair& l, const ScoredPair& r) { return l.weight > r.weight; });
    taken.clear();
    for (const ScoredPair& pair : offered) {
      if (std::find(taken.begin(), taken.end(), pair.left) != taken.end() ||
          std::find(taken.begin(), taken.end(), pair.right) != taken.end()) {
        continue;
      }
      taken.push_back(pair.left);
      taken.push_back(pair.right);
      ++raised;
      if (auto it = place.find(key(pair.left, pair.right)); it != place.end()) {
        ScoredPair& kept = (*pairs)[it->second];
        kept.weight = std::max(kept.weight, pair.weight);
        kept.probability = std::max(kept.probability, pair.probability);
      } else {
        // Not put in `place`: a pair of records belongs to one pair of
        // registrations, met once in `joined`, so it is never looked up again.
        added.push_back(pair);
      }
    }
  }
  if (!added.empty()) {
    pairs->insert(pairs->end(), added.begin(), added.end());
    std::sort(pairs->begin(), pairs->end(), [](const ScoredPair& l, const ScoredPair& r) {
      return l.left != r.left ? l.left < r.left : l.right < r.right;
    });
  }
  return raised;
}

}  // namespace

Result<Training> TrainParameters(const FeatureStore& store, const Blocker& blocker,
                                 const DedupeOptions& options) {
  const Model& model = store.model();
  const size_t rules = model.blocking.size();
  const int threads = std::max(1, options.threads);
  const double n = static_cast<double>(store.size());
  const double all_pairs = std::max(1.0, n * (n - 1) / 2);
  Training training;
  auto estimated = EstimateU(store, options.u_pairs, options.seed, threads);
  if (!estimated) return Fail(estimated.error());
  std::vector<FieldParameters> u = std::move(*estimated);
  const Scorer comparer(store, DefaultParameters(model, 1e-6));

  // Two samples of blocks: per rule (all pairs of its blocks, for EM) and of
  // distinct candidate pairs (for the prior).
  std::vector<double> rule_bound(rules, 0.0);
  for (size_t b = 0; b < blocker.block_count(); ++b) {
    rule_bound[blocker.BlockRule(b)] += static_cast<double>(blocker.BlockPairBound(b));
  }
  const double per_rule =
      static_cast<double>(options.em_pairs) / static_cast<double>(std::max<size_t>(rules, 1));
  std::vector<uint64_t> rule_threshold(rules);
  for (size_t r = 0; r < rules; ++r) {
    const double share = rule_bound[r] <= per_rule ? 1.0 : per_rule / rule_bound[r];
    rule_threshold[r] =
        share >= 1.0 ? UINT64_MAX : static_cast<uint64_t>(share * 1.8446744073709552e19);
  }
  const double bound = static_cast<double>(blocker.TotalPairBound());
  const double share = bound <= static_cast<double>(options.em_pairs)
                           ? 1.0
                           : static_cast<double>(options.em_pairs) / bound;
  const uint64_t threshold =
      share >= 1.0 ? UINT64_MAX : static_cast<uint64_t>(share * 1.8446744073709552e19);

  struct Local {
    std::vector<PatternCounts> by_rule;
    PatternCounts distinct;
    uint64_t emitted = 0;
    std::vector<uint32_t> scratch;
    SimilarityCache cache;
  };
  std::vector<Local> local(static_cast<size_t>(threads));
  for (Local& l : local) l.by_rule.resize(rules);
  auto sampled = ParallelBlocks(
      "sampling pairs for training", blocker.block_count(), threads,
                 [&](size_t block, int thread) {
                   Local& l = local[static_cast<size_t>(thread)];
                   const uint64_t h = HashBlock(block, options.seed);
                   const size_t rule = blocker.BlockRule(block);
                   if (h <= rule_threshold[rule]) {
                     PatternCounts& counts = l.by_rule[rule];
                     blocker.ForEachPair(
                         block, &l.scratch,
                         [&](uint32_t i, uint32_t j) {
                           ++counts[comparer.Compare(store.Record(i), store.Record(j), &l.cache)];
                         },
                         /*every_pair=*/true);
                   }
                   if (h <= threshold) {
                     blocker.ForEachPair(block, &l.scratch, [&](uint32_t i, uint32_t j) {
                       ++l.distinct[comparer.Compare(store.Record(i), store.Record(j), &l.cache)];
                       ++l.emitted;
                     });
                   }
                 },
                 {});
  if (!sampled) return Fail(sampled.error());
  PatternCounts distinct;
  std::vector<PatternCounts> by_rule(rules);
  for (Local& l : local) {
    for (const auto& [pattern, count] : l.distinct) distinct[pattern] += count;
    for (size_t r = 0; r < rules; ++r) {
      for (const auto& [pattern, count] : l.by_rule[r]) by_rule[r][pattern] += count;
    }
    training.sampled_pairs += l.emitted;
  }
  if (training.sampled_pairs == 0) {
    training.parameters = DefaultParameters(model, 1.0 / std::max(n, 2.0));
    return training;
  }

  // m per field: the mean of the EM estimates of the rules that do not force
  // the field to agree (within a rule's blocks its own fields say nothing).
  std::vector<std::array<double, kMaxLevels>> m_sum(model.fields.size());
  std::vector<int> m_count(model.fields.size(), 0);
  // u within one family: from the non-matches of the rules that block on the
  // family field and on no family-conditional field (their blocks hold a
  // person's records and their brothers').
  std::vector<std::array<double, kMaxLevels>> u_family_sum(model.fields.size());
  std::vector<int> u_family_count(model.fields.size(), 0);
  for (size_t r = 0; r < rules; ++r) {
    if (by_rule[r].empty()) continue;
    uint32_t ignored = 0;
    bool family_rule = false;
    bool conditional_in_rule = false;
    for (const KeyPart& part : model.blocking[r].parts) {
      ignored |= 1U << part.field;
      family_rule |= static_cast<int>(part.field) == model.family_field;
      conditional_in_rule |= model.fields[part.field].family_conditional;
    }
    const EmResult em = EstimateByEm(model, by_rule[r], u, 0.1, 400, 1e-5, ignored);
    training.em_iterations = std::max(training.em_iterations, em.iterations);
    training.em_converged = (r == 0 || training.em_converged) && em.converged;
    for (size_t f = 0; f < model.fields.size(); ++f) {
      if ((ignored >> f & 1U) != 0) continue;
      for (size_t l = 0; l < kMaxLevels; ++l) m_sum[f][l] += em.fields[f].m[l];
      ++m_count[f];
      if (family_rule && !conditional_in_rule && model.fields[f].family_conditional) {
        for (size_t l = 0; l < kMaxLevels; ++l) u_family_sum[f][l] += em.fields[f].u[l];
        ++u_family_count[f];
      }
    }
  }
  training.parameters.fields = u;
  for (size_t f = 0; f < model.fields.size(); ++f) {
    if (u_family_count[f] > 0) {
      for (size_t l = 0; l < kMaxLevels; ++l) {
        training.parameters.fields[f].u_family[l] = u_family_sum[f][l] / u_family_count[f];
      }
    }
    if (m_count[f] == 0) continue;  // keep the plausible default
    for (size_t l = 0; l < kMaxLevels; ++l) {
      training.parameters.fields[f].m[l] = m_sum[f][l] / m_count[f];
    }
  }

  // The prior: the share of matches among all pairs, a fixed point of the
  // expected matches among candidate pairs (pairs never blocked count as
  // non-matches).
  const double candidate_pairs = static_cast<double>(training.sampled_pairs) / share;
  double lambda = 1.0 / std::max(n, 2.0);
  for (int iteration = 0; iteration < 100; ++iteration) {
    training.parameters.lambda = lambda;
    const Scorer scorer(store, training.parameters);
    double expected = 0;
    for (const auto& [pattern, count] : distinct) {
      double weight = scorer.prior_weight();
      std::array<double, 16> group_sum{};
      for (size_t f = 0; f < model.fields.size(); ++f) {
        const int level = PatternLevel(pattern, f);
        const double w = level == 0 ? 0.0 : scorer.LevelWeight(f, level);
        if (model.fields[f].group >= 0 && w > 0) {
          group_sum[static_cast<size_t>(model.fields[f].group)] += w;
        } else {
          weight += w;
        }
      }
      for (size_t g = 0; g < model.groups.size(); ++g) {
        weight += std::min(group_sum[g], scorer.GroupCap(g));
      }
      expected += static_cast<double>(count) * ProbabilityFromWeight(weight);
    }
    const double next = std::clamp(expected / share / all_pairs, 1e-15, 0.5);
    const bool done = std::abs(next - lambda) < 1e-3 * lambda;
    lambda = next;
    if (done) break;
  }
  training.parameters.lambda = lambda;
  training.blocked_match_share = lambda * all_pairs / std::max(1.0, candidate_pairs);
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
    auto trained = TrainParameters(*store, blocker, options);
    if (!trained) return Fail(trained.error());
    Training& training = *trained;
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
    std::vector<SimilarityCache> caches(static_cast<size_t>(threads));
    std::vector<std::vector<uint32_t>> scratch(static_cast<size_t>(threads));
    auto cpu_seconds = ParallelBlocks(
        "scoring pairs", blocker.block_count(), threads,
        [&](size_t block, int thread) {
          const auto t = static_cast<size_t>(thread);
          uint64_t count = 0;
          blocker.ForEachPair(block, &scratch[t], [&](uint32_t i, uint32_t j) {
            const PairScore score = scorer.Score(store->Record(i), store->Record(j), &caches[t]);
            ++count;
            if (score.probability >= review) {
              kept[t].push_back(
                  {i, j, static_cast<float>(score.weight), static_cast<float>(score.probability)});
            }
          });
          scored[t] += count;
        },
        [&](double fraction) { report("scoring", fraction); });
    if (!cpu_seconds) return Fail(cpu_seconds.error());
    result.stats.scoring_cpu_seconds = *cpu_seconds;
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
  result.stats.pairs_per_cpu_second = static_cast<double>(result.stats.pairs_scored) /
                                      std::max(1e-9, result.stats.scoring_cpu_seconds);
  result.stats.pairs_per_second_per_thread = static_cast<double>(result.stats.pairs_scored) /
                                             std::max(1e-9, result.stats.seconds_scoring * threads);

  start = std::chrono::steady_clock::now();
  report("clustering", 0.0);
  result.stats.registration_links =
      LinkWithinRegistrations(*store, scorer, model.match_threshold, &result.pairs);
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
