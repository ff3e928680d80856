// Issue 12, family tracing, over a real server on loopback and a real
// SQLite file: a brother registered in Perso-Arabic is found first for a
// Latin request through the father's name the family structure gives; a
// person who did not consent to tracing is never returned or counted,
// whatever is asked; a rejection is remembered; a confirmation links and
// closes; a mother and her son seeking each other meet through their
// requests; a new registration raises an alert; registrars open requests but
// never see matches; bad input names the field; a stale decision is 409.
#include <algorithm>
#include <set>

#include "api/tracing_index.h"
#include "server_fixture.h"

namespace sanad::api {
namespace {

json Member(std::string given, std::string father, std::string grandfather, std::string sex,
            std::string birth, bool tracing) {
  json m = {{"given_name", given}, {"sex", sex}, {"relationship", "head"}};
  if (!father.empty()) m["father_name"] = father;
  if (!grandfather.empty()) m["grandfather_name"] = grandfather;
  if (!birth.empty()) m["birth_date"] = birth;
  m["consents"] = tracing ? json{"registration", "tracing"} : json{"registration"};
  return m;
}

class TracingRoutesTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    registrar_ = Login("registrar");
    caseworker_ = Login("caseworker");
    inquirer_ = Register({Member("Mohammad Wali", "Abdullah", "Ghulam Sakhi", "male", "1995",
                                 true)})[0];
    // Men called Ahmad Wali in both scripts with other fathers: without the
    // family's names they are as likely as the brother.
    const char* fathers[] = {"Karim", "Nabi", "Rahim", "Jawad"};
    const char* fathers_fa[] = {"کریم", "نبی", "رحیم", "جواد"};
    for (int i = 0; i < 4; ++i) {
      decoys_.push_back(
          Register({Member("Ahmad Wali", fathers[i], "Sakhi", "male", "1999", true)})[0]);
      decoys_.push_back(
          Register({Member("احمد ولی", fathers_fa[i], "سخی", "male", "1999", true)})[0]);
    }
    brother_ = Register({Member("احمد ولی", "عبدالله", "غلام سخی", "male", "1999", true)})[0];
    // The best match of all, had he consented.
    hidden_ = Register({Member("Ahmad Wali", "Abdullah", "Ghulam Sakhi", "male", "1999", false)})[0];
  }

  // Registers one household; returns its members' ids.
  std::vector<std::string> Register(const std::vector<json>& members) {
    json household = {{"origin_province", "Sindh"}, {"members", members}};
    auto res = client_->Post("/api/v1/households", Bearer(registrar_), household.dump(),
                             "application/json");
    EXPECT_EQ(res->status, 201) << res->body;
    std::vector<std::string> ids;
    const json created = json::parse(res->body);
    for (const auto& m : created["members"]) ids.push_back(m["id"]);
    return ids;
  }

  httplib::Result Post(const std::string& path, const json& body, const std::string& token = "") {
    return client_->Post(path, Bearer(token.empty() ? caseworker_ : token), body.dump(),
                         "application/json");
  }
  json Get(const std::string& path, int status = 200, const std::string& token = "") {
    auto res = client_->Get(path, Bearer(token.empty() ? caseworker_ : token));
    EXPECT_EQ(res->status, status) << path << " " << res->body;
    return json::parse(res->body);
  }

  // Opens a request; returns its id.
  std::string Open(const std::string& inquirer, const json& sought,
                   const std::string& token = "") {
    auto res = Post("/api/v1/tracing-requests", {{"inquirer_id", inquirer}, {"sought", sought}},
                    token);
    EXPECT_EQ(res->status, 201) << res->body;
    return json::parse(res->body).value("id", "");
  }
  json Matches(const std::string& id) {
    return Get("/api/v1/tracing-requests/" + id + "/matches")["matches"];
  }
  static std::vector<std::string> PersonIds(const json& matches) {
    std::vector<std::string> ids;
    for (const auto& m : matches) {
      if (m.contains("person_id")) ids.push_back(m["person_id"]);
    }
    return ids;
  }

  std::string registrar_;
  std::string caseworker_;
  std::string inquirer_;
  std::string brother_;
  std::string hidden_;
  std::vector<std::string> decoys_;
};

const json kBrotherSought = {{{"given_name", "Ahmad Wali"},
                              {"relationship_to_inquirer", "brother"},
                              {"separation_place", "Torkham"},
                              {"separation_cause", "deportation"}}};

