// The HTTP API against a real server on a loopback port and a real SQLite file.
#include "api/server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "api/permissions.h"
#include "api/route.h"
#include "server_fixture.h"

namespace sanad::api {
namespace {

// A concrete path for a route's pattern: id groups filled with a household
// id or a person id, the /api/ fallback with a path no route has.
std::string SamplePath(const Route& route, const std::string& household_id,
                       const std::string& person_id) {
  std::string path(route.pattern);
  if (path == "/api/.*") return "/api/v1/no-such-route";
  const std::string group = "([0-9a-f-]{36})";
  // Every id in the pattern (an evidence file's route has two).
  for (size_t at = path.find(group); at != std::string::npos; at = path.find(group)) {
    path.replace(at, group.size(),
                 path.starts_with("/api/v1/households") ? household_id : person_id);
  }
  if (route.method == "GET" && path == "/api/v1/persons") path += "?q=nabi";
  return path;
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

// Every route of the table but the public ones answers 401 without a session.
TEST_F(ServerTest, EveryApiRouteNeedsASession) {
  for (const Route& route : AllRoutes()) {
    if (route.access == Access::kPublic) continue;
    const std::string path = SamplePath(route, "01234567-89ab-7def-8123-456789abcdef",
                                        "01234567-89ab-7def-8123-456789abcdef");
    SCOPED_TRACE(std::string(route.method) + " " + path);
    httplib::Request req;
    req.method = route.method;
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

// Every role is refused (403) on every route of the table its permissions
// do not cover, and let through on the others.
TEST_F(ServerTest, RolesAreRefusedWhereThePermissionTableSaysSo) {
  const std::string token = Login("admin");
  auto created = client_->Post("/api/v1/households", Bearer(token), HouseholdOfSix().dump(),
                               "application/json");
  const json household = json::parse(created->body);
  const std::string hid = household["id"], pid = household["members"][0]["id"];
  size_t checked = 0;
  for (Role role : kAllRoles) {
    const std::string role_token = Login(std::string(store::ToString(role)));
    for (const Route& route : AllRoutes()) {
      if (route.access != Access::kPermission) continue;
      const std::string path = SamplePath(route, hid, pid);
      SCOPED_TRACE(std::string(store::ToString(role)) + " " + std::string(route.method) + " " +
                   path);
      httplib::Request req;
      req.method = route.method;
      req.path = path;
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
      ++checked;
    }
  }
  EXPECT_GE(checked, 5 * 14U);
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
  options.session_idle_seconds = 60;
  options.clock = &clock_;
  Start(options);
  const std::string token = Login("counsellor");
  EXPECT_EQ(client_->Get("/api/v1/session", Bearer(token))->status, 200);
  clock_.Advance(std::chrono::seconds(60));
  EXPECT_EQ(client_->Get("/api/v1/session", Bearer(token))->status, 200)
      << "used within the idle timeout";
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(client_->Get("/api/v1/session", Bearer(token))->status, 401);
}

// What "today" is comes from the server's clock: a date of birth one day
// ahead of a site east of UTC is refused, and accepted a day later; a
// status without a date is the status on the clock's today.
TEST_F(ServerTest, TodayIsTheServersClock) {
  Stop();
  ServerOptions options;
  options.clock = &clock_;
  clock_.Set(TestClock::FromIso(2025, 4, 1, 8));
  Start(options);
  std::string token = Login("registrar");
  auto born = [&](const std::string& date) {
    json h = HouseholdOfSix();
    h["members"][4]["birth_date"] = date;
    return client_->Post("/api/v1/households", Bearer(token), h.dump(), "application/json");
  };
  auto refused = born("2025-04-03");
  ASSERT_EQ(refused->status, 400) << refused->body;
  EXPECT_EQ(json::parse(refused->body)["error"]["field"], "members[4].birth_date");
  EXPECT_EQ(born("2025-04-02")->status, 201) << "a site east of UTC may be a day ahead";
  clock_.Advance(std::chrono::hours(24));
  token = Login("registrar");  // the session went idle overnight
  auto created = born("2025-04-03");
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string head_id = json::parse(created->body)["members"][0]["id"];
  auto status = client_->Get("/api/v1/persons/" + head_id + "/status", Bearer(Login("counsellor")));
  ASSERT_EQ(status->status, 200) << status->body;
  EXPECT_EQ(json::parse(status->body)["date"], "2025-04-02");
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
