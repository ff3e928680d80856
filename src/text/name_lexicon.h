// The common-name lexicon (internal to the text layer; see IsCommonName in
// name_folding.h).
#pragma once

#include <span>
#include <string_view>

namespace sanad::text {

// Common Afghan given names and compound stems in Dari spelling. Immutable.
[[nodiscard]] std::span<const std::string_view> CommonNames();

}  // namespace sanad::text
