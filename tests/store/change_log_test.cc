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

TEST_P(ChangeLogTest, CreatingAHouseholdRecordsItsCreateThenOneSealedCreatePerPerson) {
  auto site = Open("torkham.db", 1);
  auto created = site->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(created) << created.error().message;
  const auto operations = Everything(*site);
  ASSERT_EQ(operations.size(), 3u);
  for (size_t i = 0; i < operations.size(); ++i) {
    const sync::Operation& create = operations[i];
    EXPECT_EQ(create.id, (sync::OpId{site->site_id(), i + 1})) << "sequences start at 1, no gaps";
    EXPECT_EQ(create.kind, sync::OpKind::kCreate);
    EXPECT_EQ(create.user, kRegistrar.id);
    EXPECT_TRUE(create.parents.empty());
    EXPECT_FALSE(create.value.empty());
    EXPECT_EQ(create.value.find("Ahmad"), std::string::npos) << "no name in the clear";
  }
  // The household first (its members' rows name it), its own fields in the
  // clear as in the households table; then each member, sealed.
  EXPECT_EQ(operations[0].record_type, "household");
  EXPECT_EQ(operations[0].record_id, created->id);
  EXPECT_NE(operations[0].value.find(created->origin_province), std::string::npos);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(operations[i + 1].record_type, "person");
    EXPECT_EQ(operations[i + 1].record_id, created->members[i].id);
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
  EXPECT_EQ(first->applied, 3u);
  auto again = hub->IngestOperations(operations, kRegistrar);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->applied, 0u);
  EXPECT_EQ(again->already_known, 3u);
  EXPECT_EQ(Everything(*hub), operations) << "same operations, same sealed bytes";
  // What the hub hands out next continues after what it has.
  auto rest = hub->OperationsSince(3, 10);
  ASSERT_TRUE(rest);
  EXPECT_TRUE(rest->operations.empty());
  EXPECT_EQ(rest->last_position, 3);
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
  EXPECT_EQ(nothing->last_position, 9) << "the nine creates were looked at";

  OperationFilter everything;
  auto first = hub->OperationsSince(0, 4, everything);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->operations.size(), 4U);
  EXPECT_EQ(first->last_position, 4) << "a full batch: the rest not looked at yet";
  auto rest = hub->OperationsSince(first->last_position, 6, everything);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->operations.size(), 5U);
  EXPECT_EQ(rest->last_position, 9);
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
  EXPECT_EQ(operations.back().id.sequence, 6u) << "two households of a household and two persons";
}

// `sanad sync` beside a running `sanad serve`: the sync's store adopts the
// enrolled name; what the server writes afterwards carries it too (it was
// written under the old name, and never pushed).
TEST_P(ChangeLogTest, AWriterOpenBeforeTheSiteTookItsNameWritesUnderTheNewName) {
  auto serving = Open("torkham.db", 1);
  auto syncing = Open("torkham.db", 1);
  ASSERT_TRUE(serving->CreateHousehold(OneFamily(), kRegistrar));
  ASSERT_TRUE(syncing->AdoptSiteId("torkham-1", kRegistrar));
  ASSERT_TRUE(serving->CreateHousehold(OneFamily(), kRegistrar));
  const auto operations = Everything(*syncing);
  ASSERT_EQ(operations.size(), 6u);
  for (size_t i = 0; i < operations.size(); ++i) {
    EXPECT_EQ(operations[i].id, (sync::OpId{"torkham-1", i + 1})) << i;
  }
  EXPECT_EQ(serving->site_id(), "torkham-1");
}

