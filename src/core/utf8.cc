#include "core/utf8.h"

#include <cstdint>

namespace sanad {

std::string_view Utf8Prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  // Back off over continuation bytes (10xxxxxx) to the start of the
  // sequence the cut falls in, at most three bytes.
  for (size_t back = 0;
       back < 3 && end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80; ++back) {
    --end;
  }
  return text.substr(0, end);
}

bool IsValidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const uint8_t c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3Fu);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

bool IsInvisibleFormatCharacter(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

std::optional<char32_t> FindForbiddenCharacter(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    const uint8_t c = s[i];
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t') || c == 0x7F) return c;
      ++i;
      continue;
    }
    // Only two- and three-byte sequences hold what is refused.
    if ((c & 0xE0) == 0xC0 && i + 1 < n) {
      const char32_t cp = (char32_t{c & 0x1Fu} << 6) | (s[i + 1] & 0x3Fu);
      if (cp >= 0x80 && cp <= 0x9F) return cp;
      i += 2;
    } else if ((c & 0xF0) == 0xE0 && i + 2 < n) {
      const char32_t cp =
          (char32_t{c & 0x0Fu} << 12) | (char32_t{s[i + 1] & 0x3Fu} << 6) | (s[i + 2] & 0x3Fu);
      if (cp == 0x2028 || cp == 0x2029 || IsInvisibleFormatCharacter(cp)) return cp;
      i += 3;
    } else {
      i += (c & 0xF8) == 0xF0 ? 4 : 1;
    }
  }
  return std::nullopt;
}

bool HasControlCharacter(std::string_view text) {
  auto c = FindForbiddenCharacter(text);
  return c && !IsInvisibleFormatCharacter(*c);
}

std::string ToAsciiDigits(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (i + 1 < text.size() && (b0 == 0xD9 || b0 == 0xDB)) {
      const auto b1 = static_cast<unsigned char>(text[i + 1]);
      // U+0660..U+0669 are D9 A0..D9 A9; U+06F0..U+06F9 are DB B0..DB B9.
      if (b0 == 0xD9 && b1 >= 0xA0 && b1 <= 0xA9) {
        out.push_back(static_cast<char>('0' + (b1 - 0xA0)));
        ++i;
        continue;
      }
      if (b0 == 0xDB && b1 >= 0xB0 && b1 <= 0xB9) {
        out.push_back(static_cast<char>('0' + (b1 - 0xB0)));
        ++i;
        continue;
      }
      if (b0 == 0xD9 && b1 == 0xAB) {  // U+066B ARABIC DECIMAL SEPARATOR, used in dates
        out.push_back('/');
        ++i;
        continue;
      }
    }
    if (i + 2 < text.size() && text.substr(i, 3) == "\xE2\x88\x95") {  // U+2215 DIVISION SLASH
      out.push_back('/');
      i += 2;
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace sanad
