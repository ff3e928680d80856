// The SQLite backend of the Database seam: its statement cache, the modes of
// the files it creates, and the messages its failures show.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "../testing/temp_dir.h"
#include "store/database.h"

namespace sanad::store {
namespace {

mode_t ModeOf(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return 0;
  return info.st_mode & 0777;
}

// Defect A: every distinct SQL text was prepared and kept for good; a server
// answering searches of many shapes grew without bound.
TEST(SqliteDatabase, StatementCacheStaysBoundedAfterManyDistinctStatements) {
  sanad::testing::TempDir dir;
  auto db = OpenSqlite(dir.File("site.db"));
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE((*db)->ExecuteScript("CREATE TABLE t (x BIGINT)"));
  ASSERT_TRUE((*db)->Execute("INSERT INTO t (x) VALUES (?)", {int64_t{7}}));
  for (int i = 0; i < 1000; ++i) {
    std::string sql = "SELECT x FROM t WHERE x IN (?";
    for (int k = 0; k < i % 97; ++k) sql += ", ?";
    sql += ") AND " + std::to_string(i) + " = " + std::to_string(i);
    std::vector<Value> params(static_cast<size_t>(i % 97 + 1), Value(int64_t{7}));
    auto rows = (*db)->Query(sql, params);
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 1u);
  }
  EXPECT_LE((*db)->PreparedStatementCount(), kMaxPreparedStatements);
  EXPECT_GT((*db)->PreparedStatementCount(), 0u);
  // A statement evicted and prepared again still works.
  auto again = (*db)->Query("SELECT x FROM t WHERE x IN (?) AND 0 = 0", {int64_t{7}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->size(), 1u);
}

// Defect F: site.db, site.db-wal and site.db-shm were created 0644 though
// they hold password hashes, sealed records and the audit log.
TEST(SqliteDatabase, CreatesTheDatabaseAndItsLogFilesForTheOwnerOnly) {
  sanad::testing::TempDir dir;
  const mode_t old_mask = umask(022);  // as a shell usually leaves it
  {
    auto db = OpenSqlite(dir.File("site.db"));
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE((*db)->ExecuteScript("CREATE TABLE t (x BIGINT); INSERT INTO t VALUES (1);"));
    for (const char* name : {"site.db", "site.db-wal", "site.db-shm"}) {
      SCOPED_TRACE(name);
      ASSERT_TRUE(std::filesystem::exists(dir.File(name)));
      EXPECT_EQ(ModeOf(dir.File(name)), 0600u);
    }
  }
  umask(old_mask);
}

// Defect F: an existing database that group or others can read is refused,
// saying how to fix it, as the key file already was.
TEST(SqliteDatabase, RefusesADatabaseFileOthersCanRead) {
  sanad::testing::TempDir dir;
  const std::string path = dir.File("site.db");
  { ASSERT_TRUE(OpenSqlite(path)); }
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  auto refused = OpenSqlite(path);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Error::Code::kInvalidInput);
  EXPECT_NE(refused.error().message.find("chmod 600 " + path), std::string::npos)
      << refused.error().message;
  ASSERT_EQ(chmod(path.c_str(), 0600), 0);
  std::ofstream(dir.File("site.db-wal")).flush();
  ASSERT_EQ(chmod(dir.File("site.db-wal").c_str(), 0640), 0);
  auto wal = OpenSqlite(path);
  ASSERT_FALSE(wal);
  EXPECT_NE(wal.error().message.find("chmod 600 " + path + "-wal"), std::string::npos)
      << wal.error().message;
  ASSERT_EQ(chmod(dir.File("site.db-wal").c_str(), 0600), 0);
  EXPECT_TRUE(OpenSqlite(path));
}

// Defect E: SQLite's own text ("UNIQUE constraint failed: t.x") reached
// users; a constraint failure is a plain conflict that names no table.
TEST(SqliteDatabase, ConstraintFailuresShowAPlainMessage) {
  sanad::testing::TempDir dir;
  auto db = OpenSqlite(dir.File("site.db"));
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->ExecuteScript("CREATE TABLE t (x BIGINT PRIMARY KEY)"));
  ASSERT_TRUE((*db)->Execute("INSERT INTO t (x) VALUES (?)", {int64_t{1}}));
  auto twice = (*db)->Execute("INSERT INTO t (x) VALUES (?)", {int64_t{1}});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, Error::Code::kConflict);
  for (const char* raw : {"constraint", "UNIQUE", "t.x", "statement"}) {
    EXPECT_EQ(twice.error().message.find(raw), std::string::npos) << twice.error().message;
  }
  EXPECT_FALSE(twice.error().message.empty());
}

// Scans read on a second connection: it sees what was committed, reads
// while the first holds a write transaction open, and cannot write.
TEST(SqliteDatabase, AReaderSeesCommittedRowsAndCannotWrite) {
  sanad::testing::TempDir dir;
  auto db = OpenSqlite(dir.File("site.db"));
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE((*db)->ExecuteScript("CREATE TABLE t (x BIGINT)"));
  ASSERT_TRUE((*db)->Execute("INSERT INTO t (x) VALUES (1)"));
  auto reader = (*db)->OpenReader();
  ASSERT_TRUE(reader) << reader.error().message;
  Status written = (*db)->Transaction([&]() -> Status {
    if (auto ok = (*db)->Execute("INSERT INTO t (x) VALUES (2)"); !ok) return Fail(ok.error());
    auto rows = (*reader)->Query("SELECT COUNT(*) FROM t");
    EXPECT_TRUE(rows) << rows.error().message;
    if (rows) {
      EXPECT_EQ(AsInt(rows->at(0).at(0)), 1) << "the uncommitted row is not seen";
    }
    return {};
  });
  ASSERT_TRUE(written);
  auto rows = (*reader)->Query("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(rows);
  EXPECT_EQ(AsInt(rows->at(0).at(0)), 2);
  EXPECT_FALSE((*reader)->Execute("INSERT INTO t (x) VALUES (3)"));
}

TEST(SqliteDatabase, AnInMemoryDatabaseHasNoReader) {
  auto db = OpenSqlite(":memory:");
  ASSERT_TRUE(db) << db.error().message;
  auto reader = (*db)->OpenReader();
  ASSERT_FALSE(reader);
  EXPECT_EQ(reader.error().code, Error::Code::kUnavailable);
}

}  // namespace
}  // namespace sanad::store
