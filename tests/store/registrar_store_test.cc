// What a registrar does after registering, on SQLite and PostgreSQL:
// decide possible duplicates (a pair decided once, from either side; "same"
// links both records and drops neither), move a member to another
// household (recorded, audited, both versions up, never leaving a household
// empty or with two heads), and read one person's crossings.
#include <gtest/gtest.h>

#include <algorithm>

#include "../testing/test_database.h"
#include "store/store.h"

namespace sanad::store {
namespace {

const Actor kRegistrar{"registrar-1", "127.0.0.1"};

Person Member(const std::string& name, Relationship relationship, Sex sex = Sex::kMale) {
  Person p;
  p.given_name = name;
  p.father_name = "Abdul Ghafoor";
  p.sex = sex;
  p.relationship = relationship;
  p.consents = {ConsentPurpose::kRegistration};
  return p;
}

class RegistrarStoreTest : public ::testing::TestWithParam<sanad::testing::Backend> {
 protected:
  void SetUp() override {
    if (!db_.Create()) return;
    Key key;
    key.fill(9);
    auto s = db_.OpenStore(KeyRing::FromMasterKey(key), clock_);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    Household first;
    first.origin_province = "Sindh";
    first.members = {Member("Gul Ahmad", Relationship::kHead),
                     Member("Shabnam", Relationship::kSpouse, Sex::kFemale),
                     Member("Rahim", Relationship::kSon)};
    auto a = store_->CreateHousehold(first, kRegistrar);
    ASSERT_TRUE(a) << a.error().message;
    first_ = *a;
    Household second;
    second.origin_province = "Punjab";
    second.members = {Member("Wali Khan", Relationship::kHead)};
    auto b = store_->CreateHousehold(second, kRegistrar);
    ASSERT_TRUE(b) << b.error().message;
    second_ = *b;
  }

  int64_t Count(const std::string& sql, const std::vector<Value>& params = {}) {
    auto rows = db_.Query(sql, params);
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? AsInt(rows->at(0).at(0)) : -1;
  }

  sanad::testing::TestDatabase db_{GetParam()};
  TestClock clock_{TestClock::FromIso(2025, 4, 1, 8)};
  std::unique_ptr<Store> store_;
  Household first_;
  Household second_;
};

TEST_P(RegistrarStoreTest, NotTheSameIsRememberedFromEitherSide) {
  const std::string rahim = first_.members[2].id;
  const std::string wali = second_.members[0].id;
  auto d = store_->DecideDuplicate(rahim, wali, DuplicateVerdict::kNotSame, kRegistrar);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->candidate_id, wali);
  EXPECT_EQ(d->at, clock_.NowIso());
  auto mine = store_->DuplicateDecisionsOf(rahim);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->at(0).verdict, DuplicateVerdict::kNotSame);
  auto theirs = store_->DuplicateDecisionsOf(wali);
  ASSERT_TRUE(theirs);
  ASSERT_EQ(theirs->size(), 1u);
  EXPECT_EQ(theirs->at(0).candidate_id, rahim);
  // Decided once: from the other side too.
  auto again = store_->DecideDuplicate(wali, rahim, DuplicateVerdict::kSame, kRegistrar);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Error::Code::kConflict);
  EXPECT_NE(again.error().message.find("not the same"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM person_links"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.duplicate.not_same' "
                  "AND object_id = ?",
                  {rahim}),
            1);
}

TEST_P(RegistrarStoreTest, SameLinksBothRecordsAndKeepsEveryMember) {
  const std::string shabnam = first_.members[1].id;
  const std::string wali = second_.members[0].id;
  auto d = store_->DecideDuplicate(shabnam, wali, DuplicateVerdict::kSame, kRegistrar);
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM person_links WHERE relationship = 'same_person' AND "
                  "person_a = ? AND person_b = ?",
                  {shabnam, wali}),
            1);
  auto h = store_->GetHousehold(first_.id, kRegistrar);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->members.size(), 3u);
  EXPECT_EQ(h->version, first_.version);
}

TEST_P(RegistrarStoreTest, ADecisionNeedsTwoLivePersons) {
  const std::string rahim = first_.members[2].id;
  auto self = store_->DecideDuplicate(rahim, rahim, DuplicateVerdict::kSame, kRegistrar);
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().field, "candidate_id");
  auto unknown = store_->DecideDuplicate(rahim, "0193aaaa-0000-7000-8000-000000000000",
                                         DuplicateVerdict::kSame, kRegistrar);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "candidate_id");
  auto nobody = store_->DecideDuplicate("0193aaaa-0000-7000-8000-000000000000", rahim,
                                        DuplicateVerdict::kSame, kRegistrar);
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().code, Error::Code::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM duplicate_decisions"), 0);
}

TEST_P(RegistrarStoreTest, ErasureDeletesTheDecisionsNamingThePerson) {
  const std::string rahim = first_.members[2].id;
  const std::string wali = second_.members[0].id;
  ASSERT_TRUE(store_->DecideDuplicate(rahim, wali, DuplicateVerdict::kSame, kRegistrar));
  ASSERT_TRUE(store_->ErasePerson(wali, "the person asked for it", kRegistrar));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM duplicate_decisions"), 0);
  auto left = store_->DuplicateDecisionsOf(rahim);
  ASSERT_TRUE(left);
  EXPECT_TRUE(left->empty());
}

