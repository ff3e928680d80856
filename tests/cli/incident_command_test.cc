// `sanad import incidents` and `sanad report incidents`, run as a user would
// run them: 50,000 rows in one transaction; one bad row among them changes
// nothing and is named FILE:LINE: column.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../testing/files.h"
#include "../testing/process.h"
#include "../testing/temp_dir.h"

namespace sanad {
namespace {

using sanad::testing::WriteWholeFile;

namespace proc = sanad::testing;

constexpr const char* kHeader =
    "incident_ref,date,province,district,type,perpetrator,sex,age,documents_held,"
    "detention_outcome,payment_demanded,payment_paid,currency\n";

// `rows` rows, two persons per incident, across 2023-11 in three provinces.
std::string MakeIncidents(int rows, int bad_row = -1) {
  static const char* kPlaces[][2] = {
      {"Balochistan", "Quetta"}, {"Khyber Pakhtunkhwa", "Peshawar"}, {"Sindh", "Karachi East"}};
  static const char* kDocs[] = {"por_card", "acc",           "",
                                "tazkira",  "passport;visa", "por_card;tazkira"};
  std::string csv = kHeader;
  for (int i = 0; i < rows; ++i) {
    const int incident = i / 2;
    const auto& place = kPlaces[incident % 3];
    const std::string day = std::to_string(1 + incident % 28);
    csv += "I-" + std::to_string(incident) + ",2023-11-" + (day.size() == 1 ? "0" : "") + day +
           "," + place[0] + "," + place[1] + "," + (incident % 2 ? "arrest" : "detention") +
           ",police," + (i % 2 ? "f" : "m") + "," +
           (i == bad_row ? "300" : std::to_string(18 + i % 40)) + "," + kDocs[i % 6] + "," +
           (i % 5 == 0 ? "released_after_payment,20000,15000,PKR" : ",,,") + "\n";
  }
  return csv;
}

int64_t Count(const std::string& db_path, const char* table) {
  sqlite3* db = nullptr;
  sqlite3_open(db_path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  int64_t n = -1;
  const std::string sql = std::string("SELECT COUNT(*) FROM ") + table;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    n = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

TEST(ImportIncidents, FiftyThousandRowsInOneTransactionAndOneBadRowChangesNothing) {
  sanad::testing::TempDir dir;
  const std::string db = dir.File("site.db");
  WriteWholeFile(dir.File("first.csv"), MakeIncidents(10));
  auto first = proc::Run({SANAD_BINARY, "import", "incidents", dir.File("first.csv"), "--db", db});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_EQ(Count(db, "incident_persons"), 10);

  WriteWholeFile(dir.File("bad.csv"), MakeIncidents(50000, /*bad_row=*/31337));
  auto bad = proc::Run({SANAD_BINARY, "import", "incidents", dir.File("bad.csv"), "--db", db});
  EXPECT_NE(bad.exit_code, 0);
  // The header is line 1: data row 31337 (0-based) is on line 31339.
  EXPECT_NE(bad.err.find(dir.File("bad.csv") + ":31339: age:"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("nothing was imported"), std::string::npos) << bad.err;
  EXPECT_EQ(Count(db, "incident_persons"), 10);
  EXPECT_EQ(Count(db, "incidents"), 5);

  WriteWholeFile(dir.File("good.csv"), MakeIncidents(50000));
  auto good = proc::Run({SANAD_BINARY, "import", "incidents", dir.File("good.csv"), "--db", db});
  ASSERT_EQ(good.exit_code, 0) << good.err;
  EXPECT_NE(good.out.find("imported 25000 incidents (50000 persons"), std::string::npos)
      << good.out;
  EXPECT_EQ(Count(db, "incident_persons"), 50010);
  // One transaction: one audit entry for the whole file.
  sqlite3* handle = nullptr;
  sqlite3_open(db.c_str(), &handle);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(handle, "SELECT COUNT(*) FROM audit_log WHERE action = 'incidents.import'",
                         -1, &stmt, nullptr),
      SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(stmt, 0), 2);
  sqlite3_finalize(stmt);
  sqlite3_close(handle);

  auto again = proc::Run({SANAD_BINARY, "import", "incidents", dir.File("good.csv"), "--db", db});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_EQ(Count(db, "incident_persons"), 50010);

  auto report = proc::Run({SANAD_BINARY, "report", "incidents", "--from", "2023-10-30", "--to",
                           "2023-12-03", "--db", db});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const auto json = nlohmann::json::parse(report.out);
  EXPECT_EQ(json["totals"]["total"]["persons"], 50010);
  EXPECT_EQ(json["by"], "week");
  auto xlsx =
      proc::Run({SANAD_BINARY, "report", "incidents", "--from", "2023-10-30", "--to", "2023-12-03",
                 "--format", "xlsx", "--out", dir.File("w.xlsx"), "--db", db});
  EXPECT_EQ(xlsx.exit_code, 0) << xlsx.err;
}

TEST(ImportIncidents, RowsOfOneIncidentMustAgreeAndPlacesMustBeKnown) {
  sanad::testing::TempDir dir;
  const std::string db = dir.File("site.db");
  struct Case {
    const char* name;
    std::string rows;
    const char* expected;
  } cases[] = {
      {"disagreeing date",
       "Q,2023-11-01,Balochistan,,arrest,,,,,,,,\nQ,2023-11-02,Balochistan,,arrest,,,,,,,,\n",
       ":3: date: '2023-11-02' disagrees with line 2"},
      {"unknown district", "Q,2023-11-01,Balochistan,Lahore,arrest,,,,,,,,\n", ":2: district:"},
      {"afghan province", "Q,2023-11-01,Kandahar,,arrest,,,,,,,,\n", ":2: province:"},
      {"bad outcome", "Q,2023-11-01,Sindh,,arrest,,,,,freed,,,\n", ":2: detention_outcome:"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    WriteWholeFile(dir.File("x.csv"), kHeader + c.rows);
    auto r = proc::Run({SANAD_BINARY, "import", "incidents", dir.File("x.csv"), "--db", db});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace sanad
