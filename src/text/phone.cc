// Phone numbers to E.164. Afghan mobiles are 07X XXX XXXX locally (+93 7X...),
// Pakistani mobiles 03XX XXXXXXX (+92 3XX...). Landlines follow the same
// trunk-prefix rule. Anything else needs an explicit international prefix.
#include "text/phone.h"

namespace sanad::text {

std::optional<std::string> NormalizePhone(std::string_view raw) {
  std::string digits;
  bool plus = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c >= '0' && c <= '9') {
      digits.push_back(static_cast<char>(c));
    } else if (c == '+' && digits.empty()) {
      plus = true;
    } else if ((c == 0xD9 || c == 0xDB) && i + 1 < raw.size()) {
      const auto next = static_cast<unsigned char>(raw[i + 1]);
      if (c == 0xD9 && next >= 0xA0 && next <= 0xA9) {
        digits.push_back(static_cast<char>('0' + next - 0xA0));
      } else if (c == 0xDB && next >= 0xB0 && next <= 0xB9) {
        digits.push_back(static_cast<char>('0' + next - 0xB0));
      } else {
        return std::nullopt;
      }
      ++i;
    } else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '/') {
      continue;
    } else {
      return std::nullopt;
    }
  }
  if (!plus && digits.starts_with("00")) {
    digits.erase(0, 2);
    plus = true;
  }
  if (plus) {
    if (digits.size() < 8 || digits.size() > 15) return std::nullopt;
    // "+93 0700..." keeps a trunk zero people write by habit. Every such zero
    // goes (no national number starts with 0), so that a normalised number
    // normalises to itself ("+92 00 300..." would otherwise lose one zero at
    // each pass, and a stored number would not find itself).
    while ((digits.starts_with("930") || digits.starts_with("920")) && digits.size() >= 12) {
      digits.erase(2, 1);
    }
    return "+" + digits;
  }
  if (digits.size() == 10 && digits.starts_with("07")) return "+93" + digits.substr(1);
  if (digits.size() == 11 && digits.starts_with("03")) return "+92" + digits.substr(1);
  if (digits.size() == 9 && digits.starts_with("7")) return "+93" + digits;
  if (digits.size() == 10 && digits.starts_with("3")) return "+92" + digits;
  if (digits.size() == 11 && digits.starts_with("937")) return "+" + digits;
  if (digits.size() == 12 && digits.starts_with("923")) return "+" + digits;
  return std::nullopt;
}

std::string PhoneKey(std::string_view raw) {
  if (std::optional<std::string> phone = NormalizePhone(raw)) return *phone;
  std::string digits;
  for (size_t i = 0; i < raw.size(); ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c >= '0' && c <= '9') {
      digits.push_back(static_cast<char>(c));
    } else if ((c == 0xD9 || c == 0xDB) && i + 1 < raw.size()) {
      const auto next = static_cast<unsigned char>(raw[i + 1]);
      if (c == 0xD9 && next >= 0xA0 && next <= 0xA9) {
        digits.push_back(static_cast<char>('0' + next - 0xA0));
        ++i;
      } else if (c == 0xDB && next >= 0xB0 && next <= 0xB9) {
        digits.push_back(static_cast<char>('0' + next - 0xB0));
        ++i;
      }
    }
  }
  if (digits.size() < 6) return {};
  if (digits.starts_with("00")) {
    digits.erase(0, 2);
  } else if (digits.starts_with("07")) {
    digits.replace(0, 1, "93");
  } else if (digits.starts_with("03")) {
    digits.replace(0, 1, "92");
  } else if (digits.starts_with("7") && digits.size() <= 10) {
    digits.insert(0, "93");
  }
  return "+" + digits;
}

}  // namespace sanad::text
