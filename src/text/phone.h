// Phone numbers to E.164, for Afghanistan (+93) and Pakistan (+92) as they are
// written on registration forms. Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sanad::text {

// Normalises a phone number to E.164 ("+93700123456").
//  - Separators (space, '-', '.', '(', ')', '/') are ignored; Eastern
//    Arabic-Indic digits (٠-٩, ۰-۹) are read as ASCII digits.
//  - "+CC...", "00CC..." are international; a trunk 0 after +93/+92 is dropped
//    ("+93 (0)700 123 456").
//  - Afghan: 0 + 9 digits ("0700 123 456", "020 2101234") → +93; 9 digits
//    starting with 7 ("700123456") → +93; "93" + 9 digits → +93.
//  - Pakistani: 0 + 10 digits ("0300 1234567", "042 35123456") → +92; 10
//    digits starting with 3 ("3001234567") → +92; "92" + 10 digits → +92.
// Returns nullopt when the text holds anything else (letters), or when the
// digits fit no plan (too short, too long: E.164 allows 8 to 15 digits).
[[nodiscard]] std::optional<std::string> NormalizePhone(std::string_view raw);

}  // namespace sanad::text
