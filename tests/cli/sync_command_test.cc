// `sanad site enrol|revoke` and `sanad sync` as processes against a real hub
// (`sanad serve`) on loopback: push, a second sync that sends nothing again,
// refusals, and a fault test where the hub and the syncing sites are killed
// with SIGKILL at random moments.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "../testing/process.h"
#include "../testing/self_signed_certificate.h"
#include "../testing/temp_dir.h"
#include "store/store.h"

namespace sanad {
namespace {

using sanad::testing::Background;
using sanad::testing::Run;
using sanad::testing::RunResult;
using sanad::testing::TempDir;

// A hub served by `sanad serve` in its own folder (its own key file).
struct Hub {
  TempDir dir;
  std::string db = dir.File("hub.db");
  std::unique_ptr<Background> server;
  int port = -1;
  std::string tls_cert;  // serve HTTPS with this certificate when set
  std::string tls_key;

  void Start() {
    std::vector<std::string> args = {SANAD_BINARY, "serve", "--db", db, "--port", "0"};
    if (!tls_cert.empty()) args.insert(args.end(), {"--tls-cert", tls_cert, "--tls-key", tls_key});
    server = std::make_unique<Background>(args);
    port = sanad::testing::PortFromBanner(
        server->WaitFor("Stop with Ctrl-C", std::chrono::seconds(60)));
  }
  std::string Url() const {
    return (tls_cert.empty() ? "http://127.0.0.1:" : "https://localhost:") + std::to_string(port);
  }
  RunResult Sanad(std::vector<std::string> args) {
    args.insert(args.begin(), SANAD_BINARY);
    args.insert(args.end(), {"--db", db});
    return Run(args);
  }
};

struct Site {
  TempDir dir;
  std::string db = dir.File("site.db");
  std::string credential = dir.File("credential.toml");
  int files = 0;

  RunResult Sanad(std::vector<std::string> args) {
    args.insert(args.begin(), SANAD_BINARY);
    args.insert(args.end(), {"--db", db});
    return Run(args);
  }
  // Registers `count` new persons, each in a household of their own (two
  // operations each: the household's create and the person's).
  RunResult Register(int count, const std::string& tag) {
    const std::string path = dir.File("register-" + std::to_string(++files) + ".csv");
    std::ofstream csv(path);
    csv << "record_id,given_name,father_name,grandfather_name,family_name,sex,birth_date,phone,"
           "tazkira_number,por_number,province,district,household_ref,relationship\n";
    for (int i = 0; i < count; ++i) {
      csv << tag << "-" << files << "-" << i << ",Wali " << tag << files << i
          << ",Abdullah,,,male,1980,,,,Nangarhar,Jalalabad," << tag << files << i << ",head\n";
    }
    csv.close();
    return Sanad({"import", "persons", path});
  }
  RunResult Sync(const std::string& url) {
    return Sanad({"sync", "--hub", url, "--credential", credential});
  }
};

std::unique_ptr<store::Store> OpenStore(const std::string& db, const std::string& key_file) {
  auto keys = store::KeyRing::FromKeyFile(key_file);
  EXPECT_TRUE(keys) << keys.error().message;
  auto s = store::Store::OpenSqliteFile(db, std::move(*keys));
  EXPECT_TRUE(s) << s.error().message;
  return s ? std::move(*s) : nullptr;
}

std::vector<sync::Operation> Log(store::Store& store, const store::OperationFilter& filter = {}) {
  auto batch = store.OperationsSince(0, 10'000'000, filter);
  EXPECT_TRUE(batch) << batch.error().message;
  return batch ? batch->operations : std::vector<sync::Operation>{};
}

TEST(SyncCommand, ASitePushesItsOperationsOnceAndARevokedSiteIsRefused) {
  Hub hub;
  hub.Start();
  ASSERT_GT(hub.port, 0);
  Site site;
  auto enrolled = hub.Sanad({"site", "enrol", "--name", "torkham-1", "--out", site.credential});
  ASSERT_EQ(enrolled.exit_code, 0) << enrolled.err;
  ASSERT_EQ(site.Register(5, "t").exit_code, 0);

  auto first = site.Sync(hub.Url());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("pushed 10 operations (0 already at the hub)"), std::string::npos)
      << first.out;
  auto second = site.Sync(hub.Url());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("pushed 0 operations"), std::string::npos) << second.out;

  {
    auto site_store = OpenStore(site.db, site.dir.File("sanad.key"));
    EXPECT_EQ(site_store->site_id(), "torkham-1") << "the site took its enrolled name";
    auto hub_store = OpenStore(hub.db, hub.dir.File("sanad.key"));
    EXPECT_EQ(Log(*hub_store), Log(*site_store)) << "the same operations, the same sealed bytes";
  }

