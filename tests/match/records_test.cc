#include "match/records.h"

#include <gtest/gtest.h>

#include <string>

#include "core/person_csv.h"
#include "match/model.h"

namespace sanad::match {
namespace {

const std::string kHeader = std::string(kPersonCsvHeader) + "\n";

TEST(ReadRecords, ReadsThePersonCsvFormat) {
  FeatureStore store(DefaultPersonModel());
  const std::string content = kHeader +
                              "p1,Ahmad,Abdul Karim,,,m,1990,0700123456,1400-1,,Nangarhar,\n"
                              "p2,احمد,عبدالکریم,,,m,1990-03,,,PR-9,Kabul,Paghman\n";
  const ReadReport report = ReadRecords(content, &store);
  ASSERT_TRUE(report.ok()) << report.errors.front().message;
  EXPECT_EQ(report.rows, 2U);
  ASSERT_EQ(store.size(), 2U);
  EXPECT_EQ(store.Id(1), "p2");
}

TEST(ReadRecords, ErrorsNameLineAndColumn) {
  struct Case {
    std::string content;
    int64_t line;
    std::string field;
  };
  const Case cases[] = {
      {kHeader + "p1,Ahmad,,,,m,1990-13-01,,,,,\n", 2, "birth_date"},
      {kHeader + "p1,Ahmad,,,,m,,,,,\n", 2, ""},  // a field short
      {kHeader + "p1,Ahmad,,,,m,,,,,,\np1,Nabi,,,,m,,,,,,\n", 3, "record_id"},
      {kHeader + ",Ahmad,,,,m,,,,,,\n", 2, "record_id"},
      {kHeader + "p1,\"Ahmad,,,,m,,,,,,\n", 2, "row"},  // unclosed quote
      {"record_id,given_name\np1,Ahmad\n", 1, "father_name"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.content);
    FeatureStore store(DefaultPersonModel());
    const ReadReport report = ReadRecords(c.content, &store);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.errors.front().line, c.line);
    EXPECT_EQ(report.errors.front().field, c.field);
    const std::string formatted = FormatFileError("persons.csv", report.errors.front());
    EXPECT_EQ(formatted.rfind("persons.csv:" + std::to_string(c.line) + ": ", 0), 0U) << formatted;
  }
}

TEST(ReadRecords, FebrlStyleFileWithSpacesAfterCommas) {
  Result<Model> model = ParseModelToml(R"(id_column = "rec_id"
trim_leading_spaces = true
[[field]]
name = "given_name"
comparator = "name"
[[field]]
name = "date_of_birth"
comparator = "date"
date_format = "yyyymmdd"
[[blocking]]
keys = ["given_name:skeleton"]
)",
                                       "m.toml");
  ASSERT_TRUE(model) << model.error().message;
  FeatureStore store(*model);
  const ReadReport report = ReadRecords(
      "rec_id, given_name, surname, date_of_birth\nrec-1-org, kayla, harrington, 19150612\n"
      "rec-1-dup-0, kayla, harington, 19151306\nrec-2-org, , waller, \n",
      &store);
  ASSERT_TRUE(report.ok()) << report.errors.front().message;
  ASSERT_EQ(store.size(), 3U);
  EXPECT_EQ(store.Id(1), "rec-1-dup-0");
  EXPECT_TRUE(store.Record(2)[0].missing());
  EXPECT_FALSE(store.Record(1)[1].missing());  // an impossible date keeps its year
}

}  // namespace
}  // namespace sanad::match
