// `--db postgresql://…`: a hub's commands on PostgreSQL. The key comes by
// --key-file (there is no folder beside the database for a default one); a
// new key is made only for a database that holds none; what applies to an
// SQLite file only (sanad backup, scheduled backups, restore) refuses
// clearly; the URL's password is never printed.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>

#include "../testing/process.h"
#include "../testing/test_database.h"

namespace sanad {
namespace {

namespace proc = sanad::testing;
using sanad::testing::Background;

class PostgresHub : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!db_.Create()) return;
    url_ = db_.location();
  }
  sanad::testing::TestDatabase db_{sanad::testing::Backend::kPostgres};
  sanad::testing::TempDir dir_;
  std::string url_;
};

TEST_F(PostgresHub, ServesWithAKeyFileAndRefusesWithoutOne) {
  auto keyless = proc::Run({SANAD_BINARY, "user", "list", "--db", url_});
  EXPECT_NE(keyless.exit_code, 0);
  EXPECT_NE(keyless.err.find("--key-file"), std::string::npos) << keyless.err;

  const std::string key = dir_.File("hub.key");
  Background server({SANAD_BINARY, "serve", "--db", url_, "--key-file", key, "--port", "0"});
  const std::string out = server.WaitFor("Stop with Ctrl-C", std::chrono::seconds(60));
  ASSERT_NE(out.find("username: admin"), std::string::npos) << out;
  EXPECT_NE(out.find("from the records"), std::string::npos) << "no index snapshot file: " << out;
  const int port = proc::PortFromBanner(out);
  ASSERT_GT(port, 0) << out;
  httplib::Client client("127.0.0.1", port);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_NE(health->body.find("\"backend\":\"postgres\""), std::string::npos) << health->body;
  EXPECT_EQ(server.Kill(SIGTERM), 0);
  EXPECT_TRUE(std::filesystem::exists(key)) << "the first start made the hub's key";

  auto verified = proc::Run({SANAD_BINARY, "audit", "verify", "--db", url_, "--key-file", key});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;

  // A database that holds a key never gets a new one.
  const std::string other = dir_.File("other.key");
  auto wrong = proc::Run({"/usr/bin/timeout", "60", SANAD_BINARY, "serve", "--db", url_,
                          "--key-file", other, "--port", "0"});
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.err.find("was created with a key"), std::string::npos) << wrong.err;
  EXPECT_FALSE(std::filesystem::exists(other));
}

TEST_F(PostgresHub, FileBackupsRefuseAndSayWhatToUseInstead) {
  const std::string key = dir_.File("hub.key");
  // Only the commands that may create a database (serve, user add, import)
  // make a key; the others need it to exist.
  auto users = proc::Run({SANAD_BINARY, "user", "list", "--db", url_, "--key-file", key});
  EXPECT_NE(users.exit_code, 0);
  EXPECT_NE(users.err.find("is missing"), std::string::npos) << users.err;

  Background server({SANAD_BINARY, "serve", "--db", url_, "--key-file", key, "--port", "0"});
  ASSERT_NE(server.WaitFor("Stop with Ctrl-C", std::chrono::seconds(60)).find("serving"),
            std::string::npos);
  EXPECT_EQ(server.Kill(SIGTERM), 0);

  const std::string out = dir_.File("hub.backup");
  auto backup = proc::Run({SANAD_BINARY, "backup", "--db", url_, "--key-file", key, "--out", out});
  EXPECT_NE(backup.exit_code, 0);
  EXPECT_NE(backup.err.find("pg_basebackup"), std::string::npos) << backup.err;
  EXPECT_FALSE(std::filesystem::exists(out));

  auto scheduled = proc::Run({"/usr/bin/timeout", "60", SANAD_BINARY, "serve", "--db", url_,
                              "--key-file", key, "--port", "0", "--backup-dir", dir_.path()});
  EXPECT_NE(scheduled.exit_code, 0);
  EXPECT_NE(scheduled.err.find("pg_basebackup"), std::string::npos) << scheduled.err;
}

TEST(PostgresHubUrl, APasswordInTheUrlIsNeverPrinted) {
  sanad::testing::TempDir dir;
  const std::string key = dir.File("hub.key");
  auto r = proc::Run({SANAD_BINARY, "user", "list", "--db",
                      "postgresql://sanad:s3cret-word@/sanad?host=/nonexistent-folder",
                      "--key-file", key});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.err.find("s3cret-word"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("PostgreSQL"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace sanad
