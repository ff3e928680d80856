// Record ids generated at the site: UUIDv7 strings (RFC 9562), so records
// created offline at many sites never collide and sort by creation time.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace sanad {

// A new UUIDv7 in canonical lowercase form, e.g. "01931d5e-8a7b-7c3d-9e1f-0a2b3c4d5e6f".
// Thread-safe.
[[nodiscard]] std::string NewId();
// The same from `random`, kRandomIdBytes bytes of a CSPRNG that no other id
// or key was given (an import draws them many at a time): the id's random
// bits, the rest being the time now, as NewId's are.
inline constexpr size_t kRandomIdBytes = 10;
[[nodiscard]] std::string NewId(std::span<const unsigned char, kRandomIdBytes> random);

// True for a canonical lowercase UUID string (any version).
[[nodiscard]] bool IsValidId(std::string_view id);

}  // namespace sanad
