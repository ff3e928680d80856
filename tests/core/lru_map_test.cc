#include "core/lru_map.h"

#include <gtest/gtest.h>

#include <string>

namespace sanad {
namespace {

TEST(LruMap, ForgetsTheLeastRecentlyTouchedBeyondItsCapacity) {
  LruMap<int> map(3);
  for (const char* key : {"a", "b", "c"}) map.Touch(key).first = 1;
  ++map.Touch("a").first;  // "b" is now the least recent
  auto [value, inserted] = map.Touch("d");
  EXPECT_TRUE(inserted);
  EXPECT_EQ(value, 0) << "value-initialised";
  EXPECT_EQ(map.size(), 3U);
  EXPECT_EQ(map.Find("b"), nullptr);
  ASSERT_NE(map.Find("a"), nullptr);
  EXPECT_EQ(*map.Find("a"), 2);
  EXPECT_FALSE(map.Touch("c").second);
}

TEST(LruMap, AFloodOfNewKeysStaysWithinTheCapacity) {
  LruMap<std::string> map(100);
  for (int i = 0; i < 10000; ++i) map.Touch("key" + std::to_string(i)).first = "x";
  EXPECT_EQ(map.size(), 100U);
  EXPECT_NE(map.Find("key9999"), nullptr);
  EXPECT_EQ(map.Find("key9899"), nullptr);
  map.Erase("key9999");
  EXPECT_EQ(map.Find("key9999"), nullptr);
  map.Clear();
  EXPECT_EQ(map.size(), 0U);
}

}  // namespace
}  // namespace sanad
