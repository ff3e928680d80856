// The PostgreSQL backend of `Database` (libpq), for a hub: the same
// portable SQL and the same `Store` as an SQLite site.
//
// SQL: `?` placeholders become $1..$n (a `?` inside a string literal, a
// quoted name or a comment stays as it is). A script (migrations) also has
// BLOB read as BYTEA, `WITHOUT ROWID` left out and PRAGMA statements (SQLite
// settings, checkpoints) dropped, so schema.cc stays one text for both
// (postgres_sql.h).
//
// Values: parameters are sent as their inferred types dictate (PostgreSQL
// infers each $n's type when the statement is prepared; it is read back
// with PQdescribePrepared): text and BYTEA in binary format (any bytes,
// exactly), integers as decimal text (so that a `?` PostgreSQL reads as
// INTEGER, e.g. substr's, takes them too). Results come back in binary:
// BIGINT/INTEGER/SMALLINT/BOOLEAN as int64, NUMERIC (what SUM gives) as
// int64 when it is whole, TEXT as text, BYTEA as Bytes, NULL as monostate
// (postgres_values.h).
//
// Transactions: a writer's transaction first takes one advisory lock that
// every writer of the store's schema takes, so writers are serialised as
// SQLite's BEGIN IMMEDIATE serialises them (the audit chain's next sequence
// number is read and written in one transaction, and several processes, a
// server and the CLI, may write). Readers (OpenReader) are read-only
// connections whose statements each see the database as last committed,
// and whose transactions are REPEATABLE READ snapshots. A statement that
// fails inside a transaction aborts it in PostgreSQL; committing an aborted
// transaction is refused here rather than reported as done.
//
// Prepared statements are kept per connection, at most
// kMaxPreparedStatements: the least recently used is deallocated on the
// server between transactions (at the end of one, or before a statement
// outside one). A connection that was lost is reset before the next
// statement outside a transaction; inside one, the transaction fails. A
// writer waits at most 5 s for the lock (lock_timeout), then gets
// kUnavailable "busy", as with SQLite.
//
// Errors: SQLSTATE classes map to the kinds the SQLite backend gives
// (integrity violations to kConflict, serialization failures and lock
// timeouts to kUnavailable "busy", a full disk, a lost server); the
// server's own text, naming tables and constraints, is logged, never shown.
#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/lru_map.h"
#include "store/database.h"
#include "store/postgres_sql.h"
#include "store/postgres_values.h"

namespace sanad::store {
namespace {

using internal::DecodeRows;
using internal::IsBlank;
using internal::kBpcharOid;
using internal::kByteaOid;
using internal::kNameOid;
using internal::kTextOid;
using internal::kUnknownOid;
using internal::kVarcharOid;
using internal::Translated;
using internal::TranslatePlaceholders;
using internal::TranslateScript;

// The one advisory lock every writing transaction of a schema takes: "sana"
// in ASCII and the schema's hash. Stores in other schemas of the same
// database (a test's own schema, a second hub) do not wait for each other.
constexpr const char* kBeginWrite =
    "BEGIN; SELECT pg_advisory_xact_lock(1935764065, hashtext(current_schema()))";
// Each new session: UTF-8, no notices for "already exists", and a writer
// waits for the lock at most 5 s, then is told the database is busy (as
// SQLite's busy timeout does).
constexpr const char* kSetUpWriter =
    "SET client_encoding = 'UTF8'; SET client_min_messages = warning; SET lock_timeout = '5s'";
constexpr const char* kSetUpReader =
    "SET client_encoding = 'UTF8'; SET client_min_messages = warning; "
    "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
constexpr const char* kBeginRead = "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY";

struct ResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
using OwnedResult = std::unique_ptr<PGresult, ResultFree>;

void IgnoreNotice(void*, const char* message) {
  spdlog::debug("postgres: {}", message ? message : "");
}

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(PGconn* conn, std::string url, bool read_only)
      : conn_(conn), url_(std::move(url)), read_only_(read_only) {}
  ~PostgresDatabase() override {
    statements_.Clear();
    PQfinish(conn_);
  }
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override {
    auto result = Run(sql, params);
    if (!result) return Fail(result.error());
    return DecodeRows(result->get());
  }

