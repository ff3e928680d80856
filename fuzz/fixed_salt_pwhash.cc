#include "fixed_salt_pwhash.h"

#include <dlfcn.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <map>
#include <string>

#include "fuzz_check.h"

namespace {

using PwHash = int (*)(unsigned char*, unsigned long long, const char*, unsigned long long,
                       const unsigned char*, unsigned long long, size_t, int);

// Keyed by passphrase and key length; a handful of entries at most.
std::map<std::string, std::string>& Keys() {
  static std::map<std::string, std::string> keys;
  return keys;
}

}  // namespace

extern "C" int crypto_pwhash(unsigned char* out, unsigned long long outlen, const char* passwd,
                             unsigned long long passwdlen, const unsigned char* /*salt*/,
                             unsigned long long opslimit, size_t memlimit, int alg) {
  static const auto real = reinterpret_cast<PwHash>(dlsym(RTLD_NEXT, "crypto_pwhash"));
  FUZZ_CHECK(real != nullptr, "libsodium's crypto_pwhash is found");
  std::string id(passwd, passwdlen);
  id += '\0' + std::to_string(outlen) + '/' + std::to_string(opslimit) + '/' +
        std::to_string(memlimit) + '/' + std::to_string(alg);
  auto it = Keys().find(id);
  if (it == Keys().end()) {
    static constexpr std::array<unsigned char, crypto_pwhash_SALTBYTES> kFixedSalt{};
    std::string key(outlen, '\0');
    const int rc = real(reinterpret_cast<unsigned char*>(key.data()), outlen, passwd, passwdlen,
                        kFixedSalt.data(), opslimit, memlimit, alg);
    if (rc != 0) return rc;
    it = Keys().emplace(std::move(id), std::move(key)).first;
  }
  std::copy(it->second.begin(), it->second.end(), out);
  return 0;
}

namespace sanad::fuzz {

void DeriveKeysOnce(std::initializer_list<std::string_view> passphrases) {
  FUZZ_CHECK(sodium_init() >= 0, "libsodium starts");
  for (auto passphrase : passphrases) {
    // The parameters export_file.cc uses; a change there only costs a second
    // derivation on the first input, never a wrong answer.
    std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES> key{};
    std::array<unsigned char, crypto_pwhash_SALTBYTES> salt{};
    FUZZ_CHECK(crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(),
                             salt.data(), crypto_pwhash_OPSLIMIT_MODERATE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) == 0,
               "the export key derives");
  }
}

}  // namespace sanad::fuzz
