// Name folding: one comparable form for names written in Perso-Arabic script
// (Dari, Pashto, Urdu keyboards) or romanised in many ways.
//
// Two levels:
//   - FoldName: script-preserving. NFKC-equivalent compatibility folding,
//     Arabic diacritics (harakat), tatweel, ZWNJ/ZWJ and bidi marks removed,
//     letter families folded (ي ی ى ې ۍ → ی, ك ک → ک, ة ه ۀ ھ ہ → ه, أ إ آ ٱ → ا,
//     Pashto ټ ډ ړ ږ ښ ګ ڼ → ت د ر ژ ش گ ن), Eastern Arabic-Indic digits to
//     ASCII, Latin case-folded and stripped of diacritics, apostrophes dropped,
//     other punctuation to spaces, whitespace collapsed; honorifics set aside.
//   - Skeletons: pure ASCII consonant keys that map both scripts into one
//     form, because short vowels are not written in Arabic script:
//     محمد, Mohammad, Muhammad, Mohamed → "mhmd"; احمد, Ahmad, Ahmed → "ahmd".
//
// Every function here is pure and thread-safe (the only static state is an
// immutable table built on first use). None of them fails: input that is not
// valid UTF-8 is read with each bad byte as a separator.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sanad::text {

struct FoldedName {
  std::vector<std::string> tokens;      // folded name tokens, honorifics removed
  std::vector<std::string> honorifics;  // set aside (haji, mullah, qari, hafiz, sayed, eng, dr, ...), folded

  bool operator==(const FoldedName&) const = default;
};

// Script-preserving fold of any text: the folded tokens joined by single
// spaces (no honorific handling). "  Moḥammad-Nabi " → "mohammad nabi".
[[nodiscard]] std::string FoldText(std::string_view raw);

// Folds a name and splits it into tokens. Honorifics (Haji, Alhaj, Mullah,
// Mawlawi, Qari, Hafiz, Sayed, Eng., Dr., Sheikh ... in both scripts) are
// moved to `honorifics`, except where removing them would leave no token, or
// where the next token completes a compound ("Hafiz Ullah" is a name).
[[nodiscard]] FoldedName FoldName(std::string_view raw);

// Cross-script consonant skeleton of ONE token (folded or not). Pure ASCII:
// lower-case consonant classes (q/k/c → k; ث ص س → s; ذ ز ض ظ ژ → z; ت ط → t;
// ح ه → h), upper case for the digraph classes (sh/ش → S, kh/خ → X,
// gh/غ → G, ch/چ → C), a leading 'a' when the token starts with a vowel or
// ع/ا, initial w/y (و/ی) kept and later ones treated as vowels, doubled
// letters collapsed, a final h dropped. Compounds written as one token are
// canonical: abd- forms (Abdurrahman, Abdulrahman, عبدالرحمن → "abdrhmn"),
// -uddin/-aldin/الدین forms (→ X + "dn"), -ullah/الله (→ X + "l").
// Common abbreviations are expanded (Mohd, Md → "mhmd"). Empty for a token
// without any Latin or Arabic letter or digit.
[[nodiscard]] std::string TokenSkeleton(std::string_view folded_token);

// Skeleton of a whole name: the skeletons of its units joined by ' ', where a
// unit is a token or a compound spread over tokens and joined back
// (Abdul Rahman, Abd al-Rahman, Nasir ud Din, Rahim Ullah, رحیم الله,
// عبد الرحمن). Honorifics are not part of it. "Haji Abdul Rahman Khan" →
// "abdrhmn Xn".
[[nodiscard]] std::string NameSkeleton(std::string_view raw);
[[nodiscard]] std::string NameSkeleton(const FoldedName& folded);

// The units of NameSkeleton as separate strings (no empty ones).
[[nodiscard]] std::vector<std::string> SkeletonTokens(const FoldedName& folded);

// Skeleton of the whole name written as one word, so that general two-part
// compounds compare equal joined or split: "Noor Ahmad", "Noorahmad" and
// "نوراحمد" → "nrhmd". Compare this, not NameSkeleton without its spaces.
[[nodiscard]] std::string JoinedSkeleton(std::string_view raw);
[[nodiscard]] std::string JoinedSkeleton(const FoldedName& folded);

// Keys under which a name should be findable by search, deduplicated, in a
// stable order: the skeleton of each unit, the parts of a compound unit
// (Abdul Rahman → "abdrhmn" and "rhmn": people are often called by the less
// common part), and each adjacent pair of units joined ("mhmdzmn" for
// Mohammad Zaman, which also finds "Mohammadzaman"). Querying with the keys
// of the query string finds a Perso-Arabic record from a Latin spelling and
// the reverse.
[[nodiscard]] std::vector<std::string> SearchKeys(std::string_view raw);

}  // namespace sanad::text
