// Fellegi–Sunter scoring and EM estimation (see fellegi_sunter.h).
//
// Invariants: every m and u at a non-missing level is in [1e-6, 1] and each
// field's m (and u) sum to 1 over its non-missing levels; "missing" weighs 0.
// Group cap: a group's summed agreement is at most logit2(max_probability)
// minus the prior, so its fields alone can never push a pair past
// max_probability (brothers share a father, a grandfather and a phone); its
// disagreements count in full.
// One family (Model::family_field): a pair whose fathers agree and whose
// grandfathers do not disagree is weighed against brothers, not random
// people: fields marked family_conditional weigh at most log2(m / u_family),
// two given names that are both names but not one name weigh as different
// names (at most 0 when they share most letters), and documents one edit
// apart at most 0.
// Swapped names (Model::swap_first): given and father's names disagreeing
// as written but agreeing crosswise are compared crosswise, for kSwapBits.
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
      return {0, 0.55, 0.3, 0.02, 0.05, 0.04, 0.02, 0.02};
    case Comparator::kText:
      return {0, 0.8, 0.1, 0.05, 0.03, 0.02};
    case Comparator::kCode:
      return {0, 0.85, 0.1, 0.03, 0.02};
    case Comparator::kExact:
      return {0, 0.9, 0.1};
    case Comparator::kIdentifier:
      return {0, 0.85, 0.05, 0.1};
    case Comparator::kDate:
      return {0, 0.5, 0.1, 0.15, 0.1, 0.07, 0.05, 0.03};
  }
  return {};
}

std::array<double, kMaxLevels> InitialU(const FieldSpec& spec) {
  switch (spec.comparator) {
    case Comparator::kName:
      return {0, 0.002, 0.002, 0.002, 0.005, 0.01, 0.03, 0.949};
    case Comparator::kText:
      return {0, 0.01, 0.01, 0.03, 0.1, 0.85};
    case Comparator::kCode:
      return {0, 1e-4, 1e-3, 5e-3, 0.9939};
    case Comparator::kExact:
      if (spec.normalizer == Normalizer::kSex) return {0, 0.5, 0.5};
      if (spec.normalizer == Normalizer::kProvince) return {0, 0.1, 0.9};
      return {0, 1e-4, 1 - 1e-4};
    case Comparator::kIdentifier:
      return {0, 1e-4, 1e-4, 1 - 2e-4};
    case Comparator::kDate:
      return {0, 1e-4, 5e-4, 0.02, 0.04, 0.08, 0.05, 0.8094};
  }
  return {};
}

// Makes levels 1..levels-1 a distribution (from counts or weights), each at
// least `floor` (a probability, whatever the scale of the input).
void Normalise(std::array<double, kMaxLevels>* values, int levels, double floor = kFloor) {
  double sum = 0;
  for (int l = 1; l < levels; ++l) sum += std::max((*values)[static_cast<size_t>(l)], 0.0);
  for (int pass = 0; pass < 2; ++pass) {
    double next = 0;
    for (int l = 1; l < levels; ++l) {
      double& v = (*values)[static_cast<size_t>(l)];
      v = std::max(sum > 0 ? std::max(v, 0.0) / sum : 1.0 / (levels - 1), floor);
      next += v;
    }
    sum = next;
  }
  for (int l = 1; l < levels; ++l) (*values)[static_cast<size_t>(l)] /= sum;
}

}  // namespace

namespace {
// Name levels (comparison.h) this file reasons about.
constexpr int kNameExactLevel = 1;
constexpr int kNameSpellingLevel = 2;
constexpr int kNameSkeletonLevel = 3;
constexpr int kNameJwHighLevel = 4;
constexpr int kNameTokensLevel = 5;
constexpr int kNameElseLevel = 7;
constexpr int kIdentifierOneEditLevel = 2;
// Given and father's names matched crosswise: the evidence of a swap that
// registrars make now and then (a few registrations in a hundred), not of
// names agreeing as written.
constexpr double kSwapBits = -5.0;
// A spelling seen this many times in the records is a name, not a typo.
constexpr uint32_t kEstablishedName = 3;
// A spelling this many times rarer than another is taken for its typo.
constexpr uint64_t kRarerSpelling = 20;

}  // namespace

