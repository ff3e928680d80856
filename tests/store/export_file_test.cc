#include "store/export_file.h"

#include <gtest/gtest.h>

namespace sanad::store {
namespace {

TEST(ExportFile, RoundTripsAndDetectsWrongPassphraseAndTampering) {
  std::string csv = "record_id,given_name\n";
  for (int i = 0; i < 20000; ++i) csv += "r" + std::to_string(i) + ",نور احمد\n";  // > one chunk
  auto sealed = EncryptExport(csv, "export passphrase 1");
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed->find("نور"), std::string::npos);
  EXPECT_EQ(DecryptExport(*sealed, "export passphrase 1").value(), csv);
  EXPECT_FALSE(DecryptExport(*sealed, "export passphrase 2"));
  EXPECT_FALSE(DecryptExport(sealed->substr(0, sealed->size() - 100), "export passphrase 1"));
  std::string altered = *sealed;
  altered[altered.size() / 2] ^= 1;
  EXPECT_FALSE(DecryptExport(altered, "export passphrase 1"));
  EXPECT_FALSE(DecryptExport("not an export", "export passphrase 1"));
  EXPECT_FALSE(EncryptExport(csv, "short"));
}

}  // namespace
}  // namespace sanad::store
