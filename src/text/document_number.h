// Identity document numbers (Tazkira, e-Tazkira, PoR card, passport ...)
// normalised for exact comparison. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace sanad::text {

// Separators and spaces removed (anything that is not a letter or a digit),
// digits to ASCII (Eastern Arabic-Indic too), Latin letters upper-cased and
// stripped of diacritics, Arabic letters folded as in FoldName.
// "pk-123 456/7" → "PK1234567"; "۱۲۳۴-۵۶۷۸" → "12345678". Empty if nothing is left.
[[nodiscard]] std::string NormalizeDocumentNumber(std::string_view raw);

}  // namespace sanad::text
