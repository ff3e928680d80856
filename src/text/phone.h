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

}  // namespace sanad::text
