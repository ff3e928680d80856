// A strict RFC 4180 CSV reader over a buffer held by the caller.
//
// Records are separated by LF or CRLF; fields by ','; a field may be quoted
// with '"' and then hold commas, quotes (doubled) and line breaks. A UTF-8
// byte-order mark at the start is skipped. Each record carries the 1-based
// line on which it starts, so errors can say `FILE:LINE: column: problem`.
// Cost: one pass, one copy of each field.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace sanad {

struct CsvOptions {
  // FEBRL-style files separate fields by ", ": drop spaces after a separator.
  bool trim_leading_spaces = false;
  // Longest field accepted, in bytes; a longer one is an error for its row.
  size_t max_field_bytes = 4096;
};

class CsvReader {
 public:
  // `content` must outlive the reader.
  explicit CsvReader(std::string_view content, CsvOptions options = {});

  // Reads the next record into `fields`. Returns false at the end of input.
  // On a malformed record (an unclosed quote, text after a closing quote, a
  // field over the limit) returns an error naming the line; reading may go
  // on with the next record.
  [[nodiscard]] Result<bool> Next(std::vector<std::string>* fields);

  // Line on which the last record returned by Next() started.
  [[nodiscard]] int64_t line() const { return record_line_; }
  // Fraction of the input consumed, for progress reports.
  [[nodiscard]] double progress() const {
    return content_.empty() ? 1.0 : static_cast<double>(pos_) / static_cast<double>(content_.size());
  }

 private:
  std::string_view content_;
  CsvOptions options_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  int64_t record_line_ = 0;
};

}  // namespace sanad
