// One fresh database per test on either backend, so that one store test
// suite runs against SQLite and PostgreSQL (parameterised, not copied):
//
//   class StoreTest : public ::testing::TestWithParam<testing::Backend> {
//     void SetUp() override {
//       ASSERT_TRUE(db_.Create()) ...;   // skips when no PostgreSQL is given
//       ...
//     }
//     testing::TestDatabase db_{GetParam()};
//   };
//   INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, testing::BothBackends(), testing::BackendName);
//
// SQLite: a file in a temporary folder. PostgreSQL: a schema of its own in
// the throwaway cluster whose URL is in SANAD_TEST_POSTGRES_URL (`make test`
// starts one: tools/pg_test_cluster.sh), dropped afterwards. Without that
// variable a PostgreSQL test is skipped, naming it; under CI=true it fails.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"
#include "store/key_ring.h"
#include "store/store.h"
#include "temp_dir.h"

namespace sanad::testing {

enum class Backend { kSqlite, kPostgres };

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

// So that a failing test names its backend rather than the enum's bytes.
inline void PrintTo(Backend backend, std::ostream* out) {
  *out << (backend == Backend::kSqlite ? "SQLite" : "PostgreSQL");
}

inline auto BothBackends() { return ::testing::Values(Backend::kSqlite, Backend::kPostgres); }

inline constexpr const char* kPostgresUrlVariable = "SANAD_TEST_POSTGRES_URL";

// The test cluster's URL; empty when the variable is not set.
inline std::string PostgresTestUrl() {
  const char* url = std::getenv(kPostgresUrlVariable);
  return url ? url : "";
}

// Skips the running test when no PostgreSQL is given (a developer running
// ctest by hand), or fails it under CI=true, where `make test` must have
// given one. The caller returns when the test was skipped or failed.
inline void RequirePostgres() {
  if (!PostgresTestUrl().empty()) return;
  const char* ci = std::getenv("CI");
  if (ci && std::string(ci) == "true") {
    FAIL() << kPostgresUrlVariable
           << " is not set under CI=true: run the tests with `make test`, which starts a "
              "throwaway PostgreSQL cluster (tools/pg_test_cluster.sh)";
  }
  GTEST_SKIP() << "PostgreSQL test skipped: set " << kPostgresUrlVariable
               << " (`make test` starts a cluster and sets it)";
}

// `url` with one more query parameter.
inline std::string WithParameter(const std::string& url, const std::string& parameter) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + parameter;
}

class TestDatabase {
 public:
  explicit TestDatabase(Backend backend) : backend_(backend) {}
  ~TestDatabase() {
    if (schema_.empty()) return;
    auto admin = store::OpenPostgres(PostgresTestUrl());
    if (admin) (void)(*admin)->Execute("DROP SCHEMA " + schema_ + " CASCADE");
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // Makes the empty database. For PostgreSQL without a cluster, skips (or
  // fails) the test and returns false: SetUp then returns.
  [[nodiscard]] bool Create() {
    if (backend_ == Backend::kSqlite) {
      location_ = dir_.File("site.db");
      return true;
    }
    RequirePostgres();
    if (::testing::Test::IsSkipped() || ::testing::Test::HasFailure()) return false;
    static std::atomic<int> counter{0};
    std::random_device random;
    schema_ = "t_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
              std::to_string(random() % 100000);
    auto admin = store::OpenPostgres(PostgresTestUrl());
    if (!admin) {
      ADD_FAILURE() << admin.error().message;
      schema_.clear();
      return false;
    }
    if (auto ok = (*admin)->Execute("CREATE SCHEMA " + schema_); !ok) {
      ADD_FAILURE() << ok.error().message;
      schema_.clear();
      return false;
    }
    location_ = WithParameter(PostgresTestUrl(), "options=-csearch_path%3D" + schema_);
    return true;
  }

  [[nodiscard]] Backend backend() const { return backend_; }
  [[nodiscard]] bool postgres() const { return backend_ == Backend::kPostgres; }
  // The SQLite file's path or the PostgreSQL URL (with this test's schema).
  [[nodiscard]] const std::string& location() const { return location_; }
  [[nodiscard]] const TempDir& dir() const { return dir_; }

  // A new connection to the database.
  [[nodiscard]] Result<std::unique_ptr<store::Database>> Open() const {
    return postgres() ? store::OpenPostgres(location_) : store::OpenSqlite(location_);
  }
  [[nodiscard]] Result<std::unique_ptr<store::Store>> OpenStore(
      store::KeyRing keys, const Clock& clock = SystemClock()) const {
    auto db = Open();
    if (!db) return Fail(db.error());
    return store::Store::Open(std::move(*db), std::move(keys), clock);
  }

  // One statement past the store, on a connection of its own (what a
  // tampering test does to the stored rows).
  [[nodiscard]] Result<int64_t> Execute(const std::string& sql,
                                        const std::vector<store::Value>& params = {}) const {
    auto db = Open();
    if (!db) return Fail(db.error());
    return (*db)->Execute(sql, params);
  }
  [[nodiscard]] Result<std::vector<store::Row>> Query(
      const std::string& sql, const std::vector<store::Value>& params = {}) const {
    auto db = Open();
    if (!db) return Fail(db.error());
    return (*db)->Query(sql, params);
  }

  // Everything the database holds, as bytes, for tests that search it for
  // plaintext: SQLite's file and WAL; for PostgreSQL every value of every
  // table of the test's schema, read back through SQL (the files of a
  // shared cluster are not the test's to read).
  [[nodiscard]] std::string RawContents() const {
    if (!postgres()) return dir_.Contents({"site.db", "site.db-wal"});
    std::string all;
    auto tables = Query(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() "
        "ORDER BY 1");
    if (!tables) {
      ADD_FAILURE() << tables.error().message;
      return all;
    }
    for (const auto& table : *tables) {
      auto rows = Query("SELECT * FROM " + store::AsText(table.at(0)));
      if (!rows) {
        ADD_FAILURE() << rows.error().message;
        continue;
      }
      for (const auto& row : *rows) {
        for (const auto& value : row) all += store::AsBytes(value) + '\n';
      }
    }
    return all;
  }

 private:
  Backend backend_;
  TempDir dir_;
  std::string location_;
  std::string schema_;  // PostgreSQL: the test's own schema
};

}  // namespace sanad::testing
