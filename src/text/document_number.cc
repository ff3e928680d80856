#include "text/document_number.h"

#include "text/code_point_fold.h"

namespace sanad::text {

std::string NormalizeDocumentNumber(std::string_view raw) {
  std::string folded;
  folded.reserve(raw.size());
  internal::AppendFolded(raw, &folded);
  std::string out;
  out.reserve(folded.size());
  for (char c : folded) {
    if (c == ' ') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

}  // namespace sanad::text
