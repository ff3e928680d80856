// Issue 16, the administrator's day over a real server on loopback and a
// real SQLite file: accounts (add with a password shown once, reset, role,
// disable and enable, never one's own), the site's k (audited with old and
// new value; reports use it, and going below it needs report.unsuppressed),
// the audit log read by filter and its chain verified (and found broken
// when an entry is altered), a person export made with a purpose and
// downloaded once (then 410), crossing points the admin adds and movements
// then accept, and the loaded policy.
#include "server_fixture.h"
#include "store/database.h"
#include "store/export_file.h"

namespace sanad::api {
namespace {

class AdminRoutesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    admin_ = Login("admin");
  }

  httplib::Result Send(const std::string& method, const std::string& path, const json& body = {},
                       const std::string& token = "") {
    httplib::Request req;
    req.method = method;
    req.path = path;
    if (!body.is_null()) {
      req.body = body.dump();
      req.set_header("Content-Type", "application/json");
    }
    req.headers.emplace("Authorization", "Bearer " + (token.empty() ? admin_ : token));
    return client_->send(req);
  }
  json Ok(httplib::Result res, int status = 200) {
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, status) << res->body;
    return json::parse(res->body, nullptr, false);
  }
  int SignInStatus(const std::string& username, const std::string& password) {
    auto res = client_->Post("/api/v1/session",
                             json{{"username", username}, {"password", password}}.dump(),
                             "application/json");
    return res ? res->status : 0;
  }
  json CasesReport(const std::string& query, const std::string& token) {
    auto res = Send("GET", "/api/v1/reports/cases" + query, nullptr, token);
    EXPECT_TRUE(res);
    return res ? json{{"status", res->status}, {"body", json::parse(res->body)}} : json{};
  }

  std::string admin_;
};

TEST_F(AdminRoutesTest, AnAdminAddsAUserResetsThePasswordChangesTheRoleDisablesAndEnables) {
  const json added =
      Ok(Send("POST", "/api/v1/users", {{"username", "amina"}, {"role", "registrar"}}), 201);
  const std::string id = added["id"];
  const std::string first = added["password"];
  EXPECT_EQ(added["role"], "registrar");
  EXPECT_GE(first.size(), 20u);
  EXPECT_EQ(SignInStatus("amina", first), 200);
  // Never shown again.
  const json listed = Ok(Send("GET", "/api/v1/users"));
  for (const auto& u : listed["items"]) EXPECT_FALSE(u.contains("password"));

  const json reset = Ok(Send("POST", "/api/v1/users/" + id + "/password", json::object()));
  const std::string second = reset["password"];
  EXPECT_NE(second, first);
  EXPECT_EQ(SignInStatus("amina", first), 401);
  EXPECT_EQ(SignInStatus("amina", second), 200);
  // Or the administrator types one.
  Ok(Send("POST", "/api/v1/users/" + id + "/password", {{"password", "typed by the admin"}}));
  EXPECT_EQ(SignInStatus("amina", "typed by the admin"), 200);

  EXPECT_EQ(Ok(Send("POST", "/api/v1/users/" + id + "/role", {{"role", "counsellor"}}))["role"],
            "counsellor");
  EXPECT_TRUE(Ok(Send("POST", "/api/v1/users/" + id + "/disable", json::object()))["disabled"]);
  EXPECT_EQ(SignInStatus("amina", "typed by the admin"), 401);
  EXPECT_FALSE(Ok(Send("POST", "/api/v1/users/" + id + "/enable", json::object()))["disabled"]);
  EXPECT_EQ(SignInStatus("amina", "typed by the admin"), 200);

  // Each change is in the audit log under the admin's name.
  const json log = Ok(Send("GET", "/api/v1/audit?user=admin&action=user.&page_size=100"));
  std::vector<std::string> actions;
  for (const auto& e : log["items"]) {
    EXPECT_EQ(e["actor"], "admin");
    if (e["object_id"] == id) actions.push_back(e["action"]);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"user.enable", "user.disable", "user.role",
                                               "user.reset_password", "user.reset_password",
                                               "user.create"}));
}

