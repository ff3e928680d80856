// Strict UTF-8 checks for everything that enters sanad from outside.
#pragma once

#include <string_view>

namespace sanad {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing
// past U+10FFFF).
[[nodiscard]] bool IsValidUtf8(std::string_view text);

// True when `text` holds a control character other than tab (C0 or DEL), which
// no name, number or note field may contain.
[[nodiscard]] bool HasControlCharacter(std::string_view text);

}  // namespace sanad
