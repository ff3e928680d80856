#include "store/key_ring.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "store/file_mode.h"

namespace sanad::store {
namespace {

constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "sanadkey";
constexpr std::string_view kCheckPlaintext = "sanad master key check v1";

void EnsureSodium() {
  if (sodium_init() < 0) std::abort();  // no safe way to continue without a CSPRNG
}

}  // namespace

std::string ToHex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  size_t written = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &written, &end) != 0 ||
      end != hex.data() + hex.size() || written != out.size()) {
    return std::nullopt;
  }
  return out;
}

KeyRing KeyRing::FromMasterKey(const Key& master) {
  EnsureSodium();
  KeyRing ring;
  crypto_kdf_derive_from_key(ring.wrap_key_.data(), kKeyBytes, 1, kKdfContext, master.data());
  crypto_kdf_derive_from_key(ring.index_key_.data(), kKeyBytes, 2, kKdfContext, master.data());
  crypto_kdf_derive_from_key(ring.check_key_.data(), kKeyBytes, 3, kKdfContext, master.data());
  crypto_kdf_derive_from_key(ring.backup_key_.data(), kKeyBytes, 4, kKdfContext, master.data());
  crypto_kdf_derive_from_key(ring.snapshot_key_.data(), kKeyBytes, 5, kKdfContext, master.data());
  ring.master_ = master;
  return ring;
}

KeyRing::~KeyRing() {
  sodium_memzero(wrap_key_.data(), kKeyBytes);
  sodium_memzero(index_key_.data(), kKeyBytes);
  sodium_memzero(check_key_.data(), kKeyBytes);
  sodium_memzero(backup_key_.data(), kKeyBytes);
  sodium_memzero(snapshot_key_.data(), kKeyBytes);
  sodium_memzero(master_.data(), kKeyBytes);
}

Result<KeyRing> KeyRing::FromKeyFile(const std::string& path) {
  struct stat info{};
  if (stat(path.c_str(), &info) != 0) {
    return Fail(
        Error::Unavailable("the key file '{}' cannot be read: {}. Give the site's key file with "
                           "--key-file or SANAD_KEY_FILE.",
                           path, std::strerror(errno)));
  }
  if (auto ok = RequireOwnerOnly(path, "key file", "key_file"); !ok) return Fail(ok.error());
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string hex;
  for (char c : buffer.str()) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') hex.push_back(c);
  }
  Key master{};
  size_t written = 0;
  const char* end = nullptr;
  const bool ok = hex.size() == 2 * kKeyBytes &&
                  sodium_hex2bin(master.data(), kKeyBytes, hex.data(), hex.size(), nullptr,
                                 &written, &end) == 0 &&
                  written == kKeyBytes && end == hex.data() + hex.size();
  sodium_memzero(hex.data(), hex.size());
  if (!ok) {
    return Fail(Error::InvalidInput(
        "key_file", "the key file '{}' is not a sanad key (64 hexadecimal characters)", path));
  }
  KeyRing ring = FromMasterKey(master);
  sodium_memzero(master.data(), kKeyBytes);
  return ring;
}

Result<KeyRing> KeyRing::FromPassphrase(std::string_view passphrase, std::string_view salt) {
  EnsureSodium();
  if (passphrase.size() < 12) {
    return Fail(
        Error::InvalidInput("passphrase", "the passphrase must have at least 12 characters"));
  }
  if (salt.size() != crypto_pwhash_SALTBYTES) {
    return Fail(Error::Internal("the stored passphrase salt is damaged"));
  }
  Key master{};
  if (crypto_pwhash(master.data(), kKeyBytes, passphrase.data(), passphrase.size(),
                    reinterpret_cast<const unsigned char*>(salt.data()),
                    crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Fail(Error::Unavailable("not enough memory to derive the key from the passphrase"));
  }
  KeyRing ring = FromMasterKey(master);
  sodium_memzero(master.data(), kKeyBytes);
  return ring;
}

Status KeyRing::CreateKeyFile(const std::string& path) {
  EnsureSodium();
  Key master{};
  randombytes_buf(master.data(), kKeyBytes);
  Status written = WriteKeyFile(path, master);
  sodium_memzero(master.data(), kKeyBytes);
  return written;
}

Status KeyRing::WriteKeyFile(const std::string& path, const Key& master) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    return Fail(
        Error::Unavailable("cannot create the key file '{}': {}", path, std::strerror(errno)));
  }
  std::string hex =
      ToHex(std::string_view(reinterpret_cast<const char*>(master.data()), kKeyBytes)) + "\n";
  const bool written =
      ::write(fd, hex.data(), hex.size()) == static_cast<ssize_t>(hex.size()) && ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(hex.data(), hex.size());
  if (!written) return Fail(Error::Unavailable("cannot write the key file '{}'", path));
  return {};
}

