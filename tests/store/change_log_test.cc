// The change log at the store: what each write of a person records, and the
// ingest of another replica's operations (idempotent, checked, all or
// nothing; an erasure travels and drops every value). On SQLite and on
// PostgreSQL (a hub's backend): each replica a database of its own.
#include <gtest/gtest.h>

#include <map>

#include "../testing/test_database.h"
#include "store/store.h"

namespace sanad::store {
namespace {

const Actor kRegistrar{"registrar-1", "127.0.0.1"};

Key FixedKey(unsigned char fill) {
  Key k;
  k.fill(fill);
  return k;
}

Household OneFamily() {
  Household h;
  h.origin_province = "Peshawar";
  Person head;
  head.given_name = "Ahmad";
  head.father_name = "Abdullah";
  head.sex = Sex::kMale;
  head.phone = "0300 1111111";
  head.relationship = Relationship::kHead;
  h.members.push_back(head);
  Person son;
  son.given_name = "Wali";
  son.father_name = "Ahmad";
  son.sex = Sex::kMale;
  son.relationship = Relationship::kSon;
  h.members.push_back(son);
  return h;
}

// An operation written at another replica.
sync::Operation Remote(sync::OpId id, sync::HlcTimestamp clock, std::string record_id,
                       sync::OpKind kind, std::string field = "", std::string value = "") {
  sync::Operation operation;
  operation.id = std::move(id);
  operation.clock = clock;
  operation.user = "user-at-" + operation.id.site;
  operation.record_type = "person";
  operation.record_id = std::move(record_id);
  operation.kind = kind;
  operation.field = std::move(field);
  operation.value = std::move(value);
  return operation;
}

class ChangeLogTest : public ::testing::TestWithParam<sanad::testing::Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == sanad::testing::Backend::kPostgres) sanad::testing::RequirePostgres();
  }
  // The replica called `name`: its database is made on first use.
  std::unique_ptr<Store> Open(const std::string& name, unsigned char key) {
    auto& db = databases_[name];
    if (!db) {
      db = std::make_unique<sanad::testing::TestDatabase>(GetParam());
      if (!db->Create()) return nullptr;
    }
    auto s = db->OpenStore(KeyRing::FromMasterKey(FixedKey(key)), clock_);
    EXPECT_TRUE(s) << s.error().message;
    return s ? std::move(*s) : nullptr;
  }
  std::vector<sync::Operation> Everything(Store& store) {
    auto batch = store.OperationsSince(0, 100'000);
    EXPECT_TRUE(batch) << batch.error().message;
    return batch ? batch->operations : std::vector<sync::Operation>{};
  }

  std::map<std::string, std::unique_ptr<sanad::testing::TestDatabase>> databases_;
  TestClock clock_{TestClock::FromIso(2025, 11, 1, 8)};
};

INSTANTIATE_TEST_SUITE_P(Backends, ChangeLogTest, sanad::testing::BothBackends(),
                         sanad::testing::BackendName);

TEST_P(ChangeLogTest, CreatingAHouseholdRecordsOneSealedCreatePerPerson) {
  auto site = Open("torkham.db", 1);
  auto created = site->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(created) << created.error().message;
  const auto operations = Everything(*site);
  ASSERT_EQ(operations.size(), 2u);
  for (size_t i = 0; i < operations.size(); ++i) {
    const sync::Operation& create = operations[i];
    EXPECT_EQ(create.id, (sync::OpId{site->site_id(), i + 1})) << "sequences start at 1, no gaps";
    EXPECT_EQ(create.kind, sync::OpKind::kCreate);
    EXPECT_EQ(create.record_id, created->members[i].id);
    EXPECT_EQ(create.user, kRegistrar.id);
    EXPECT_TRUE(create.parents.empty());
    EXPECT_FALSE(create.value.empty());
    EXPECT_EQ(create.value.find("Ahmad"), std::string::npos) << "the value is sealed";
  }
  EXPECT_TRUE(sync::IsValidSiteId(site->site_id()));
}

