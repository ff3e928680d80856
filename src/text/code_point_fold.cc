#include "text/code_point_fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <stdexcept>
#include <unordered_map>
#include <vector>

namespace sanad::text::internal {
namespace {

// What one code point becomes before the generic rules, or kGeneric.
constexpr char32_t kGeneric = 0xFFFFFFFF;
constexpr char32_t kDrop = 0xFFFFFFFE;
constexpr char32_t kSpace = 0x20;

// Letter families and Pashto/Urdu letters onto their base letters; the Latin
// letters that have no decomposition; apostrophes, which join rather than
// split ("Ma'ruf" → "maruf").
char32_t Override(char32_t c) {
  switch (c) {
    // yeh: Arabic yeh, alef maksura, Persian yeh, Pashto ې ۍ, Urdu ے, and kin.
    case 0x064A: case 0x0649: case 0x06CC: case 0x06D0: case 0x06CD: case 0x06CE:
    case 0x06D1: case 0x06D2: case 0x0620: case 0x063D: case 0x063E: case 0x063F:
      return 0x06CC;
    // kaf: Arabic kaf, keheh and variants; Pashto ګ is a gaf.
    case 0x0643: case 0x06A9: case 0x06AA: case 0x063B: case 0x063C: case 0x06AC:
    case 0x06AD: case 0x06AE:
      return 0x06A9;
    case 0x06AB: case 0x06B0: case 0x06B1: case 0x06B2: case 0x06B3: case 0x06B4:
      return 0x06AF;
    // heh: teh marbuta, heh goal, heh doachashmee, ae, and kin.
    case 0x0629: case 0x06C1: case 0x06C3: case 0x06BE: case 0x06D5: case 0x06FF:
      return 0x0647;
    // alef forms without a canonical decomposition (آ أ إ decompose).
    case 0x0671: case 0x0672: case 0x0673:
      return 0x0627;
    // waw variants.
    case 0x06C4: case 0x06C5: case 0x06C6: case 0x06C7: case 0x06C8: case 0x06C9:
    case 0x06CA: case 0x06CB: case 0x06CF:
      return 0x0648;
    // teh: Pashto ټ, Urdu ٹ, Sindhi forms.
    case 0x067C: case 0x0679: case 0x067A: case 0x067D: case 0x067F:
      return 0x062A;
    case 0x067B: case 0x0680:
      return 0x0628;
    // dal: Pashto ډ, Urdu ڈ, variants.
    case 0x0689: case 0x0688: case 0x068A: case 0x068B: case 0x068C: case 0x068D:
    case 0x068E: case 0x068F: case 0x0690:
      return 0x062F;
    // reh: Pashto ړ, Urdu ڑ, variants.
    case 0x0693: case 0x0691: case 0x0692: case 0x0694: case 0x0695:
      return 0x0631;
    // Pashto ږ onto jeh; ڗ onto zain.
    case 0x0696: case 0x0699:
      return 0x0698;
    case 0x0697:
      return 0x0632;
    case 0x069A: return 0x0634;  // Pashto ښ → sheen
    case 0x0681: return 0x0632;  // Pashto ځ (dze) → zain
    case 0x0685: return 0x0633;  // Pashto څ (tse) → seen
    case 0x0687: return 0x0686;  // ڇ → cheh
    // noon: Pashto ڼ, Urdu ں, variants.
    case 0x06BC: case 0x06BA: case 0x06BB: case 0x06BD:
      return 0x0646;
    case 0x0640:  // tatweel
    case 0x0674:  // high hamza
      return kDrop;
    // Latin letters without a decomposition.
    case 0x00F8: case 0x00D8: return 'o';
    case 0x0111: case 0x0110: case 0x00F0: case 0x00D0: return 'd';
    case 0x0142: case 0x0141: return 'l';
    case 0x0131: return 'i';
    case 0x0127: case 0x0126: return 'h';
    case 0x0167: case 0x0166: return 't';
    case 0x0192: return 'f';
    case 0x014B: case 0x014A: return 'n';
    case 0x0138: return 'k';
    // Apostrophes and their look-alikes.
    case 0x0027: case 0x0060: case 0x00B4: case 0x2018: case 0x2019: case 0x201B:
    case 0x2032: case 0xFF07:
      return kDrop;
    default:
      return kGeneric;
  }
}

// Two-letter Latin ligatures, appended whole.
std::string_view Ligature(char32_t c) {
  switch (c) {
    case 0x00E6: case 0x00C6: return "ae";
    case 0x0153: case 0x0152: return "oe";
    case 0x00FE: case 0x00DE: return "th";
    default: return {};
  }
}

void FoldOneDecomposed(char32_t e, std::string* out) {
  if (auto lig = Ligature(e); !lig.empty()) {
    out->append(lig);
    return;
  }
  if (char32_t o = Override(e); o != kGeneric) {
    if (o != kDrop) AppendUtf8(o, out);
    return;
  }
  switch (u_charType(static_cast<UChar32>(e))) {
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_FORMAT_CHAR:  // ZWNJ, ZWJ, LRM/RLM, bidi embeddings and isolates, ALM, BOM
    case U_MODIFIER_LETTER:  // ʼ ʿ and kin
      return;
    case U_DECIMAL_DIGIT_NUMBER:
      out->push_back(static_cast<char>('0' + u_charDigitValue(static_cast<UChar32>(e))));
      return;
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_OTHER_LETTER:
      AppendUtf8(e, out);
      return;
    default:
      out->push_back(' ');
      return;
  }
}

// The full fold of one code point, with ICU.
std::string FoldCodePoint(char32_t c) {
  std::string out;
  if (c >= 0xD800 && c <= 0xDFFF) return " ";
  if (auto lig = Ligature(c); !lig.empty()) return std::string(lig);
  if (char32_t o = Override(c); o != kGeneric) {
    if (o != kDrop) AppendUtf8(o, &out);
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFKD is unavailable");
  icu::UnicodeString s = nfkd->normalize(icu::UnicodeString(static_cast<UChar32>(c)), status);
  s.foldCase();
  s = nfkd->normalize(s, status);
  if (U_FAILURE(status)) return " ";
  for (int32_t i = 0; i < s.length();) {
    const UChar32 e = s.char32At(i);
    i += U16_LENGTH(e);
    FoldOneDecomposed(static_cast<char32_t>(e), &out);
  }
  return out;
}

constexpr char32_t kLowEnd = 0x3000;
constexpr char32_t kHighBegin = 0xFB00;
constexpr size_t kTableSize = kLowEnd + (0x10000 - kHighBegin);

class FoldTable {
 public:
  FoldTable() {
    entries_.resize(kTableSize);
    std::unordered_map<std::string, uint32_t> interned;
    for (char32_t c = 0; c < 0x10000; ++c) {
      const int index = Index(c);
      if (index < 0) continue;
      std::string folded = FoldCodePoint(c);
      auto [it, inserted] = interned.try_emplace(folded, static_cast<uint32_t>(pool_.size()));
      if (inserted) pool_ += folded;
      entries_[static_cast<size_t>(index)] =
          Entry{it->second, static_cast<uint8_t>(folded.size())};
    }
  }

  static int Index(char32_t c) {
    if (c < kLowEnd) return static_cast<int>(c);
    if (c >= kHighBegin && c < 0x10000) return static_cast<int>(kLowEnd + (c - kHighBegin));
    return -1;
  }

  void Append(char32_t c, std::string* out) const {
    const int index = Index(c);
    if (index < 0) {
      out->append(FoldCodePoint(c));
      return;
    }
    const Entry& e = entries_[static_cast<size_t>(index)];
    out->append(pool_, e.offset, e.length);
  }

 private:
  struct Entry {
    uint32_t offset = 0;
    uint8_t length = 0;
  };
  std::vector<Entry> entries_;
  std::string pool_;
};

const FoldTable& Table() {
  static const FoldTable table;
  return table;
}

// ASCII: letters lower-cased, digits kept, apostrophes and backticks dropped,
// everything else a separator.
constexpr char AsciiFold(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return static_cast<char>(c);
  if (c == '\'' || c == '`') return 0;
  return ' ';
}

}  // namespace

bool IsAscii(std::string_view raw) {
  for (char c : raw) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

char32_t DecodeUtf8(std::string_view s, size_t* pos) {
  const size_t i = *pos;
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](size_t k) -> int {
    if (i + k >= s.size()) return -1;
    const auto b = static_cast<unsigned char>(s[i + k]);
    return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
  };
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (int c1 = cont(1); c1 >= 0) {
      *pos = i + 2;
      return static_cast<char32_t>(((b0 & 0x1F) << 6) | c1);
    }
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    int c1 = cont(1), c2 = c1 >= 0 ? cont(2) : -1;
    if (c1 >= 0 && c2 >= 0) {
      const auto cp = static_cast<char32_t>(((b0 & 0x0F) << 12) | (c1 << 6) | c2);
      if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
        *pos = i + 3;
        return cp;
      }
    }
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    int c1 = cont(1), c2 = c1 >= 0 ? cont(2) : -1, c3 = c2 >= 0 ? cont(3) : -1;
    if (c1 >= 0 && c2 >= 0 && c3 >= 0) {
      const auto cp = static_cast<char32_t>(((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3);
      if (cp >= 0x10000 && cp <= 0x10FFFF) {
        *pos = i + 4;
        return cp;
      }
    }
  }
  *pos = i + 1;
  return 0xFFFD;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void AppendFolded(std::string_view raw, std::string* out) {
  if (IsAscii(raw)) {
    for (char c : raw) {
      if (char f = AsciiFold(static_cast<unsigned char>(c))) out->push_back(f);
    }
    return;
  }
  const FoldTable& table = Table();
  for (size_t pos = 0; pos < raw.size();) {
    const char32_t c = DecodeUtf8(raw, &pos);
    if (c < 0x80) {
      if (char f = AsciiFold(static_cast<unsigned char>(c))) out->push_back(f);
    } else {
      table.Append(c, out);
    }
  }
}

}  // namespace sanad::text::internal
