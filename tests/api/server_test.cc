// The HTTP API against a real server on a loopback port and a real SQLite file.
#include "api/server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "../testing/temp_dir.h"
#include "api/permissions.h"

namespace sanad::api {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "a good long password";

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(ServerOptions{}); }
  void TearDown() override { Stop(); }

  void Start(ServerOptions options) {
    store::Key key;
    key.fill(3);
    // A new database per start, so a test can restart with other options.
    auto s = store::Store::OpenSqliteFile(dir_.File("api" + std::to_string(starts_++) + ".db"),
                                          store::KeyRing::FromMasterKey(key));
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    for (Role role : kAllRoles) {
      ASSERT_TRUE(store_->CreateUser(std::string(store::ToString(role)), role, kPassword,
                                     store::Actor{"test", ""}));
    }
    options.port = 0;
    auto policy = policy::LoadShippedPolicy();
    ASSERT_TRUE(policy) << policy.error().message;
    policy_ = std::make_unique<policy::Policy>(std::move(*policy));
    duplicates_ = std::make_unique<match::CandidateIndex>();
    server_ = std::make_unique<Server>(*store_, *policy_, *duplicates_, options);
    ASSERT_TRUE(server_->Bind());
    thread_ = std::thread([this] { (void)server_->Serve(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(30, 0);
  }

  void Stop() {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    store_.reset();
  }

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

  sanad::testing::TempDir dir_;
  int starts_ = 0;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<policy::Policy> policy_;
  std::unique_ptr<match::CandidateIndex> duplicates_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

json HouseholdOfSix() {
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

TEST_F(ServerTest, HealthzAnswersWithoutASessionAndCarriesSecurityHeaders) {
  auto res = client_->Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body)["status"], "ok");
  EXPECT_NE(res->get_header_value("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY");
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer");
  auto page = client_->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_FALSE(page->get_header_value("Content-Security-Policy").empty());
}

TEST_F(ServerTest, EveryApiRouteNeedsASession) {
  const std::pair<const char*, const char*> routes[] = {
      {"GET", "/api/v1/session"},
      {"POST", "/api/v1/households"},
      {"GET", "/api/v1/households/01234567-89ab-7def-8123-456789abcdef"},
      {"PATCH", "/api/v1/households/01234567-89ab-7def-8123-456789abcdef"},
      {"GET", "/api/v1/persons?q=x"},
      {"GET", "/api/v1/persons/01234567-89ab-7def-8123-456789abcdef"},
      {"POST", "/api/v1/movements"},
      {"GET", "/api/v1/movements"},
      {"GET", "/api/v1/audit/head"},
      {"GET", "/api/v1/no-such-route"},
  };
  for (const auto& [method, path] : routes) {
    SCOPED_TRACE(std::string(method) + " " + path);
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.body = "{}";
    req.set_header("Content-Type", "application/json");
    auto res = client_->send(req);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
    EXPECT_EQ(json::parse(res->body)["error"]["code"], "unauthenticated");
  }
}

TEST_F(ServerTest, RegistersAHouseholdOfSixReadsItBackExactlyAndChecksVersions) {
  const std::string token = Login("registrar");
  const json sent = HouseholdOfSix();
  auto res = client_->Post("/api/v1/households", Bearer(token), sent.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  const json created = json::parse(res->body);
  const std::string id = created["id"];
  EXPECT_EQ(created["version"], 1);
  EXPECT_TRUE(created["possible_duplicates"].is_array());

  auto read = client_->Get("/api/v1/households/" + id, Bearer(token));
  ASSERT_EQ(read->status, 200) << read->body;
  const json got = json::parse(read->body);
  ASSERT_EQ(got["members"].size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    SCOPED_TRACE(i);
    for (const char* field : {"given_name", "father_name", "grandfather_name", "sex", "birth_date",
                              "phone", "relationship"}) {
      if (sent["members"][i].contains(field)) {
        EXPECT_EQ(got["members"][i][field], sent["members"][i][field]) << field;
      }
    }
    if (sent["members"][i].contains("documents")) {
      for (const char* field : {"type", "number", "issued", "valid_until"}) {
        if (sent["members"][i]["documents"][0].contains(field)) {
          EXPECT_EQ(got["members"][i]["documents"][0][field],
                    sent["members"][i]["documents"][0][field]);
        }
      }
    }
  }
  EXPECT_EQ(got["origin_district"], "Peshawar");

  json patch = {{"version", 1}, {"current_location", "Kabul"}};
  auto first =
      client_->Patch("/api/v1/households/" + id, Bearer(token), patch.dump(), "application/json");
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(json::parse(first->body)["version"], 2);
  auto stale =
      client_->Patch("/api/v1/households/" + id, Bearer(token), patch.dump(), "application/json");
  ASSERT_EQ(stale->status, 409) << stale->body;
  EXPECT_EQ(json::parse(stale->body)["error"]["code"], "conflict");
  patch["version"] = 2;
  auto current =
      client_->Patch("/api/v1/households/" + id, Bearer(token), patch.dump(), "application/json");
  EXPECT_EQ(current->status, 200) << current->body;
}

TEST_F(ServerTest, SearchesByNameInEitherScriptPhoneAndDocumentWithPages) {
  const std::string token = Login("registrar");
  ASSERT_EQ(
      client_
          ->Post("/api/v1/households", Bearer(token), HouseholdOfSix().dump(), "application/json")
          ->status,
      201);
  // A name matches own names and fathers' names; own names come first.
  struct Case {
    std::string q;
    size_t expected;
    std::string first_given_name;
  } cases[] = {{"Mohammad Nabi", 4, "محمد نبی"}, {"muhammad nabi", 4, "محمد نبی"},
               {"zarghuna", 1, "زرغونه"},        {"Nabi", 4, "محمد نبی"},
               {"0700123456", 1, "محمد نبی"},    {"PoR 4417 2291", 1, "محمد نبی"},
               {"Hamidullah", 1, "Hamid Ullah"}, {"nobody", 0, ""}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.q);
    auto res = client_->Get("/api/v1/persons?" + httplib::detail::params_to_query_str({{"q", c.q}}),
                            Bearer(token));
    ASSERT_EQ(res->status, 200) << res->body;
    const json items = json::parse(res->body)["items"];
    ASSERT_EQ(items.size(), c.expected) << items.dump();
    if (c.expected > 0) {
      EXPECT_EQ(items[0]["given_name"], c.first_given_name);
    }
  }
  auto page = client_->Get("/api/v1/persons?q=nabi&page_size=1&page=1", Bearer(token));
  ASSERT_EQ(page->status, 200);
  auto bad = client_->Get("/api/v1/persons?q=nabi&page_size=1000", Bearer(token));
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["error"]["field"], "page_size");
}

// Every role is refused (403) on every route its permissions do not cover.
TEST_F(ServerTest, RolesAreRefusedWhereThePermissionTableSaysSo) {
  struct Route {
    const char* method;
    std::string path;
    Permission permission;
  };
  const std::string token = Login("admin");
  auto created = client_->Post("/api/v1/households", Bearer(token), HouseholdOfSix().dump(),
                               "application/json");
  const json household = json::parse(created->body);
  const std::string hid = household["id"], pid = household["members"][0]["id"];
  const Route routes[] = {
      {"POST", "/api/v1/households", Permission::kHouseholdWrite},
      {"GET", "/api/v1/households/" + hid, Permission::kPersonRead},
      {"PATCH", "/api/v1/households/" + hid, Permission::kHouseholdWrite},
      {"GET", "/api/v1/persons?q=nabi", Permission::kPersonRead},
      {"GET", "/api/v1/persons/" + pid, Permission::kPersonRead},
      {"POST", "/api/v1/movements", Permission::kMovementWrite},
      {"GET", "/api/v1/movements", Permission::kMovementRead},
      {"GET", "/api/v1/audit/head", Permission::kUserAdmin},
  };
  for (Role role : kAllRoles) {
    const std::string role_token = Login(std::string(store::ToString(role)));
    for (const auto& route : routes) {
      SCOPED_TRACE(std::string(store::ToString(role)) + " " + route.method + " " + route.path);
      httplib::Request req;
      req.method = route.method;
      req.path = route.path;
      req.body = "{}";
      req.headers = Bearer(role_token);
      req.set_header("Content-Type", "application/json");
      auto res = client_->send(req);
      ASSERT_TRUE(res);
      if (Allows(role, route.permission)) {
        EXPECT_NE(res->status, 403) << res->body;
        EXPECT_NE(res->status, 401) << res->body;
      } else {
        EXPECT_EQ(res->status, 403) << res->body;
      }
    }
  }
  // A caseworker reads a person but not their document numbers or phone.
  auto seen = client_->Get("/api/v1/persons/" + pid, Bearer(Login("caseworker")));
  ASSERT_EQ(seen->status, 200);
  const json person = json::parse(seen->body);
  EXPECT_TRUE(person["phone"].is_null());
  EXPECT_TRUE(person["documents"][0]["number"].is_null());
  EXPECT_EQ(person["documents"][0]["type"], "por_card");
}

TEST_F(ServerTest, BadInputGetsAClearErrorAndChangesNothing) {
  const std::string token = Login("registrar");
  struct Case {
    const char* name;
    std::string body;
    int status;
    const char* field;
  } cases[] = {
      {"malformed", "{\"members\": [", 400, "body"},
      {"unknown field", R"({"members":[{"given_name":"A"}],"tribe":"x"})", 400, "tribe"},
      {"wrong type", R"({"members":[{"given_name":["A"]}]})", 400, "members[0].given_name"},
      {"invalid utf8", std::string("{\"members\":[{\"given_name\":\"\xFF\"}]}"), 400, "body"},
      {"hostile string", R"({"members":[{"given_name":"Robert'); DROP TABLE persons;--\u0000"}]})",
       400, "members[0].given_name"},
      {"huge field", "{\"members\":[{\"given_name\":\"" + std::string(5000, 'a') + "\"}]}", 400,
       "members[0].given_name"},
      {"huge body", "{\"members\":[{\"given_name\":\"" + std::string(2 << 20, 'a') + "\"}]}", 413,
       "body"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto res = client_->Post("/api/v1/households", Bearer(token), c.body, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, c.status) << res->body;
    const json error = json::parse(res->body)["error"];
    EXPECT_EQ(error["field"], c.field);
    EXPECT_FALSE(error["message"].get<std::string>().empty());
  }
  EXPECT_EQ(store_->CountPersons().value(), 0);
}

TEST_F(ServerTest, CookieWritesNeedTheCsrfToken) {
  auto login = client_->Post("/api/v1/session",
                             json{{"username", "registrar"}, {"password", kPassword}}.dump(),
                             "application/json");
  ASSERT_EQ(login->status, 200);
  const std::string set_cookie = login->get_header_value("Set-Cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  const std::string csrf = json::parse(login->body)["csrf_token"];
  httplib::Headers with_cookie = {{"Cookie", cookie}};
  EXPECT_EQ(client_->Get("/api/v1/session", with_cookie)->status, 200);
  auto refused =
      client_->Post("/api/v1/households", with_cookie, HouseholdOfSix().dump(), "application/json");
  EXPECT_EQ(refused->status, 403);
  with_cookie.emplace("X-CSRF-Token", "not-the-token");
  EXPECT_EQ(
      client_->Post("/api/v1/households", with_cookie, HouseholdOfSix().dump(), "application/json")
          ->status,
      403);
  httplib::Headers good = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  EXPECT_EQ(client_->Post("/api/v1/households", good, HouseholdOfSix().dump(), "application/json")
                ->status,
            201);
  EXPECT_EQ(client_->Delete("/api/v1/session", good)->status, 200);
  EXPECT_EQ(client_->Get("/api/v1/session", good)->status, 401) << "logged out";
}

TEST_F(ServerTest, RepeatedFailedLoginsAreRefused) {
  Stop();
  ServerOptions options;
  options.throttle = ThrottleSettings{.slow_after = 100, .max_failures = 4, .lockout_seconds = 60};
  Start(options);
  const std::string wrong =
      json{{"username", "registrar"}, {"password", "not the password"}}.dump();
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(client_->Post("/api/v1/session", wrong, "application/json")->status, 401);
  }
  const std::string right = json{{"username", "registrar"}, {"password", kPassword}}.dump();
  auto res = client_->Post("/api/v1/session", right, "application/json");
  EXPECT_EQ(res->status, 429) << "locked even with the right password";
  EXPECT_FALSE(res->get_header_value("Retry-After").empty());
}

TEST_F(ServerTest, IdleSessionsExpire) {
  Stop();
  ServerOptions options;
  options.session_idle_seconds = 1;
  Start(options);
  const std::string token = Login("counsellor");
  EXPECT_EQ(client_->Get("/api/v1/session", Bearer(token))->status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  EXPECT_EQ(client_->Get("/api/v1/session", Bearer(token))->status, 401);
}

TEST_F(ServerTest, RefusalsAndReadsAreAudited) {
  const std::string analyst = Login("analyst");
  EXPECT_EQ(client_->Get("/api/v1/persons?q=x", Bearer(analyst))->status, 403);
  auto head = store_->AuditHead();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->outcome, "denied");
  EXPECT_EQ(head->action, "refused:person.read");
  EXPECT_TRUE(store_->VerifyAudit());
}

TEST_F(ServerTest, APossibleDuplicateIsShownAcrossScriptsWithItsEvidence) {
  const std::string token = Login("registrar");
  auto first = client_->Post("/api/v1/households", Bearer(token), HouseholdOfSix().dump(),
                             "application/json");
  ASSERT_EQ(first->status, 201);
  const std::string head_id = json::parse(first->body)["members"][0]["id"];
  // The same man registered again at another site, in Latin script.
  const json again = json::parse(R"({"origin_province": "Khyber Pakhtunkhwa", "members": [
      {"given_name": "Mohammad Nabi", "father_name": "Abdul Rahman",
       "grandfather_name": "Ghulam Hazrat", "sex": "male", "birth_date": "1979",
       "phone": "0700 123 456", "relationship": "head"}]})");
  auto second =
      client_->Post("/api/v1/households", Bearer(token), again.dump(), "application/json");
  ASSERT_EQ(second->status, 201) << second->body;
  const json possible = json::parse(second->body)["possible_duplicates"];
  ASSERT_FALSE(possible.empty()) << second->body;
  EXPECT_EQ(possible[0]["candidate_id"], head_id);
  EXPECT_EQ(possible[0]["given_name"], "محمد نبی");
  EXPECT_GT(possible[0]["match_probability"].get<double>(), 0.9);
  EXPECT_FALSE(possible[0]["explanation"].empty());

  // While typing: only a few fields so far.
  auto typing = client_->Post("/api/v1/persons/candidates", Bearer(token),
                              R"({"given_name":"Muhammad Nabi","father_name":"Abdurrahman",
                                  "birth_date":"1979","province":"Khyber Pakhtunkhwa"})",
                              "application/json");
  ASSERT_EQ(typing->status, 200) << typing->body;
  EXPECT_FALSE(json::parse(typing->body)["candidates"].empty());
  auto of_person = client_->Get("/api/v1/persons/" + head_id + "/duplicates", Bearer(token));
  ASSERT_EQ(of_person->status, 200) << of_person->body;
  const json listed = json::parse(of_person->body)["candidates"];
  ASSERT_FALSE(listed.empty());
  for (const auto& c : listed) EXPECT_NE(c["person_id"], head_id);
  // Brothers share a father and grandfather but are not offered as the same person.
  for (const auto& c : listed) EXPECT_NE(c["given_name"], "Abdul Wali");
}

