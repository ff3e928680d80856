// String similarity measures used by the comparators. All work on bytes:
// callers pass folded names or ASCII skeletons, where one byte is one letter
// or close enough (a folded Perso-Arabic letter is two bytes in both strings,
// so equal letters still compare equal).
#pragma once

#include <string_view>

namespace sanad::match {

// Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4).
// 1 for two equal strings, 0 when either is empty. Strings longer than 64
// bytes are compared on their first 64 bytes. No allocation; thread-safe.
[[nodiscard]] double JaroWinkler(std::string_view a, std::string_view b);

// Optimal-string-alignment (Damerau-Levenshtein restricted) distance, or
// `limit + 1` as soon as the distance is known to exceed `limit`. Inputs
// longer than 64 bytes are compared on their first 64 bytes. Thread-safe.
[[nodiscard]] int EditDistanceWithin(std::string_view a, std::string_view b, int limit);

}  // namespace sanad::match
