#include "core/incident_csv.h"

#include <charconv>
#include <unordered_map>
#include <utility>

#include "core/csv.h"
#include "core/validation.h"

namespace sanad {
namespace {

enum Column : size_t {
  kRef,
  kDate,
  kProvince,
  kDistrict,
  kType,
  kPerpetrator,
  kSex,
  kAge,
  kDocumentsHeld,
  kDetentionOutcome,
  kPaymentDemanded,
  kPaymentPaid,
  kCurrency,
  kColumnCount,
};

constexpr std::string_view kColumnNames[kColumnCount] = {
    "incident_ref",     "date",         "province", "district",       "type",
    "perpetrator",      "sex",          "age",      "documents_held", "detention_outcome",
    "payment_demanded", "payment_paid", "currency"};

std::optional<int64_t> ParseWhole(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// What every row of one incident must agree on.
struct Shared {
  std::string date, province, district, type, perpetrator;
  int64_t line = 0;
};

}  // namespace

IncidentCsv ParseIncidentCsv(std::string_view content, size_t max_errors) {
  IncidentCsv out;
  auto add_error = [&](Error e) {
    if (out.errors.size() < max_errors) out.errors.push_back(std::move(e));
  };
  CsvReader reader(content);
  std::vector<std::string> fields;
  auto header = reader.Next(&fields);
  if (!header || !*header) {
    add_error(CsvRowError(
        1, "header", Message("the file is empty: the first line must be {}", kIncidentCsvHeader)));
    return out;
  }
  std::string joined;
  for (size_t i = 0; i < fields.size(); ++i) joined += (i ? "," : "") + fields[i];
  if (joined != kIncidentCsvHeader) {
    add_error(CsvRowError(1, "header", Message("must be exactly {}", kIncidentCsvHeader)));
    return out;
  }
  std::unordered_map<std::string, size_t> by_ref;
  std::vector<Shared> shared;
  while (true) {
    auto next = reader.Next(&fields);
    if (!next) {
      add_error(next.error());
      continue;
    }
    if (!*next) break;
    const int64_t line = reader.line();
    ++out.rows;
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
    if (fields.size() != kColumnCount) {
      add_error(CsvRowError(line, "row",
                            Message("has {} cells, the header {}", fields.size(), kColumnCount)));
      continue;
    }
    const size_t errors_before = out.errors.size();
    auto bad = [&](Column c, Message message) {
      add_error(CsvRowError(line, kColumnNames[c], std::move(message)));
    };
    for (size_t c = 0; c < kColumnCount; ++c) {
      if (auto ok = ValidateText(kColumnNames[c], fields[c]); !ok) {
        add_error(CsvRowError(line, kColumnNames[c], ok.error().text));
      }
    }
    if (out.errors.size() != errors_before) continue;
    if (fields[kRef].empty()) bad(kRef, Message("is required: rows of one incident share it"));
    auto date = PartialDate::Parse(fields[kDate], "date");
    if (!date) bad(kDate, date.error().text);
    if (fields[kProvince].empty()) bad(kProvince, Message("is required, e.g. Balochistan"));
    auto type = ParseIncidentType(fields[kType]);
    if (!type) bad(kType, Message("must be one of {}", IncidentTypeNames()));
    std::optional<Perpetrator> perpetrator = Perpetrator::kUnknown;
    if (!fields[kPerpetrator].empty()) {
      perpetrator = ParsePerpetrator(fields[kPerpetrator]);
      if (!perpetrator) bad(kPerpetrator, Message("must be one of {}", PerpetratorNames()));
    }
    IncidentPerson person;
    if (auto sex = ParseSex(fields[kSex])) {
      person.sex = *sex;
    } else {
      bad(kSex, Message("must be female, male, f, m or unknown"));
    }
    if (!fields[kAge].empty()) {
      auto age = ParseWhole(fields[kAge]);
      if (!age || *age < 0 || *age > 120) {
        bad(kAge, Message("must be a whole number of years from 0 to 120"));
      } else {
        person.age = static_cast<int>(*age);
      }
    }
    for (std::string_view name : SplitCsvList(fields[kDocumentsHeld])) {
      auto document_type = ParseDocumentType(name);
      if (!document_type) {
        bad(kDocumentsHeld, Message("'{}' is not a document type; write {}, separated by ';'", name,
                                    DocumentTypeNames()));
        break;
      }
      HeldDocumentRecord d{*document_type, std::nullopt};
      bool repeated = false;
      for (const auto& held : person.documents_held) repeated = repeated || held == d;
      if (!repeated) person.documents_held.push_back(d);
    }
    const bool detention = !fields[kDetentionOutcome].empty() ||
                           !fields[kPaymentDemanded].empty() || !fields[kPaymentPaid].empty() ||
                           !fields[kCurrency].empty();
    if (detention) {
      Detention d;
      if (!fields[kDetentionOutcome].empty()) {
        if (auto o = ParseDetentionOutcome(fields[kDetentionOutcome])) {
          d.outcome = *o;
        } else {
          bad(kDetentionOutcome, Message("must be one of {}", DetentionOutcomeNames()));
        }
      }
      for (auto [column, target] : {std::pair{kPaymentDemanded, &d.payment_demanded},
                                    std::pair{kPaymentPaid, &d.payment_paid}}) {
        if (fields[column].empty()) continue;
        auto amount = ParseWhole(fields[column]);
        if (!amount || *amount < 0) {
          bad(column, Message("must be a whole amount, 0 or more, without separators"));
        } else {
          *target = *amount;
        }
      }
      if (!fields[kCurrency].empty()) {
        d.currency = ParseCurrency(fields[kCurrency]);
        if (!d.currency) bad(kCurrency, Message("must be PKR, AFN or USD"));
      }
      person.detention = d;
    }
    if (out.errors.size() != errors_before) continue;

    auto [it, inserted] = by_ref.try_emplace(fields[kRef], out.incidents.size());
    if (inserted) {
      Incident incident;
      incident.external_ref = fields[kRef];
      incident.date = *date;
      incident.province = fields[kProvince];
      incident.district = fields[kDistrict];
      incident.type = *type;
      incident.perpetrator = *perpetrator;
      incident.place_type = PlaceType::kOther;
      incident.source = IncidentSource::kUnknown;
      out.incidents.push_back(std::move(incident));
      out.lines.emplace_back();
      shared.push_back({fields[kDate], fields[kProvince], fields[kDistrict], fields[kType],
                        fields[kPerpetrator], line});
    } else {
      const Shared& first = shared[it->second];
      const std::pair<Column, const std::string*> agree[] = {{kDate, &first.date},
                                                             {kProvince, &first.province},
                                                             {kDistrict, &first.district},
                                                             {kType, &first.type},
                                                             {kPerpetrator, &first.perpetrator}};
      bool disagrees = false;
      for (const auto& [column, value] : agree) {
        if (fields[column] != *value) {
          bad(column, Message("'{}' disagrees with line {} of the same incident ('{}')",
                              fields[column], first.line, *value));
          disagrees = true;
        }
      }
      if (disagrees) continue;
    }
    out.incidents[it->second].persons.push_back(std::move(person));
    out.lines[it->second].push_back(line);
  }
  if (!out.errors.empty()) return out;
  for (size_t i = 0; i < out.incidents.size(); ++i) {
    if (auto ok = ValidateIncident(out.incidents[i]); !ok) {
      add_error(LocateIncidentError(out, i, std::move(ok.error())));
    }
  }
  return out;
}

Error LocateIncidentError(const IncidentCsv& csv, size_t index, Error error) {
  const std::vector<int64_t>& lines = csv.lines.at(index);
  error.line = lines.empty() ? 0 : lines.front();
  std::string_view field = error.field;
  if (field.starts_with("incidents[")) field.remove_prefix(field.find(']') + 2);
  if (field.starts_with("persons[")) {
    const size_t close = field.find(']');
    size_t person = 0;
    std::from_chars(field.data() + 8, field.data() + close, person);
    if (person < lines.size()) error.line = lines[person];
    field.remove_prefix(std::min(field.size(), close + 2));
    if (field.starts_with("detention.")) {
      field.remove_prefix(10);
      if (field == "outcome") field = "detention_outcome";
    }
    if (field.starts_with("documents_held")) field = "documents_held";
    if (field == "person_id" || field.empty()) field = "row";
  }
  if (field == "persons") field = "incident_ref";
  error.field = std::string(field);
  return error;
}

}  // namespace sanad
