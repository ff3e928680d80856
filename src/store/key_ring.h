// Keys for encryption at rest (see docs/security.md).
//
// The site master key (32 bytes, from a key file or an Argon2id-derived
// passphrase) never encrypts data directly. Three subkeys are derived from it
// (libsodium crypto_kdf): a wrapping key for per-person data keys, a key for
// blind indexes (keyed BLAKE2b of normalised names, phones and document
// numbers, so the database can be searched without holding them), and a key
// for the check value that tells a wrong master key from a right one.
// A fourth subkey seals backups (backup.h), a fifth the duplicate index's
// snapshot (Store::WriteIndexSnapshot); the master key itself is kept
// only so that an administrator can write it down as a recovery phrase
// (recovery_phrase.h).
// Each person's sensitive fields are sealed (XChaCha20-Poly1305) with that
// person's own random data key; destroying the wrapped data key makes the
// record unreadable to anyone, master key or not (crypto-shredding).
//
// A KeyRing is immutable after construction and safe to share across threads.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"

namespace sanad::store {

inline constexpr size_t kKeyBytes = 32;
using Key = std::array<unsigned char, kKeyBytes>;

// Random bytes for an import, which needs a data key, two nonces and an id
// for each of a million persons: drawn from the system's CSPRNG
// (randombytes_buf, getrandom(2) on Linux) kBytes at a time instead of in
// four small draws a person (a system call each). Nothing is derived or
// stretched: every key and nonce is the CSPRNG's own bytes, as when drawn
// alone, and each byte is handed out once. Bytes not handed out yet are
// future keys: each is wiped as it is handed out, the rest when the pool is
// destroyed. Not thread-safe; one pool per import.
class RandomPool {
 public:
  RandomPool() = default;
  ~RandomPool();
  RandomPool(const RandomPool&) = delete;
  RandomPool& operator=(const RandomPool&) = delete;

  // Fills `out` with bytes no one was given before.
  void Take(std::span<unsigned char> out);

 private:
  static constexpr size_t kBytes = 4096;
  std::array<unsigned char, kBytes> buffer_{};
  size_t next_ = kBytes;  // the first byte not handed out; kBytes: none left
};

class KeyRing {
 public:
  // Reads a key file: 64 hexadecimal characters (and optional whitespace).
  // kUnavailable when missing or unreadable; kInvalidInput when malformed or
  // readable by group/others.
  [[nodiscard]] static Result<KeyRing> FromKeyFile(const std::string& path);
  // Derives the master key from a passphrase (at least 12 characters) and a
  // 16-byte salt with Argon2id.
  [[nodiscard]] static Result<KeyRing> FromPassphrase(std::string_view passphrase,
                                                      std::string_view salt);
  [[nodiscard]] static KeyRing FromMasterKey(const Key& master);
  // Writes a new random key file with mode 0600; fails if it exists.
  [[nodiscard]] static Status CreateKeyFile(const std::string& path);
  // Writes `master` as a key file with mode 0600 (a site restored from its
  // recovery phrase); fails if it exists.
  [[nodiscard]] static Status WriteKeyFile(const std::string& path, const Key& master);
  // 16 random bytes for a passphrase salt.
  [[nodiscard]] static std::string NewSalt();

  ~KeyRing();
  KeyRing(const KeyRing&) = default;
  KeyRing& operator=(const KeyRing&) = default;

  // A fresh random data key: from `random` when given, else drawn now.
  [[nodiscard]] static Key NewDataKey(RandomPool* random = nullptr);
  // The data key wrapped for storage, bound to `owner_id`; its nonce from
  // `nonces` when given, else drawn now.
  [[nodiscard]] std::string WrapKey(const Key& data_key, std::string_view owner_id,
                                    RandomPool* nonces = nullptr) const;
  [[nodiscard]] Result<Key> UnwrapKey(std::string_view wrapped, std::string_view owner_id) const;
  // Opens `sealed` with the data key `wrapped` for `owner_id` (also the
  // context it was sealed with), wiping the data key afterwards.
  [[nodiscard]] Result<std::string> OpenWithWrappedKey(std::string_view wrapped,
                                                       std::string_view sealed,
                                                       std::string_view owner_id) const;

  // nonce || XChaCha20-Poly1305(plaintext), authenticated with `context`;
  // the random nonce from `nonces` when given, else drawn now.
  [[nodiscard]] static std::string Seal(const Key& key, std::string_view plaintext,
                                        std::string_view context, RandomPool* nonces = nullptr);
  // kInternal when the ciphertext was altered or the key is wrong.
  [[nodiscard]] static Result<std::string> Open(const Key& key, std::string_view sealed,
                                                std::string_view context);

  // kBlindIndexBytes-byte keyed hash of a normalised value; `kind` separates
  // name tokens from phones and document numbers.
  static constexpr size_t kBlindIndexBytes = 16;
  [[nodiscard]] std::string BlindIndex(std::string_view kind, std::string_view value) const;
  // The same bytes into `out`, without an allocation (an import makes millions).
  void BlindIndex(std::string_view kind, std::string_view value,
                  std::span<unsigned char, kBlindIndexBytes> out) const;

  // A value stored in the database at creation; CheckValueMatches() tells
  // whether this key ring is the one that made it.
  [[nodiscard]] std::string MakeCheckValue() const;
  [[nodiscard]] bool CheckValueMatches(std::string_view check_value) const;

  // The key that seals backups (a crypto_kdf subkey of the master key, so a
  // backup opens with the site's key file, passphrase or recovery phrase).
  [[nodiscard]] const Key& backup_key() const { return backup_key_; }
  // The key that seals the duplicate index's snapshot (subkey 5).
  [[nodiscard]] const Key& snapshot_key() const { return snapshot_key_; }
  // The master key itself: for RecoveryPhrase() only, never for sealing.
  [[nodiscard]] const Key& master_key() const { return master_; }

 private:
  KeyRing() = default;
  Key master_{};
  Key backup_key_{};
  Key snapshot_key_{};
  Key wrap_key_{};
  Key index_key_{};
  Key check_key_{};
};

// Hex encoding (libsodium's) for logs, the audit chain and file headers.
[[nodiscard]] std::string ToHex(std::string_view bytes);
// The bytes of a hex string (either case); nullopt for anything else.
[[nodiscard]] std::optional<std::string> FromHex(std::string_view hex);

}  // namespace sanad::store