TEST_P(RegistrarStoreTest, AMoveIsRecordedAndBothVersionsGoUp) {
  const std::string rahim = first_.members[2].id;
  clock_.Advance(std::chrono::minutes(5));
  auto move = store_->MoveMember(first_.id, first_.version, rahim, second_.id,
                                 Relationship::kOtherRelative, kRegistrar);
  ASSERT_TRUE(move) << move.error().message;
  EXPECT_EQ(move->from_household_id, first_.id);
  EXPECT_EQ(move->to_household_id, second_.id);
  auto from = store_->GetHousehold(first_.id, kRegistrar);
  auto to = store_->GetHousehold(second_.id, kRegistrar);
  ASSERT_TRUE(from && to);
  EXPECT_EQ(from->version, first_.version + 1);
  EXPECT_EQ(to->version, second_.version + 1);
  EXPECT_EQ(from->members.size(), 2u);
  ASSERT_EQ(to->members.size(), 2u);
  EXPECT_EQ(to->members[1].id, rahim);
  EXPECT_EQ(to->members[1].given_name, "Rahim");
  EXPECT_EQ(to->members[1].relationship, Relationship::kOtherRelative);
  auto person = store_->GetPerson(rahim, kRegistrar);
  ASSERT_TRUE(person);
  EXPECT_EQ(person->household_id, second_.id);
  for (const std::string& id : {first_.id, second_.id}) {
    auto moves = store_->ListHouseholdMoves(id, kRegistrar);
    ASSERT_TRUE(moves) << moves.error().message;
    ASSERT_EQ(moves->size(), 1u);
    EXPECT_EQ(moves->at(0).person_id, rahim);
    EXPECT_EQ(moves->at(0).relationship, Relationship::kOtherRelative);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'household.move' AND "
                  "object_id = ?",
                  {rahim}),
            1);
  // The change log carries the new household (a replica learns the move).
  EXPECT_EQ(Count("SELECT COUNT(*) FROM change_log WHERE record_id = ? AND field = "
                  "'household_id'",
                  {rahim}),
            1);
}

TEST_P(RegistrarStoreTest, AMoveIsRefusedWhenItWouldLoseOrConfuseAnyone) {
  const std::string rahim = first_.members[2].id;
  const std::string wali = second_.members[0].id;
  struct Refusal {
    const char* what;
    std::string from;
    int64_t version;
    std::string person;
    std::string to;
    Relationship relationship;
    Error::Code code;
    std::string field;
  } cases[] = {
      {"stale version", first_.id, first_.version + 1, rahim, second_.id, Relationship::kSon,
       Error::Code::kConflict, "version"},
      {"only member", second_.id, second_.version, wali, first_.id, Relationship::kBrother,
       Error::Code::kInvalidInput, "person_id"},
      {"second head", first_.id, first_.version, rahim, second_.id, Relationship::kHead,
       Error::Code::kInvalidInput, "relationship"},
      {"not a member", first_.id, first_.version, wali, second_.id, Relationship::kSon,
       Error::Code::kInvalidInput, "person_id"},
      {"same household", first_.id, first_.version, rahim, first_.id, Relationship::kSon,
       Error::Code::kInvalidInput, "to_household_id"},
      {"no such household", first_.id, first_.version, rahim,
       "0193aaaa-0000-7000-8000-000000000000", Relationship::kSon, Error::Code::kInvalidInput,
       "to_household_id"},
  };
  for (const Refusal& c : cases) {
    SCOPED_TRACE(c.what);
    auto moved = store_->MoveMember(c.from, c.version, c.person, c.to, c.relationship, kRegistrar);
    ASSERT_FALSE(moved);
    EXPECT_EQ(moved.error().code, c.code) << moved.error().message;
    EXPECT_EQ(moved.error().field, c.field) << moved.error().message;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM household_moves"), 0);
  auto from = store_->GetHousehold(first_.id, kRegistrar);
  ASSERT_TRUE(from);
  EXPECT_EQ(from->version, first_.version);
  EXPECT_EQ(from->members.size(), 3u);
}

TEST_P(RegistrarStoreTest, APersonsCrossingsAreTheirsOnly) {
  Movement whole;
  whole.date = Date{2025, 3, 30};
  whole.crossing_point = "Torkham";
  whole.household_id = first_.id;
  ASSERT_TRUE(store_->CreateMovement(whole, kRegistrar));
  Movement other;
  other.date = Date{2025, 3, 31};
  other.crossing_point = "Chaman";
  other.person_ids = {second_.members[0].id};
  ASSERT_TRUE(store_->CreateMovement(other, kRegistrar));
  auto rahim = store_->ListPersonMovements(first_.members[2].id, kRegistrar);
  ASSERT_TRUE(rahim) << rahim.error().message;
  ASSERT_EQ(rahim->size(), 1u);
  EXPECT_EQ(rahim->at(0).crossing_point.rfind("Torkham", 0), 0u);
  EXPECT_EQ(rahim->at(0).person_ids.size(), 3u);
  auto missing = store_->ListPersonMovements("0193aaaa-0000-7000-8000-000000000000", kRegistrar);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Error::Code::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistrarStoreTest, sanad::testing::BothBackends(),
                         sanad::testing::BackendName);

}  // namespace
}  // namespace sanad::store
