// The SQL seam. `Database` runs portable SQL (`?` placeholders, standard
// types) against one backend (SQLite: sqlite_database.cc; PostgreSQL:
// postgres_database.cc); `Store` (store.h) holds all domain logic,
// encryption and audit on top of it, so every backend shares them. Only
// src/store speaks SQL.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"

namespace sanad::store {

// Binary data (ciphertext, hashes) kept apart from text.
struct Bytes {
  std::string data;
  bool operator==(const Bytes&) const = default;
};

using Value = std::variant<std::monostate, int64_t, std::string, Bytes>;
using Row = std::vector<Value>;

// Accessors for a column of a row; a NULL reads as empty / 0.
[[nodiscard]] std::string AsText(const Value& v);
[[nodiscard]] int64_t AsInt(const Value& v);
[[nodiscard]] std::string AsBytes(const Value& v);
[[nodiscard]] bool IsNull(const Value& v);

class Database {
 public:
  virtual ~Database() = default;

  // Runs one statement; returns the rows it produced.
  [[nodiscard]] virtual Result<std::vector<Row>> Query(std::string_view sql,
                                                       const std::vector<Value>& params = {}) = 0;
  // Runs one statement; returns the number of rows changed.
  [[nodiscard]] virtual Result<int64_t> Execute(std::string_view sql,
                                                const std::vector<Value>& params = {}) = 0;
  // Runs a script of several statements without parameters (migrations).
  [[nodiscard]] virtual Status ExecuteScript(std::string_view sql) = 0;

  // Runs `body` in one transaction: committed durably when it succeeds,
  // rolled back when it fails or throws. Not reentrant.
  [[nodiscard]] virtual Status Transaction(const std::function<Status()>& body) = 0;

  // Runs `body` as Transaction does, for a transaction that writes a great
  // many rows (an import of a million persons). SQLite gives it a larger
  // page cache (kBulkCacheMiB) and does not check foreign keys in it, both
  // restored afterwards: the caller must write only rows whose parents
  // exist, as an import that writes each parent before its children does.
  // Other backends run Transaction.
  [[nodiscard]] virtual Status BulkTransaction(const std::function<Status()>& body) {
    return Transaction(body);
  }

  // Backend name, "sqlite" or "postgres".
  [[nodiscard]] virtual std::string_view backend() const = 0;

  // How many prepared statements the backend keeps for reuse now (at most
  // kMaxPreparedStatements).
  [[nodiscard]] virtual size_t PreparedStatementCount() const = 0;

  // A second, read-only connection to the same database, for long reads
  // (scans of every person) that must neither wait for this connection's
  // writes nor hold them up: each of its statements sees the database as
  // last committed when it began (WAL). The caller owns it; it is used by
  // one thread at a time, like this one. Thread-safe: it touches nothing of
  // this connection, so it may be called while another thread uses it.
  // kUnavailable where the backend cannot give one (an in-memory database):
  // the caller then reads on this connection.
  [[nodiscard]] virtual Result<std::unique_ptr<Database>> OpenReader() const = 0;

  // The whole database as one consistent snapshot: the bytes of a database
  // file, made in memory (nothing is written to disk). SQLite reads it on a
  // connection of its own in one read transaction (the online backup API),
  // so it may run while other threads write through this one; writers are
  // not blocked (WAL). kUnavailable for a backend or an in-memory database
  // that cannot be copied this way. Thread-safe.
  [[nodiscard]] virtual Result<std::string> Snapshot() {
    return Fail(Error::Unavailable("this database cannot be backed up online"));
  }
};

// SQLite's page cache per connection, and during a BulkTransaction.
inline constexpr int kCacheMiB = 64;
inline constexpr int kBulkCacheMiB = 256;

// The most prepared statements a connection keeps; the least recently used
// is finalised to make room.
inline constexpr size_t kMaxPreparedStatements = 64;

// Opens (creating if needed) an SQLite database file with WAL, foreign keys,
// synchronous=FULL and secure_delete. A new file is created for its owner
// alone (0600, whatever the umask; its -wal and -shm follow). kInvalidInput,
// saying to run `chmod 600 FILE`, when the file or its -wal, -shm or -journal
// can be read by group or others (it holds password hashes, sealed records
// and the audit log); kUnavailable when the file cannot be opened (missing
// folder, no permission, not a database).
[[nodiscard]] Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path);

// Opens the bytes of an SQLite database file (a Snapshot) as a database in
// memory, to read and check before anything is written to disk.
// kInvalidInput naming "backup" when they are not a database.
[[nodiscard]] Result<std::unique_ptr<Database>> OpenSqliteImage(std::string_view bytes);

// True for a PostgreSQL connection URL (`postgresql://…` or `postgres://…`),
// which every `--db` accepts in place of an SQLite file.
[[nodiscard]] bool IsPostgresUrl(std::string_view db);

// Connects to a PostgreSQL database (libpq; `url` as libpq takes it, e.g.
// postgresql://sanad@db.example/sanad or postgresql:///sanad?host=/run/x).
// The same portable SQL as SQLite: `?` placeholders become $1..$n, a
// script's BLOB is BYTEA and its SQLite-only clauses (WITHOUT ROWID,
// PRAGMA statements) are left out. A transaction takes one lock that every
// writer of the database takes (as SQLite's BEGIN IMMEDIATE), so writers
// from several processes are serialised and the audit chain stays one
// chain. Snapshot is kUnavailable: a hub is backed up with PostgreSQL's own
// tools (pg_basebackup, pg_dump). kUnavailable, with libpq's reason and the
// URL without its password, when it cannot connect.
[[nodiscard]] Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url);

// `url` with any password replaced by "***", for messages and logs.
[[nodiscard]] std::string RedactUrl(std::string_view url);

}  // namespace sanad::store
