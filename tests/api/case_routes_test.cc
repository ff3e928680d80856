// Issue 12 over a real server on loopback and a real SQLite file: a
// caseworker opens a case for a detained person, moves it through the
// machine, refers them to legal aid (with consent; without it 403 and an
// audited refusal), a counsellor sees only that case and accepts the
// referral, stale writes are 409 with current_version, the caseworker's list
// puts overdue cases first, analysts read only the counts.
#include <functional>

#include "server_fixture.h"

namespace sanad::api {
namespace {

class CaseRoutesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    json household = HouseholdOfSix();
    household["members"][0]["consents"] = {"registration", "referral"};
    auto res = client_->Post("/api/v1/households", Bearer(Login("registrar")), household.dump(),
                             "application/json");
    ASSERT_EQ(res->status, 201) << res->body;
    household_ = json::parse(res->body);
    auto org = client_->Post(
        "/api/v1/organisations", Bearer(Login("admin")),
        json{{"name", "Legal Aid Torkham"}, {"services", {"legal_aid", "civil_documentation"}}}
            .dump(),
        "application/json");
    ASSERT_EQ(org->status, 201) << org->body;
    organisation_ = json::parse(org->body)["id"];
    caseworker_ = Login("caseworker");
  }

  std::string Member(int i) { return household_["members"][i]["id"]; }

  json OpenCase(const std::string& person_id) {
    auto res = client_->Post("/api/v1/cases", Bearer(caseworker_),
                             json{{"person_id", person_id},
                                  {"risks", {"arbitrary_arrest_detention"}},
                                  {"priority", "high"}}
                                 .dump(),
                             "application/json");
    EXPECT_EQ(res->status, 201) << res->body;
    return json::parse(res->body);
  }

  httplib::Result Post(const std::string& path, const json& body, const std::string& token = "") {
    return client_->Post(path, Bearer(token.empty() ? caseworker_ : token), body.dump(),
                         "application/json");
  }
  httplib::Result Patch(const std::string& path, const json& body, const std::string& token = "") {
    return client_->Patch(path, Bearer(token.empty() ? caseworker_ : token), body.dump(),
                          "application/json");
  }

  json LegalAidReferral() {
    return {{"service", "legal_aid"},
            {"organisation_id", organisation_},
            {"shared_fields", {"given_name", "father_name", "phone", "risks"}}};
  }

  json household_;
  std::string organisation_;
  std::string caseworker_;
};

