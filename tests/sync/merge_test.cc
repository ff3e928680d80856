// The merge rule on the scenarios the hub must get right (issue 14's
// regression list), at the level of operations: two sites offline editing
// one field, different fields, a deletion racing an edit, an erasure racing
// an edit.
#include "sync/merge.h"

#include <gtest/gtest.h>

#include "sync_test_site.h"

namespace sanad::sync {
namespace {

using testing::TestSite;

constexpr int64_t kMorning = 1'764'662'400'000;  // 2025-12-02T08:00:00Z
const RecordKey kPerson{"person", "0193a0c2-0000-7000-8000-000000000001"};

// Delivers every operation each site knows to every other site.
void SyncAll(std::vector<TestSite*> sites, int64_t wall_ms) {
  for (TestSite* from : sites) {
    for (const Operation* operation : from->known().All()) {
      for (TestSite* to : sites) {
        if (to != from) to->Receive(*operation, wall_ms);
      }
    }
  }
}

std::vector<std::string> ValuesOf(const std::vector<const Operation*>& heads) {
  std::vector<std::string> values;
  for (const Operation* head : heads) values.push_back(head->value);
  return values;
}

class MergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    torkham.Create(kPerson, kMorning);
    torkham.Set(kPerson, "phone", "sealed:0300-1111111", kMorning + 1);
    torkham.Set(kPerson, "given_name", "sealed:Ahmad", kMorning + 2);
    SyncAll({&torkham, &chaman, &hub}, kMorning + 10);
  }

  TestSite torkham{"torkham"};
  TestSite chaman{"chaman"};
  TestSite hub{"hub"};
};

