// The SQLite backend of `Database`. One connection, used by one thread at a
// time (the Store serialises access); OpenReader gives scans a read-only
// connection of their own, which WAL lets read while this one writes.
// Durability: WAL with synchronous=FULL, so a transaction is on disk when
// COMMIT returns; secure_delete zeroes freed pages so erased ciphertext and
// keys do not linger in the file.
//
// Prepared statements are kept for reuse (imports run the same few hundreds
// of thousands of times), at most kMaxPreparedStatements of them: the least
// recently used is finalised to make room, so SQL of many shapes (searches)
// cannot grow memory without bound.
//
// The files are the owner's alone: a new database is created 0600 before
// SQLite opens it (SQLite gives the -wal and -shm files the database's
// mode), and an existing one that group or others can read is refused.
//
// SQLite's own messages name tables and constraints; they are logged, and
// callers get a plain message they can act on.
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "core/lru_map.h"
#include "store/database.h"
#include "store/file_mode.h"

namespace sanad::store {
namespace {

// Opens `path` with `flags`, waiting up to 5 s for a lock; kUnavailable
// with a plain message when it cannot.
Result<sqlite3*> OpenConnection(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Fail(Error::Unavailable(
        "cannot open the database '{}': {} (does the folder exist and is it writable?)", path,
        message));
  }
  sqlite3_busy_timeout(db, 5000);
  return db;
}

// PRAGMA cache_size's value for `mib` MiB (negative: in KiB).
std::string CacheSize(int mib) { return std::to_string(-1024 * mib); }

class SqliteDatabase final : public Database {
 public:
  // `path` is empty for a database that cannot be opened twice (in memory).
  SqliteDatabase(sqlite3* db, std::string path, bool read_only)
      : db_(db), path_(std::move(path)), read_only_(read_only) {}
  ~SqliteDatabase() override {
    statements_.Clear();  // finalised before the connection closes
    sqlite3_close_v2(db_);
  }
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override {
    std::vector<Row> rows;
    auto ok = Run(sql, params, &rows);
    if (!ok) return Fail(ok.error());
    return rows;
  }

  Result<int64_t> Execute(std::string_view sql, const std::vector<Value>& params) override {
    auto ok = Run(sql, params, nullptr);
    if (!ok) return Fail(ok.error());
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Status ExecuteScript(std::string_view sql) override {
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string what = message ? message : "unknown error";
      sqlite3_free(message);
      return Fail(Error::Internal("database script failed: {}", what));
    }
    return {};
  }

  Status Transaction(const std::function<Status()>& body) override {
    // A reader's transaction takes no write lock: it is a snapshot.
    if (auto ok = Execute(read_only_ ? "BEGIN" : "BEGIN IMMEDIATE", {}); !ok) {
      return Fail(ok.error());
    }
    Status result;
    try {
      result = body();
    } catch (...) {
      (void)Execute("ROLLBACK", {});
      throw;
    }
    if (!result) {
      (void)Execute("ROLLBACK", {});
      return result;
    }
    if (auto ok = Execute("COMMIT", {}); !ok) {
      (void)Execute("ROLLBACK", {});
      return Fail(ok.error());
    }
    return {};
  }

  // The import's transaction: its many random page reads (foreign-key
  // lookups of millions of index rows, pages spilled to the WAL and read
  // back) were most of its time at a million persons. Both pragmas are set
  // outside the transaction (foreign_keys cannot change inside one) and put
  // back whatever happens.
  Status BulkTransaction(const std::function<Status()>& body) override {
    if (read_only_) return Transaction(body);
    if (auto ok = ExecuteScript(
            "PRAGMA foreign_keys=OFF; PRAGMA cache_size=" + CacheSize(kBulkCacheMiB) + ";");
        !ok) {
      return ok;
    }
    struct Restore {
      SqliteDatabase* db;
      ~Restore() {
        (void)db->ExecuteScript(
            "PRAGMA foreign_keys=ON; PRAGMA cache_size=" + CacheSize(kCacheMiB) + ";");
      }
    } restore{this};
    return Transaction(body);
  }

  std::string_view backend() const override { return "sqlite"; }
  size_t PreparedStatementCount() const override { return statements_.size(); }

  Result<std::unique_ptr<Database>> OpenReader() const override {
    if (path_.empty()) {
      return Fail(Error::Unavailable("an in-memory database has no second connection"));
    }
    auto db = OpenConnection(path_, SQLITE_OPEN_READONLY);
    if (!db) return Fail(db.error());
    auto reader = std::make_unique<SqliteDatabase>(*db, path_, true);
    if (auto ok = reader->ExecuteScript("PRAGMA cache_size=" + CacheSize(kCacheMiB) +
                                        "; PRAGMA temp_store=MEMORY;");
        !ok) {
      return Fail(ok.error());
    }
    return std::unique_ptr<Database>(std::move(reader));
  }

