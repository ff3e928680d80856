// The duplicate index at start: from its sealed snapshot when fresh, from
// the records when the snapshot is missing, stale or tampered with (and the
// log says why); saved at a clean stop. A real SQLite file, a real snapshot.
#include "api/duplicate_index.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "../testing/temp_dir.h"

namespace sanad::api {
namespace {

const store::Actor kActor{"registrar-1", "127.0.0.1"};

Household Family(const std::string& father, const std::vector<std::string>& children) {
  Household h;
  h.origin_province = "Nangarhar";
  Person head;
  head.given_name = father;
  head.father_name = "Ghulam Sakhi";
  head.sex = Sex::kMale;
  head.phone = "0700 555 " + std::to_string(100 + children.size());
  h.members.push_back(head);
  for (const auto& child : children) {
    Person p;
    p.given_name = child;
    p.father_name = father;
    p.sex = Sex::kFemale;
    h.members.push_back(p);
  }
  return h;
}

class DuplicateIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::Key key;
    key.fill(9);
    auto s = store::Store::OpenSqliteFile(dir_.File("site.db"), store::KeyRing::FromMasterKey(key));
    ASSERT_TRUE(s) << s.error().message;
    store_ = std::move(*s);
    ASSERT_TRUE(store_->CreateHousehold(Family("Noor Ahmad", {"Homaira", "Zarghuna"}), kActor));
    ASSERT_TRUE(store_->CreateHousehold(Family("Abdul Rahman", {"Nazo"}), kActor));
    log_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(32);
    previous_ = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", log_));
  }
  void TearDown() override { spdlog::set_default_logger(previous_); }

  // A new index filled as a site starts.
  IndexStart Start(std::unique_ptr<match::CandidateIndex>* index) {
    *index = std::make_unique<match::CandidateIndex>();
    auto started = StartDuplicateIndex(*store_, **index, snapshot_);
    EXPECT_TRUE(started) << started.error().message;
    return started ? *started : IndexStart{};
  }
  std::string Log() {
    std::string all;
    for (const auto& line : log_->last_formatted()) all += line;
    return all;
  }
  static std::vector<std::string> Found(const match::CandidateIndex& index, std::string_view q) {
    auto page = index.Search({q, true, 0, 20});
    EXPECT_TRUE(page) << page.error().message;
    return page ? page->record_ids : std::vector<std::string>{};
  }

  sanad::testing::TempDir dir_;
  std::string snapshot_ = dir_.File("site.db.index");
  std::unique_ptr<store::Store> store_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> log_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(DuplicateIndexTest, AFreshSnapshotIsUsedAndAnswersAsTheRecordsWould) {
  std::unique_ptr<match::CandidateIndex> first;
  const IndexStart built = Start(&first);
  EXPECT_FALSE(built.from_snapshot);
  EXPECT_NE(built.rebuilt_because.find("no index snapshot"), std::string::npos);
  EXPECT_EQ(built.persons, 5U);
  ASSERT_TRUE(std::filesystem::exists(snapshot_));
  EXPECT_EQ(std::filesystem::status(snapshot_).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  // Reading and searching do not make it stale.
  ASSERT_TRUE(store_->GetSummaries({}, kActor, "person.search"));

  std::unique_ptr<match::CandidateIndex> second;
  const IndexStart loaded = Start(&second);
  EXPECT_TRUE(loaded.from_snapshot) << loaded.rebuilt_because;
  EXPECT_EQ(loaded.persons, 5U);
  EXPECT_EQ(second->size(), first->size());
  for (std::string_view q : {"Homaira Noor Agha", "Nazo", "نور احمد", "0700 555 102"}) {
    SCOPED_TRACE(q);
    EXPECT_FALSE(Found(*second, q).empty());
    EXPECT_EQ(Found(*second, q), Found(*first, q));
  }
  // The duplicate candidates too.
  Person again;
  again.given_name = "Humaira";
  again.father_name = "Nurahmad";
  again.sex = Sex::kFemale;
  auto a = first->Candidates(again, "Nangarhar", 3, 0.0);
  auto b = second->Candidates(again, "Nangarhar", 3, 0.0);
  ASSERT_TRUE(a && b);
  ASSERT_FALSE(a->empty());
  ASSERT_EQ(a->size(), b->size());
  for (size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].record_id, (*b)[i].record_id);
    EXPECT_DOUBLE_EQ((*a)[i].weight, (*b)[i].weight);
  }
}

