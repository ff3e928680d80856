#include "store/backup.h"

#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "store/recovery_phrase.h"

namespace sanad::store {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMagic = "SANADBAK1\n";
constexpr size_t kChunk = 64 * 1024;
constexpr size_t kMaxHeaderBytes = 4096;
constexpr std::string_view kKeyCheck = "sanad backup key check v1";
constexpr std::string_view kKeyCheckContext = "backup-key-check";

void EnsureSodium() {
  if (sodium_init() < 0) std::abort();  // no safe way to continue without a CSPRNG
}

std::string UtcNow(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, format, &tm);
  return buffer;
}

void PutLength(std::string* out, uint32_t n) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out->push_back(static_cast<char>((n >> shift) & 0xFF));
}

uint32_t GetLength(std::string_view bytes, size_t pos) {
  uint32_t n = 0;
  for (size_t i = 0; i < 4; ++i) n = (n << 8) | static_cast<unsigned char>(bytes[pos + i]);
  return n;
}

std::string FromHex(std::string_view hex, bool* ok) {
  auto digit = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  *ok = hex.size() % 2 == 0;
  for (size_t i = 0; *ok && i < hex.size(); i += 2) {
    const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    *ok = hi >= 0 && lo >= 0;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

Error NotBackup() { return Error::InvalidInput("in", "is not a sanad backup file"); }
Error Damaged() {
  return Error::InvalidInput(
      "in",
      "the backup file was changed, damaged or cut short: it was not restored; use another "
      "copy");
}

struct Parsed {
  BackupHeader header;
  std::string header_bytes;
  std::string key_check;
  size_t body = 0;  // where the stream header starts
};

Result<Parsed> Parse(std::string_view sealed) {
  if (sealed.size() < kMagic.size() + 4 || sealed.substr(0, kMagic.size()) != kMagic) {
    return Fail(NotBackup());
  }
  const uint32_t length = GetLength(sealed, kMagic.size());
  const size_t start = kMagic.size() + 4;
  if (length > kMaxHeaderBytes || sealed.size() < start + length) return Fail(Damaged());
  Parsed parsed;
  parsed.header_bytes = std::string(sealed.substr(start, length));
  parsed.body = start + length;
  const auto json = nlohmann::json::parse(parsed.header_bytes, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return Fail(Damaged());
  try {
    BackupHeader& h = parsed.header;
    h.format = json.at("format").get<int>();
    if (h.format != 1) {
      return Fail(Error::InvalidInput("in", "this backup was made by a newer sanad (format " +
                                                std::to_string(h.format) +
                                                "): restore it with that version"));
    }
    h.created_at = json.at("created_at").get<std::string>();
    h.audit_seq = json.at("audit_seq").get<int64_t>();
    h.audit_hash = json.at("audit_hash").get<std::string>();
    h.database_bytes = json.at("database_bytes").get<int64_t>();
    bool salt_ok = false, check_ok = false;
    h.passphrase_salt = FromHex(json.at("passphrase_salt").get<std::string>(), &salt_ok);
    parsed.key_check = FromHex(json.at("key_check").get<std::string>(), &check_ok);
    if (!salt_ok || !check_ok || h.audit_seq < 0 || h.database_bytes <= 0) return Fail(Damaged());
  } catch (const nlohmann::json::exception&) {
    return Fail(Damaged());
  }
  return parsed;
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

std::string SealBackup(std::string_view database, const BackupHeader& header, const KeyRing& keys) {
  EnsureSodium();
  const nlohmann::json json = {
      {"format", header.format},
      {"created_at", header.created_at},
      {"audit_seq", header.audit_seq},
      {"audit_hash", header.audit_hash},
      {"database_bytes", static_cast<int64_t>(database.size())},
      {"passphrase_salt", ToHex(header.passphrase_salt)},
      {"key_check", ToHex(KeyRing::Seal(keys.backup_key(), kKeyCheck, kKeyCheckContext))},
  };
  const std::string head = json.dump();
  std::string out(kMagic);
  out.reserve(database.size() + database.size() / kChunk * 40 + 1024);
  PutLength(&out, static_cast<uint32_t>(head.size()));
  out += head;
  crypto_secretstream_xchacha20poly1305_state state;
  unsigned char stream_header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  crypto_secretstream_xchacha20poly1305_init_push(&state, stream_header, keys.backup_key().data());
  out.append(reinterpret_cast<const char*>(stream_header), sizeof stream_header);
  std::string sealed;
  size_t pos = 0;
  do {
    const size_t n = std::min(kChunk, database.size() - pos);
    const bool last = pos + n == database.size();
    sealed.resize(n + crypto_secretstream_xchacha20poly1305_ABYTES);
    unsigned long long written = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &state, reinterpret_cast<unsigned char*>(sealed.data()), &written,
        reinterpret_cast<const unsigned char*>(database.data() + pos), n,
        reinterpret_cast<const unsigned char*>(head.data()), head.size(),
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    PutLength(&out, static_cast<uint32_t>(written));
    out.append(sealed.data(), written);
    pos += n;
  } while (pos < database.size());
  sodium_memzero(&state, sizeof state);
  return out;
}

Result<BackupHeader> PeekBackupHeader(std::string_view sealed) {
  auto parsed = Parse(sealed);
  if (!parsed) return Fail(parsed.error());
  return parsed->header;
}

Result<OpenedBackup> OpenBackup(std::string_view sealed, const KeyRing& keys) {
  EnsureSodium();
  auto parsed = Parse(sealed);
  if (!parsed) return Fail(parsed.error());
  auto check = KeyRing::Open(keys.backup_key(), parsed->key_check, kKeyCheckContext);
  if (!check || *check != kKeyCheck) {
    return Fail(Error::InvalidInput(
        "key",
        "this backup was made with another master key: give the key file, passphrase or "
        "recovery phrase of the site that made it; nothing was changed"));
  }
  const std::string& head = parsed->header_bytes;
  size_t pos = parsed->body;
  if (sealed.size() < pos + crypto_secretstream_xchacha20poly1305_HEADERBYTES) {
    return Fail(Damaged());
  }
  crypto_secretstream_xchacha20poly1305_state state;
  if (crypto_secretstream_xchacha20poly1305_init_pull(
          &state, reinterpret_cast<const unsigned char*>(sealed.data() + pos),
          keys.backup_key().data()) != 0) {
    return Fail(Damaged());
  }
  pos += crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  OpenedBackup opened;
  opened.header = parsed->header;
  const auto expected = static_cast<size_t>(parsed->header.database_bytes);
  opened.database.reserve(std::min(expected, sealed.size()));
  unsigned char tag = 0;
  std::string chunk;
  while (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
    if (pos + 4 > sealed.size()) return Fail(Damaged());
    const uint32_t n = GetLength(sealed, pos);
    pos += 4;
    if (n < crypto_secretstream_xchacha20poly1305_ABYTES || n > kChunk + 64 ||
        pos + n > sealed.size()) {
      return Fail(Damaged());
    }
    chunk.resize(n - crypto_secretstream_xchacha20poly1305_ABYTES);
    unsigned long long written = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &state, reinterpret_cast<unsigned char*>(chunk.data()), &written, &tag,
            reinterpret_cast<const unsigned char*>(sealed.data() + pos), n,
            reinterpret_cast<const unsigned char*>(head.data()), head.size()) != 0) {
      return Fail(Damaged());
    }
    opened.database.append(chunk.data(), written);
    pos += n;
  }
  if (pos != sealed.size() || opened.database.size() != expected) return Fail(Damaged());
  return opened;
}

Status WritePrivateFile(const std::string& path, std::string_view bytes, std::string_view field) {
  std::error_code ec;
  if (fs::exists(path, ec)) {
    Error error = Error::Conflict("'" + path + "' already exists: choose another file name");
    error.field = field;
    return Fail(std::move(error));
  }
  const std::string temporary = path + ".partial";
  fs::remove(temporary, ec);  // left by an earlier attempt that was stopped
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Fail(Error::Unavailable("cannot create '" + temporary + "': " + std::strerror(errno)));
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
    return Fail(Error::Unavailable("cannot write '" + path + "': " + std::strerror(saved_errno) +
                                   " (is the disk full?)"));
  }
  return SyncFolder(fs::path(path).parent_path());
}

Result<BackupHeader> Store::Backup(const std::string& out_path, const Actor& actor) {
  std::error_code ec;
  if (fs::exists(out_path, ec)) {
    Error error = Error::Conflict("'" + out_path + "' already exists: choose another file name");
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
    return Fail(Error::InvalidInput(
        "in", "the backup file '" + backup_path + "' cannot be read: " + std::strerror(errno)));
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
          "db", "'" + db_path +
                    "' is not a sanad database: move it away first; nothing was "
                    "changed"));
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
    return Fail(Error::InvalidInput(
        "in", "the backup's database does not open with this key: " + checked.error().message));
  }
  auto verified = (*checked)->VerifyAudit();
  if (!verified) {
    return Fail(Error::InvalidInput("in", "the audit log inside the backup is broken (" +
                                              verified.error().message + "): it was not restored"));
  }
  auto head = (*checked)->AuditHead();
  if (!head) return Fail(head.error());
  if (head->seq != header.audit_seq || head->hash != header.audit_hash) return Fail(Damaged());
  checked->reset();

  if (existing && !earlier_state && !force) {
    const bool newer = existing->seq > header.audit_seq ||
                       (existing->seq == header.audit_seq && existing->hash != header.audit_hash);
    Error error = Error::Conflict(
        "the database at '" + db_path + "' " +
        (newer ? "is newer than the backup (its audit log reaches entry " +
                     std::to_string(existing->seq) + ", the backup's " +
                     std::to_string(header.audit_seq) + ")"
               : "is not an earlier state of the site in the backup") +
        ": nothing was changed. To replace it anyway, give --force (it is then kept beside as "
        "'" +
        db_path + ".before-restore-<time>')");
    error.field = "db";
    return Fail(std::move(error));
  }

  // Write beside the target, add the restore's audit entry, then swap.
  const fs::path folder = fs::path(db_path).parent_path();
  if (!folder.empty() && !fs::exists(folder, ec)) {
    fs::create_directories(folder, ec);
    if (ec) {
      return Fail(Error::Unavailable("cannot create the folder '" + folder.string() +
                                     "': " + ec.message()));
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
      return Fail(Error::Unavailable("cannot move '" + db_path +
                                     "' aside: " + std::strerror(errno) + "; nothing was changed"));
    }
    for (const char* extra : {"-wal", "-shm", "-journal"}) {
      if (fs::exists(db_path + extra, ec)) fs::rename(db_path + extra, aside + extra, ec);
    }
    spdlog::info("restore: the database that was at {} is kept at {}", db_path, aside);
  }
  if (::rename(staged.c_str(), db_path.c_str()) != 0) {
    return Fail(Error::Unavailable("cannot move the restored database to '" + db_path +
                                   "': " + std::strerror(errno) + "; it is at '" + staged + "'"));
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
