// The sync and conflict routes on a real server on loopback (the hub): a
// site (a store of its own) pushes a household with its persons' keys, the
// hub builds it and finds it by search; a phone set at both while apart is
// a conflict the hub's registrar sees and resolves through the API, and the
// site's pull then shows the kept value.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "server_fixture.h"
#include "sync/operation_json.h"

namespace sanad::api {
namespace {

const store::Actor kAtSite{"site-registrar", "127.0.0.1"};

class SyncRoutesTest : public ServerTest {
 protected:
  void SetUp() override {
    // Hub and site on one clock the test moves: the hub's later edit has the
    // larger clock.
    ServerOptions options;
    options.clock = &clock_;
    options.cross_site_scan_seconds = 1;
    Start(options);
    store::Key key;
    key.fill(9);
    auto opened = store::Store::OpenSqliteFile(dir_.File("site.db"),
                                               store::KeyRing::FromMasterKey(key), clock_);
    ASSERT_TRUE(opened) << opened.error().message;
    site_ = std::move(*opened);
    auto enrolled = store_->EnrolSite("torkham-1", store::Actor{"test", ""});
    ASSERT_TRUE(enrolled) << enrolled.error().message;
    enrolment_ = *enrolled;
    ASSERT_TRUE(site_->AdoptSiteId("torkham-1", kAtSite));
  }

  httplib::Headers SiteHeaders() { return {{"Authorization", "Bearer " + enrolment_.token}}; }

  json Push() {
    store::OperationFilter own;
    own.written_by = "torkham-1";
    auto batch = site_->OperationsSince(pushed_, 5000, own, &enrolment_.transport_key);
    EXPECT_TRUE(batch) << batch.error().message;
    pushed_ = batch->last_position;
    auto res = client_->Post("/api/v1/sync/push", SiteHeaders(),
                             sync::EncodeBatch(batch->operations, batch->keys), "application/json");
    EXPECT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
    return json::parse(res->body);
  }

  void Pull() {
    auto res = client_->Get("/api/v1/sync/pull?after=" + std::to_string(pulled_), SiteHeaders());
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    sync::RecordKeys keys;
    auto operations = sync::DecodeBatch(res->body, &keys);
    ASSERT_TRUE(operations) << operations.error().message;
    auto count = site_->IngestOperations(*operations, kAtSite, keys, &enrolment_.transport_key);
    ASSERT_TRUE(count) << count.error().message;
    pulled_ = json::parse(res->body)["last_position"].get<int64_t>();
  }

  std::unique_ptr<store::Store> site_;
  store::SiteEnrolment enrolment_;
  int64_t pushed_ = 0, pulled_ = 0;
};

TEST_F(SyncRoutesTest, APushedHouseholdIsSearchableAtTheHubAndAConflictIsResolvedThroughTheApi) {
  Household family;
  family.origin_province = "Khyber Pakhtunkhwa";
  Person head;
  head.given_name = "Gul Ahmad";
  head.father_name = "Sher Khan";
  head.sex = Sex::kMale;
  head.phone = "0300 1111111";
  head.relationship = Relationship::kHead;
  family.members.push_back(head);
  auto created = site_->CreateHousehold(family, kAtSite);
  ASSERT_TRUE(created) << created.error().message;
  const std::string person = created->members[0].id;

  json pushed = Push();
  EXPECT_EQ(pushed["applied"], 2);
  EXPECT_EQ(pushed["persons_waiting"], 0);
  const std::string registrar = Login("registrar");
  // Found by the hub's search (its duplicate index took the pushed person).
  auto found = client_->Get("/api/v1/persons?q=Gul%20Ahmad", Bearer(registrar));
  ASSERT_TRUE(found);
  ASSERT_EQ(found->status, 200) << found->body;
  ASSERT_EQ(json::parse(found->body)["items"].size(), 1u) << found->body;
  EXPECT_EQ(json::parse(found->body)["items"][0]["id"], person);

  // Apart: the site sets the phone, a minute later the hub does.
  Household at_site = *created;
  at_site.members[0].phone = "0300 2222222";
  ASSERT_TRUE(site_->UpdateHousehold(at_site, at_site.version, kAtSite));
  clock_.Advance(std::chrono::minutes(1));
  auto at_hub = store_->GetHousehold(created->id, store::Actor{"test", ""});
  ASSERT_TRUE(at_hub);
  at_hub->members[0].phone = "0311 3333333";
  ASSERT_TRUE(store_->UpdateHousehold(*at_hub, at_hub->version, store::Actor{"test", ""}));
  Push();

  auto listed = client_->Get("/api/v1/conflicts", Bearer(registrar));
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->status, 200) << listed->body;
  const json items = json::parse(listed->body)["items"];
  ASSERT_EQ(items.size(), 1u) << listed->body;
  EXPECT_EQ(items[0]["record_id"], person);
  EXPECT_EQ(items[0]["field"], "phone");
  EXPECT_EQ(items[0]["household_id"], created->id);
  ASSERT_EQ(items[0]["values"].size(), 2u);
  EXPECT_EQ(items[0]["values"][0]["value"], "0311 3333333");
  EXPECT_EQ(items[0]["values"][1]["value"], "0300 2222222");
  EXPECT_EQ(items[0]["values"][1]["site"], "torkham-1");
  // An analyst may not see or resolve conflicts.
  const std::string analyst = Login("analyst");
  EXPECT_EQ(client_->Get("/api/v1/conflicts", Bearer(analyst))->status, 403);

