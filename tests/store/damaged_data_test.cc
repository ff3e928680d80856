// Damaged stored data is an error naming the table, the row and the column,
// never silently a default (an unknown role read as analyst, an unreadable
// expiry date read as 0000-00-00). Each case damages one value with raw SQL
// behind the Store's back, on SQLite and on PostgreSQL, then reads it back.
#include <gtest/gtest.h>
#include <sodium.h>

#include <functional>
#include <string>

#include "../testing/test_database.h"
#include "store/store.h"

namespace sanad::store {
namespace {

const Actor kDamagedDataActor{"test-user", "127.0.0.1"};
constexpr std::string_view kPassword = "correct horse battery";

KeyRing TestKeys() {
  Key k;
  k.fill(9);
  return KeyRing::FromMasterKey(k);
}

Household Family() {
  Household h;
  h.origin_province = "Peshawar";
  h.destination_province = "Nangarhar";
  Person head;
  head.given_name = "Mohammad Nabi";
  head.father_name = "Abdul Rahman";
  head.sex = Sex::kMale;
  head.birth_date = PartialDate::Parse("1979").value();
  head.relationship = Relationship::kHead;
  head.documents.push_back({DocumentType::kPorCard, "PoR-4417-2291", {}, Date{2025, 6, 30}});
  head.consents = {ConsentPurpose::kRegistration};
  h.members.push_back(head);
  return h;
}

class DamagedDataTest : public ::testing::TestWithParam<sanad::testing::Backend> {
 protected:
  void SetUp() override {
    if (!db_.Create()) return;
    auto s = db_.OpenStore(TestKeys());
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    auto h = store_->CreateHousehold(Family(), kDamagedDataActor);
    ASSERT_TRUE(h) << h.error().message;
    household_ = *h;
    person_id_ = h->members[0].id;
    Movement m;
    m.date = Date{2025, 4, 2};
    m.crossing_point = "Torkham";
    m.household_id = household_.id;
    auto movement = store_->CreateMovement(m, kDamagedDataActor);
    ASSERT_TRUE(movement) << movement.error().message;
    movement_id_ = movement->id;
    FlowTally t;
    t.date = Date{2025, 4, 2};
    t.crossing_point = "Torkham";
    t.households = 1;
    t.individuals = 1;
    t.female = 1;
    t.age_18_59 = 1;
    ASSERT_TRUE(store_->AddTallies({t}, kDamagedDataActor));
    auto user = store_->CreateUser("reg1", Role::kRegistrar, kPassword, kDamagedDataActor);
    ASSERT_TRUE(user);
    user_id_ = user->id;
    auto session = store_->Login("reg1", kPassword, kDamagedDataActor);
    ASSERT_TRUE(session);
    token_ = session->token;
  }

  // Runs `sql` on a second connection to the same database, binding `blob`
  // to its one parameter when given.
  void Damage(const std::string& sql, const std::string* blob = nullptr) {
    std::vector<Value> params;
    if (blob) params.emplace_back(Bytes{*blob});
    auto changed = db_.Execute(sql, params);
    ASSERT_TRUE(changed) << changed.error().message;
    EXPECT_EQ(*changed, 1) << sql;
  }

  // Reads the person's sealed fields, lets `edit` change their JSON text,
  // and seals them again with the person's own key: damage that only a
  // holder of the master key could make, found after decryption.
  void DamageSealed(const std::function<void(std::string*)>& edit) {
    auto rows = db_.Query(
        "SELECT p.sealed, k.wrapped_key FROM persons p JOIN person_keys k ON k.person_id = p.id "
        "WHERE p.id = ?",
        {person_id_});
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 1u);
    const std::string sealed = AsBytes(rows->at(0).at(0));
    const std::string wrapped = AsBytes(rows->at(0).at(1));
    auto key = TestKeys().UnwrapKey(wrapped, person_id_);
    ASSERT_TRUE(key);
    auto plain = KeyRing::Open(*key, sealed, person_id_);
    ASSERT_TRUE(plain);
    edit(&*plain);
    const std::string resealed = KeyRing::Seal(*key, *plain, person_id_);
    Damage("UPDATE persons SET sealed = ? WHERE id = '" + person_id_ + "'", &resealed);
  }

  // The error must be kInternal and name the table, the row and the column.
  template <typename T>
  void ExpectDamage(const Result<T>& result, const std::string& table, const std::string& row,
                    const std::string& column) {
    ASSERT_FALSE(result) << "damaged " << table << "." << column << " was read as a default";
    EXPECT_EQ(result.error().code, Error::Code::kInternal);
    EXPECT_EQ(result.error().field, table + "." + column);
    const std::string& message = result.error().message;
    EXPECT_NE(message.find("table " + table), std::string::npos) << message;
    EXPECT_NE(message.find("row " + row), std::string::npos) << message;
    EXPECT_NE(message.find("column " + column), std::string::npos) << message;
  }

