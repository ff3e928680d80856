// `sanad backup`, `sanad key show-recovery`, `sanad restore` and
// `sanad serve --backup-dir` as a person runs them: a site restored from a
// backup file and its recovery phrase alone, into a new folder, is opened by
// `audit verify` and by `serve`.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/stat.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "../testing/process.h"
#include "../testing/temp_dir.h"

namespace sanad {
namespace {

namespace fs = std::filesystem;
namespace proc = sanad::testing;
using nlohmann::json;

constexpr const char* kPassword = "registrar password 1";

// A site with one account, in `folder` (its key file beside the database).
std::string MakeSite(const fs::path& folder) {
  fs::create_directories(folder);
  const std::string db = (folder / "site.db").string();
  auto added = proc::Run(
      {SANAD_BINARY, "user", "add", "--db", db, "--username", "reg", "--role", "registrar"},
      std::string(kPassword) + "\n");
  EXPECT_EQ(added.exit_code, 0) << added.err;
  return db;
}

// The phrase from `sanad key show-recovery`'s output: its two indented lines.
std::string PhraseFrom(const std::string& out) {
  std::string phrase;
  const std::regex line(R"(^  ((?:[0-9A-Z]{4} ?){7})$)");
  std::istringstream in(out);
  for (std::string text; std::getline(in, text);) {
    std::smatch m;
    if (std::regex_match(text, m, line)) phrase += (phrase.empty() ? "" : " ") + m[1].str();
  }
  return phrase;
}

unsigned Mode(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return 0;
  return info.st_mode & 0777;
}

TEST(BackupCommand, ASiteComesBackFromItsBackupAndRecoveryPhraseAloneInANewFolder) {
  sanad::testing::TempDir dir;
  const std::string db = MakeSite(dir.path() / "site");
  const std::string backup = dir.File("site.sbak");
  auto made = proc::Run({SANAD_BINARY, "backup", "--db", db, "--out", backup});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("backup written to"), std::string::npos) << made.out;
  EXPECT_EQ(Mode(backup), 0600u);

  auto shown = proc::Run({SANAD_BINARY, "key", "show-recovery", "--db", db});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const std::string phrase = PhraseFrom(shown.out);
  ASSERT_EQ(phrase.size(), 69u) << shown.out;

  // A typo is refused by the checksum, and nothing is written.
  std::string typo = phrase;
  typo[7] = typo[7] == '7' ? '8' : '7';
  const fs::path fresh = dir.path() / "new";
  auto refused = proc::Run({SANAD_BINARY, "restore", "--in", backup, "--db",
                            (fresh / "site.db").string(), "--recovery-phrase-stdin"},
                           typo + "\n");
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("typo"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(fresh));

  // Another site's phrase is a valid phrase of the wrong key.
  const std::string other_db = MakeSite(dir.path() / "other");
  const std::string other_phrase =
      PhraseFrom(proc::Run({SANAD_BINARY, "key", "show-recovery", "--db", other_db}).out);
  auto wrong = proc::Run({SANAD_BINARY, "restore", "--in", backup, "--db",
                          (fresh / "site.db").string(), "--recovery-phrase", other_phrase});
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.err.find("another master key"), std::string::npos) << wrong.err;
  EXPECT_FALSE(fs::exists(fresh / "site.db"));

  // The backup and the phrase alone: no key file, no passphrase.
  auto restored = proc::Run({SANAD_BINARY, "restore", "--in", backup, "--db",
                             (fresh / "site.db").string(), "--recovery-phrase-stdin"},
                            phrase + "\n");
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_EQ(Mode((fresh / "sanad.key").string()), 0600u);
  EXPECT_EQ(Mode((fresh / "site.db").string()), 0600u);
  auto verified =
      proc::Run({SANAD_BINARY, "audit", "verify", "--db", (fresh / "site.db").string()});
  ASSERT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_NE(verified.out.find("audit log intact"), std::string::npos);

