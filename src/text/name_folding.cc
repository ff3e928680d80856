// Name folding and cross-script skeletons.
//
// Folding (FoldText, FoldName) is a per-code-point table lookup (see
// code_point_fold.h) followed by a split on separators. Honorifics are
// compared against a small sorted table of folded forms.
//
// Skeletons. Arabic script does not write short vowels, romanisations write
// them in many ways, so the comparable part of a name in both scripts is its
// consonants. A skeleton maps each consonant to a class shared by both scripts
// and drops vowels, with these invariants:
//   - a token that starts with a vowel (Latin a e i o u, Arabic ا ع ء) gets a
//     leading 'a', so Ahmad ("ahmd") and Hamid ("hmd") stay apart;
//   - w/v/و and y/ی are consonants only at the start of a token; elsewhere they
//     are the long vowels they stand for (Noor, نور → "nr"; Sayed, سید → "sd");
//   - Latin letters adjacent in the writing that fall in the same class are
//     one (Mohammad's "mm"), but not when a vowel stood between them; Arabic
//     letters never merge (no shadda is written: ننگرهار, Nangarhar → "nngrhr");
//   - a final h is dropped (فاطمه, Fatima → "ftm"; شاه, Shah → "S");
//   - compounds get one canonical form whether joined or split: the Arabic
//     article is dropped after abd- and before -din (Abdul Rahman,
//     Abdurrahman, عبدالرحمن → "abdrhmn"; Nasir al-Din, Nasiruddin,
//     نصیرالدین → "nsrdn") and -ullah is X + "l".
// Known collisions, inherent to consonant skeletons: Hassan/Hussain ("hsn"),
// Mohammad/Mahmood ("mhmd"). The match layer adds string similarity on the
// folded tokens to tell such pairs apart within one script.
//
// Cost: a name of four tokens folds and skeletonises in about a microsecond;
// the only allocations are the output strings.
#include "text/name_folding.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include "text/code_point_fold.h"

namespace sanad::text {
namespace {

using internal::AppendFolded;
using internal::DecodeUtf8;

void SplitTokens(std::string_view folded, std::vector<std::string>* out) {
  size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && folded[i] == ' ') ++i;
    size_t j = i;
    while (j < folded.size() && folded[j] != ' ') ++j;
    if (j > i) out->emplace_back(folded.substr(i, j - i));
    i = j;
  }
}

// Folded honorifics, sorted, built once from the raw forms below.
const std::vector<std::string>& Honorifics() {
  static const std::vector<std::string> table = [] {
    constexpr std::string_view kRaw[] = {
        "haji", "hajji", "haj", "hajj", "alhaj", "alhaji", "alhajj", "mullah", "mulla", "molla",
        "mulah", "mawlawi", "maulawi", "mawlavi", "maulvi", "molvi", "moulvi", "maulavi",
        "mowlawi", "mawlana", "maulana", "moulana", "qari", "hafiz", "hafez", "sayed", "sayyed",
        "sayyid", "syed", "seyed", "sayid", "eng", "engr", "engineer", "dr", "doctor", "prof",
        "professor", "mr", "mrs", "ms", "sheikh", "shaikh", "shaykh", "sheik", "ustad", "ustaz",
        "janab", "sahib", "saheb", "sahab",
        // Perso-Arabic, written with mixed letter forms on purpose: they are folded.
        "حاجی", "حاجي", "الحاج", "ملا", "ملاء", "مولوی", "مولوي", "مولانا", "قاری", "قاري",
        "حافظ", "سید", "سيد", "انجنیر", "انجینیر", "انجنير", "مهندس", "داکتر", "ډاکټر", "دکتر",
        "دوکتور", "شیخ", "استاد", "جناب", "صاحب"};
    std::vector<std::string> folded;
    for (auto raw : kRaw) folded.push_back(FoldText(raw));
    std::sort(folded.begin(), folded.end());
    folded.erase(std::unique(folded.begin(), folded.end()), folded.end());
    return folded;
  }();
  return table;
}

bool IsHonorific(std::string_view token) {
  const auto& table = Honorifics();
  return std::binary_search(table.begin(), table.end(), token);
}

