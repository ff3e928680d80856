#include "store/key_ring.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "../testing/temp_dir.h"

namespace sanad::store {
namespace {

TEST(KeyRing, KeyFileIsCreatedPrivateAndReadBack) {
  sanad::testing::TempDir dir;
  const std::string path = dir.File("site.key");
  ASSERT_TRUE(KeyRing::CreateKeyFile(path));
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto a = KeyRing::FromKeyFile(path);
  ASSERT_TRUE(a);
  auto b = KeyRing::FromKeyFile(path);
  EXPECT_TRUE(b->CheckValueMatches(a->MakeCheckValue()));
  EXPECT_FALSE(KeyRing::CreateKeyFile(path)) << "an existing key is never overwritten";
  chmod(path.c_str(), 0644);
  EXPECT_EQ(KeyRing::FromKeyFile(path).error().code, Error::Code::kInvalidInput);
  EXPECT_EQ(KeyRing::FromKeyFile(dir.File("missing.key")).error().code, Error::Code::kUnavailable);
}

TEST(KeyRing, SealedDataOpensOnlyWithTheRightKeyAndContext) {
  Key k = KeyRing::NewDataKey();
  const std::string sealed = KeyRing::Seal(k, "Gul Bibi", "person-1");
  EXPECT_EQ(KeyRing::Open(k, sealed, "person-1").value(), "Gul Bibi");
  EXPECT_FALSE(KeyRing::Open(k, sealed, "person-2"));
  EXPECT_FALSE(KeyRing::Open(KeyRing::NewDataKey(), sealed, "person-1"));
  std::string altered = sealed;
  altered[30] ^= 1;
  EXPECT_FALSE(KeyRing::Open(k, altered, "person-1"));
}

TEST(KeyRing, WrappedKeysAndBlindIndexesDependOnTheMasterKey) {
  Key m1, m2;
  m1.fill(1);
  m2.fill(2);
  KeyRing r1 = KeyRing::FromMasterKey(m1), r2 = KeyRing::FromMasterKey(m2);
  Key data = KeyRing::NewDataKey();
  EXPECT_EQ(r1.UnwrapKey(r1.WrapKey(data, "p"), "p").value(), data);
  EXPECT_FALSE(r2.UnwrapKey(r1.WrapKey(data, "p"), "p"));
  EXPECT_EQ(r1.BlindIndex("name", "mhmd"), r1.BlindIndex("name", "mhmd"));
  EXPECT_NE(r1.BlindIndex("name", "mhmd"), r2.BlindIndex("name", "mhmd"));
  EXPECT_NE(r1.BlindIndex("name", "mhmd"), r1.BlindIndex("phone", "mhmd"));
}

TEST(KeyRing, PassphraseNeedsTwelveCharacters) {
  const std::string salt = KeyRing::NewSalt();
  EXPECT_FALSE(KeyRing::FromPassphrase("short", salt));
  auto a = KeyRing::FromPassphrase("a long site passphrase", salt);
  ASSERT_TRUE(a);
  EXPECT_TRUE(KeyRing::FromPassphrase("a long site passphrase", salt)
                  ->CheckValueMatches(a->MakeCheckValue()));
}

}  // namespace
}  // namespace sanad::store
