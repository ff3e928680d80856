// Jaro-Winkler and a bounded edit distance over short strings.
//
// Idea: names are short (under 32 bytes nearly always), so both measures run
// on stack arrays with no allocation. Jaro uses a 64-bit mask of the matched
// positions in `b`; the edit distance keeps three rows of the dynamic
// programme and stops as soon as every cell of a row exceeds the limit.
// Cost: O(|a|·window) for Jaro, O(|a|·|b|) worst case for the distance.
#include "match/string_similarity.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>

namespace sanad::match {
namespace {
constexpr size_t kMaxLength = 64;
}  // namespace

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return 0.0;
  if (a == b) return 1.0;
  a = a.substr(0, kMaxLength);
  b = b.substr(0, kMaxLength);
  const size_t la = a.size();
  const size_t lb = b.size();
  const size_t window = std::max(la, lb) / 2 == 0 ? 0 : std::max(la, lb) / 2 - 1;
  uint64_t b_matched = 0;
  std::array<char, kMaxLength> a_chars{};
  size_t matches = 0;
  for (size_t i = 0; i < la; ++i) {
    const size_t lo = i > window ? i - window : 0;
    const size_t hi = std::min(lb, i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if ((b_matched >> j & 1U) == 0 && a[i] == b[j]) {
        b_matched |= uint64_t{1} << j;
        a_chars[matches++] = a[i];
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  size_t transpositions = 0;
  size_t k = 0;
  for (size_t j = 0; j < lb; ++j) {
    if ((b_matched >> j & 1U) != 0) {
      if (a_chars[k] != b[j]) ++transpositions;
      ++k;
    }
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(la) + m / static_cast<double>(lb) +
                       (m - static_cast<double>(transpositions) / 2.0) / m) /
                      3.0;
  size_t prefix = 0;
  const size_t max_prefix = std::min<size_t>({4, la, lb});
  while (prefix < max_prefix && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

int EditDistanceWithin(std::string_view a, std::string_view b, int limit) {
  a = a.substr(0, kMaxLength);
  b = b.substr(0, kMaxLength);
  const int la = static_cast<int>(a.size());
  const int lb = static_cast<int>(b.size());
  if (std::abs(la - lb) > limit) return limit + 1;
  std::array<int, kMaxLength + 1> prev2{};
  std::array<int, kMaxLength + 1> prev{};
  std::array<int, kMaxLength + 1> cur{};
  for (int j = 0; j <= lb; ++j) prev[static_cast<size_t>(j)] = j;
  for (int i = 1; i <= la; ++i) {
    cur[0] = i;
    int row_min = i;
    for (int j = 1; j <= lb; ++j) {
      const auto ju = static_cast<size_t>(j);
      const int cost = a[static_cast<size_t>(i - 1)] == b[ju - 1] ? 0 : 1;
      int value = std::min({prev[ju] + 1, cur[ju - 1] + 1, prev[ju - 1] + cost});
      if (i > 1 && j > 1 && a[static_cast<size_t>(i - 1)] == b[ju - 2] &&
          a[static_cast<size_t>(i - 2)] == b[ju - 1]) {
        value = std::min(value, prev2[ju - 2] + 1);
      }
      cur[ju] = value;
      row_min = std::min(row_min, value);
    }
    if (row_min > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return std::min(prev[static_cast<size_t>(lb)], limit + 1);
}

}  // namespace sanad::match
