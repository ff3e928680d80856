#include "match/string_similarity.h"

#include <gtest/gtest.h>

namespace sanad::match {
namespace {

TEST(JaroWinkler, MatchesPublishedValues) {
  struct Case {
    const char* a;
    const char* b;
    double expected;
  };
  // Winkler's classic examples.
  const Case cases[] = {
      {"martha", "marhta", 0.9611},  {"dwayne", "duane", 0.84}, {"dixon", "dicksonx", 0.8133},
      {"mohammad", "mohammad", 1.0}, {"", "ahmad", 0.0},        {"ahmad", "", 0.0},
      {"abc", "xyz", 0.0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " / " + c.b);
    EXPECT_NEAR(JaroWinkler(c.a, c.b), c.expected, 1e-3);
    EXPECT_NEAR(JaroWinkler(c.b, c.a), c.expected, 1e-3);
  }
}

TEST(JaroWinkler, TransliterationVariantsScoreHigh) {
  EXPECT_GT(JaroWinkler("muhammad", "mohammad"), 0.9);
  EXPECT_GT(JaroWinkler("hussain", "hussein"), 0.9);
  EXPECT_LT(JaroWinkler("karim", "nabi"), 0.7);
}

TEST(EditDistanceWithin, CountsEditsUpToTheLimit) {
  struct Case {
    const char* a;
    const char* b;
    int limit;
    int expected;
  };
  const Case cases[] = {
      {"6988048", "6988048", 2, 0}, {"6988048", "6988049", 2, 1},   {"6988048", "6980848", 2, 1},
      {"6988048", "698048", 2, 1},  {"6988048", "1234567", 2, 3},   {"", "ab", 2, 2},
      {"abcdef", "a", 2, 3},        {"19081209", "19081290", 1, 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " / " + c.b);
    EXPECT_EQ(EditDistanceWithin(c.a, c.b, c.limit), c.expected);
  }
}

}  // namespace
}  // namespace sanad::match