std::string KeyRing::NewSalt() {
  EnsureSodium();
  std::string salt(crypto_pwhash_SALTBYTES, '\0');
  randombytes_buf(salt.data(), salt.size());
  return salt;
}

RandomPool::~RandomPool() { sodium_memzero(buffer_.data(), buffer_.size()); }

void RandomPool::Take(std::span<unsigned char> out) {
  if (out.size() > kBytes) {
    EnsureSodium();
    randombytes_buf(out.data(), out.size());
    return;
  }
  while (!out.empty()) {
    if (next_ == kBytes) {
      EnsureSodium();
      randombytes_buf(buffer_.data(), buffer_.size());
      next_ = 0;
    }
    const size_t n = std::min(out.size(), kBytes - next_);
    std::memcpy(out.data(), buffer_.data() + next_, n);
    sodium_memzero(buffer_.data() + next_, n);
    next_ += n;
    out = out.subspan(n);
  }
}

Key KeyRing::NewDataKey(RandomPool* random) {
  EnsureSodium();
  Key key{};
  // What crypto_aead_xchacha20poly1305_ietf_keygen does: 32 random bytes.
  static_assert(kKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  if (random != nullptr) {
    random->Take(key);
  } else {
    crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
  }
  return key;
}

std::string KeyRing::Seal(const Key& key, std::string_view plaintext, std::string_view context,
                          RandomPool* nonces) {
  EnsureSodium();
  std::string out(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() +
                      crypto_aead_xchacha20poly1305_ietf_ABYTES,
                  '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  if (nonces != nullptr) {
    nonces->Take(std::span(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES));
  } else {
    randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  }
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &written,
      reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(context.data()), context.size(), nullptr, nonce,
      key.data());
  out.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + written);
  return out;
}

Result<std::string> KeyRing::Open(const Key& key, std::string_view sealed,
                                  std::string_view context) {
  constexpr size_t kOverhead =
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < kOverhead) return Fail(Error::Internal("a sealed value is truncated"));
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  std::string out(sealed.size() - kOverhead, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &written, nullptr,
          nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
          sealed.size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
          reinterpret_cast<const unsigned char*>(context.data()), context.size(), nonce,
          key.data()) != 0) {
    return Fail(Error::Internal("a sealed value does not open: wrong key or altered data"));
  }
  out.resize(written);
  return out;
}

std::string KeyRing::WrapKey(const Key& data_key, std::string_view owner_id,
                             RandomPool* nonces) const {
  return Seal(wrap_key_,
              std::string_view(reinterpret_cast<const char*>(data_key.data()), kKeyBytes), owner_id,
              nonces);
}

Result<Key> KeyRing::UnwrapKey(std::string_view wrapped, std::string_view owner_id) const {
  auto plain = Open(wrap_key_, wrapped, owner_id);
  if (!plain) return Fail(plain.error());
  if (plain->size() != kKeyBytes) return Fail(Error::Internal("a wrapped key is damaged"));
  Key key{};
  std::memcpy(key.data(), plain->data(), kKeyBytes);
  sodium_memzero(plain->data(), plain->size());
  return key;
}

Result<std::string> KeyRing::OpenWithWrappedKey(std::string_view wrapped, std::string_view sealed,
                                                std::string_view owner_id) const {
  auto data_key = UnwrapKey(wrapped, owner_id);
  if (!data_key) return Fail(data_key.error());
  auto plain = Open(*data_key, sealed, owner_id);
  sodium_memzero(data_key->data(), data_key->size());
  return plain;
}

std::string KeyRing::BlindIndex(std::string_view kind, std::string_view value) const {
  std::string out(kBlindIndexBytes, '\0');
  BlindIndex(kind, value,
             std::span<unsigned char, kBlindIndexBytes>(
                 reinterpret_cast<unsigned char*>(out.data()), kBlindIndexBytes));
  return out;
}

void KeyRing::BlindIndex(std::string_view kind, std::string_view value,
                         std::span<unsigned char, kBlindIndexBytes> out) const {
  crypto_generichash_state state;
  crypto_generichash_init(&state, index_key_.data(), kKeyBytes, out.size());
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kind.data()),
                            kind.size());
  const unsigned char separator = 0;
  crypto_generichash_update(&state, &separator, 1);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(value.data()),
                            value.size());
  crypto_generichash_final(&state, out.data(), out.size());
}

std::string KeyRing::MakeCheckValue() const { return Seal(check_key_, kCheckPlaintext, "check"); }

bool KeyRing::CheckValueMatches(std::string_view check_value) const {
  auto plain = Open(check_key_, check_value, "check");
  return plain && *plain == kCheckPlaintext;
}

}  // namespace sanad::store
