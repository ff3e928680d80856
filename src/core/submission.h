// Form submissions as KoboToolbox and ODK Central export them, read into one
// shape for `sanad import submissions` (the mapping to households is
// core/submission_mapping.h).
//
// Three exports are read, told apart by their bytes:
// - KoboToolbox JSON: an array of submissions, or the API's
//   {"count":..,"results":[...]}. Keys are full paths joined by '/'
//   ("household/origin_province"); a repeat group is an array of objects
//   whose keys are full paths too ("household/members/given_name"); values
//   are strings; Kobo's own fields start with '_' (`_id`, `_uuid`,
//   `_attachments`) and are set aside but for `_uuid`.
// - ODK Central OData JSON with $expand=*: {"value":[...]}; groups are
//   nested objects, repeats nested arrays of objects; `__id` (the
//   submission's first instanceID, kept across edits) and `__system` are
//   Central's own.
// - ODK Central's CSV zip: one CSV for the root (its header has KEY but no
//   PARENT_KEY) and one per repeat group, rows joined to their parent by
//   PARENT_KEY; group paths in column names joined with '-'. Read with
//   libzip.
// Anything else (a CSV file, Kobo's CSV export among them) is refused as
// kInvalidInput naming "file"; the caller says what to export instead.
//
// Paths are kept normalised: the separators '/', '-' and '.' all become
// '/', so a mapping written for one export reads the others. A repeat's
// item holds paths relative to the repeat ("given_name", not
// "household/members/given_name"). Multi-select answers stay one
// space-separated string, as both tools write them.
//
// Cost: one pass over the input, one copy of each value. Limits: nesting
// deeper than kMaxSubmissionDepth and zips whose CSVs hold more than
// kMaxUnzippedBytes are refused (a zip bomb stops there).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace sanad {

inline constexpr size_t kMaxSubmissionDepth = 16;
inline constexpr size_t kMaxUnzippedBytes = size_t{1} << 30;

enum class SubmissionFormat { kKoboJson, kOdkODataJson, kOdkCsvZip };
[[nodiscard]] std::string_view ToString(SubmissionFormat format);

// One submission, or one item of a repeat group.
struct SubmissionNode {
  std::map<std::string, std::string> fields;                   // normalised path -> answer
  std::map<std::string, std::vector<SubmissionNode>> repeats;  // normalised path -> items

  bool operator==(const SubmissionNode&) const = default;
};

struct Submission {
  size_t index = 0;           // 1-based position in the export
  std::string instance_id;    // meta/instanceID of this version; may be empty
  std::string deprecated_id;  // meta/deprecatedID: the version this one edits; may be empty
  std::string root_id;        // ODK Central's __id / KEY: the first version's instanceID
  SubmissionNode data;

  // How errors name it: the instanceID, else its 1-based index.
  [[nodiscard]] std::string Name() const;
};

// What is wrong with one submission, printed as FILE:SUBMISSION:path: message.
struct SubmissionProblem {
  std::string submission;  // Submission::Name()
  std::string path;        // the form's path ("household/members[3]/birth_date"); may be empty
  std::string message;
};

// "export.json:uuid:5a1c...:household/members[3]/birth_date: '1402/13/01' is ..."
[[nodiscard]] std::string FormatSubmissionProblem(std::string_view file,
                                                  const SubmissionProblem& problem);

struct SubmissionExport {
  SubmissionFormat format = SubmissionFormat::kKoboJson;
  std::vector<Submission> submissions;
  std::vector<SubmissionProblem> problems;  // submissions that cannot be read as a whole
  // What the reader should know but is not wrong: the export is one page of
  // several (Kobo's "next", Central's "@odata.nextLink").
  std::vector<std::string> notes;
};

// Replaces '-' and '.' by '/' and drops leading and trailing '/'.
[[nodiscard]] std::string NormaliseFormPath(std::string_view path);

// False when `content` cannot be any of the exports read here (it is
// neither JSON nor a zip: a CSV file, Kobo's CSV export among them).
[[nodiscard]] bool LooksLikeSubmissionExport(std::string_view content);

// Reads a whole export (the file's bytes). kInvalidInput naming "file" when
// the file as a whole cannot be read (not JSON, not one of the exports
// above, a broken zip); a submission that cannot be read (no instanceID, a
// value that is neither text nor a group nor a repeat) is a problem in the
// result, and the others are still read.
[[nodiscard]] Result<SubmissionExport> ParseSubmissions(std::string_view content);

}  // namespace sanad
