#include "core/incident_csv.h"

#include <gtest/gtest.h>

#include <string>

namespace sanad {
namespace {

const std::string kHeader = std::string(kIncidentCsvHeader) + "\n";

TEST(IncidentCsv, RowsWithTheSameRefFormOneIncident) {
  const std::string csv = kHeader +
                          "Q-1,2023-11-10,Balochistan,Quetta,detention,police,m,34,por_card;tazkira,"
                          "released_after_payment,20000,15000,PKR\n"
                          "Q-1,2023-11-10,Balochistan,Quetta,detention,police,f,,,,,,\n"
                          "Q-2,2023-11,Sindh,,extortion,,,,acc,,5000,5000,pkr\n";
  IncidentCsv parsed = ParseIncidentCsv(csv);
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors[0].field << ": " << parsed.errors[0].message;
  ASSERT_EQ(parsed.incidents.size(), 2u);
  const Incident& first = parsed.incidents[0];
  EXPECT_EQ(first.external_ref, "Q-1");
  EXPECT_EQ(first.type, IncidentType::kDetention);
  EXPECT_EQ(first.perpetrator, Perpetrator::kPolice);
  EXPECT_EQ(first.place_type, PlaceType::kOther);
  EXPECT_EQ(first.source, IncidentSource::kUnknown);
  ASSERT_EQ(first.persons.size(), 2u);
  EXPECT_EQ(first.persons[0].age, 34);
  EXPECT_EQ(first.persons[0].documents_held.size(), 2u);
  ASSERT_TRUE(first.persons[0].detention);
  EXPECT_EQ(first.persons[0].detention->payment_paid, 15000);
  EXPECT_EQ(first.persons[1].sex, Sex::kFemale);
  EXPECT_FALSE(first.persons[1].detention);
  EXPECT_EQ(parsed.lines[0], (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(parsed.incidents[1].date.precision, PartialDate::Precision::kMonth);
  EXPECT_EQ(parsed.incidents[1].perpetrator, Perpetrator::kUnknown);
}

TEST(IncidentCsv, ErrorsNameTheLineAndColumn) {
  struct Case {
    std::string rows;
    int64_t line;
    const char* column;
  } cases[] = {
      {"Q-1,2023-13-01,Balochistan,,arrest,,,,,,,,\n", 2, "date"},
      {"Q-1,2023-11-01,Balochistan,,raid,,,,,,,,\n", 2, "type"},
      {"Q-1,2023-11-01,Balochistan,,arrest,Mr Khan,,,,,,,\n", 2, "perpetrator"},
      {"Q-1,2023-11-01,Balochistan,,arrest,,x,,,,,,\n", 2, "sex"},
      {"Q-1,2023-11-01,Balochistan,,arrest,,,-3,,,,,\n", 2, "age"},
      {"Q-1,2023-11-01,Balochistan,,arrest,,,,por_card;card,,,,\n", 2, "documents_held"},
      {"Q-1,2023-11-01,Balochistan,,arrest,,,,,freed,,,\n", 2, "detention_outcome"},
      {"Q-1,2023-11-01,Balochistan,,arrest,,,,,,5000,,\n", 2, "currency"},
      {"Q-1,2023-11-01,Balochistan,,arrest,,,,,,,,\nQ-1,2023-11-02,Balochistan,,arrest,,,,,,,,\n",
       3, "date"},
      {"Q-1,2023,Balochistan,,arrest,,,,,,,,\n", 2, "date"},
      {"Q-1,2023-11-01,,,arrest,,,,,,,,\n", 2, "province"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.rows);
    IncidentCsv parsed = ParseIncidentCsv(kHeader + c.rows);
    ASSERT_FALSE(parsed.errors.empty());
    EXPECT_EQ(parsed.errors[0].line, c.line);
    EXPECT_EQ(parsed.errors[0].field, c.column) << parsed.errors[0].message;
  }
}

TEST(IncidentCsv, TheHeaderMustBeExact) {
  IncidentCsv parsed = ParseIncidentCsv("incident_ref,date\nQ-1,2023-11-01\n");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_EQ(parsed.errors[0].line, 1);
  EXPECT_EQ(parsed.errors[0].field, "header");
}

}  // namespace
}  // namespace sanad
