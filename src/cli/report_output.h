// What `sanad report flash` and `sanad report incidents` share: the checks
// on their publishing flags, the audit of a weakened disclosure control, and
// writing the output.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "report/flash.h"
#include "store/store.h"

namespace sanad::cli {

// --k not given: the site's k.
inline constexpr int64_t kSiteK = std::numeric_limits<int64_t>::min();

// The flags every published report takes (each command's flags extend it).
struct PublishFlags {
  std::string from;
  std::string to;
  std::string format = "json";
  std::string out;
  int64_t k = kSiteK;  // --k; by default the site's k (5 unless an administrator changed it)
  bool no_suppression = false;
  std::string purpose;
};

// Adds --from, --to, --format, --out, --k, --no-suppression and --purpose.
void AddPublishFlags(CLI::App* command, PublishFlags* flags);

// The smallest published cell a report uses: --k, else the site's; below
// the site's k, or with --no-suppression, disclosure control is weakened.
struct PublishK {
  int64_t k = report::kDefaultMinCellSize;
  int64_t site_k = report::kDefaultMinCellSize;
  bool weakened = false;
};
[[nodiscard]] PublishK ResolvePublishK(store::Store& store, const PublishFlags& flags);

// Die()s unless the flags make sense: a weakened disclosure control
// (`k.weakened`) needs a --purpose of at least 10 characters; json, csv or
// xlsx; an XLSX workbook needs --out.
void CheckPublishFlags(const PublishFlags& flags, const PublishK& k);
// Records in the audit log that `kind` ("flash", "incidents") was built
// with small cells shown (`k`), and why; warns on stderr.
void AuditSmallCells(store::Store& store, std::string_view kind, std::string_view action,
                     const PublishFlags& flags, int64_t k);
// Writes `text` to --out, or to stdout when there is none.
void WriteReportText(const std::string& text, const std::string& out);
// The line on stderr after a report is written to a file.
void SayWritten(const PublishFlags& flags, size_t rows, size_t withheld, int64_t k);

}  // namespace sanad::cli
