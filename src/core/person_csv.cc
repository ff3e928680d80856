#include "core/person_csv.h"

#include <algorithm>
#include <array>
#include <optional>

#include "core/csv.h"
#include "core/validation.h"

namespace sanad {
namespace {

enum Column : size_t {
  kRecordId,
  kGivenName,
  kFatherName,
  kGrandfatherName,
  kFamilyName,
  kSex,
  kBirthDate,
  kPhone,
  kTazkiraNumber,
  kPorNumber,
  kProvince,
  kDistrict,
  kHouseholdRef,
  kRelationship,
  kConsents,
  kColumnCount,
};

constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "record_id", "given_name", "father_name",   "grandfather_name", "family_name",
    "sex",       "birth_date", "phone",         "tazkira_number",   "por_number",
    "province",  "district",   "household_ref", "relationship",     "consents"};
constexpr size_t kRequiredColumns = kHouseholdRef;

std::optional<Error> ParseRow(const std::vector<std::string>& fields, std::span<const size_t> index,
                              int64_t line, PersonRecord* out) {
  auto get = [&](Column c) -> const std::string& {
    static const std::string kEmpty;
    return index[c] < fields.size() ? fields[index[c]] : kEmpty;
  };
  if (auto invalid = FirstInvalidCell(fields, index, kColumnNames, line)) return invalid;
  Person& p = out->person;
  p.external_id = get(kRecordId);
  if (p.external_id.empty()) return CsvRowError(line, "record_id", Message("is required"));
  p.given_name = get(kGivenName);
  p.father_name = get(kFatherName);
  p.grandfather_name = get(kGrandfatherName);
  p.family_name = get(kFamilyName);
  auto sex = ParseSex(get(kSex));
  if (!sex) return CsvRowError(line, "sex", Message("must be female, male, f, m or empty"));
  p.sex = *sex;
  if (const auto& text = get(kBirthDate); !text.empty()) {
    auto date = PartialDate::Parse(text, "birth_date");
    if (!date) return CsvRowError(line, "birth_date", date.error().text);
    p.birth_date = *date;
  }
  p.phone = get(kPhone);
  if (auto ok = ValidatePhone("phone", p.phone); !ok) {
    return CsvRowError(line, "phone", ok.error().text);
  }
  if (const auto& number = get(kTazkiraNumber); !number.empty()) {
    p.documents.push_back(Document{DocumentType::kTazkira, number, {}, {}});
  }
  if (const auto& number = get(kPorNumber); !number.empty()) {
    p.documents.push_back(Document{DocumentType::kPorCard, number, {}, {}});
  }
  if (const auto& text = get(kRelationship); !text.empty()) {
    p.relationship = ParseRelationship(text);
    if (!p.relationship) {
      return CsvRowError(line, "relationship", Message("must be one of {}", RelationshipNames()));
    }
  }
  for (std::string_view name : SplitCsvList(get(kConsents))) {
    auto purpose = ParseConsentPurpose(name);
    if (!purpose) {
      return CsvRowError(line, "consents",
                         Message("'{}' is not a purpose; write {}, separated by ';'", name,
                                 ConsentPurposeNames()));
    }
    if (std::find(p.consents.begin(), p.consents.end(), *purpose) == p.consents.end()) {
      p.consents.push_back(*purpose);
    }
  }
  out->province = get(kProvince);
  out->district = get(kDistrict);
  out->household_ref = get(kHouseholdRef);
  out->line = line;
  return std::nullopt;
}

}  // namespace

PersonCsvReader::PersonCsvReader(std::string_view content)
    : table_(content, kColumnNames, kRequiredColumns, kPersonCsvHeader) {}

Result<bool> PersonCsvReader::Next(PersonRecord* record) {
  auto more = table_.Next(&fields_);
  if (!more || !*more) return more;
  *record = PersonRecord();
  if (auto error = ParseRow(fields_, table_.index(), table_.line(), record)) {
    return Fail(std::move(*error));
  }
  return true;
}

PersonCsv ParsePersonCsv(std::string_view content, const std::function<void(double)>& progress,
                         size_t max_errors) {
  PersonCsv result;
  result.rows = ReadCsvTable(
      content, kColumnNames, kRequiredColumns, kPersonCsvHeader,
      [&](const std::vector<std::string>& fields, std::span<const size_t> index,
          int64_t line) -> std::optional<Error> {
        PersonRecord record;
        if (auto error = ParseRow(fields, index, line, &record)) return error;
        result.records.push_back(std::move(record));
        return std::nullopt;
      },
      [&](Error e) {
        if (result.errors.size() < max_errors) result.errors.push_back(std::move(e));
      },
      progress);
  return result;
}

std::string PersonCsvLine(const Person& person, std::string_view province,
                          std::string_view district) {
  std::string tazkira, por;
  for (const auto& d : person.documents) {
    if ((d.type == DocumentType::kTazkira || d.type == DocumentType::kETazkira) &&
        tazkira.empty()) {
      tazkira = d.number;
    }
    if (d.type == DocumentType::kPorCard && por.empty()) por = d.number;
  }
  const std::string birth = person.birth_date ? person.birth_date->ToIso() : "";
  const std::string_view sex = person.sex == Sex::kUnknown ? "" : ToString(person.sex);
  const std::string_view values[] = {person.external_id.empty() ? person.id : person.external_id,
                                     person.given_name,
                                     person.father_name,
                                     person.grandfather_name,
                                     person.family_name,
                                     sex,
                                     birth,
                                     person.phone,
                                     tazkira,
                                     por,
                                     province,
                                     district};
  std::string line;
  for (size_t i = 0; i < std::size(values); ++i) {
    if (i) line.push_back(',');
    AppendCsvField(&line, values[i]);
  }
  line.push_back('\n');
  return line;
}

std::string FormatFileError(std::string_view file, const Error& error) {
  std::string out(file);
  if (error.line > 0) out += ":" + std::to_string(error.line);
  out += ": ";
  if (!error.field.empty()) out += error.field + ": ";
  out += error.message;
  return out;
}

}  // namespace sanad