TEST_F(ServerTest, StatusCheckNamesTheProvisionsAndAPersonHasATimeline) {
  const std::string counsellor = Login("counsellor");
  auto res = client_->Post("/api/v1/status-check", Bearer(counsellor),
                           R"({"date":"2024-05-01","documents":[{"type":"por_card"}]})",
                           "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  const json answer = json::parse(res->body);
  EXPECT_EQ(answer["status"], "lawful");
  EXPECT_FALSE(answer["provisions"].empty());
  EXPECT_FALSE(answer["provisions"][0]["source"].get<std::string>().empty());
  EXPECT_EQ(answer["deciding_document"], "por_card");
  auto none = client_->Post("/api/v1/status-check", Bearer(counsellor),
                            R"({"date":"2024-05-01","documents":[]})", "application/json");
  EXPECT_EQ(json::parse(none->body)["status"], "removal_in_force");
  auto bad = client_->Post("/api/v1/status-check", Bearer(counsellor),
                           R"({"date":"2024-05-01","documents":[{"type":"library_card"}]})",
                           "application/json");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["error"]["field"], "documents[0].type");

  auto created = client_->Post("/api/v1/households", Bearer(Login("registrar")),
                               HouseholdOfSix().dump(), "application/json");
  const std::string head = json::parse(created->body)["members"][0]["id"];
  auto status =
      client_->Get("/api/v1/persons/" + head + "/status?date=2025-03-01", Bearer(counsellor));
  ASSERT_EQ(status->status, 200) << status->body;
  const json person_status = json::parse(status->body);
  EXPECT_EQ(person_status["status"], "lawful");  // PoR card valid to 2025-06-30
  EXPECT_GE(person_status["timeline"].size(), 2u);
  EXPECT_EQ(client_->Get("/api/v1/persons/" + head + "/status", Bearer(Login("analyst")))->status,
            403);
}

