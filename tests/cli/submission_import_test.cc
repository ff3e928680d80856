// `sanad import submissions`, run as an information officer would run it,
// on the committed exports of the shipped form (tests/data/submissions/) in
// each of the three formats, against a real SQLite site.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "../testing/cli_site.h"
#include "../testing/files.h"
#include "core/submission.h"
#include "store/store.h"

namespace sanad {
namespace {

using sanad::testing::ReadWholeFile;
using sanad::testing::WriteWholeFile;

const std::string kData = std::string(SANAD_TEST_DATA_DIR) + "/submissions/";
const std::string kMapping =
    std::string(SANAD_TEST_DATA_DIR) + "/../../forms/sanad-household.mapping.toml";

struct Site : sanad::testing::CliSite {
  testing::RunResult Import(const std::string& file, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"import", "submissions", file, "--mapping", kMapping};
    args.insert(args.end(), more.begin(), more.end());
    return Sanad(args);
  }

  // Every row the import could touch, as text: equal before and after
  // means nothing changed.
  std::string State() {
    std::string out;
    sqlite3* handle = nullptr;
    EXPECT_EQ(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    for (const char* sql :
         {"SELECT id, version, updated_at FROM households ORDER BY id",
          "SELECT id, household_id, position, updated_at, hex(sealed) FROM persons ORDER BY id",
          "SELECT COUNT(*) FROM person_index", "SELECT seq, action, hash FROM audit_log",
          "SELECT instance_id, household_id, household_version FROM submission_imports "
          "ORDER BY instance_id"}) {
      sqlite3_stmt* stmt = nullptr;
      EXPECT_EQ(sqlite3_prepare_v2(handle, sql, -1, &stmt, nullptr), SQLITE_OK) << sql;
      while (sqlite3_step(stmt) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
          const unsigned char* text = sqlite3_column_text(stmt, c);
          out += text ? reinterpret_cast<const char*>(text) : "NULL";
          out += '|';
        }
        out += '\n';
      }
      sqlite3_finalize(stmt);
    }
    sqlite3_close(handle);
    return out;
  }

  int64_t Count(const std::string& sql) {
    sqlite3* handle = nullptr;
    sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    int64_t n = -1;
    if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      n = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    return n;
  }

  // Given names of every person, in the store's order.
  std::multiset<std::string> GivenNames() {
    std::multiset<std::string> names;
    auto ok = Open()->ForEachPerson(
        [&](const Person& p, const Household&) { names.insert(p.given_name); });
    EXPECT_TRUE(ok);
    return names;
  }
};

struct Format {
  const char* first;
  const char* edited;
  const char* bad;
};

const Format kFormats[] = {
    {"kobo.json", "kobo-edited.json", "kobo-bad.json"},
    {"odk.json", "odk-edited.json", "odk-bad.json"},
    {"odk.csv.zip", "odk-edited.csv.zip", "odk-bad.csv.zip"},
};

TEST(ImportSubmissions, EachFormatImportsOnceUpdatesTheEditAndRefusesTheBadFile) {
  for (const Format& format : kFormats) {
    SCOPED_TRACE(format.first);
    Site site;
    // First import: six households of 1 to 12 members.
    auto first = site.Import(kData + format.first);
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.out.find("6 households created, 0 updated, 0 skipped"), std::string::npos)
        << first.out;
    EXPECT_EQ(site.Count("SELECT COUNT(*) FROM households"), 6);
    EXPECT_EQ(site.Count("SELECT COUNT(*) FROM persons"), 35);
    EXPECT_TRUE(site.GivenNames().contains("زرغونه"));

    // The same export again changes nothing, and says so.
    const std::string before = site.State();
    auto again = site.Import(kData + format.first);
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("nothing changed"), std::string::npos) << again.out;
    EXPECT_NE(again.out.find("6 skipped"), std::string::npos) << again.out;
    EXPECT_EQ(site.State(), before);

    // The export after household 3 was edited in the form: one update
    // (a name corrected, a baby added), the rest skipped.
    auto edited = site.Import(kData + format.edited);
    ASSERT_EQ(edited.exit_code, 0) << edited.err;
    EXPECT_NE(edited.out.find("0 households created, 1 updated, 5 skipped"), std::string::npos)
        << edited.out;
    EXPECT_EQ(site.Count("SELECT COUNT(*) FROM households"), 6);
    EXPECT_EQ(site.Count("SELECT COUNT(*) FROM persons"), 36);
    EXPECT_EQ(site.Count("SELECT COUNT(*) FROM households WHERE version = 2"), 1);
    const auto names = site.GivenNames();
    EXPECT_TRUE(names.contains("Bibi Gula"));
    EXPECT_FALSE(names.contains("Bibi Gul"));
    EXPECT_TRUE(names.contains("Zarmina"));
    const std::string after_edit = site.State();
    auto edited_again = site.Import(kData + format.edited);
    ASSERT_EQ(edited_again.exit_code, 0) << edited_again.err;
    EXPECT_EQ(site.State(), after_edit);

