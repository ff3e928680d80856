// Issue 16, what a registrar and a caseworker met, over a real server on
// loopback and a real SQLite file: a possible duplicate linked as the same
// person keeps every member of the new household and links the two
// records; a dismissed pair is never offered again, from either side; a
// caseworker decides too; a member moved to another household is recorded
// with both versions checked; a person's crossings are listed as GET
// /movements lists them; bad input names the field.
#include <algorithm>

#include "server_fixture.h"

namespace sanad::api {
namespace {

class RegistrarRoutesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    registrar_ = Login("registrar");
    first_ = Register(HouseholdOfSix());
    // The same son registered again in another household, by his mother.
    json again = {{"origin_province", "Khyber Pakhtunkhwa"},
                  {"members",
                   {{{"given_name", "Bibi Hawa"}, {"sex", "female"}, {"relationship", "head"}},
                    {{"given_name", "Abdul Wali"},
                     {"father_name", "Mohammad Nabi"},
                     {"sex", "male"},
                     {"birth_date", "2005"},
                     {"relationship", "son"}}}}};
    second_ = Register(again);
  }

  json Register(const json& household) {
    auto res = client_->Post("/api/v1/households", Bearer(registrar_), household.dump(),
                             "application/json");
    EXPECT_EQ(res->status, 201) << res->body;
    return json::parse(res->body);
  }
  httplib::Result Post(const std::string& path, const json& body, const std::string& token = "") {
    return client_->Post(path, Bearer(token.empty() ? registrar_ : token), body.dump(),
                         "application/json");
  }
  json Get(const std::string& path, int status = 200, const std::string& token = "") {
    auto res = client_->Get(path, Bearer(token.empty() ? registrar_ : token));
    EXPECT_EQ(res->status, status) << path << " " << res->body;
    return json::parse(res->body);
  }
  static bool Offers(const json& answer, const std::string& id) {
    const auto& list = answer["candidates"];
    return std::any_of(list.begin(), list.end(),
                       [&id](const json& c) { return c["person_id"] == id; });
  }
  std::string Son() const { return first_["members"][2]["id"]; }
  std::string SonAgain() const { return second_["members"][1]["id"]; }

  std::string registrar_;
  json first_;
  json second_;
};

TEST_F(RegistrarRoutesTest, TheSamePersonIsLinkedAndNoMemberIsLost) {
  // Registering him again offered the first record.
  const auto& possible = second_["possible_duplicates"];
  ASSERT_TRUE(std::any_of(possible.begin(), possible.end(), [this](const json& c) {
    return c["person_id"] == SonAgain() && c["candidate_id"] == Son();
  })) << possible.dump();
  EXPECT_TRUE(Offers(Get("/api/v1/persons/" + SonAgain() + "/duplicates"), Son()));

  auto res = Post("/api/v1/persons/" + SonAgain() + "/duplicates/decisions",
                  {{"candidate_id", Son()}, {"decision", "same"}});
  ASSERT_EQ(res->status, 201) << res->body;
  const json decided = json::parse(res->body);
  EXPECT_EQ(decided["decision"], "same");
  EXPECT_EQ(decided["by"], "registrar");

  const json household = Get("/api/v1/households/" + second_["id"].get<std::string>());
  EXPECT_EQ(household["members"].size(), 2u);
  const json mine = Get("/api/v1/persons/" + SonAgain() + "/duplicates");
  EXPECT_FALSE(Offers(mine, Son()));
  ASSERT_EQ(mine["decisions"].size(), 1u);
  EXPECT_EQ(mine["decisions"][0]["candidate_id"], Son());
  EXPECT_EQ(mine["decisions"][0]["candidate"]["given_name"], "Abdul Wali");
  const json theirs = Get("/api/v1/persons/" + Son() + "/duplicates");
  EXPECT_FALSE(Offers(theirs, SonAgain()));
  ASSERT_EQ(theirs["decisions"].size(), 1u);
  EXPECT_EQ(theirs["decisions"][0]["decision"], "same");

  auto twice = Post("/api/v1/persons/" + Son() + "/duplicates/decisions",
                    {{"candidate_id", SonAgain()}, {"decision", "not_same"}});
  EXPECT_EQ(twice->status, 409) << twice->body;
}

TEST_F(RegistrarRoutesTest, ADismissedPairIsNotOfferedAgainAndACaseworkerMayDecide) {
  const std::string caseworker = Login("caseworker");
  EXPECT_TRUE(Offers(Get("/api/v1/persons/" + Son() + "/duplicates", 200, caseworker), SonAgain()));
  auto res = Post("/api/v1/persons/" + Son() + "/duplicates/decisions",
                  {{"candidate_id", SonAgain()}, {"decision", "not_same"}}, caseworker);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_FALSE(Offers(Get("/api/v1/persons/" + Son() + "/duplicates"), SonAgain()));
  EXPECT_FALSE(Offers(Get("/api/v1/persons/" + SonAgain() + "/duplicates"), Son()));

  auto analyst = Post("/api/v1/persons/" + Son() + "/duplicates/decisions",
                      {{"candidate_id", SonAgain()}, {"decision", "same"}}, Login("analyst"));
  EXPECT_EQ(analyst->status, 403);
}