TEST_F(TracingRoutesTest, ThePersoArabicBrotherRanksFirstThroughTheDerivedFatherName) {
  const std::string id = Open(inquirer_, kBrotherSought);
  const json matches = Matches(id);
  ASSERT_FALSE(matches.empty());
  const json& first = matches[0];
  EXPECT_EQ(first["person_id"], brother_) << matches.dump(1);
  EXPECT_EQ(first["sought_index"], 0);
  EXPECT_EQ(first["given_name"], "احمد ولی");
  EXPECT_TRUE(first["match_probability"].is_number());
  EXPECT_EQ(first["derived"], json({"father_name", "grandfather_name"}));
  bool father_evidence = false;
  for (const auto& e : first["explanation"]) {
    if (e["field"] == "father_name") father_evidence = e["weight"].get<double>() > 0;
  }
  EXPECT_TRUE(father_evidence) << first["explanation"].dump();
  // Best first.
  for (size_t i = 1; i < matches.size(); ++i) {
    EXPECT_GE(matches[i - 1]["match_probability"].get<double>(),
              matches[i]["match_probability"].get<double>());
  }
}

TEST_F(TracingRoutesTest, APersonWithoutTracingConsentNeverAppearsWhateverTheQuery) {
  const json queries[] = {
      kBrotherSought,
      {{{"given_name", "Ahmad Wali"},
        {"father_name", "Abdullah"},
        {"grandfather_name", "Ghulam Sakhi"},
        {"birth_date", "1999"},
        {"sex", "male"},
        {"relationship_to_inquirer", "other"}}},
      {{{"given_name", "احمد ولی"}, {"father_name", "عبدالله"},
        {"relationship_to_inquirer", "cousin"}}},
      {{{"nickname", "Wali"}, {"relationship_to_inquirer", "brother"}, {"age", 26}}},
  };
  size_t listed_before = 0;
  for (const json& sought : queries) {
    SCOPED_TRACE(sought.dump());
    const std::string id = Open(inquirer_, sought);
    const auto res = client_->Get("/api/v1/tracing-requests/" + id + "/matches",
                                  Bearer(caseworker_));
    ASSERT_EQ(res->status, 200);
    EXPECT_EQ(res->body.find(hidden_), std::string::npos);
    if (&sought == &queries[1]) listed_before = PersonIds(json::parse(res->body)["matches"]).size();
  }
  // The same person is found once they consent (the filter, not the engine, hid them).
  auto household = client_->Get("/api/v1/persons/" + hidden_, Bearer(registrar_));
  ASSERT_EQ(household->status, 200);
  const std::string household_id = json::parse(household->body)["household_id"];
  auto current = client_->Get("/api/v1/households/" + household_id, Bearer(registrar_));
  json h = json::parse(current->body);
  json patch = {{"version", h["version"]},
                {"members", {{{"id", hidden_}, {"consents", {"registration", "tracing"}}}}}};
  auto patched = client_->Patch("/api/v1/households/" + household_id, Bearer(registrar_),
                                patch.dump(), "application/json");
  ASSERT_EQ(patched->status, 200) << patched->body;
  const std::string id = Open(inquirer_, queries[1]);
  const auto ids = PersonIds(Matches(id));
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.front(), hidden_);
  // He took no place in the list before: it is one longer now.
  ASSERT_LT(listed_before, kTracingMatchesPerSought);
  EXPECT_EQ(ids.size(), listed_before + 1);
}

TEST_F(TracingRoutesTest, ARejectionIsRememberedAndAConfirmationLinksAndCloses) {
  // Two brothers sought by one given name: the registered brother is a
  // candidate for both; rejecting him for one leaves him for the other.
  const std::string id = Open(inquirer_, {kBrotherSought[0], kBrotherSought[0]});
  auto for_sought = [&](int index) {
    std::vector<std::string> ids;
    for (const auto& m : Matches(id)) {
      if (m["sought_index"] == index && m.contains("person_id")) ids.push_back(m["person_id"]);
    }
    return ids;
  };
  ASSERT_FALSE(for_sought(1).empty());
  ASSERT_EQ(for_sought(1).front(), brother_);
  auto rejected = Post("/api/v1/tracing-requests/" + id + "/decisions",
                       {{"sought_index", 1}, {"person_id", brother_}, {"decision", "reject"}});
  ASSERT_EQ(rejected->status, 200) << rejected->body;
  EXPECT_EQ(json::parse(rejected->body)["version"], 2);
  const auto after = for_sought(1);
  EXPECT_EQ(std::count(after.begin(), after.end(), brother_), 0);
  ASSERT_FALSE(for_sought(0).empty());
  EXPECT_EQ(for_sought(0).front(), brother_);
  // The same rejection again is a conflict: it was remembered.
  auto again = Post("/api/v1/tracing-requests/" + id + "/decisions",
                    {{"sought_index", 1}, {"person_id", brother_}, {"decision", "reject"}});
  EXPECT_EQ(again->status, 409) << again->body;
  // A decision naming an old version is 409 with the version now.
  auto stale = Post("/api/v1/tracing-requests/" + id + "/decisions",
                    {{"sought_index", 0},
                     {"person_id", brother_},
                     {"decision", "confirm"},
                     {"version", 1}});
  ASSERT_EQ(stale->status, 409) << stale->body;
  EXPECT_EQ(json::parse(stale->body)["error"]["current_version"], 2);
  auto confirmed = Post("/api/v1/tracing-requests/" + id + "/decisions",
                        {{"sought_index", 0},
                         {"person_id", brother_},
                         {"decision", "confirm"},
                         {"version", 2}});
  ASSERT_EQ(confirmed->status, 200) << confirmed->body;
  json request = Get("/api/v1/tracing-requests/" + id);
  EXPECT_EQ(request["status"], "open");  // the second brother is still sought
  EXPECT_EQ(request["sought"][0]["found"], true);
  EXPECT_EQ(request["sought"][1]["found"], false);
  ASSERT_EQ(request["decisions"].size(), 2u);
  EXPECT_EQ(request["decisions"][1]["person_id"], brother_);
  for (const auto& m : Matches(id)) EXPECT_EQ(m["sought_index"], 1);
  // A request whose every person sought is found closes and leaves the lists.
  const std::string one = Open(inquirer_, kBrotherSought);
  auto closing = Post("/api/v1/tracing-requests/" + one + "/decisions",
                      {{"sought_index", 0}, {"person_id", brother_}, {"decision", "confirm"}});
  ASSERT_EQ(closing->status, 200) << closing->body;
  request = Get("/api/v1/tracing-requests/" + one);
  EXPECT_EQ(request["status"], "closed");
  EXPECT_TRUE(Matches(one).empty());
  const json open = Get("/api/v1/tracing-requests?status=open")["items"];
  for (const auto& item : open) EXPECT_NE(item["id"], one);
  EXPECT_EQ(Get("/api/v1/tracing-requests?status=closed")["items"].size(), 1u);
}

