#include "core/csv.h"

namespace sanad {

CsvReader::CsvReader(std::string_view content, CsvOptions options)
    : content_(content), options_(options) {
  if (content_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
}

Result<bool> CsvReader::Next(std::vector<std::string>* fields) {
  fields->clear();
  if (pos_ >= content_.size()) return false;
  record_line_ = line_;
  const size_t n = content_.size();
  std::string field;
  bool bad = false;
  std::string problem;
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
          if (c == '\n') ++line_;
          field.push_back(c);
        }
      }
      if (!closed) {
        return Fail(Error{Error::Code::kInvalidInput,
                          "a quoted field is never closed: check for a stray '\"'",
                          {},
                          record_line_});
      }
      if (pos_ < n && content_[pos_] != ',' && content_[pos_] != '\n' && content_[pos_] != '\r') {
        bad = true;
        problem = "text after a closing quote: quote the whole field, doubling inner quotes";
      }
    }
    while (pos_ < n && content_[pos_] != ',' && content_[pos_] != '\n') {
      if (content_[pos_] == '"' && !bad) {
        bad = true;
        problem = "a quote inside an unquoted field: quote the field and double the quote";
      }
      field.push_back(content_[pos_++]);
    }
    if (!field.empty() && field.back() == '\r' && (pos_ >= n || content_[pos_] == '\n')) {
      field.pop_back();
    }
    if (field.size() > options_.max_field_bytes && !bad) {
      bad = true;
      problem = "field " + std::to_string(fields->size() + 1) + " is too long (" +
                std::to_string(field.size()) + " bytes, at most " +
                std::to_string(options_.max_field_bytes) + ")";
    }
    fields->push_back(std::move(field));
    field = std::string();
    if (pos_ >= n) break;
    if (content_[pos_] == ',') {
      ++pos_;
      continue;
    }
    ++pos_;  // '\n'
    ++line_;
    break;
  }
  if (bad) {
    return Fail(Error{Error::Code::kInvalidInput, problem, {}, record_line_});
  }
  return true;
}

size_t ReadCsvTable(std::string_view content, std::span<const std::string_view> columns,
                    size_t required, std::string_view expected_header, const CsvRowHandler& row,
                    const std::function<void(Error)>& on_error,
                    const std::function<void(double)>& progress) {
  auto header_error = [&](std::string message) {
    on_error(Error{Error::Code::kInvalidInput, std::move(message), "header", 1});
  };
  CsvReader reader(content);
  std::vector<std::string> fields;
  auto header = reader.Next(&fields);
  if (!header || !*header) {
    header_error(header
                     ? "the file is empty: it needs the header line " + std::string(expected_header)
                     : header.error().message);
    return 0;
  }
  std::vector<size_t> index(columns.size(), SIZE_MAX);
  for (size_t i = 0; i < fields.size(); ++i) {
    for (size_t c = 0; c < columns.size(); ++c) {
      if (fields[i] == columns[c]) index[c] = i;
    }
  }
  std::string missing;
  for (size_t c = 0; c < required; ++c) {
    if (index[c] == SIZE_MAX) missing += (missing.empty() ? "" : ", ") + std::string(columns[c]);
  }
  if (!missing.empty()) {
    header_error("missing column(s) " + missing + "; the header must be " +
                 std::string(expected_header));
    return 0;
  }
  size_t rows = 0;
  while (true) {
    auto more = reader.Next(&fields);
    if (!more) {
      ++rows;
      on_error(more.error());
      continue;
    }
    if (!*more) break;
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
    ++rows;
    if (progress && rows % 65536 == 0) progress(reader.progress());
    if (auto error = row(fields, index, reader.line())) on_error(std::move(*error));
  }
  if (progress) progress(1.0);
  return rows;
}

}  // namespace sanad