TEST_F(DuplicateIndexTest, APersonAddedAfterTheSnapshotMakesItStaleAndTheLogSaysWhy) {
  std::unique_ptr<match::CandidateIndex> index;
  Start(&index);
  ASSERT_TRUE(store_->CreateHousehold(Family("Wazir Gul", {"Spozhmai"}), kActor));
  const IndexStart started = Start(&index);
  EXPECT_FALSE(started.from_snapshot);
  EXPECT_NE(started.rebuilt_because.find("stale"), std::string::npos) << started.rebuilt_because;
  EXPECT_NE(started.rebuilt_because.find("household.create"), std::string::npos);
  EXPECT_NE(Log().find("index snapshot not used"), std::string::npos) << Log();
  EXPECT_EQ(started.persons, 7U);
  EXPECT_EQ(Found(*index, "Spozhmai").size(), 1U);
  // The snapshot written then is fresh again.
  EXPECT_TRUE(Start(&index).from_snapshot);
}

TEST_F(DuplicateIndexTest, AFlippedByteFailsVerificationAndTheRecordsAreReadInstead) {
  std::unique_ptr<match::CandidateIndex> index;
  Start(&index);
  const auto size = std::filesystem::file_size(snapshot_);
  for (const auto at : {size / 2, size - 3}) {
    SCOPED_TRACE(at);
    {
      std::fstream file(snapshot_, std::ios::in | std::ios::out | std::ios::binary);
      file.seekg(static_cast<std::streamoff>(at));
      char byte = 0;
      file.read(&byte, 1);
      file.seekp(static_cast<std::streamoff>(at));
      byte = static_cast<char>(byte ^ 0x01);
      file.write(&byte, 1);
    }
    const IndexStart started = Start(&index);
    EXPECT_FALSE(started.from_snapshot);
    EXPECT_NE(started.rebuilt_because.find("failed verification"), std::string::npos)
        << started.rebuilt_because;
    EXPECT_NE(Log().find("failed verification"), std::string::npos);
    EXPECT_EQ(started.persons, 5U);
    EXPECT_EQ(index->size(), 5U);
    EXPECT_EQ(Found(*index, "Zarghuna").size(), 1U);
  }
}

TEST_F(DuplicateIndexTest, AnotherDatabasesSnapshotIsNeverUsed) {
  std::unique_ptr<match::CandidateIndex> index;
  Start(&index);
  // A second site with as many persons, its own audit chain; same key.
  store::Key key;
  key.fill(9);
  auto other = store::Store::OpenSqliteFile(dir_.File("other.db"), store::KeyRing::FromMasterKey(key));
  ASSERT_TRUE(other);
  ASSERT_TRUE((*other)->CreateHousehold(Family("Wali", {"Nazo", "Zarghuna"}), kActor));
  ASSERT_TRUE((*other)->CreateHousehold(Family("Karim", {"Mina"}), kActor));
  std::filesystem::copy_file(snapshot_, dir_.File("other.db.index"));
  index = std::make_unique<match::CandidateIndex>();
  auto started = StartDuplicateIndex(**other, *index, dir_.File("other.db.index"));
  ASSERT_TRUE(started) << started.error().message;
  EXPECT_FALSE(started->from_snapshot);
  EXPECT_NE(started->rebuilt_because.find("another state of the database"), std::string::npos)
      << started->rebuilt_because;
  EXPECT_EQ(Found(*index, "Mina").size(), 1U);
  EXPECT_TRUE(Found(*index, "Homaira").empty());
}

