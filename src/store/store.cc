// Opening a store: migrations, the key check, and the record of imported
// files. The other methods of Store live beside it, one file per seam
// (see store_internal.h).
#include "store/store.h"

#include "store/schema.h"
#include "store/store_internal.h"

namespace sanad::store {

namespace internal {

Error Damaged(std::string_view table, std::string_view row_id, std::string_view column) {
  Error error = Error::Internal(
      "stored data is damaged: table {}, row {}, column {} holds a value sanad cannot read. "
      "Nothing was changed; restore the database from a backup or have the row repaired",
      table, row_id, column);
  error.field = std::string(table) + "." + std::string(column);
  return error;
}

Error StaleVersion(Message record, int64_t yours, int64_t now) {
  return Error(Error::Code::kConflict,
               Message("someone else changed this {} since you opened it (your version {}, now "
                       "{}): reload it and make your change again",
                       record, yours, now),
               "version", 0);
}

}  // namespace internal

Result<std::unique_ptr<Store>> Store::Open(std::unique_ptr<Database> db, KeyRing keys,
                                           const Clock& clock) {
  std::unique_ptr<Store> store(new Store(std::move(db), std::move(keys), clock));
  if (auto ok = store->Migrate(); !ok) return Fail(ok.error());
  if (auto ok = store->CheckKey(); !ok) return Fail(ok.error());
  if (auto ok = store->LoadSiteId(); !ok) return Fail(ok.error());
  return store;
}

Result<std::string> Store::PassphraseSalt(Database& db) {
  if (auto ok = db.ExecuteScript(
          "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)");
      !ok) {
    return Fail(ok.error());
  }
  auto rows = db.Query("SELECT value FROM meta WHERE key = 'passphrase_salt'");
  if (!rows) return Fail(rows.error());
  if (!rows->empty()) return AsBytes(rows->at(0).at(0));
  std::string salt = KeyRing::NewSalt();
  auto ok =
      db.Execute("INSERT INTO meta (key, value) VALUES ('passphrase_salt', ?)", {Bytes{salt}});
  if (!ok) return Fail(ok.error());
  return salt;
}

Result<std::unique_ptr<Store>> Store::OpenSqliteFile(const std::string& path, KeyRing keys,
                                                     const Clock& clock) {
  auto db = OpenSqlite(path);
  if (!db) return Fail(db.error());
  return Open(std::move(*db), std::move(keys), clock);
}

Result<std::unique_ptr<Store>> Store::OpenPostgres(const std::string& url, KeyRing keys,
                                                   const Clock& clock) {
  auto db = store::OpenPostgres(url);
  if (!db) return Fail(db.error());
  return Open(std::move(*db), std::move(keys), clock);
}

Result<bool> Store::HasKey(Database& db) {
  if (auto ok = db.ExecuteScript(
          "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)");
      !ok) {
    return Fail(ok.error());
  }
  auto rows = db.Query("SELECT value FROM meta WHERE key = 'key_check'");
  if (!rows) return Fail(rows.error());
  return !rows->empty();
}

Status Store::Migrate() {
  if (auto ok = db_->ExecuteScript(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
          "description TEXT NOT NULL, applied_at TEXT NOT NULL)");
      !ok) {
    return ok;
  }
  auto rows = db_->Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!rows) return Fail(rows.error());
  const int64_t current = AsInt(rows->at(0).at(0));
  for (const auto& m : Migrations()) {
    if (m.version <= current) continue;
    auto ok = db_->Transaction([&]() -> Status {
      if (auto s = db_->ExecuteScript(m.sql); !s) return s;
      auto r = db_->Execute(
          "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
          {int64_t{m.version}, std::string(m.description), clock_->NowIso()});
      if (!r) return Fail(r.error());
      return {};
    });
    if (!ok) {
      return Fail(Error::Unavailable("cannot upgrade the database to schema version {}: {}",
                                     m.version, ok.error().message));
    }
  }
  return {};
}

Result<std::vector<Row>> Store::ScanQuery(std::string_view sql, const std::vector<Value>& params) {
  std::unique_ptr<Database> reader;
  {
    std::lock_guard lock(readers_mutex_);
    if (!readers_.empty()) {
      reader = std::move(readers_.back());
      readers_.pop_back();
    }
  }
  if (!reader) {
    auto opened = db_->OpenReader();
    if (!opened && opened.error().code != Error::Code::kUnavailable) return Fail(opened.error());
    if (!opened) {
      std::lock_guard lock(mutex_);
      return db_->Query(sql, params);
    }
    reader = std::move(*opened);
  }
  Result<std::vector<Row>> rows = [&] {
    std::shared_lock gate(checkpoint_gate_);
    return reader->Query(sql, params);
  }();
  std::lock_guard lock(readers_mutex_);
  if (readers_.size() < kMaxIdleReaders) readers_.push_back(std::move(reader));
  return rows;
}

Status Store::CheckKey() {
  auto rows = db_->Query("SELECT value FROM meta WHERE key = 'key_check'");
  if (!rows) return Fail(rows.error());
  if (rows->empty()) {
    auto ok = db_->Execute("INSERT INTO meta (key, value) VALUES ('key_check', ?)",
                           {Bytes{keys_.MakeCheckValue()}});
    if (!ok) return Fail(ok.error());
    return {};
  }
  if (!keys_.CheckValueMatches(AsBytes(rows->at(0).at(0)))) {
    return Fail(Error::Unavailable(
        "the key does not match this database: it was created with another key. Give the "
        "site's own key file (--key-file or SANAD_KEY_FILE); nothing was changed."));
  }
  return {};
}

Status Store::RecordImportFile(const ImportFile& file, std::string_view kind, int64_t rows,
                               const std::string& now, bool* repeated, Bytes* digest_out) {
  *repeated = false;
  if (file.content.empty()) return {};
  // Keyed, so the table cannot confirm a guess at a file's content.
  const Bytes digest{keys_.BlindIndex("import-file", file.content)};
  if (digest_out != nullptr) *digest_out = digest;
  auto seen =
      db_->Query("SELECT kind, rows, imported_at FROM imported_files WHERE digest = ?", {digest});
  if (!seen) return Fail(seen.error());
  if (seen->empty()) {
    auto r = db_->Execute(
        "INSERT INTO imported_files (digest, kind, rows, imported_at) VALUES (?, ?, ?, ?)",
        {digest, std::string(kind), rows, now});
    if (!r) return Fail(r.error());
    return {};
  }
  if (!file.again) {
    const Row& r = seen->at(0);
    const std::string at = AsText(r[2]);
    return Fail(Error(Error::Code::kConflict,
                      Message("this file was already imported on {} at {} UTC ({} {})",
                              at.substr(0, 10), at.substr(11, 5), AsInt(r[1]), AsText(r[0])),
                      "file", 0));
  }
  *repeated = true;
  auto r = db_->Execute("UPDATE imported_files SET rows = ?, imported_at = ? WHERE digest = ?",
                        {rows, now, digest});
  if (!r) return Fail(r.error());
  return {};
}

Status Store::SetImportFileRows(const Bytes& digest, int64_t rows) {
  if (digest.data.empty()) return {};
  auto r = db_->Execute("UPDATE imported_files SET rows = ? WHERE digest = ?", {rows, digest});
  if (!r) return Fail(r.error());
  return {};
}

}  // namespace sanad::store
