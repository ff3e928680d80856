// Name folding and the cross-script skeleton (see name_folding.h).
//
// The skeleton keeps consonants only, mapped to one ASCII class per sound,
// because the Arabic script does not write short vowels and romanisations
// disagree mostly about vowels (Mohammad/Muhammad/Mohamed). Rules, for both
// scripts:
//   - vowels (a e i o u; ا آ ع ء) are dropped; y/ی and w/v/و count as
//     consonants only at the start of a token (Yusuf, Wali), else as vowels;
//   - sounds written with two Latin letters have one class: kh/خ -> x,
//     gh/غ -> G, sh/ش/ښ -> S, ch/چ -> c, zh/ژ/ږ -> z;
//   - letters Dari pronounces alike share a class: ث س ص څ -> s, ذ ز ض ظ ځ -> z,
//     ت ط ټ -> t, ح ه -> h, ق ک / q k c -> k;
//   - a final h (Latin) or ه (Arabic) is dropped (Fatima/Fatemeh/فاطمه);
//   - a letter repeated is kept once (Mohammad -> m h m d).
// Compounds: "abd" + article + X and عبد + ال + X become "bd" + skeleton(X),
// so Abdul Rahman, Abdurrahman and عبدالرحمن all give "bdrhmn"; X + ud + din
// and X + الدین give skeleton(X) + "dn"; X ullah joins into one token.
#include "text/name_folding.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>

namespace sanad::text {
namespace {

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

void AppendUtf8(std::string* out, UChar32 cp) {
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

// Decodes one code point from `s` at `*i`; invalid bytes give -1.
UChar32 NextCodePoint(std::string_view s, size_t* i) {
  UChar32 cp;
  int32_t index = static_cast<int32_t>(*i);
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), index, static_cast<int32_t>(s.size()), cp);
  *i = static_cast<size_t>(index);
  return cp;
}

// Arabic-script letter folding: returns 0 to drop the code point, the code
// point itself to keep it, or the folded letter.
UChar32 FoldArabic(UChar32 cp) {
  if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640 || cp == 0x06D6 ||
      (cp >= 0x06D7 && cp <= 0x06ED && cp != 0x06D0)) {
    return 0;  // harakat, superscript alef, tatweel, Quranic marks
  }
  switch (cp) {
    case 0x064A:
    case 0x0649:
    case 0x06CC:
    case 0x06D0:
    case 0x06CD:
    case 0x0626:
    case 0x06CE:
      return 0x06CC;  // yeh family -> Persian yeh
    case 0x0643:
      return 0x06A9;  // Arabic kaf -> keheh
    case 0x06AB:
      return 0x06AF;  // Pashto gaf -> gaf
    case 0x0629:
    case 0x06C0:
    case 0x06C1:
    case 0x06BE:
    case 0x06D5:
      return 0x0647;  // teh marbuta, heh forms -> heh
    case 0x0623:
    case 0x0625:
    case 0x0622:
    case 0x0671:
    case 0x0672:
    case 0x0673:
      return 0x0627;  // alef forms -> alef
    case 0x0624:
      return 0x0648;  // waw with hamza -> waw
    case 0x067C:
      return 0x062A;  // Pashto tteh -> teh
    case 0x0689:
      return 0x062F;  // Pashto ddal -> dal
    case 0x0693:
      return 0x0631;  // Pashto rreh -> reh
    case 0x0696:
      return 0x0698;  // Pashto zheh -> jeh
    case 0x069A:
      return 0x0634;  // Pashto sheen -> sheen
    case 0x06BC:
      return 0x0646;  // Pashto noon -> noon
    case 0x06BA:
      return 0x0646;  // noon ghunna -> noon
    default:
      return cp;
  }
}