// "ال" (alef, lam) in UTF-8.
constexpr std::string_view kArabicArticle = "\xD8\xA7\xD9\x84";
constexpr std::string_view kArabicAllah = "\xD8\xA7\xD9\x84\xD9\x84\xD9\x87";  // الله
constexpr std::string_view kArabicAlDin = "\xD8\xA7\xD9\x84\xD8\xAF\xDB\x8C\xD9\x86";  // الدین
constexpr std::string_view kArabicAbd = "\xD8\xB9\xD8\xA8\xD8\xAF";  // عبد

bool OneOf(std::string_view token, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), token) != set.end();
}

// The first part of an abd- compound written apart: "Abdul Rahman".
bool IsAbdPrefix(std::string_view t) {
  return OneOf(t, {"abd", "abdu", "abdul", "abdal", "abdel", "abdol", "abdur", "abdus", "abduz",
                   "abdush", "abdun", "abdud", "abdut", "abdurr", kArabicAbd,
                   "\xD8\xB9\xD8\xA8\xD8\xAF\xD8\xA7\xD9\x84" /* عبدال */});
}

// The Arabic article written apart ("Abd al Rahman", "Fazl ul Haq"): dropped.
bool IsArticle(std::string_view t) {
  return OneOf(t, {"al", "ul", "el", "ol", kArabicArticle});
}

// The article assimilated to the next letter ("Nasir ud Din", "Habib ur Rahman")
// or the Persian izafat ("Sar e Pol"): kept, it carries no consonant of its own
// that the doubled letter after it does not.
bool IsLinkParticle(std::string_view t) {
  return OneOf(t, {"ud", "ur", "us", "uz", "ut", "un", "ush", "ad", "ar", "as", "az", "at", "ed",
                   "er", "es", "ez", "od", "or", "os", "oz", "e", "i"});
}

// The second part of a compound written apart: "Rahim Ullah", "Nasir Uddin".
bool IsCompoundSuffix(std::string_view t) {
  return OneOf(t, {"ullah", "ulla", "ullha", "allah", "ollah", "olla", "ulah", "uddin", "uddeen",
                   "uddine", "udin", "addin", "aldin", "uldin", "eddin", "eddine", "iddin",
                   "oddin", "aldeen", "uldeen", kArabicAllah, kArabicAlDin});
}

bool StartsWithArabicArticle(std::string_view t) {
  return t.size() > kArabicArticle.size() + 2 && t.starts_with(kArabicArticle);
}

// One skeleton unit: a token, or a compound spread over tokens joined back.
struct Unit {
  std::string text;       // folded, joined, articles written apart dropped
};

// Groups folded tokens into units (see NameSkeleton).
std::vector<Unit> Units(const std::vector<std::string>& tokens) {
  std::vector<Unit> units;
  const size_t n = tokens.size();
  size_t i = 0;
  auto append_arabic_joined = [](std::string* text, std::string_view next) {
    // An Arabic article-prefixed part joined to what precedes it loses the
    // article, as its Latin spellings do ("Noor ul Haq", "نور الحق"); الله and
    // الدین keep it: the skeleton's suffix rules expect it.
    if (StartsWithArabicArticle(next) && next != kArabicAllah && next != kArabicAlDin) {
      next.remove_prefix(kArabicArticle.size());
    }
    text->append(next);
  };
  while (i < n) {
    Unit unit{tokens[i]};
    size_t j = i + 1;
    if (IsAbdPrefix(tokens[i])) {
      while (j + 1 < n && (IsArticle(tokens[j]) || IsLinkParticle(tokens[j]))) {
        if (!IsArticle(tokens[j])) unit.text += tokens[j];
        ++j;
      }
      if (j < n) unit.text += tokens[j++];
    }
    while (j < n) {
      const std::string& t = tokens[j];
      if (IsCompoundSuffix(t)) {
        unit.text += t;
        ++j;
      } else if ((IsArticle(t) || IsLinkParticle(t)) && j + 1 < n) {
        if (!IsArticle(t)) unit.text += t;
        append_arabic_joined(&unit.text, tokens[j + 1]);
        j += 2;
      } else if (StartsWithArabicArticle(t)) {
        append_arabic_joined(&unit.text, t);
        ++j;
      } else {
        break;
      }
    }
    units.push_back(std::move(unit));
    i = j;
  }
  return units;
}

