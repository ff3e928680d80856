// A site's sync status at the store (sync_status.cc): each attempt recorded
// with its time, its error and the clock skew (kept when the hub did not
// answer), and the records in conflict counted as the merge sees them. On
// SQLite and on PostgreSQL.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace sanad::store {
namespace {

class SyncStatusTest : public StoreTest {
 protected:
  // An operation written at another replica, on a person of this one.
  sync::Operation Remote(sync::OpId id, const std::string& person, sync::OpKind kind,
                         std::string field = "", std::string value = "") {
    sync::Operation operation;
    operation.id = std::move(id);
    operation.clock = {sync::WallMillis(clock_.Now()), 0};
    operation.user = "user-at-" + operation.id.site;
    operation.record_type = "person";
    operation.record_id = person;
    operation.kind = kind;
    operation.field = std::move(field);
    operation.value = std::move(value);
    return operation;
  }
  int64_t Conflicts() {
    auto count = store_->CountConflicts();
    EXPECT_TRUE(count) << count.error().message;
    return count.value_or(-1);
  }
  // Sets the phone of member `i` of `household` here; the household as stored.
  Household SetPhone(const Household& household, size_t i, const std::string& phone) {
    Household edit = household;
    edit.members[i].phone = phone;
    auto updated = store_->UpdateHousehold(edit, edit.version, kActor);
    EXPECT_TRUE(updated) << updated.error().message;
    return updated.value_or(household);
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, SyncStatusTest, sanad::testing::BothBackends(),
                         sanad::testing::BackendName);

TEST_P(SyncStatusTest, EachAttemptIsRecordedAndTheLastKnownSkewKept) {
  if (!store_) return;
  auto never = store_->GetSyncStatus();
  ASSERT_TRUE(never) << never.error().message;
  EXPECT_TRUE(never->last_attempt_at.empty());
  EXPECT_TRUE(never->last_success_at.empty());
  EXPECT_FALSE(never->clock_skew_ms);

  // A success: the cursor keeps the time, the attempt its skew.
  SyncCursor cursor;
  cursor.last_success_at = clock_.NowIso();
  ASSERT_TRUE(store_->SaveSyncCursor(cursor));
  ASSERT_TRUE(store_->RecordSyncAttempt({.error = "", .clock_skew_ms = -1'200}));
  const std::string first = clock_.NowIso();

  // Ten minutes later the hub cannot be reached: the error, the same skew.
  clock_.Advance(std::chrono::minutes(10));
  ASSERT_TRUE(store_->RecordSyncAttempt({.error = "cannot reach the hub", .clock_skew_ms = {}}));
  auto failed = store_->GetSyncStatus();
  ASSERT_TRUE(failed) << failed.error().message;
  EXPECT_EQ(failed->last_success_at, first);
  EXPECT_EQ(failed->last_attempt_at, clock_.NowIso());
  EXPECT_NE(failed->last_attempt_at, first);
  EXPECT_EQ(failed->last_error, "cannot reach the hub");
  EXPECT_EQ(failed->clock_skew_ms, -1'200);

  // The next success clears the error; all of it survives a reopen.
  clock_.Advance(std::chrono::minutes(5));
  ASSERT_TRUE(store_->RecordSyncAttempt({.error = "", .clock_skew_ms = 90'000}));
  Reopen();
  auto again = store_->GetSyncStatus();
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->last_error.empty());
  EXPECT_EQ(again->last_attempt_at, clock_.NowIso());
  EXPECT_EQ(again->clock_skew_ms, 90'000);
}

TEST_P(SyncStatusTest, CountsRecordsWithAConflictingFieldOrARacedDeletion) {
  if (!store_) return;
  auto family = store_->CreateHousehold(FamilyInBothScripts(), kActor);
  ASSERT_TRUE(family) << family.error().message;
  auto other = store_->CreateHousehold(FamilyInBothScripts(), kActor);
  ASSERT_TRUE(other) << other.error().message;
  const std::string head = family->members[0].id;
  const std::string wife = family->members[1].id;
  const std::string erased = other->members[0].id;
  // Edits here, one after the other, are never a conflict.
  Household edited = SetPhone(*family, 0, "0700 111 111");
  edited = SetPhone(edited, 0, "0700 222 222");
  edited = SetPhone(edited, 1, "0700 333 333");
  EXPECT_EQ(Conflicts(), 0);

  // Chaman set the head's phone without having seen ours: two heads.
  ASSERT_TRUE(store_->IngestOperations(
      {Remote({"chaman-1", 1}, head, sync::OpKind::kSet, "phone", "sealed-at-chaman")}, kActor));
  // Chaman deleted the wife having seen only her creation, not our edit.
  auto wife_ops = store_->OperationsOf({"person", wife});
  ASSERT_TRUE(wife_ops);
  sync::Operation tombstone = Remote({"chaman-1", 2}, wife, sync::OpKind::kTombstone);
  for (const sync::Operation* operation : wife_ops->All()) {
    if (operation->kind == sync::OpKind::kCreate) tombstone.parents.push_back(operation->id);
  }
  ASSERT_TRUE(store_->IngestOperations({tombstone}, kActor));
  // A conflict on a record erased since is none: erasure wins.
  edited = SetPhone(*other, 0, "0700 444 444");
  auto erased_ops = store_->OperationsOf({"person", erased});
  ASSERT_TRUE(erased_ops);
  sync::Operation erase = Remote({"chaman-1", 4}, erased, sync::OpKind::kErase);
  erase.parents = erased_ops->RecordParents({"person", erased});
  ASSERT_TRUE(store_->IngestOperations(
      {Remote({"chaman-1", 3}, erased, sync::OpKind::kSet, "phone", "sealed-at-chaman"), erase},
      kActor));
  EXPECT_EQ(Conflicts(), 2) << "the head's phone and the wife's deletion";

  // An edit here names every head of the field: the head's conflict is
  // settled, the wife's deletion still waits for a person.
  auto current = store_->GetHousehold(family->id, kActor);
  ASSERT_TRUE(current) << current.error().message;
  SetPhone(*current, 0, "0700 555 555");
  EXPECT_EQ(Conflicts(), 1);
}

}  // namespace
}  // namespace sanad::store