TEST_F(AdminRoutesTest, AnIssuedPasswordMustBeChangedBeforeAnythingElse) {
  const json added =
      Ok(Send("POST", "/api/v1/users", {{"username", "amina"}, {"role", "registrar"}}), 201);
  const std::string issued = added["password"];
  auto signed_in =
      client_->Post("/api/v1/session", json{{"username", "amina"}, {"password", issued}}.dump(),
                    "application/json");
  ASSERT_EQ(signed_in->status, 200);
  EXPECT_TRUE(json::parse(signed_in->body)["password_change_required"]);
  const std::string token = json::parse(signed_in->body)["token"];
  EXPECT_TRUE(Ok(Send("GET", "/api/v1/session", nullptr, token))["password_change_required"]);
  auto refused = Send("GET", "/api/v1/persons?q=nabi", nullptr, token);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(json::parse(refused->body)["error"]["field"], "password");

  auto wrong = Send("POST", "/api/v1/session/password",
                    {{"current", "a guess at it"}, {"password", "my own long secret"}}, token);
  EXPECT_EQ(wrong->status, 400);
  EXPECT_EQ(json::parse(wrong->body)["error"]["field"], "current");
  Ok(Send("POST", "/api/v1/session/password",
          {{"current", issued}, {"password", "my own long secret"}}, token));
  EXPECT_FALSE(Ok(Send("GET", "/api/v1/session", nullptr, token))["password_change_required"]);
  EXPECT_EQ(Send("GET", "/api/v1/persons?q=nabi", nullptr, token)->status, 200);
  EXPECT_EQ(SignInStatus("amina", issued), 401);
  EXPECT_EQ(SignInStatus("amina", "my own long secret"), 200);
}

TEST_F(AdminRoutesTest, BadAccountChangesGetAClearErrorAndChangeNothing) {
  const json users = Ok(Send("GET", "/api/v1/users"));
  std::string admin_id;
  for (const auto& u : users["items"]) {
    if (u["username"] == "admin") admin_id = u["id"];
  }
  const int64_t before = store_->AuditHead()->seq;
  struct Row {
    std::string method, path;
    json body;
    int status;
    std::string field;
  };
  const std::vector<Row> rows = {
      {"POST", "/api/v1/users", {{"username", "x"}, {"role", "king"}}, 400, "role"},
      {"POST", "/api/v1/users", {{"username", "Bad Name"}, {"role", "analyst"}}, 400, "username"},
      {"POST", "/api/v1/users", {{"username", "admin"}, {"role", "analyst"}}, 409, "username"},
      {"POST",
       "/api/v1/users",
       {{"username", "y"}, {"role", "analyst"}, {"password", "short"}},
       400,
       "password"},
      {"POST",
       "/api/v1/users",
       {{"username", "y"}, {"role", "analyst"}, {"tribe", "x"}},
       400,
       "tribe"},
      {"POST", "/api/v1/users/" + admin_id + "/disable", json::object(), 400, "id"},
      {"POST", "/api/v1/users/" + admin_id + "/role", {{"role", "analyst"}}, 400, "role"},
      {"POST",
       "/api/v1/users/01234567-89ab-7def-8123-456789abcdef/role",
       {{"role", "analyst"}},
       404,
       ""},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.path + " " + row.body.dump());
    auto res = Send(row.method, row.path, row.body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, row.status) << res->body;
    if (!row.field.empty()) {
      EXPECT_EQ(json::parse(res->body)["error"]["field"], row.field);
    }
  }
  EXPECT_EQ(store_->AuditHead()->seq, before);
}

