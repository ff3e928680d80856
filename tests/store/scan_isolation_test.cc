// A scan of every person (an export, the status-change report, the index
// rebuilt at start) runs on a read connection of its own and holds no lock
// that sign-in and registration need: while a scan of 100,000 persons is
// paused inside its visitor, a registration and a sign-in complete.
//
// The test asserts the order in which things complete, not how long they
// take. Should the scan block them again, the registration would wait for
// a scan that waits for it; the wait for it is bounded only to turn that
// hang into a failure.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <latch>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../testing/temp_dir.h"
#include "store/store.h"

namespace sanad::store {
namespace {

const Actor kActor{"test-user", "127.0.0.1"};
constexpr std::string_view kPassword = "correct horse battery";
constexpr size_t kPersons = 100'000;
constexpr size_t kPerHousehold = 5;

Household FamilyNumbered(size_t n) {
  Household h;
  h.origin_province = "Peshawar";
  for (size_t i = 0; i < kPerHousehold; ++i) {
    Person p;
    p.given_name = "Person " + std::to_string(n * kPerHousehold + i);
    p.father_name = "Father " + std::to_string(n);
    p.sex = i % 2 ? Sex::kFemale : Sex::kMale;
    h.members.push_back(std::move(p));
  }
  return h;
}

// The order in which things completed.
class Events {
 public:
  void Record(std::string what) {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(what));
  }
  std::vector<std::string> Get() {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> events_;
};

TEST(ScanIsolation, RegistrationAndSignInCompleteWhileAScanOf100kPersonsIsPaused) {
  sanad::testing::TempDir dir;
  Key key;
  key.fill(5);
  auto opened = Store::OpenSqliteFile(dir.File("site.db"), KeyRing::FromMasterKey(key));
  ASSERT_TRUE(opened) << opened.error().message;
  Store& store = **opened;
  std::vector<Household> households;
  for (size_t n = 0; n < kPersons / kPerHousehold; ++n) households.push_back(FamilyNumbered(n));
  ASSERT_TRUE(store.ImportHouseholds(&households, kActor));
  ASSERT_TRUE(store.CreateUser("reg1", Role::kRegistrar, kPassword, kActor));

  Events events;
  std::latch scan_paused(1);
  std::latch resume_scan(1);
  size_t visited = 0;
  std::thread scan([&] {
    Status ok = store.ForEachPerson([&](const Person&, const Household&) {
      if (visited++ == 0) {
        scan_paused.count_down();
        resume_scan.wait();
      }
    });
    EXPECT_TRUE(ok) << ok.error().message;
    events.Record("scan");
  });
  scan_paused.wait();

  std::future<void> writes = std::async(std::launch::async, [&] {
    auto created = store.CreateHousehold(FamilyNumbered(kPersons), kActor);
    EXPECT_TRUE(created) << created.error().message;
    events.Record("registration");
    auto session = store.Login("reg1", kPassword, kActor);
    EXPECT_TRUE(session) << session.error().message;
    events.Record("sign-in");
  });
  const bool finished = writes.wait_for(std::chrono::minutes(5)) == std::future_status::ready;
  events.Record("scan resumed");
  resume_scan.count_down();
  scan.join();
  writes.wait();

  EXPECT_TRUE(finished) << "the registration and the sign-in waited for the scan";
  EXPECT_EQ(events.Get(),
            (std::vector<std::string>{"registration", "sign-in", "scan resumed", "scan"}));
  EXPECT_EQ(visited, kPersons) << "the scan reads the persons as they were when it began";
  auto count = store.CountPersons();
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, static_cast<int64_t>(kPersons + kPerHousehold));
  EXPECT_TRUE(store.VerifyAudit());
}

}  // namespace
}  // namespace sanad::store
