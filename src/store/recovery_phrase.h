// The master key as a phrase a person can write down on paper, so that a
// site can be restored from a backup file plus the phrase alone (backup.h).
//
// The phrase is the 32-byte key followed by a 3-byte checksum (BLAKE2b of
// the key, personalised for sanad), 280 bits written as 56 characters of
// Crockford's base32 in 14 groups of four: digits and capital letters
// without I, L, O and U, so nothing can be misread as something else and
// it can be read aloud over a phone in any language. Reading is forgiving
// in what cannot be ambiguous (lower case, I and L for 1, O for 0, spaces,
// hyphens and line breaks anywhere) and strict in the rest: a typo fails
// the checksum (one in 16 million slips through) instead of restoring
// with a wrong key. docs/security.md says why this and not a word list.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "store/key_ring.h"

namespace sanad::store {

inline constexpr size_t kRecoveryGroups = 14;
inline constexpr size_t kRecoveryGroupChars = 4;

// "7K2M 9QXD ..." : 14 groups of four characters separated by spaces.
// Pure; thread-safe.
[[nodiscard]] std::string RecoveryPhrase(const Key& master);

// The master key written in `phrase`. kInvalidInput naming
// "recovery_phrase" when a character is not in the alphabet (naming the
// group and the character), when it has the wrong number of characters,
// or when the checksum does not match (a typo). Pure; thread-safe.
[[nodiscard]] Result<Key> ParseRecoveryPhrase(std::string_view phrase);

}  // namespace sanad::store