TEST_F(CaseRoutesTest, CaseworkerOpensMovesRefersAndClosesACounsellorAccepts) {
  const json opened = OpenCase(Member(0));
  const std::string id = opened["id"];
  EXPECT_EQ(opened["status"], "open");
  EXPECT_EQ(opened["assigned_to"], "caseworker");
  EXPECT_EQ(opened["household_id"], household_["id"]);

  auto referred = Post("/api/v1/cases/" + id + "/referrals", LegalAidReferral());
  ASSERT_EQ(referred->status, 201) << referred->body;
  const json referral = json::parse(referred->body);
  EXPECT_EQ(referral["status"], "pending");
  EXPECT_EQ(referral["consent_of"], "person");
  // Only the chosen fields travel; a caseworker is not shown the phone.
  EXPECT_EQ(referral["shared"].size(), 4u);
  EXPECT_EQ(referral["shared"]["given_name"], "محمد نبی");
  EXPECT_TRUE(referral["shared"]["phone"].is_null());
  EXPECT_EQ(referral["shared"]["risks"], json({"arbitrary_arrest_detention"}));
  EXPECT_FALSE(referral["shared"].contains("documents"));

  // The counsellor sees this case (it has a legal-aid referral) and accepts.
  const std::string counsellor = Login("counsellor");
  auto seen = client_->Get("/api/v1/cases/" + id, Bearer(counsellor));
  ASSERT_EQ(seen->status, 200) << seen->body;
  auto accepted = Patch("/api/v1/referrals/" + std::string(referral["id"]),
                        {{"version", 1},
                         {"status", "accepted"},
                         {"outcome_note", "Lawyer assigned; hearing on Thursday."}},
                        counsellor);
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  EXPECT_EQ(json::parse(accepted->body)["status"], "accepted");

  int64_t version = 1;
  for (const char* to : {"assessed", "plan_agreed", "in_progress", "follow_up"}) {
    SCOPED_TRACE(to);
    auto moved = Post("/api/v1/cases/" + id + "/transitions", {{"version", version}, {"to", to}});
    ASSERT_EQ(moved->status, 200) << moved->body;
    version = json::parse(moved->body)["version"];
  }
  auto note =
      Post("/api/v1/cases/" + id + "/notes", {{"text", "Released on bail; family informed."}});
  ASSERT_EQ(note->status, 201) << note->body;
  auto refused =
      Post("/api/v1/cases/" + id + "/transitions", {{"version", version}, {"to", "open"}});
  ASSERT_EQ(refused->status, 400);
  EXPECT_EQ(json::parse(refused->body)["error"]["field"], "to");
  EXPECT_NE(
      json::parse(refused->body)["error"]["message"].get<std::string>().find("in_progress, closed"),
      std::string::npos);
  auto no_reason =
      Post("/api/v1/cases/" + id + "/transitions", {{"version", version}, {"to", "closed"}});
  EXPECT_EQ(json::parse(no_reason->body)["error"]["field"], "closure_reason");
  auto closed = Post("/api/v1/cases/" + id + "/transitions",
                     {{"version", version}, {"to", "closed"}, {"closure_reason", "needs_met"}});
  ASSERT_EQ(closed->status, 200) << closed->body;
  EXPECT_EQ(json::parse(closed->body)["closure_reason"], "needs_met");

  auto page = client_->Get("/api/v1/cases/" + id, Bearer(caseworker_));
  ASSERT_EQ(page->status, 200);
  const json file = json::parse(page->body);
  EXPECT_EQ(file["history"].size(), 5u);
  EXPECT_EQ(file["allowed_transitions"], json({"open"}));
  EXPECT_EQ(file["notes"][0]["text"], "Released on bail; family informed.");
  EXPECT_EQ(file["referrals"][0]["outcome_note"], "Lawyer assigned; hearing on Thursday.");
  // Who did what reads as a username, not a user id.
  EXPECT_EQ(file["notes"][0]["author"], "caseworker");
  EXPECT_EQ(file["created_by"], "caseworker");
  EXPECT_EQ(file["history"][4]["by"], "caseworker");
  EXPECT_EQ(file["referrals"][0]["created_by"], "caseworker");
}

TEST_F(CaseRoutesTest, NoReferralWithoutConsentAndTheRefusalIsAudited) {
  const json opened = OpenCase(Member(1));  // the spouse: no referral consent recorded
  const std::string id = opened["id"];
  auto refused = Post("/api/v1/cases/" + id + "/referrals", LegalAidReferral());
  ASSERT_EQ(refused->status, 403) << refused->body;
  EXPECT_NE(json::parse(refused->body)["error"]["message"].get<std::string>().find("consent"),
            std::string::npos);
  const store::AuditEntry head = *store_->AuditHead();
  EXPECT_EQ(head.action, "refused:referral.consent");
  EXPECT_EQ(head.outcome, "denied");
  EXPECT_EQ(head.object_id, id);
  auto page = client_->Get("/api/v1/cases/" + id, Bearer(caseworker_));
  EXPECT_TRUE(json::parse(page->body)["referrals"].empty());
}

