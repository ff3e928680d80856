// Provinces of Afghanistan and of Pakistan with the ways they are written
// (Latin variants, Dari/Pashto and Urdu script). Lookups are thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace sanad::text {

// The canonical English name ("Nangarhar", "Khyber Pakhtunkhwa") for a
// spelling ("nangrahar", "ننګرهار", "KPK"), or nullopt when unknown. A
// spelling the table lacks is found by its consonant skeleton when that is
// one province's alone ("Nangarhaar", "Lughmaan").
[[nodiscard]] std::optional<std::string_view> CanonicalProvince(std::string_view raw);

// The canonical name when `raw` is a spelling of a province of Afghanistan
// (where people return to: destinations); nullopt for a province of
// Pakistan or anything unknown.
[[nodiscard]] std::optional<std::string_view> CanonicalAfghanProvince(std::string_view raw);

// The canonical names of Afghanistan's provinces, comma-separated, for
// error messages.
[[nodiscard]] std::string_view AfghanProvinceNames();

}  // namespace sanad::text
