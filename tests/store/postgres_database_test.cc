// The PostgreSQL backend of the Database seam, where it differs from
// SQLite: placeholders translated around literals, BYTEA and text exactly
// as given, scripts with SQLite-only clauses, transactions that roll back
// (also after a statement failed inside them), constraint errors as the
// SQLite backend gives them, read-only readers beside a writer, the
// statement cache's bound on the server too, and a URL's password kept out
// of every message. The same Store suite runs on both backends elsewhere
// (store_test.cc, case_store_test.cc, incident_store_test.cc).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "../testing/test_database.h"
#include "store/database.h"

namespace sanad::store {
namespace {

class PostgresDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test_db_.Create()) return;
    auto db = test_db_.Open();
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->ExecuteScript(
        "CREATE TABLE parents (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
        "CREATE TABLE children (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES "
        "parents(id), n BIGINT) WITHOUT ROWID;"
        "CREATE TABLE blobs (id BIGINT PRIMARY KEY, b BLOB, t TEXT);"));
  }
  int64_t Count(Database& db, const std::string& table) {
    auto rows = db.Query("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(rows) << rows.error().message;
    return rows ? AsInt(rows->at(0).at(0)) : -1;
  }

  sanad::testing::TestDatabase test_db_{sanad::testing::Backend::kPostgres};
  std::unique_ptr<Database> db_;
};

TEST_F(PostgresDatabaseTest, QuestionMarksInsideLiteralsAndCommentsAreNotPlaceholders) {
  EXPECT_EQ(db_->backend(), "postgres");
  auto rows = db_->Query(
      "SELECT '?', ?, 'it''s ?', ? /* ? */ -- a comment with ? in it\n, \"?x\" FROM (SELECT 1 AS "
      "\"?x\") AS s",
      {std::string("first"), int64_t{42}});
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  const Row& row = rows->at(0);
  ASSERT_EQ(row.size(), 5u);
  EXPECT_EQ(AsText(row[0]), "?");
  EXPECT_EQ(AsText(row[1]), "first");
  EXPECT_EQ(AsText(row[2]), "it's ?");
  EXPECT_EQ(AsInt(row[3]), 42);
  EXPECT_EQ(AsInt(row[4]), 1);
  // One value too many or too few is refused, not sent.
  auto wrong = db_->Query("SELECT ?", {int64_t{1}, int64_t{2}});
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, Error::Code::kInternal);
}

TEST_F(PostgresDatabaseTest, EveryByteValueRoundTripsAsByteaAndTextIsExact) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  const std::string text = "محمد نبی\tZarghuna 'quoted' \\ back\\slash ?";
  ASSERT_TRUE(db_->Execute("INSERT INTO blobs (id, b, t) VALUES (?, ?, ?)",
                           {int64_t{1}, Bytes{all}, text}));
  ASSERT_TRUE(db_->Execute("INSERT INTO blobs (id, b, t) VALUES (?, ?, ?)",
                           {int64_t{2}, Bytes{""}, std::monostate{}}));
  auto rows = db_->Query("SELECT id, b, t FROM blobs WHERE b = ? OR id = ? ORDER BY id",
                         {Bytes{all}, int64_t{2}});
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(std::get<int64_t>(rows->at(0)[0]), 1);
  ASSERT_TRUE(std::holds_alternative<Bytes>(rows->at(0)[1]));
  EXPECT_EQ(std::get<Bytes>(rows->at(0)[1]).data, all);
  ASSERT_TRUE(std::holds_alternative<std::string>(rows->at(0)[2]));
  EXPECT_EQ(std::get<std::string>(rows->at(0)[2]), text);
  EXPECT_EQ(std::get<Bytes>(rows->at(1)[1]).data, "");
  EXPECT_TRUE(IsNull(rows->at(1)[2]));
  // Aggregates come back as integers: SUM's NUMERIC, a comparison's BOOLEAN.
  auto sums = db_->Query(
      "SELECT SUM(id), SUM(id) * -1000000000000, id = 1, MAX(id) FROM blobs "
      "GROUP BY id = 1 ORDER BY 4");
  ASSERT_TRUE(sums) << sums.error().message;
  ASSERT_EQ(sums->size(), 2u);
  EXPECT_EQ(std::get<int64_t>(sums->at(0)[0]), 1);
  EXPECT_EQ(std::get<int64_t>(sums->at(1)[1]), -2000000000000);
  EXPECT_EQ(std::get<int64_t>(sums->at(0)[2]), 1);
  EXPECT_EQ(std::get<int64_t>(sums->at(1)[2]), 0);
}

