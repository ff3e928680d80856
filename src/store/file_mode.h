// Files that hold secrets (the master key, the database and its -wal and
// -shm) must be the owner's alone. One check, used wherever such a file is
// opened, so every command refuses the same way and says how to fix it.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace sanad::store {

// Success when `path` does not exist or only its owner may read, write or
// run it; kInvalidInput naming `field` otherwise, with a message that names
// `what` ("key file", "database file") and the fix (`chmod 600 PATH`).
// Thread-safe.
[[nodiscard]] Status RequireOwnerOnly(const std::string& path, std::string_view what,
                                      std::string_view field);

}  // namespace sanad::store