Scorer::Scorer(const FeatureStore& store, Parameters parameters)
    : store_(store), parameters_(std::move(parameters)) {
  const Model& model = store_.model();
  parameters_.lambda = std::clamp(parameters_.lambda, 1e-15, 0.5);
  prior_weight_ = Logit2(parameters_.lambda);
  weight_.assign(model.fields.size(), {});
  log2_m_.assign(model.fields.size(), {});
  family_weight_.assign(model.fields.size(), {});
  has_family_weight_.assign(model.fields.size(), false);
  different_name_weight_.assign(model.fields.size(), 0.0);
  for (size_t f = 0; f < model.fields.size(); ++f) {
    const FieldParameters& p = parameters_.fields[f];
    has_family_weight_[f] =
        model.fields[f].family_conditional && model.family_field >= 0 &&
        std::any_of(p.u_family.begin(), p.u_family.end(), [](double u) { return u > 0; });
    for (int l = 1; l < LevelCount(model.fields[f].comparator); ++l) {
      const auto li = static_cast<size_t>(l);
      const double m = std::max(p.m[li], kFloor);
      const double u = std::max(p.u[li], kFloor);
      weight_[f][li] = std::log2(m / u);
      log2_m_[f][li] = std::log2(m);
      family_weight_[f][li] = std::log2(m / std::max(p.u_family[li], kFloor));
    }
    if (!has_family_weight_[f]) continue;
    // Within one family only the same value, however written, is evidence
    // of the same person: brothers are given names that share a skeleton
    // (Hassan / Hussain, حسن / حسین), a suffix (Najibullah / Samiullah) or
    // most letters (Asif / Arif), and their cards are numbered in sequence.
    if (model.fields[f].comparator == Comparator::kName) {
      different_name_weight_[f] =
          std::min(family_weight_[f][kNameElseLevel], weight_[f][kNameElseLevel]);

    } else if (model.fields[f].comparator == Comparator::kIdentifier) {
      family_weight_[f][kIdentifierOneEditLevel] =
          std::min(family_weight_[f][kIdentifierOneEditLevel], 0.0);
    }
  }
  for (const FieldGroup& group : model.groups) {
    group_cap_.push_back(Logit2(group.max_probability) - prior_weight_);
  }
}

// Inlined into the scoring loop: it runs once per candidate pair.
[[gnu::always_inline]] inline bool Scorer::Levels(const FieldFeature* a, const FieldFeature* b,
                                                  int* levels, uint32_t* agreed,
                                                  SimilarityCache* cache) const {
  const Model& model = store_.model();
  for (size_t f = 0; f < model.fields.size(); ++f) {
    const FieldSpec& spec = model.fields[f];
    agreed[f] = 0;
    if (a[f].id == b[f].id && a[f].id > 1) {
      // Equal values: the first level of every comparator, decided inline.
      levels[f] = 1;
      agreed[f] = a[f].id;
    } else {
      levels[f] = CompareField(spec, a[f], b[f], store_.pool(), &agreed[f], cache);
    }
  }
  if (model.swap_first < 0) return false;
  const auto g = static_cast<size_t>(model.swap_first);
  const auto h = static_cast<size_t>(model.swap_second);
  // Given and father's names swapped: both disagree as written (or at most
  // share a part) and at least one pair of skeletons agrees crosswise.
  if (levels[g] < kNameTokensLevel || levels[h] < kNameTokensLevel) return false;
  if (a[g].missing() || a[h].missing() || b[g].missing() || b[h].missing()) return false;
  if (a[g].skeleton != b[h].skeleton && a[h].skeleton != b[g].skeleton) return false;
  uint32_t agreed_g = 0;
  uint32_t agreed_h = 0;
  const int cross_g = CompareField(model.fields[g], a[g], b[h], store_.pool(), &agreed_g, cache);
  const int cross_h = CompareField(model.fields[h], a[h], b[g], store_.pool(), &agreed_h, cache);
  // Both agree crosswise, or one agrees in spelling and the other field was
  // not kept (a husband's name, a compound cut short).
  const bool both = cross_g <= kNameTokensLevel && cross_h <= kNameTokensLevel;
  const bool one = std::min(cross_g, cross_h) <= kNameSpellingLevel;
  if (!both && !one) return false;
  levels[g] = cross_g;
  levels[h] = cross_h;
  agreed[g] = agreed_g;
  agreed[h] = agreed_h;
  return true;
}

bool Scorer::TwoNames(const FieldFeature& a, const FieldFeature& b) const {
  const uint32_t a_count = std::max<uint32_t>(store_.NameCount(a.id), 1);
  const uint32_t b_count = std::max<uint32_t>(store_.NameCount(b.id), 1);
  auto is_name = [](const FieldFeature& name, uint32_t count) {
    return (name.reserved & 1U) != 0 || count >= kEstablishedName;
  };
  // A spelling far rarer than the one it is compared with is more likely a
  // typo of it than a name of its own, even when it spells a name.
  return is_name(a, a_count) && is_name(b, b_count) &&
         static_cast<uint64_t>(std::min(a_count, b_count)) * kRarerSpelling >=
             std::max(a_count, b_count);
}