TEST_F(DuplicateIndexTest, ACommandLineWriteWhileServingIsNotSavedAsFresh) {
  std::unique_ptr<match::CandidateIndex> index;
  const IndexStart started = Start(&index);
  // Written through the API: the serving index has it.
  Household registered = Family("Karim", {"Nadia"});
  auto created = store_->CreateHousehold(registered, kActor);
  ASSERT_TRUE(created);
  for (const Person& m : created->members) ASSERT_TRUE(index->Add(m.id, m, "Nangarhar"));
  ASSERT_TRUE(SaveDuplicateIndex(*store_, *index, snapshot_, started));
  std::unique_ptr<match::CandidateIndex> next;
  EXPECT_TRUE(Start(&next).from_snapshot);
  EXPECT_EQ(Found(*next, "Nadia").size(), 1U);

  // Written by a command while the site served: the serving index lacks it.
  const IndexStart serving = Start(&index);
  ASSERT_TRUE(store_->CreateHousehold(Family("Rahim", {"Malalai"}), store::Actor{"cli:admin", ""}));
  ASSERT_TRUE(SaveDuplicateIndex(*store_, *index, snapshot_, serving));
  EXPECT_FALSE(std::filesystem::exists(snapshot_));
  EXPECT_NE(Log().find("cli:admin"), std::string::npos);
  const IndexStart after = Start(&next);
  EXPECT_FALSE(after.from_snapshot);
  EXPECT_EQ(Found(*next, "Malalai").size(), 1U);
}

TEST_F(DuplicateIndexTest, AfterAnErasureTheSnapshotIsRemovedAndNotWrittenAtStop) {
  std::unique_ptr<match::CandidateIndex> index;
  const IndexStart started = Start(&index);
  ASSERT_TRUE(std::filesystem::exists(snapshot_));
  const std::string nazo = index->Search({"Nazo", true, 0, 1})->record_ids.at(0);
  ASSERT_TRUE(store_->ErasePerson(nazo, "the person asked for it", kActor));
  ASSERT_TRUE(index->Remove(nazo));
  ForgetIndexSnapshot(snapshot_);  // as the erase route does
  EXPECT_FALSE(std::filesystem::exists(snapshot_));
  ASSERT_TRUE(SaveDuplicateIndex(*store_, *index, snapshot_, started));
  EXPECT_FALSE(std::filesystem::exists(snapshot_));
  EXPECT_NE(Log().find("a person was erased"), std::string::npos) << Log();
  std::unique_ptr<match::CandidateIndex> next;
  const IndexStart after = Start(&next);
  EXPECT_FALSE(after.from_snapshot);
  EXPECT_TRUE(Found(*next, "Nazo").empty());
  EXPECT_EQ(after.persons, 4U);
}

TEST_F(DuplicateIndexTest, AnEditedPersonIsFoundAsNowAfterALoad) {
  std::unique_ptr<match::CandidateIndex> index;
  const IndexStart started = Start(&index);
  // An edit through the API: the old version is taken out, the new added.
  const std::string id = index->Search({"Zarghuna", true, 0, 1})->record_ids.at(0);
  auto person = store_->GetPerson(id, kActor);
  ASSERT_TRUE(person);
  auto household = store_->GetHousehold(person->household_id, kActor);
  ASSERT_TRUE(household);
  for (Person& m : household->members) {
    if (m.id == id) m.given_name = "Spozhmai";
  }
  auto saved = store_->UpdateHousehold(*household, household->version, kActor);
  ASSERT_TRUE(saved) << saved.error().message;
  ASSERT_TRUE(index->Remove(id));
  for (const Person& m : saved->members) {
    if (m.id == id) {
      ASSERT_TRUE(index->Add(m.id, m, "Nangarhar"));
    }
  }
  ASSERT_TRUE(SaveDuplicateIndex(*store_, *index, snapshot_, started));
  std::unique_ptr<match::CandidateIndex> next;
  ASSERT_TRUE(Start(&next).from_snapshot);
  EXPECT_TRUE(Found(*next, "Zarghuna").empty());
  EXPECT_EQ(Found(*next, "Spozhmai"), std::vector<std::string>{id});
  EXPECT_EQ(next->size(), 5U);
  // Taken out and added again after the load.
  ASSERT_TRUE(next->Remove(id));
  EXPECT_TRUE(Found(*next, "Spozhmai").empty());
}

}  // namespace
}  // namespace sanad::api
