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
// Titles: set aside anywhere (Haji, Mawlawi, Sayed, Eng., حاجی ...); Khan,
// Jan and Bibi only at the end of a name (Bibi also at its start or run into
// it), when a name remains. Vowel runs: the vowels the skeleton drops, kept
// per consonant so that Hassan/Hussain and حسن/حسین can be told apart
// (VowelsAgree); the common-name lexicon (name_lexicon.cc) tells names from
// typos. Cost: one pass per token for each; the lexicon index is built once.
#include "text/name_folding.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>

#include "text/name_lexicon.h"

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
      t, {"haji",    "hajji",   "hadji",     "haaji",   "alhaj",   "alhaji",   "alhajj",  "alhaaj",
          "mullah",  "mulla",   "molla",     "mullo",   "mollah",  "mawlawi",  "maulvi",  "molvi",
          "mawlavi", "moulvi",  "moulavi",   "maulawi", "mowlawi", "mawlvi",   "maulana", "mawlana",
          "moulana", "qari",    "qary",      "kari",    "hafiz",   "hafez",    "sayed",   "sayyid",
          "syed",    "sayyed",  "seyed",     "sayad",   "saiyed",  "sayeda",   "sayyida", "syeda",
          "sayyeda", "seyyeda", "saiyeda",   "eng",     "engr",    "engineer", "dr",      "doctor",
          "daktar",  "prof",    "professor", "mr",      "mrs",     "ms",       "miss",    "sahib",
          "saheb",   "sahab",   "agha",      "aqa",     "حاجی",    "الحاج",    "ملا",     "مولوی",
          "مولانا",  "قاری",    "حافظ",      "سید",     "سیده",    "انجنیر",   "مهندس",   "داکتر",
          "دکتور",   "دکتر",    "صاحب",      "اغا",     "آغا",     "آقا",      "اقا"});
}

// Titles that are also parts of names (Jan Mohammad, Khan Mohammad, Bibi
// Gul): set aside only at the end of a name (Ahmad Khan, Karim Jan, Fatima
// Bibi), or at its start for Bibi (Bibi Aisha), and only when a name remains.
bool IsTrailingTitle(std::string_view t) {
  return OneOf(t, {"khan", "jan", "jaan", "bibi", "bebe", "خان", "جان", "بیبی"});
}
bool IsLeadingTitle(std::string_view t) { return OneOf(t, {"bibi", "bebe", "بیبی"}); }

bool IsArabicScript(std::string_view token) {
  return !token.empty() && static_cast<unsigned char>(token[0]) >= 0xD8 &&
         static_cast<unsigned char>(token[0]) <= 0xDB;
}

bool IsLatinVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

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

// Walks a Latin token (lowercase ASCII) letter by letter, telling `sink`
// each consonant class (Consonant) and each vowel letter dropped from the
// skeleton (Vowel): o as u, y as i, w and v as w.
template <typename Sink>
void WalkLatin(std::string_view s, Sink& sink) {
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
      sink.Vowel(c == 'o' ? 'u' : c);
      continue;
    } else if (c == 'y') {
      if (i != 0) {
        sink.Vowel('i');
        continue;
      }
      cls = 'y';
    } else if (c == 'w' || c == 'v') {
      if (i != 0) {
        sink.Vowel('w');
        continue;
      }
      cls = 'w';
    } else if (c == 'h') {
      if (i + 1 == n && i > 0) continue;  // final h: Allah, Shah, Fatemeh
      cls = 'h';
    } else if (c == 'q' || c == 'c') {
      cls = 'k';
    } else if (c >= 'a' && c <= 'z') {
      cls = c;
    } else {
      continue;
    }
    sink.Consonant(cls);
  }
}