bool Scorer::InOneFamily(const int* levels) const {
  const Model& model = store_.model();
  if (model.family_field < 0) return false;
  const int father = levels[model.family_field];
  if (father != kNameExactLevel && father != kNameSpellingLevel) return false;
  if (model.family_check_field < 0) return true;
  const int grandfather = levels[model.family_check_field];
  return grandfather == 0 || grandfather == kNameExactLevel || grandfather == kNameSpellingLevel ||
         grandfather == kNameJwHighLevel || grandfather == kNameTokensLevel;
}

template <bool kExplain>
PairScore Scorer::ScoreImpl(const FieldFeature* a, const FieldFeature* b,
                            std::vector<Contribution>* explanation, SimilarityCache* cache) const {
  const Model& model = store_.model();
  std::array<int, kMaxFields> levels{};
  std::array<uint32_t, kMaxFields> agreed{};
  const bool swapped = Levels(a, b, levels.data(), agreed.data(), cache);
  const bool family = InOneFamily(levels.data());
  std::array<double, kMaxGroups> group_sum{};
  double total = prior_weight_;
  for (size_t f = 0; f < model.fields.size(); ++f) {
    const FieldSpec& spec = model.fields[f];
    const int level = levels[f];
    double weight = 0.0;
    if (level != 0) {
      const auto li = static_cast<size_t>(level);
      if (spec.term_frequency && IsAgreementLevel(spec.comparator, level) &&
          store_.HasReliableFrequencies(f)) {
        // log2(m / f): the agreed value's frequency f (floored at one in a
        // million) replaces u.
        weight = log2_m_[f][li] + static_cast<double>(store_.NegLogFrequency(f, agreed[f]));
      } else {
        weight = weight_[f][li];
      }
      // Within one family a field says at most what it says between brothers.
      if (family && has_family_weight_[f]) {
        weight = std::min(weight, family_weight_[f][li]);
        // Two names of the family, both seen often enough to be names rather
        // than typos, that are not one name however written: two brothers
        // (Hassan / Hussain, حسن / حسین, Najibullah / Samiullah).
        // (One name a part of the other is a compound written in part,
        // Ghulam Hazrat / Hazrat, and weighs as learned.)
        if (spec.comparator == Comparator::kName && level >= kNameSkeletonLevel &&
            level != kNameTokensLevel && TwoNames(a[f], b[f])) {
          // Not one name: a shared skeleton, a suffix or most letters
          // (Mohammad Asif / Mohammad Arif, Hamid / Hamidullah) is how
          // brothers' names resemble each other.
          weight = std::min(weight, level == kNameJwHighLevel ? 0.0 : different_name_weight_[f]);
        }
      }
    }
    if constexpr (kExplain) explanation->push_back({f, level, weight});
    if (spec.group >= 0) {
      // Disagreement counts in full; only agreement is capped.
      if (weight > 0) {
        group_sum[static_cast<size_t>(spec.group)] += weight;
      } else {
        total += weight;
      }
    } else {
      total += weight;
    }
  }
  for (size_t g = 0; g < group_cap_.size(); ++g) total += std::min(group_sum[g], group_cap_[g]);
  if (swapped) total += kSwapBits;
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
  std::array<int, kMaxFields> levels{};
  std::array<uint32_t, kMaxFields> agreed{};
  Levels(a, b, levels.data(), agreed.data(), cache);
  Pattern pattern = 0;
  for (size_t f = 0; f < model.fields.size(); ++f) {
    pattern |= static_cast<Pattern>(levels[f]) << (4 * f);
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
        if (model.fields[f].group >= 0 && fw > 0) {
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
    // u within one family starts as u: that turns the family rules on
    // before any training (two established names of one family are two
    // brothers; cards one digit apart say nothing), as the registration
    // service's index is never trained. TrainParameters learns it; on
    // generated data it stays within a bit of u.
    if (spec.family_conditional && model.family_field >= 0) field.u_family = field.u;
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
      std::snprintf(line, sizeof line, "%-18s %-18s m=%.4f u=%.6f %+.2f bits", spec.name.c_str(),
                    std::string(LevelName(spec.comparator, l)).c_str(), m, u,
                    std::log2(std::max(m, kFloor) / std::max(u, kFloor)));
      out += line;
      const double u_family = parameters.fields[f].u_family[li];
      if (u_family > 0) {
        std::snprintf(line, sizeof line, "  in one family u=%.6f %+.2f bits", u_family,
                      std::log2(std::max(m, kFloor) / std::max(u_family, kFloor)));
        out += line;
      }
      out += '\n';
    }
  }
  return out;
}

}  // namespace sanad::match