// Skeleton classes of the Arabic block U+0600..U+06FF: 0 ignored, 'V' a
// vowel carrier (ا ع ء), 'W' waw, 'Y' yeh, else the class letter.
constexpr std::array<char, 256> kArabicClass = [] {
  std::array<char, 256> t{};
  auto set = [&t](char32_t cp, char cls) { t[cp - 0x0600] = cls; };
  auto range = [&set](char32_t a, char32_t b, char cls) {
    for (char32_t c = a; c <= b; ++c) set(c, cls);
  };
  set(0x0621, 'V'); set(0x0622, 'V'); set(0x0623, 'V'); set(0x0624, 'W'); set(0x0625, 'V');
  set(0x0626, 'Y'); set(0x0627, 'V'); set(0x0628, 'b'); set(0x0629, 'h'); set(0x062A, 't');
  set(0x062B, 's'); set(0x062C, 'j'); set(0x062D, 'h'); set(0x062E, 'X'); set(0x062F, 'd');
  set(0x0630, 'z'); set(0x0631, 'r'); set(0x0632, 'z'); set(0x0633, 's'); set(0x0634, 'S');
  set(0x0635, 's'); set(0x0636, 'z'); set(0x0637, 't'); set(0x0638, 'z'); set(0x0639, 'V');
  set(0x063A, 'G'); set(0x063B, 'k'); set(0x063C, 'k'); range(0x063D, 0x063F, 'Y');
  set(0x0620, 'Y');
  set(0x0641, 'f'); set(0x0642, 'k'); set(0x0643, 'k'); set(0x0644, 'l'); set(0x0645, 'm');
  set(0x0646, 'n'); set(0x0647, 'h'); set(0x0648, 'W'); set(0x0649, 'Y'); set(0x064A, 'Y');
  for (char32_t c = 0x0660; c <= 0x0669; ++c) set(c, static_cast<char>('0' + (c - 0x0660)));
  range(0x0671, 0x0673, 'V'); set(0x0675, 'V'); set(0x0676, 'W'); set(0x0677, 'W');
  set(0x0678, 'Y');
  set(0x0679, 't'); set(0x067A, 't'); set(0x067B, 'b'); set(0x067C, 't'); set(0x067D, 't');
  set(0x067E, 'p'); set(0x067F, 't'); set(0x0680, 'b'); set(0x0681, 'z'); set(0x0685, 's');
  set(0x0686, 'C'); set(0x0687, 'C'); range(0x0688, 0x0690, 'd'); range(0x0691, 0x0695, 'r');
  range(0x0696, 0x0699, 'z'); set(0x069A, 'S'); range(0x06A9, 0x06AE, 'k'); set(0x06AB, 'g');
  range(0x06AF, 0x06B4, 'g'); range(0x06BA, 0x06BD, 'n'); set(0x06BE, 'h');
  range(0x06C0, 0x06C3, 'h'); range(0x06C4, 0x06CB, 'W'); range(0x06CC, 0x06D3, 'Y');
  set(0x06CF, 'W'); set(0x06D5, 'h'); set(0x06FF, 'h');
  for (char32_t c = 0x06F0; c <= 0x06F9; ++c) set(c, static_cast<char>('0' + (c - 0x06F0)));
  return t;
}();

constexpr bool IsLatinVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// The consonant skeleton of one (sub)token, without compound rules.
std::string Core(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool at_start = true;
  bool vowel_since = false;
  char last = 0;
  // Latin doubles a letter to write one long consonant (Mohammad's "mm");
  // Arabic script writes that with an (omitted) shadda, so two equal letters
  // there are two consonants with an unwritten vowel between (ننگرهار).
  auto consonant = [&](char cls, bool collapsible = true) {
    if (collapsible && cls == last && !vowel_since) return;
    out.push_back(cls);
    last = cls;
    vowel_since = false;
  };
  auto vowel = [&] {
    if (at_start) {
      out.push_back('a');
      last = 'a';
    }
    vowel_since = true;
  };
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      const char c = Lower(static_cast<char>(b));
      const char next = i + 1 < s.size() ? Lower(s[i + 1]) : 0;
      ++i;
      if (c >= '0' && c <= '9') {
        consonant(c, false);
      } else if (c < 'a' || c > 'z') {
        continue;  // not a letter: ignored, and not the start
      } else if (IsLatinVowel(c)) {
        vowel();
      } else if (next == 'h' && (c == 'k' || c == 'g' || c == 's' || c == 'c' || c == 'z' ||
                                 c == 'p')) {
        ++i;
        consonant(c == 'k' ? 'X' : c == 'g' ? 'G' : c == 's' ? 'S' : c == 'c' ? 'C'
                  : c == 'z' ? 'z' : 'f');
      } else if (c == 'w' || c == 'v') {
        if (at_start) consonant('w'); else vowel();
      } else if (c == 'y') {
        if (at_start) consonant('y'); else vowel();
      } else if (c == 'q' || c == 'c') {
        consonant('k');
      } else if (c == 'x') {
        consonant('X');
      } else {
        consonant(c);
      }
      at_start = false;
      continue;
    }
    const char32_t cp = DecodeUtf8(s, &i);
    if (cp < 0x0600 || cp > 0x06FF) continue;
    const char cls = kArabicClass[cp - 0x0600];
    if (cls == 0) continue;  // harakat, tatweel: not a letter
    if (cls == 'V') {
      vowel();
    } else if (cls == 'W') {
      if (at_start) consonant('w', false); else vowel();
    } else if (cls == 'Y') {
      if (at_start) consonant('y', false); else vowel();
    } else {
      consonant(cls, false);
    }
    at_start = false;
  }
  if (out.size() > 1 && out.back() == 'h') out.pop_back();
  return out;
}

