// CSV as sanad reads and writes it.
//
// Reading: a strict RFC 4180 reader over a buffer held by the caller.
// Records are separated by LF, CRLF or a lone CR (files saved by old Mac
// software); fields by ','; a field may be quoted with '"' and then hold
// commas, quotes (doubled) and line breaks. A UTF-8 byte-order mark at the
// start is skipped. Each record carries the 1-based line on which it starts,
// so errors can say `FILE:LINE: column: problem`. Cost: one pass, one copy of
// each field.
//
// Writing: every text cell goes through AppendCsvField, which neutralises
// what a spreadsheet would run as a formula (OWASP "CSV injection"): a cell
// starting with '=', '+', '-', '@', tab or CR gets a leading single quote.
// The reader removes that quote again, so what sanad writes reads back
// unchanged. Numbers are written as numbers, not through AppendCsvField.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
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
    return content_.empty() ? 1.0
                            : static_cast<double>(pos_) / static_cast<double>(content_.size());
  }

 private:
  std::string_view content_;
  CsvOptions options_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  int64_t record_line_ = 0;
};

// Appends one text cell to `out`: neutralised when a spreadsheet would take it
// for a formula (a leading '\'' added), quoted when it holds ',', '"', CR or
// LF. The one writer of text cells for every CSV sanad writes.
void AppendCsvField(std::string* out, std::string_view value);

// A CSV file whose first line names its columns (the import formats), read
// one data row at a time: what ReadCsvTable does, for a caller that pulls
// rows (an import that reads its file twice rather than hold it parsed).
class CsvTableReader {
 public:
  // Reads the header now; see ReadCsvTable for `columns`, `required` and
  // `expected_header`. `content` and `columns` must outlive the reader.
  CsvTableReader(std::string_view content, std::span<const std::string_view> columns,
                 size_t required, std::string_view expected_header);

  // The header's problem (empty file, malformed, a required column missing)
  // as an error on line 1; when set, Next returns false at once.
  [[nodiscard]] const std::optional<Error>& header_error() const { return header_error_; }

  // Reads the next data row into `fields` (blank lines skipped): true; false
  // at the end. A malformed record, or a field holding a byte-order mark, is
  // returned as its row's error; reading may go on with the next row.
  [[nodiscard]] Result<bool> Next(std::vector<std::string>* fields);

  // The field position of each of `columns` (SIZE_MAX when absent).
  [[nodiscard]] std::span<const size_t> index() const { return index_; }
  // Line on which the last row returned started.
  [[nodiscard]] int64_t line() const { return reader_.line(); }
  // Data rows seen so far, bad ones included.
  [[nodiscard]] size_t rows() const { return rows_; }
  [[nodiscard]] double progress() const { return reader_.progress(); }

 private:
  CsvReader reader_;
  std::span<const std::string_view> columns_;
  std::vector<size_t> index_;
  std::optional<Error> header_error_;
  size_t rows_ = 0;
};

// Reads a CSV file whose first line names its columns, for the import
// formats. `columns` lists the columns the caller knows; the first
// `required` of them must be in the header (else one error on line 1 that
// shows `expected_header`). Blank lines are skipped. For each data row,
// `row` gets the fields, the field position of each known column (SIZE_MAX
// when absent) and the row's line, and returns the row's error, if any. A
// field holding a byte-order mark (a file joined on after another) is an
// error naming its row and column; `row` is not called for it.
// Every error (header, malformed record, row) goes to `on_error`;
// `progress` (may be empty) is called now and then with the fraction read.
// Returns the number of data rows seen.
using CsvRowHandler = std::function<std::optional<Error>(
    const std::vector<std::string>& fields, std::span<const size_t> index, int64_t line)>;
size_t ReadCsvTable(std::string_view content, std::span<const std::string_view> columns,
                    size_t required, std::string_view expected_header, const CsvRowHandler& row,
                    const std::function<void(Error)>& on_error,
                    const std::function<void(double)>& progress = {});

// The items of a cell that holds a list (documents held, consents): names
// separated by ';', each without its surrounding spaces. Empty items ("a;;b",
// "a;", an empty cell) are left out.
std::vector<std::string_view> SplitCsvList(std::string_view cell);

// An error about one cell of a CSV file, naming its column and line.
[[nodiscard]] Error CsvRowError(int64_t line, std::string_view column, Message message);

// The first cell of a row (as ReadCsvTable hands it over, with the index of
// each of `columns`) that is not acceptable text (ValidateText), as a row
// error; columns the file does not have are skipped.
[[nodiscard]] std::optional<Error> FirstInvalidCell(const std::vector<std::string>& fields,
                                                    std::span<const size_t> index,
                                                    std::span<const std::string_view> columns,
                                                    int64_t line);

}  // namespace sanad
