// Households imported in one transaction from a source that hands them over
// one at a time (Store::ImportHouseholds): all or nothing, a file refused
// the second time, households larger than the store's write batches.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace sanad::store {
namespace {

class HouseholdStoreTest : public StoreTest {};
INSTANTIATE_TEST_SUITE_P(Backends, HouseholdStoreTest, sanad::testing::BothBackends(),
                         sanad::testing::BackendName);

// Household `n` of `size` members, each member's names and tazkira numbered,
// the first the head.
Household Numbered(size_t n, size_t size) {
  Household h;
  h.origin_province = "Peshawar";
  for (size_t i = 0; i < size; ++i) {
    Person p;
    p.given_name = "Gul" + std::to_string(n) + "x" + std::to_string(i);
    p.father_name = "Wazir" + std::to_string(n);
    p.sex = i % 2 ? Sex::kFemale : Sex::kMale;
    p.birth_date = PartialDate::Parse(std::to_string(1950 + i)).value();
    p.relationship = i == 0 ? Relationship::kHead : Relationship::kSon;
    p.documents.push_back(
        {DocumentType::kTazkira, std::to_string(140100000 + 100 * n + i), {}, {}});
    h.members.push_back(std::move(p));
  }
  return h;
}

// Hands over `households` one at a time; fails instead of handing over
// household `fail_at` when it is set. Counts the calls.
class TestSource final : public HouseholdSource {
 public:
  explicit TestSource(std::vector<Household> given, size_t fail_at = SIZE_MAX)
      : households(std::move(given)), fail_at_(fail_at) {}
  Result<Household*> Next() override {
    ++calls;
    if (next_ == fail_at_) return Fail(Error::InvalidInput("row", "the source broke"));
    return next_ < households.size() ? &households[next_++] : nullptr;
  }
  std::vector<Household> households;
  size_t calls = 0;

 private:
  size_t fail_at_;
  size_t next_ = 0;
};

TEST_P(HouseholdStoreTest, EveryHouseholdOfASourceIsWrittenWithItsMembersInOrder) {
  std::vector<Household> households;
  for (size_t n = 0; n < 40; ++n) households.push_back(Numbered(n, 1 + n % 7));
  households[6].members[3].given_name = "Zarghuna";  // of seven
  TestSource source(households);
  size_t last_progress = 0;
  ASSERT_TRUE(store_->ImportHouseholds(source, kActor, [&](size_t done) { last_progress = done; }));
  size_t persons = 0;
  for (const Household& h : households) persons += h.members.size();
  EXPECT_EQ(*store_->CountPersons(), static_cast<int64_t>(persons));
  for (size_t n = 0; n < source.households.size(); ++n) {
    SCOPED_TRACE(n);
    const Household& written = source.households[n];
    ASSERT_FALSE(written.id.empty());
    auto read = store_->GetHousehold(written.id, kActor);
    ASSERT_TRUE(read) << read.error().message;
    ASSERT_EQ(read->members.size(), households[n].members.size());
    for (size_t i = 0; i < read->members.size(); ++i) {
      EXPECT_EQ(read->members[i].given_name, households[n].members[i].given_name);
      EXPECT_EQ(read->members[i].id, written.members[i].id);
    }
  }
  // Searchable (the index entries written at the end), and one `create`
  // operation per household and per person in the change log, numbered
  // without a gap.
  auto found = store_->SearchPersons("Zarghuna", 1, 10, kActor);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].id, source.households[6].members[3].id);
  auto log = store_->OperationsSince(0, 10000);
  ASSERT_TRUE(log) << log.error().message;
  ASSERT_EQ(log->operations.size(), persons + households.size());
  for (size_t i = 0; i < log->operations.size(); ++i) {
    EXPECT_EQ(log->operations[i].id.sequence, i + 1);
    EXPECT_EQ(log->operations[i].kind, sync::OpKind::kCreate);
  }
}

// Households of 60 (the most) and of odd sizes, so that a household's
// search-index rows (several per person) cross the 100-row statements the
// store writes them in.
TEST_P(HouseholdStoreTest, HouseholdsAcrossIndexWriteBatchesKeepEveryMemberAndAreFound) {
  std::vector<Household> households;
  for (size_t n = 0; n < 30; ++n) households.push_back(Numbered(n, n % 3 == 0 ? 60 : 37));
  TestSource source(households);
  ASSERT_TRUE(store_->ImportHouseholds(source, kActor));
  for (size_t n = 0; n < households.size(); ++n) {
    SCOPED_TRACE(n);
    auto read = store_->GetHousehold(source.households[n].id, kActor);
    ASSERT_TRUE(read) << read.error().message;
    ASSERT_EQ(read->members.size(), households[n].members.size());
    EXPECT_EQ(read->members.back().given_name, households[n].members.back().given_name);
  }
  auto found = store_->SearchPersons("Gul", 1, kMaxSearchPageSize, kActor);
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_TRUE(found->has_more);
}