TEST_F(AdminRoutesTest, ReportsUseTheSiteKAndGoingBelowItNeedsReportUnsuppressed) {
  const std::string analyst = Login("analyst");
  EXPECT_EQ(CasesReport("", analyst)["body"]["disclosure_control"]["k"], 5);
  EXPECT_EQ(Ok(Send("GET", "/api/v1/settings"))["k"], 5);

  const json changed = Ok(Send("PUT", "/api/v1/settings", {{"k", 8}}));
  EXPECT_EQ(changed["k"], 8);
  EXPECT_EQ(changed["k_updated_by"], "admin");
  EXPECT_EQ(CasesReport("", analyst)["body"]["disclosure_control"]["k"], 8);
  EXPECT_EQ(CasesReport("?k=10", analyst)["body"]["disclosure_control"]["k"], 10);
  EXPECT_EQ(CasesReport("?k=6", analyst)["status"], 403);  // 6 is above 5, below the site's 8
  EXPECT_EQ(CasesReport("?k=6", admin_)["status"], 200);
  auto flash = Send("GET", "/api/v1/reports/flash?from=2025-01-01&to=2025-01-07", nullptr, analyst);
  ASSERT_EQ(flash->status, 200) << flash->body;
  EXPECT_EQ(json::parse(flash->body)["disclosure_control"]["k"], 8);
  auto changes = Send("GET", "/api/v1/reports/status-changes?days=30", nullptr, analyst);
  EXPECT_EQ(json::parse(changes->body)["k"], 8);

  // Refused values and roles change nothing.
  auto low = Send("PUT", "/api/v1/settings", {{"k", 1}});
  EXPECT_EQ(low->status, 400);
  EXPECT_EQ(json::parse(low->body)["error"]["field"], "k");
  EXPECT_EQ(Send("PUT", "/api/v1/settings", {{"k", "7"}})->status, 400);
  EXPECT_EQ(Send("PUT", "/api/v1/settings", {{"k", 3}}, analyst)->status, 403);
  EXPECT_EQ(Ok(Send("GET", "/api/v1/settings"))["k"], 8);

  // The change is in the audit log with the old and the new value.
  const json log = Ok(Send("GET", "/api/v1/audit?action=settings.k"));
  ASSERT_EQ(log["items"].size(), 1u);
  EXPECT_EQ(log["items"][0]["detail"], "5 -> 8");
  EXPECT_EQ(log["items"][0]["actor"], "admin");
}

TEST_F(AdminRoutesTest, TheAuditLogIsReadByPageAndItsChainVerifiedAndFoundBrokenWhenAltered) {
  Ok(Send("PUT", "/api/v1/settings", {{"k", 6}}));
  const json page = Ok(Send("GET", "/api/v1/audit?page_size=2"));
  EXPECT_EQ(page["items"].size(), 2u);
  EXPECT_TRUE(page["has_more"]);
  EXPECT_GT(page["items"][0]["seq"], page["items"][1]["seq"]);
  const json record = Ok(Send("GET", "/api/v1/audit?record=k"));
  EXPECT_EQ(record["items"].size(), 1u);
  EXPECT_EQ(Send("GET", "/api/v1/audit?user=nobody")->status, 400);
  EXPECT_EQ(Send("GET", "/api/v1/audit?page=0")->status, 400);
  EXPECT_EQ(Send("GET", "/api/v1/audit", nullptr, Login("registrar"))->status, 403);

  const json intact = Ok(Send("POST", "/api/v1/audit/verify", json::object()));
  EXPECT_TRUE(intact["intact"]);
  EXPECT_GT(intact["entries"], 3);
  EXPECT_EQ(intact["head"]["seq"], intact["entries"]);
  EXPECT_EQ(store_->AuditHead()->action, "audit.verify");

  auto db = store::OpenSqlite(dir_.File("api0.db"));
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE(
      (*db)->Execute("UPDATE audit_log SET detail = '5 -> 60' WHERE action = 'settings.k'"));
  const json broken = Ok(Send("POST", "/api/v1/audit/verify", json::object()));
  EXPECT_FALSE(broken["intact"]);
  EXPECT_NE(broken["problem"].get<std::string>().find("altered"), std::string::npos);
  EXPECT_GT(broken["broken_at"], 0);
  EXPECT_EQ(store_->AuditHead()->outcome, "failed");
}