TEST_F(PostgresDatabaseTest, ScriptsDropPragmasAndReadBlobAsBytea) {
  ASSERT_TRUE(db_->ExecuteScript(
      "PRAGMA foreign_keys=ON; -- SQLite's\n"
      "CREATE TABLE keys (k BLOB PRIMARY KEY, note TEXT DEFAULT 'a BLOB; PRAGMA x') WITHOUT ROWID;"
      "PRAGMA wal_checkpoint(TRUNCATE);"));
  ASSERT_TRUE(db_->ExecuteScript("PRAGMA wal_checkpoint(TRUNCATE)")) << "nothing left to run";
  auto type = db_->Query(
      "SELECT data_type::text FROM information_schema.columns WHERE table_schema = "
      "current_schema() AND table_name = 'keys' AND column_name = 'k'");
  ASSERT_TRUE(type) << type.error().message;
  ASSERT_EQ(type->size(), 1u);
  EXPECT_EQ(AsText(type->at(0).at(0)), "bytea");
  ASSERT_TRUE(db_->Execute("INSERT INTO keys (k) VALUES (?)", {Bytes{"\x01\x02"}}));
  auto note = db_->Query("SELECT note FROM keys");
  ASSERT_TRUE(note);
  EXPECT_EQ(AsText(note->at(0).at(0)), "a BLOB; PRAGMA x") << "literals are left as written";
}

TEST_F(PostgresDatabaseTest, ATransactionRollsBackOnFailureOnThrowAndAfterAFailedStatement) {
  ASSERT_TRUE(db_->Execute("INSERT INTO parents (id, name) VALUES ('p1', 'one')"));
  auto failed = db_->Transaction([&]() -> Status {
    if (auto r = db_->Execute("INSERT INTO parents (id, name) VALUES ('p2', 'two')"); !r) {
      return Fail(r.error());
    }
    return Fail(Error::InvalidInput("x", "stop"));
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().field, "x");
  EXPECT_EQ(Count(*db_, "parents"), 1);

  EXPECT_THROW((void)db_->Transaction([&]() -> Status {
    (void)db_->Execute("INSERT INTO parents (id, name) VALUES ('p3', 'three')");
    throw std::runtime_error("a bug");
  }),
               std::runtime_error);
  EXPECT_EQ(Count(*db_, "parents"), 1);

  // PostgreSQL aborts a transaction at a failed statement; a body that goes
  // on as if it had not must not see its earlier writes "committed".
  auto carried_on = db_->Transaction([&]() -> Status {
    (void)db_->Execute("INSERT INTO parents (id, name) VALUES ('p4', 'four')");
    (void)db_->Execute("INSERT INTO parents (id, name) VALUES ('p1', 'again')");  // fails
    return {};
  });
  ASSERT_FALSE(carried_on);
  EXPECT_EQ(Count(*db_, "parents"), 1);

  ASSERT_TRUE(db_->Transaction([&]() -> Status {
    auto r = db_->Execute("INSERT INTO parents (id, name) VALUES ('p5', 'five')");
    if (!r) return Fail(r.error());
    return {};
  }));
  EXPECT_EQ(Count(*db_, "parents"), 2);
}

TEST_F(PostgresDatabaseTest, ConstraintViolationsAreConflictsAsOnSqlite) {
  ASSERT_TRUE(db_->Execute("INSERT INTO parents (id, name) VALUES ('p1', 'one')"));
  struct Case {
    const char* what;
    const char* sql;
  };
  for (const Case& c :
       {Case{"primary key", "INSERT INTO parents (id, name) VALUES ('p1', 'other')"},
        Case{"unique", "INSERT INTO parents (id, name) VALUES ('p2', 'one')"},
        Case{"foreign key", "INSERT INTO children (id, parent_id) VALUES ('c1', 'nobody')"},
        Case{"not null", "INSERT INTO parents (id) VALUES ('p3')"}}) {
    SCOPED_TRACE(c.what);
    auto r = db_->Execute(c.sql);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Error::Code::kConflict);
    EXPECT_NE(r.error().message.find("nothing was changed"), std::string::npos);
    EXPECT_EQ(r.error().message.find("parents"), std::string::npos) << "no table names shown";
  }
  auto changed = db_->Execute("UPDATE parents SET name = ? WHERE id = ?",
                              {std::string("uno"), std::string("p1")});
  ASSERT_TRUE(changed);
  EXPECT_EQ(*changed, 1);
}