    // A file with a bad submission changes nothing, and names it and the
    // form's paths at fault; the good new household in it is not written.
    auto parsed = ParseSubmissions(ReadWholeFile(kData + format.bad));
    ASSERT_TRUE(parsed);
    const std::string bad_id = parsed->submissions.back().instance_id;
    auto bad = site.Import(kData + format.bad);
    EXPECT_NE(bad.exit_code, 0);
    const std::string prefix = kData + format.bad + ":" + bad_id + ":household/members[2]/";
    EXPECT_NE(bad.err.find(prefix + "birth_date: '1402/13/05'"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find(prefix + "sex:"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("nothing was imported"), std::string::npos) << bad.err;
    EXPECT_EQ(site.State(), after_edit);
    auto verified = site.Open()->VerifyAudit();
    EXPECT_TRUE(verified) << verified.error().message;
  }
}

TEST(ImportSubmissions, AnEditAfterAChangeInSanadIsAConflictAndChangesNothing) {
  Site site;
  ASSERT_EQ(site.Import(kData + "kobo.json").exit_code, 0);
  {
    // A registrar corrects household 3 in sanad (its version becomes 2).
    auto store = site.Open();
    std::string id;
    auto ok = store->ForEachPerson([&](const Person& p, const Household& h) {
      if (p.given_name == "Bibi Gul") id = h.id;
    });
    ASSERT_TRUE(ok);
    auto household = store->GetHousehold(id, store::Actor{"test", ""});
    ASSERT_TRUE(household);
    household->current_location = "Spin Boldak reception centre";
    ASSERT_TRUE(store->UpdateHousehold(*household, household->version, store::Actor{"test", ""}));
  }
  const std::string before = site.State();
  auto edited = site.Import(kData + "kobo-edited.json");
  EXPECT_NE(edited.exit_code, 0);
  EXPECT_NE(edited.err.find("has changed since"), std::string::npos) << edited.err;
  auto parsed = ParseSubmissions(ReadWholeFile(kData + "kobo-edited.json"));
  ASSERT_TRUE(parsed);
  EXPECT_NE(edited.err.find(kData + "kobo-edited.json:" + parsed->submissions[2].instance_id + ":"),
            std::string::npos)
      << edited.err;
  EXPECT_EQ(site.State(), before);
}

TEST(ImportSubmissions, KobosCsvExportIsRefusedSayingItDropsTheRoster) {
  Site site;
  auto r = site.Import(kData + "kobo.csv");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("drops repeat groups"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was imported"), std::string::npos) << r.err;
}

TEST(ImportSubmissions, ListsPossibleDuplicatesOfEveryImportedPerson) {
  // The same families registered with Kobo, then again with ODK Collect.
  Site site;
  ASSERT_EQ(site.Import(kData + "kobo.json").exit_code, 0);
  const std::string out = site.dir.File("candidates.csv");
  auto r = site.Import(kData + "odk.json", {"--candidates", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("of 35 imported person(s)"), std::string::npos) << r.out;
  std::istringstream lines(ReadWholeFile(out));
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "record,candidate_person_id,match_probability");
  auto parsed = ParseSubmissions(ReadWholeFile(kData + "odk.json"));
  ASSERT_TRUE(parsed);
  std::set<std::string> records;
  while (std::getline(lines, line)) {
    const size_t last = line.rfind(',');
    const size_t middle = line.rfind(',', last - 1);
    ASSERT_NE(middle, std::string::npos) << line;
    records.insert(line.substr(0, middle));
    const double probability = std::stod(line.substr(last + 1));
    EXPECT_GE(probability, 0.5) << line;
    EXPECT_LE(probability, 1.0) << line;
  }
  // Every person of the ODK export finds their Kobo twin.
  size_t persons = 0;
  for (const auto& s : parsed->submissions) {
    const auto& roster = s.data.repeats.at("household/members");
    for (size_t m = 0; m < roster.size(); ++m, ++persons) {
      const std::string record =
          s.instance_id + ":household/members[" + std::to_string(m + 1) + "]";
      EXPECT_TRUE(records.contains(record)) << record;
    }
  }
  EXPECT_EQ(persons, 35u);
}

TEST(ImportSubmissions, AMappingMistakeIsNamedWithItsLineAndChangesNothing) {
  Site site;
  WriteWholeFile(site.dir.File("map.toml"),
                 "[members]\nrepeat = \"members\"\ngiven_nam = \"given_name\"\n");
  auto r = site.Sanad(
      {"import", "submissions", kData + "kobo.json", "--mapping", site.dir.File("map.toml")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(site.dir.File("map.toml") + ":3: unknown field 'given_nam'"),
            std::string::npos)
      << r.err;
  WriteWholeFile(site.dir.File("roster.toml"),
                 "[members]\ngiven_name = \"given_name\"\nrepeat = \"people\"\n");
  auto roster = site.Sanad(
      {"import", "submissions", kData + "kobo.json", "--mapping", site.dir.File("roster.toml")});
  EXPECT_NE(roster.exit_code, 0);
  EXPECT_NE(roster.err.find("roster.toml:3: the roster 'people'"), std::string::npos) << roster.err;
  EXPECT_NE(roster.err.find("household/members"), std::string::npos) << roster.err;
  EXPECT_FALSE(std::filesystem::exists(site.db));
}

}  // namespace
}  // namespace sanad