TEST_F(AdminRoutesTest, AnExportNeedsAPurposeAndAPassphraseAndIsDownloadedOnceThenGone) {
  ASSERT_EQ(Send("POST", "/api/v1/households", HouseholdOfSix(), Login("registrar"))->status, 201);
  auto no_purpose = Send("POST", "/api/v1/exports", {{"passphrase", "a long passphrase"}});
  EXPECT_EQ(no_purpose->status, 400);
  EXPECT_EQ(json::parse(no_purpose->body)["error"]["field"], "purpose");
  auto no_passphrase =
      Send("POST", "/api/v1/exports", {{"purpose", "monthly transfer to the hub"}});
  EXPECT_EQ(no_passphrase->status, 400);
  EXPECT_EQ(json::parse(no_passphrase->body)["error"]["field"], "passphrase");
  EXPECT_EQ(Send("POST", "/api/v1/exports",
                 {{"purpose", "monthly transfer to the hub"}, {"passphrase", "a long passphrase"}},
                 Login("registrar"))
                ->status,
            403);

  const json made =
      Ok(Send("POST", "/api/v1/exports",
              {{"purpose", "monthly transfer to the hub"}, {"passphrase", "a long passphrase"}}),
         201);
  EXPECT_EQ(made["persons"], 6);
  EXPECT_EQ(made["made_by"], "admin");
  EXPECT_TRUE(made["downloaded_at"].is_null());
  const std::string path = "/api/v1/exports/" + made["id"].get<std::string>() + "/file";
  auto file = Send("GET", path, nullptr);
  ASSERT_EQ(file->status, 200);
  EXPECT_NE(file->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  auto plain = store::DecryptExport(file->body, "a long passphrase");
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_NE(plain->find("Abdul Wali"), std::string::npos);

  auto again = Send("GET", path, nullptr);
  EXPECT_EQ(again->status, 410);
  EXPECT_EQ(json::parse(again->body)["error"]["code"], "gone");
  const json list = Ok(Send("GET", "/api/v1/exports"));
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_FALSE(list["items"][0]["downloaded_at"].is_null());
  EXPECT_EQ(list["items"][0]["purpose"], "monthly transfer to the hub");
}

TEST_F(AdminRoutesTest, AnAddedCrossingPointIsListedAndAcceptedForMovements) {
  const std::string registrar = Login("registrar");
  const json listed = Ok(Send("GET", "/api/v1/crossing-points", nullptr, registrar));
  EXPECT_EQ(listed["items"][0]["name"], "Torkham");
  EXPECT_TRUE(listed["items"][0]["built_in"]);
  const json point = {{"name", "Nawa Pass"}, {"afghan_province", "kunar"}, {"spellings", {"Nawa"}}};
  EXPECT_EQ(Send("POST", "/api/v1/crossing-points", point, registrar)->status, 403);
  auto bad = Send("POST", "/api/v1/crossing-points", {{"name", "X"}, {"afghan_province", "Mars"}});
  EXPECT_EQ(json::parse(bad->body)["error"]["field"], "afghan_province");
  const json added = Ok(Send("POST", "/api/v1/crossing-points", point), 201);
  EXPECT_EQ(added["afghan_province"], "Kunar");
  EXPECT_EQ(Send("POST", "/api/v1/crossing-points", point)->status, 409);

  auto household = Send("POST", "/api/v1/households", HouseholdOfSix(), registrar);
  const json movement = Ok(Send("POST", "/api/v1/movements",
                                {{"date", "2025-03-01"},
                                 {"crossing_point", "nawa"},
                                 {"direction", "to_afghanistan"},
                                 {"mode", "spontaneous"},
                                 {"household_id", json::parse(household->body)["id"]}},
                                registrar),
                           201);
  EXPECT_EQ(movement["crossing_point"], "Nawa Pass");
  const json after = Ok(Send("GET", "/api/v1/crossing-points", nullptr, registrar));
  EXPECT_EQ(after["items"].back()["added_by"], "admin");
}

TEST_F(AdminRoutesTest, TheLoadedPolicyListsProvisionsWithDatesAndSources) {
  const json p = Ok(Send("GET", "/api/v1/policy", nullptr, Login("counsellor")));
  EXPECT_EQ(p["id"], "pakistan-afghans");
  ASSERT_GT(p["provisions"].size(), 3u);
  bool dated = false;
  for (const auto& v : p["provisions"]) {
    SCOPED_TRACE(v["id"].get<std::string>());
    EXPECT_FALSE(v["source"]["authority"].get<std::string>().empty());
    EXPECT_FALSE(v["citation"].get<std::string>().empty());
    dated = dated || v["from"].is_string();
  }
  EXPECT_TRUE(dated);
}

}  // namespace
}  // namespace sanad::api
