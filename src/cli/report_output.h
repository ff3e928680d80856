// What `sanad report flash` and `sanad report incidents` share: the checks
// on their publishing flags, the audit of a weakened disclosure control, and
// writing the output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "report/flash.h"
#include "store/store.h"

namespace sanad::cli {

// The flags every published report takes (each command's flags extend it).
struct PublishFlags {
  std::string from;
  std::string to;
  std::string format = "json";
  std::string out;
  int64_t k = report::kDefaultMinCellSize;
  bool no_suppression = false;
  std::string purpose;
};

// Die()s unless the flags make sense: a weakened disclosure control
// (`weakened`) needs a --purpose of at least 10 characters; json, csv or
// xlsx; an XLSX workbook needs --out.
void CheckPublishFlags(const PublishFlags& flags, bool weakened);
// Records in the audit log that `kind` ("flash", "incidents") was built
// with small cells shown, and why; warns on stderr.
void AuditSmallCells(store::Store& store, std::string_view kind, std::string_view action,
                     const PublishFlags& flags);
// Writes `text` to --out, or to stdout when there is none.
void WriteReportText(const std::string& text, const std::string& out);
// The line on stderr after a report is written to a file.
void SayWritten(const PublishFlags& flags, size_t rows, size_t withheld, int64_t k);

}  // namespace sanad::cli
