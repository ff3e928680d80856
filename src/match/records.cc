#include "match/records.h"

#include <optional>
#include <string>
#include <unordered_map>

#include "core/csv.h"
#include "core/utf8.h"

namespace sanad::match {
namespace {

Error RowError(int64_t line, std::string field, Message message) {
  Error error = Error::InvalidInput(std::move(field), std::move(message));
  error.line = line;
  return error;
}

}  // namespace

ReadReport ReadRecords(std::string_view content, FeatureStore* store,
                       const std::function<void(double)>& progress, size_t max_errors) {
  ReadReport report;
  const Model& model = store->model();
  CsvOptions options;
  options.trim_leading_spaces = model.trim_leading_spaces;
  CsvReader reader(content, options);
  auto add_error = [&](Error error) {
    if (report.errors.size() < max_errors) report.errors.push_back(std::move(error));
  };

  std::vector<std::string> header;
  Result<bool> first = reader.Next(&header);
  if (!first) {
    add_error(first.error());
    return report;
  }
  if (!*first) {
    add_error(
        RowError(1, "", Message("the file is empty: expected a header row naming the columns")));
    return report;
  }
  std::unordered_map<std::string, size_t> column_index;
  for (size_t c = 0; c < header.size(); ++c) {
    std::string name = header[c];
    while (!name.empty() && name.back() == ' ') name.pop_back();
    column_index.emplace(std::move(name), c);
  }
  auto find_column = [&](const std::string& name) -> std::optional<size_t> {
    if (auto it = column_index.find(name); it != column_index.end()) return it->second;
    add_error(RowError(1, name,
                       Message("the header has no column '{}' (the model '{}' needs it); check the "
                               "file or pass --model",
                               name, model.name)));
    return std::nullopt;
  };
  const std::optional<size_t> id_column = find_column(model.id_column);
  std::vector<std::vector<size_t>> field_columns(model.fields.size());
  for (size_t f = 0; f < model.fields.size(); ++f) {
    for (const std::string& column : model.fields[f].columns) {
      if (auto c = find_column(column)) field_columns[f].push_back(*c);
    }
  }
  if (!report.errors.empty()) return report;
  // Optional: a file without the column has no registrations.
  std::optional<size_t> registration_column;
  if (auto it = column_index.find(model.registration_column);
      !model.registration_column.empty() && it != column_index.end()) {
    registration_column = it->second;
  }
  TextMap<uint32_t> registration_ids;

  TextMap<int64_t> seen_ids;
  std::vector<std::string> row;
  std::vector<std::vector<std::string_view>> raw(model.fields.size());
  size_t since_progress = 0;
  while (true) {
    Result<bool> next = reader.Next(&row);
    if (!next) {
      ++report.rows;
      add_error(next.error());
      continue;
    }
    if (!*next) break;
    ++report.rows;
    const int64_t line = reader.line();
    if (row.size() == 1 && row[0].empty()) continue;  // a blank line
    if (row.size() != header.size()) {
      add_error(RowError(
          line, "",
          Message("expected {} fields as in the header, found {}", header.size(), row.size())));
      continue;
    }
    const std::string& id = row[*id_column];
    if (id.empty()) {
      add_error(RowError(line, model.id_column, Message("is empty: every row needs an id")));
      continue;
    }
    bool bad = false;
    for (size_t f = 0; f < model.fields.size() && !bad; ++f) {
      raw[f].clear();
      for (size_t c : field_columns[f]) {
        if (!IsValidUtf8(row[c])) {
          add_error(
              RowError(line, header[c], Message("is not valid UTF-8: save the file as UTF-8")));
          bad = true;
          break;
        }
        raw[f].push_back(row[c]);
      }
    }
    if (bad) continue;
    auto [it, inserted] = seen_ids.emplace(id, line);
    if (!inserted) {
      add_error(RowError(
          line, model.id_column,
          Message("'{}' is used again (first on line {}): ids must be unique", id, it->second)));
      continue;
    }
    if (Status status = store->Add(id, raw); !status) {
      Error error = status.error();
      error.line = line;
      add_error(std::move(error));
      seen_ids.erase(id);
      continue;
    }
    if (registration_column && !row[*registration_column].empty()) {
      const auto [registration, added] = registration_ids.try_emplace(
          row[*registration_column], static_cast<uint32_t>(registration_ids.size() + 1));
      store->SetRegistration(store->size() - 1, registration->second);
    }
    if (progress && ++since_progress == 65536) {
      since_progress = 0;
      progress(reader.progress());
    }
  }
  if (progress) progress(1.0);
  return report;
}

}  // namespace sanad::match