bool AllLatinVowels(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return IsLatinVowel(c); });
}

// Strips a Latin -din ending of a compound ("uddin", "aldin", "ud-deen"):
// returns the stem, or nothing when the token is no such compound.
std::optional<std::string_view> LatinDinStem(std::string_view t) {
  for (std::string_view end : {"din", "deen", "dine", "dien"}) {
    if (!t.ends_with(end)) continue;
    std::string_view stem = t.substr(0, t.size() - end.size());
    if (stem.size() >= 2 && (stem.back() == 'd' || stem.back() == 'l') &&
        IsLatinVowel(stem[stem.size() - 2])) {
      stem.remove_suffix(1);
    }
    if (stem.empty() || !IsLatinVowel(stem.back())) return std::nullopt;
    stem.remove_suffix(1);
    if (stem.size() < 3) return std::nullopt;
    return stem;
  }
  return std::nullopt;
}

std::optional<std::string_view> LatinUllahStem(std::string_view t) {
  for (std::string_view end : {"ullah", "ulla", "ullha", "allah", "ollah", "olla", "ulah"}) {
    if (t.ends_with(end) && t.size() >= end.size() + 2) return t.substr(0, t.size() - end.size());
  }
  return std::nullopt;
}

struct Skeleton {
  std::string full;  // the token's skeleton
  std::string part;  // a compound's distinctive part (Rahman of Abdul Rahman), else empty
};

Skeleton SkeletonOf(std::string_view t) {
  if (OneOf(t, {"mohd", "muhd", "mhd", "md", "mohmd", "mhmd"})) return {"mhmd", {}};
  if (t == kArabicAllah) return {"al", {}};  // as "Allah": the lam is doubled by a shadda
  if (t.starts_with("abd") && t.size() > 3) {
    std::string_view rest = t.substr(3);
    if (rest.size() >= 2 && IsLatinVowel(rest[0]) && rest[1] == 'l') {
      rest.remove_prefix(2);
    } else if (rest.size() >= 2 && IsLatinVowel(rest[0])) {
      rest.remove_prefix(1);
    }
    if (AllLatinVowels(rest)) rest = {};
    std::string part = Core(rest);
    return {"abd" + part, part};
  }
  if (t.starts_with(kArabicAbd) && t.size() > kArabicAbd.size()) {
    std::string_view rest = t.substr(kArabicAbd.size());
    if (rest.starts_with(kArabicArticle) && rest.size() > kArabicArticle.size()) {
      rest.remove_prefix(kArabicArticle.size());
    }
    std::string part = Core(rest);
    return {"abd" + part, part};
  }
  if (auto stem = LatinDinStem(t)) {
    std::string part = Core(*stem);
    return {part + "dn", part};
  }
  if (t.ends_with(kArabicAlDin) && t.size() >= kArabicAlDin.size() + 4) {
    std::string part = Core(t.substr(0, t.size() - kArabicAlDin.size()));
    return {part + "dn", part};
  }
  if (auto stem = LatinUllahStem(t)) {
    std::string part = Core(*stem);
    return {part + "l", part};
  }
  if (t.ends_with(kArabicAllah) && t.size() >= kArabicAllah.size() + 4) {
    std::string part = Core(t.substr(0, t.size() - kArabicAllah.size()));
    return {part + "l", part};
  }
  return {Core(t), {}};
}