// Records built from another replica's operations (replica_apply.cc): a
// hub and one enrolled site, each a database of its own, exchanging what
// `sanad sync` would carry (the operations and the data keys, sealed under
// the site's transport key).
class ReplicaTest : public ChangeLogTest {
 protected:
  void SetUp() override {
    ChangeLogTest::SetUp();
    if (IsSkipped()) return;
    hub = Open("hub.db", 2);
    site = Open("torkham.db", 1);
    auto enrolled = hub->EnrolSite("torkham-1", kRegistrar);
    ASSERT_TRUE(enrolled) << enrolled.error().message;
    transport = enrolled->transport_key;
    ASSERT_TRUE(site->AdoptSiteId("torkham-1", kRegistrar));
    auto key = hub->SiteTransportKey("torkham-1");
    ASSERT_TRUE(key) << key.error().message;
    EXPECT_EQ(*key, transport) << "the hub keeps the key it gave the site";
  }
  // The site's push: what it wrote since `pushed_`, with its persons' keys.
  IngestCount Push() {
    OperationFilter own;
    own.written_by = "torkham-1";
    auto batch = site->OperationsSince(pushed_, 5000, own, &transport);
    EXPECT_TRUE(batch) << batch.error().message;
    pushed_ = batch->last_position;
    auto count = hub->IngestOperations(batch->operations, kRegistrar, batch->keys, &transport);
    EXPECT_TRUE(count) << count.error().message;
    return count ? *count : IngestCount{};
  }
  // The site's pull: what was written elsewhere on the records it created.
  IngestCount Pull() {
    OperationFilter scope;
    scope.records_created_by = "torkham-1";
    scope.not_written_by = "torkham-1";
    auto batch = hub->OperationsSince(pulled_, 5000, scope, &transport);
    EXPECT_TRUE(batch) << batch.error().message;
    pulled_ = batch->last_position;
    auto count = site->IngestOperations(batch->operations, kRegistrar, batch->keys, &transport);
    EXPECT_TRUE(count) << count.error().message;
    return count ? *count : IngestCount{};
  }
  std::string PhoneAt(Store& replica, const std::string& person) {
    auto read = replica.GetPerson(person, kRegistrar);
    EXPECT_TRUE(read) << read.error().message;
    return read ? read->phone : "";
  }

  std::unique_ptr<Store> hub, site;
  Key transport{};
  int64_t pushed_ = 0, pulled_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Backends, ReplicaTest, sanad::testing::BothBackends(),
                         sanad::testing::BackendName);

TEST_P(ReplicaTest, ASitesHouseholdIsBuiltAtTheHubWhole) {
  Household family = OneFamily();
  family.origin_district = "Hayatabad";
  family.destination_province = "Nangarhar";
  Document por;
  por.type = DocumentType::kPorCard;
  por.number = "PK-123-456";
  por.valid_until = *Date::ParseIso("2025-06-30");
  family.members[0].documents.push_back(por);
  family.members[0].birth_date = *PartialDate::Parse("1980-03");
  family.members[0].consents = {ConsentPurpose::kTracing};
  family.members[1].vulnerabilities = {"disability"};
  auto created = site->CreateHousehold(family, kRegistrar);
  ASSERT_TRUE(created) << created.error().message;

  const IngestCount count = Push();
  EXPECT_EQ(count.applied, 3u);
  EXPECT_EQ(count.persons_waiting, 0u);
  EXPECT_EQ(count.persons_changed,
            (std::vector<std::string>{created->members[0].id, created->members[1].id}));
  auto at_hub = hub->GetHousehold(created->id, kRegistrar);
  ASSERT_TRUE(at_hub) << at_hub.error().message;
  EXPECT_EQ(at_hub->origin_district, "Hayatabad");
  EXPECT_EQ(at_hub->destination_province, "Nangarhar");
  ASSERT_EQ(at_hub->members.size(), 2u);
  EXPECT_EQ(at_hub->members, created->members) << "every field, documents and consents too";
  // Searchable there by the hub's own blind index.
  auto found = hub->SearchPersons("Wali", 1, 10, kRegistrar);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].id, created->members[1].id);
  // Delivered again: nothing new.
  pushed_ = 0;
  EXPECT_TRUE(Push().persons_changed.empty());
}

TEST_P(ReplicaTest, WithoutItsKeyAPersonStaysInTheLogOnly) {
  auto created = site->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(created);
  auto batch = site->OperationsSince(0, 5000);  // no transport key: no keys
  ASSERT_TRUE(batch);
  EXPECT_TRUE(batch->keys.empty());
  auto count = hub->IngestOperations(batch->operations, kRegistrar, batch->keys, &transport);
  ASSERT_TRUE(count) << count.error().message;
  EXPECT_EQ(count->applied, 3u);
  EXPECT_EQ(count->persons_waiting, 2u);
  EXPECT_FALSE(hub->GetPerson(created->members[0].id, kRegistrar));
  // A key sealed for another site does not open here either.
  Key other = transport;
  other[0] ^= 1;
  auto foreign = site->OperationsSince(0, 5000, {}, &other);
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->keys.size(), 2u);
  auto again = Open("chaman.db", 3)->IngestOperations(foreign->operations, kRegistrar,
                                                      foreign->keys, &transport);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->persons_waiting, 2u);
}

