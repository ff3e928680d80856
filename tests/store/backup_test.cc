#include "store/backup.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "../testing/files.h"
#include "../testing/temp_dir.h"
#include "store/recovery_phrase.h"

namespace sanad::store {
namespace {

using sanad::testing::ReadWholeFile;
using sanad::testing::WriteWholeFile;

namespace fs = std::filesystem;

const Actor kBackupActor{"test-user", "127.0.0.1"};

KeyRing SiteKeys(unsigned char fill = 7) {
  Key k;
  k.fill(fill);
  return KeyRing::FromMasterKey(k);
}

Household Family(int n) {
  Household h;
  h.origin_province = "Peshawar";
  h.destination_province = "Nangarhar";
  Person head;
  head.given_name = "Gul " + std::to_string(n);
  head.father_name = "Wazir";
  head.sex = Sex::kFemale;
  head.relationship = Relationship::kHead;
  head.phone = "0700 123 456";
  head.consents = {ConsentPurpose::kRegistration};
  h.members.push_back(head);
  return h;
}

std::unique_ptr<Store> OpenStore(const std::string& path, unsigned char fill = 7) {
  auto s = Store::OpenSqliteFile(path, SiteKeys(fill));
  EXPECT_TRUE(s) << s.error().message;
  return s ? std::move(*s) : nullptr;
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenStore(dir_.File("site.db")); }
  std::string Made(const std::string& name) {
    const std::string path = dir_.File(name);
    auto made = store_->Backup(path, kBackupActor);
    EXPECT_TRUE(made) << made.error().message;
    return path;
  }
  sanad::testing::TempDir dir_;
  sanad::testing::TempDir elsewhere_;
  std::unique_ptr<Store> store_;
};

// The test: a backup taken while another thread keeps registering
// households holds every household whose write was acknowledged before the
// backup began, and its audit log verifies after a restore into a new folder.
TEST_F(BackupTest, BackupDuringWritesHoldsEveryWriteAcknowledgedBeforeIt) {
  std::mutex mutex;
  std::condition_variable progress;
  std::vector<std::string> acknowledged;
  bool stop = false;
  std::string writer_error;
  std::thread writer([&] {
    for (int n = 0;; ++n) {
      {
        std::lock_guard lock(mutex);
        if (stop) return;
      }
      auto created = store_->CreateHousehold(Family(n), kBackupActor);
      std::lock_guard lock(mutex);
      if (!created) {
        writer_error = created.error().message;
        stop = true;
        progress.notify_all();
        return;
      }
      acknowledged.push_back(created->id);
      progress.notify_all();
    }
  });
  std::vector<std::string> before;
  {
    std::unique_lock lock(mutex);
    progress.wait(lock, [&] { return acknowledged.size() >= 20 || stop; });
    before = acknowledged;
  }
  const std::string backup = dir_.File("during.sbak");
  auto made = store_->Backup(backup, kBackupActor);
  size_t after_backup = 0;
  {
    // The writer was never blocked: it goes on after the backup too.
    std::unique_lock lock(mutex);
    const size_t at_end_of_backup = acknowledged.size();
    progress.wait(lock, [&] { return acknowledged.size() >= at_end_of_backup + 5 || stop; });
    after_backup = acknowledged.size() - at_end_of_backup;
    stop = true;
  }
  writer.join();
  ASSERT_TRUE(writer_error.empty()) << writer_error;
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_GE(after_backup, 5u);
  EXPECT_GE(made->audit_seq, static_cast<int64_t>(before.size())) << "one entry per household";

  struct stat info {};
  ASSERT_EQ(stat(backup.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  const std::string restored_path = (elsewhere_.path() / "new-site" / "site.db").string();
  auto restored = RestoreBackup(backup, SiteKeys(), restored_path, false, kBackupActor);
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(restored->audit_seq, made->audit_seq);
  EXPECT_EQ(restored->audit_hash, made->audit_hash);

  auto copy = OpenStore(restored_path);
  ASSERT_TRUE(copy);
  auto verified = copy->VerifyAudit();
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(*verified, made->audit_seq + 1) << "the chain of the backup and the restore's entry";
  auto head = copy->AuditHead();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->action, "backup.restore");
  for (const auto& id : before) {
    auto h = copy->GetHousehold(id, kBackupActor);
    ASSERT_TRUE(h) << "household " << id << " acknowledged before the backup is missing";
    EXPECT_EQ(h->members.at(0).father_name, "Wazir") << "its sealed fields open";
  }
  // And the original is untouched by all of this.
  EXPECT_TRUE(store_->VerifyAudit());
}

TEST_F(BackupTest, ATamperedBackupIsRefusedAndNothingIsWritten) {
  ASSERT_TRUE(store_->CreateHousehold(Family(1), kBackupActor));
  const std::string backup = Made("site.sbak");
  const std::string good = ReadWholeFile(backup);
  const std::string target = (elsewhere_.path() / "site.db").string();

  struct Case {
    std::string name;
    std::string bytes;
  };
  std::vector<Case> cases;
  std::string body = good;
  body[good.size() / 2] ^= 0x01;
  cases.push_back({"a byte of the sealed database", body});
  std::string header = good;
  const auto seq_at = header.find("\"audit_seq\":");
  ASSERT_NE(seq_at, std::string::npos);
  header[seq_at + 12] = header[seq_at + 12] == '9' ? '8' : '9';
  cases.push_back({"the audit seq in the header", header});
  cases.push_back({"cut short", good.substr(0, good.size() - 100)});
  cases.push_back({"a chunk appended", good + good.substr(good.size() - 100)});
  cases.push_back({"not a backup", "SQLite format 3"});
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    WriteWholeFile(dir_.File("bad.sbak"), c.bytes);
    auto restored = RestoreBackup(dir_.File("bad.sbak"), SiteKeys(), target, false, kBackupActor);
    ASSERT_FALSE(restored);
    EXPECT_EQ(restored.error().code, Error::Code::kInvalidInput);
    EXPECT_EQ(restored.error().field, "in");
    EXPECT_TRUE(fs::is_empty(elsewhere_.path())) << "nothing may be written";
  }
}

TEST_F(BackupTest, ABackupOpensOnlyWithItsSiteKey) {
  const std::string backup = Made("site.sbak");
  const std::string target = (elsewhere_.path() / "site.db").string();
  auto restored = RestoreBackup(backup, SiteKeys(8), target, false, kBackupActor);
  ASSERT_FALSE(restored);
  EXPECT_EQ(restored.error().field, "key");
  EXPECT_NE(restored.error().message.find("another master key"), std::string::npos);
  EXPECT_TRUE(fs::is_empty(elsewhere_.path()));
}

TEST_F(BackupTest, RestoreNeverReplacesANewerDatabaseWithoutForce) {
  ASSERT_TRUE(store_->CreateHousehold(Family(1), kBackupActor));
  const std::string backup = Made("old.sbak");
  auto later = store_->CreateHousehold(Family(2), kBackupActor);
  ASSERT_TRUE(later);
  auto head_before = store_->AuditHead();
  ASSERT_TRUE(head_before);

  auto refused = RestoreBackup(backup, SiteKeys(), dir_.File("site.db"), false, kBackupActor);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Error::Code::kConflict);
  EXPECT_EQ(refused.error().field, "db");
  EXPECT_NE(refused.error().message.find("newer"), std::string::npos) << refused.error().message;
  auto head_after = store_->AuditHead();
  ASSERT_TRUE(head_after);
  EXPECT_EQ(head_after->seq, head_before->seq) << "the newer database is unchanged";
  EXPECT_TRUE(store_->GetHousehold(later->id, kBackupActor));