TEST_F(RegistrarRoutesTest, ABadDecisionNamesTheField) {
  const struct {
    json body;
    const char* field;
  } cases[] = {
      {{{"candidate_id", SonAgain()}, {"decision", "maybe"}}, "decision"},
      {{{"candidate_id", SonAgain()}}, "decision"},
      {{{"candidate_id", Son()}, {"decision", "same"}}, "candidate_id"},
      {{{"candidate_id", "nobody"}, {"decision", "same"}}, "candidate_id"},
      {{{"candidate_id", SonAgain()}, {"decision", "same"}, {"why", "x"}}, "why"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body.dump());
    auto res = Post("/api/v1/persons/" + Son() + "/duplicates/decisions", c.body);
    EXPECT_EQ(res->status, 400) << res->body;
    EXPECT_EQ(json::parse(res->body)["error"]["field"], c.field);
  }
  EXPECT_TRUE(Get("/api/v1/persons/" + Son() + "/duplicates")["decisions"].empty());
}

TEST_F(RegistrarRoutesTest, AMemberMovesToAnotherHouseholdAndTheMoveIsListed) {
  const std::string from = first_["id"];
  const std::string to = second_["id"];
  const std::string path = "/api/v1/households/" + from + "/moves";
  json move = {{"version", 1},
               {"person_id", Son()},
               {"to_household_id", to},
               {"relationship", "other_relative"}};
  auto refused = Post(path, move, Login("counsellor"));
  EXPECT_EQ(refused->status, 403);
  auto res = Post(path, move);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(json::parse(res->body)["to_household_id"], to);

  const json before = Get("/api/v1/households/" + from);
  EXPECT_EQ(before["version"], 2);
  EXPECT_EQ(before["members"].size(), 5u);
  const json after = Get("/api/v1/households/" + to);
  EXPECT_EQ(after["version"], 2);
  EXPECT_EQ(after["members"].size(), 3u);
  for (const std::string& id : {from, to}) {
    const json moves = Get("/api/v1/households/" + id + "/moves");
    ASSERT_EQ(moves["items"].size(), 1u);
    EXPECT_EQ(moves["items"][0]["person_id"], Son());
    EXPECT_EQ(moves["items"][0]["by"], "registrar");
  }

  // A page read at version 1 is told what the version is now.
  move["person_id"] = first_["members"][3]["id"];
  auto stale = Post(path, move);
  ASSERT_EQ(stale->status, 409) << stale->body;
  EXPECT_EQ(json::parse(stale->body)["error"]["current_version"], 2);
  move["version"] = 2;
  move["relationship"] = "head";
  auto second_head = Post(path, move);
  ASSERT_EQ(second_head->status, 400) << second_head->body;
  EXPECT_EQ(json::parse(second_head->body)["error"]["field"], "relationship");
  move["relationship"] = "cousin";
  auto unknown = Post(path, move);
  ASSERT_EQ(unknown->status, 400) << unknown->body;
  EXPECT_EQ(json::parse(unknown->body)["error"]["field"], "relationship");
  EXPECT_EQ(Get("/api/v1/households/" + from + "/moves")["items"].size(), 1u);
}

TEST_F(RegistrarRoutesTest, APersonsCrossingsAreListedLikeAllCrossings) {
  auto crossing = Post("/api/v1/movements", {{"date", "2025-03-30"},
                                             {"crossing_point", "Torkham"},
                                             {"direction", "to_afghanistan"},
                                             {"mode", "deported"},
                                             {"household_id", first_["id"]}});
  ASSERT_EQ(crossing->status, 201) << crossing->body;
  const json mine = Get("/api/v1/persons/" + Son() + "/movements");
  ASSERT_EQ(mine["items"].size(), 1u);
  EXPECT_EQ(mine["items"][0]["mode"], "deported");
  EXPECT_EQ(mine["items"][0], Get("/api/v1/movements")["items"][0]);
  EXPECT_TRUE(Get("/api/v1/persons/" + SonAgain() + "/movements")["items"].empty());
  Get("/api/v1/persons/0193aaaa-0000-7000-8000-000000000000/movements", 404);
  Get("/api/v1/persons/" + Son() + "/movements", 403, Login("caseworker"));
}

}  // namespace
}  // namespace sanad::api
