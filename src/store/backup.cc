#include "store/backup.h"

#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "store/recovery_phrase.h"

namespace sanad::store {
namespace {

namespace fs = std::filesystem;

std::string UtcNow(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, format, &tm);
  return buffer;
}

std::string ReadWholeFile(const std::string& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  *ok = static_cast<bool>(in);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

Status SyncFolder(const fs::path& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return {};
  ::fsync(fd);
  ::close(fd);
  return {};
}

// The audit head and passphrase salt of a database, read through the seam.
struct Head {
  int64_t seq = 0;
  std::string hash;
};
Result<Head> ReadHead(Database& db) {
  auto rows = db.Query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return Head{};
  return Head{AsInt(rows->at(0).at(0)), AsText(rows->at(0).at(1))};
}

Result<std::string> ReadSalt(Database& db) {
  auto rows = db.Query("SELECT value FROM meta WHERE key = 'passphrase_salt'");
  if (!rows) return Fail(rows.error());
  return rows->empty() ? std::string() : AsBytes(rows->at(0).at(0));
}

}  // namespace

Status WritePrivateFile(const std::string& path, std::string_view bytes, std::string_view field) {
  std::error_code ec;
  if (fs::exists(path, ec)) {
    Error error = Error::Conflict("'{}' already exists: choose another file name", path);
    error.field = field;
    return Fail(std::move(error));
  }
  const std::string temporary = path + ".partial";
  fs::remove(temporary, ec);  // left by an earlier attempt that was stopped
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Fail(Error::Unavailable("cannot create '{}': {}", temporary, std::strerror(errno)));
  }
  size_t done = 0;
  bool ok = true;
  while (ok && done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  const int saved_errno = errno;
  ok = ok && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0) {
    fs::remove(temporary, ec);
    return Fail(Error::Unavailable("cannot write '{}': {} (is the disk full?)", path,
                                   std::strerror(saved_errno)));
  }
  return SyncFolder(fs::path(path).parent_path());
}

Result<BackupHeader> Store::Backup(const std::string& out_path, const Actor& actor) {
  std::error_code ec;
  if (fs::exists(out_path, ec)) {
    Error error = Error::Conflict("'{}' already exists: choose another file name", out_path);
    error.field = "out";
    return Fail(std::move(error));
  }
  // No lock: the snapshot reads on a connection of its own.
  auto snapshot = db_->Snapshot();
  if (!snapshot) return Fail(snapshot.error());
  BackupHeader header;
  header.created_at = UtcNow("%Y-%m-%dT%H:%M:%SZ");
  {
    auto copy = OpenSqliteImage(*snapshot);
    if (!copy) return Fail(copy.error());
    auto head = ReadHead(**copy);
    if (!head) return Fail(head.error());
    auto salt = ReadSalt(**copy);
    if (!salt) return Fail(salt.error());
    header.audit_seq = head->seq;
    header.audit_hash = head->hash;
    header.passphrase_salt = *salt;
  }
  header.database_bytes = static_cast<int64_t>(snapshot->size());
  std::string sealed = SealBackup(*snapshot, header, keys_);
  sodium_memzero(snapshot->data(), snapshot->size());
  snapshot->clear();
  snapshot->shrink_to_fit();
  if (auto ok = WritePrivateFile(out_path, sealed, "out"); !ok) return Fail(ok.error());
  if (auto ok =
          Audit(actor, "backup.create", "backup",
                fs::path(out_path).filename().string() + " seq " + std::to_string(header.audit_seq),
                "ok");
      !ok) {
    spdlog::warn("backup {} written but not audited: {}", out_path, ok.error().message);
  }
  return header;
}

Result<std::string> Store::ShowRecoveryPhrase(const Actor& actor) {
  if (auto ok = Audit(actor, "key.show_recovery", "key", "master", "ok"); !ok) {
    return Fail(ok.error());
  }
  return RecoveryPhrase(keys_.master_key());
}