  sanad::testing::TestDatabase db_{GetParam()};
  std::unique_ptr<Store> store_;
  Household household_;
  std::string person_id_, movement_id_, user_id_, token_;
};

INSTANTIATE_TEST_SUITE_P(Backends, DamagedDataTest, sanad::testing::BothBackends(),
                         sanad::testing::BackendName);

TEST_P(DamagedDataTest, UnknownSexIsAnErrorNotUnknown) {
  Damage("UPDATE persons SET sex = 'zebra' WHERE id = '" + person_id_ + "'");
  ExpectDamage(store_->GetPerson(person_id_, kDamagedDataActor), "persons", person_id_, "sex");
  ExpectDamage(store_->GetHousehold(household_.id, kDamagedDataActor), "persons", person_id_,
               "sex");
  ExpectDamage(store_->ListRegisteredFlows(Date{2025, 4, 1}, Date{2025, 4, 30}), "persons",
               person_id_, "sex");
  Status scanned = store_->ForEachPerson([](const Person&, const Household&) {});
  ExpectDamage(scanned, "persons", person_id_, "sex");
}

TEST_P(DamagedDataTest, UnknownRelationshipIsAnErrorNotNone) {
  Damage("UPDATE persons SET relationship = 'landlord' WHERE id = '" + person_id_ + "'");
  ExpectDamage(store_->GetHousehold(household_.id, kDamagedDataActor), "persons", person_id_,
               "relationship");
}

TEST_P(DamagedDataTest, UnknownConsentIsAnErrorNotDropped) {
  Damage("UPDATE persons SET consents = 'registration,gossip' WHERE id = '" + person_id_ + "'");
  ExpectDamage(store_->GetPerson(person_id_, kDamagedDataActor), "persons", person_id_, "consents");
}

TEST_P(DamagedDataTest, UnknownRoleIsAnErrorNotAnalyst) {
  Damage("UPDATE users SET role = 'superuser' WHERE id = '" + user_id_ + "'");
  ExpectDamage(store_->ListUsers(), "users", user_id_, "role");
  ExpectDamage(store_->FindSession(token_, 3600), "users", user_id_, "role");
  ExpectDamage(store_->Login("reg1", kPassword, kDamagedDataActor), "users", user_id_, "role");
}

TEST_P(DamagedDataTest, MovementDateDirectionAndModeMustBeReadable) {
  struct Case {
    std::string column, value;
  };
  for (const Case& c :
       {Case{"date", "2025-02-30"}, Case{"direction", "sideways"}, Case{"mode", "teleported"}}) {
    SCOPED_TRACE(c.column);
    Damage("UPDATE movements SET " + c.column + " = '" + c.value + "' WHERE id = '" + movement_id_ +
           "'");
    ExpectDamage(store_->ListMovements({}, kDamagedDataActor), "movements", movement_id_, c.column);
    if (c.column != "date") {  // a damaged date falls outside every period asked for
      ExpectDamage(store_->ListRegisteredFlows(Date{2025, 4, 1}, Date{2025, 4, 30}), "movements",
                   movement_id_, c.column);
    }
    Damage(
        "UPDATE movements SET date = '2025-04-02', direction = 'to_afghanistan', mode = "
        "'spontaneous' WHERE id = '" +
        movement_id_ + "'");
    ASSERT_TRUE(store_->ListMovements({}, kDamagedDataActor));
  }
}

TEST_P(DamagedDataTest, TallyModeMustBeReadable) {
  Damage("UPDATE tallies SET mode = 'teleported'");
  auto ids = db_.Query("SELECT id FROM tallies");
  ASSERT_TRUE(ids) << ids.error().message;
  ASSERT_EQ(ids->size(), 1u);
  const std::string id = AsText(ids->at(0).at(0));
  ExpectDamage(store_->ListTallies(Date{2025, 4, 1}, Date{2025, 4, 30}), "tallies", id, "mode");
}

TEST_P(DamagedDataTest, SealedDocumentDatesAndTypeMustBeReadable) {
  struct Case {
    std::string from, to, column;
  };
  for (const Case& c :
       {Case{"\"valid_until\":\"2025-06-30\"", "\"valid_until\":\"2025-06-31\"",
             "sealed.documents[0].valid_until"},
        Case{"\"issued\":\"\"", "\"issued\":\"last spring\"", "sealed.documents[0].issued"},
        Case{"\"type\":\"por_card\"", "\"type\":\"library_card\"", "sealed.documents[0].type"},
        Case{"\"birth_date\":\"1979\"", "\"birth_date\":\"19x9\"", "sealed.birth_date"},
        Case{"\"phone\":\"\",", "", "sealed"}}) {
    SCOPED_TRACE(c.column);
    std::string original;
    DamageSealed([&](std::string* json) {
      original = *json;
      const size_t at = json->find(c.from);
      ASSERT_NE(at, std::string::npos) << *json;
      json->replace(at, c.from.size(), c.to);
    });
    ExpectDamage(store_->GetPerson(person_id_, kDamagedDataActor), "persons", person_id_, c.column);
    DamageSealed([&](std::string* json) { *json = original; });
    ASSERT_TRUE(store_->GetPerson(person_id_, kDamagedDataActor));
  }
}

}  // namespace
}  // namespace sanad::store
