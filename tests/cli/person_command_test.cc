// `sanad person erase`, run as an administrator would run it.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <sstream>

#include "../testing/cli_site.h"
#include "../testing/files.h"
#include "core/person_csv.h"
#include "store/store.h"

namespace sanad {
namespace {

using sanad::testing::WriteWholeFile;

namespace proc = sanad::testing;

struct Site : sanad::testing::CliSite {
  std::vector<std::string> Search(const std::string& query) {
    std::vector<std::string> ids;
    auto page = Open()->SearchPersons(query, 1, 100, store::Actor{"test", ""});
    EXPECT_TRUE(page) << page.error().message;
    for (const auto& item : page->items) ids.push_back(item.id);
    return ids;
  }
};

std::string ThreePeople() {
  return std::string(kPersonCsvHeader) + ",household_ref,relationship\n" +
         "r1,Mohammad Nabi,Abdul Rahman,,,m,1979,0700123456,T-1,,Peshawar,,h1,head\n"
         "r2,Zarghuna,Wazirgul,,,f,1984,,T-2,,Peshawar,,h1,spouse\n"
         "r3,Nazo,Mohammad Nabi,,,f,2010,,,,Peshawar,,h1,daughter\n";
}

// Defect B: erasure was promised (docs/security.md) but no command did it.
TEST(PersonErase, ErasedPersonIsGoneFromSearchAndExportAndTheAuditVerifies) {
  Site site;
  WriteWholeFile(site.dir.File("in.csv"), ThreePeople());
  ASSERT_EQ(site.Sanad({"import", "persons", site.dir.File("in.csv")}).exit_code, 0);
  const auto found = site.Search("Zarghuna");
  ASSERT_EQ(found.size(), 1u);
  const std::string id = found[0];

  const std::string reason = "she asked for her record to be removed (request 2025-04-02)";
  auto erased = site.Sanad({"person", "erase", "--id", id, "--reason", reason});
  ASSERT_EQ(erased.exit_code, 0) << erased.err;
  EXPECT_NE(erased.out.find(id), std::string::npos) << erased.out;

  EXPECT_TRUE(site.Search("Zarghuna").empty());
  EXPECT_TRUE(site.Search("T-2").empty());
  EXPECT_EQ(site.Search("Nazo").size(), 1u);
  auto read = site.Open()->GetPerson(id, store::Actor{"test", ""});
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, Error::Code::kNotFound);

  WriteWholeFile(site.dir.File("pass"), "export passphrase for the hub\n");
  auto exported = site.Sanad({"export", "persons", "--out", site.dir.File("x.enc"), "--purpose",
                              "checking the erasure", "--passphrase-file", site.dir.File("pass")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto plain = proc::Run({SANAD_BINARY, "export", "decrypt", site.dir.File("x.enc"),
                          "--passphrase-file", site.dir.File("pass")});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out.find("Zarghuna"), std::string::npos) << plain.out;
  EXPECT_EQ(plain.out.find("r2,"), std::string::npos) << plain.out;
  EXPECT_NE(plain.out.find("r3,Nazo"), std::string::npos) << plain.out;

  auto verified = site.Sanad({"audit", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  // The audit entry holds the id and the reason, never the name.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(site.db.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT object_id, detail, actor FROM audit_log WHERE action = "
                               "'person.erase'",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), id);
  EXPECT_EQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1)), reason);
  EXPECT_EQ(
      std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2))).rfind("cli:", 0),
      0u);
  EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE);
  sqlite3_finalize(stmt);
  sqlite3_close(db);

  auto again = site.Sanad({"person", "erase", "--id", id, "--reason", reason});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("no person"), std::string::npos) << again.err;
}

TEST(PersonErase, AReasonIsRequiredAndABadRequestChangesNothing) {
  Site site;
  WriteWholeFile(site.dir.File("in.csv"), ThreePeople());
  ASSERT_EQ(site.Sanad({"import", "persons", site.dir.File("in.csv")}).exit_code, 0);
  const std::string id = site.Search("Zarghuna").at(0);
  auto no_reason = site.Sanad({"person", "erase", "--id", id});
  EXPECT_NE(no_reason.exit_code, 0);
  EXPECT_NE(no_reason.err.find("--reason"), std::string::npos) << no_reason.err;
  auto short_reason = site.Sanad({"person", "erase", "--id", id, "--reason", "asked"});
  EXPECT_NE(short_reason.exit_code, 0);
  EXPECT_NE(short_reason.err.find("reason"), std::string::npos) << short_reason.err;
  auto unknown = site.Sanad({"person", "erase", "--id", "01234567-89ab-7def-8123-456789abcdef",
                             "--reason", "the person asked for it"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("no person"), std::string::npos) << unknown.err;
  auto missing_db = proc::Run({SANAD_BINARY, "person", "erase", "--db", site.dir.File("none.db"),
                               "--id", id, "--reason", "the person asked for it"});
  EXPECT_NE(missing_db.exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(site.dir.File("none.db"))) << "no database is created";
  EXPECT_EQ(site.Search("Zarghuna").size(), 1u);
  EXPECT_EQ(site.Sanad({"audit", "verify"}).exit_code, 0);
}

}  // namespace
}  // namespace sanad
