// The mapping from a form's questions to sanad's household fields, read from
// TOML (forms/sanad-household.mapping.toml is the one for the shipped
// XLSForm; docs/forms.md describes the format), and its use on submissions
// read by core/submission.h.
//
//   [household]
//   origin_province = "household/origin_province"
//   destination_province = { path = "destination", values = { sar_e_pol = "Sar-e Pol" } }
//   [members]
//   repeat = "members"                        # the roster; absent: one person per submission
//   given_name = "given_name"
//   sex = { path = "sex", values = { m = "male", f = "female" } }
//   birth_date = { path = "dob", solar_hijri = true, eastern_digits = true }
//   [members.documents]
//   types = { path = "documents", values = { por = "por_card" } }   # a select_multiple
//   tazkira = { path = "tazkira_number", eastern_digits = true }    # a document's number
//   por_card_valid_until = "por_expiry"
//
// Paths: '/', '-' and '.' are the same separator, and a path matches a
// question whose path ends with it ("origin_province" finds
// "household/origin_province") as long as only one question does; a path
// that matches two is an error that names both. Member paths are read
// inside the roster's items. Values: every answer is trimmed; with
// `eastern_digits` its ۰-۹ and ٠-٩ are read as 0-9; with `values` an answer
// is replaced by its entry (each word of a select_multiple answer apart),
// and an answer without one is kept as it is, so sanad's own names work
// unmapped; with `solar_hijri` a date is read as Solar Hijri (core/date.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/model.h"
#include "core/submission.h"

namespace sanad {

// Where one sanad field is read from.
struct FormField {
  std::string path;                           // normalised, as written in the mapping
  std::map<std::string, std::string> values;  // answer -> sanad's value
  bool eastern_digits = false;
  bool solar_hijri = false;
  int64_t line = 0;  // in the mapping file

  bool operator==(const FormField&) const = default;
};

struct SubmissionMapping {
  // By sanad's names: origin_province, origin_district, current_location,
  // destination_province, destination_district.
  std::map<std::string, FormField> household;
  // The roster (a repeat group); empty when each submission is one person.
  std::optional<FormField> members_repeat;
  // By sanad's names: given_name, father_name, grandfather_name,
  // family_name, sex, birth_date, phone, relationship, vulnerabilities,
  // consents (the last two select_multiple).
  std::map<std::string, FormField> members;
  std::optional<FormField> document_types;  // a select_multiple of types held
  std::map<DocumentType, FormField> document_numbers;
  std::map<DocumentType, FormField> document_valid_until;

  [[nodiscard]] bool HasRoster() const { return members_repeat.has_value(); }
};

// Reads a mapping file. kInvalidInput naming "mapping", the message
// starting "FILE:LINE:", for a TOML error, an unknown table or key (with
// the known ones), a sanad field, document type or value that does not
// exist, or no member's given_name.
[[nodiscard]] Result<SubmissionMapping> ParseSubmissionMapping(std::string_view content,
                                                               std::string_view file_name);

// One submission as a household, with what to call its members.
struct MappedSubmission {
  std::string name;  // Submission::Name()
  std::string instance_id;
  std::string deprecated_id;
  std::string root_id;
  Household household;                    // members in the roster's order
  std::vector<std::string> member_paths;  // "household/members[2]" (1-based, as forms count)
};

struct MappedSubmissions {
  std::vector<MappedSubmission> households;
  std::vector<SubmissionProblem> problems;  // every bad answer of every submission
  // Mapping paths no submission answers (likely misspelt, or never asked).
  std::vector<std::string> unanswered;
};

// Maps every submission and validates the household (core/validation.h,
// with `clock`), naming each problem by the form's path
// ("household/members[3]/birth_date"). kInvalidInput naming "mapping",
// with the mapping file's line, when a mapping path matches two questions,
// or the roster is not a repeat of the export.
[[nodiscard]] Result<MappedSubmissions> MapSubmissions(const SubmissionMapping& mapping,
                                                       const SubmissionExport& submissions,
                                                       const Clock& clock = SystemClock());

}  // namespace sanad