// The same for a folded Perso-Arabic token: vowel letters A (ا ع ء), W (و),
// Y (ی); a final heh is dropped.
template <typename Sink>
void WalkArabic(std::string_view s, Sink& sink) {
  std::vector<UChar32> letters;
  for (size_t i = 0; i < s.size();) {
    const UChar32 cp = NextCodePoint(s, &i);
    if (cp > 0) letters.push_back(cp);
  }
  if (letters.size() > 1 && letters.back() == 0x0647) letters.pop_back();
  for (size_t i = 0; i < letters.size(); ++i) {
    const char cls = ArabicClass(letters[i], i == 0);
    if (cls != 0) {
      sink.Consonant(cls);
    } else if (letters[i] == 0x0627 || letters[i] == 0x0639 || letters[i] == 0x0621) {
      sink.Vowel('A');
    } else if (letters[i] == 0x0648) {
      sink.Vowel('W');
    } else if (letters[i] == 0x06CC) {
      sink.Vowel('Y');
    }
  }
}

// What a skeleton keeps: the consonant classes, a repeated one once.
struct SkeletonSink {
  std::string skeleton;
  void Vowel(char /*letter*/) {}
  void Consonant(char cls) {
    if (skeleton.empty() || skeleton.back() != cls) skeleton.push_back(cls);
  }
};

// Skeleton of a Latin token (lowercase ASCII).
std::string LatinSkeleton(std::string_view s) {
  SkeletonSink sink;
  WalkLatin(s, sink);
  return std::move(sink.skeleton);
}

std::string ArabicSkeleton(std::string_view s) {
  SkeletonSink sink;
  WalkArabic(s, sink);
  return std::move(sink.skeleton);
}

constexpr std::string_view kArabicAbd = "\xD8\xB9\xD8\xA8\xD8\xAF";                    // عبد
constexpr std::string_view kArabicAl = "\xD8\xA7\xD9\x84";                             // ال
constexpr std::string_view kArabicAddin = "\xD8\xA7\xD9\x84\xD8\xAF\xDB\x8C\xD9\x86";  // الدین

// "Mohd", "Md": Mohammad abbreviated, as many registrars write it.
bool IsMohammadAbbreviation(std::string_view t) {
  return OneOf(t, {"mohd", "muhd", "mohmd", "mhd", "md"});
}

// What follows the "Abd" of a joined "Abdul Rahman" (عبد, عبدال; abd, abdul,
// abdur, ...), or nothing when the token does not start with it.
std::optional<std::string_view> RestAfterAbd(std::string_view t, bool arabic) {
  if (arabic) {
    if (!t.starts_with(kArabicAbd)) return std::nullopt;
    std::string_view rest = t.substr(kArabicAbd.size());
    if (rest.starts_with(kArabicAl)) rest.remove_prefix(kArabicAl.size());
    return rest;
  }
  if (!t.starts_with("abd")) return std::nullopt;
  std::string_view rest = t.substr(3);
  while (!rest.empty() && IsLatinVowel(rest.front())) rest.remove_prefix(1);
  if (rest.size() > 1 && rest[0] == 'l' && !IsLatinVowel(rest[1])) rest.remove_prefix(1);
  return rest;
}

// The stem before the "-uddin" of a joined "Nasir ud-Din" (الدین; uddin,
// aldin, din, ...), or nothing when the token does not end in it.
std::optional<std::string_view> StemBeforeUddin(std::string_view t, bool arabic) {
  if (arabic) {
    if (t.size() > kArabicAddin.size() && t.ends_with(kArabicAddin)) {
      return t.substr(0, t.size() - kArabicAddin.size());
    }
    return std::nullopt;
  }
  for (std::string_view suffix : {"uddin", "udin", "uldin", "aldin", "eddin", "addin", "uddeen",
                                  "udeen", "aldeen", "eldin", "ud din", "din", "deen"}) {
    if (t.size() > suffix.size() + 2 && t.ends_with(suffix)) {
      std::string_view stem = t.substr(0, t.size() - suffix.size());
      // "din" alone leaves its article on the stem (Nasirud-din); the other
      // suffixes carry it, and a stem may end in "al" itself (Jamaluddin).
      if (suffix == "din" || suffix == "deen") {
        for (std::string_view article : {"ud", "ul", "al", "ed", "el", "ad"}) {
          if (stem.size() > article.size() + 1 && stem.ends_with(article)) {
            stem.remove_suffix(article.size());
            break;
          }
        }
      }
      return stem;
    }
  }
  return std::nullopt;
}

