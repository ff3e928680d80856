#include "store/key_ring.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <array>
#include <set>
#include <span>
#include <string>

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

// A pool hands each byte out once: keys and nonces drawn from it across
// many refills never repeat, and what it seals opens as any sealed value.
TEST(KeyRing, KeysAndNoncesFromARandomPoolAreFreshAndWork) {
  Key master;
  master.fill(3);
  KeyRing ring = KeyRing::FromMasterKey(master);
  RandomPool pool;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {  // about 20 pool refills
    SCOPED_TRACE(i);
    Key data = KeyRing::NewDataKey(&pool);
    EXPECT_TRUE(seen.insert(std::string(data.begin(), data.end())).second);
    const std::string sealed = KeyRing::Seal(data, "Gul Bibi", "person-1", &pool);
    EXPECT_TRUE(seen.insert(sealed.substr(0, 24)).second) << "a nonce came twice";
    EXPECT_EQ(KeyRing::Open(data, sealed, "person-1").value(), "Gul Bibi");
    const std::string wrapped = ring.WrapKey(data, "person-1", &pool);
    EXPECT_TRUE(seen.insert(wrapped.substr(0, 24)).second) << "a nonce came twice";
    EXPECT_EQ(ring.UnwrapKey(wrapped, "person-1").value(), data);
  }
  // More than the pool holds at once is drawn straight.
  std::string large(10000, '\0');
  pool.Take(std::span(reinterpret_cast<unsigned char*>(large.data()), large.size()));
  EXPECT_NE(large.find_first_not_of('\0'), std::string::npos);
}

TEST(KeyRing, ABlindIndexIntoAnArrayIsTheSameBytes) {
  Key master;
  master.fill(4);
  KeyRing ring = KeyRing::FromMasterKey(master);
  std::array<unsigned char, KeyRing::kBlindIndexBytes> token{};
  ring.BlindIndex("given", "gul", token);
  EXPECT_EQ(std::string(token.begin(), token.end()), ring.BlindIndex("given", "gul"));
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