TEST_F(CaseRoutesTest, StaleWritesAre409WithTheCurrentVersion) {
  const json opened = OpenCase(Member(0));
  const std::string id = opened["id"];
  ASSERT_EQ(Patch("/api/v1/cases/" + id, {{"version", 1}, {"priority", "low"}})->status, 200);
  auto stale = Patch("/api/v1/cases/" + id, {{"version", 1}, {"priority", "medium"}});
  ASSERT_EQ(stale->status, 409) << stale->body;
  EXPECT_EQ(json::parse(stale->body)["error"]["current_version"], 2);
  EXPECT_EQ(json::parse(stale->body)["error"]["field"], "version");
  auto stale_move =
      Post("/api/v1/cases/" + id + "/transitions", {{"version", 1}, {"to", "assessed"}});
  ASSERT_EQ(stale_move->status, 409);
  EXPECT_EQ(json::parse(stale_move->body)["error"]["current_version"], 2);

  auto task = Post("/api/v1/cases/" + id + "/tasks", {{"title", "Visit"}, {"due", "2025-04-10"}});
  ASSERT_EQ(task->status, 201) << task->body;
  const std::string task_id = json::parse(task->body)["id"];
  ASSERT_EQ(Patch("/api/v1/tasks/" + task_id, {{"version", 1}, {"done", true}})->status, 200);
  auto stale_task = Patch("/api/v1/tasks/" + task_id, {{"version", 1}, {"done", false}});
  ASSERT_EQ(stale_task->status, 409);
  EXPECT_EQ(json::parse(stale_task->body)["error"]["current_version"], 2);

  // Households share the mechanism.
  const std::string hid = household_["id"];
  const std::string registrar = Login("registrar");
  ASSERT_EQ(
      Patch("/api/v1/households/" + hid, {{"version", 1}, {"current_location", "Camp"}}, registrar)
          ->status,
      200);
  auto stale_household =
      Patch("/api/v1/households/" + hid, {{"version", 1}, {"current_location", "X"}}, registrar);
  ASSERT_EQ(stale_household->status, 409);
  EXPECT_EQ(json::parse(stale_household->body)["error"]["current_version"], 2);
}

TEST_F(CaseRoutesTest, BadInputNamesTheFieldAndChangesNothing) {
  struct Case {
    json body;
    const char* field;
  } cases[] = {
      {{{"person_id", Member(0)}, {"risks", {"arbitrary_arrest_detention"}}, {"owner", "x"}},
       "owner"},
      {{{"person_id", Member(0)}, {"risks", {"kidnap"}}}, "risks[0]"},
      {{{"person_id", Member(0)}, {"risks", json::array()}}, "risks"},
      {{{"person_id", Member(0)}, {"risks", {"gbv"}}, {"priority", "urgent"}}, "priority"},
      {{{"person_id", Member(0)}, {"risks", {"gbv"}}, {"assigned_to", "registrar"}}, "assigned_to"},
      {{{"risks", {"gbv"}}}, "person_id"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.field);
    auto res = Post("/api/v1/cases", c.body);
    ASSERT_EQ(res->status, 400) << res->body;
    EXPECT_EQ(json::parse(res->body)["error"]["field"], c.field);
  }
  auto list = client_->Get("/api/v1/cases", Bearer(caseworker_));
  EXPECT_TRUE(json::parse(list->body)["items"].empty());
  const std::string id = OpenCase(Member(0))["id"];
  auto referral = LegalAidReferral();
  referral["shared_fields"].push_back("home_address");
  EXPECT_EQ(
      json::parse(Post("/api/v1/cases/" + id + "/referrals", referral)->body)["error"]["field"],
      "shared_fields[4]");
  auto shelter = LegalAidReferral();
  shelter["service"] = "shelter";
  EXPECT_EQ(
      json::parse(Post("/api/v1/cases/" + id + "/referrals", shelter)->body)["error"]["field"],
      "organisation_id");
  EXPECT_EQ(json::parse(Post("/api/v1/cases/" + id + "/tasks", {{"title", "x"}, {"due", "soon"}})
                            ->body)["error"]["field"],
            "due");
  EXPECT_EQ(json::parse(Post("/api/v1/organisations", {{"name", "X"}, {"services", {"food"}}},
                             Login("admin"))
                            ->body)["error"]["field"],
            "services[0]");
}

