#include "core/id.h"

#include <gtest/gtest.h>

#include <set>

namespace sanad {
namespace {

TEST(Id, NewIdsAreValidVersion7AndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewId();
    ASSERT_TRUE(IsValidId(id)) << id;
    EXPECT_EQ(id[14], '7');
    EXPECT_TRUE(seen.insert(id).second);
  }
  EXPECT_FALSE(IsValidId("not-an-id"));
  EXPECT_FALSE(IsValidId("01931D5E-8A7B-7C3D-9E1F-0A2B3C4D5E6F"));
}

}  // namespace
}  // namespace sanad