  // The file is read on a second connection, so this connection (and the
  // Store's lock) is never held; one backup step of all pages is one read
  // transaction, hence one consistent state, while writers go on in WAL.
  Result<std::string> Snapshot() override {
    if (path_.empty()) {
      return Fail(Error::Unavailable("an in-memory database cannot be backed up"));
    }
    const char* file = path_.c_str();
    sqlite3* source = nullptr;
    sqlite3* copy = nullptr;
    struct Closer {
      sqlite3** a;
      sqlite3** b;
      ~Closer() {
        sqlite3_close_v2(*a);
        sqlite3_close_v2(*b);
      }
    } closer{&source, &copy};
    if (sqlite3_open_v2(file, &source, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
            SQLITE_OK ||
        sqlite3_open_v2(":memory:", &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
            SQLITE_OK) {
      return Fail(
          Error::Unavailable("cannot read the database for a backup: {}",
                             Message::Verbatim(source ? sqlite3_errmsg(source) : "out of memory")));
    }
    sqlite3_busy_timeout(source, 5000);
    sqlite3_backup* backup = sqlite3_backup_init(copy, "main", source, "main");
    if (backup == nullptr) {
      return Fail(Error::Unavailable("cannot start the backup: {}", sqlite3_errmsg(copy)));
    }
    const int step = sqlite3_backup_step(backup, -1);
    const int finish = sqlite3_backup_finish(backup);
    if (step != SQLITE_DONE || finish != SQLITE_OK) {
      spdlog::warn("database: backup step {} finish {}: {}", step, finish, sqlite3_errmsg(copy));
      return Fail(Error::Unavailable(
          "the backup could not read the whole database (busy or damaged): nothing was written; "
          "try again"));
    }
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(copy, "main", &size, 0);
    if (bytes == nullptr) return Fail(Error::Unavailable("not enough memory for the backup"));
    std::string out(reinterpret_cast<const char*>(bytes), static_cast<size_t>(size));
    sqlite3_free(bytes);
    return out;
  }

 private:
  // A failure as a caller may show it; SQLite's own text (table and
  // constraint names) is logged, never shown. Internal errors keep it: the
  // API logs them and shows a generic sentence.
  Error SqliteError(std::string_view context) {
    const int code = sqlite3_errcode(db_);
    const std::string raw = std::string(context) + ": " + sqlite3_errmsg(db_);
    if (code == SQLITE_INTERNAL || code == SQLITE_ERROR || code == SQLITE_MISUSE ||
        code == SQLITE_RANGE || code == SQLITE_NOMEM) {
      return Error::Internal(Message::Verbatim(raw));
    }
    spdlog::warn("database: {} (code {})", raw, sqlite3_extended_errcode(db_));
    switch (code) {
      case SQLITE_CONSTRAINT:
        return Error::Conflict(
            "this change conflicts with what is already stored (the same record twice, or a "
            "link to a record that does not exist): nothing was changed");
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return Error::Unavailable(
            "the database is busy with another task: nothing was changed; try again in a moment");
      case SQLITE_FULL:
        return Error::Unavailable(
            "the disk is full: nothing was changed; free some space and try again");
      case SQLITE_IOERR:
      case SQLITE_READONLY:
      case SQLITE_CANTOPEN:
      case SQLITE_PERM:
        return Error::Unavailable(
            "the database file cannot be written: nothing was changed; ask the administrator to "
            "check the disk and the file's permissions");
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB:
        return Error::Unavailable(
            "the database file is damaged: nothing was changed; ask the administrator to restore "
            "it from a backup");
      default:
        return Error::Internal(Message::Verbatim(raw));
    }
  }

  // The prepared statement for `sql`, from the cache or prepared now.
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto [cached, is_new] = statements_.Touch(sql);
    if (!is_new) return cached.get();
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
      statements_.Erase(sql);
      return Fail(SqliteError("preparing a statement"));
    }
    cached.reset(stmt);
    return stmt;
  }