TEST_F(TracingRoutesTest, AMotherAndHerSonSeekingEachOtherAreMatched) {
  const std::string mother =
      Register({Member("Hawa", "Sher Mohammad", "", "female", "1975", true)})[0];
  const std::string son = Register({Member("Jawad", "Karim", "", "male", "2008", true)})[0];
  const std::string seeks_son =
      Open(mother, {{{"given_name", "Jawad"}, {"relationship_to_inquirer", "son"}, {"age", 17}}});
  const std::string seeks_mother = Open(
      son, {{{"given_name", "Hawa"}, {"relationship_to_inquirer", "mother"}, {"age", 50}}});
  auto lists = [&](const std::string& id, const std::string& other) {
    for (const auto& m : Matches(id)) {
      if (m.value("tracing_request_id", "") == other) return m["via"] == "inquirer";
    }
    return false;
  };
  EXPECT_TRUE(lists(seeks_son, seeks_mother));
  EXPECT_TRUE(lists(seeks_mother, seeks_son));
  auto confirmed = Post("/api/v1/tracing-requests/" + seeks_son + "/decisions",
                        {{"sought_index", 0},
                         {"tracing_request_id", seeks_mother},
                         {"decision", "confirm"}});
  ASSERT_EQ(confirmed->status, 200) << confirmed->body;
  EXPECT_EQ(json::parse(confirmed->body)["status"], "closed");
}

TEST_F(TracingRoutesTest, ANewRegistrationRaisesAnAlertForTheCaseworker) {
  const json sought = {{{"given_name", "Nazifa"},
                        {"relationship_to_inquirer", "sister"},
                        {"birth_date", "2012"}}};
  const std::string id = Open(inquirer_, sought);
  EXPECT_TRUE(Get("/api/v1/tracing-requests/" + id)["alerts"].empty());
  // Without consent to tracing: no alert, however alike.
  Register({Member("Nazifa", "Abdullah", "Ghulam Sakhi", "female", "2012", false)});
  EXPECT_TRUE(Get("/api/v1/tracing-requests/" + id)["alerts"].empty());
  const std::string sister =
      Register({Member("نظیفه", "عبدالله", "غلام سخی", "female", "2012", true)})[0];
  const json alerts = Get("/api/v1/tracing-requests/" + id)["alerts"];
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["person_id"], sister);
  EXPECT_EQ(alerts[0]["sought_index"], 0);
  const json listed = Get("/api/v1/tracing-requests?status=open")["items"];
  bool counted = false;
  for (const auto& item : listed) {
    if (item["id"] == id) counted = item["alerts"] == 1;
  }
  EXPECT_TRUE(counted);
}

