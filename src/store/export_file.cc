#include "store/export_file.h"

#include <sodium.h>

#include <array>

namespace sanad::store {
namespace {

constexpr std::string_view kMagic = "SANADEXP1\n";
constexpr size_t kChunk = 64 * 1024;
using StreamKey = std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES>;

Result<StreamKey> DeriveKey(std::string_view passphrase, const unsigned char* salt) {
  StreamKey key{};
  if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt,
                    crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(Error::Unavailable("not enough memory to derive the export key"));
  }
  return key;
}

void PutLength(std::string* out, uint32_t n) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out->push_back(static_cast<char>((n >> shift) & 0xFF));
}

}  // namespace

Result<std::string> EncryptExport(std::string_view plaintext, std::string_view passphrase) {
  if (sodium_init() < 0) return Fail(Error::Internal("libsodium cannot start"));
  if (passphrase.size() < 12) {
    return Fail(Error::InvalidInput("passphrase", "must have at least 12 characters"));
  }
  std::string out(kMagic);
  unsigned char salt[crypto_pwhash_SALTBYTES];
  randombytes_buf(salt, sizeof salt);
  out.append(reinterpret_cast<const char*>(salt), sizeof salt);
  auto key = DeriveKey(passphrase, salt);
  if (!key) return Fail(key.error());
  crypto_secretstream_xchacha20poly1305_state state;
  unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  crypto_secretstream_xchacha20poly1305_init_push(&state, header, key->data());
  sodium_memzero(key->data(), key->size());
  out.append(reinterpret_cast<const char*>(header), sizeof header);
  size_t pos = 0;
  std::string sealed;
  do {
    const size_t n = std::min(kChunk, plaintext.size() - pos);
    const bool last = pos + n == plaintext.size();
    sealed.resize(n + crypto_secretstream_xchacha20poly1305_ABYTES);
    unsigned long long written = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &state, reinterpret_cast<unsigned char*>(sealed.data()), &written,
        reinterpret_cast<const unsigned char*>(plaintext.data() + pos), n, nullptr, 0,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    PutLength(&out, static_cast<uint32_t>(written));
    out.append(sealed.data(), written);
    pos += n;
  } while (pos < plaintext.size());
  return out;
}

Result<std::string> DecryptExport(std::string_view sealed, std::string_view passphrase) {
  if (sodium_init() < 0) return Fail(Error::Internal("libsodium cannot start"));
  const Error not_export = Error::InvalidInput("file", "is not a sanad export file");
  const Error bad = Error::InvalidInput(
      "passphrase", "the passphrase is wrong, or the file was changed or cut short");
  const size_t head =
      kMagic.size() + crypto_pwhash_SALTBYTES + crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  if (sealed.size() < head || sealed.substr(0, kMagic.size()) != kMagic) return Fail(not_export);
  const auto* salt = reinterpret_cast<const unsigned char*>(sealed.data() + kMagic.size());
  auto key = DeriveKey(passphrase, salt);
  if (!key) return Fail(key.error());
  crypto_secretstream_xchacha20poly1305_state state;
  const auto* header = salt + crypto_pwhash_SALTBYTES;
  const int init = crypto_secretstream_xchacha20poly1305_init_pull(&state, header, key->data());
  sodium_memzero(key->data(), key->size());
  if (init != 0) return Fail(bad);
  std::string out;
  size_t pos = head;
  unsigned char tag = 0;
  while (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
    if (pos + 4 > sealed.size()) return Fail(bad);
    uint32_t n = 0;
    for (int i = 0; i < 4; ++i)
      n = (n << 8) | static_cast<unsigned char>(sealed[pos + static_cast<size_t>(i)]);
    pos += 4;
    if (n < crypto_secretstream_xchacha20poly1305_ABYTES || pos + n > sealed.size())
      return Fail(bad);
    std::string chunk(n - crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
    unsigned long long written = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &state, reinterpret_cast<unsigned char*>(chunk.data()), &written, &tag,
            reinterpret_cast<const unsigned char*>(sealed.data() + pos), n, nullptr, 0) != 0) {
      return Fail(bad);
    }
    out.append(chunk.data(), written);
    pos += n;
  }
  if (pos != sealed.size()) return Fail(bad);
  return out;
}

}  // namespace sanad::store
