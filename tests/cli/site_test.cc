// How commands open a site: the database file's mode.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "../testing/process.h"
#include "../testing/temp_dir.h"
#include "core/person_csv.h"

namespace sanad {
namespace {

namespace proc = sanad::testing;

mode_t ModeOf(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return 0;
  return info.st_mode & 0777;
}

// Defect F: site.db (password hashes, audit addresses) and its -wal and -shm
// were created world-readable; a database others can read is now refused, by
// `serve` and every other command, saying how to fix it.
TEST(SiteFiles, DatabaseIsOwnerOnlyAndAReadableOneIsRefused) {
  sanad::testing::TempDir dir;
  const std::string db = dir.File("site.db");
  const mode_t old_mask = umask(022);
  std::ofstream(dir.File("in.csv"), std::ios::binary)
      << std::string(kPersonCsvHeader) << "\nr1,Gul Bibi,,,,f,,,,,,\n";
  ASSERT_EQ(
      proc::Run({SANAD_BINARY, "import", "persons", dir.File("in.csv"), "--db", db}).exit_code, 0);
  umask(old_mask);
  EXPECT_EQ(ModeOf(db), 0600u);
  EXPECT_EQ(ModeOf(dir.File("sanad.key")), 0600u);
  for (const char* extra : {"site.db-wal", "site.db-shm"}) {
    if (std::filesystem::exists(dir.File(extra))) {
      EXPECT_EQ(ModeOf(dir.File(extra)), 0600u) << extra;
    }
  }

  ASSERT_EQ(chmod(db.c_str(), 0644), 0);
  for (std::vector<std::string> args :
       {std::vector<std::string>{"user", "list"}, {"audit", "verify"}, {"serve", "--port", "0"}}) {
    SCOPED_TRACE(args[0]);
    // `serve` on the old code would serve forever: bound each run.
    args.insert(args.begin(), {"/usr/bin/timeout", "60", SANAD_BINARY});
    args.insert(args.end(), {"--db", db});
    auto r = proc::Run(args);
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("chmod 600 " + db), std::string::npos) << r.err;
  }
  EXPECT_EQ(ModeOf(db), 0644u) << "sanad does not change the mode itself";
  ASSERT_EQ(chmod(db.c_str(), 0600), 0);
  auto fixed = proc::Run({SANAD_BINARY, "audit", "verify", "--db", db});
  EXPECT_EQ(fixed.exit_code, 0) << fixed.err;
}

}  // namespace
}  // namespace sanad