// The persons', their keys' and their operations' rows are written 100 to
// a statement (ImportWrites::kPersonsPerStatement): a batch that ends at a
// household's end, one that ends inside a household, and a last one partly
// full lose no row and keep the log without a gap.
TEST_P(HouseholdStoreTest, PersonsAcrossRowBatchesKeepTheirKeysAndOneOperationEach) {
  std::vector<Household> households;
  for (size_t size : {50, 50, 60, 45}) households.push_back(Numbered(households.size(), size));
  households.back().members.back().given_name = "Zarmina";
  TestSource source(households);
  ASSERT_TRUE(store_->ImportHouseholds(source, kActor));
  std::vector<std::string> ids;  // in the log's order: each household, then its members
  for (size_t n = 0; n < households.size(); ++n) {
    SCOPED_TRACE(n);
    auto read = store_->GetHousehold(source.households[n].id, kActor);  // opens every record
    ASSERT_TRUE(read) << read.error().message;
    ASSERT_EQ(read->members.size(), households[n].members.size());
    ids.push_back(read->id);
    for (size_t i = 0; i < read->members.size(); ++i) {
      EXPECT_EQ(read->members[i].given_name, households[n].members[i].given_name);
      ids.push_back(read->members[i].id);
    }
  }
  ASSERT_EQ(ids.size(), 209u);
  auto log = store_->OperationsSince(0, 1000);
  ASSERT_TRUE(log) << log.error().message;
  ASSERT_EQ(log->operations.size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(log->operations[i].id.sequence, i + 1);
    EXPECT_EQ(log->operations[i].record_id, ids[i]);
    EXPECT_FALSE(log->operations[i].value.empty());
  }
  auto found = store_->SearchPersons("Zarmina", 1, 10, kActor);  // the last person
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].id, ids.back());
}

TEST_P(HouseholdStoreTest, ASourceErrorMidwayWritesNothing) {
  auto before = store_->VerifyAudit();
  ASSERT_TRUE(before);
  std::vector<Household> households;
  for (size_t n = 0; n < 30; ++n) households.push_back(Numbered(n, 5));
  TestSource source(households, /*fail_at=*/23);
  auto ok = store_->ImportHouseholds(source, kActor, {}, ImportFile{"persons.csv bytes"});
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().message, "the source broke");
  EXPECT_EQ(*store_->CountPersons(), 0);
  EXPECT_EQ(store_->OperationsSince(0, 10)->operations.size(), 0u);
  EXPECT_EQ(*store_->VerifyAudit(), *before);
  // Nor was the file recorded: the same bytes import once they are whole.
  TestSource whole(households);
  ASSERT_TRUE(store_->ImportHouseholds(whole, kActor, {}, ImportFile{"persons.csv bytes"}));
  EXPECT_EQ(*store_->CountPersons(), 150);
}

TEST_P(HouseholdStoreTest, AnInvalidHouseholdMidwayWritesNothing) {
  std::vector<Household> households;
  for (size_t n = 0; n < 30; ++n) households.push_back(Numbered(n, 5));
  households[17].members[2].relationship = Relationship::kHead;  // a second head
  TestSource source(households);
  auto ok = store_->ImportHouseholds(source, kActor);
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().field, "members");
  EXPECT_EQ(*store_->CountPersons(), 0);
  EXPECT_EQ(store_->OperationsSince(0, 10)->operations.size(), 0u);
  // The next import numbers its operations from 1: the rolled-back ones left
  // no gap.
  households[17].members[2].relationship = Relationship::kSon;
  TestSource fixed(households);
  ASSERT_TRUE(store_->ImportHouseholds(fixed, kActor));
  auto log = store_->OperationsSince(0, 1000);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->operations.size(), 180u) << "30 households and 150 persons";
  EXPECT_EQ(log->operations.front().id.sequence, 1u);
  EXPECT_EQ(log->operations.back().id.sequence, 180u);
}

TEST_P(HouseholdStoreTest, TheSameFileTwiceIsRefusedBeforeAHouseholdIsRead) {
  TestSource first({Numbered(0, 3), Numbered(1, 4)});
  ASSERT_TRUE(store_->ImportHouseholds(first, kActor, {}, ImportFile{"persons.csv bytes"}));
  TestSource second({Numbered(2, 3)});
  auto twice = store_->ImportHouseholds(second, kActor, {}, ImportFile{"persons.csv bytes"});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().field, "file");
  // The count recorded is the persons of the first import.
  EXPECT_NE(twice.error().message.find("(7 persons)"), std::string::npos) << twice.error().message;
  EXPECT_EQ(second.calls, 0u);
  EXPECT_EQ(*store_->CountPersons(), 7);
  TestSource again({Numbered(2, 3)});
  ASSERT_TRUE(
      store_->ImportHouseholds(again, kActor, {}, ImportFile{"persons.csv bytes", /*again=*/true}));
  EXPECT_EQ(*store_->CountPersons(), 10);
}

// Writes after an import number their operations on from the import's.
TEST_P(HouseholdStoreTest, WritesAfterAnImportContinueTheChangeLog) {
  TestSource source({Numbered(0, 3), Numbered(1, 4)});
  ASSERT_TRUE(store_->ImportHouseholds(source, kActor));
  ASSERT_TRUE(store_->CreateHousehold(Numbered(2, 2), kActor));
  auto log = store_->OperationsSince(0, 100);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->operations.size(), 12u) << "three households and nine persons";
  for (size_t i = 0; i < 12; ++i) EXPECT_EQ(log->operations[i].id.sequence, i + 1);
}

}  // namespace
}  // namespace sanad::store
