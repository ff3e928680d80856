// Internal to the text layer: the per-code-point fold behind FoldName,
// FoldText and NormalizeDocumentNumber.
//
// Idea: every fold rule of name_folding.h is a function of one code point
// (compatibility decomposition, case folding, mark removal and letter-family
// folding compose per code point, and NFKC's recomposition never matters
// because the marks it would recompose are removed). So the rules are applied
// once per code point, with ICU, into an immutable table covering U+0000 to
// U+2FFF and U+FB00 to U+FFFF (Latin, Arabic, punctuation, presentation forms,
// fullwidth); any other code point is folded with ICU on the fly.
//
// Cost: building the table takes a few milliseconds on first use; afterwards
// a code point costs one table read.
#pragma once

#include <string>
#include <string_view>

namespace sanad::text::internal {

// Appends the fold of `raw` to `out`: folded letters and digits, ' ' for every
// separator (not collapsed). Bad UTF-8 bytes read as separators.
void AppendFolded(std::string_view raw, std::string* out);

// True when `raw` is all ASCII (the fast path of every caller).
[[nodiscard]] bool IsAscii(std::string_view raw);

// Decodes one UTF-8 code point at `*pos`, advancing it; returns U+FFFD for a bad byte.
[[nodiscard]] char32_t DecodeUtf8(std::string_view s, size_t* pos);
void AppendUtf8(char32_t cp, std::string* out);

}  // namespace sanad::text::internal