bool IsRemovedFormat(UChar32 cp) {
  return cp == 0x200C || cp == 0x200D || cp == 0x200E || cp == 0x200F || cp == 0x061C ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

void AppendFolded(UChar32 cp, std::string* out) {
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') {
      out->push_back(static_cast<char>(cp - 'A' + 'a'));
    } else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      out->push_back(static_cast<char>(cp));
    } else {
      out->push_back(' ');
    }
    return;
  }
  if (cp >= 0x0660 && cp <= 0x0669) return out->push_back(static_cast<char>('0' + cp - 0x0660));
  if (cp >= 0x06F0 && cp <= 0x06F9) return out->push_back(static_cast<char>('0' + cp - 0x06F0));
  if (IsRemovedFormat(cp)) return;
  if (cp >= 0x0600 && cp <= 0x06FF) {
    const UChar32 folded = FoldArabic(cp);
    if (folded == 0) return;
    if (u_isalpha(folded)) {
      AppendUtf8(out, folded);
    } else {
      out->push_back(' ');  // Arabic comma, question mark ...
    }
    return;
  }
  if (u_getCombiningClass(cp) != 0 || u_charType(cp) == U_NON_SPACING_MARK) return;
  if (!u_isalnum(cp)) {
    out->push_back(' ');
    return;
  }
  // Latin and other letters: strip diacritics through the canonical
  // decomposition, then case-fold.
  static const icu::Normalizer2* nfd = [] {
    UErrorCode status = U_ZERO_ERROR;
    return icu::Normalizer2::getNFDInstance(status);
  }();
  icu::UnicodeString decomposition;
  if (nfd && nfd->getDecomposition(cp, decomposition) && decomposition.length() > 0) {
    const UChar32 base = decomposition.char32At(0);
    if (base < 0x80) return AppendFolded(base, out);
    cp = base;
  }
  AppendUtf8(out, u_foldCase(cp, U_FOLD_CASE_DEFAULT));
}

// NFKC, then letter-by-letter folding; returns space-separated tokens with
// single spaces.
std::string FoldToText(std::string_view raw) {
  std::string folded;
  folded.reserve(raw.size());
  if (IsAscii(raw)) {
    for (char c : raw) AppendFolded(static_cast<unsigned char>(c), &folded);
  } else {
    static const icu::Normalizer2* nfkc = [] {
      UErrorCode status = U_ZERO_ERROR;
      return icu::Normalizer2::getNFKCInstance(status);
    }();
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())));
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString normal = nfkc ? nfkc->normalize(text, status) : text;
    if (U_FAILURE(status)) normal = text;
    for (int32_t i = 0; i < normal.length(); i = normal.moveIndex32(i, 1)) {
      const UChar32 cp = normal.char32At(i);
      if (cp == 0xFFFD) continue;  // an invalid byte in the input
      AppendFolded(cp, &folded);
    }
  }
  std::string out;
  out.reserve(folded.size());
  for (char c : folded) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string> SplitTokens(const std::string& text) {
  std::vector<std::string> tokens;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) tokens.emplace_back(text, start, end - start);
    start = end + 1;
  }
  return tokens;
}

bool OneOf(std::string_view token, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), token) != set.end();
}

bool IsHonorific(std::string_view t) {
  return OneOf(
      t,
      {"haji",    "hajji",    "hadji", "alhaj",   "alhaji", "mullah",  "mulla",   "molla", "mullo",
       "mawlawi", "maulvi",   "molvi", "mawlavi", "moulvi", "maulana", "mawlana", "qari",  "kari",
       "hafiz",   "hafez",    "sayed", "sayyid",  "syed",   "sayyed",  "seyed",   "sayad", "eng",
       "engr",    "engineer", "dr",    "doctor",  "prof",   "mr",      "mrs",     "ms",    "miss",
       "sahib",   "saheb",    "agha",  "aqa",     "حاجی",   "الحاج",   "ملا",     "مولوی", "مولانا",
       "قاری",    "حافظ",     "سید",   "انجنیر",  "مهندس",  "داکتر",   "دکتور",   "دکتر",  "صاحب",
       "اغا",     "آغا",      "آقا",   "اقا"});
}

bool IsArabicScript(std::string_view token) {
  return !token.empty() && static_cast<unsigned char>(token[0]) >= 0xD8 &&
         static_cast<unsigned char>(token[0]) <= 0xDB;
}

bool IsLatinVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Skeleton of a Latin token (lowercase ASCII).
std::string LatinSkeleton(std::string_view s) {
  std::string out;
  const size_t n = s.size();
  for (size_t i = 0; i < n; ++i) {
    const char c = s[i];
    const char next = i + 1 < n ? s[i + 1] : '\0';
    char cls = 0;
    if (c == 'k' && next == 'h') {
      cls = 'x', ++i;
    } else if (c == 'g' && next == 'h') {
      cls = 'G', ++i;
    } else if (c == 's' && next == 'h') {
      cls = 'S', ++i;
    } else if (c == 'c' && next == 'h') {
      cls = 'c', ++i;
    } else if (c == 'z' && next == 'h') {
      cls = 'z', ++i;
    } else if (c == 't' && next == 'h') {
      cls = 't', ++i;
    } else if (c == 'p' && next == 'h') {
      cls = 'f', ++i;
    } else if (c == 'c' && next == 'k') {
      cls = 'k', ++i;
    } else if (IsLatinVowel(c)) {
      continue;
    } else if (c == 'y') {
      if (i != 0) continue;
      cls = 'y';
    } else if (c == 'w' || c == 'v') {
      if (i != 0) continue;
      cls = 'w';
    } else if (c == 'h') {
      if (i + 1 == n && i > 0) continue;  // final h: Allah, Shah, Fatemeh
      cls = 'h';
    } else if (c == 'q' || c == 'c') {
      cls = 'k';
    } else if (c >= 'a' && c <= 'z') {
      cls = c;
    } else {
      continue;  // digits
    }
    if (out.empty() || out.back() != cls) out.push_back(cls);
  }
  return out;
}

