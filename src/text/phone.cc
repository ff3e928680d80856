// Phone numbers to E.164. The dialling plans:
//   Afghanistan +93: 9 national digits; mobiles 7X XXX XXXX, written locally
//     with a trunk 0 (0700 123 456), landlines 0 + area + number, also 10 digits.
//   Pakistan +92: mobiles 3XX XXXXXXX (10 digits), written 0300 1234567;
//     landlines 0 + area (2-4 digits) + number, 11 digits with the 0 for the
//     large cities. A 10-digit local number (0 + 9) is read as Afghan: both
//     countries' registrations see far more Afghan mobiles than Pakistani
//     small-town landlines.
#include "text/phone.h"

#include "text/code_point_fold.h"

namespace sanad::text {

std::optional<std::string> NormalizePhone(std::string_view raw) {
  std::string digits;
  bool plus = false;
  for (size_t pos = 0; pos < raw.size();) {
    const char32_t c = internal::DecodeUtf8(raw, &pos);
    if (c >= '0' && c <= '9') {
      digits.push_back(static_cast<char>(c));
    } else if (c >= 0x0660 && c <= 0x0669) {
      digits.push_back(static_cast<char>('0' + (c - 0x0660)));
    } else if (c >= 0x06F0 && c <= 0x06F9) {
      digits.push_back(static_cast<char>('0' + (c - 0x06F0)));
    } else if (c == '+') {
      if (plus || !digits.empty()) return std::nullopt;
      plus = true;
    } else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' ||
               c == '\t' || c == 0x00A0 || c == 0x200E || c == 0x200F || c == 0x202A ||
               c == 0x202C || c == 0x2066 || c == 0x2069) {
      continue;  // separators and the bidi marks that wrap numbers in RTL text
    } else {
      return std::nullopt;
    }
  }
  if (digits.empty()) return std::nullopt;
  bool international = plus;
  if (!international && digits.starts_with("00")) {
    digits.erase(0, 2);
    international = true;
  }
  auto national = [](std::string_view cc, std::string n) -> std::optional<std::string> {
    if (n.starts_with('0')) n.erase(0, 1);  // "+93 (0)700 ..."
    if (cc == "93" && n.size() != 9) return std::nullopt;
    if (cc == "92" && (n.size() < 9 || n.size() > 10)) return std::nullopt;
    return "+" + std::string(cc) + n;
  };
  if (international) {
    if (digits.starts_with("93")) return national("93", digits.substr(2));
    if (digits.starts_with("92")) return national("92", digits.substr(2));
    if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0') return std::nullopt;
    return "+" + digits;
  }
  const size_t n = digits.size();
  if (n == 10 && digits[0] == '0') return "+93" + digits.substr(1);
  if (n == 11 && digits[0] == '0') return "+92" + digits.substr(1);
  if (n == 9 && digits[0] == '7') return "+93" + digits;
  if (n == 10 && digits[0] == '3') return "+92" + digits;
  if (n == 11 && digits.starts_with("93")) return "+" + digits;
  if (n == 12 && digits.starts_with("92")) return "+" + digits;
  return std::nullopt;
}

}  // namespace sanad::text
