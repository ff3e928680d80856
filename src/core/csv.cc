#include "core/csv.h"

#include "core/validation.h"

namespace sanad {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool IsFormulaStart(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// True when a spreadsheet would run `value`, or when `value` is itself such a
// cell behind quotes ("'=1"): then a quote is added, so that removing one on
// reading gives back exactly `value`.
bool NeedsFormulaGuard(std::string_view value) {
  size_t i = 0;
  while (i < value.size() && value[i] == '\'') ++i;
  return i < value.size() && IsFormulaStart(value[i]);
}

// Undoes AppendCsvField's guard.
void RemoveFormulaGuard(std::string* field) {
  if (field->size() >= 2 && (*field)[0] == '\'' &&
      NeedsFormulaGuard(std::string_view(*field).substr(1))) {
    field->erase(0, 1);
  }
}

}  // namespace

std::vector<std::string_view> SplitCsvList(std::string_view cell) {
  std::vector<std::string_view> items;
  while (!cell.empty()) {
    const size_t semi = cell.find(';');
    std::string_view item = cell.substr(0, semi);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) items.push_back(item);
    cell.remove_prefix(semi == std::string_view::npos ? cell.size() : semi + 1);
  }
  return items;
}

void AppendCsvField(std::string* out, std::string_view value) {
  const bool guard = NeedsFormulaGuard(value);
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    if (guard) out->push_back('\'');
    out->append(value);
    return;
  }
  out->push_back('"');
  if (guard) out->push_back('\'');
  for (char c : value) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

CsvReader::CsvReader(std::string_view content, CsvOptions options)
    : content_(content), options_(options) {
  if (content_.starts_with(kByteOrderMark)) pos_ = kByteOrderMark.size();
}

Result<bool> CsvReader::Next(std::vector<std::string>* fields) {
  fields->clear();
  if (pos_ >= content_.size()) return false;
  record_line_ = line_;
  const size_t n = content_.size();
  std::string field;
  std::optional<Message> problem;  // set when the record is malformed
  while (true) {
    field.clear();
    if (options_.trim_leading_spaces) {
      while (pos_ < n && content_[pos_] == ' ') ++pos_;
    }
    if (pos_ < n && content_[pos_] == '"') {
      ++pos_;
      bool closed = false;
      while (pos_ < n) {
        const char c = content_[pos_++];
        if (c == '"') {
          if (pos_ < n && content_[pos_] == '"') {
            field.push_back('"');
            ++pos_;
          } else {
            closed = true;
            break;
          }
        } else {
          if (c == '\n' || (c == '\r' && (pos_ >= n || content_[pos_] != '\n'))) ++line_;
          field.push_back(c);
        }
      }
      if (!closed) {
        return Fail(Error(Error::Code::kInvalidInput,
                          Message("a quoted field is never closed: check for a stray '\"'"), "row",
                          record_line_));
      }
      if (pos_ < n && content_[pos_] != ',' && content_[pos_] != '\n' && content_[pos_] != '\r') {
        problem =
            Message("text after a closing quote: quote the whole field, doubling inner quotes");
      }
    }
    while (pos_ < n && content_[pos_] != ',' && content_[pos_] != '\n' && content_[pos_] != '\r') {
      if (content_[pos_] == '"' && !problem) {
        problem = Message("a quote inside an unquoted field: quote the field and double the quote");
      }
      field.push_back(content_[pos_++]);
    }
    RemoveFormulaGuard(&field);
    if (field.size() > options_.max_field_bytes && !problem) {
      problem = Message("field {} is too long ({} bytes, at most {})", fields->size() + 1,
                        field.size(), options_.max_field_bytes);
    }
    fields->push_back(std::move(field));
    field = std::string();
    if (pos_ >= n) break;
    if (content_[pos_] == ',') {
      ++pos_;
      continue;
    }
    // The end of the record: LF, CRLF or a lone CR.
    if (content_[pos_] == '\r' && pos_ + 1 < n && content_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
    break;
  }
  if (problem) {
    return Fail(Error(Error::Code::kInvalidInput, std::move(*problem), "row", record_line_));
  }
  return true;
}

CsvTableReader::CsvTableReader(std::string_view content, std::span<const std::string_view> columns,
                               size_t required, std::string_view expected_header)
    : reader_(content), columns_(columns), index_(columns.size(), SIZE_MAX) {
  auto header_error = [&](Message message) {
    header_error_ = Error(Error::Code::kInvalidInput, std::move(message), "header", 1);
  };
  std::vector<std::string> fields;
  auto header = reader_.Next(&fields);
  if (!header || !*header) {
    header_error(header ? Message("the file is empty: it needs the header line {}", expected_header)
                        : header.error().text);
    return;
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    for (size_t c = 0; c < columns.size(); ++c) {
      if (fields[i] == columns[c]) index_[c] = i;
    }
  }
  std::string missing;
  for (size_t c = 0; c < required; ++c) {
    if (index_[c] == SIZE_MAX) missing += (missing.empty() ? "" : ", ") + std::string(columns[c]);
  }
  if (!missing.empty()) {
    header_error(Message("missing column(s) {}; the header must be {}", missing, expected_header));
  }
}

Result<bool> CsvTableReader::Next(std::vector<std::string>* fields) {
  if (header_error_) return false;
  while (true) {
    auto more = reader_.Next(fields);
    if (!more) {
      ++rows_;
      return Fail(std::move(more.error()));
    }
    if (!*more) return false;
    if (fields->size() == 1 && (*fields)[0].empty()) continue;  // a blank line
    ++rows_;
    break;
  }
  for (size_t i = 0; i < fields->size(); ++i) {
    if ((*fields)[i].find(kByteOrderMark) == std::string::npos) continue;
    std::string column = "column " + std::to_string(i + 1);
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (index_[c] == i) column = std::string(columns_[c]);
    }
    return Fail(
        Error(Error::Code::kInvalidInput,
              Message("holds a byte-order mark (U+FEFF), an invisible mark that starts a file: "
                      "were two files joined here? Remove it and import again"),
              std::move(column), reader_.line()));
  }
  return true;
}

size_t ReadCsvTable(std::string_view content, std::span<const std::string_view> columns,
                    size_t required, std::string_view expected_header, const CsvRowHandler& row,
                    const std::function<void(Error)>& on_error,
                    const std::function<void(double)>& progress) {
  CsvTableReader reader(content, columns, required, expected_header);
  if (reader.header_error()) {
    on_error(*reader.header_error());
    return 0;
  }
  std::vector<std::string> fields;
  while (true) {
    auto more = reader.Next(&fields);
    if (progress && reader.rows() % 65536 == 0) progress(reader.progress());
    if (!more) {
      on_error(std::move(more.error()));
      continue;
    }
    if (!*more) break;
    if (auto error = row(fields, reader.index(), reader.line())) on_error(std::move(*error));
  }
  if (progress) progress(1.0);
  return reader.rows();
}

Error CsvRowError(int64_t line, std::string_view column, Message message) {
  return Error(Error::Code::kInvalidInput, std::move(message), std::string(column), line);
}

std::optional<Error> FirstInvalidCell(const std::vector<std::string>& fields,
                                      std::span<const size_t> index,
                                      std::span<const std::string_view> columns, int64_t line) {
  for (size_t c = 0; c < columns.size() && c < index.size(); ++c) {
    if (index[c] == SIZE_MAX || index[c] >= fields.size()) continue;
    if (auto ok = ValidateText(columns[c], fields[index[c]]); !ok) {
      return CsvRowError(line, ok.error().field, ok.error().text);
    }
  }
  return std::nullopt;
}

}  // namespace sanad