// True when `t` needs folding before the skeleton can read it: a letter that
// is neither ASCII nor in the Arabic block, or an upper-case ASCII letter.
bool NeedsFold(std::string_view t) {
  for (size_t i = 0; i < t.size(); ++i) {
    const auto b = static_cast<unsigned char>(t[i]);
    if (b >= 'A' && b <= 'Z') return true;
    if (b >= 0x80 && (b < 0xD8 || b > 0xDB)) return true;
  }
  return false;
}

void AddUnique(std::vector<std::string>* keys, std::string key) {
  if (key.empty()) return;
  if (std::find(keys->begin(), keys->end(), key) == keys->end()) keys->push_back(std::move(key));
}

}  // namespace

std::string FoldText(std::string_view raw) {
  std::string folded;
  folded.reserve(raw.size());
  AppendFolded(raw, &folded);
  std::string out;
  out.reserve(folded.size());
  for (size_t i = 0; i < folded.size(); ++i) {
    if (folded[i] == ' ') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(folded[i]);
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

FoldedName FoldName(std::string_view raw) {
  std::string folded;
  folded.reserve(raw.size());
  AppendFolded(raw, &folded);
  FoldedName name;
  SplitTokens(folded, &name.tokens);
  auto& tokens = name.tokens;
  // "al haj" written apart is one honorific.
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i] == "al" && OneOf(tokens[i + 1], {"haj", "hajj", "haji"})) {
      tokens[i] = "al" + tokens[i + 1];
      tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    }
  }
  std::vector<std::string> kept;
  kept.reserve(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    const bool completes_compound =
        i + 1 < tokens.size() && (IsCompoundSuffix(tokens[i + 1]) || IsArticle(tokens[i + 1]) ||
                                  IsLinkParticle(tokens[i + 1]));
    if (IsHonorific(tokens[i]) && !completes_compound) {
      name.honorifics.push_back(std::move(tokens[i]));
    } else {
      kept.push_back(std::move(tokens[i]));
    }
  }
  if (kept.empty()) {
    name.tokens = std::move(name.honorifics);
    name.honorifics.clear();
  } else {
    name.tokens = std::move(kept);
  }
  return name;
}

std::string TokenSkeleton(std::string_view folded_token) {
  if (NeedsFold(folded_token)) {
    std::string folded;
    AppendFolded(folded_token, &folded);
    std::erase(folded, ' ');
    return SkeletonOf(folded).full;
  }
  return SkeletonOf(folded_token).full;
}

std::vector<std::string> SkeletonTokens(const FoldedName& folded) {
  std::vector<std::string> out;
  for (const Unit& unit : Units(folded.tokens)) {
    std::string s = SkeletonOf(unit.text).full;
    if (!s.empty()) out.push_back(std::move(s));
  }
  return out;
}

std::string NameSkeleton(const FoldedName& folded) {
  std::string out;
  for (const Unit& unit : Units(folded.tokens)) {
    std::string s = SkeletonOf(unit.text).full;
    if (s.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out += s;
  }
  return out;
}

std::string NameSkeleton(std::string_view raw) { return NameSkeleton(FoldName(raw)); }

std::string JoinedSkeleton(const FoldedName& folded) {
  std::string joined;
  for (const Unit& unit : Units(folded.tokens)) joined += unit.text;
  return SkeletonOf(joined).full;
}

std::string JoinedSkeleton(std::string_view raw) { return JoinedSkeleton(FoldName(raw)); }

std::vector<std::string> SearchKeys(std::string_view raw) {
  const std::vector<Unit> units = Units(FoldName(raw).tokens);
  std::vector<std::string> keys;
  for (const Unit& unit : units) {
    Skeleton s = SkeletonOf(unit.text);
    AddUnique(&keys, std::move(s.full));
    // A part of one letter ("l" of Abdullah) would find half the register.
    if (s.part.size() >= 2) AddUnique(&keys, std::move(s.part));
  }
  for (size_t i = 0; i + 1 < units.size(); ++i) {
    AddUnique(&keys, SkeletonOf(units[i].text + units[i + 1].text).full);
  }
  return keys;
}

}  // namespace sanad::text
