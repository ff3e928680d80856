#include "store/sealed_stream.h"

#include <sodium.h>

#include <algorithm>

namespace sanad::store {
namespace {

constexpr size_t kChunk = 64 * 1024;
constexpr size_t kTagBytes = crypto_secretstream_xchacha20poly1305_ABYTES;
static_assert(kKeyBytes == crypto_secretstream_xchacha20poly1305_KEYBYTES);

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

void PutLength(std::string* out, uint32_t n) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out->push_back(static_cast<char>((n >> shift) & 0xFF));
}

uint32_t GetLength(std::string_view bytes, size_t pos) {
  uint32_t n = 0;
  for (size_t i = 0; i < 4; ++i) n = (n << 8) | static_cast<unsigned char>(bytes[pos + i]);
  return n;
}

void AppendSealedStream(std::string* out, std::string_view plaintext, const Key& key,
                        std::string_view additional_data) {
  crypto_secretstream_xchacha20poly1305_state state;
  unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  crypto_secretstream_xchacha20poly1305_init_push(&state, header, key.data());
  out->reserve(out->size() + sizeof header + plaintext.size() +
               (plaintext.size() / kChunk + 1) * (kTagBytes + 4));
  out->append(reinterpret_cast<const char*>(header), sizeof header);
  std::string sealed;
  size_t pos = 0;
  do {
    const size_t n = std::min(kChunk, plaintext.size() - pos);
    const bool last = pos + n == plaintext.size();
    sealed.resize(n + kTagBytes);
    unsigned long long written = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &state, reinterpret_cast<unsigned char*>(sealed.data()), &written, Bytes(plaintext) + pos,
        n, Bytes(additional_data), additional_data.size(),
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    PutLength(out, static_cast<uint32_t>(written));
    out->append(sealed.data(), written);
    pos += n;
  } while (pos < plaintext.size());
  sodium_memzero(&state, sizeof state);
}

std::optional<std::string> OpenSealedStream(std::string_view sealed, size_t start, const Key& key,
                                            std::string_view additional_data) {
  if (sealed.size() < start + crypto_secretstream_xchacha20poly1305_HEADERBYTES) {
    return std::nullopt;
  }
  crypto_secretstream_xchacha20poly1305_state state;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&state, Bytes(sealed) + start, key.data()) !=
      0) {
    return std::nullopt;
  }
  size_t pos = start + crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  std::string out;
  std::string chunk;
  unsigned char tag = 0;
  bool ok = true;
  while (ok && tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
    if (pos + 4 > sealed.size()) {
      ok = false;
      break;
    }
    const uint32_t n = GetLength(sealed, pos);
    pos += 4;
    if (n < kTagBytes || n > kChunk + kTagBytes || pos + n > sealed.size()) {
      ok = false;
      break;
    }
    chunk.resize(n - kTagBytes);
    unsigned long long written = 0;
    ok = crypto_secretstream_xchacha20poly1305_pull(
             &state, reinterpret_cast<unsigned char*>(chunk.data()), &written, &tag,
             Bytes(sealed) + pos, n, Bytes(additional_data), additional_data.size()) == 0;
    out.append(chunk.data(), written);
    pos += n;
  }
  sodium_memzero(&state, sizeof state);
  sodium_memzero(chunk.data(), chunk.size());
  if (!ok || pos != sealed.size()) {
    sodium_memzero(out.data(), out.size());
    return std::nullopt;
  }
  return out;
}

}  // namespace sanad::store