  Status Run(std::string_view sql, const std::vector<Value>& params, std::vector<Row>* rows) {
    auto prepared = Prepare(sql);
    if (!prepared) return Fail(prepared.error());
    sqlite3_stmt* stmt = *prepared;
    // Values are bound SQLITE_STATIC, without a copy: `params` outlives the
    // statement's run, and the resetter unbinds them before it returns.
    struct Resetter {
      sqlite3_stmt* s;
      ~Resetter() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } resetter{stmt};
    for (size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::monostate>(v)) {
        rc = sqlite3_bind_null(stmt, index);
      } else if (const auto* n = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, index, *n);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        const auto& b = std::get<Bytes>(v).data;
        rc = sqlite3_bind_blob64(stmt, index, b.data(), b.size(), SQLITE_STATIC);
      }
      if (rc != SQLITE_OK) return Fail(SqliteError("binding a value"));
    }
    while (true) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return Fail(SqliteError("running a statement"));
      if (!rows) continue;
      const int columns = sqlite3_column_count(stmt);
      Row row;
      row.reserve(static_cast<size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL:
            row.emplace_back(std::monostate{});
            break;
          case SQLITE_INTEGER:
            row.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, c)));
            break;
          case SQLITE_BLOB: {
            const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, c));
            row.emplace_back(Bytes{
                std::string(data ? data : "", static_cast<size_t>(sqlite3_column_bytes(stmt, c)))});
            break;
          }
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            row.emplace_back(
                std::string(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(stmt, c))));
          }
        }
      }
      rows->push_back(std::move(row));
    }
    return {};
  }

  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };
  sqlite3* db_;
  const std::string path_;
  const bool read_only_;
  LruMap<std::unique_ptr<sqlite3_stmt, Finalizer>> statements_{kMaxPreparedStatements};
};

}  // namespace

std::string AsText(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  if (const auto* b = std::get_if<Bytes>(&v)) return b->data;
  return {};
}
int64_t AsInt(const Value& v) {
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  if (const auto* s = std::get_if<std::string>(&v)) return std::strtoll(s->c_str(), nullptr, 10);
  return 0;
}
std::string AsBytes(const Value& v) {
  if (const auto* b = std::get_if<Bytes>(&v)) return b->data;
  return AsText(v);
}
bool IsNull(const Value& v) { return std::holds_alternative<std::monostate>(v); }

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path) {
  const bool on_disk = !path.empty() && path != ":memory:" && !path.starts_with("file:");
  if (on_disk) {
    // Create the file for its owner alone, whatever the umask; SQLite gives
    // the -wal and -shm files the same mode.
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) ::close(fd);
    for (const std::string& file : {path, path + "-wal", path + "-shm", path + "-journal"}) {
      if (auto ok = RequireOwnerOnly(file, "database file", "db"); !ok) return Fail(ok.error());
    }
  }
  auto db = OpenConnection(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!db) return Fail(db.error());
  auto database = std::make_unique<SqliteDatabase>(*db, on_disk ? path : std::string(), false);
  auto ok = database->ExecuteScript(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
      "PRAGMA secure_delete=ON; PRAGMA cache_size=" +
      CacheSize(kCacheMiB) + "; PRAGMA temp_store=MEMORY;");
  if (!ok) {
    return Fail(
        Error::Unavailable("'{}' is not a usable sanad database: {}", path, ok.error().message));
  }
  return std::unique_ptr<Database>(std::move(database));
}

Result<std::unique_ptr<Database>> OpenSqliteImage(std::string_view bytes) {
  const Error not_a_database =
      Error::InvalidInput("backup", "does not hold a sanad database (it is damaged)");
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    sqlite3_close_v2(db);
    return Fail(Error::Unavailable("not enough memory to open the backup"));
  }
  auto* image = static_cast<unsigned char*>(sqlite3_malloc64(bytes.size()));
  if (image == nullptr) {
    sqlite3_close_v2(db);
    return Fail(Error::Unavailable("not enough memory to open the backup"));
  }
  std::memcpy(image, bytes.data(), bytes.size());
  // A file made in WAL mode says so in its header (bytes 18 and 19); memory
  // has no WAL, so the image is read as a rollback-journal database.
  if (bytes.size() >= 100 && image[18] == 2 && image[19] == 2) image[18] = image[19] = 1;
  // SQLite owns and frees the image from here on, whatever the outcome.
  if (sqlite3_deserialize(db, "main", image, static_cast<sqlite3_int64>(bytes.size()),
                          static_cast<sqlite3_int64>(bytes.size()),
                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
      SQLITE_OK) {
    sqlite3_close_v2(db);
    return Fail(not_a_database);
  }
  auto database = std::make_unique<SqliteDatabase>(db, std::string(), false);  // in memory
  if (auto ok = database->ExecuteScript("PRAGMA foreign_keys=ON;"); !ok) {
    return Fail(not_a_database);
  }
  auto check = static_cast<Database&>(*database).Query("PRAGMA quick_check");
  if (!check || check->empty() || AsText(check->at(0).at(0)) != "ok") return Fail(not_a_database);
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace sanad::store
