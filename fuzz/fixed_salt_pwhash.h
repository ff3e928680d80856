// A crypto_pwhash for the export harness and its seed tool only: libsodium's
// real Argon2id, run once per passphrase with a fixed salt and remembered
// (see export_file_fuzz.cc for why). Linking fixed_salt_pwhash.cc into a
// binary replaces crypto_pwhash for the static libraries in it; never link
// it into anything but fuzz/.
#pragma once

#include <initializer_list>
#include <string_view>

namespace sanad::fuzz {

inline constexpr std::string_view kExportPassphrase = "correct horse battery staple";
inline constexpr std::string_view kWrongPassphrase = "correct horse battery stable";

// Derives and remembers the store's export key for each passphrase now.
void DeriveKeysOnce(std::initializer_list<std::string_view> passphrases);

}  // namespace sanad::fuzz
