#include "report/workbook.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

namespace sanad::report {

Workbook::Workbook(std::string path) : path_(std::move(path)), book_(workbook_new(path_.c_str())) {
  if (!book_) return;
  WorkbookFormats& f = formats_;
  f.title = workbook_add_format(book_);
  format_set_bold(f.title);
  format_set_font_size(f.title, 14);
  f.bold = workbook_add_format(book_);
  format_set_bold(f.bold);
  f.header = workbook_add_format(book_);
  format_set_bold(f.header);
  format_set_bg_color(f.header, 0xDDEBF7);
  format_set_border(f.header, LXW_BORDER_THIN);
  format_set_text_wrap(f.header);
  f.tag = workbook_add_format(book_);
  format_set_italic(f.tag);
  format_set_font_color(f.tag, 0x555555);
  f.number = workbook_add_format(book_);
  format_set_num_format(f.number, "#,##0");
  f.percent = workbook_add_format(book_);
  format_set_num_format(f.percent, "0.0%");
  f.withheld = workbook_add_format(book_);
  format_set_align(f.withheld, LXW_ALIGN_RIGHT);
  format_set_font_color(f.withheld, 0x808080);
  f.wrap = workbook_add_format(book_);
  format_set_text_wrap(f.wrap);
  format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
}

Workbook::~Workbook() {
  if (book_) workbook_close(book_);
}

Status Workbook::Created() const {
  if (book_) return {};
  return Fail(Error::Unavailable(
      "cannot create the workbook '{}': check the folder exists and can be written", path_));
}

lxw_worksheet* Workbook::Sheet(const char* name) {
  lxw_worksheet* sheet = workbook_add_worksheet(book_, name);
  worksheet_set_landscape(sheet);
  worksheet_set_paper(sheet, 9);  // A4
  worksheet_fit_to_pages(sheet, 1, 0);
  return sheet;
}

void Workbook::WriteFigure(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col,
                           const Figure& value) const {
  if (value) {
    worksheet_write_number(sheet, row, col, static_cast<double>(*value), formats_.number);
  } else {
    worksheet_write_string(sheet, row, col, "x", formats_.withheld);
  }
}

Status Workbook::Close() {
  const lxw_error error = workbook_close(book_);
  book_ = nullptr;
  if (error == LXW_NO_ERROR) return {};
  return Fail(Error::Unavailable(
      "cannot write the workbook '{}': check the folder exists and can be written", path_));
}

NotesSheet::NotesSheet(Workbook& book) : formats_(book.formats()), sheet_(book.Sheet("Notes")) {
  worksheet_set_column(sheet_, 0, 0, 24, nullptr);
  worksheet_set_column(sheet_, 1, 1, 100, formats_.wrap);
}

void NotesSheet::Add(const std::string& label, const std::string& text) {
  worksheet_write_string(sheet_, row_, 0, label.c_str(), formats_.bold);
  worksheet_write_string(sheet_, row_++, 1, text.c_str(), formats_.wrap);
}

void NotesSheet::AddHxlAndSource(const std::string& hxl_note) {
  Add("HXL", hxl_note);
  Add("Source", "sanad " SANAD_VERSION);
}

Result<std::string> WorkbookBytes(const std::function<Status(const std::string& path)>& write) {
  std::string path = (std::filesystem::temp_directory_path() / "sanad-report-XXXXXX.xlsx").string();
  const int fd = mkstemps(path.data(), 5);
  if (fd < 0) {
    return Fail(
        Error::Unavailable("cannot create a temporary file for the workbook: check "
                           "that the temporary folder (TMPDIR) can be written"));
  }
  close(fd);
  auto written = write(path);
  std::string bytes;
  if (written) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    bytes = buffer.str();
  }
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  if (!written) return Fail(written.error());
  return bytes;
}

void AppendCsvLine(std::string* out, const std::vector<std::string_view>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) *out += ',';
    *out += cells[i];
  }
  *out += '\n';
}

std::string JoinWords(const std::vector<std::string_view>& words) {
  std::string out;
  for (std::string_view word : words) {
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

}  // namespace sanad::report