Result<BackupHeader> RestoreBackup(const std::string& backup_path, const KeyRing& keys,
                                   const std::string& db_path, bool force, const Actor& actor) {
  bool read = false;
  std::string sealed = ReadWholeFile(backup_path, &read);
  if (!read) {
    return Fail(Error::InvalidInput("in", "the backup file '{}' cannot be read: {}", backup_path,
                                    std::strerror(errno)));
  }
  auto opened = OpenBackup(sealed, keys);
  sealed = std::string();
  if (!opened) return Fail(opened.error());
  const BackupHeader& header = opened->header;

  // What is at the target now, if anything.
  std::error_code ec;
  const bool target_exists = fs::exists(db_path, ec) && fs::file_size(db_path, ec) > 0;
  std::optional<Head> existing;
  if (target_exists) {
    auto db = OpenSqlite(db_path);
    if (!db) return Fail(db.error());
    auto head = ReadHead(**db);
    if (!head) {
      return Fail(Error::InvalidInput(
          "db", "'{}' is not a sanad database: move it away first; nothing was changed", db_path));
    }
    existing = *head;
  }

  // The copy, checked in memory before anything is written.
  auto image = OpenSqliteImage(opened->database);
  if (!image) return Fail(image.error());
  bool earlier_state = !existing || existing->seq == 0;
  if (existing && existing->seq > 0 && existing->seq <= header.audit_seq) {
    auto at = (*image)->Query("SELECT hash FROM audit_log WHERE seq = ?", {existing->seq});
    if (!at) return Fail(at.error());
    earlier_state = !at->empty() && AsText(at->at(0).at(0)) == existing->hash;
  }
  auto checked = Store::Open(std::move(*image), keys);
  if (!checked) {
    return Fail(Error::InvalidInput("in", "the backup's database does not open with this key: {}",
                                    checked.error().message));
  }
  auto verified = (*checked)->VerifyAudit();
  if (!verified) {
    return Fail(Error::InvalidInput(
        "in", "the audit log inside the backup is broken ({}): it was not restored",
        verified.error().message));
  }
  auto head = (*checked)->AuditHead();
  if (!head) return Fail(head.error());
  if (head->seq != header.audit_seq || head->hash != header.audit_hash)
    return Fail(DamagedBackup());
  checked->reset();

  if (existing && !earlier_state && !force) {
    const bool newer = existing->seq > header.audit_seq ||
                       (existing->seq == header.audit_seq && existing->hash != header.audit_hash);
    Error error =
        newer
            ? Error::Conflict(
                  "the database at '{}' is newer than the backup (its audit log reaches entry {}, "
                  "the backup's {}): nothing was changed. To replace it anyway, give --force (it "
                  "is then kept beside as '{}.before-restore-<time>')",
                  db_path, existing->seq, header.audit_seq, db_path)
            : Error::Conflict(
                  "the database at '{}' is not an earlier state of the site in the backup: "
                  "nothing was changed. To replace it anyway, give --force (it is then kept "
                  "beside as '{}.before-restore-<time>')",
                  db_path, db_path);
    error.field = "db";
    return Fail(std::move(error));
  }

  // Write beside the target, add the restore's audit entry, then swap.
  const fs::path folder = fs::path(db_path).parent_path();
  if (!folder.empty() && !fs::exists(folder, ec)) {
    fs::create_directories(folder, ec);
    if (ec) {
      return Fail(
          Error::Unavailable("cannot create the folder '{}': {}", folder.string(), ec.message()));
    }
    fs::permissions(folder, fs::perms::owner_all, ec);
  }
  const std::string staged = db_path + ".restoring";
  for (const char* extra : {"", "-wal", "-shm", "-journal"}) fs::remove(staged + extra, ec);
  if (auto ok = WritePrivateFile(staged, opened->database, "db"); !ok) return Fail(ok.error());
  sodium_memzero(opened->database.data(), opened->database.size());
  {
    auto restored = Store::OpenSqliteFile(staged, keys);
    if (!restored) {
      fs::remove(staged, ec);
      return Fail(restored.error());
    }
    if (auto ok = (*restored)->Audit(
            actor, "backup.restore", "backup",
            "seq " + std::to_string(header.audit_seq) + " of " + header.created_at, "ok");
        !ok) {
      restored->reset();
      fs::remove(staged, ec);
      return Fail(ok.error());
    }
  }  // closing the last connection folds the WAL into the file and removes it

  if (target_exists) {
    {
      auto db = OpenSqlite(db_path);
      if (db) (void)(*db)->ExecuteScript("PRAGMA wal_checkpoint(TRUNCATE);");
    }
    const std::string aside = db_path + ".before-restore-" + UtcNow("%Y%m%dT%H%M%SZ");
    if (::rename(db_path.c_str(), aside.c_str()) != 0) {
      fs::remove(staged, ec);
      return Fail(Error::Unavailable("cannot move '{}' aside: {}; nothing was changed", db_path,
                                     std::strerror(errno)));
    }
    for (const char* extra : {"-wal", "-shm", "-journal"}) {
      if (fs::exists(db_path + extra, ec)) fs::rename(db_path + extra, aside + extra, ec);
    }
    spdlog::info("restore: the database that was at {} is kept at {}", db_path, aside);
  }
  if (::rename(staged.c_str(), db_path.c_str()) != 0) {
    return Fail(Error::Unavailable("cannot move the restored database to '{}': {}; it is at '{}'",
                                   db_path, std::strerror(errno), staged));
  }
  (void)SyncFolder(folder);
  return header;
}