TEST_F(ServerTest, FlashReportIsSuppressedByDefaultAndDownloadable) {
  FlowTally t;
  t.date = Date{2025, 4, 2};
  t.crossing_point = "Torkham";
  t.mode = MovementMode::kDeported;
  t.households = 2;
  t.individuals = 12;
  t.female = 7;
  t.male = 5;
  t.age_0_4 = 3;
  t.age_5_17 = 4;
  t.age_18_59 = 4;
  t.age_60_plus = 1;
  t.destination_province = "Nangarhar";
  ASSERT_TRUE(store_->AddTallies({t}, store::Actor{"test", ""}));
  const std::string analyst = Login("analyst");
  auto res =
      client_->Get("/api/v1/reports/flash?from=2025-04-01&to=2025-04-30&by=month", Bearer(analyst));
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_NE(res->body.find("\"age_60_plus\":null"), std::string::npos) << res->body;
  auto csv = client_->Get("/api/v1/reports/flash?from=2025-04-01&to=2025-04-30&format=csv",
                          Bearer(analyst));
  ASSERT_EQ(csv->status, 200);
  EXPECT_NE(csv->body.find("#date"), std::string::npos);
  EXPECT_NE(csv->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  auto xlsx = client_->Get("/api/v1/reports/flash?from=2025-04-01&to=2025-04-30&format=xlsx",
                           Bearer(analyst));
  ASSERT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");
  auto unsuppressed = client_->Get(
      "/api/v1/reports/flash?from=2025-04-01&to=2025-04-30&suppression=off", Bearer(analyst));
  EXPECT_EQ(unsuppressed->status, 403);
  EXPECT_EQ(client_
                ->Get("/api/v1/reports/flash?from=2025-04-01&to=2025-04-30&suppression=off",
                      Bearer(Login("admin")))
                ->status,
            200);
  EXPECT_EQ(store_->AuditHead()->action, "report.flash.unsuppressed");
  auto changes = client_->Get("/api/v1/reports/status-changes?days=30", Bearer(analyst));
  ASSERT_EQ(changes->status, 200) << changes->body;
  EXPECT_EQ(json::parse(changes->body)["k"], 5);
}

}  // namespace
}  // namespace sanad::api