TEST_P(ChangeLogTest, AnEditRecordsASetPerChangedFieldNamingThatFieldsHeads) {
  auto site = Open("torkham.db", 1);
  auto created = site->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(created);
  Household edit = *created;
  edit.members[0].phone = "0300 2222222";
  auto first = site->UpdateHousehold(edit, edit.version, kRegistrar);
  ASSERT_TRUE(first) << first.error().message;
  edit = *first;
  edit.members[0].phone = "0300 3333333";
  edit.members[0].given_name = "Ahmed";
  ASSERT_TRUE(site->UpdateHousehold(edit, edit.version, kRegistrar));

  auto known = site->OperationsOf({"person", created->members[0].id});
  ASSERT_TRUE(known);
  EXPECT_EQ(known->size(), 4u) << "create, phone, phone, given_name; the son did not change";
  const sync::FieldKey phone{{"person", created->members[0].id}, "phone"};
  const auto heads = known->FieldHeads(phone);
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0]->parents.size(), 1u) << "the second phone edit names the first";
  EXPECT_EQ(heads[0]->value.find("3333333"), std::string::npos);
  EXPECT_TRUE(known->ConflictingFields().empty());
  auto son = site->OperationsOf({"person", created->members[1].id});
  ASSERT_TRUE(son);
  EXPECT_EQ(son->size(), 1u);
}

TEST_P(ChangeLogTest, AnotherReplicaTakesTheOperationsInOnceWhateverTheDeliveries) {
  auto torkham = Open("torkham.db", 1);
  auto hub = Open("hub.db", 2);
  ASSERT_NE(torkham->site_id(), hub->site_id());
  auto created = torkham->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(created);
  const auto operations = Everything(*torkham);

  auto first = hub->IngestOperations(operations, kRegistrar);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->applied, 2u);
  auto again = hub->IngestOperations(operations, kRegistrar);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->applied, 0u);
  EXPECT_EQ(again->already_known, 2u);
  EXPECT_EQ(Everything(*hub), operations) << "same operations, same sealed bytes";
  // What the hub hands out next continues after what it has.
  auto rest = hub->OperationsSince(2, 10);
  ASSERT_TRUE(rest);
  EXPECT_TRUE(rest->operations.empty());
  EXPECT_EQ(rest->last_position, 2);
}

// A puller whose filter matches nothing (a site's pull at a hub where no one
// else touched its records) is told how far was looked at, so its next pull
// does not read the whole log again; a full batch stops at its last
// operation, since what comes after it was not looked at.
TEST_P(ChangeLogTest, APullMovesPastWhatItsFilterLeftOut) {
  auto hub = Open("hub.db", 2);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(hub->CreateHousehold(OneFamily(), kRegistrar));
  OperationFilter chaman;
  chaman.records_created_by = "chaman-1";
  auto nothing = hub->OperationsSince(0, 10, chaman);
  ASSERT_TRUE(nothing) << nothing.error().message;
  EXPECT_TRUE(nothing->operations.empty());
  EXPECT_EQ(nothing->last_position, 6) << "the six creates were looked at";

  OperationFilter everything;
  auto first = hub->OperationsSince(0, 4, everything);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->operations.size(), 4U);
  EXPECT_EQ(first->last_position, 4) << "a full batch: the rest not looked at yet";
  auto rest = hub->OperationsSince(first->last_position, 4, everything);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->operations.size(), 2U);
  EXPECT_EQ(rest->last_position, 6);
}

