#include "store/recovery_phrase.h"

#include <sodium.h>

#include <array>

namespace sanad::store {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t kChecksumBytes = 3;
constexpr size_t kPayloadBytes = kKeyBytes + kChecksumBytes;  // 35 bytes = 280 bits
constexpr size_t kPhraseChars = kPayloadBytes * 8 / 5;        // 56
static_assert(kPhraseChars == kRecoveryGroups * kRecoveryGroupChars);
static_assert(kPayloadBytes * 8 % 5 == 0, "the payload fills the last character exactly");

std::array<unsigned char, kChecksumBytes> Checksum(const unsigned char* key) {
  static constexpr std::string_view kPersonal = "sanad recovery phrase v1";
  unsigned char digest[16];
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, sizeof digest);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(kPersonal.data()),
                            kPersonal.size());
  crypto_generichash_update(&state, key, kKeyBytes);
  crypto_generichash_final(&state, digest, sizeof digest);
  return {digest[0], digest[1], digest[2]};
}

// The value of a phrase character; -1 when it is not one.
int Decode(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'I' || c == 'L') c = '1';
  if (c == 'O') c = '0';
  const size_t at = kAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

Error PhraseError(Message message) {
  return Error::InvalidInput("recovery_phrase", std::move(message));
}

}  // namespace

std::string RecoveryPhrase(const Key& master) {
  if (sodium_init() < 0) std::abort();  // generichash needs no randomness, but init once
  std::array<unsigned char, kPayloadBytes> payload{};
  std::copy(master.begin(), master.end(), payload.begin());
  const auto sum = Checksum(master.data());
  std::copy(sum.begin(), sum.end(), payload.begin() + kKeyBytes);
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  size_t written = 0;
  for (unsigned char byte : payload) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      if (written > 0 && written % kRecoveryGroupChars == 0) out.push_back(' ');
      out.push_back(kAlphabet[(buffer >> bits) & 31]);
      ++written;
    }
  }
  sodium_memzero(payload.data(), payload.size());
  buffer = 0;
  return out;
}

Result<Key> ParseRecoveryPhrase(std::string_view phrase) {
  if (sodium_init() < 0) std::abort();
  std::array<unsigned char, kPayloadBytes> payload{};
  uint32_t buffer = 0;
  int bits = 0;
  size_t chars = 0, bytes = 0;
  for (char c : phrase) {
    if (c == ' ' || c == '-' || c == '\n' || c == '\r' || c == '\t') continue;
    const int value = Decode(c);
    if (value < 0) {
      const bool printable = c >= 0x21 && c <= 0x7e;
      return Fail(
          PhraseError(Message("group {} has {}, which is not in a recovery phrase (digits and the "
                              "letters A to Z without I, L, O and U)",
                              chars / kRecoveryGroupChars + 1,
                              (printable ? Message::Verbatim("'" + std::string(1, c) + "'")
                                         : Message("a character")))));
    }
    ++chars;
    if (chars > kPhraseChars) break;
    buffer = (buffer << 5) | static_cast<uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      payload[bytes++] = static_cast<unsigned char>((buffer >> bits) & 0xFF);
    }
  }
  buffer = 0;
  if (chars != kPhraseChars) {
    sodium_memzero(payload.data(), payload.size());
    return Fail(
        PhraseError(Message("a recovery phrase has {} groups of {} characters ({} in all); {}",
                            kRecoveryGroups, kRecoveryGroupChars, kPhraseChars,
                            (chars > kPhraseChars ? Message("this one has more")
                                                  : Message("this one has {}", chars)))));
  }
  Key key{};
  std::copy(payload.begin(), payload.begin() + kKeyBytes, key.begin());
  const auto sum = Checksum(key.data());
  const bool matches = sodium_memcmp(sum.data(), payload.data() + kKeyBytes, kChecksumBytes) == 0;
  sodium_memzero(payload.data(), payload.size());
  if (!matches) {
    sodium_memzero(key.data(), key.size());
    return Fail(PhraseError(Message(
        "the recovery phrase has a typo (its checksum does not match): compare each group with "
        "what was written down; nothing was changed")));
  }
  return key;
}

}  // namespace sanad::store