ScheduledBackups::ScheduledBackups(Store& store, BackupSchedule schedule)
    : store_(store), schedule_(std::move(schedule)) {
  thread_ = std::thread([this] { Loop(); });
}

ScheduledBackups::~ScheduledBackups() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  thread_.join();
}

int64_t ScheduledBackups::written() const {
  std::lock_guard lock(mutex_);
  return written_;
}

Result<std::string> ScheduledBackups::RunOnce() {
  std::lock_guard run(run_mutex_);
  const Actor system{"system", ""};
  // The audit seq in the name keeps two backups in one second apart.
  // Zero-padded, so that names sort by time and then by seq.
  auto head = store_.AuditHead();
  char seq[24];
  std::snprintf(seq, sizeof seq, "%012lld", static_cast<long long>(head ? head->seq : 0));
  const std::string base =
      (fs::path(schedule_.dir) / ("sanad-" + UtcNow("%Y%m%dT%H%M%SZ") + "-" + seq)).string();
  std::string path = base + std::string(kBackupSuffix);
  std::error_code ec;
  for (int n = 2; fs::exists(path, ec); ++n) {
    path = base + "-" + std::to_string(n) + std::string(kBackupSuffix);
  }
  auto made = store_.Backup(path, system);
  if (!made) {
    spdlog::error("scheduled backup to {} failed: {}", path, made.error().message);
    (void)store_.Audit(system, "backup.create", "backup", fs::path(path).filename().string(),
                       "failed");
    return Fail(made.error());
  }
  spdlog::info("backup written: {} (audit seq {})", path, made->audit_seq);
  {
    std::lock_guard lock(mutex_);
    ++written_;
  }
  // Prune: names sort by time, so the first ones are the oldest.
  std::vector<std::string> ours;
  for (const auto& entry : fs::directory_iterator(schedule_.dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file(ec) && name.starts_with("sanad-") && name.ends_with(kBackupSuffix)) {
      ours.push_back(entry.path().string());
    }
  }
  std::sort(ours.begin(), ours.end());
  const auto keep = static_cast<size_t>(std::max(schedule_.keep, 1));
  for (size_t i = 0; i + keep < ours.size(); ++i) {
    if (!fs::remove(ours[i], ec) || ec) {
      spdlog::warn("cannot remove the old backup {}: {}", ours[i], ec.message());
    }
  }
  return path;
}

void ScheduledBackups::Loop() {
  try {
    // The first backup is taken at start, even when the site stops at once.
    std::unique_lock lock(mutex_);
    do {
      lock.unlock();
      (void)RunOnce();
      lock.lock();
    } while (!wakeup_.wait_for(lock, schedule_.every, [this] { return stopping_; }));
  } catch (const std::exception& e) {
    // A thread's entry catches: the site goes on without scheduled backups.
    spdlog::error("scheduled backups stopped: {}", e.what());
  }
}

}  // namespace sanad::store
