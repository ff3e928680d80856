// Provinces of Afghanistan and of Pakistan with the ways they are written
// (Latin variants, Dari/Pashto and Urdu script).
#pragma once

#include <optional>
#include <string_view>

namespace sanad::text {

// The canonical English name ("Nangarhar", "Khyber Pakhtunkhwa") for a
// spelling ("nangrahar", "ننګرهار", "KPK"), or nullopt when unknown. A
// spelling the table lacks is found by its consonant skeleton when that is
// one province's alone ("Nangarhaar", "Lughmaan").
[[nodiscard]] std::optional<std::string_view> CanonicalProvince(std::string_view raw);

}  // namespace sanad::text