TEST_P(ChangeLogTest, ConcurrentEditsOfOneFieldAreBothKeptAsAConflict) {
  auto torkham = Open("torkham.db", 1);
  auto hub = Open("hub.db", 2);
  auto created = torkham->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(created);
  Household edit = *created;
  edit.members[0].phone = "0300 2222222";
  ASSERT_TRUE(torkham->UpdateHousehold(edit, edit.version, kRegistrar));
  // Chaman, which had the person but not Torkham's edit, set the phone too.
  const sync::Operation chaman =
      Remote({"chaman", 1}, {sync::WallMillis(clock_.Now()), 0}, created->members[0].id,
             sync::OpKind::kSet, "phone", "sealed-at-chaman");
  auto ingested = torkham->IngestOperations({chaman}, kRegistrar);
  ASSERT_TRUE(ingested) << ingested.error().message;
  auto known = torkham->OperationsOf({"person", created->members[0].id});
  ASSERT_TRUE(known);
  EXPECT_EQ(known->FieldHeads({{"person", created->members[0].id}, "phone"}).size(), 2u);
  EXPECT_EQ(known->ConflictingFields().size(), 1u);
}

TEST_P(ChangeLogTest, AnErasureFromElsewhereErasesThePersonAndDropsEveryValue) {
  auto torkham = Open("torkham.db", 1);
  auto created = torkham->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(created);
  Household edit = *created;
  edit.members[0].phone = "0300 2222222";
  ASSERT_TRUE(torkham->UpdateHousehold(edit, edit.version, kRegistrar));
  const std::string person = created->members[0].id;
  auto known = torkham->OperationsOf({"person", person});
  ASSERT_TRUE(known);
  sync::Operation erase =
      Remote({"hub", 7}, {sync::WallMillis(clock_.Now()), 3}, person, sync::OpKind::kErase);
  erase.parents = known->RecordParents({"person", person});
  ASSERT_TRUE(torkham->IngestOperations({erase}, kRegistrar));

  EXPECT_FALSE(torkham->GetPerson(person, kRegistrar)) << "the person is erased here too";
  auto after = torkham->OperationsOf({"person", person});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->StateOf({"person", person}), sync::RecordState::kErased);
  for (const sync::Operation* operation : after->All()) {
    EXPECT_TRUE(operation->value.empty()) << sync::ToString(operation->id);
  }
  // An edit written elsewhere before it heard of the erasure arrives late:
  // its value is dropped on arrival.
  const sync::Operation late = Remote({"chaman", 1}, {sync::WallMillis(clock_.Now()), 0}, person,
                                      sync::OpKind::kSet, "phone", "sealed-at-chaman");
  ASSERT_TRUE(torkham->IngestOperations({late}, kRegistrar));
  auto last = torkham->OperationsOf({"person", person});
  ASSERT_TRUE(last);
  EXPECT_TRUE(last->Find({"chaman", 1})->value.empty());
  // The son, not erased, keeps his record.
  EXPECT_TRUE(torkham->GetPerson(created->members[1].id, kRegistrar));
}

// Within one batch, as across batches: an operation twice is applied once,
// and an edit after an erasure of its record (or before it) keeps no value;
// more operations than one statement writes keep their order.
TEST_P(ChangeLogTest, OneBatchTakesEachOperationOnceAndDropsValuesAfterAnErasure) {
  auto hub = Open("hub.db", 2);
  const int64_t now = sync::WallMillis(clock_.Now());
  std::vector<sync::Operation> batch;
  for (uint64_t i = 1; i <= 250; ++i) {  // crosses the 100-row statements
    batch.push_back(Remote({"torkham-1", i}, {now, static_cast<uint32_t>(i)},
                           "person-" + std::to_string(i), sync::OpKind::kCreate, "",
                           "sealed-" + std::to_string(i)));
  }
  batch.push_back(batch[9]);  // delivered twice in one batch
  batch.push_back(Remote({"torkham-1", 251}, {now, 251}, "person-7", sync::OpKind::kSet, "phone",
                         "before-erasure"));
  batch.push_back(Remote({"chaman-1", 1}, {now, 252}, "person-7", sync::OpKind::kErase));
  batch.push_back(Remote({"torkham-1", 252}, {now, 253}, "person-7", sync::OpKind::kSet, "phone",
                         "after-erasure"));
  auto ingested = hub->IngestOperations(batch, kRegistrar);
  ASSERT_TRUE(ingested) << ingested.error().message;
  EXPECT_EQ(ingested->applied, 253U);
  EXPECT_EQ(ingested->already_known, 1U);
  const auto all = Everything(*hub);
  ASSERT_EQ(all.size(), 253U);
  for (size_t i = 0; i < 250; ++i) {
    EXPECT_EQ(all[i].id, (sync::OpId{"torkham-1", i + 1})) << "in the order of the batch";
  }
  for (const sync::Operation& operation : all) {
    if (operation.record_id == "person-7") {
      EXPECT_TRUE(operation.value.empty()) << sync::ToString(operation.id);
    } else {
      EXPECT_FALSE(operation.value.empty()) << sync::ToString(operation.id);
    }
  }
}