TEST_F(PostgresDatabaseTest, ReadersSeeCommittedDataNeverWriteAndDoNotHoldUpTheWriter) {
  ASSERT_TRUE(db_->Execute("INSERT INTO parents (id, name) VALUES ('p1', 'one')"));
  auto reader = db_->OpenReader();
  ASSERT_TRUE(reader) << reader.error().message;
  EXPECT_EQ(Count(**reader, "parents"), 1);
  auto write = (*reader)->Execute("INSERT INTO parents (id, name) VALUES ('r', 'reader')");
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().code, Error::Code::kUnavailable);

  // A reader's transaction is one snapshot; the writer commits meanwhile.
  ASSERT_TRUE((*reader)->Transaction([&]() -> Status {
    EXPECT_EQ(Count(**reader, "parents"), 1);
    EXPECT_TRUE(db_->Execute("INSERT INTO parents (id, name) VALUES ('p2', 'two')"));
    EXPECT_EQ(Count(**reader, "parents"), 1) << "the snapshot taken at its first statement";
    return {};
  }));
  EXPECT_EQ(Count(**reader, "parents"), 2);

  // Readers on threads of their own while this connection writes.
  std::atomic<bool> writing{true};
  std::atomic<int> reads{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      auto own = db_->OpenReader();
      if (!own) {
        ++errors;
        return;
      }
      int64_t last = 0;
      while (writing || reads < 10) {
        auto rows = (*own)->Query("SELECT COUNT(*) FROM children");
        if (!rows) {
          ++errors;
          return;
        }
        const int64_t now = AsInt(rows->at(0).at(0));
        if (now < last) ++errors;  // committed rows never disappear
        last = now;
        ++reads;
      }
    });
  }
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(db_->Transaction([&]() -> Status {
      auto r = db_->Execute("INSERT INTO children (id, parent_id, n) VALUES (?, 'p1', ?)",
                            {"c" + std::to_string(i), int64_t{i}});
      if (!r) return Fail(r.error());
      return {};
    }));
  }
  writing = false;
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(errors, 0);
  EXPECT_GE(reads, 10);
  EXPECT_EQ(Count(**reader, "children"), 200);
}

// Writers are serialised as SQLite's BEGIN IMMEDIATE serialises them; one
// kept waiting is told the database is busy after 5 s (lock_timeout), as
// SQLite's busy timeout tells it.
TEST_F(PostgresDatabaseTest, ASecondWriterWaitsThenIsToldTheDatabaseIsBusy) {
  auto other = test_db_.Open();
  ASSERT_TRUE(other) << other.error().message;
  std::atomic<bool> holding{false};
  std::atomic<bool> release{false};
  std::thread first([&] {
    EXPECT_TRUE(db_->Transaction([&]() -> Status {
      auto r = db_->Execute("INSERT INTO parents (id, name) VALUES ('p1', 'one')");
      if (!r) return Fail(r.error());
      holding = true;
      for (int i = 0; i < 600 && !release; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      return {};
    }));
  });
  while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  auto second = (*other)->Transaction([&]() -> Status {
    auto r = (*other)->Execute("INSERT INTO parents (id, name) VALUES ('p2', 'two')");
    if (!r) return Fail(r.error());
    return {};
  });
  release = true;
  first.join();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, Error::Code::kUnavailable);
  EXPECT_NE(second.error().message.find("busy"), std::string::npos) << second.error().message;
  EXPECT_EQ(Count(*db_, "parents"), 1);
  ASSERT_TRUE((*other)->Transaction([&]() -> Status {
    auto r = (*other)->Execute("INSERT INTO parents (id, name) VALUES ('p2', 'two')");
    if (!r) return Fail(r.error());
    return {};
  }));
  EXPECT_EQ(Count(*db_, "parents"), 2);
}