TEST_P(ReplicaTest, AnEditAtTheHubReachesTheSiteAndAHouseholdEditTravelsToo) {
  auto created = site->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(created);
  Push();
  auto at_hub = hub->GetHousehold(created->id, kRegistrar);
  ASSERT_TRUE(at_hub);
  Household edit = *at_hub;
  edit.members[0].phone = "0300 7777777";
  edit.current_location = "Torkham transit centre";
  ASSERT_TRUE(hub->UpdateHousehold(edit, edit.version, kRegistrar));

  const IngestCount pulled = Pull();
  EXPECT_EQ(pulled.applied, 2u) << "the phone and the household's location";
  EXPECT_EQ(pulled.persons_changed, std::vector<std::string>{created->members[0].id});
  EXPECT_EQ(PhoneAt(*site, created->members[0].id), "0300 7777777");
  auto at_site = site->GetHousehold(created->id, kRegistrar);
  ASSERT_TRUE(at_site);
  EXPECT_EQ(at_site->current_location, "Torkham transit centre");
  EXPECT_EQ(at_site->members[1], created->members[1]) << "the son is untouched";
}

TEST_P(ReplicaTest, OneFieldSetAtBothWhileApartShowsTheLaterValueAtBothAndKeepsBoth) {
  auto created = site->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(created);
  Push();
  const std::string person = created->members[0].id;
  // Offline: the site writes first, the hub a minute later.
  Household at_site = *created;
  at_site.members[0].phone = "0300 2222222";
  ASSERT_TRUE(site->UpdateHousehold(at_site, at_site.version, kRegistrar));
  clock_.Advance(std::chrono::minutes(1));
  auto hub_copy = hub->GetHousehold(created->id, kRegistrar);
  ASSERT_TRUE(hub_copy);
  hub_copy->members[0].phone = "0311 3333333";
  hub_copy->members[1].given_name = "Wali Khan";  // another field: no conflict
  ASSERT_TRUE(hub->UpdateHousehold(*hub_copy, hub_copy->version, kRegistrar));

  Push();
  Pull();
  for (Store* replica : {hub.get(), site.get()}) {
    EXPECT_EQ(PhoneAt(*replica, person), "0311 3333333") << "the larger clock is shown first";
    auto son = replica->GetPerson(created->members[1].id, kRegistrar);
    ASSERT_TRUE(son);
    EXPECT_EQ(son->given_name, "Wali Khan");
    auto known = replica->OperationsOf({"person", person});
    ASSERT_TRUE(known);
    EXPECT_EQ(known->FieldHeads({{"person", person}, "phone"}).size(), 2u) << "both kept";
    EXPECT_EQ(known->ConflictingFields().size(), 1u);
  }
}

