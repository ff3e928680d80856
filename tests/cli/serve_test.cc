// `sanad serve` as a process: first start, clean shutdown, and durability of
// acknowledged writes when the process is killed with SIGKILL.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "../testing/process.h"
#include "../testing/temp_dir.h"
#include "store/store.h"

namespace sanad {
namespace {

using nlohmann::json;
using sanad::testing::Background;
namespace proc = sanad::testing;

constexpr const char* kPassword = "registrar password 1";

std::string SignIn(httplib::Client& client) {
  auto res =
      client.Post("/api/v1/session", json{{"username", "reg"}, {"password", kPassword}}.dump(),
                  "application/json");
  if (!res || res->status != 200) return {};
  return json::parse(res->body)["token"];
}

TEST(Serve, FirstStartCreatesAnAdminAndStopsCleanlyOnSigterm) {
  sanad::testing::TempDir dir;
  Background server({SANAD_BINARY, "serve", "--db", dir.File("site.db"), "--port", "0"});
  const std::string out = server.WaitFor("Stop with Ctrl-C", std::chrono::seconds(60));
  ASSERT_NE(out.find("username: admin"), std::string::npos) << out;
  ASSERT_NE(out.find("password: "), std::string::npos);
  const int port = sanad::testing::PortFromBanner(out);
  ASSERT_GT(port, 0) << out;
  const std::string password = out.substr(out.find("password: ") + 10, 20);
  httplib::Client client("127.0.0.1", port);
  EXPECT_EQ(client.Get("/healthz")->status, 200);
  auto login =
      client.Post("/api/v1/session", json{{"username", "admin"}, {"password", password}}.dump(),
                  "application/json");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 200);
  EXPECT_EQ(server.Kill(SIGTERM), 0);

  // The second start does not print a password again.
  Background again({SANAD_BINARY, "serve", "--db", dir.File("site.db"), "--port", "0"});
  const std::string out2 = again.WaitFor("Stop with Ctrl-C", std::chrono::seconds(60));
  EXPECT_EQ(out2.find("password:"), std::string::npos);
  EXPECT_EQ(again.Kill(SIGINT), 0);
}

// The installed service reads its options from a TOML file (packaging/
// sanad.toml); an unknown key is refused, not ignored.
TEST(Serve, ReadsItsOptionsFromAConfigFileAndRefusesAnUnknownKey) {
  sanad::testing::TempDir dir;
  const std::string config = dir.File("sanad.toml");
  {
    std::ofstream file(config);
    file << "[serve]\ndb = \"" << dir.File("site.db") << "\"\nport = 0\nsite-name = \"Torkham\"\n";
  }
  Background server({SANAD_BINARY, "--config", config, "serve"});
  const std::string out = server.WaitFor("Stop with Ctrl-C", std::chrono::seconds(60));
  const int port = sanad::testing::PortFromBanner(out);
  ASSERT_GT(port, 0) << out;
  httplib::Client client("127.0.0.1", port);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(json::parse(health->body)["site"], "Torkham");
  EXPECT_EQ(server.Kill(SIGTERM), 0);

  {
    std::ofstream file(config);
    file << "[serve]\ndb = \"" << dir.File("site.db") << "\"\ncolour = \"red\"\n";
  }
  const auto refused = proc::Run({SANAD_BINARY, "--config", config, "serve"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("colour"), std::string::npos) << refused.err;
}

// Kills the server with SIGKILL in the middle of a stream of writes, 20
// times; every household whose creation was acknowledged (201) must be there.
TEST(Serve, KillNineLosesNoAcknowledgedWrite) {
  sanad::testing::TempDir dir;
  const std::string db = dir.File("site.db");
  ASSERT_EQ(proc::Run({SANAD_BINARY, "user", "add", "--db", db, "--username", "reg", "--role",
                       "registrar"},
                      std::string(kPassword) + "\n")
                .exit_code,
            0);
  std::vector<std::string> acknowledged;
  std::mt19937 random(42);
  for (int round = 0; round < 20; ++round) {
    SCOPED_TRACE(round);
    Background server({SANAD_BINARY, "serve", "--db", db, "--port", "0"});
    const int port =
        sanad::testing::PortFromBanner(server.WaitFor("Ctrl-C", std::chrono::seconds(60)));
    ASSERT_GT(port, 0);
    httplib::Client client("127.0.0.1", port);
    const std::string token = SignIn(client);
    ASSERT_FALSE(token.empty());
    std::mutex mutex;
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < 3; ++w) {
      writers.emplace_back([&, w] {
        httplib::Client c("127.0.0.1", port);
        int i = 0;
        while (!stop) {
          const json body = {{"members",
                              {{{"given_name", "Writer " + std::to_string(w)},
                                {"father_name", "Round " + std::to_string(round)},
                                {"birth_date", std::to_string(1960 + i++ % 50)}}}}};
          auto res = c.Post("/api/v1/households", {{"Authorization", "Bearer " + token}},
                            body.dump(), "application/json");
          if (res && res->status == 201) {
            std::lock_guard lock(mutex);
            acknowledged.push_back(json::parse(res->body)["id"]);
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + random() % 300));
    server.Kill(SIGKILL);
    stop = true;
    for (auto& t : writers) t.join();
  }
  ASSERT_GT(acknowledged.size(), 20u);
  auto keys = store::KeyRing::FromKeyFile(dir.File("sanad.key"));
  ASSERT_TRUE(keys);
  auto store = store::Store::OpenSqliteFile(db, std::move(*keys));
  ASSERT_TRUE(store) << store.error().message;
  for (const auto& id : acknowledged) {
    EXPECT_TRUE((*store)->GetHousehold(id, store::Actor{"test", ""})) << id;
  }
  EXPECT_TRUE((*store)->VerifyAudit());
}

}  // namespace
}  // namespace sanad
