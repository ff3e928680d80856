// Issue 11 over a real server on loopback and a real SQLite file: a
// registrar records a detention of two people, a counsellor sees the
// documented person first with the provisions, a caseworker reads, an
// analyst sees only the weekly table; property records for counsellors.
#include <functional>

#include "server_fixture.h"

namespace sanad::api {
namespace {

class IncidentRoutesTest : public ServerTest {
 protected:
  std::string RegisterHousehold() {
    auto res = client_->Post("/api/v1/households", Bearer(Login("registrar")),
                             HouseholdOfSix().dump(), "application/json");
    EXPECT_EQ(res->status, 201) << res->body;
    household_ = json::parse(res->body);
    return household_["members"][0]["id"];
  }
  json Detention(const std::string& person_id) {
    return json{{"date", "2023-11-10"},
                {"province", "بلوچستان"},
                {"district", "Quetta"},
                {"type", "detention"},
                {"place_type", "checkpoint"},
                {"perpetrator", "police"},
                {"persons",
                 {{{"person_id", person_id},
                   {"documents_held", {{{"type", "por_card"}}}},
                   {"detention",
                    {{"held_at", "Hajji Camp"}, {"days", 3}, {"outcome", "still_detained"},
                     {"payment_demanded", 30000}, {"currency", "PKR"}}}},
                  {{"sex", "male"}, {"age", 19}, {"relationship", "sibling"},
                   {"documents_held", json::array()},
                   {"detention", {{"outcome", "deported"}}}}}},
                {"source", "family"},
                {"consents", {"legal_aid", "advocacy"}},
                {"notes", "Taken off the bus at Baleli."}};
  }
  json household_;
};

TEST_F(IncidentRoutesTest, RegistrarRecordsCounsellorSeesProvisionsAnalystOnlyTheTable) {
  const std::string pid = RegisterHousehold();
  auto created = client_->Post("/api/v1/incidents", Bearer(Login("registrar")),
                               Detention(pid).dump(), "application/json");
  ASSERT_EQ(created->status, 201) << created->body;
  const json incident = json::parse(created->body);
  const std::string id = incident["id"];
  EXPECT_EQ(incident["province"], "Balochistan");
  EXPECT_EQ(incident["risk"], "arbitrary_arrest_detention");
  EXPECT_EQ(incident["persons"][0]["status"]["status"], "lawful");
  EXPECT_EQ(incident["persons"][0]["status"]["detained_while_documented"], true);
  EXPECT_EQ(incident["persons"][1]["status"]["detained_while_documented"], false);

  // An older, released detention, so the order is tested.
  json older = Detention(pid);
  older["date"] = "2023-11-12";
  older["persons"][0]["detention"]["outcome"] = "released";
  ASSERT_EQ(client_->Post("/api/v1/incidents", Bearer(Login("counsellor")), older.dump(),
                          "application/json")->status, 201);

  const std::string counsellor = Login("counsellor");
  auto list = client_->Get("/api/v1/incidents", Bearer(counsellor));
  ASSERT_EQ(list->status, 200) << list->body;
  const json items = json::parse(list->body)["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["id"], id);
  EXPECT_EQ(items[0]["still_detained_documented"], true);
  auto page = client_->Get("/api/v1/incidents/" + id, Bearer(counsellor));
  ASSERT_EQ(page->status, 200);
  const json explained = json::parse(page->body)["persons"][0]["status_explained"];
  ASSERT_FALSE(explained["provisions"].empty());
  EXPECT_FALSE(explained["provisions"][0]["source"].get<std::string>().empty());
  EXPECT_EQ(json::parse(page->body)["notes"], "Taken off the bus at Baleli.");
  EXPECT_EQ(explained["language"], "en");
  // In Urdu: the provision's texts from the policy file, the notes as typed.
  auto urdu = client_->Get("/api/v1/incidents/" + id,
                           {{"Authorization", "Bearer " + counsellor}, {"Accept-Language", "ur"}});
  ASSERT_EQ(urdu->status, 200);
  const json said = json::parse(urdu->body)["persons"][0]["status_explained"];
  EXPECT_EQ(said["language"], "ur");
  EXPECT_EQ(said["provisions"][0]["id"], explained["provisions"][0]["id"]);
  EXPECT_EQ(said["provisions"][0]["language"], "ur");
  EXPECT_NE(said["provisions"][0]["explanation"], explained["provisions"][0]["explanation"]);
  EXPECT_NE(said["next_steps"][0], explained["next_steps"][0]);
  EXPECT_NE(said["reason"], explained["reason"]);
  EXPECT_EQ(json::parse(urdu->body)["notes"], "Taken off the bus at Baleli.");

  EXPECT_EQ(client_->Get("/api/v1/incidents/" + id, Bearer(Login("caseworker")))->status, 200);
  const std::string analyst = Login("analyst");
  EXPECT_EQ(client_->Get("/api/v1/incidents/" + id, Bearer(analyst))->status, 403);
  EXPECT_EQ(client_->Get("/api/v1/incidents", Bearer(analyst))->status, 403);
  auto table =
      client_->Get("/api/v1/reports/incidents?from=2023-11-06&to=2023-11-12", Bearer(analyst));
  ASSERT_EQ(table->status, 200) << table->body;
  const json report = json::parse(table->body);
  EXPECT_EQ(report["report"], "incidents");
  ASSERT_FALSE(report["rows"].empty());
  EXPECT_TRUE(report["rows"][0]["persons"].is_null());  // 2 persons: withheld
  EXPECT_EQ(report["rows"][0]["period"], "2023-W45");
  auto csv = client_->Get(
      "/api/v1/reports/incidents?from=2023-11-06&to=2023-11-12&format=csv", Bearer(analyst));
  ASSERT_EQ(csv->status, 200);
  EXPECT_NE(csv->body.find("#affected+ind"), std::string::npos);
  EXPECT_EQ(client_->Get("/api/v1/reports/incidents?from=2023-11-06&to=2023-11-12&k=1",
                         Bearer(analyst))->status,
            403);
  // A caseworker reads but does not record.
  EXPECT_EQ(client_->Post("/api/v1/incidents", Bearer(Login("caseworker")), Detention(pid).dump(),
                          "application/json")->status,
            403);
}

TEST_F(IncidentRoutesTest, BadInputNamesTheFieldAndChangesNothing) {
  const std::string pid = RegisterHousehold();
  const std::string token = Login("registrar");
  struct Case {
    std::function<void(json&)> change;
    const char* field;
  } cases[] = {
      {[](json& j) { j["perpetrator_name"] = "x"; }, "perpetrator_name"},
      {[](json& j) { j["province"] = "Kabul"; }, "province"},
      {[](json& j) { j["district"] = "Lahore"; }, "district"},
      {[](json& j) { j["date"] = "2023"; }, "date"},
      {[](json& j) { j["persons"][1]["age"] = "old"; }, "persons[1].age"},
      {[](json& j) { j["persons"][0]["detention"]["currency"] = "EUR"; },
       "persons[0].detention.currency"},
      {[](json& j) { j["persons"][0]["person_id"] = "01234567-89ab-7def-8123-456789abcdef"; },
       "persons[0].person_id"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.field);
    json body = Detention(pid);
    c.change(body);
    auto res = client_->Post("/api/v1/incidents", Bearer(token), body.dump(), "application/json");
    ASSERT_EQ(res->status, 400) << res->body;
    EXPECT_EQ(json::parse(res->body)["error"]["field"], c.field);
  }
  auto list = client_->Get("/api/v1/incidents", Bearer(Login("admin")));
  EXPECT_TRUE(json::parse(list->body)["items"].empty());
}

TEST_F(IncidentRoutesTest, PatchChecksTheVersion) {
  const std::string pid = RegisterHousehold();
  const std::string token = Login("counsellor");
  auto created =
      client_->Post("/api/v1/incidents", Bearer(token), Detention(pid).dump(), "application/json");
  const std::string id = json::parse(created->body)["id"];
  auto patched = client_->Patch("/api/v1/incidents/" + id, Bearer(token),
                                json{{"version", 1}, {"date", "2025-11"}}.dump(),
                                "application/json");
  ASSERT_EQ(patched->status, 200) << patched->body;
  const json after = json::parse(patched->body);
  EXPECT_EQ(after["version"], 2);
  EXPECT_EQ(after["persons"][0]["status"]["approximate"], true);
  auto stale = client_->Patch("/api/v1/incidents/" + id, Bearer(token),
                              json{{"version", 1}, {"type", "arrest"}}.dump(), "application/json");
  EXPECT_EQ(stale->status, 409);
  EXPECT_EQ(json::parse(stale->body)["error"]["current_version"], 2);
  // A registrar may correct an incident but is not shown its content.
  auto by_registrar = client_->Patch("/api/v1/incidents/" + id, Bearer(Login("registrar")),
                                     json{{"version", 2}, {"place_type", "street"}}.dump(),
                                     "application/json");
  ASSERT_EQ(by_registrar->status, 200) << by_registrar->body;
  const json answer = json::parse(by_registrar->body);
  EXPECT_EQ(answer["version"], 3);
  EXPECT_FALSE(answer.contains("notes"));
  EXPECT_FALSE(answer.contains("persons"));
}

TEST_F(IncidentRoutesTest, PropertyRecordsForCounsellorsWithSealedEvidence) {
  RegisterHousehold();
  const std::string hid = household_["id"];
  const std::string member = household_["members"][1]["id"];
  const json record = {{"kind", "house"},
                       {"province", "Sindh"},
                       {"district", "Karachi East"},
                       {"address", "House 12, Street 7, Sohrab Goth"},
                       {"tenure", "owned_informally"},
                       {"what_happened", "seized"},
                       {"date", "2023-11"},
                       {"estimated_value", 2500000},
                       {"currency", "PKR"},
                       {"claimants", {member}}};
  for (const char* role : {"registrar", "caseworker", "analyst"}) {
    SCOPED_TRACE(role);
    EXPECT_EQ(client_->Post("/api/v1/households/" + hid + "/properties", Bearer(Login(role)),
                            record.dump(), "application/json")->status,
              403);
  }
  const std::string token = Login("counsellor");
  auto created = client_->Post("/api/v1/households/" + hid + "/properties", Bearer(token),
                               record.dump(), "application/json");
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string id = json::parse(created->body)["id"];
  httplib::MultipartFormDataItems upload = {
      {"type", "deed", "", ""},
      {"file", std::string("%PDF-1.4\nthe deed\n%%EOF"), "deed.pdf", "application/pdf"}};
  auto added = client_->Post("/api/v1/properties/" + id + "/evidence", Bearer(token), upload);
  ASSERT_EQ(added->status, 201) << added->body;
  EXPECT_EQ(json::parse(added->body)["content_type"], "application/pdf");
  httplib::MultipartFormDataItems fake = {
      {"type", "photo", "", ""}, {"file", std::string("<html>"), "x.png", "image/png"}};
  auto refused = client_->Post("/api/v1/properties/" + id + "/evidence", Bearer(token), fake);
  EXPECT_EQ(refused->status, 415);
  auto got = client_->Get("/api/v1/properties/" + id, Bearer(token));
  ASSERT_EQ(got->status, 200);
  const json read = json::parse(got->body);
  EXPECT_EQ(read["address"], "House 12, Street 7, Sohrab Goth");
  EXPECT_EQ(read["evidence"].size(), 1u);
  auto listed = client_->Get("/api/v1/households/" + hid + "/properties", Bearer(token));
  ASSERT_EQ(listed->status, 200);
  EXPECT_EQ(json::parse(listed->body)["items"].size(), 1u);
}

}  // namespace
}  // namespace sanad::api
