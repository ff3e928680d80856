// What the store's own suites share (store_test.cc, person_records_test.cc,
// search_index_test.cc, audit_log_test.cc, user_store_test.cc,
// movement_flow_store_test.cc, household_store_test.cc): a store on each backend, a fixed key and a
// family written in both scripts. Each suite derives its own fixture and
// instantiates it on SQLite and PostgreSQL.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "../testing/test_database.h"
#include "store/store.h"

namespace sanad::store {
namespace {

inline Key FixedKey(unsigned char fill) {
  Key k;
  k.fill(fill);
  return k;
}

const Actor kActor{"test-user", "127.0.0.1"};

inline Household FamilyInBothScripts() {
  Household h;
  h.origin_province = "Peshawar";
  h.destination_province = "Nangarhar";
  Person head;
  head.given_name = "محمد نبی";
  head.father_name = "عبدالرحمن";
  head.grandfather_name = "غلام حضرت";
  head.sex = Sex::kMale;
  head.birth_date = PartialDate::Parse("1979~3").value();
  head.phone = "0700 123 456";
  head.relationship = Relationship::kHead;
  head.documents.push_back({DocumentType::kPorCard, "PoR-4417-2291", {}, Date{2025, 6, 30}});
  head.consents = {ConsentPurpose::kRegistration, ConsentPurpose::kTracing};
  h.members.push_back(head);
  Person wife;
  wife.given_name = "Zarghuna";
  wife.father_name = "Wazirgul";
  wife.sex = Sex::kFemale;
  wife.relationship = Relationship::kSpouse;
  wife.documents.push_back({DocumentType::kTazkira, "1401-0100-55512", {}, {}});
  h.members.push_back(wife);
  return h;
}

// Runs on SQLite and on PostgreSQL (testing/test_database.h).
class StoreTest : public ::testing::TestWithParam<sanad::testing::Backend> {
 protected:
  void SetUp() override {
    if (!db_.Create()) return;
    Reopen();
  }
  void Reopen() {
    store_.reset();
    auto s = db_.OpenStore(KeyRing::FromMasterKey(FixedKey(7)), clock_);
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
  }
  // Everything stored, as bytes: the files, or every value read back (PostgreSQL).
  std::string RawFiles() { return db_.RawContents(); }
  sanad::testing::TestDatabase db_{GetParam()};
  // The store's clock: stands still until a test moves it.
  TestClock clock_{TestClock::FromIso(2025, 9, 1, 8)};
  std::unique_ptr<Store> store_;
};

inline FlowTally Tally(Date date, int64_t individuals) {
  FlowTally t;
  t.date = date;
  t.crossing_point = "Torkham";
  t.mode = MovementMode::kDeported;
  t.households = 1;
  t.individuals = individuals;
  t.female = individuals;
  t.age_18_59 = individuals;
  t.destination_province = "Kabul";
  return t;
}

}  // namespace
}  // namespace sanad::store
