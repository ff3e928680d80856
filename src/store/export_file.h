// Person-level exports are encrypted to a passphrase: Argon2id derives a key
// from the passphrase and a random salt; the CSV is sealed in 64 KiB chunks
// with XChaCha20-Poly1305 (libsodium secretstream), so truncation, reordering
// or any change is detected on opening.
//
// Format: "SANADEXP1\n" | salt (16) | stream header (24) | chunks, each a
// 4-byte big-endian length then the sealed bytes; the last chunk is tagged FINAL.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace sanad::store {

// kInvalidInput when the passphrase has fewer than 12 characters.
[[nodiscard]] Result<std::string> EncryptExport(std::string_view plaintext,
                                                std::string_view passphrase);
// kInvalidInput for a file that is not an export, a wrong passphrase or a
// damaged or truncated file.
[[nodiscard]] Result<std::string> DecryptExport(std::string_view sealed,
                                                std::string_view passphrase);

}  // namespace sanad::store