TEST_F(TracingRoutesTest, RegistrarsOpenRequestsButNeverSeeMatchesAnalystsNeither) {
  const std::string id = Open(inquirer_, kBrotherSought, registrar_);
  ASSERT_FALSE(id.empty());
  Get("/api/v1/tracing-requests/" + id + "/matches", 403, registrar_);
  Get("/api/v1/tracing-requests/" + id, 403, registrar_);
  const std::string analyst = Login("analyst");
  Get("/api/v1/tracing-requests/" + id + "/matches", 403, analyst);
  auto refused = Post("/api/v1/tracing-requests", {{"inquirer_id", inquirer_}, {"sought", kBrotherSought}},
                      analyst);
  EXPECT_EQ(refused->status, 403);
  // A request a registrar opened goes to any caseworker.
  const json request = Get("/api/v1/tracing-requests/" + id);
  EXPECT_EQ(request["caseworker"], "");
}

TEST_F(TracingRoutesTest, ErasingTheInquirerTakesTheirRequestOutOfEveryMatch) {
  const std::string mother =
      Register({Member("Hawa", "Sher Mohammad", "", "female", "1975", true)})[0];
  const std::string son = Register({Member("Jawad", "Karim", "", "male", "2008", true)})[0];
  const std::string seeks_son =
      Open(mother, {{{"given_name", "Jawad"}, {"relationship_to_inquirer", "son"}, {"age", 17}}});
  const std::string seeks_mother = Open(
      son, {{{"given_name", "Hawa"}, {"relationship_to_inquirer", "mother"}, {"age", 50}}});
  ASSERT_NE(Matches(seeks_mother).dump().find(seeks_son), std::string::npos);
  auto erased = client_->Delete("/api/v1/persons/" + mother, Bearer(Login("admin")),
                                json{{"reason", "asked to be forgotten at the desk"}}.dump(),
                                "application/json");
  ASSERT_EQ(erased->status, 200) << erased->body;
  Get("/api/v1/tracing-requests/" + seeks_son, 404);
  const std::string after = Matches(seeks_mother).dump();
  EXPECT_EQ(after.find(seeks_son), std::string::npos);
  EXPECT_EQ(after.find(mother), std::string::npos);
}

TEST_F(TracingRoutesTest, BadInputIsRefusedNamingTheField) {
  struct Bad {
    json body;
    std::string field;
  };
  const Bad cases[] = {
      {{{"sought", kBrotherSought}}, "inquirer_id"},
      {{{"inquirer_id", inquirer_}}, "sought"},
      {{{"inquirer_id", inquirer_}, {"sought", json::array()}}, "sought"},
      {{{"inquirer_id", inquirer_}, {"sought", {{{"given_name", "Ahmad"}}}}},
       "sought[0].relationship_to_inquirer"},
      {{{"inquirer_id", inquirer_},
        {"sought", {{{"given_name", "Ahmad"}, {"relationship_to_inquirer", "cousin"}, {"age", -3}}}}},
       "sought[0].age"},
      {{{"inquirer_id", inquirer_},
        {"sought", {{{"given_name", "Ahmad"}, {"relationship_to_inquirer", "sister"}, {"sex", "male"}}}}},
       "sought[0].sex"},
      {{{"inquirer_id", inquirer_},
        {"sought",
         {{{"given_name", "Ahmad"}, {"relationship_to_inquirer", "son"}, {"birth_date", "2090"}}}}},
       "sought[0].birth_date"},
      {{{"inquirer_id", inquirer_}, {"sought", kBrotherSought}, {"colour", "red"}}, "colour"},
      {{{"inquirer_id", hidden_}, {"sought", kBrotherSought}}, ""},  // no consent: 403
  };
  for (const Bad& bad : cases) {
    SCOPED_TRACE(bad.body.dump());
    auto res = Post("/api/v1/tracing-requests", bad.body);
    ASSERT_TRUE(res);
    if (bad.field.empty()) {
      EXPECT_EQ(res->status, 403) << res->body;
      continue;
    }
    EXPECT_EQ(res->status, 400) << res->body;
    EXPECT_EQ(json::parse(res->body)["error"]["field"], bad.field);
  }
  const std::string id = Open(inquirer_, kBrotherSought);
  const Bad decisions[] = {
      {{{"person_id", brother_}, {"decision", "confirm"}}, "sought_index"},
      {{{"sought_index", 0}, {"decision", "confirm"}}, "person_id"},
      {{{"sought_index", 0}, {"person_id", brother_}, {"decision", "maybe"}}, "decision"},
      {{{"sought_index", 5}, {"person_id", brother_}, {"decision", "reject"}}, "sought_index"},
      {{{"sought_index", 0}, {"person_id", inquirer_}, {"decision", "reject"}}, "person_id"},
  };
  for (const Bad& bad : decisions) {
    SCOPED_TRACE(bad.body.dump());
    auto res = Post("/api/v1/tracing-requests/" + id + "/decisions", bad.body);
    EXPECT_EQ(res->status, 400) << res->body;
    EXPECT_EQ(json::parse(res->body)["error"]["field"], bad.field);
  }
  Get("/api/v1/tracing-requests?status=lost", 400);
}

}  // namespace
}  // namespace sanad::api
