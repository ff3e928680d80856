// Record ids generated at the site: UUIDv7 strings (RFC 9562), so records
// created offline at many sites never collide and sort by creation time.
#pragma once

#include <string>
#include <string_view>

namespace sanad {

// A new UUIDv7 in canonical lowercase form, e.g. "01931d5e-8a7b-7c3d-9e1f-0a2b3c4d5e6f".
// Thread-safe.
[[nodiscard]] std::string NewId();

// True for a canonical lowercase UUID string (any version).
[[nodiscard]] bool IsValidId(std::string_view id);

}  // namespace sanad
