#include "store/export_file.h"

#include <sodium.h>

#include <utility>

#include "store/sealed_stream.h"

namespace sanad::store {
namespace {

constexpr std::string_view kMagic = "SANADEXP1\n";

Result<Key> DeriveKey(std::string_view passphrase, const unsigned char* salt) {
  Key key{};
  if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt,
                    crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(Error::Unavailable("not enough memory to derive the export key"));
  }
  return key;
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
  AppendSealedStream(&out, plaintext, *key);
  sodium_memzero(key->data(), key->size());
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
  auto opened = OpenSealedStream(sealed, kMagic.size() + crypto_pwhash_SALTBYTES, *key);
  sodium_memzero(key->data(), key->size());
  if (!opened) return Fail(bad);
  return std::move(*opened);
}

}  // namespace sanad::store
