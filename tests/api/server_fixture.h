// A real server on a loopback port over a real SQLite file, for the API
// tests: accounts named after their roles, and a household of six.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "../testing/temp_dir.h"
#include "api/permissions.h"
#include "api/server.h"

namespace sanad::api {

using nlohmann::json;

inline constexpr const char* kPassword = "a good long password";

// Owns a real server on an ephemeral loopback port over a new SQLite file
// per start, with an account (password kPassword) for each role in `roles`,
// named after the role. ServerTest and the connection door's tests build on it.
class LoopbackServerTest : public ::testing::Test {
 protected:
  void TearDown() override { StopServer(); }

  // The store and the server share `options.clock` (the system clock unless
  // a test gives its own, e.g. &clock_): the server takes the store's.
  void StartServer(ServerOptions options, const std::vector<Role>& roles) {
    store::Key key;
    key.fill(3);
    auto s = store::Store::OpenSqliteFile(dir_.File("api" + std::to_string(starts_++) + ".db"),
                                          store::KeyRing::FromMasterKey(key),
                                          options.clock ? *options.clock : SystemClock());
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    for (Role role : roles) {
      ASSERT_TRUE(store_->CreateUser(std::string(store::ToString(role)), role, kPassword,
                                     store::Actor{"test", ""}));
    }
    options.bind = "127.0.0.1";
    options.port = 0;
    auto policy = policy::LoadShippedPolicy();
    ASSERT_TRUE(policy) << policy.error().message;
    policy_ = std::make_unique<policy::Policy>(std::move(*policy));
    duplicates_ = std::make_unique<match::CandidateIndex>();
    server_ = std::make_unique<Server>(*store_, *policy_, *duplicates_, options);
    ASSERT_TRUE(server_->Bind());
    thread_ = std::thread([this] { (void)server_->Serve(); });
  }

  void StopServer() {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    store_.reset();
  }

  sanad::testing::TempDir dir_;
  TestClock clock_;  // for tests that move time: set options.clock = &clock_
  int starts_ = 0;   // a new database per start, so a test can restart with other options
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<policy::Policy> policy_;
  std::unique_ptr<match::CandidateIndex> duplicates_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

class ServerTest : public LoopbackServerTest {
 protected:
  void SetUp() override { Start(ServerOptions{}); }

  // Every role's account, and a client with a generous read timeout.
  void Start(ServerOptions options) {
    StartServer(options, {std::begin(kAllRoles), std::end(kAllRoles)});
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(30, 0);
  }
  void Stop() { StopServer(); }

  // Signs in and returns the bearer token.
  std::string Login(const std::string& username) {
    auto res = client_->Post("/api/v1/session",
                             json{{"username", username}, {"password", kPassword}}.dump(),
                             "application/json");
    EXPECT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
    return json::parse(res->body)["token"].get<std::string>();
  }

  httplib::Headers Bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
  }

  std::unique_ptr<httplib::Client> client_;
};

inline json HouseholdOfSix() {
  return json::parse(R"({
    "origin_province": "Khyber Pakhtunkhwa", "origin_district": "Peshawar",
    "current_location": "Torkham zero point", "destination_province": "Nangarhar",
    "members": [
      {"given_name": "محمد نبی", "father_name": "عبدالرحمن", "grandfather_name": "غلام حضرت",
       "sex": "male", "birth_date": "1979~3", "phone": "۰۷۰۰۱۲۳۴۵۶", "relationship": "head",
       "documents": [{"type": "por_card", "number": "PoR-4417-2291", "issued": "2022",
                      "valid_until": "2025-06-30"}],
       "consents": ["registration", "tracing"]},
      {"given_name": "زرغونه", "father_name": "وزیرګل", "sex": "female", "relationship": "spouse",
       "documents": [{"type": "acc", "number": "ACC 88 1200"}]},
      {"given_name": "Abdul Wali", "father_name": "Mohammad Nabi", "sex": "male",
       "birth_date": "2005", "relationship": "son"},
      {"given_name": "Nazo", "father_name": "Mohammad Nabi", "sex": "female",
       "birth_date": "2010-03", "relationship": "daughter"},
      {"given_name": "Hamid Ullah", "father_name": "Muhammad Nabi", "sex": "male",
       "birth_date": "2014-09-01", "relationship": "son",
       "vulnerabilities": ["disability"]},
      {"given_name": "Bibi Gul", "father_name": "Khan Mohammad", "sex": "female",
       "birth_date": "1950~5", "relationship": "mother",
       "documents": [{"type": "tazkira", "number": "1401-0100-55512"}]}
    ]})");
}

}  // namespace sanad::api
