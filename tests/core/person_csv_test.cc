#include "core/person_csv.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/utf8.h"

namespace sanad {
namespace {

const std::string kHeader = std::string(kPersonCsvHeader) + "\n";

TEST(PersonCsv, ParsesBothScriptsAndDocuments) {
  auto csv = ParsePersonCsv(kHeader +
                            "r1,محمد نبی,عبدالرحمن,,,m,1986~2,0700123456,1234-5678,,Peshawar,\n"
                            "r2,Mohammad Nabi,Abdul Rahman,Ghulam,,male,1986,,,PoR-77,,\n");
  ASSERT_TRUE(csv.errors.empty()) << csv.errors[0].message;
  ASSERT_EQ(csv.records.size(), 2u);
  EXPECT_EQ(csv.records[0].person.given_name, "محمد نبی");
  EXPECT_EQ(csv.records[0].person.documents.at(0).type, DocumentType::kTazkira);
  EXPECT_EQ(csv.records[0].province, "Peshawar");
  EXPECT_EQ(csv.records[1].person.documents.at(0).type, DocumentType::kPorCard);
  EXPECT_EQ(csv.records[1].line, 3);
}

TEST(PersonCsv, NamesEveryBadRowAndItsColumn) {
  auto csv = ParsePersonCsv(kHeader + "r1,A,,,,x,,,,,,\n" + "r2,B,,,,,1986-13,,,,,\n" +
                            "r3,C,,,,,,not a phone,,,,\n" + "r4,\xFF\xFE,,,,,,,,,,\n" +
                            ",E,,,,,,,,,,\n" + "r6,F,,,,,,,,,,\n");
  ASSERT_EQ(csv.errors.size(), 5u);
  EXPECT_EQ(FormatFileError("p.csv", csv.errors[0]).substr(0, 13), "p.csv:2: sex:");
  EXPECT_EQ(csv.errors[1].field, "birth_date");
  EXPECT_EQ(csv.errors[2].field, "phone");
  EXPECT_EQ(csv.errors[3].field, "given_name");
  EXPECT_EQ(csv.errors[4].field, "record_id");
  EXPECT_EQ(csv.records.size(), 1u);
}

TEST(PersonCsv, ReadsTheOptionalConsentsColumnAndNamesABadPurpose) {
  const std::string header =
      std::string(kPersonCsvHeader) + ",household_ref,relationship,consents\n";
  auto csv = ParsePersonCsv(header + "r1,A,,,,m,,,,,,,h1,head, registration ; tracing;\n" +
                            "r2,B,,,,f,,,,,,,h1,spouse,\n" +
                            "r3,C,,,,f,,,,,,,h1,daughter,tracing;tracing;legal_aid\n" +
                            "r4,D,,,,m,,,,,,,h1,son,registration;search\n");
  ASSERT_EQ(csv.errors.size(), 1u);
  EXPECT_EQ(csv.errors[0].line, 5);
  EXPECT_EQ(csv.errors[0].field, "consents");
  EXPECT_NE(csv.errors[0].message.find("'search' is not a purpose"), std::string::npos)
      << csv.errors[0].message;
  ASSERT_EQ(csv.records.size(), 3u);
  EXPECT_EQ(csv.records[0].person.consents,
            (std::vector{ConsentPurpose::kRegistration, ConsentPurpose::kTracing}));
  EXPECT_TRUE(csv.records[1].person.consents.empty());
  EXPECT_EQ(csv.records[2].person.consents,
            (std::vector{ConsentPurpose::kTracing, ConsentPurpose::kLegalAid}));
}

TEST(PersonCsv, RejectsAMissingHeaderColumn) {
  auto csv = ParsePersonCsv("record_id,given_name\nr1,A\n");
  ASSERT_EQ(csv.errors.size(), 1u);
  EXPECT_EQ(csv.errors[0].line, 1);
  EXPECT_NE(csv.errors[0].message.find("father_name"), std::string::npos);
}

TEST(PersonCsv, LinesRoundTripThroughTheParser) {
  Person p;
  p.external_id = "r9";
  p.given_name = "Noor, \"Ahmad\"";
  p.father_name = "نور";
  p.sex = Sex::kFemale;
  p.birth_date = PartialDate::Parse("1990-05").value();
  p.documents.push_back({DocumentType::kTazkira, "T-1", {}, {}});
  auto csv = ParsePersonCsv(kHeader + PersonCsvLine(p, "Kabul", "D1"));
  ASSERT_TRUE(csv.errors.empty());
  ASSERT_EQ(csv.records.size(), 1u);
  EXPECT_EQ(csv.records[0].person, p);
  EXPECT_EQ(csv.records[0].district, "D1");
}

// Defect L: a file saved with CR-only line endings was one record, a header
// with everything glued to its last column, and "has no rows to import".
TEST(PersonCsv, CrOnlyLineEndingsAreRead) {
  std::string text = std::string(kPersonCsvHeader) + ",household_ref,relationship\n" +
                     "r1,Gul Bibi,,,,f,,,,,,,h1,head\nr2,Nazo,,,,f,,,,,,,h1,daughter\n";
  std::replace(text.begin(), text.end(), '\n', '\r');
  auto csv = ParsePersonCsv(text);
  ASSERT_TRUE(csv.errors.empty()) << csv.errors[0].message;
  ASSERT_EQ(csv.records.size(), 2u);
  EXPECT_EQ(csv.records[1].person.given_name, "Nazo");
  EXPECT_EQ(csv.records[1].household_ref, "h1");
  EXPECT_EQ(csv.records[1].line, 3);
}

// Defect L: files joined end to end leave the second file's byte-order mark
// at the start of a line, where it became part of record_id.
TEST(PersonCsv, AByteOrderMarkInsideTheFileIsRefusedNamingRowAndColumn) {
  auto csv = ParsePersonCsv("\xEF\xBB\xBF" + kHeader + "r1,A,,,,,,,,,,\n" +
                            "\xEF\xBB\xBF"
                            "r2,B,,,,,,,,,,\n");
  ASSERT_EQ(csv.errors.size(), 1u);
  EXPECT_EQ(csv.errors[0].line, 3);
  EXPECT_EQ(csv.errors[0].field, "record_id");
  ASSERT_EQ(csv.records.size(), 1u);
  EXPECT_EQ(csv.records[0].person.external_id, "r1");
}

// Defect G: the person CSV (export, dedupe input) neutralises formula-like
// cells and reads them back unchanged, so exports re-import as they were.
TEST(PersonCsv, FormulaLikeCellsAreNeutralisedAndRoundTrip) {
  Person p;
  p.external_id = "=1+1";
  p.given_name = "@Gul";
  p.father_name = "-Wazir";
  p.phone = "+93 700 123 456";
  const std::string line = PersonCsvLine(p, "+Kabul", "=D1");
  EXPECT_EQ(line.rfind("'=1+1,'@Gul,'-Wazir,", 0), 0u) << line;
  EXPECT_NE(line.find(",'+93 700 123 456,"), std::string::npos) << line;
  auto csv = ParsePersonCsv(kHeader + line);
  ASSERT_TRUE(csv.errors.empty()) << csv.errors[0].field << ": " << csv.errors[0].message;
  ASSERT_EQ(csv.records.size(), 1u);
  EXPECT_EQ(csv.records[0].person, p);
  EXPECT_EQ(csv.records[0].province, "+Kabul");
  EXPECT_EQ(csv.records[0].district, "=D1");
}

// Found by fuzz/person_csv_fuzz (fuzz/crashes/person_csv/): a long
// birth_date in Persian digits was quoted cut inside a character, so the
// row's error was not UTF-8.
TEST(PersonCsv, RowErrorsQuotingLongPersianTextAreUtf8) {
  std::string birth = "1990-05";
  for (int i = 0; i < 20; ++i) birth += "\xDB\xB1";  // ۱
  auto csv = ParsePersonCsv(kHeader + "r1,Gul,,,,f," + birth + ",,,,,\n");
  ASSERT_EQ(csv.errors.size(), 1u);
  EXPECT_EQ(csv.errors[0].field, "birth_date");
  EXPECT_TRUE(IsValidUtf8(csv.errors[0].message)) << csv.errors[0].message;
}

}  // namespace
}  // namespace sanad