// Skeleton class of a folded Arabic-script letter; 0 for a vowel letter.
char ArabicClass(UChar32 cp, bool initial) {
  switch (cp) {
    case 0x0628:
      return 'b';
    case 0x067E:
      return 'p';
    case 0x062A:
    case 0x0637:
      return 't';
    case 0x062B:
    case 0x0633:
    case 0x0635:
    case 0x0685:
      return 's';
    case 0x062C:
      return 'j';
    case 0x0686:
      return 'c';
    case 0x062D:
    case 0x0647:
      return 'h';
    case 0x062E:
      return 'x';
    case 0x062F:
      return 'd';
    case 0x0630:
    case 0x0632:
    case 0x0636:
    case 0x0638:
    case 0x0681:
    case 0x0698:
      return 'z';
    case 0x0631:
      return 'r';
    case 0x0634:
      return 'S';
    case 0x063A:
      return 'G';
    case 0x0641:
      return 'f';
    case 0x0642:
    case 0x06A9:
      return 'k';
    case 0x06AF:
      return 'g';
    case 0x0644:
      return 'l';
    case 0x0645:
      return 'm';
    case 0x0646:
      return 'n';
    case 0x0648:
      return initial ? 'w' : 0;
    case 0x06CC:
      return initial ? 'y' : 0;
    default:
      return 0;  // alef, ain, hamza, anything else
  }
}

std::string ArabicSkeleton(std::string_view s) {
  std::vector<UChar32> letters;
  for (size_t i = 0; i < s.size();) {
    const UChar32 cp = NextCodePoint(s, &i);
    if (cp > 0) letters.push_back(cp);
  }
  if (letters.size() > 1 && letters.back() == 0x0647) letters.pop_back();  // final heh
  std::string out;
  for (size_t i = 0; i < letters.size(); ++i) {
    const char cls = ArabicClass(letters[i], i == 0);
    if (cls != 0 && (out.empty() || out.back() != cls)) out.push_back(cls);
  }
  return out;
}

constexpr std::string_view kArabicAbd = "\xD8\xB9\xD8\xA8\xD8\xAF";                    // عبد
constexpr std::string_view kArabicAl = "\xD8\xA7\xD9\x84";                             // ال
constexpr std::string_view kArabicAddin = "\xD8\xA7\xD9\x84\xD8\xAF\xDB\x8C\xD9\x86";  // الدین

// "Mohd", "Md": Mohammad abbreviated, as many registrars write it.
bool IsMohammadAbbreviation(std::string_view t) {
  return OneOf(t, {"mohd", "muhd", "mohmd", "mhd", "md"});
}

// Skeleton of a token that may be a joined compound.
std::string CompoundSkeleton(std::string_view t) {
  if (IsMohammadAbbreviation(t)) return "mhmd";
  if (IsArabicScript(t)) {
    if (t.starts_with(kArabicAbd)) {
      std::string_view rest = t.substr(kArabicAbd.size());
      if (rest.starts_with(kArabicAl)) rest.remove_prefix(kArabicAl.size());
      return "bd" + ArabicSkeleton(rest);
    }
    if (t.size() > kArabicAddin.size() && t.ends_with(kArabicAddin)) {
      return ArabicSkeleton(t.substr(0, t.size() - kArabicAddin.size())) + "dn";
    }
    return ArabicSkeleton(t);
  }
  if (t.starts_with("abd")) {
    std::string_view rest = t.substr(3);
    while (!rest.empty() && IsLatinVowel(rest.front())) rest.remove_prefix(1);
    if (rest.size() > 1 && rest[0] == 'l' && !IsLatinVowel(rest[1])) rest.remove_prefix(1);
    std::string skeleton = LatinSkeleton(rest);
    // "abd" + a rest that starts with d collapses like any repeated letter.
    if (!skeleton.empty() && skeleton[0] == 'd') skeleton.erase(0, 1);
    return "bd" + skeleton;
  }
  for (std::string_view suffix : {"uddin", "udin", "uldin", "aldin", "eddin", "addin", "uddeen",
                                  "udeen", "aldeen", "eldin", "ud din", "din", "deen"}) {
    if (t.size() > suffix.size() + 2 && t.ends_with(suffix)) {
      std::string_view stem = t.substr(0, t.size() - suffix.size());
      for (std::string_view article : {"ud", "ul", "al", "ed", "el", "ad"}) {
        if (stem.size() > article.size() + 1 && stem.ends_with(article)) {
          stem.remove_suffix(article.size());
          break;
        }
      }
      std::string skeleton = LatinSkeleton(stem);
      if (!skeleton.empty() && skeleton.back() == 'd') skeleton.pop_back();
      return skeleton + "dn";
    }
  }
  return LatinSkeleton(t);
}