  json choice = {{"record_type", "person"},
                 {"record_id", person},
                 {"field", "phone"},
                 {"keep", "torkham-1:1"}};  // the household's create: not a value of it
  auto refused = client_->Post("/api/v1/conflicts/resolve", Bearer(registrar), choice.dump(),
                               "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400) << refused->body;
  EXPECT_EQ(json::parse(refused->body)["error"]["field"], "keep");
  choice["keep"] = items[0]["values"][1]["op_id"];
  auto resolved = client_->Post("/api/v1/conflicts/resolve", Bearer(registrar), choice.dump(),
                                "application/json");
  ASSERT_TRUE(resolved);
  ASSERT_EQ(resolved->status, 200) << resolved->body;
  auto record = client_->Get("/api/v1/persons/" + person, Bearer(registrar));
  ASSERT_TRUE(record);
  EXPECT_EQ(json::parse(record->body)["phone"], "0300 2222222") << record->body;
  EXPECT_TRUE(json::parse(client_->Get("/api/v1/conflicts", Bearer(registrar))->body)["items"]
                  .empty());

  Pull();
  auto at_site_now = site_->GetPerson(person, kAtSite);
  ASSERT_TRUE(at_site_now);
  EXPECT_EQ(at_site_now->phone, "0300 2222222");
  auto left = site_->ListConflicts(kAtSite);
  ASSERT_TRUE(left);
  EXPECT_TRUE(left->empty());
}

// The hub's scan finds a person pushed from the site who is the twin of one
// registered at the hub, offers the pair to a caseworker with both sites,
// and the verdict taken there reaches the site on its pull.
TEST_F(SyncRoutesTest, APushedTwinOfAHubPersonIsOfferedAcrossSitesAndTheVerdictTravels) {
  const std::string registrar = Login("registrar");
  json family = {{"origin_province", "Kunar"},
                 {"members",
                  {{{"given_name", "Gul Ahmad"},
                    {"father_name", "Sher Khan"},
                    {"grandfather_name", "Mir Khan"},
                    {"sex", "male"},
                    {"birth_date", "1980-03-12"},
                    {"relationship", "head"}}}}};
  auto registered =
      client_->Post("/api/v1/households", Bearer(registrar), family.dump(), "application/json");
  ASSERT_TRUE(registered);
  ASSERT_EQ(registered->status, 201) << registered->body;
  const std::string at_hub = json::parse(registered->body)["members"][0]["id"];

  Household twin;
  twin.origin_province = "Kunar";
  Person head;
  head.given_name = "Gul Ahmad";
  head.father_name = "Sher Khan";
  head.grandfather_name = "Mir Khan";
  head.sex = Sex::kMale;
  head.birth_date = *PartialDate::Parse("1980-03-12");
  head.relationship = Relationship::kHead;
  twin.members.push_back(head);
  auto created = site_->CreateHousehold(twin, kAtSite);
  ASSERT_TRUE(created) << created.error().message;
  const std::string at_site = created->members[0].id;
  Push();

  json listed;
  for (int i = 0; i < 100; ++i) {  // the scan runs every second
    auto res = client_->Get("/api/v1/duplicates/cross-site", Bearer(registrar));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    listed = json::parse(res->body);
    if (listed["total"] == 1 && listed["scan"]["waiting"] == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(listed["total"], 1) << listed.dump();
  ASSERT_EQ(listed["pairs"].size(), 1u);
  const json pair = listed["pairs"][0];
  std::set<std::string> persons{pair["a"]["id"], pair["b"]["id"]};
  EXPECT_EQ(persons, (std::set<std::string>{at_hub, at_site}));
  EXPECT_EQ(pair["a"]["given_name"], "Gul Ahmad");
  const json& from_site = pair["a"]["id"] == at_site ? pair["a"] : pair["b"];
  const json& from_hub = pair["a"]["id"] == at_hub ? pair["a"] : pair["b"];
  EXPECT_EQ(from_site["site"], "torkham-1");
  EXPECT_EQ(from_hub["site"], store_->site_id());
  EXPECT_GE(pair["match_probability"].get<double>(), 0.5);
  // A role without duplicates work does not see the list.
  EXPECT_EQ(client_->Get("/api/v1/duplicates/cross-site", Bearer(Login("analyst")))->status, 403);

  auto decided = client_->Post(
      "/api/v1/persons/" + at_hub + "/duplicates/decisions", Bearer(registrar),
      json{{"candidate_id", at_site}, {"decision", "same"}}.dump(), "application/json");
  ASSERT_TRUE(decided);
  ASSERT_LT(decided->status, 300) << decided->body;
  auto after = client_->Get("/api/v1/duplicates/cross-site", Bearer(registrar));
  ASSERT_TRUE(after);
  EXPECT_EQ(json::parse(after->body)["total"], 0) << after->body;

  // The site holds its own person only; the verdict on it arrives all the same.
  Pull();
  auto known = site_->OperationsOf({"person", at_site});
  ASSERT_TRUE(known);
  bool linked = false;
  for (const sync::Operation* operation : known->All()) {
    linked |= operation->kind == sync::OpKind::kLink && operation->field == "duplicate/" + at_hub;
  }
  EXPECT_TRUE(linked);
}

}  // namespace
}  // namespace sanad::api