  Result<int64_t> Execute(std::string_view sql, const std::vector<Value>& params) override {
    auto result = Run(sql, params);
    if (!result) return Fail(result.error());
    return static_cast<int64_t>(std::strtoll(PQcmdTuples(result->get()), nullptr, 10));
  }

  Status ExecuteScript(std::string_view sql) override {
    const std::string script = TranslateScript(sql);
    if (IsBlank(script)) return {};
    if (auto ok = EnsureConnected(); !ok) return ok;
    OwnedResult result(PQexec(conn_, script.c_str()));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
      return Fail(Error::Internal("database script failed: {}", ServerMessage(result.get())));
    }
    return {};
  }

  Status Transaction(const std::function<Status()>& body) override {
    if (auto ok = EnsureConnected(); !ok) return ok;
    if (auto ok = Command(read_only_ ? kBeginRead : kBeginWrite, "starting a transaction"); !ok) {
      (void)Command("ROLLBACK", "rolling back");
      return ok;
    }
    // Once it ends, whichever way: statements evicted meanwhile are freed.
    struct Open {
      PostgresDatabase* db;
      ~Open() {
        db->in_transaction_ = false;
        db->DeallocateEvicted();
      }
    } open{this};
    in_transaction_ = true;
    Status result;
    try {
      result = body();
    } catch (...) {
      (void)Command("ROLLBACK", "rolling back");
      throw;
    }
    if (!result) {
      (void)Command("ROLLBACK", "rolling back");
      return result;
    }
    // A statement that failed inside `body` aborted the transaction even if
    // `body` carried on; COMMIT would then quietly roll back.
    if (PQtransactionStatus(conn_) == PQTRANS_INERROR) {
      (void)Command("ROLLBACK", "rolling back");
      return Fail(Error::Internal(
          "a statement failed inside a transaction that went on as if it had not: nothing was "
          "changed"));
    }
    if (auto ok = Command("COMMIT", "committing"); !ok) {
      (void)Command("ROLLBACK", "rolling back");
      return ok;
    }
    return {};
  }

  std::string_view backend() const override { return "postgres"; }
  size_t PreparedStatementCount() const override { return statements_.size(); }

  Result<std::unique_ptr<Database>> OpenReader() const override {
    return Connect(url_, /*read_only=*/true);
  }

  Result<std::string> Snapshot() override {
    return Fail(Error::Unavailable(
        "a database on PostgreSQL is backed up with PostgreSQL's own tools (pg_basebackup with "
        "streaming replication, or pg_dump), not by sanad backup"));
  }