// A connection the server dropped is opened again for the next statement;
// a transaction it was in fails whole, never half outside it.
TEST_F(PostgresDatabaseTest, ALostConnectionIsReopenedButNeverInsideATransaction) {
  auto other = test_db_.Open();
  ASSERT_TRUE(other) << other.error().message;
  auto drop = [&] {
    auto pid = db_->Query("SELECT pg_backend_pid()");
    ASSERT_TRUE(pid) << pid.error().message;
    auto dropped = (*other)->Query("SELECT pg_terminate_backend(?)", {AsInt(pid->at(0).at(0))});
    ASSERT_TRUE(dropped) << dropped.error().message;
    ASSERT_EQ(AsInt(dropped->at(0).at(0)), 1);
  };
  drop();
  auto first = db_->Query("SELECT COUNT(*) FROM parents");
  if (!first) {
    EXPECT_EQ(first.error().code, Error::Code::kUnavailable) << first.error().message;
  }
  auto again = db_->Query("SELECT COUNT(*) FROM parents");
  ASSERT_TRUE(again) << again.error().message;

  auto cut = db_->Transaction([&]() -> Status {
    auto r = db_->Execute("INSERT INTO parents (id, name) VALUES ('p1', 'one')");
    if (!r) return Fail(r.error());
    drop();
    // A body that carries on past the first failure must not have its next
    // statement run on a new connection, outside the transaction.
    (void)db_->Execute("INSERT INTO parents (id, name) VALUES ('p2', 'two')");
    r = db_->Execute("INSERT INTO parents (id, name) VALUES ('p3', 'three')");
    if (!r) return Fail(r.error());
    return {};
  });
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().code, Error::Code::kUnavailable) << cut.error().message;
  EXPECT_EQ(Count(**other, "parents"), 0) << "nothing of the cut transaction was kept";
  EXPECT_EQ(Count(*db_, "parents"), 0) << "the connection works again after the transaction";
}

TEST_F(PostgresDatabaseTest, TheStatementCacheStaysBoundedOnTheServerToo) {
  ASSERT_TRUE(db_->Execute("INSERT INTO blobs (id) VALUES (7)"));
  for (int i = 0; i < 300; ++i) {
    std::string sql = "SELECT id FROM blobs WHERE id IN (?";
    for (int k = 0; k < i % 17; ++k) sql += ", ?";
    sql += ") AND " + std::to_string(i) + " = " + std::to_string(i);
    std::vector<Value> params(static_cast<size_t>(i % 17 + 1), Value(int64_t{7}));
    // In a transaction, as the Store runs them: evicted statements are
    // freed between transactions.
    ASSERT_TRUE(db_->Transaction([&]() -> Status {
      auto rows = db_->Query(sql, params);
      if (!rows) return Fail(rows.error());
      EXPECT_EQ(rows->size(), 1u);
      return {};
    }));
  }
  EXPECT_LE(db_->PreparedStatementCount(), kMaxPreparedStatements);
  EXPECT_GT(db_->PreparedStatementCount(), 0u);
  auto on_server = db_->Query("SELECT COUNT(*) FROM pg_prepared_statements");
  ASSERT_TRUE(on_server) << on_server.error().message;
  EXPECT_LE(AsInt(on_server->at(0).at(0)), static_cast<int64_t>(kMaxPreparedStatements) + 1);
  auto again = db_->Query("SELECT id FROM blobs WHERE id IN (?) AND 0 = 0", {int64_t{7}});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->size(), 1u);
}

TEST_F(PostgresDatabaseTest, SnapshotSaysToUsePostgresqlsOwnBackups) {
  auto snapshot = db_->Snapshot();
  ASSERT_FALSE(snapshot);
  EXPECT_EQ(snapshot.error().code, Error::Code::kUnavailable);
  EXPECT_NE(snapshot.error().message.find("pg_basebackup"), std::string::npos);
}

// Needs no server: the connection fails.
TEST(PostgresUrl, AFailedConnectionIsUnavailableAndNeverShowsThePassword) {
  auto db = OpenPostgres("postgresql://sanad:s3cret-word@/nowhere?host=/nonexistent-folder");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, Error::Code::kUnavailable);
  EXPECT_EQ(db.error().message.find("s3cret-word"), std::string::npos) << db.error().message;
  EXPECT_NE(db.error().message.find("sanad:***@"), std::string::npos) << db.error().message;
}

TEST(PostgresUrl, RecognisedAndRedacted) {
  EXPECT_TRUE(IsPostgresUrl("postgresql://hub/sanad"));
  EXPECT_TRUE(IsPostgresUrl("postgres:///sanad?host=/run/postgresql"));
  EXPECT_FALSE(IsPostgresUrl("data/sanad.db"));
  EXPECT_FALSE(IsPostgresUrl("postgresql.db"));
  EXPECT_EQ(RedactUrl("postgresql://u:pw@h:5432/db"), "postgresql://u:***@h:5432/db");
  EXPECT_EQ(RedactUrl("postgresql://u@h/db?password=pw&sslmode=require"),
            "postgresql://u@h/db?password=***&sslmode=require");
  EXPECT_EQ(RedactUrl("postgresql:///db?host=/tmp/x"), "postgresql:///db?host=/tmp/x");
}

}  // namespace
}  // namespace sanad::store
