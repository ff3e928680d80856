#include "core/id.h"

#include <gtest/gtest.h>

#include <array>
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

// The random bits of an id made from given bytes are those bytes, less
// the version's and the variant's bits; the first 48 are the time.
TEST(Id, AnIdFromGivenRandomBytesKeepsThemAfterTheTime) {
  const std::array<unsigned char, kRandomIdBytes> ones = {0xff, 0xff, 0xff, 0xff, 0xff,
                                                          0xff, 0xff, 0xff, 0xff, 0xff};
  const std::string id = NewId(ones);
  ASSERT_TRUE(IsValidId(id)) << id;
  EXPECT_EQ(id.substr(14), "7fff-bfff-ffffffffffff");
  const std::array<unsigned char, kRandomIdBytes> counting = {0x00, 0x01, 0x02, 0x03, 0x04,
                                                              0x05, 0x06, 0x07, 0x08, 0x09};
  EXPECT_EQ(NewId(counting).substr(14), "7001-8203-040506070809");
}

}  // namespace
}  // namespace sanad
