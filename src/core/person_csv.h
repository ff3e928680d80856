// The person CSV format, shared by `sanad import persons`, `sanad export
// persons` and `sanad dedupe` (a contract other tools depend on):
//
//   record_id,given_name,father_name,grandfather_name,family_name,sex,
//   birth_date,phone,tazkira_number,por_number,province,district
//
// UTF-8; any field but record_id may be empty; names in either script. The
// optional columns household_ref and relationship group rows into households;
// the optional column consents lists the purposes the person agreed to
// (registration, assistance, tracing, legal_aid, referral; separated by ';'),
// recorded as given by the importing user. Other extra columns are ignored;
// export writes the twelve columns above. Cells a spreadsheet would run as formulas
// ("+93 700 ...", "=...") are written with a leading single quote, which the
// reader removes (core/csv.h).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"  // AppendCsvField, which writes every cell of a person line
#include "core/error.h"
#include "core/model.h"

namespace sanad {

inline constexpr std::string_view kPersonCsvHeader =
    "record_id,given_name,father_name,grandfather_name,family_name,sex,birth_date,phone,"
    "tazkira_number,por_number,province,district";

struct PersonRecord {
  int64_t line = 0;  // where the row starts in its file
  Person person;     // person.external_id holds record_id
  std::string province;
  std::string district;
  std::string household_ref;  // empty: a household of one
};

struct PersonCsv {
  std::vector<PersonRecord> records;  // the good rows
  std::vector<Error> errors;          // one per bad row, each with line and field
  size_t rows = 0;                    // data rows seen
};

// Reads a person CSV one row at a time, parsed and checked as ParsePersonCsv
// does each row; for a file too large to hold parsed (the import reads it
// twice: once to check, once to write). `content` must outlive the reader.
class PersonCsvReader {
 public:
  explicit PersonCsvReader(std::string_view content);

  // The header's problem, as ParsePersonCsv reports it (line 1); when set,
  // Next returns false at once.
  [[nodiscard]] const std::optional<Error>& header_error() const { return table_.header_error(); }

  // The next row into `*record`: true; false at the end. A bad row is its
  // error (naming line and field); reading may go on with the next row.
  [[nodiscard]] Result<bool> Next(PersonRecord* record);

  [[nodiscard]] size_t rows() const { return table_.rows(); }  // data rows seen, bad included
  [[nodiscard]] double progress() const { return table_.progress(); }

 private:
  CsvTableReader table_;
  std::vector<std::string> fields_;
};

// Parses a whole file's content. Never fails as a whole: a bad header is
// reported as an error on line 1. `progress` (may be empty) is called now and
// then with the fraction read. At most `max_errors` errors are kept.
[[nodiscard]] PersonCsv ParsePersonCsv(std::string_view content,
                                       const std::function<void(double)>& progress = {},
                                       size_t max_errors = 100);

// The CSV line (with '\n') for a person, in the header's column order.
[[nodiscard]] std::string PersonCsvLine(const Person& person, std::string_view province,
                                        std::string_view district);

// "persons.csv:17: birth_date: '1986-13' is not a valid date ..."
[[nodiscard]] std::string FormatFileError(std::string_view file, const Error& error);

}  // namespace sanad
