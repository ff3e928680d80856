// Backups of a whole site: every table (households and their history,
// persons, keys, users, movements, tallies, the audit log) in one file that
// only the site's master key opens.
//
// Taking one: Database::Snapshot copies the database with SQLite's online
// backup API on a connection of its own, in one read transaction, while the
// site goes on serving (WAL: writers are not blocked). The copy is read
// back in memory for its audit head (the last entry's seq and hash) and the
// passphrase salt, then sealed in 64 KiB chunks with XChaCha20-Poly1305
// (libsodium secretstream) under the master key's backup subkey
// (KeyRing::backup_key). Nothing unsealed is written to disk.
//
// File: "SANADBAK1\n" | header length (4 bytes, big-endian) | header (JSON:
// format, created_at, audit_seq, audit_hash, database_bytes,
// passphrase_salt, key_check) | stream header (24) | chunks, each a 4-byte
// big-endian length then the sealed bytes, the last tagged FINAL. The
// header is the additional data of every chunk, so it cannot be changed
// without the file failing to open; truncation, reordering and any changed
// byte are detected. The header's key_check (a value sealed under the
// backup key) tells a wrong key from a damaged file.
//
// Restoring verifies everything before the target is touched: the file
// opens (authenticated), the copy is a database whose key check matches,
// its audit chain verifies and ends at the header's head. A database
// already at the target is replaced only when it is an earlier state of
// the same site (its audit head is in the backup's chain, at a lower seq);
// a newer one (higher seq, or the same seq with another hash) or another
// site's needs `force`, and is then kept beside the new one, never deleted.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "core/error.h"
#include "store/key_ring.h"
#include "store/store.h"

namespace sanad::store {

inline constexpr std::string_view kBackupSuffix = ".sbak";

// What a backup holds, from its authenticated header.
struct BackupHeader {
  int format = 1;
  std::string created_at;  // UTC, ISO 8601
  int64_t audit_seq = 0;   // the audit head in the copy (0 and "" when its log is empty)
  std::string audit_hash;
  int64_t database_bytes = 0;
  std::string passphrase_salt;  // raw bytes; empty when the site never used a passphrase
};

// The backup file's bytes for `database` (a Snapshot) and its header.
// Pure apart from randomness; thread-safe.
[[nodiscard]] std::string SealBackup(std::string_view database, const BackupHeader& header,
                                     const KeyRing& keys);

struct OpenedBackup {
  BackupHeader header;
  std::string database;  // the bytes of the database file
};

// Authenticates and decrypts a backup file. kInvalidInput naming "in" for a
// file that is not a sanad backup or was changed, damaged or cut short;
// naming "key" when it was made with another site's master key.
[[nodiscard]] Result<OpenedBackup> OpenBackup(std::string_view sealed, const KeyRing& keys);

// The error for a backup file that fails a check (kInvalidInput naming "in").
[[nodiscard]] Error DamagedBackup();

// The header as written, NOT authenticated: only for what is needed before
// a key exists (the passphrase salt). kInvalidInput naming "in" when the
// file is not a sanad backup.
[[nodiscard]] Result<BackupHeader> PeekBackupHeader(std::string_view sealed);

// Restores the backup file at `backup_path` to a database at `db_path`
// (its folder is created, owner only, when missing), as described above:
// nothing is written unless every check passes. The restored database gets
// one audit entry "backup.restore" by `actor`. With `force`, a newer or
// unrelated database at `db_path` is moved to "<db_path>.before-restore-
// <time>" instead of refusing with kConflict. Returns the backup's header.
// Stop the site first: a server holding `db_path` open would go on writing
// to the replaced file. Not thread-safe against other writers of `db_path`.
[[nodiscard]] Result<BackupHeader> RestoreBackup(const std::string& backup_path,
                                                 const KeyRing& keys, const std::string& db_path,
                                                 bool force, const Actor& actor);

// Writes `bytes` to a new file `path` for its owner only (0600): to a
// temporary file beside it, synced, then renamed, so a reader never sees
// half a file. kConflict naming `field` when `path` exists; kUnavailable
// when it cannot be written. Thread-safe.
[[nodiscard]] Status WritePrivateFile(const std::string& path, std::string_view bytes,
                                      std::string_view field);

struct BackupSchedule {
  std::string dir;                       // must exist
  std::chrono::seconds every{6 * 3600};  // between two backups
  int keep = 7;                          // the newest `keep` backups in `dir` are kept
};

// Backups taken by a running site: one at start, then one every
// `schedule.every`, each "sanad-<UTC time>-<audit seq>.sbak" in the
// folder; after each, the oldest files of that form beyond `keep` are
// removed (no other file is touched). A failure is logged and audited
// ("backup.create", outcome "failed") and the next one is tried at the
// next interval: never fatal to the site.
class ScheduledBackups {
 public:
  // `store` must outlive this object. Starts the thread.
  ScheduledBackups(Store& store, BackupSchedule schedule);
  // Stops the thread (a backup in progress finishes first).
  ~ScheduledBackups();
  ScheduledBackups(const ScheduledBackups&) = delete;
  ScheduledBackups& operator=(const ScheduledBackups&) = delete;

  // Takes one backup now and prunes; the path written. What the thread
  // runs; thread-safe.
  [[nodiscard]] Result<std::string> RunOnce();
  // Backups written by this object so far (successful ones).
  [[nodiscard]] int64_t written() const;

 private:
  void Loop();

  Store& store_;
  BackupSchedule schedule_;
  mutable std::mutex mutex_;
  std::mutex run_mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;
  int64_t written_ = 0;
  std::thread thread_;
};

}  // namespace sanad::store
