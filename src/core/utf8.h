// Strict UTF-8 checks for everything that enters sanad from outside.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sanad {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing
// past U+10FFFF).
[[nodiscard]] bool IsValidUtf8(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` bytes that does not
// cut a UTF-8 sequence in half: for quoting input in a message. Never fails;
// invalid bytes are treated as single characters.
[[nodiscard]] std::string_view Utf8Prefix(std::string_view text, size_t max_bytes);

// The first code point in `text` that no name, number, place or note may
// hold, or nullopt:
// - control characters: C0 but tab, DEL, C1 (U+0080..U+009F, among them
//   U+0085 NEXT LINE), and the line and paragraph separators U+2028, U+2029;
// - bidirectional embeddings, overrides and isolates (U+202A..U+202E,
//   U+2066..U+2069), which reorder what is shown so that one name can be made
//   to look like another;
// - U+FEFF, a byte-order mark left inside text (files joined together).
// The marks Persian and Pashto need (U+200C ZWNJ, U+200E/U+200F LRM/RLM) are
// allowed. `text` must be valid UTF-8 (IsValidUtf8).
[[nodiscard]] std::optional<char32_t> FindForbiddenCharacter(std::string_view text);

// True when FindForbiddenCharacter finds a control character or separator
// (not a bidirectional control or U+FEFF).
[[nodiscard]] bool HasControlCharacter(std::string_view text);

// `text` with Eastern Arabic-Indic digits (Persian ۰-۹, U+06F0..U+06F9, and
// Arabic ٠-٩, U+0660..U+0669) written as ASCII digits, and the Arabic date
// separator U+066B and slash U+2215 as '/'; everything else unchanged. For
// numbers and dates typed on a Dari or Pashto keyboard.
[[nodiscard]] std::string ToAsciiDigits(std::string_view text);

// True for U+202A..U+202E, U+2066..U+2069 and U+FEFF.
[[nodiscard]] bool IsInvisibleFormatCharacter(char32_t c);

}  // namespace sanad
