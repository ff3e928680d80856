// A byte stream sealed in chunks with libsodium's secretstream
// (XChaCha20-Poly1305), the body of the export and backup files: the stream
// header (24 bytes), then each chunk of at most 64 KiB as a 4-byte
// big-endian length and its sealed bytes, the last tagged FINAL. Optional
// additional data (a file's header) is authenticated with every chunk. A
// changed, dropped, added or reordered chunk, a stream cut short and bytes
// after the end all fail to open.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/key_ring.h"

namespace sanad::store {

// Appends `plaintext` sealed under `key`.
void AppendSealedStream(std::string* out, std::string_view plaintext, const Key& key,
                        std::string_view additional_data = {});

// The plaintext of the stream at sealed[start..end]; nullopt when anything
// fails (a wrong key reads the same as damage).
[[nodiscard]] std::optional<std::string> OpenSealedStream(std::string_view sealed, size_t start,
                                                          const Key& key,
                                                          std::string_view additional_data = {});

// The 4-byte big-endian lengths of the framing.
void PutLength(std::string* out, uint32_t n);
[[nodiscard]] uint32_t GetLength(std::string_view bytes, size_t pos);

}  // namespace sanad::store