TEST_F(MergeTest, TwoSitesSettingOneFieldOfflineKeepBothUntilAPersonResolves) {
  torkham.Set(kPerson, "phone", "sealed:0300-2222222", kMorning + 60'000);
  chaman.Set(kPerson, "phone", "sealed:0311-3333333", kMorning + 120'000);
  SyncAll({&torkham, &chaman, &hub}, kMorning + 180'000);

  for (TestSite* site : {&torkham, &chaman, &hub}) {
    const auto heads = site->known().FieldHeads({kPerson, "phone"});
    // Both values stay readable, the later clock first, at every replica.
    EXPECT_EQ(ValuesOf(heads),
              (std::vector<std::string>{"sealed:0311-3333333", "sealed:0300-2222222"}))
        << site->site();
    EXPECT_EQ(site->known().ConflictingFields(), (std::vector<FieldKey>{{kPerson, "phone"}}));
  }

  hub.ResolveField(kPerson, "phone", "sealed:0300-2222222", kMorning + 240'000);
  SyncAll({&torkham, &chaman, &hub}, kMorning + 300'000);
  for (TestSite* site : {&torkham, &chaman, &hub}) {
    EXPECT_EQ(ValuesOf(site->known().FieldHeads({kPerson, "phone"})),
              std::vector<std::string>{"sealed:0300-2222222"})
        << site->site();
    EXPECT_TRUE(site->known().ConflictingFields().empty()) << site->site();
  }
}

TEST_F(MergeTest, TwoSitesSettingDifferentFieldsMergeWithoutConflict) {
  torkham.Set(kPerson, "phone", "sealed:0300-2222222", kMorning + 60'000);
  chaman.Set(kPerson, "given_name", "sealed:Ahmed", kMorning + 60'000);
  SyncAll({&torkham, &chaman, &hub}, kMorning + 120'000);
  for (TestSite* site : {&torkham, &chaman, &hub}) {
    EXPECT_EQ(ValuesOf(site->known().FieldHeads({kPerson, "phone"})),
              std::vector<std::string>{"sealed:0300-2222222"});
    EXPECT_EQ(ValuesOf(site->known().FieldHeads({kPerson, "given_name"})),
              std::vector<std::string>{"sealed:Ahmed"});
    EXPECT_TRUE(site->known().ConflictingFields().empty());
    EXPECT_EQ(site->known().StateOf(kPerson), RecordState::kLive);
  }
}

TEST_F(MergeTest, ADeletionRacingAnEditIsAConflictNotALossNorAResurrection) {
  torkham.Tombstone(kPerson, kMorning + 60'000);
  chaman.Set(kPerson, "phone", "sealed:0311-3333333", kMorning + 60'000);
  SyncAll({&torkham, &chaman, &hub}, kMorning + 120'000);
  for (TestSite* site : {&torkham, &chaman, &hub}) {
    EXPECT_EQ(site->known().StateOf(kPerson), RecordState::kDeletionConflict) << site->site();
    EXPECT_EQ(site->known().DeletionConflicts(), std::vector<RecordKey>{kPerson});
    EXPECT_EQ(ValuesOf(site->known().FieldHeads({kPerson, "phone"})),
              std::vector<std::string>{"sealed:0311-3333333"})
        << "the concurrent edit stays readable";
  }
  hub.ResolveDeletion(kPerson, kResolveKeep, kMorning + 180'000);
  SyncAll({&torkham, &chaman, &hub}, kMorning + 240'000);
  for (TestSite* site : {&torkham, &chaman, &hub}) {
    EXPECT_EQ(site->known().StateOf(kPerson), RecordState::kLive) << site->site();
    EXPECT_EQ(ValuesOf(site->known().FieldHeads({kPerson, "phone"})),
              std::vector<std::string>{"sealed:0311-3333333"});
  }
}

TEST_F(MergeTest, ADeletionAfterEverythingWasSeenIsClean) {
  torkham.Tombstone(kPerson, kMorning + 60'000);
  SyncAll({&torkham, &chaman, &hub}, kMorning + 120'000);
  for (TestSite* site : {&torkham, &chaman, &hub}) {
    EXPECT_EQ(site->known().StateOf(kPerson), RecordState::kDeleted);
  }
}

TEST_F(MergeTest, AnOfflineEditOfAPersonErasedElsewhereLosesToTheErasureEverywhere) {
  hub.Erase(kPerson, kMorning + 60'000);
  // Chaman, offline, corrects the phone after the erasure.
  chaman.Set(kPerson, "phone", "sealed:0311-3333333", kMorning + 90'000);
  SyncAll({&torkham, &chaman, &hub}, kMorning + 120'000);
  for (TestSite* site : {&torkham, &chaman, &hub}) {
    EXPECT_EQ(site->known().StateOf(kPerson), RecordState::kErased) << site->site();
    for (const Operation* operation : site->known().All()) {
      EXPECT_TRUE(operation->value.empty())
          << site->site() << " still holds a value of " << ToString(operation->id);
    }
    EXPECT_TRUE(site->known().ConflictingFields().empty());
  }
}

TEST_F(MergeTest, AnOperationDeliveredTwiceIsAppliedOnce) {
  const Operation edit = torkham.Set(kPerson, "phone", "sealed:0300-2222222", kMorning + 60'000);
  EXPECT_TRUE(hub.Receive(edit, kMorning + 61'000));
  const size_t known = hub.known().size();
  EXPECT_FALSE(hub.Receive(edit, kMorning + 62'000));
  EXPECT_EQ(hub.known().size(), known);
}

TEST_F(MergeTest, KnowsUpToWhichSequenceASiteArrivedWithoutGaps) {
  const Operation first = torkham.Set(kPerson, "phone", "sealed:a", kMorning + 60'000);
  const Operation second = torkham.Set(kPerson, "phone", "sealed:b", kMorning + 61'000);
  (void)first;
  hub.Receive(second, kMorning + 62'000);
  EXPECT_EQ(hub.known().ContiguousSequence("torkham"), 3u) << "sequence 4 is missing, 5 arrived";
  hub.Receive(first, kMorning + 63'000);
  EXPECT_EQ(hub.known().ContiguousSequence("torkham"), 5u);
  EXPECT_EQ(ValuesOf(hub.known().FieldHeads({kPerson, "phone"})),
            std::vector<std::string>{"sealed:b"});
}

TEST(ValidateOperation, RefusesMalformedOperationsNamingThePart) {
  Operation good;
  good.id = {"torkham", 1};
  good.record_type = "person";
  good.record_id = "p";
  good.kind = OpKind::kSet;
  good.field = "phone";
  ASSERT_TRUE(ValidateOperation(good));

  auto field_of = [](Operation operation) {
    auto checked = ValidateOperation(operation);
    return checked ? std::string("ok") : checked.error().field;
  };
  Operation bad = good;
  bad.id.sequence = 0;
  EXPECT_EQ(field_of(bad), "op_id.sequence");
  bad = good;
  bad.field.clear();
  EXPECT_EQ(field_of(bad), "field");
  bad = good;
  bad.kind = OpKind::kTombstone;
  EXPECT_EQ(field_of(bad), "field") << "a tombstone names no field";
  bad = good;
  bad.parents = {good.id};
  EXPECT_EQ(field_of(bad), "parents");
  bad = good;
  bad.parents = {{"chaman", 3}, {"chaman", 3}};
  EXPECT_EQ(field_of(bad), "parents");
  bad = good;
  bad.kind = OpKind::kResolve;
  bad.parents = {{"chaman", 3}};
  EXPECT_EQ(field_of(bad), "parents") << "a resolve chooses among at least two";
  bad = good;
  bad.kind = OpKind::kResolve;
  bad.field.clear();
  bad.value = "maybe";
  bad.parents = {{"chaman", 3}, {"torkham", 4}};
  EXPECT_EQ(field_of(bad), "value");
  EXPECT_EQ(ParseOpKind("merge_into"), OpKind::kMergeInto);
  EXPECT_EQ(ParseOpKind("upsert"), std::nullopt);
}

}  // namespace
}  // namespace sanad::sync