TEST_P(ChangeLogTest, ABadOrTooFarAheadBatchChangesNothing) {
  auto torkham = Open("torkham.db", 1);
  auto hub = Open("hub.db", 2);
  ASSERT_TRUE(torkham->CreateHousehold(OneFamily(), kRegistrar));
  auto operations = Everything(*torkham);
  // Six minutes ahead of the hub's clock: refused, naming the site.
  operations[1].clock.wall_ms = sync::WallMillis(clock_.Now()) + 6 * 60'000;
  auto refused = hub->IngestOperations(operations, kRegistrar);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "operations[1].clock");
  EXPECT_NE(refused.error().message.find(torkham->site_id()), std::string::npos);
  EXPECT_TRUE(Everything(*hub).empty()) << "the first operation was not kept either";

  operations = Everything(*torkham);
  operations[0].id.sequence = 0;
  auto bad = hub->IngestOperations(operations, kRegistrar);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "operations[0].op_id.sequence");
  EXPECT_TRUE(Everything(*hub).empty());
}

TEST_P(ChangeLogTest, TheSiteIdAndTheClockSurviveAReopen) {
  std::string id;
  sync::HlcTimestamp last;
  {
    auto site = Open("torkham.db", 1);
    id = site->site_id();
    ASSERT_TRUE(site->CreateHousehold(OneFamily(), kRegistrar));
    last = Everything(*site).back().clock;
  }
  clock_.Advance(-std::chrono::hours(1));  // the laptop's clock went back
  auto site = Open("torkham.db", 1);
  EXPECT_EQ(site->site_id(), id);
  ASSERT_TRUE(site->CreateHousehold(OneFamily(), kRegistrar));
  const auto operations = Everything(*site);
  EXPECT_GT(operations.back().clock, last) << "operations still order after the earlier ones";
  EXPECT_EQ(operations.back().id.sequence, 4u);
}

}  // namespace
}  // namespace sanad::store

namespace sanad::store {
namespace {

// On SQLite, an erasure arriving from elsewhere leaves the person's sealed
// bytes neither in the database file nor in its WAL (as a local erasure).
TEST(ChangeLogFiles, AnErasureFromElsewhereLeavesNoSealedBytesInTheFiles) {
  sanad::testing::TempDir dir;
  TestClock clock(TestClock::FromIso(2025, 11, 1, 8));
  auto site =
      Store::OpenSqliteFile(dir.File("site.db"), KeyRing::FromMasterKey(FixedKey(1)), clock);
  ASSERT_TRUE(site) << site.error().message;
  auto created = (*site)->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(created);
  const std::string person = created->members[0].id;
  auto known = (*site)->OperationsOf({"person", person});
  ASSERT_TRUE(known);
  const std::string sealed = known->All().front()->value;
  ASSERT_GT(sealed.size(), 16u);
  ASSERT_NE(dir.Contents({"site.db", "site.db-wal"}).find(sealed), std::string::npos)
      << "the check must be able to see the bytes while they are there";

  sync::Operation erase =
      Remote({"hub", 1}, {sync::WallMillis(clock.Now()), 0}, person, sync::OpKind::kErase);
  erase.parents = known->RecordParents({"person", person});
  ASSERT_TRUE((*site)->IngestOperations({erase}, kRegistrar));
  EXPECT_EQ(dir.Contents({"site.db", "site.db-wal"}).find(sealed), std::string::npos);
}

}  // namespace
}  // namespace sanad::store