TEST_F(CaseRoutesTest, MyCasesOverdueFirstAndWhoSeesWhat) {
  const std::string first = OpenCase(Member(0))["id"];
  const std::string second = OpenCase(Member(5))["id"];
  ASSERT_EQ(
      Post("/api/v1/cases/" + first + "/tasks", {{"title", "Call"}, {"due", "2100-01-01"}})->status,
      201);
  ASSERT_EQ(Post("/api/v1/cases/" + second + "/tasks", {{"title", "Visit"}, {"due", "2020-01-01"}})
                ->status,
            201);
  auto mine = client_->Get("/api/v1/cases?assigned_to=me", Bearer(caseworker_));
  ASSERT_EQ(mine->status, 200) << mine->body;
  const json items = json::parse(mine->body)["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["id"], second);
  EXPECT_EQ(items[0]["overdue"], true);
  auto overdue = client_->Get("/api/v1/cases?assigned_to=me&overdue=true", Bearer(caseworker_));
  EXPECT_EQ(json::parse(overdue->body)["items"].size(), 1u);
  EXPECT_EQ(client_->Get("/api/v1/cases?overdue=maybe", Bearer(caseworker_))->status, 400);
  // One person's cases, for their page.
  auto own = client_->Get("/api/v1/cases?person_id=" + Member(5), Bearer(caseworker_));
  ASSERT_EQ(own->status, 200) << own->body;
  ASSERT_EQ(json::parse(own->body)["items"].size(), 1u);
  EXPECT_EQ(json::parse(own->body)["items"][0]["id"], second);
  EXPECT_EQ(client_->Get("/api/v1/cases?person_id=", Bearer(caseworker_))->status, 400);

  // A counsellor sees no case until one has a legal-aid referral.
  const std::string counsellor = Login("counsellor");
  EXPECT_TRUE(
      json::parse(client_->Get("/api/v1/cases", Bearer(counsellor))->body)["items"].empty());
  EXPECT_EQ(client_->Get("/api/v1/cases/" + first, Bearer(counsellor))->status, 404);
  ASSERT_EQ(Post("/api/v1/cases/" + first + "/referrals", LegalAidReferral())->status, 201);
  EXPECT_EQ(json::parse(client_->Get("/api/v1/cases", Bearer(counsellor))->body)["items"].size(),
            1u);
  EXPECT_EQ(Post("/api/v1/cases/" + first + "/notes", {{"text", "x"}}, counsellor)->status, 403);
  for (const char* role : {"registrar", "analyst", "admin"}) {
    SCOPED_TRACE(role);
    EXPECT_EQ(client_->Get("/api/v1/cases/" + first, Bearer(Login(role)))->status, 403);
  }
  EXPECT_EQ(Post("/api/v1/organisations", {{"name", "Y"}, {"services", {"cash"}}})->status, 403);
  auto orgs = client_->Get("/api/v1/organisations", Bearer(caseworker_));
  ASSERT_EQ(orgs->status, 200);
  EXPECT_EQ(json::parse(orgs->body)["items"][0]["name"], "Legal Aid Torkham");
}

TEST_F(CaseRoutesTest, AnalystsReadOnlyTheCountsWithSmallCellsWithheld) {
  const std::string id = OpenCase(Member(0))["id"];
  ASSERT_EQ(Post("/api/v1/cases/" + id + "/referrals", LegalAidReferral())->status, 201);
  const std::string analyst = Login("analyst");
  auto res = client_->Get("/api/v1/reports/cases", Bearer(analyst));
  ASSERT_EQ(res->status, 200) << res->body;
  const json report = json::parse(res->body);
  EXPECT_EQ(report["report"], "cases");
  EXPECT_EQ(report["disclosure_control"]["k"], 5);
  EXPECT_TRUE(report["cases"]["total"].is_null());  // one case: withheld
  EXPECT_TRUE(report["referrals"]["total"].is_null());
  for (const json& row : report["cases"]["rows"]) {
    EXPECT_TRUE(row["cases"].is_null() || row["cases"] == 0) << row.dump();
  }
  EXPECT_EQ(client_->Get("/api/v1/reports/cases?suppression=off", Bearer(analyst))->status, 403);
  EXPECT_EQ(store_->AuditHead()->action, "refused:report.unsuppressed");
  auto open = client_->Get("/api/v1/reports/cases?suppression=off", Bearer(Login("admin")));
  ASSERT_EQ(open->status, 200);
  EXPECT_EQ(json::parse(open->body)["cases"]["total"], 1);
}

}  // namespace
}  // namespace sanad::api
