// `sanad serve --hub --credential` as processes (issue 14): a site syncs with
// a real hub (`sanad serve` on loopback) at start, and its admin reads the
// outcome at GET /api/v1/sync/status; with the hub down the site goes on
// serving and shows the error; the flags are checked before anything starts.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "../testing/process.h"
#include "../testing/temp_dir.h"
#include "store/store.h"

namespace sanad {
namespace {

using nlohmann::json;
using sanad::testing::Background;
using sanad::testing::Run;
using sanad::testing::RunResult;
using sanad::testing::TempDir;

RunResult Sanad(std::vector<std::string> args) {
  args.insert(args.begin(), SANAD_BINARY);
  return Run(args);
}

// A server started by `sanad serve` with `extra` flags; its admin's password
// when this start made the account.
struct Served {
  std::unique_ptr<Background> process;
  int port = -1;
  std::string password;

  void Start(const std::string& db, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {SANAD_BINARY, "serve", "--db", db, "--port", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    process = std::make_unique<Background>(args);
    const std::string out = process->WaitFor("Stop with Ctrl-C", std::chrono::seconds(60));
    port = sanad::testing::PortFromBanner(out);
    if (const auto at = out.find("password: "); at != std::string::npos) {
      password = out.substr(at + 10, 20);
    }
  }
};

// Signs in as the admin and GETs /api/v1/sync/status until `done` says the
// answer is the one awaited, or a minute passes; the last answer.
json AwaitStatus(int port, const std::string& password,
                 const std::function<bool(const json&)>& done) {
  httplib::Client client("127.0.0.1", port);
  auto login =
      client.Post("/api/v1/session", json{{"username", "admin"}, {"password", password}}.dump(),
                  "application/json");
  if (!login || login->status != 200) return nullptr;
  const httplib::Headers bearer = {
      {"Authorization", "Bearer " + json::parse(login->body)["token"].get<std::string>()}};
  json status;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = client.Get("/api/v1/sync/status", bearer);
    if (!res || res->status != 200) return nullptr;
    status = json::parse(res->body);
    if (done(status)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return status;
}

// Registers three persons at `db` (a new site), each in a household of their own.
void RegisterThree(TempDir& dir, const std::string& db) {
  const std::string path = dir.File("register.csv");
  std::ofstream csv(path);
  csv << "record_id,given_name,father_name,grandfather_name,family_name,sex,birth_date,phone,"
         "tazkira_number,por_number,province,district,household_ref,relationship\n";
  for (int i = 0; i < 3; ++i) {
    csv << "s-" << i << ",Wali " << i << ",Abdullah,,,male,1980,,,,Nangarhar,Jalalabad,h" << i
        << ",head\n";
  }
  csv.close();
  auto imported = Sanad({"import", "persons", path, "--db", db});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
}

std::vector<sync::Operation> OperationsAt(const std::string& db, const std::string& key_file,
                                          const std::string& written_by) {
  auto keys = store::KeyRing::FromKeyFile(key_file);
  EXPECT_TRUE(keys) << keys.error().message;
  if (!keys) return {};
  auto store = store::Store::OpenSqliteFile(db, std::move(*keys));
  EXPECT_TRUE(store) << store.error().message;
  if (!store) return {};
  store::OperationFilter filter;
  filter.written_by = written_by;
  auto batch = (*store)->OperationsSince(0, 1'000'000, filter);
  EXPECT_TRUE(batch) << batch.error().message;
  return batch ? batch->operations : std::vector<sync::Operation>{};
}

TEST(ServeSync, ASiteSyncsWithItsHubAtStartAndItsAdminSeesWhen) {
  TempDir hub_dir, site_dir;
  const std::string hub_db = hub_dir.File("hub.db");
  const std::string site_db = site_dir.File("site.db");
  const std::string credential = site_dir.File("credential.toml");
  Served hub;
  hub.Start(hub_db);
  ASSERT_GT(hub.port, 0);
  auto enrolled =
      Sanad({"site", "enrol", "--db", hub_db, "--name", "torkham-1", "--out", credential});
  ASSERT_EQ(enrolled.exit_code, 0) << enrolled.err;
  RegisterThree(site_dir, site_db);

  Served site;
  const std::string hub_url = "http://127.0.0.1:" + std::to_string(hub.port);
  site.Start(site_db, {"--hub", hub_url, "--credential", credential, "--sync-every", "30"});
  ASSERT_GT(site.port, 0);
  ASSERT_FALSE(site.password.empty());
  const json status = AwaitStatus(site.port, site.password,
                                  [](const json& s) { return s["last_success_at"].is_string(); });
  ASSERT_TRUE(status.is_object());
  EXPECT_TRUE(status["last_success_at"].is_string()) << status.dump();
  EXPECT_EQ(status["configured"], true);
  EXPECT_EQ(status["hub"], hub_url);
  EXPECT_EQ(status["site"], "torkham-1");
  EXPECT_EQ(status["every_seconds"], 30);
  EXPECT_TRUE(status["last_attempt_at"].is_string());
  EXPECT_TRUE(status["last_error"].is_null()) << status.dump();
  ASSERT_TRUE(status["clock_skew_ms"].is_number_integer()) << status.dump();
  EXPECT_LT(std::abs(status["clock_skew_ms"].get<int64_t>()), 60'000) << "one machine, one clock";
  EXPECT_EQ(status["conflicts"], 0);

  EXPECT_EQ(site.process->Kill(SIGTERM), 0) << "stops cleanly, the sync thread too";
  EXPECT_EQ(hub.process->Kill(SIGTERM), 0);
  const auto at_site = OperationsAt(site_db, site_dir.File("sanad.key"), "torkham-1");
  EXPECT_GE(at_site.size(), 3u) << "a create per person at least, under the enrolled name";
  EXPECT_EQ(OperationsAt(hub_db, hub_dir.File("sanad.key"), "torkham-1"), at_site)
      << "what the site registered before it started is at the hub";
  auto listed = Sanad({"site", "list", "--db", hub_db});
  EXPECT_NE(listed.out.find("last sync "), std::string::npos) << listed.out;
}

// A port nothing listens on: bound, then closed.
int ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    return -1;
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

TEST(ServeSync, WithTheHubDownTheSiteServesAndShowsTheError) {
  TempDir dir;
  const std::string credential = dir.File("credential.toml");
  std::ofstream(credential) << "site = \"chaman-1\"\ntoken = \"00\"\n";
  const int port = ClosedPort();
  ASSERT_GT(port, 0);
  Served site;
  site.Start(dir.File("site.db"),
             {"--hub", "http://127.0.0.1:" + std::to_string(port), "--credential", credential});
  ASSERT_GT(site.port, 0);
  const json status = AwaitStatus(site.port, site.password,
                                  [](const json& s) { return s["last_error"].is_string(); });
  ASSERT_TRUE(status.is_object());
  ASSERT_TRUE(status["last_error"].is_string()) << status.dump();
  EXPECT_NE(status["last_error"].get<std::string>().find("cannot reach the hub"), std::string::npos)
      << status.dump();
  EXPECT_NE(status["last_error"].get<std::string>().find("Nothing is lost"), std::string::npos);
  EXPECT_TRUE(status["last_success_at"].is_null());
  EXPECT_TRUE(status["last_attempt_at"].is_string());
  EXPECT_TRUE(status["clock_skew_ms"].is_null()) << "the hub never answered";
  EXPECT_EQ(status["every_seconds"], 300) << "the default";
  httplib::Client client("127.0.0.1", site.port);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(site.process->Kill(SIGTERM), 0);
}

TEST(ServeSync, TheFlagsAreCheckedBeforeAnythingStarts) {
  TempDir dir;
  const std::string db = dir.File("site.db");
  const std::string credential = dir.File("credential.toml");
  std::ofstream(credential) << "site = \"chaman-1\"\ntoken = \"00\"\n";
  std::ofstream(dir.File("broken.toml")) << "site = \n";
  const std::string hub = "http://127.0.0.1:9";
  struct Case {
    std::vector<std::string> flags;
    std::string named;
  };
  for (const Case& c : std::vector<Case>{
           {{"--hub", hub}, "--credential"},
           {{"--credential", credential}, "--hub"},
           {{"--sync-every", "60"}, "--sync-every"},
           {{"--hub", hub, "--credential", credential, "--sync-every", "10"}, "--sync-every"},
           {{"--hub", hub, "--credential", dir.File("absent.toml")}, "--credential: cannot read"},
           {{"--hub", hub, "--credential", dir.File("broken.toml")}, "not a credential file"},
           {{"--hub", "http://192.0.2.1:8080", "--credential", credential}, "HTTPS"},
       }) {
    std::vector<std::string> args = {"serve", "--db", db, "--port", "0"};
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    SCOPED_TRACE(::testing::PrintToString(c.flags));
    const auto refused = Sanad(args);
    EXPECT_NE(refused.exit_code, 0);
    EXPECT_NE(refused.err.find(c.named), std::string::npos) << refused.err;
  }
  EXPECT_FALSE(std::ifstream(db).good()) << "no database was made";
}

}  // namespace
}  // namespace sanad