bool IsCompoundPrefix(std::string_view t) {
  return OneOf(t, {"abd", "abdu", "abdul", "abdal", "abdel", "abdol", "abdur", "abdus", "abdi",
                   "\xD8\xB9\xD8\xA8\xD8\xAF", "\xD8\xB9\xD8\xA8\xD8\xAF\xD8\xA7\xD9\x84"});
}

bool IsCompoundSuffix(std::string_view t) {
  return OneOf(t, {"ullah", "ulla", "allah", "ullha", "ulah", "ollah", "ola", "uddin", "udin",
                   "uldin", "aldin", "eddin", "addin", "uddeen", "\xD8\xA7\xD9\x84\xD9\x84\xD9\x87",
                   "\xD8\xA7\xD9\x84\xD9\x87", "\xD8\xA7\xD9\x84\xD8\xAF\xDB\x8C\xD9\x86"});
}

bool IsConnector(std::string_view t) {
  return OneOf(t, {"ud", "ul", "al", "ed", "el", "ad", "\xD8\xA7\xD9\x84"});
}

struct Compound {
  std::string joined;
  std::vector<std::string> parts;
};

// Joins Abdul + X, X + ullah / uddin, X + ud + din into single tokens.
std::vector<Compound> JoinCompounds(const std::vector<std::string>& tokens) {
  std::vector<Compound> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    if (!out.empty() &&
        (IsCompoundSuffix(t) || (t == "din" && i >= 2 && IsConnector(tokens[i - 1])))) {
      out.back().joined += t;
      out.back().parts.push_back(t);
      continue;
    }
    if (IsConnector(t) && !out.empty() && i + 1 < tokens.size()) {
      out.back().joined += t;
      continue;
    }
    if (!out.empty() && IsCompoundPrefix(out.back().joined)) {
      out.back().joined += t;
      out.back().parts.push_back(t);
      continue;
    }
    out.push_back(Compound{t, {t}});
  }
  return out;
}

}  // namespace

FoldedName FoldName(std::string_view raw) {
  FoldedName result;
  std::vector<std::string> tokens = SplitTokens(FoldToText(raw));
  for (auto& t : tokens) {
    (IsHonorific(t) ? result.honorifics : result.tokens).push_back(std::move(t));
  }
  // A name that is only an honorific (Hafiz, Agha) is a name.
  if (result.tokens.empty()) std::swap(result.tokens, result.honorifics);
  return result;
}

std::string TokenSkeleton(std::string_view folded_token) {
  if (IsMohammadAbbreviation(folded_token)) return "mhmd";
  return IsArabicScript(folded_token) ? ArabicSkeleton(folded_token) : LatinSkeleton(folded_token);
}

std::string NameSkeleton(std::string_view raw) {
  std::string out;
  for (const auto& c : JoinCompounds(FoldName(raw).tokens)) {
    const std::string skeleton = CompoundSkeleton(c.joined);
    if (skeleton.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out += skeleton;
  }
  return out;
}

std::string JoinedSkeleton(std::string_view raw) {
  std::string out;
  for (char c : NameSkeleton(raw)) {
    if (c != ' ' && (out.empty() || out.back() != c)) out.push_back(c);
  }
  return out;
}

std::vector<std::string> SearchKeys(std::string_view raw) {
  std::vector<std::string> keys;
  for (const auto& c : JoinCompounds(FoldName(raw).tokens)) {
    const std::string whole = CompoundSkeleton(c.joined);
    keys.push_back(whole);
    // The parts too, so "Abdul" or "Rahman" alone find Abdul Rahman.
    if (c.parts.size() > 1) {
      for (const auto& part : c.parts) keys.push_back(CompoundSkeleton(part));
    }
    if (whole.starts_with("bd") && whole.size() > 2) {
      keys.push_back("bd");
      keys.push_back(whole.substr(2));
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  keys.erase(std::remove(keys.begin(), keys.end(), std::string()), keys.end());
  return keys;
}

}  // namespace sanad::text
