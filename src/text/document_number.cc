#include "text/document_number.h"

namespace sanad::text {

std::string NormalizeDocumentNumber(std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c >= '0' && c <= '9') {
      out.push_back(static_cast<char>(c));
    } else if (c >= 'a' && c <= 'z') {
      out.push_back(static_cast<char>(c - 'a' + 'A'));
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c));
    } else if ((c == 0xD9 || c == 0xDB) && i + 1 < raw.size()) {
      const auto next = static_cast<unsigned char>(raw[i + 1]);
      if (c == 0xD9 && next >= 0xA0 && next <= 0xA9) {
        out.push_back(static_cast<char>('0' + next - 0xA0));
        ++i;
      } else if (c == 0xDB && next >= 0xB0 && next <= 0xB9) {
        out.push_back(static_cast<char>('0' + next - 0xB0));
        ++i;
      }
    }
    // Separators, spaces and other characters are dropped.
  }
  return out;
}

std::string DocumentKey(std::string_view raw) {
  std::string normal = NormalizeDocumentNumber(raw);
  std::string digits;
  for (char c : normal) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  return digits.size() >= 5 ? digits : normal;
}

}  // namespace sanad::text