TEST_P(ReplicaTest, APersonResolvesAConflictAndEveryReplicaThenAgrees) {
  auto created = site->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(created);
  Push();
  const std::string person = created->members[0].id;
  Household at_site = *created;
  at_site.members[0].phone = "0300 2222222";
  ASSERT_TRUE(site->UpdateHousehold(at_site, at_site.version, kRegistrar));
  clock_.Advance(std::chrono::minutes(1));
  auto hub_copy = hub->GetHousehold(created->id, kRegistrar);
  ASSERT_TRUE(hub_copy);
  hub_copy->members[0].phone = "0311 3333333";
  ASSERT_TRUE(hub->UpdateHousehold(*hub_copy, hub_copy->version, kRegistrar));
  Push();

  // The hub's conflict screen: both values, opened, with who and when.
  auto conflicts = hub->ListConflicts(kRegistrar);
  ASSERT_TRUE(conflicts) << conflicts.error().message;
  ASSERT_EQ(conflicts->size(), 1u);
  const FieldConflict& phone = conflicts->front();
  EXPECT_EQ(phone.record_type, "person");
  EXPECT_EQ(phone.record_id, person);
  EXPECT_EQ(phone.field, "phone");
  EXPECT_EQ(phone.household_id, created->id);
  ASSERT_EQ(phone.values.size(), 2u);
  EXPECT_EQ(phone.values[0].value, "0311 3333333") << "shown first: the larger clock";
  EXPECT_EQ(phone.values[1].value, "0300 2222222");
  EXPECT_EQ(phone.values[1].op.site, "torkham-1");
  EXPECT_EQ(phone.values[1].user, kRegistrar.id);

  // Not a value of the conflict: refused, nothing written.
  auto wrong = hub->ResolveConflict({{"person", person}, "phone"}, {"torkham-1", 1}, kRegistrar);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().field, "keep");
  // The caseworker keeps the site's number.
  ASSERT_TRUE(hub->ResolveConflict({{"person", person}, "phone"}, phone.values[1].op, kRegistrar));
  EXPECT_EQ(PhoneAt(*hub, person), "0300 2222222");
  auto again = hub->ResolveConflict({{"person", person}, "phone"}, phone.values[1].op, kRegistrar);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Error::Code::kConflict);

  Pull();
  for (Store* replica : {hub.get(), site.get()}) {
    EXPECT_EQ(PhoneAt(*replica, person), "0300 2222222");
    auto left = replica->ListConflicts(kRegistrar);
    ASSERT_TRUE(left);
    EXPECT_TRUE(left->empty());
    auto known = replica->OperationsOf({"person", person});
    ASSERT_TRUE(known);
    EXPECT_EQ(known->FieldHeads({{"person", person}, "phone"}).size(), 1u);
  }
  auto audit = hub->VerifyAudit();
  EXPECT_TRUE(audit) << audit.error().message;
}

TEST_P(ReplicaTest, AnErasureAtTheSiteWinsOverAnEditAtTheHubAndLeavesNoPlaintext) {
  auto created = site->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(created);
  Push();
  const std::string person = created->members[0].id;
  ASSERT_TRUE(site->ErasePerson(person, "the person asked for it", kRegistrar));
  auto hub_copy = hub->GetHousehold(created->id, kRegistrar);
  ASSERT_TRUE(hub_copy);
  hub_copy->members[0].phone = "0311 3333333";
  ASSERT_TRUE(hub->UpdateHousehold(*hub_copy, hub_copy->version, kRegistrar));

  const IngestCount pushed = Push();
  EXPECT_EQ(pushed.persons_erased, std::vector<std::string>{person});
  Pull();
  for (Store* replica : {hub.get(), site.get()}) {
    EXPECT_FALSE(replica->GetPerson(person, kRegistrar));
    auto known = replica->OperationsOf({"person", person});
    ASSERT_TRUE(known);
    EXPECT_EQ(known->StateOf({"person", person}), sync::RecordState::kErased);
    for (const sync::Operation* operation : known->All()) {
      EXPECT_TRUE(operation->value.empty()) << sync::ToString(operation->id);
    }
    auto found = replica->SearchPersons("Ahmad", 1, 10, kRegistrar);
    ASSERT_TRUE(found);
    for (const auto& item : found->items) EXPECT_NE(item.id, person);
  }
}

TEST_P(ReplicaTest, AVerdictOnADuplicateTravelsOnBothPersonsAndIsRecordedWhereBothAre) {
  auto first = site->CreateHousehold(OneFamily(), kRegistrar);
  auto second = site->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(first && second);
  const std::string a = first->members[0].id, b = second->members[0].id;
  auto decided = site->DecideDuplicate(a, b, DuplicateVerdict::kSame, kRegistrar);
  ASSERT_TRUE(decided) << decided.error().message;
  // One operation on each person, naming the other; the verdict sealed.
  for (const auto& [self, other] : {std::pair{a, b}, {b, a}}) {
    auto known = site->OperationsOf({"person", self});
    ASSERT_TRUE(known);
    const sync::Operation* link = nullptr;
    for (const sync::Operation* operation : known->All()) {
      if (operation->kind == sync::OpKind::kLink) link = operation;
    }
    ASSERT_NE(link, nullptr) << self;
    EXPECT_EQ(link->field, "duplicate/" + other);
    EXPECT_EQ(link->value.find("same"), std::string::npos) << "sealed, not in the clear";
  }

  Push();
  auto at_hub = hub->DuplicateDecisionsOf(a);
  ASSERT_TRUE(at_hub) << at_hub.error().message;
  ASSERT_EQ(at_hub->size(), 1u);
  EXPECT_EQ(at_hub->front().candidate_id, b);
  EXPECT_EQ(at_hub->front().verdict, DuplicateVerdict::kSame);
  EXPECT_EQ(hub->GetPerson(a, kRegistrar)->given_name, "Ahmad") << "the person is intact";
  // Pushed again: recorded once.
  pushed_ = 0;
  Push();
  EXPECT_EQ(hub->DuplicateDecisionsOf(b)->size(), 1u);

  // The hub decides another pair; the site hears of it on its pull.
  auto third = site->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(third);
  const std::string c = third->members[0].id;
  Push();
  ASSERT_TRUE(hub->DecideDuplicate(c, a, DuplicateVerdict::kNotSame, kRegistrar));
  Pull();
  auto at_site = site->DuplicateDecisionsOf(c);
  ASSERT_TRUE(at_site);
  ASSERT_EQ(at_site->size(), 1u);
  EXPECT_EQ(at_site->front().candidate_id, a);
  EXPECT_EQ(at_site->front().verdict, DuplicateVerdict::kNotSame);
}