  // A credential whose token was altered is not known; a revoked one is refused.
  {
    std::ifstream in(site.credential);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    text[text.find("token = \"") + 9] ^= 1;
    std::ofstream(site.dir.File("forged.toml")) << text;
  }
  auto forged =
      site.Sanad({"sync", "--hub", hub.Url(), "--credential", site.dir.File("forged.toml")});
  EXPECT_EQ(forged.exit_code, 3);
  EXPECT_NE(forged.err.find("not known"), std::string::npos) << forged.err;
  ASSERT_EQ(hub.Sanad({"site", "revoke", "--name", "torkham-1"}).exit_code, 0);
  auto revoked = site.Sync(hub.Url());
  EXPECT_EQ(revoked.exit_code, 3);
  EXPECT_NE(revoked.err.find("revoked"), std::string::npos) << revoked.err;
  auto listed = hub.Sanad({"site", "list"});
  EXPECT_NE(listed.out.find("torkham-1\tenrolled"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("revoked "), std::string::npos) << listed.out;
}

TEST(SyncCommand, OverHttpsASiteTrustsOnlyTheHubCertificatePinnedAtEnrolment) {
  Hub hub;
  hub.tls_cert = hub.dir.File("hub.pem");
  hub.tls_key = hub.dir.File("hub.key.pem");
  sanad::testing::MakeSelfSignedCertificate(hub.tls_cert, hub.tls_key);
  const std::string impostor = hub.dir.File("impostor.pem");
  sanad::testing::MakeSelfSignedCertificate(impostor, hub.dir.File("impostor.key.pem"));
  hub.Start();
  ASSERT_GT(hub.port, 0);

  Site pinned, misled, unpinned;
  ASSERT_EQ(hub.Sanad({"site", "enrol", "--name", "kandahar-1", "--out", pinned.credential,
                       "--hub-cert", hub.tls_cert})
                .exit_code,
            0);
  ASSERT_EQ(hub.Sanad({"site", "enrol", "--name", "kandahar-2", "--out", misled.credential,
                       "--hub-cert", impostor})
                .exit_code,
            0);
  ASSERT_EQ(
      hub.Sanad({"site", "enrol", "--name", "kandahar-3", "--out", unpinned.credential}).exit_code,
      0);
  for (Site* site : {&pinned, &misled, &unpinned}) ASSERT_EQ(site->Register(2, "k").exit_code, 0);

  auto synced = pinned.Sync(hub.Url());
  EXPECT_EQ(synced.exit_code, 0) << synced.err;
  EXPECT_NE(synced.out.find("pushed 4 operations"), std::string::npos) << synced.out;
  // A hub whose certificate is not the pinned one is not trusted.
  auto refused = misled.Sync(hub.Url());
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("cannot reach the hub"), std::string::npos) << refused.err;
  auto no_pin = unpinned.Sync(hub.Url());
  EXPECT_EQ(no_pin.exit_code, 2);
  EXPECT_NE(no_pin.err.find("--hub-cert"), std::string::npos) << no_pin.err;
}

TEST(SyncCommand, PlainHttpGoesOnlyToThisMachine) {
  Site site;
  ASSERT_EQ(site.Register(1, "p").exit_code, 0);
  std::ofstream(site.credential) << "site = \"chaman\"\ntoken = \"00\"\n";
  auto refused = site.Sync("http://192.0.2.1:8080");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("HTTPS"), std::string::npos) << refused.err;
}

// A hub and three sites writing; the hub and the syncing sites are killed
// with SIGKILL at random moments, 20 rounds. In the end every write of every
// site is at the hub exactly once, and every audit chain verifies.
TEST(SyncCommand, KillNineOfHubAndSitesLosesNothingAndAppliesNothingTwice) {
  Hub hub;
  hub.Start();
  ASSERT_GT(hub.port, 0);
  std::vector<std::unique_ptr<Site>> sites;
  for (const char* name : {"torkham-1", "chaman-1", "jalalabad-1"}) {
    sites.push_back(std::make_unique<Site>());
    auto enrolled = hub.Sanad({"site", "enrol", "--name", name, "--out", sites.back()->credential});
    ASSERT_EQ(enrolled.exit_code, 0) << enrolled.err;
  }
  std::mt19937 random(14);
  for (int round = 0; round < 20; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    std::vector<std::unique_ptr<Background>> syncs;
    for (auto& site : sites) {
      ASSERT_EQ(
          site->Register(1 + static_cast<int>(random() % 4), "r" + std::to_string(round)).exit_code,
          0);
      syncs.push_back(std::make_unique<Background>(
          std::vector<std::string>{SANAD_BINARY, "sync", "--db", site->db, "--hub", hub.Url(),
                                   "--credential", site->credential}));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 400));
    if (random() % 2 == 0) {
      hub.server->Kill(SIGKILL);
      hub.Start();
      ASSERT_GT(hub.port, 0);
    }
    for (auto& sync_process : syncs) {
      if (random() % 3 == 0) sync_process->Kill(SIGKILL);
    }
  }
  // The links come back: each site syncs once more, to completion.
  for (auto& site : sites) {
    auto last = site->Sync(hub.Url());
    ASSERT_EQ(last.exit_code, 0) << last.err;
  }
  hub.server->Kill(SIGTERM);
  auto hub_store = OpenStore(hub.db, hub.dir.File("sanad.key"));
  const auto at_hub = Log(*hub_store);
  std::set<sync::OpId> ids;
  for (const auto& operation : at_hub)
    EXPECT_TRUE(ids.insert(operation.id).second) << "applied twice";
  size_t written = 0;
  for (auto& site : sites) {
    auto site_store = OpenStore(site->db, site->dir.File("sanad.key"));
    store::OperationFilter own;
    own.written_by = site_store->site_id();
    for (const auto& operation : Log(*site_store, own)) {
      ++written;
      EXPECT_TRUE(ids.contains(operation.id))
          << sync::ToString(operation.id) << " is missing at the hub";
    }
    EXPECT_TRUE(site_store->VerifyAudit()) << site_store->site_id();
  }
  EXPECT_EQ(at_hub.size(), written);
  EXPECT_TRUE(hub_store->VerifyAudit());
}

}  // namespace
}  // namespace sanad
