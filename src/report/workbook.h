// The pieces of a report workbook (XLSX) that every report shares: the house
// cell formats, sheets printed landscape on A4, withheld figures written as
// "x", the notes sheet, and the bytes of a workbook for the API. Internal to
// sanad_report (libxlsxwriter is a private dependency).
#pragma once

#include <xlsxwriter.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "report/flash.h"

namespace sanad::report {

// The cell formats of a report workbook.
struct WorkbookFormats {
  lxw_format* title = nullptr;
  lxw_format* bold = nullptr;
  lxw_format* header = nullptr;
  lxw_format* tag = nullptr;  // the HXL hashtag row under a header
  lxw_format* number = nullptr;
  lxw_format* percent = nullptr;
  lxw_format* withheld = nullptr;  // the "x" of a suppressed figure
  lxw_format* wrap = nullptr;
};

// A workbook being written to `path`; owns the libxlsxwriter handles.
class Workbook {
 public:
  explicit Workbook(std::string path);
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
  ~Workbook();

  // An error naming the file when it could not be created.
  [[nodiscard]] Status Created() const;
  [[nodiscard]] const WorkbookFormats& formats() const { return formats_; }
  // A sheet printed landscape on A4, one page wide.
  lxw_worksheet* Sheet(const char* name);
  // A figure, or "x" when it is withheld.
  void WriteFigure(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const Figure& value) const;
  // Closes and writes the file; an error naming it when that fails.
  Status Close();

 private:
  std::string path_;
  lxw_workbook* book_;
  WorkbookFormats formats_;
};

// The "Notes" sheet: a label and a paragraph a row.
class NotesSheet {
 public:
  explicit NotesSheet(Workbook& book);
  void Add(const std::string& label, const std::string& text);
  // The closing notes every report ends with: its HXL row, and the version.
  void AddHxlAndSource(const std::string& hxl_note);

 private:
  const WorkbookFormats& formats_;
  lxw_worksheet* sheet_;
  lxw_row_t row_ = 0;
};

// The note on a workbook published without disclosure control.
inline constexpr std::string_view kUnsuppressedNote =
    "NONE: small cells are shown. This workbook must not be published.";

// Writes a workbook with `write` into a temporary file and returns its bytes
// (the API answers with them); the file is removed either way.
Result<std::string> WorkbookBytes(const std::function<Status(const std::string& path)>& write);

// One CSV line of plain cells (a header or its HXL tag row) and a newline.
void AppendCsvLine(std::string* out, const std::vector<std::string_view>& cells);

// Words joined by spaces: a row's withheld fields in the CSV's `suppressed`
// column.
std::string JoinWords(const std::vector<std::string_view>& words);

}  // namespace sanad::report