// Skeleton of a token that may be a joined compound.
std::string CompoundSkeleton(std::string_view t) {
  if (IsMohammadAbbreviation(t)) return "mhmd";
  const bool arabic = IsArabicScript(t);
  auto skeleton_of = [arabic](std::string_view part) {
    return arabic ? ArabicSkeleton(part) : LatinSkeleton(part);
  };
  if (auto rest = RestAfterAbd(t, arabic)) {
    std::string skeleton = skeleton_of(*rest);
    // "abd" + a rest that starts with d collapses like any repeated letter.
    if (!arabic && !skeleton.empty() && skeleton[0] == 'd') skeleton.erase(0, 1);
    return "bd" + skeleton;
  }
  if (auto stem = StemBeforeUddin(t, arabic)) {
    std::string skeleton = skeleton_of(*stem);
    if (!arabic && !skeleton.empty() && skeleton.back() == 'd') skeleton.pop_back();
    return skeleton + "dn";
  }
  return skeleton_of(t);
}

bool IsCompoundPrefix(std::string_view t) {
  if (OneOf(t, {"\xD8\xB9\xD8\xA8\xD8\xAF", "\xD8\xB9\xD8\xA8\xD8\xAF\xD8\xA7\xD9\x84"})) {
    return true;  // عبد, عبدال
  }
  // abd, then vowels however romanised, then at most the article's consonant
  // (Abdul, Abdool, Abdoul, Abdur, Abdus, Abd-el).
  if (!t.starts_with("abd") || t.size() > 7) return false;
  std::string_view rest = t.substr(3);
  while (!rest.empty() && IsLatinVowel(rest.front())) rest.remove_prefix(1);
  return rest.empty() ||
         (rest.size() == 1 && std::string_view("lrsznd").find(rest[0]) != std::string_view::npos);
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

// ---------------------------------------------------------------------------
// Vowel runs: what the skeleton drops, kept aside so that names with one
// skeleton can still be told apart (Hassan / Hussain, حسن / حسین, Ahmad /
// Hamid). The walk is the skeleton's own (WalkLatin, WalkArabic), consonant for
// consonant; before each consonant it records the vowel letters seen since
// the previous one, and after the last the vowels that end the name. Latin
// vowels are written a e i u (o as u, y as i, w and v as w), Perso-Arabic
// vowel letters A (ا ع ء), W (و), Y (ی); "*" is a run that says nothing
// (around the fixed parts of compounds: Abdul, -ullah, -uddin).

struct Runs {
  std::string skeleton;
  std::vector<std::string> runs;  // runs[i] precedes skeleton[i]; the last follows it
  std::string pending;
  void Vowel(char v) {
    if (pending != "*") pending.push_back(v);
  }
  void Consonant(char cls) {
    if (!skeleton.empty() && skeleton.back() == cls) return;  // repeated: the run goes on
    skeleton.push_back(cls);
    runs.push_back(std::move(pending));
    pending.clear();
  }
};

void LatinRuns(std::string_view s, Runs* r) { WalkLatin(s, *r); }

void ArabicRuns(std::string_view s, Runs* r) { WalkArabic(s, *r); }

// A token walked on its own (a fresh Runs), then appended to `name`.
void AppendToken(Runs&& token, Runs* name) {
  if (token.skeleton.empty()) {
    for (char v : token.pending) name->Vowel(v);
    if (token.pending == "*") name->pending = "*";
    return;
  }
  for (size_t i = 0; i < token.skeleton.size(); ++i) {
    std::string run = std::move(token.runs[i]);
    if (i == 0) run = name->pending == "*" || run == "*" ? "*" : name->pending + run;
    name->skeleton.push_back(token.skeleton[i]);
    name->runs.push_back(std::move(run));
  }
  name->pending = std::move(token.pending);
}

void Wildcard(Runs* r, size_t from_end) {  // the run before the from_end-th last consonant
  if (r->runs.size() >= from_end) r->runs[r->runs.size() - from_end] = "*";
}

bool EndsWithUllah(std::string_view t) {
  for (std::string_view suffix : {"ullah", "ulla", "ulah", "ollah", "olla", "allah", "ullha",
                                  "\xD8\xA7\xD9\x84\xD9\x84\xD9\x87", "\xD8\xA7\xD9\x84\xD9\x87"}) {
    if (t.size() > suffix.size() && t.ends_with(suffix)) return true;
  }
  return false;
}

// The runs of a token that may be a joined compound (mirrors CompoundSkeleton).
Runs CompoundRuns(std::string_view t) {
  Runs r;
  const bool arabic = IsArabicScript(t);
  auto walk = [arabic](std::string_view part, Runs* into) {
    arabic ? ArabicRuns(part, into) : LatinRuns(part, into);
  };
  if (auto rest = RestAfterAbd(t, arabic)) {
    r.skeleton = "bd";
    r.runs = {"*", ""};
    Runs tail;
    walk(*rest, &tail);
    if (!tail.skeleton.empty() && tail.skeleton[0] == 'd') {
      tail.skeleton.erase(0, 1);
      tail.runs.erase(tail.runs.begin());
    }
    if (!tail.runs.empty()) tail.runs[0] = "*";
    for (size_t i = 0; i < tail.skeleton.size(); ++i) {
      r.skeleton.push_back(tail.skeleton[i]);
      r.runs.push_back(std::move(tail.runs[i]));
    }
    r.pending = tail.skeleton.empty() ? "*" : std::move(tail.pending);
    return r;
  }
  if (auto stem = StemBeforeUddin(t, arabic)) {
    walk(*stem, &r);
    if (!arabic && !r.skeleton.empty() && r.skeleton.back() == 'd') {
      r.skeleton.pop_back();
      r.runs.pop_back();
    }
    r.skeleton += "dn";
    r.runs.push_back("*");
    r.runs.push_back("*");
    r.pending = "*";
    return r;
  }
  walk(t, &r);
  if (EndsWithUllah(t) && !r.skeleton.empty() && r.skeleton.back() == 'l') {
    Wildcard(&r, 1);
    r.pending = "*";
  }
  return r;
}

// Vowel classes. Latin: 0 none, a, A (aa), e, i, I (ee, ii, ie), u (o, u),
// U (oo, ou, uu), D (ai, ay, ei, ey), * anything else. Perso-Arabic: 0, A
// (alef, ain), W (waw), Y (yeh), + two different vowel letters, * unknown.
char LatinRunClass(std::string_view run) {
  if (run.empty()) return '0';
  if (run == "*") return '*';
  if (run == "a") return 'a';
  if (run == "aa") return 'A';
  if (run == "e") return 'e';
  if (run == "i") return 'i';
  if (run == "u" || run == "uu") return run.size() == 1 ? 'u' : 'U';
  if (run == "ee" || run == "ii" || run == "ie" || run == "iee") return 'I';
  if (run == "ai" || run == "ei" || run == "aai" || run == "eii") return 'D';
  return '*';
}

char ArabicRunClass(std::string_view run) {
  if (run.empty()) return '0';
  if (run == "*") return '*';
  const char first = run[0];
  for (char c : run) {
    if (c != first) return '+';
  }
  return first;
}

bool LatinRunsAgree(char a, char b, bool initial) {
  if (a == '*' || b == '*' || a == b) return true;
  if (a == '0' || b == '0') {
    if (initial) return false;  // Ahmad / Hamid: one starts with a vowel
    const char v = a == '0' ? b : a;
    return v == 'a' || v == 'e' || v == 'i' || v == 'u';  // a short vowel written or not
  }
  auto pair = [a, b](char x, char y) { return (a == x && b == y) || (a == y && b == x); };
  return pair('a', 'e') || pair('a', 'A') || pair('e', 'A') || pair('e', 'i') || pair('e', 'I') ||
         pair('e', 'D') || pair('i', 'I') || pair('i', 'D') || pair('I', 'D') || pair('u', 'U');
}

bool MixedRunsAgree(char latin, char arabic, bool initial) {
  if (latin == '*' || arabic == '*') return true;
  if (initial) return (latin == '0') == (arabic == '0');
  if (arabic == '+') return latin != '0';
  switch (arabic) {
    case '0':  // short vowels are not written (Ameena for آمنه writes one long)
      return latin == '0' || latin == 'a' || latin == 'e' || latin == 'i' || latin == 'u' ||
             latin == 'I';
    case 'A':
      return latin == 'a' || latin == 'A' || latin == 'e';
    case 'Y':
      return latin == 'i' || latin == 'I' || latin == 'e' || latin == 'D';
    case 'W':
      return latin == 'u' || latin == 'U';
    default:
      return true;
  }
}

std::vector<std::string_view> SplitRuns(std::string_view runs) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t dot = runs.find('.', start);
    out.push_back(
        runs.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

bool IsArabicRun(std::string_view run) {
  return !run.empty() && run != "*" && run[0] >= 'A' && run[0] <= 'Z';
}

std::string RunsString(const Runs& r, bool arabic) {
  std::string out;
  out.push_back(arabic ? 'R' : 'L');
  for (const std::string& run : r.runs) {
    out += run;
    out.push_back('.');
  }
  out += r.pending;
  return out;
}

// The distinctive part of a joined compound: X of Abdul X, of X-ullah and of
// X-uddin; the token itself otherwise.
std::string_view CompoundStem(std::string_view t) {
  const bool arabic = IsArabicScript(t);
  if (arabic && t.starts_with(kArabicAbd)) {
    std::string_view rest = t.substr(kArabicAbd.size());
    if (rest.starts_with(kArabicAl)) rest.remove_prefix(kArabicAl.size());
    return rest.empty() ? t : rest;
  }
  if (!arabic && t.starts_with("abd") && t.size() > 5) {
    std::string_view rest = t.substr(3);
    while (!rest.empty() && IsLatinVowel(rest.front())) rest.remove_prefix(1);
    if (rest.size() > 1 && rest[0] == 'l' && !IsLatinVowel(rest[1])) rest.remove_prefix(1);
    // Abdurrahman: the article assimilated (r + rahman).
    if (rest.size() > 2 && rest[0] == rest[1]) rest.remove_prefix(1);
    return rest.empty() ? t : rest;
  }
  for (std::string_view suffix :
       {std::string_view("ullah"), std::string_view("ulla"), std::string_view("ulah"),
        std::string_view("ollah"), std::string_view("allah"), std::string_view("uddin"),
        std::string_view("udin"), std::string_view("uldin"), std::string_view("aldin"),
        std::string_view("eddin"), std::string_view("\xD8\xA7\xD9\x84\xD9\x84\xD9\x87"),
        std::string_view("\xD8\xA7\xD9\x84\xD9\x87"), kArabicAddin}) {
    if (t.size() > suffix.size() + 2 && t.ends_with(suffix))
      return t.substr(0, t.size() - suffix.size());
  }
  return t;
}

Runs StemRuns(std::string_view stem) {
  Runs r;
  IsArabicScript(stem) ? ArabicRuns(stem, &r) : LatinRuns(stem, &r);
  return r;
}

}  // namespace

bool IsCommonName(std::string_view raw) {
  using Index = std::unordered_map<std::string, std::vector<std::string>>;
  static const Index* const kIndex = [] {
    auto* index = new Index;
    for (std::string_view name : CommonNames()) {
      std::string joined;
      for (const std::string& token : FoldName(name).tokens) joined += token;
      const Runs r = StemRuns(joined);
      if (!r.skeleton.empty()) (*index)[r.skeleton].push_back(RunsString(r, true));
    }
    return index;
  }();
  const FoldedName folded = FoldName(raw);
  if (folded.tokens.empty()) return false;
  for (const auto& c : JoinCompounds(folded.tokens)) {
    const std::string_view stem = CompoundStem(c.joined);
    const Runs r = StemRuns(stem);
    auto it = kIndex->find(r.skeleton);
    if (it == kIndex->end()) return false;
    const std::string runs = RunsString(r, IsArabicScript(stem));
    if (std::none_of(it->second.begin(), it->second.end(),
                     [&runs](const std::string& entry) { return VowelsAgree(entry, runs); })) {
      return false;
    }
  }
  return true;
}

std::string VowelRuns(std::string_view raw) {
  const FoldedName folded = FoldName(raw);
  Runs name;
  for (const auto& c : JoinCompounds(folded.tokens)) AppendToken(CompoundRuns(c.joined), &name);
  std::string out;
  // A leading script marker lets empty runs know their script.
  const bool arabic = !folded.tokens.empty() && IsArabicScript(folded.tokens.front());
  out.push_back(arabic ? 'R' : 'L');
  for (const std::string& run : name.runs) {
    out += run;
    out.push_back('.');
  }
  out += name.pending;
  return out;
}

bool VowelsAgree(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return true;
  const bool a_arabic = a[0] == 'R';
  const bool b_arabic = b[0] == 'R';
  const std::vector<std::string_view> ra = SplitRuns(a.substr(1));
  const std::vector<std::string_view> rb = SplitRuns(b.substr(1));
  if (ra.size() != rb.size()) return true;  // not aligned: cannot tell
  // A short vowel written on one side only is a spelling (Hazrat /
  // Hazarat); two are a vowel in another place: another name (Sahar / Sahra).
  int unwritten = 0;
  for (size_t i = 1; i < ra.size(); ++i) {
    const bool x_arabic = ra[i].empty() || ra[i] == "*" ? a_arabic : IsArabicRun(ra[i]);
    const bool y_arabic = rb[i].empty() || rb[i] == "*" ? b_arabic : IsArabicRun(rb[i]);
    if (!x_arabic && !y_arabic && (ra[i].empty() != rb[i].empty()) && ra[i] != "*" &&
        rb[i] != "*") {
      ++unwritten;
    }
  }
  if (unwritten >= 2) return false;
  for (size_t i = 0; i < ra.size(); ++i) {
    const bool initial = i == 0;
    const bool x_arabic = ra[i].empty() || ra[i] == "*" ? a_arabic : IsArabicRun(ra[i]);
    const bool y_arabic = rb[i].empty() || rb[i] == "*" ? b_arabic : IsArabicRun(rb[i]);
    bool agree = true;
    if (!x_arabic && !y_arabic) {
      agree = LatinRunsAgree(LatinRunClass(ra[i]), LatinRunClass(rb[i]), initial);
    } else if (x_arabic && y_arabic) {
      // Every letter counts in Perso-Arabic: the same vowel letters, a
      // doubled one written once (داوود / داود).
      auto collapse = [](std::string_view run) {
        std::string out;
        for (char c : run) {
          if (out.empty() || out.back() != c) out.push_back(c);
        }
        return out;
      };
      agree = ra[i] == "*" || rb[i] == "*" || collapse(ra[i]) == collapse(rb[i]);
    } else {
      agree = x_arabic ? MixedRunsAgree(LatinRunClass(rb[i]), ArabicRunClass(ra[i]), initial)
                       : MixedRunsAgree(LatinRunClass(ra[i]), ArabicRunClass(rb[i]), initial);
    }
    if (!agree) return false;
  }
  return true;
}

FoldedName FoldName(std::string_view raw) {
  FoldedName result;
  std::vector<std::string> tokens = SplitTokens(FoldToText(raw));
  constexpr std::string_view kBi = "\xD8\xA8\xDB\x8C";  // بی: "بی بی" is Bibi in two tokens
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string& t = tokens[i];
    // "Al-Haj" folds to "al haj".
    if (t == "al" && i + 1 < tokens.size() &&
        OneOf(tokens[i + 1], {"haj", "hajj", "haji", "hajji"})) {
      result.honorifics.push_back("al" + tokens[i + 1]);
      ++i;
      continue;
    }
    if (IsHonorific(t)) {
      result.honorifics.push_back(std::move(t));
    } else if (IsMohammadAbbreviation(t)) {
      result.tokens.emplace_back("mohammad");  // Mohd, Md.
    } else {
      result.tokens.push_back(std::move(t));
    }
  }
  auto& kept = result.tokens;
  // Bibi written as two tokens in Perso-Arabic script.
  auto pair_at = [&](size_t i) {
    return i + 1 < kept.size() && kept[i] == kBi && kept[i + 1] == kBi;
  };
  while (kept.size() >= 3 && pair_at(kept.size() - 2)) {
    result.honorifics.emplace_back("بیبی");
    kept.resize(kept.size() - 2);
  }
  // Bibi run into the name it follows or precedes (Gulbibi, Bibigul, گلبیبی).
  if (kept.size() == 1) {
    std::string& t = kept.front();
    for (std::string_view bibi : {std::string_view("bibi"), std::string_view("بیبی")}) {
      if (t.size() >= bibi.size() + 3 && t.ends_with(bibi)) {
        t.resize(t.size() - bibi.size());
        result.honorifics.emplace_back(bibi);
      } else if (t.size() >= bibi.size() + 3 && t.starts_with(bibi)) {
        t.erase(0, bibi.size());
        result.honorifics.emplace_back(bibi);
      }
    }
  }
  while (kept.size() >= 2 && IsTrailingTitle(kept.back())) {
    result.honorifics.push_back(std::move(kept.back()));
    kept.pop_back();
  }
  if (kept.size() >= 3 && pair_at(0)) {
    result.honorifics.emplace_back("بیبی");
    kept.erase(kept.begin(), kept.begin() + 2);
  } else if (kept.size() >= 2 && IsLeadingTitle(kept.front())) {
    result.honorifics.push_back(std::move(kept.front()));
    kept.erase(kept.begin());
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

// The first parts of two-part names, which registrars also run into the
// second (Mohammadtariq, Ghulamhazrat, Nurahmad, محمدعمر, غلامحضرت).
constexpr std::string_view kFirstParts[] = {
    "mohammad",
    "muhammad",
    "mohammed",
    "muhammed",
    "mohamad",
    "muhamad",
    "mohamed",
    "ghulam",
    "gholam",
    "noor",
    "nur",
    "gul",
    "gool",
    "shah",
    "sher",
    "shir",
    "faiz",
    "sultan",
    "wazir",
    "dost",
    "nazar",
    "wali",
    "khair",
    "taj",
    "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF",          // محمد
    "\xD8\xBA\xD9\x84\xD8\xA7\xD9\x85",          // غلام
    "\xD9\x86\xD9\x88\xD8\xB1",                  // نور
    "\xDA\xAF\xD9\x84",                          // گل
    "\xD8\xB4\xD8\xA7\xD9\x87",                  // شاه
    "\xD8\xB4\xDB\x8C\xD8\xB1",                  // شیر
    "\xD9\x81\xDB\x8C\xD8\xB6",                  // فیض
    "\xD8\xB3\xD9\x84\xD8\xB7\xD8\xA7\xD9\x86",  // سلطان
    "\xD9\x88\xD8\xB2\xDB\x8C\xD8\xB1",          // وزیر
    "\xD8\xAF\xD9\x88\xD8\xB3\xD8\xAA",          // دوست
};

// A token run together from a first part and a name of three letters or
// more: its two parts; nullopt otherwise.
std::optional<std::pair<std::string_view, std::string_view>> SplitRunTogether(std::string_view t) {
  for (std::string_view first : kFirstParts) {
    const size_t rest = t.size() - std::min(t.size(), first.size());
    const size_t min_rest = IsArabicScript(t) ? 6 : 3;  // three letters (two bytes each in Arabic)
    if (t.size() > first.size() && rest >= min_rest && t.starts_with(first)) {
      return std::pair{t.substr(0, first.size()), t.substr(first.size())};
    }
  }
  return std::nullopt;
}

std::vector<std::string> SearchKeys(std::string_view raw) {
  std::vector<std::string> keys;
  for (const auto& c : JoinCompounds(FoldName(raw).tokens)) {
    const std::string whole = CompoundSkeleton(c.joined);
    keys.push_back(whole);
    // The parts too, so "Abdul" or "Rahman" alone find Abdul Rahman.
    if (c.parts.size() > 1) {
      for (const auto& part : c.parts) keys.push_back(CompoundSkeleton(part));
    } else if (auto split = SplitRunTogether(c.joined)) {
      keys.push_back(CompoundSkeleton(split->first));
      keys.push_back(CompoundSkeleton(split->second));
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
