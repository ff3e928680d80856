#include "report/tally_csv.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>

#include "core/csv.h"
#include "core/utf8.h"
#include "core/validation.h"
#include "text/gazetteer.h"

namespace sanad::report {
namespace {

enum Column : size_t {
  kDate,
  kCrossingPoint,
  kDirection,
  kMode,
  kHouseholds,
  kIndividuals,
  kFemale,
  kMale,
  kAge0To4,
  kAge5To17,
  kAge18To59,
  kAge60Plus,
  kDestinationProvince,
  kRegisteredIndividuals,
  kColumnCount,
};

constexpr std::array<std::string_view, kColumnCount> kColumnNames = {"date",
                                                                     "crossing_point",
                                                                     "direction",
                                                                     "mode",
                                                                     "households",
                                                                     "individuals",
                                                                     "female",
                                                                     "male",
                                                                     "age_0_4",
                                                                     "age_5_17",
                                                                     "age_18_59",
                                                                     "age_60_plus",
                                                                     "destination_province",
                                                                     "registered_individuals"};
constexpr size_t kRequiredColumns = kRegisteredIndividuals;
// More people than ever crossed anywhere in a day; catches typos.
constexpr int64_t kMaxCount = 10'000'000;

std::optional<int64_t> ParseCount(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > kMaxCount) {
    return std::nullopt;
  }
  return value;
}

std::optional<Error> ParseRow(const std::vector<std::string>& fields, std::span<const size_t> index,
                              int64_t line, const CrossingGazetteer& gazetteer, FlowTally* out) {
  auto get = [&](Column c) -> const std::string& {
    static const std::string kEmpty;
    return index[c] < fields.size() ? fields[index[c]] : kEmpty;
  };
  if (auto invalid = FirstInvalidCell(fields, index, kColumnNames, line)) return invalid;
  auto date = Date::ParseIso(get(kDate), "date");
  if (!date) return CsvRowError(line, "date", date.error().text);
  out->date = *date;
  const std::string& crossing = get(kCrossingPoint);
  if (crossing.empty()) return CsvRowError(line, "crossing_point", Message("is required"));
  auto canonical = gazetteer.Find(crossing);
  if (!canonical) {
    return CsvRowError(
        line, "crossing_point",
        Message("'{}' is not a known crossing point: use one of {} (an admin can add more)",
                Utf8Prefix(crossing, 40), gazetteer.Names()));
  }
  out->crossing_point = *canonical;
  auto direction = ParseDirection(get(kDirection));
  if (!direction)
    return CsvRowError(line, "direction", Message("must be to_afghanistan or to_pakistan"));
  out->direction = *direction;
  auto mode = ParseMovementMode(get(kMode));
  if (!mode) return CsvRowError(line, "mode", Message("must be one of {}", MovementModeNames()));
  out->mode = *mode;
  const std::array<std::pair<Column, int64_t*>, 8> counts{{
      {kHouseholds, &out->households},
      {kIndividuals, &out->individuals},
      {kFemale, &out->female},
      {kMale, &out->male},
      {kAge0To4, &out->age_0_4},
      {kAge5To17, &out->age_5_17},
      {kAge18To59, &out->age_18_59},
      {kAge60Plus, &out->age_60_plus},
  }};
  for (const auto& [column, target] : counts) {
    auto value = ParseCount(get(column));
    if (!value) {
      return CsvRowError(line, std::string(kColumnNames[column]),
                         Message("'{}' is not a whole number of people (0 to {})",
                                 Utf8Prefix(get(column), 20), kMaxCount));
    }
    *target = *value;
  }
  if (index[kRegisteredIndividuals] != SIZE_MAX && !get(kRegisteredIndividuals).empty()) {
    auto value = ParseCount(get(kRegisteredIndividuals));
    if (!value) {
      return CsvRowError(line, "registered_individuals",
                         Message("'{}' is not a whole number of people",
                                 Utf8Prefix(get(kRegisteredIndividuals), 20)));
    }
    out->registered_individuals = *value;
  }
  if (const std::string& destination = get(kDestinationProvince); !destination.empty()) {
    auto province = text::CanonicalAfghanProvince(destination);
    if (!province) {
      return CsvRowError(
          line, "destination_province",
          Message("'{}' is not a province of Afghanistan: use one of {}, or leave it empty",
                  Utf8Prefix(destination, 40), text::AfghanProvinceNames()));
    }
    out->destination_province = std::string(*province);
  }
  if (auto ok = ValidateFlowTally(*out, true); !ok) {
    return CsvRowError(line, ok.error().field, ok.error().text);
  }
  return std::nullopt;
}

}  // namespace

FlowTallyCsv ParseFlowTallyCsv(std::string_view content, const CrossingGazetteer& gazetteer,
                               size_t max_errors) {
  FlowTallyCsv result;
  result.rows = ReadCsvTable(
      content, kColumnNames, kRequiredColumns, kFlowTallyCsvHeader,
      [&](const std::vector<std::string>& fields, std::span<const size_t> index,
          int64_t line) -> std::optional<Error> {
        TallyRecord record;
        record.line = line;
        if (auto error = ParseRow(fields, index, line, gazetteer, &record.tally)) return error;
        result.records.push_back(std::move(record));
        return std::nullopt;
      },
      [&](Error e) {
        if (result.errors.size() < max_errors) result.errors.push_back(std::move(e));
      });
  return result;
}

}  // namespace sanad::report
