// Guarded connected components (see clustering.h).
//
// Invariants: every record ends in exactly one cluster; a cluster is a subset
// of one connected component of the match graph; two records linked by a
// pair at or above the threshold end in one cluster unless the guard refused
// a merge on their path.
// Cost: union-find over the pairs, O(P α(N)); then, per component of size
// s ≥ 3, each merge scores |A|·|B| cross pairs (memoised), O(s²) scores in
// all for the small components real duplicates form.
#include "match/clustering.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace sanad::match {
namespace {

class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0U); }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  void Union(uint32_t a, uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;
    if (a > b) std::swap(a, b);
    parent_[b] = a;  // the smaller index is the root
  }

 private:
  std::vector<uint32_t> parent_;
};

}  // namespace

Clustering ClusterPairs(size_t records, std::span<const ScoredPair> pairs,
                        const ClusteringOptions& options,
                        const std::function<double(uint32_t, uint32_t)>& probability) {
  Clustering result;
  DisjointSets components(records);
  std::vector<const ScoredPair*> links;
  for (const ScoredPair& pair : pairs) {
    if (pair.probability >= options.match_threshold) {
      components.Union(pair.left, pair.right);
      links.push_back(&pair);
    }
  }
  // Group links and members by component.
  std::unordered_map<uint32_t, std::vector<const ScoredPair*>> component_links;
  for (const ScoredPair* link : links) component_links[components.Find(link->left)].push_back(link);
  std::unordered_map<uint32_t, std::vector<uint32_t>> component_members;
  for (uint32_t r = 0; r < records; ++r) {
    const uint32_t root = components.Find(r);
    if (component_links.contains(root)) component_members[root].push_back(r);
  }

  result.cluster_of.resize(records);
  std::iota(result.cluster_of.begin(), result.cluster_of.end(), 0U);
  std::vector<uint32_t> roots;
  roots.reserve(component_members.size());
  for (const auto& [root, members] : component_members) roots.push_back(root);
  std::sort(roots.begin(), roots.end());

  for (uint32_t root : roots) {
    const std::vector<uint32_t>& members = component_members[root];
    std::vector<const ScoredPair*>& component = component_links[root];
    if (members.size() == 2) {
      result.cluster_of[members[1]] = members[0];
      ++result.clusters;
      continue;
    }
    std::sort(component.begin(), component.end(), [](const ScoredPair* a, const ScoredPair* b) {
      if (a->weight != b->weight) return a->weight > b->weight;
      return a->left != b->left ? a->left < b->left : a->right < b->right;
    });
    std::unordered_map<uint64_t, double> known;
    for (const ScoredPair* link : component) {
      known[uint64_t{link->left} << 32 | link->right] = link->probability;
    }
    auto pair_probability = [&](uint32_t a, uint32_t b) {
      if (a > b) std::swap(a, b);
      const uint64_t key = uint64_t{a} << 32 | b;
      if (auto it = known.find(key); it != known.end()) return it->second;
      const double p = probability(a, b);
      known.emplace(key, p);
      return p;
    };
    std::unordered_map<uint32_t, uint32_t> owner;  // record -> cluster slot
    std::vector<std::vector<uint32_t>> clusters;
    for (uint32_t m : members) {
      owner[m] = static_cast<uint32_t>(clusters.size());
      clusters.push_back({m});
    }
    for (const ScoredPair* link : component) {
      const uint32_t ca = owner[link->left];
      const uint32_t cb = owner[link->right];
      if (ca == cb) continue;
      const std::vector<uint32_t>& a = clusters[ca];
      const std::vector<uint32_t>& b = clusters[cb];
      const size_t a_checked = std::min(a.size(), options.max_checked_members);
      const size_t b_checked = std::min(b.size(), options.max_checked_members);
      double sum = 0;
      bool veto = false;
      for (size_t x = 0; x < a_checked && !veto; ++x) {
        for (size_t y = 0; y < b_checked; ++y) {
          const double p = pair_probability(a[x], b[y]);
          if (p < options.veto_probability) {
            veto = true;
            break;
          }
          sum += p;
        }
      }
      if (veto ||
          sum / static_cast<double>(a_checked * b_checked) < options.min_average_probability) {
        ++result.vetoed_merges;
        continue;
      }
      const uint32_t into = a.size() >= b.size() ? ca : cb;
      const uint32_t from = into == ca ? cb : ca;
      for (uint32_t m : clusters[from]) {
        owner[m] = into;
        clusters[into].push_back(m);
      }
      clusters[from].clear();
    }
    size_t formed = 0;
    for (const std::vector<uint32_t>& cluster : clusters) {
      if (cluster.empty()) continue;
      const uint32_t representative = *std::min_element(cluster.begin(), cluster.end());
      for (uint32_t m : cluster) result.cluster_of[m] = representative;
      if (cluster.size() >= 2) ++result.clusters;
      ++formed;
    }
    if (formed > 1) ++result.split_components;
  }
  return result;
}

}  // namespace sanad::match