TEST_P(ReplicaTest, TheHubKeepsACrossSitePairUntilItIsDecidedOrAPersonErased) {
  auto at_site = site->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(at_site);
  Push();
  auto at_hub = hub->CreateHousehold(OneFamily(), kRegistrar);
  auto also_at_hub = hub->CreateHousehold(OneFamily(), kRegistrar);
  ASSERT_TRUE(at_hub && also_at_hub);
  const std::string s = at_site->members[0].id, h = at_hub->members[0].id,
                    h2 = also_at_hub->members[0].id;

  // Every person's create, in log order, with the site that wrote it.
  auto created = hub->PersonsCreatedAfter(0, 100);
  ASSERT_TRUE(created) << created.error().message;
  ASSERT_EQ(created->size(), 6u);
  EXPECT_EQ(created->front().person_id, s);
  EXPECT_EQ(created->front().site, "torkham-1");
  EXPECT_NE((*created)[2].site, "torkham-1");
  auto later = hub->PersonsCreatedAfter((*created)[1].log_position, 100);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->size(), 4u);
  auto sites = hub->RegisteringSites({s, h, "no-such-person"});
  ASSERT_TRUE(sites);
  EXPECT_EQ(sites->size(), 2u);
  EXPECT_EQ(sites->at(s), "torkham-1");
  EXPECT_EQ(sites->at(h), (*created)[2].site);

  const bool ordered = s < h;
  CrossSitePair pair{ordered ? s : h, ordered ? h : s, "", "", 910, "2025-11-01T08:00:00Z"};
  pair.site_a = sites->at(pair.person_a);
  pair.site_b = sites->at(pair.person_b);
  CrossSitePair other{std::min(s, h2), std::max(s, h2), "x", "y", 700, "2025-11-01T08:00:00Z"};
  ASSERT_TRUE(hub->SaveCrossSiteScan(created->back().log_position, {pair, other, pair}));
  auto state = hub->GetCrossSiteScan();
  ASSERT_TRUE(state);
  EXPECT_EQ(state->scanned_position, created->back().log_position);
  EXPECT_EQ(state->waiting, 0);
  int64_t total = 0;
  auto open = hub->OpenCrossSiteDuplicates(10, &total);
  ASSERT_TRUE(open) << open.error().message;
  EXPECT_EQ(total, 2);
  ASSERT_EQ(open->size(), 2u);
  EXPECT_EQ(open->front().person_a, pair.person_a) << "the likeliest first";
  EXPECT_EQ(open->front().probability_permille, 910);

  ASSERT_TRUE(hub->DecideDuplicate(h, s, DuplicateVerdict::kNotSame, kRegistrar));
  open = hub->OpenCrossSiteDuplicates(10, &total);
  ASSERT_TRUE(open);
  EXPECT_EQ(total, 1) << "a decided pair is off the list";
  ASSERT_TRUE(hub->ErasePerson(h2, "asked for it", kRegistrar));
  open = hub->OpenCrossSiteDuplicates(10, &total);
  ASSERT_TRUE(open);
  EXPECT_EQ(total, 0) << "an erased person's pairs go with them";
  EXPECT_TRUE(open->empty());
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
