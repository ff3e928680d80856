#include "core/csv.h"

#include <gtest/gtest.h>

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
  auto rows = ReadAll("\xEF\xBB\xBF" "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n");
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

  CsvReader stray("a\"b,c\nok\n");
  auto first = stray.Next(&fields);
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().line, 1);
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

}  // namespace
}  // namespace sanad
