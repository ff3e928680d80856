// Provinces of Afghanistan and of Pakistan with the ways they are written
// (Latin variants, Dari/Pashto and Urdu script). Lookups are thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

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

// Pakistan (text/pakistan_districts.cc): where protection incidents happen
// and property is left behind.

// The canonical name when `raw` is a spelling of a province of Pakistan;
// nullopt for a province of Afghanistan or anything unknown.
[[nodiscard]] std::optional<std::string_view> CanonicalPakistanProvince(std::string_view raw);
[[nodiscard]] std::string_view PakistanProvinceNames();

// The canonical district name when `raw` is a spelling (Latin, Urdu or
// Pashto) of a district of `province` (itself any spelling of a province of
// Pakistan); nullopt otherwise.
[[nodiscard]] std::optional<std::string_view> CanonicalPakistanDistrict(std::string_view province,
                                                                        std::string_view raw);
// The districts of `province`, comma-separated; empty for an unknown province.
[[nodiscard]] std::string_view PakistanDistrictNames(std::string_view province);

struct PakistanPlace {
  std::string province;  // canonical
  std::string district;  // canonical, or empty when none was given
};
// Both names made canonical; kInvalidInput naming "province" or "district"
// with the accepted names when either is unknown. An empty district is
// allowed (returned empty).
[[nodiscard]] Result<PakistanPlace> ResolvePakistanPlace(std::string_view province,
                                                         std::string_view district);

}  // namespace sanad::text
