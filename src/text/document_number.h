// Document numbers (Tazkira, PoR card, ACC, passport ...) as written on paper
// and typed by registrars: "1401-0100-55512", "1401 0100 55512", "۱۴۰۱۰۱۰۰۵۵۵۱۲"
// all normalise to "1401010055512".
#pragma once

#include <string>
#include <string_view>

namespace sanad::text {

// Digits to ASCII, Latin letters upper-cased, separators and spaces dropped.
[[nodiscard]] std::string NormalizeDocumentNumber(std::string_view raw);

}  // namespace sanad::text