  store_.reset();  // a restore is done with the site stopped
  auto forced = RestoreBackup(backup, SiteKeys(), dir_.File("site.db"), true, kBackupActor);
  ASSERT_TRUE(forced) << forced.error().message;
  store_ = OpenStore(dir_.File("site.db"));
  ASSERT_TRUE(store_);
  EXPECT_TRUE(store_->VerifyAudit());
  EXPECT_EQ(store_->GetHousehold(later->id, kBackupActor).error().code, Error::Code::kNotFound);
  // The replaced database is kept beside, whole.
  std::string aside;
  for (const auto& entry : fs::directory_iterator(dir_.path())) {
    if (entry.path().filename().string().starts_with("site.db.before-restore-") &&
        entry.path().extension() != ".db-wal") {
      aside = entry.path().string();
    }
  }
  ASSERT_FALSE(aside.empty());
  auto kept = OpenStore(aside);
  ASSERT_TRUE(kept);
  EXPECT_TRUE(kept->GetHousehold(later->id, kBackupActor)) << "nothing is lost by --force";
}

TEST_F(BackupTest, RestoreReplacesAnEarlierStateOfTheSameSite) {
  ASSERT_TRUE(store_->CreateHousehold(Family(1), kBackupActor));
  store_.reset();
  fs::copy_file(dir_.File("site.db"), elsewhere_.File("site.db"));
  store_ = OpenStore(dir_.File("site.db"));
  auto later = store_->CreateHousehold(Family(2), kBackupActor);
  ASSERT_TRUE(later);
  const std::string backup = Made("new.sbak");

  auto restored =
      RestoreBackup(backup, SiteKeys(), elsewhere_.File("site.db"), false, kBackupActor);
  ASSERT_TRUE(restored) << restored.error().message;
  auto copy = OpenStore(elsewhere_.File("site.db"));
  ASSERT_TRUE(copy);
  EXPECT_TRUE(copy->GetHousehold(later->id, kBackupActor));

  // Another site's database is not an earlier state of this one.
  copy.reset();
  sanad::testing::TempDir other;
  auto stranger = OpenStore(other.File("site.db"));
  ASSERT_TRUE(stranger->CreateHousehold(Family(3), kBackupActor));
  stranger.reset();
  auto refused = RestoreBackup(backup, SiteKeys(), other.File("site.db"), false, kBackupActor);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Error::Code::kConflict);
}

