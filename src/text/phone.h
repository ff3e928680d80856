// Phone numbers as written in Afghanistan and Pakistan, to E.164.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sanad::text {

// "+93700123456" for 0700 123 456, +93 70 012 3456, 0093700123456 or the same
// in Eastern Arabic-Indic digits; "+923001234567" for 0300-1234567 and other
// Pakistani forms; other numbers with a '+' or '00' prefix kept as given.
// nullopt when the text is not a phone number.
[[nodiscard]] std::optional<std::string> NormalizePhone(std::string_view raw);

// The number a matcher compares: NormalizePhone's E.164 when it reads the
// text; otherwise its digits with the same prefixes read (00 as +, a trunk 0
// before 7 as +93 and before 3 as +92), so that a number mistyped with a
// digit too many or too few still lies one edit from the right one. Empty
// when the text holds fewer than six digits. Pure.
[[nodiscard]] std::string PhoneKey(std::string_view raw);

}  // namespace sanad::text
