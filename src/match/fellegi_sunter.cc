// Fellegi–Sunter scoring and EM estimation (see fellegi_sunter.h).
//
// Invariants: every m and u at a non-missing level is in [1e-6, 1] and each
// field's m (and u) sum to 1 over its non-missing levels; "missing" weighs 0.
// Group cap: a group's summed weight is at most logit2(max_probability)
// minus the prior, so its fields alone can never push a pair past
// max_probability (brothers share a father, a grandfather and a phone).
// Cost: scoring is one integer comparison per field for agreeing values plus
// a table lookup; EM runs over distinct patterns (a few thousand), not pairs,
// so each iteration costs microseconds whatever the data size.
#include "match/fellegi_sunter.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "core/workers.h"

namespace sanad::match {
namespace {

constexpr double kFloor = 1e-6;
constexpr size_t kMaxGroups = 16;
// No level is impossible for the same person: a typo, a wrong keyboard, a
// guessed birth year happen. m never drops below this, so one disagreeing
// field costs at most about 9 bits rather than ruling a pair out.
constexpr double kMinM = 0.002;

double Logit2(double p) { return std::log2(p / (1.0 - p)); }

// Plausible starting m per comparator, index = level.
std::array<double, kMaxLevels> InitialM(Comparator comparator) {
  switch (comparator) {
    case Comparator::kName:
      return {0, 0.6, 0.15, 0.1, 0.05, 0.05, 0.05};
    case Comparator::kText:
      return {0, 0.8, 0.1, 0.05, 0.03, 0.02};
    case Comparator::kCode:
      return {0, 0.85, 0.1, 0.03, 0.02};
    case Comparator::kExact:
      return {0, 0.9, 0.1};
    case Comparator::kDate:
      return {0, 0.5, 0.1, 0.15, 0.1, 0.07, 0.05, 0.03};
  }
  return {};
}

std::array<double, kMaxLevels> InitialU(const FieldSpec& spec) {
  switch (spec.comparator) {
    case Comparator::kName:
      return {0, 0.002, 0.002, 0.005, 0.01, 0.03, 0.951};
    case Comparator::kText:
      return {0, 0.01, 0.01, 0.03, 0.1, 0.85};
    case Comparator::kCode:
      return {0, 1e-4, 1e-3, 5e-3, 0.9939};
    case Comparator::kExact:
      if (spec.normalizer == Normalizer::kSex) return {0, 0.5, 0.5};
      if (spec.normalizer == Normalizer::kProvince) return {0, 0.1, 0.9};
      return {0, 1e-4, 1 - 1e-4};
    case Comparator::kDate:
      return {0, 1e-4, 5e-4, 0.02, 0.04, 0.08, 0.05, 0.8094};
  }
  return {};
}

void Normalise(std::array<double, kMaxLevels>* values, int levels, double floor = kFloor) {
  double sum = 0;
  for (int l = 1; l < levels; ++l) {
    (*values)[static_cast<size_t>(l)] = std::max((*values)[static_cast<size_t>(l)], floor);
    sum += (*values)[static_cast<size_t>(l)];
  }
  for (int l = 1; l < levels; ++l) (*values)[static_cast<size_t>(l)] /= sum;
}

}  // namespace

Scorer::Scorer(const FeatureStore& store, Parameters parameters)
    : store_(store), parameters_(std::move(parameters)) {
  const Model& model = store_.model();
  parameters_.lambda = std::clamp(parameters_.lambda, 1e-15, 0.5);
  prior_weight_ = Logit2(parameters_.lambda);
  weight_.assign(model.fields.size(), {});
  log2_m_.assign(model.fields.size(), {});
  for (size_t f = 0; f < model.fields.size(); ++f) {
    for (int l = 1; l < LevelCount(model.fields[f].comparator); ++l) {
      const auto li = static_cast<size_t>(l);
      const double m = std::max(parameters_.fields[f].m[li], kFloor);
      const double u = std::max(parameters_.fields[f].u[li], kFloor);
      weight_[f][li] = std::log2(m / u);
      log2_m_[f][li] = std::log2(m);
    }
  }
  for (const FieldGroup& group : model.groups) {
    group_cap_.push_back(Logit2(group.max_probability) - prior_weight_);
  }
}

template <bool kExplain>
PairScore Scorer::ScoreImpl(const FieldFeature* a, const FieldFeature* b,
                            std::vector<Contribution>* explanation, SimilarityCache* cache) const {
  const Model& model = store_.model();
  std::array<double, kMaxGroups> group_sum{};
  double total = prior_weight_;
  for (size_t f = 0; f < model.fields.size(); ++f) {
    const FieldSpec& spec = model.fields[f];
    uint32_t agreed = 0;
    int level = 0;
    if (a[f].id == b[f].id && a[f].id > 1) {
      // Equal values: the first level of every comparator, decided inline.
      level = 1;
      agreed = spec.comparator == Comparator::kName ? a[f].skeleton : a[f].id;
    } else {
      level = CompareField(spec, a[f], b[f], store_.pool(), &agreed, cache);
    }
    double weight = 0.0;
    if (level != 0) {
      if (spec.term_frequency && IsAgreementLevel(spec.comparator, level) &&
          store_.HasReliableFrequencies(f)) {
        // log2(m / f): the agreed value's frequency f (floored at one in a
        // million) replaces u.
        weight = log2_m_[f][static_cast<size_t>(level)] +
                 static_cast<double>(store_.NegLogFrequency(f, agreed));
      } else {
        weight = weight_[f][static_cast<size_t>(level)];
      }
    }
    if constexpr (kExplain) explanation->push_back({f, level, weight});
    if (spec.group >= 0) {
      group_sum[static_cast<size_t>(spec.group)] += weight;
    } else {
      total += weight;
    }
  }
  for (size_t g = 0; g < group_cap_.size(); ++g) total += std::min(group_sum[g], group_cap_[g]);
  return {total, ProbabilityFromWeight(total)};
}

PairScore Scorer::Score(const FieldFeature* a, const FieldFeature* b,
                        SimilarityCache* cache) const {
  return ScoreImpl<false>(a, b, nullptr, cache);
}

PairScore Scorer::Explain(const FieldFeature* a, const FieldFeature* b,
                          std::vector<Contribution>* explanation) const {
  return ScoreImpl<true>(a, b, explanation, nullptr);
}

Pattern Scorer::Compare(const FieldFeature* a, const FieldFeature* b,
                        SimilarityCache* cache) const {
  const Model& model = store_.model();
  Pattern pattern = 0;
  for (size_t f = 0; f < model.fields.size(); ++f) {
    uint32_t agreed = 0;
    const int level = CompareField(model.fields[f], a[f], b[f], store_.pool(), &agreed, cache);
    pattern |= static_cast<Pattern>(level) << (4 * f);
  }
  return pattern;
}

Result<std::vector<FieldParameters>> EstimateU(const FeatureStore& store, size_t samples,
                                               uint64_t seed, int threads) {
  const Model& model = store.model();
  const size_t n = store.size();
  using Counts = std::vector<std::array<double, kMaxLevels>>;
  auto count_pair = [&](size_t i, size_t j, Counts* counts) {
    const FieldFeature* a = store.Record(i);
    const FieldFeature* b = store.Record(j);
    for (size_t f = 0; f < model.fields.size(); ++f) {
      uint32_t agreed = 0;
      const int level = CompareField(model.fields[f], a[f], b[f], store.pool(), &agreed);
      (*counts)[f][static_cast<size_t>(level)] += 1;
    }
  };
  threads = std::max(1, threads);
  std::vector<Counts> local(static_cast<size_t>(threads), Counts(model.fields.size()));
  if (n >= 2) {
    const bool all = n * (n - 1) / 2 <= samples;
    auto sampled = RunWorkers(threads, "estimating u", [&](int t) {
        Counts* counts = &local[static_cast<size_t>(t)];
        if (all) {
          for (size_t i = static_cast<size_t>(t); i < n; i += static_cast<size_t>(threads)) {
            for (size_t j = i + 1; j < n; ++j) count_pair(i, j, counts);
          }
          return;
        }
        std::mt19937_64 random(seed + static_cast<uint64_t>(t));
        std::uniform_int_distribution<size_t> pick(0, n - 1);
        for (size_t s = static_cast<size_t>(t); s < samples; s += static_cast<size_t>(threads)) {
          const size_t i = pick(random);
          size_t j = pick(random);
          if (i == j) j = (j + 1) % n;
          count_pair(i, j, counts);
        }
    });
    if (!sampled) return Fail(sampled.error());
  }
  Counts counts(model.fields.size());
  for (const Counts& part : local) {
    for (size_t f = 0; f < counts.size(); ++f) {
      for (size_t l = 0; l < kMaxLevels; ++l) counts[f][l] += part[f][l];
    }
  }
  std::vector<FieldParameters> result(model.fields.size());
  for (size_t f = 0; f < model.fields.size(); ++f) {
    const FieldSpec& spec = model.fields[f];
    const int levels = LevelCount(spec.comparator);
    double seen = 0;
    for (int l = 1; l < levels; ++l) seen += counts[f][static_cast<size_t>(l)];
    result[f].m = InitialM(spec.comparator);
    if (seen < 100) {
      result[f].u = InitialU(spec);  // too little data: keep the plausible default
    } else {
      for (int l = 1; l < levels; ++l) {
        // Half a pair of pseudo-count keeps unseen levels finite.
        result[f].u[static_cast<size_t>(l)] =
            (counts[f][static_cast<size_t>(l)] + 0.5) / (seen + 0.5 * levels);
      }
    }
    Normalise(&result[f].u, levels);
    Normalise(&result[f].m, levels);
  }
  return result;
}

EmResult EstimateByEm(const Model& model, const PatternCounts& patterns,
                      const std::vector<FieldParameters>& initial, double initial_lambda,
                      int max_iterations, double tolerance, uint32_t ignored_fields) {
  auto ignored = [ignored_fields](size_t f) { return (ignored_fields >> f & 1U) != 0; };
  const size_t fields = model.fields.size();
  std::vector<std::pair<Pattern, double>> rows(patterns.begin(), patterns.end());
  std::sort(rows.begin(), rows.end());  // deterministic summation order
  EmResult result;
  result.fields = initial;
  result.lambda = initial_lambda;
  for (size_t f = 0; f < fields; ++f) {
    if (result.fields[f].m[1] == 0) result.fields[f].m = InitialM(model.fields[f].comparator);
  }
  for (int iteration = 1; iteration <= max_iterations; ++iteration) {
    std::vector<std::array<double, kMaxLevels>> m_sum(fields);
    std::vector<std::array<double, kMaxLevels>> u_sum(fields);
    double match_total = 0;
    double total = 0;
    const double prior = Logit2(std::clamp(result.lambda, 1e-12, 1 - 1e-12));
    std::vector<double> caps;
    for (const FieldGroup& group : model.groups)
      caps.push_back(Logit2(group.max_probability) - prior);
    std::vector<std::array<double, kMaxLevels>> weight(fields);
    for (size_t f = 0; f < fields; ++f) {
      for (size_t l = 1; l < kMaxLevels; ++l) {
        weight[f][l] = std::log2(std::max(result.fields[f].m[l], kFloor) /
                                 std::max(result.fields[f].u[l], kFloor));
      }
    }
    for (const auto& [pattern, count] : rows) {
      std::array<double, kMaxGroups> group_sum{};
      double w = prior;
      for (size_t f = 0; f < fields; ++f) {
        const int level = PatternLevel(pattern, f);
        if (level == 0 || ignored(f)) continue;
        const double fw = weight[f][static_cast<size_t>(level)];
        if (model.fields[f].group >= 0) {
          group_sum[static_cast<size_t>(model.fields[f].group)] += fw;
        } else {
          w += fw;
        }
      }
      for (size_t g = 0; g < caps.size(); ++g) w += std::min(group_sum[g], caps[g]);
      const double posterior = ProbabilityFromWeight(w);
      for (size_t f = 0; f < fields; ++f) {
        const auto level = static_cast<size_t>(PatternLevel(pattern, f));
        if (level == 0) continue;
        m_sum[f][level] += count * posterior;
        u_sum[f][level] += count * (1 - posterior);
      }
      match_total += count * posterior;
      total += count;
    }
    if (total == 0) break;
    double change = 0;
    for (size_t f = 0; f < fields; ++f) {
      if (ignored(f)) continue;
      const int levels = LevelCount(model.fields[f].comparator);
      std::array<double, kMaxLevels> m = m_sum[f];
      std::array<double, kMaxLevels> u = u_sum[f];
      double m_seen = 0;
      double u_seen = 0;
      for (int l = 1; l < levels; ++l) {
        m_seen += m[static_cast<size_t>(l)];
        u_seen += u[static_cast<size_t>(l)];
      }
      if (m_seen <= 0 || u_seen <= 0) continue;  // never observed: keep
      Normalise(&m, levels, kMinM);
      Normalise(&u, levels);
      for (int l = 1; l < levels; ++l) {
        const auto li = static_cast<size_t>(l);
        change = std::max(change, std::abs(m[li] - result.fields[f].m[li]));
        change = std::max(change, std::abs(u[li] - result.fields[f].u[li]));
      }
      result.fields[f].m = m;
      result.fields[f].u = u;
    }
    const double lambda = std::clamp(match_total / total, 1e-9, 1 - 1e-9);
    change = std::max(change, std::abs(lambda - result.lambda));
    result.lambda = lambda;
    result.iterations = iteration;
    if (change < tolerance) {
      result.converged = true;
      break;
    }
  }
  return result;
}

Parameters DefaultParameters(const Model& model, double lambda) {
  Parameters parameters;
  parameters.lambda = lambda;
  for (const FieldSpec& spec : model.fields) {
    FieldParameters field;
    field.m = InitialM(spec.comparator);
    field.u = InitialU(spec);
    Normalise(&field.m, LevelCount(spec.comparator));
    Normalise(&field.u, LevelCount(spec.comparator));
    parameters.fields.push_back(field);
  }
  return parameters;
}

std::string DescribeParameters(const Model& model, const Parameters& parameters) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "prior: lambda=%.3g (%.2f bits)\n", parameters.lambda,
                Logit2(parameters.lambda));
  out += line;
  for (size_t f = 0; f < model.fields.size(); ++f) {
    const FieldSpec& spec = model.fields[f];
    for (int l = 1; l < LevelCount(spec.comparator); ++l) {
      const auto li = static_cast<size_t>(l);
      const double m = parameters.fields[f].m[li];
      const double u = parameters.fields[f].u[li];
      std::snprintf(line, sizeof line, "%-18s %-18s m=%.4f u=%.6f %+.2f bits\n", spec.name.c_str(),
                    std::string(LevelName(spec.comparator, l)).c_str(), m, u,
                    std::log2(std::max(m, kFloor) / std::max(u, kFloor)));
      out += line;
    }
  }
  return out;
}

}  // namespace sanad::match
