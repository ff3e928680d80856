// Document numbers (Tazkira, PoR card, ACC, passport ...) as written on paper
// and typed by registrars: "1401-0100-55512", "1401 0100 55512", "۱۴۰۱۰۱۰۰۵۵۵۱۲"
// all normalise to "1401010055512".
#pragma once

#include <string>
#include <string_view>

namespace sanad::text {

// Digits to ASCII, Latin letters upper-cased, separators and spaces dropped.
[[nodiscard]] std::string NormalizeDocumentNumber(std::string_view raw);

// The number a matcher compares: when the text holds five digits or more,
// its digits alone (ASCII or Eastern Arabic-Indic), so that "PoR 294155287",
// "PoR No. 294155287", "POR-294155287" and "294155287" are one number and so
// are "1403/0607/22919" and "1403-0607-22919"; otherwise as
// NormalizeDocumentNumber. Pure.
[[nodiscard]] std::string DocumentKey(std::string_view raw);

}  // namespace sanad::text
