// Province gazetteer: Afghanistan's 34 provinces and Pakistan's provinces and
// territories, with common Latin spellings and Dari/Pashto/Urdu script forms.
// Pure and thread-safe (immutable tables built on first use).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace sanad::text {

// The canonical English name ("Nangarhar", "Khyber Pakhtunkhwa") for a
// province written in any supported spelling or script ("Ningarhar",
// "ننګرهار", "KPK", "Kabul province", "ولایت کابل"); nullopt if unknown.
// The returned view points into a static table.
[[nodiscard]] std::optional<std::string_view> CanonicalProvince(std::string_view raw);

// The country of a canonical province name: "AF" or "PK"; empty if not canonical.
[[nodiscard]] std::string_view ProvinceCountry(std::string_view canonical);

// Every canonical province name, Afghanistan's first.
[[nodiscard]] const std::vector<std::string_view>& AllProvinces();

}  // namespace sanad::text