TEST_F(BackupTest, ASiteIsRestoredFromTheBackupAndTheRecoveryPhraseAlone) {
  auto created = store_->CreateHousehold(Family(1), kBackupActor);
  ASSERT_TRUE(created);
  const std::string backup = Made("site.sbak");
  auto phrase = store_->ShowRecoveryPhrase(kBackupActor);
  ASSERT_TRUE(phrase) << phrase.error().message;
  auto head = store_->AuditHead();
  EXPECT_EQ(head->action, "key.show_recovery") << "showing the phrase is audited";

  auto master = ParseRecoveryPhrase(*phrase);
  ASSERT_TRUE(master) << master.error().message;
  const std::string target = (elsewhere_.path() / "restored" / "site.db").string();
  auto restored =
      RestoreBackup(backup, KeyRing::FromMasterKey(*master), target, false, kBackupActor);
  ASSERT_TRUE(restored) << restored.error().message;
  auto copy = Store::OpenSqliteFile(target, KeyRing::FromMasterKey(*master));
  ASSERT_TRUE(copy) << copy.error().message;
  auto h = (*copy)->GetHousehold(created->id, kBackupActor);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->members.at(0).given_name, "Gul 1");
  EXPECT_TRUE((*copy)->VerifyAudit());

  // Another site's phrase (a valid phrase, the wrong key) is refused.
  Key other;
  other.fill(9);
  auto wrong =
      RestoreBackup(backup, KeyRing::FromMasterKey(*ParseRecoveryPhrase(RecoveryPhrase(other))),
                    (elsewhere_.path() / "wrong" / "site.db").string(), false, kBackupActor);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().field, "key");
  EXPECT_FALSE(fs::exists(elsewhere_.path() / "wrong"));
}

TEST_F(BackupTest, ScheduledBackupsKeepTheNewestAndLeaveOtherFilesAlone) {
  const fs::path folder = dir_.path() / "backups";
  fs::create_directory(folder);
  WriteWholeFile((folder / "notes.txt").string(), "not a backup");
  {
    ScheduledBackups backups(*store_, BackupSchedule{folder.string(), std::chrono::hours(6), 2});
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(store_->CreateHousehold(Family(i), kBackupActor));
      auto made = backups.RunOnce();
      ASSERT_TRUE(made) << made.error().message;
      struct stat info {};
      ASSERT_EQ(stat(made->c_str(), &info), 0);
      EXPECT_EQ(info.st_mode & 0777, 0600u);
    }
  }
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  ASSERT_EQ(names.size(), 3u) << "two backups and the notes";
  EXPECT_EQ(names[0], "notes.txt");
  // The newest sorts last (time, then audit seq), and it restores.
  auto restored = RestoreBackup((folder / names[2]).string(), SiteKeys(),
                                elsewhere_.File("site.db"), false, kBackupActor);
  ASSERT_TRUE(restored) << restored.error().message;
  auto copy = OpenStore(elsewhere_.File("site.db"));
  auto count = copy->CountPersons();
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 3);
}

TEST_F(BackupTest, AFailedScheduledBackupIsAuditedAndNotFatal) {
  const fs::path folder = dir_.path() / "gone";
  ScheduledBackups backups(*store_, BackupSchedule{folder.string(), std::chrono::hours(6), 2});
  auto made = backups.RunOnce();
  ASSERT_FALSE(made);
  auto head = store_->AuditHead();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->action, "backup.create");
  EXPECT_EQ(head->outcome, "failed");
  EXPECT_TRUE(store_->CreateHousehold(Family(1), kBackupActor)) << "the site goes on";
}

TEST_F(BackupTest, AnExistingFileIsNeverOverwritten) {
  WriteWholeFile(dir_.File("taken.sbak"), "mine");
  auto made = store_->Backup(dir_.File("taken.sbak"), kBackupActor);
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().field, "out");
  EXPECT_EQ(ReadWholeFile(dir_.File("taken.sbak")), "mine");
}

}  // namespace
}  // namespace sanad::store
