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
                          "a quoted field is never closed: check for a stray '\"'", {},
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

}  // namespace sanad
