// The person CSV (`sanad import persons`, `sanad dedupe`): files from the
// field, any encoding, any spreadsheet's quoting. Invariants: every row seen
// is either a record or an error (errors capped); errors carry a line; and a
// good row written back with PersonCsvLine under the standard header reads
// back as the same person, province and district (the export and import
// formats agree, formula-guard quotes included).
#include "core/person_csv.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sanad;
  const PersonCsv csv = ParsePersonCsv(fuzz::AsText(data, size), {}, 10);
  FUZZ_CHECK(csv.records.size() <= csv.rows, "no more records than rows");
  FUZZ_CHECK(csv.errors.size() <= 10, "errors capped at max_errors");
  for (const auto& error : csv.errors) {
    FUZZ_CHECK(error.line >= 1, "every error names its line");
    FUZZ_CHECK(!error.message.empty(), "every error says what is wrong");
    FUZZ_CHECK(fuzz::MessageFitsInput(fuzz::AsText(data, size), error.message),
               "an error quoting UTF-8 input is UTF-8");
  }
  for (const auto& record : csv.records) {
    FUZZ_CHECK(!record.person.external_id.empty(), "a record has its record_id");
    const std::string again = std::string(kPersonCsvHeader) + "\n" +
                              PersonCsvLine(record.person, record.province, record.district);
    const PersonCsv reread = ParsePersonCsv(again);
    FUZZ_CHECK(reread.errors.empty(), "a person written back reads without error");
    FUZZ_CHECK(reread.records.size() == 1, "a person written back is one record");
    Person expected = record.person;
    expected.relationship.reset();  // not a column PersonCsvLine writes
    FUZZ_CHECK(reread.records[0].person == expected, "a person survives writing and reading");
    FUZZ_CHECK(reread.records[0].province == record.province, "the province survives");
    FUZZ_CHECK(reread.records[0].district == record.district, "the district survives");
  }
  return 0;
}