  // Opens a connection; for a reader, every transaction is read-only.
  static Result<std::unique_ptr<Database>> Connect(const std::string& url, bool read_only) {
    PGconn* conn = PQconnectdb(url.c_str());
    if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
      std::string why = conn ? PQerrorMessage(conn) : "out of memory";
      while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
      PQfinish(conn);
      return Fail(
          Error::Unavailable("cannot connect to the PostgreSQL database '{}': {} (is the server "
                             "running, and the URL, user and password right?)",
                             RedactUrl(url), why));
    }
    PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
    auto database = std::make_unique<PostgresDatabase>(conn, url, read_only);
    if (auto ok =
            database->Command(read_only ? kSetUpReader : kSetUpWriter, "setting up the connection");
        !ok) {
      return Fail(ok.error());
    }
    return std::unique_ptr<Database>(std::move(database));
  }

 private:
  struct Prepared {
    std::string name;
    std::vector<Oid> types;  // as PostgreSQL inferred them
    // Where the name goes when the statement leaves the cache: it is
    // deallocated on the server at the next statement.
    std::vector<std::string>* evicted = nullptr;
    Prepared() = default;
    Prepared(Prepared&& other) noexcept
        : name(std::move(other.name)),
          types(std::move(other.types)),
          evicted(std::exchange(other.evicted, nullptr)) {}
    Prepared& operator=(Prepared&&) = delete;
    ~Prepared() {
      if (evicted && !name.empty()) evicted->push_back(name);
    }
  };

  static std::string ServerMessage(const PGresult* result) {
    const char* message = result ? PQresultErrorMessage(result) : nullptr;
    std::string text = message && *message ? message : "no answer from the server";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
  }

  // A failure as a caller may show it (cf. SqliteError): the server's text
  // is logged; internal errors keep it.
  Error PostgresError(std::string_view context, const PGresult* result) const {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlstate = state ? state : "";
    std::string raw = std::string(context) + ": " + ServerMessage(result);
    if (sqlstate.empty() && PQstatus(conn_) != CONNECTION_OK) {
      raw += " (" + std::string(PQerrorMessage(conn_)) + ")";
    }
    auto logged = [&](Error error) {
      spdlog::warn("database: {} (SQLSTATE {})", raw, sqlstate.empty() ? "none" : sqlstate);
      return error;
    };
    const std::string_view cls =
        std::string_view(sqlstate).substr(0, std::min<size_t>(2, sqlstate.size()));
    if (cls == "23") {
      return logged(Error::Conflict(
          "this change conflicts with what is already stored (the same record twice, or a link "
          "to a record that does not exist): nothing was changed"));
    }
    if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03" || sqlstate == "57014" ||
        sqlstate == "55006") {
      return logged(Error::Unavailable(
          "the database is busy with another task: nothing was changed; try again in a moment"));
    }
    if (sqlstate == "53100") {
      return logged(Error::Unavailable(
          "the database server's disk is full: nothing was changed; free some space and try "
          "again"));
    }
    if (sqlstate.empty() || cls == "08" || cls == "53" || cls == "57" || cls == "58") {
      return logged(Error::Unavailable(
          "the database server cannot be reached or is short of resources: nothing was changed; "
          "try again, and ask the administrator to check PostgreSQL if it goes on"));
    }
    if (sqlstate == "25006" || sqlstate == "42501") {
      return logged(Error::Unavailable(
          "the database cannot be written by this account: nothing was changed; ask the "
          "administrator to check the PostgreSQL role's privileges"));
    }
    if (cls == "XX" && (sqlstate == "XX001" || sqlstate == "XX002")) {
      return logged(Error::Unavailable(
          "the database is damaged: nothing was changed; ask the administrator to restore it "
          "from a backup"));
    }
    return Error::Internal("{} (SQLSTATE {})", raw, sqlstate);
  }

  // A command without parameters or rows (BEGIN, COMMIT, SET, DEALLOCATE).
  Status Command(const char* sql, std::string_view context) {
    OwnedResult result(PQexec(conn_, sql));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return Fail(PostgresError(context, result.get()));
    }
    return {};
  }

  // Resets a lost connection, outside a transaction only: inside one, the
  // statements after the reset would run outside it, so the transaction
  // fails instead (its COMMIT cannot succeed).
  Status EnsureConnected() {
    if (PQstatus(conn_) == CONNECTION_OK) return {};
    if (in_transaction_) return Fail(PostgresError("the connection was lost", nullptr));
    PQreset(conn_);
    statements_.Clear();
    evicted_.clear();  // the server forgot them with the old session
    if (PQstatus(conn_) != CONNECTION_OK) {
      return Fail(PostgresError("reconnecting", nullptr));
    }
    PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
    return Command(read_only_ ? kSetUpReader : kSetUpWriter, "setting up the connection");
  }

  // Deallocates the statements that left the cache, between transactions
  // (a failure there must not abort a caller's transaction).
  void DeallocateEvicted() {
    if (evicted_.empty() || PQtransactionStatus(conn_) != PQTRANS_IDLE) return;
    std::string sql;
    for (const auto& name : evicted_) sql += "DEALLOCATE " + name + ";";
    evicted_.clear();
    OwnedResult result(PQexec(conn_, sql.c_str()));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      spdlog::warn("database: deallocating statements: {}", ServerMessage(result.get()));
    }
  }

  Result<Prepared*> Prepare(std::string_view sql, size_t given) {
    auto [cached, is_new] = statements_.Touch(sql);
    if (!is_new) {
      if (cached.types.size() != given) {
        return Fail(Error::Internal("a statement with {} placeholders was given {} values",
                                    cached.types.size(), given));
      }
      return &cached;
    }
    const Translated translated = TranslatePlaceholders(sql);
    if (static_cast<size_t>(translated.parameters) != given) {
      statements_.Erase(sql);
      return Fail(Error::Internal("a statement with {} placeholders was given {} values",
                                  translated.parameters, given));
    }
    const std::string name = "s" + std::to_string(++statement_counter_);
    OwnedResult prepared(PQprepare(conn_, name.c_str(), translated.sql.c_str(), 0, nullptr));
    if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) {
      Error error = PostgresError("preparing a statement", prepared.get());
      statements_.Erase(sql);
      return Fail(std::move(error));
    }
    // From here the server holds the statement: leaving the cache frees it.
    Prepared* entry = statements_.Find(sql);
    entry->name = name;
    entry->evicted = &evicted_;
    OwnedResult described(PQdescribePrepared(conn_, name.c_str()));
    if (PQresultStatus(described.get()) != PGRES_COMMAND_OK) {
      Error error = PostgresError("describing a statement", described.get());
      statements_.Erase(sql);
      return Fail(std::move(error));
    }
    const int count = PQnparams(described.get());
    entry->types.reserve(static_cast<size_t>(count));
    for (int k = 0; k < count; ++k) entry->types.push_back(PQparamtype(described.get(), k));
    return entry;
  }

  Result<OwnedResult> Run(std::string_view sql, const std::vector<Value>& params) {
    if (auto ok = EnsureConnected(); !ok) return Fail(ok.error());
    DeallocateEvicted();
    auto prepared = Prepare(sql, params.size());
    if (!prepared) return Fail(prepared.error());
    const Prepared& statement = **prepared;
    const size_t n = params.size();
    std::vector<std::string> texts(n);  // integers as decimal text
    std::vector<const char*> values(n, nullptr);
    std::vector<int> lengths(n, 0);
    std::vector<int> formats(n, 0);
    for (size_t k = 0; k < n; ++k) {
      const Value& v = params[k];
      const Oid type = statement.types[k];
      const bool binary_ok = type == kTextOid || type == kByteaOid || type == kVarcharOid ||
                             type == kBpcharOid || type == kNameOid || type == kUnknownOid;
      if (std::holds_alternative<std::monostate>(v)) continue;
      if (const auto* number = std::get_if<int64_t>(&v)) {
        texts[k] = std::to_string(*number);
        values[k] = texts[k].c_str();
      } else if (const auto* text = std::get_if<std::string>(&v)) {
        if (binary_ok) {
          values[k] = text->data();
          lengths[k] = static_cast<int>(text->size());
          formats[k] = 1;
        } else {  // e.g. a BIGINT column compared with text: PostgreSQL parses it
          texts[k] = *text;
          values[k] = texts[k].c_str();
        }
      } else {
        const std::string& bytes = std::get<Bytes>(v).data;
        if (!binary_ok) {
          return Fail(
              Error::Internal("bytes given for a parameter of type OID {} in: {}", type, sql));
        }
        values[k] = bytes.data();
        lengths[k] = static_cast<int>(bytes.size());
        formats[k] = 1;
      }
    }
    OwnedResult result(PQexecPrepared(conn_, statement.name.c_str(), static_cast<int>(n),
                                      values.data(), lengths.data(), formats.data(),
                                      /*resultFormat=*/1));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return Fail(PostgresError("running a statement", result.get()));
    }
    return result;
  }

  PGconn* conn_;
  const std::string url_;
  const bool read_only_;
  int64_t statement_counter_ = 0;
  bool in_transaction_ = false;  // inside Transaction()
  // Declared before statements_, which writes into it as it empties.
  std::vector<std::string> evicted_;
  LruMap<Prepared> statements_{kMaxPreparedStatements};
};

}  // namespace

bool IsPostgresUrl(std::string_view db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

std::string RedactUrl(std::string_view url) {
  std::string out(url);
  // userinfo: scheme://user:password@host
  if (const size_t scheme = out.find("://"); scheme != std::string::npos) {
    const size_t start = scheme + 3;
    const size_t at = out.find('@', start);
    const size_t slash = out.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=... in the query string or a keyword/value string
  for (size_t at = out.find("password="); at != std::string::npos;
       at = out.find("password=", at + 1)) {
    const size_t value = at + 9;
    size_t end = out.find_first_of("& ", value);
    if (end == std::string::npos) end = out.size();
    out.replace(value, end - value, "***");
  }
  return out;
}

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url) {
  return PostgresDatabase::Connect(url, /*read_only=*/false);
}

}  // namespace sanad::store
