// The store as a whole: opening with the right key, its clock, and what
// every import shares. Each seam has its own suite beside this one.
#include "store/store.h"

#include <gtest/gtest.h>

#include "store_fixture.h"

namespace sanad::store {
namespace {

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, sanad::testing::BothBackends(),
                         sanad::testing::BackendName);

TEST_P(StoreTest, WrongKeyIsRefusedAndChangesNothing) {
  ASSERT_TRUE(store_->CreateHousehold(FamilyInBothScripts(), kActor));
  store_.reset();
  const std::string before = RawFiles();
  auto wrong = db_.OpenStore(KeyRing::FromMasterKey(FixedKey(8)));
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("key does not match"), std::string::npos);
  EXPECT_EQ(RawFiles(), before);
}

// "Not in the future" is the store's clock's today (plus a day for sites
// east of UTC), and every timestamp the store writes is its clock's.
TEST_P(StoreTest, TodayAndTimestampsComeFromTheStoresClock) {
  FlowTally t = Tally(clock_.Today().AddDays(2), 1);
  auto refused = store_->AddTallies({t}, kActor);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "tallies[0].date");
  t.date = clock_.Today().AddDays(1);
  EXPECT_TRUE(store_->AddTallies({t}, kActor)) << "a site east of UTC may be a day ahead";
  clock_.Advance(std::chrono::hours(24));
  t.date = clock_.Today().AddDays(1);
  EXPECT_TRUE(store_->AddTallies({t}, kActor)) << "refused yesterday, accepted today";
  auto head = store_->AuditHead();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->at, "2025-09-02T08:00:00.000Z");
  auto created = store_->CreateHousehold(FamilyInBothScripts(), kActor);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->created_at, "2025-09-02T08:00:00.000Z");
}

// Defect J: importing the same file twice counted everyone twice.
TEST_P(StoreTest, TheSameImportFileTwiceIsRefusedUnlessAgain) {
  const FlowTally t = Tally(Date{2025, 4, 1}, 1);
  const std::string content = "the bytes of tallies.csv";
  ASSERT_TRUE(store_->AddTallies({t}, kActor, ImportFile{content}));
  auto twice = store_->AddTallies({t}, kActor, ImportFile{content});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, Error::Code::kConflict);
  EXPECT_EQ(twice.error().field, "file");
  EXPECT_NE(twice.error().message.find("already imported"), std::string::npos);
  EXPECT_EQ(store_->ListTallies(Date{2025, 4, 1}, Date{2025, 4, 1})->size(), 1u);
  ASSERT_TRUE(store_->AddTallies({t}, kActor, ImportFile{content, /*again=*/true}));
  EXPECT_EQ(store_->ListTallies(Date{2025, 4, 1}, Date{2025, 4, 1})->size(), 2u);
  ASSERT_TRUE(store_->AddTallies({t}, kActor, ImportFile{content + "\n"}));

  std::vector<Household> households{FamilyInBothScripts()};
  ASSERT_TRUE(store_->ImportHouseholds(&households, kActor, {}, ImportFile{"persons.csv bytes"}));
  households = {FamilyInBothScripts()};
  auto persons_twice =
      store_->ImportHouseholds(&households, kActor, {}, ImportFile{"persons.csv bytes"});
  ASSERT_FALSE(persons_twice);
  EXPECT_EQ(persons_twice.error().field, "file");
  EXPECT_EQ(*store_->CountPersons(), 2);
  // The raw bytes are not kept, only a keyed digest.
  EXPECT_EQ(RawFiles().find("persons.csv bytes"), std::string::npos);
}

// A database with no second connection (in memory) scans on its one
// connection, under the store's lock.
TEST(StoreInMemory, ScansFallBackToTheOneConnection) {
  auto store = Store::OpenSqliteFile(":memory:", KeyRing::FromMasterKey(FixedKey(7)));
  ASSERT_TRUE(store) << store.error().message;
  ASSERT_TRUE((*store)->CreateHousehold(FamilyInBothScripts(), kActor));
  size_t visited = 0;
  ASSERT_TRUE((*store)->ForEachPerson([&](const Person&, const Household&) { ++visited; }));
  EXPECT_EQ(visited, 2u);
  EXPECT_TRUE((*store)->ListRegisteredFlows(Date{2025, 1, 1}, Date{2025, 12, 31}));
}

}  // namespace
}  // namespace sanad::store
