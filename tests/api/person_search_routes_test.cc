// GET /api/v1/persons?q= answered from the in-memory index, and the index
// kept true as households are registered, edited and persons erased: a real
// server on loopback over a real SQLite file.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server_fixture.h"

namespace sanad::api {
namespace {

class PersonSearchRoutesTest : public ServerTest {
 protected:
  // The given names of the first page of `q`, as `token` sees it.
  std::vector<std::string> Search(const std::string& token, const std::string& q,
                                  int expected_status = 200) {
    auto res = client_->Get(
        "/api/v1/persons?" + httplib::detail::params_to_query_str({{"q", q}}), Bearer(token));
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, expected_status) << q << ": " << res->body;
    std::vector<std::string> names;
    if (res->status != 200) return names;
    const json body = json::parse(res->body);
    for (const auto& item : body["items"]) {
      names.push_back(item["given_name"].get<std::string>() + "/" +
                      item["father_name"].get<std::string>());
    }
    return names;
  }

  json Register(const std::string& token, const json& household) {
    auto res = client_->Post("/api/v1/households", Bearer(token), household.dump(),
                             "application/json");
    EXPECT_EQ(res->status, 201) << res->body;
    return json::parse(res->body);
  }
};

TEST_F(PersonSearchRoutesTest, AGivenNameAndTheFathersWithATitleFindsHer) {
  const std::string token = Login("registrar");
  Register(token, HouseholdOfSix());
  Register(token, json::parse(R"({"origin_province": "Kunar", "members": [
      {"given_name": "Homaira", "father_name": "Noor", "sex": "female", "relationship": "head"},
      {"given_name": "Noor", "father_name": "Sher Agha", "sex": "male", "relationship": "other_relative"},
      {"given_name": "Homaira", "father_name": "Karim", "sex": "female", "relationship": "other_relative"}]})"));
  EXPECT_EQ(Search(token, "Homaira Noor Agha"), std::vector<std::string>{"Homaira/Noor"});
  EXPECT_EQ(Search(token, "noor homaira"), std::vector<std::string>{"Homaira/Noor"});
  EXPECT_EQ(Search(token, "همیرا نور"), std::vector<std::string>{"Homaira/Noor"});
  // The response keeps its shape: items, page, page_size, has_more.
  auto res = client_->Get("/api/v1/persons?q=Homaira&page_size=1", Bearer(token));
  ASSERT_EQ(res->status, 200) << res->body;
  const json page = json::parse(res->body);
  EXPECT_EQ(page["items"].size(), 1U);
  EXPECT_EQ(page["page"], 1);
  EXPECT_EQ(page["page_size"], 1);
  EXPECT_EQ(page["has_more"], true);
  EXPECT_EQ(page["items"][0]["province"], "Kunar");
  // A search is audited as one entry naming the persons shown.
  auto head = store_->AuditHead();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->action, "person.search");
  EXPECT_EQ(head->object_id, page["items"][0]["id"]);
}

TEST_F(PersonSearchRoutesTest, NumbersAreSearchedOnlyByRolesThatMaySeeThem) {
  const std::string registrar = Login("registrar");
  Register(registrar, HouseholdOfSix());
  EXPECT_EQ(Search(registrar, "+93 700 123 456"), std::vector<std::string>{"محمد نبی/عبدالرحمن"});
  EXPECT_EQ(Search(Login("counsellor"), "PoR 4417-2291"),
            std::vector<std::string>{"محمد نبی/عبدالرحمن"});
  const std::string caseworker = Login("caseworker");
  EXPECT_TRUE(Search(caseworker, "0700123456", 403).empty());
  EXPECT_EQ(Search(caseworker, "Zarghuna"), std::vector<std::string>{"زرغونه/وزیرګل"});
}

TEST_F(PersonSearchRoutesTest, TheIndexFollowsEditsAddedMembersAndErasure) {
  const std::string token = Login("admin");
  const json created = Register(token, HouseholdOfSix());
  const std::string id = created["id"];
  const std::string wife = created["members"][1]["id"];
  ASSERT_EQ(Search(token, "Zarghuna").size(), 1U);

  // A member's name corrected, and a member added, in one PATCH.
  json patch = {{"version", 1},
                {"members",
                 {{{"id", wife}, {"given_name", "Spozhmai"}},
                  {{"given_name", "Palwasha"},
                   {"father_name", "Mohammad Nabi"},
                   {"sex", "female"},
                   {"relationship", "daughter"}}}}};
  auto res =
      client_->Patch("/api/v1/households/" + id, Bearer(token), patch.dump(), "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(Search(token, "Zarghuna").empty());
  EXPECT_EQ(Search(token, "Spozhmai").size(), 1U);
  EXPECT_EQ(Search(token, "Palwasha Nabi"), std::vector<std::string>{"Palwasha/Mohammad Nabi"});
  // So do the duplicate candidates: the old name is no longer a candidate.
  auto typing = client_->Post("/api/v1/persons/candidates", Bearer(token),
                              R"({"given_name":"Spozhmai","father_name":"Wazir Gul",
                                  "sex":"female","province":"Khyber Pakhtunkhwa"})",
                              "application/json");
  ASSERT_EQ(typing->status, 200) << typing->body;
  const json candidates = json::parse(typing->body)["candidates"];
  ASSERT_FALSE(candidates.empty()) << typing->body;
  EXPECT_EQ(candidates[0]["person_id"], wife);

  auto erased = client_->Delete("/api/v1/persons/" + wife, Bearer(token),
                                R"({"reason":"the person asked for it"})", "application/json");
  ASSERT_EQ(erased->status, 200) << erased->body;
  EXPECT_TRUE(Search(token, "Spozhmai").empty());
  EXPECT_TRUE(Search(token, "Wazir Gul").empty());
}

TEST_F(PersonSearchRoutesTest, BadQueriesGetAClearErrorNamingTheParameter) {
  const std::string token = Login("registrar");
  for (const std::string q : {"", "  ,  ", "Ali Wali Gul Nabi Karim Rahim Ahmad Noor Tariq"}) {
    SCOPED_TRACE(q);
    auto res = client_->Get(
        "/api/v1/persons?" + httplib::detail::params_to_query_str({{"q", q}}), Bearer(token));
    ASSERT_EQ(res->status, 400) << res->body;
    EXPECT_EQ(json::parse(res->body)["error"]["field"], "q");
  }
  auto res = client_->Get("/api/v1/persons?q=Nabi&page=0", Bearer(token));
  ASSERT_EQ(res->status, 400);
  EXPECT_EQ(json::parse(res->body)["error"]["field"], "page");
}

}  // namespace
}  // namespace sanad::api
