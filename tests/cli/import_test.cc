// `sanad import persons`, `export persons` and `audit verify`, run as a user
// would run them.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../testing/files.h"
#include "../testing/process.h"
#include "../testing/temp_dir.h"
#include "core/person_csv.h"

namespace sanad {
namespace {

using sanad::testing::ReadWholeFile;
using sanad::testing::WriteWholeFile;

namespace proc = sanad::testing;

std::string MakePersons(int count, int bad_row = -1) {
  static const char* kGiven[] = {"Mohammad Zaman", "Abdul Rahman", "نور احمد",  "Gul Bibi",
                                 "Zarghuna",       "Din Mohammad", "غلام حضرت", "Nazo"};
  std::string csv = std::string(kPersonCsvHeader) + ",household_ref,relationship\n";
  for (int i = 0; i < count; ++i) {
    const std::string n = std::to_string(i);
    const bool head = i % 5 == 0;
    csv += "r" + n + "," + kGiven[i % 8] + ",Father " + n + ",,," + (i % 2 ? "f" : "m") + "," +
           (i == bad_row ? "1986-13-40" : std::to_string(1950 + i % 60)) + ",07" +
           std::to_string(10000000 + i) + ",T-" + n + ",,Peshawar,,h" + std::to_string(i / 5) +
           "," + (head ? "head" : "son") + "\n";
  }
  return csv;
}

// The one number `sql` selects.
int64_t QueryNumber(const std::string& db_path, const std::string& sql) {
  // Read-only: opening must never create the file (sanad refuses a database
  // file that others can read, and a missing one is -1 here, not 0).
  sqlite3* db = nullptr;
  sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  int64_t n = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    n = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

// Persons in the file, or those `where` selects ("WHERE ...").
int64_t CountRows(const std::string& db_path, const std::string& where = "") {
  return QueryNumber(db_path, "SELECT COUNT(*) FROM persons " + where);
}

// `households` households of `members` each, their rows interleaved: every
// household's first member, then every household's second, and so on, so
// that each household is complete only near the end of the file. The
// members of household h are born in 1950 + h; a person without a
// household_ref follows each round. `second_head` (a household) has two heads.
std::string InterleavedPersons(int households, int members, int second_head = -1) {
  std::string csv = std::string(kPersonCsvHeader) + ",household_ref,relationship\n";
  int n = 0;
  for (int m = 0; m < members; ++m) {
    for (int h = 0; h < households; ++h) {
      const bool head = m == 0 || (h == second_head && m == 2);
      csv += "r" + std::to_string(n++) + ",Gul " + std::to_string(m) + ",Wazir " +
             std::to_string(h) + ",,," + (m % 2 ? "f" : "m") + "," + std::to_string(1950 + h) +
             ",,,,Peshawar,,h" + std::to_string(h) + "," + (head ? "head" : "son") + "\n";
    }
    csv += "r" + std::to_string(n++) + ",Nazo,Single " + std::to_string(m) + ",,,f,1999,,,,,,,\n";
  }
  return csv;
}

// A site holding ten persons already, so that "changes nothing" is seen
// against a site that has something.
void ImportTenPersons(sanad::testing::TempDir& dir, const std::string& db) {
  WriteWholeFile(dir.File("first.csv"), MakePersons(10));
  ASSERT_EQ(
      proc::Run({SANAD_BINARY, "import", "persons", dir.File("first.csv"), "--db", db}).exit_code,
      0);
}

TEST(ImportPersons, OneBadRowAmongTenThousandChangesNothingAndIsNamed) {
  sanad::testing::TempDir dir;
  const std::string db = dir.File("site.db"), csv = dir.File("persons.csv");
  ImportTenPersons(dir, db);
  ASSERT_EQ(CountRows(db), 10);
  WriteWholeFile(csv, MakePersons(10000, /*bad_row=*/7342));
  auto r = proc::Run({SANAD_BINARY, "import", "persons", csv, "--db", db});
  EXPECT_NE(r.exit_code, 0);
  // The header is line 1, so data row 7342 (0-based) is on line 7344.
  EXPECT_NE(r.err.find(csv + ":7344: birth_date:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was imported"), std::string::npos) << r.err;
  EXPECT_EQ(CountRows(db), 10);
}

TEST(ImportPersons, ImportsGoodRowsAndRefusesMalformedFiles) {
  sanad::testing::TempDir dir;
  const std::string db = dir.File("site.db");
  WriteWholeFile(dir.File("good.csv"), MakePersons(2000));
  auto r = proc::Run({SANAD_BINARY, "import", "persons", dir.File("good.csv"), "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("imported 2000 persons in 400 households"), std::string::npos) << r.out;
  EXPECT_EQ(CountRows(db), 2000);

  struct Case {
    const char* name;
    std::string content;
    const char* expected;
  } cases[] = {
      {"wrong header", "id,name\n1,A\n", ":1: header: missing column(s)"},
      {"unclosed quote", MakePersons(3) + "r9,\"Gul,,,,,,,,,,,\n", ":5: "},
      {"invalid utf8", MakePersons(2) + "r9,\xC3\x28,,,,,,,,,,\n",
       ":4: given_name: is not valid UTF-8"},
      {"duplicate id", MakePersons(2) + "r0,X,,,,,,,,,,\n", ":4: record_id: 'r0' is used twice"},
      {"two heads", MakePersons(1) + "r9,X,,,,,,,,,,,h0,head\n", "household_ref"},
      {"huge field", MakePersons(1) + "r9," + std::string(10000, 'a') + ",,,,,,,,,,\n", ":3: "},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    WriteWholeFile(dir.File("bad.csv"), c.content);
    auto bad = proc::Run({SANAD_BINARY, "import", "persons", dir.File("bad.csv"), "--db", db});
    EXPECT_NE(bad.exit_code, 0);
    EXPECT_NE(bad.err.find(c.expected), std::string::npos) << bad.err;
    EXPECT_EQ(CountRows(db), 2000);
  }
  auto missing = proc::Run({SANAD_BINARY, "import", "persons", dir.File("nope.csv"), "--db", db});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("cannot read"), std::string::npos);
}

// The optional consents column: recorded as the importing user's record of consent.
TEST(ImportPersons, TheConsentsColumnIsRecordedAndABadPurposeIsNamed) {
  sanad::testing::TempDir dir;
  const std::string db = dir.File("site.db");
  const std::string header =
      std::string(kPersonCsvHeader) + ",household_ref,relationship,consents\n";
  WriteWholeFile(dir.File("bad.csv"), header + "r1,Gul,,,,f,,,,,,,h1,head,tracing\n" +
                                          "r2,Nazo,,,,f,,,,,,,h1,daughter,tracing;everything\n");
  auto bad = proc::Run({SANAD_BINARY, "import", "persons", dir.File("bad.csv"), "--db", db});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("bad.csv:3: consents: 'everything' is not a purpose"), std::string::npos)
      << bad.err;
  EXPECT_FALSE(std::filesystem::exists(db));

  WriteWholeFile(dir.File("good.csv"), header + "r1,Gul,,,,f,,,,,,,h1,head,registration;tracing\n" +
                                           "r2,Nazo,,,,f,,,,,,,h1,daughter,\n");
  auto r = proc::Run({SANAD_BINARY, "import", "persons", dir.File("good.csv"), "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(CountRows(db), 2);
  EXPECT_EQ(CountRows(db, "WHERE consents = 'registration,tracing' AND consent_recorded_by <> ''"),
            1);
  EXPECT_EQ(CountRows(db, "WHERE consents = '' AND consent_recorded_by = ''"), 1);
}

// The README's commands import the files in examples/ as written.
TEST(ImportExamples, TheShippedExampleFilesImport) {
  sanad::testing::TempDir dir;
  const std::string db = dir.File("site.db");
  const std::string examples = std::string(SANAD_TEST_DATA_DIR) + "/../../examples/";
  for (const auto& [kind, file] :
       {std::pair{"persons", "persons.csv"}, std::pair{"movements", "tallies.csv"},
        std::pair{"incidents", "incidents.csv"}}) {
    auto r = proc::Run({SANAD_BINARY, "import", kind, examples + file, "--db", db});
    EXPECT_EQ(r.exit_code, 0) << file << ": " << r.err;
    EXPECT_NE(r.out.find("imported"), std::string::npos) << file << ": " << r.out;
  }
}

TEST(ExportPersons, IsEncryptedNeedsAPurposeAndRoundTrips) {
  sanad::testing::TempDir dir;
  const std::string db = dir.File("site.db");
  WriteWholeFile(dir.File("in.csv"), MakePersons(25));
  ASSERT_EQ(
      proc::Run({SANAD_BINARY, "import", "persons", dir.File("in.csv"), "--db", db}).exit_code, 0);
  WriteWholeFile(dir.File("pass"), "export passphrase for the hub\n");
  auto no_purpose =
      proc::Run({SANAD_BINARY, "export", "persons", "--db", db, "--out", dir.File("x.enc"),
                 "--purpose", "x", "--passphrase-file", dir.File("pass")});
  EXPECT_NE(no_purpose.exit_code, 0);
  auto r = proc::Run({SANAD_BINARY, "export", "persons", "--db", db, "--out", dir.File("x.enc"),
                      "--purpose", "monthly transfer to the hub", "--passphrase-file",
                      dir.File("pass")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadWholeFile(dir.File("x.enc")).find("Zarghuna"), std::string::npos);
  auto plain = proc::Run({SANAD_BINARY, "export", "decrypt", dir.File("x.enc"), "--passphrase-file",
                          dir.File("pass")});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out.substr(0, kPersonCsvHeader.size()), kPersonCsvHeader);
  EXPECT_NE(plain.out.find("r3,Gul Bibi,Father 3"), std::string::npos);
  // Re-importing the export into a new site gives the same persons.
  WriteWholeFile(dir.File("round.csv"), plain.out);
  ASSERT_EQ(proc::Run({SANAD_BINARY, "import", "persons", dir.File("round.csv"), "--db",
                       dir.File("b/site.db")})
                .exit_code,
            1)
      << "a missing folder is an error";
  std::filesystem::create_directory(dir.File("b"));
  ASSERT_EQ(proc::Run({SANAD_BINARY, "import", "persons", dir.File("round.csv"), "--db",
                       dir.File("b/site.db")})
                .exit_code,
            0);
  EXPECT_EQ(CountRows(dir.File("b/site.db")), 25);
}

TEST(AuditVerify, NamesTheEditedRowAndPassesAnUntouchedLog) {
  sanad::testing::TempDir dir;
  const std::string db = dir.File("site.db");
  WriteWholeFile(dir.File("in.csv"), MakePersons(5));
  ASSERT_EQ(
      proc::Run({SANAD_BINARY, "import", "persons", dir.File("in.csv"), "--db", db}).exit_code, 0);
  ASSERT_EQ(proc::Run({SANAD_BINARY, "user", "add", "--db", db, "--username", "amina", "--role",
                       "registrar"},
                      "a long enough password\n")
                .exit_code,
            0);
  auto ok = proc::Run({SANAD_BINARY, "audit", "verify", "--db", db});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("audit log intact: 2 entries"), std::string::npos) << ok.out;
  sqlite3* handle = nullptr;
  sqlite3_open(db.c_str(), &handle);
  ASSERT_EQ(sqlite3_exec(handle, "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(handle);
  auto broken = proc::Run({SANAD_BINARY, "audit", "verify", "--db", db});
  EXPECT_NE(broken.exit_code, 0);
  EXPECT_NE(broken.err.find("entry 2"), std::string::npos) << broken.err;
}

TEST(Keys, AMissingOrWrongKeyStopsWithAClearMessage) {
  sanad::testing::TempDir dir;
  const std::string db = dir.File("site.db");
  WriteWholeFile(dir.File("in.csv"), MakePersons(5));
  ASSERT_EQ(
      proc::Run({SANAD_BINARY, "import", "persons", dir.File("in.csv"), "--db", db}).exit_code, 0);
  std::filesystem::rename(dir.File("sanad.key"), dir.File("moved.key"));
  auto missing = proc::Run({SANAD_BINARY, "user", "list", "--db", db});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("master key file"), std::string::npos) << missing.err;
  ASSERT_EQ(
      proc::Run({SANAD_BINARY, "user", "list", "--db", db, "--key-file", dir.File("moved.key")})
          .exit_code,
      0);
  WriteWholeFile(dir.File("other.key"), std::string(64, 'a'));
  std::filesystem::permissions(dir.File("other.key"), std::filesystem::perms::owner_read);
  auto wrong =
      proc::Run({SANAD_BINARY, "user", "list", "--db", db, "--key-file", dir.File("other.key")});
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_NE(wrong.err.find("key does not match"), std::string::npos) << wrong.err;
}

// Defect J: the same person file imported twice registered everyone twice.
TEST(ImportPersons, TheSameFileTwiceIsRefusedUnlessAgain) {
  sanad::testing::TempDir dir;
  const std::string db = dir.File("site.db"), csv = dir.File("persons.csv");
  WriteWholeFile(csv, MakePersons(20));
  ASSERT_EQ(proc::Run({SANAD_BINARY, "import", "persons", csv, "--db", db}).exit_code, 0);
  auto twice = proc::Run({SANAD_BINARY, "import", "persons", csv, "--db", db});
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_NE(twice.err.find("already imported"), std::string::npos) << twice.err;
  EXPECT_NE(twice.err.find("--again"), std::string::npos) << twice.err;
  EXPECT_EQ(CountRows(db), 20);
  auto again = proc::Run({SANAD_BINARY, "import", "persons", csv, "--db", db, "--again"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(CountRows(db), 40);
}

// The import reads its file twice and writes a household once its last row
// is read: households whose rows are spread over the file are written whole.
TEST(ImportPersons, HouseholdsWhoseRowsAreInterleavedAreWrittenWhole) {
  sanad::testing::TempDir dir;
  const std::string db = dir.File("site.db"), csv = dir.File("persons.csv");
  WriteWholeFile(csv, InterleavedPersons(30, 4));
  auto r = proc::Run({SANAD_BINARY, "import", "persons", csv, "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("imported 124 persons in 34 households"), std::string::npos) << r.out;
  EXPECT_EQ(CountRows(db), 124);
  EXPECT_EQ(QueryNumber(db, "SELECT COUNT(DISTINCT household_id) FROM persons"), 34);
  // Each household of four: one birth year, positions 0 to 3 in the file's
  // order, the head first.
  EXPECT_EQ(QueryNumber(db,
                        "SELECT COUNT(*) FROM (SELECT household_id FROM persons "
                        "GROUP BY household_id HAVING COUNT(*) = 4 AND "
                        "COUNT(DISTINCT birth_year) = 1 AND MIN(position) = 0 AND "
                        "MAX(position) = 3)"),
            30);
  EXPECT_EQ(CountRows(db, "WHERE relationship = 'head' AND position = 0"), 30);
  EXPECT_EQ(CountRows(db, "WHERE relationship = 'head'"), 30);
  // One create per person and one per household.
  EXPECT_EQ(QueryNumber(db, "SELECT COUNT(*) FROM change_log"), 124 + 34);
}

TEST(ImportPersons, AHouseholdErrorOrABadLastRowWritesNothing) {
  sanad::testing::TempDir dir;
  const std::string db = dir.File("site.db"), csv = dir.File("persons.csv");
  ImportTenPersons(dir, db);
  const int64_t operations_before = QueryNumber(db, "SELECT COUNT(*) FROM change_log");
  // Household h7's rows are on lines 9, 40, 71 and 102; its error is
  // reported on the first.
  WriteWholeFile(csv, InterleavedPersons(30, 4, /*second_head=*/7));
  auto r = proc::Run({SANAD_BINARY, "import", "persons", csv, "--db", db});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(csv + ":9: household_ref: only one member can be the household head"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(CountRows(db), 10);
  // The file's last row is bad: nothing before it is written either.
  std::string text = InterleavedPersons(30, 4);
  text += "r999,Nazo,,,,f,1986-13-40,,,,,,,\n";
  WriteWholeFile(csv, text);
  r = proc::Run({SANAD_BINARY, "import", "persons", csv, "--db", db});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(csv + ":126: birth_date:"), std::string::npos) << r.err;
  // A record_id used twice, far apart.
  text = InterleavedPersons(30, 4);
  text += "r3,Nazo,,,,f,1986,,,,,,,\n";
  WriteWholeFile(csv, text);
  r = proc::Run({SANAD_BINARY, "import", "persons", csv, "--db", db});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(csv + ":126: record_id: 'r3' is used twice (first on line 5)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(CountRows(db), 10);
  EXPECT_EQ(QueryNumber(db, "SELECT COUNT(*) FROM change_log"), operations_before);
}

// Defect L: a CR-only file said "has no rows to import"; a byte-order mark
// from a second file joined on ended up in record_id.
TEST(ImportPersons, CrOnlyFilesAreReadAndAByteOrderMarkInsideIsNamed) {
  sanad::testing::TempDir dir;
  const std::string db = dir.File("site.db"), csv = dir.File("persons.csv");
  std::string text = MakePersons(10);
  std::replace(text.begin(), text.end(), '\n', '\r');
  WriteWholeFile(csv, text);
  auto r = proc::Run({SANAD_BINARY, "import", "persons", csv, "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(CountRows(db), 10);
  WriteWholeFile(csv, "\xEF\xBB\xBF" + MakePersons(3) +
                          "\xEF\xBB\xBF"
                          "r9,Nazo,,,,f,,,,,,\n");
  r = proc::Run({SANAD_BINARY, "import", "persons", csv, "--db", db});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(csv + ":5: record_id:"), std::string::npos) << r.err;
  EXPECT_EQ(CountRows(db), 10);
}

}  // namespace
}  // namespace sanad