  {
    proc::Background server(
        {SANAD_BINARY, "serve", "--db", (fresh / "site.db").string(), "--port", "0"});
    const std::string out = server.WaitFor("Stop with Ctrl-C", std::chrono::seconds(60));
    const int port = proc::PortFromBanner(out);
    ASSERT_GT(port, 0) << out;
    EXPECT_EQ(out.find("password:"), std::string::npos) << "the accounts came back too";
    httplib::Client client("127.0.0.1", port);
    auto login =
        client.Post("/api/v1/session", json{{"username", "reg"}, {"password", kPassword}}.dump(),
                    "application/json");
    ASSERT_TRUE(login);
    EXPECT_EQ(login->status, 200) << login->body;
    EXPECT_EQ(server.Kill(SIGTERM), 0);
  }

  // The restored site has moved on (a sign-in): the backup is older now.
  auto over_newer =
      proc::Run({SANAD_BINARY, "restore", "--in", backup, "--db", (fresh / "site.db").string()});
  EXPECT_NE(over_newer.exit_code, 0);
  EXPECT_NE(over_newer.err.find("newer"), std::string::npos) << over_newer.err;
  EXPECT_NE(over_newer.err.find("--force"), std::string::npos);
  auto forced = proc::Run(
      {SANAD_BINARY, "restore", "--in", backup, "--db", (fresh / "site.db").string(), "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
}

TEST(BackupCommand, ServeTakesABackupAtStartIntoItsBackupFolder) {
  sanad::testing::TempDir dir;
  const std::string db = MakeSite(dir.path() / "site");
  const fs::path backups = dir.path() / "backups";

  auto missing = proc::Run(
      {SANAD_BINARY, "serve", "--db", db, "--port", "0", "--backup-dir", backups.string()});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("--backup-dir"), std::string::npos) << missing.err;
  auto too_often = proc::Run({SANAD_BINARY, "serve", "--db", db, "--port", "0", "--backup-dir",
                              dir.path().string(), "--backup-every", "10s"});
  EXPECT_NE(too_often.exit_code, 0);

  fs::create_directory(backups);
  {
    proc::Background server({SANAD_BINARY, "serve", "--db", db, "--port", "0", "--backup-dir",
                             backups.string(), "--backup-every", "6h", "--backup-keep", "3"});
    ASSERT_GT(proc::PortFromBanner(server.WaitFor("Stop with Ctrl-C", std::chrono::seconds(60))),
              0);
    // Stopping waits for the backup taken at start.
    EXPECT_EQ(server.Kill(SIGTERM), 0);
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(backups)) files.push_back(entry.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].extension(), ".sbak");
  EXPECT_EQ(Mode(files[0].string()), 0600u);
  const fs::path target = dir.path() / "restored" / "site.db";
  auto restored =
      proc::Run({SANAD_BINARY, "restore", "--in", files[0].string(), "--db", target.string(),
                 "--key-file", (dir.path() / "site" / "sanad.key").string()});
  EXPECT_EQ(restored.exit_code, 0) << restored.err;
}

// A site keyed by a passphrase comes back with the passphrase (its salt
// travels in the backup's header); another passphrase is refused.
TEST(BackupCommand, APassphraseSiteIsRestoredWithItsPassphrase) {
  sanad::testing::TempDir dir;
  struct Passphrase {
    explicit Passphrase(const char* value) { setenv("SANAD_PASSPHRASE", value, 1); }
    ~Passphrase() { unsetenv("SANAD_PASSPHRASE"); }
  };
  const std::string backup = dir.File("site.sbak");
  {
    Passphrase site("the site's long passphrase");
    const std::string db = MakeSite(dir.path() / "site");
    EXPECT_FALSE(fs::exists(dir.path() / "site" / "sanad.key"));
    ASSERT_EQ(proc::Run({SANAD_BINARY, "backup", "--db", db, "--out", backup}).exit_code, 0);
  }
  const std::string target = (dir.path() / "new" / "site.db").string();
  {
    Passphrase wrong("another long passphrase");
    auto refused = proc::Run({SANAD_BINARY, "restore", "--in", backup, "--db", target});
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.err.find("another master key"), std::string::npos) << refused.err;
    EXPECT_FALSE(fs::exists(target));
  }
  Passphrase right("the site's long passphrase");
  auto restored = proc::Run({SANAD_BINARY, "restore", "--in", backup, "--db", target});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  auto verified = proc::Run({SANAD_BINARY, "audit", "verify", "--db", target});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
}

}  // namespace
}  // namespace sanad
