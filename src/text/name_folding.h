// Names across scripts. Afghan names are written in Perso-Arabic script
// (Dari, Pashto) or romanised many ways; short vowels are not written in the
// Arabic script. To compare them we fold each spelling to a canonical form,
// then to a consonant skeleton that both scripts share:
//
//   محمد, Mohammad, Muhammad, Mohammed, Mohamed  ->  "mhmd"
//   عبدالرحمن, Abdul Rahman, Abdurrahman          ->  "bdrhmn"
//
// Folding: NFKC; Arabic vowel marks, tatweel, ZWNJ/ZWJ and bidi marks removed;
// letter families folded (ي ى ی ې ۍ ئ -> ی, ك ګ -> ک/گ, ة ۀ ہ ھ -> ه, أ إ آ ٱ -> ا,
// Pashto ټ ډ ړ ږ ښ ڼ onto ت د ر ژ ش ن); Eastern Arabic-Indic digits to ASCII;
// Latin case-folded with diacritics removed; punctuation to spaces.
// Honorifics (Haji, Mullah, Qari, Hafiz, Sayed, Eng., Dr., حاجی, ملا ...) are
// set aside, not deleted. Compounds (Abdul + X, X + ullah, X + uddin) are
// joined for the skeleton and also offered split, for search.
//
// All functions are pure and thread-safe. Cost: a pure-ASCII name takes a
// single pass; other names one ICU normalisation (about a microsecond).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanad::text {

struct FoldedName {
  std::vector<std::string> tokens;      // folded tokens, honorifics removed
  std::vector<std::string> honorifics;  // folded honorifics set aside
};

// Folds a name as written; invalid UTF-8 bytes are dropped.
[[nodiscard]] FoldedName FoldName(std::string_view raw);

// Cross-script consonant skeleton of one folded token; ASCII. Empty for a
// token with no consonant.
[[nodiscard]] std::string TokenSkeleton(std::string_view folded_token);

// Skeleton of a whole name: the skeletons of its tokens, compounds joined,
// separated by ' '. "Mohammad Nabi s/o ..." is not parsed: give one field.
[[nodiscard]] std::string NameSkeleton(std::string_view raw);

// The name's skeleton with its tokens run together (repeated letters across
// a token boundary kept once): the key under which spellings that differ
// only in being joined or split meet (Wazir Gul / Wazirgul / وزیرګل,
// بی بی گل / Bibi Gul).
[[nodiscard]] std::string JoinedSkeleton(std::string_view raw);

// Whether every part of the name (the stem of each compound: Rahman of Abdul
// Rahman, Najib of Najibullah) is a common Afghan given name of the lexicon
// (text/name_lexicon.cc) in a spelling its vowels allow: Hosein is حسین, a
// name; Haasn is a typo. Thread-safe (an immutable table built on first use).
[[nodiscard]] bool IsCommonName(std::string_view raw);

// Keys under which a name is found by search: the skeleton of each token, of
// each joined compound and of its parts. Sorted, unique.
[[nodiscard]] std::vector<std::string> SearchKeys(std::string_view raw);

// What the skeleton drops: the vowels before each consonant of the name's
// skeleton and after its last, as "L" or "R" (the script) followed by runs
// separated by '.'; "Hassan" gives "L.a.a.", "حسین" gives "R..Y.". Runs
// around the fixed parts of compounds (Abdul, -ullah, -uddin) are "*".
[[nodiscard]] std::string VowelRuns(std::string_view raw);

// Whether two names with one skeleton can be one name as far as their vowels
// tell: in Latin script the vowels of each position must be compatible
// spellings (a/e, e/i, i/ee, u/o/oo, ai/ei; a short vowel written or not,
// but a name starting with a vowel is not one starting with a consonant:
// Ahmad/Ahmed agree, Ahmad/Hamid and Hassan/Hussain do not); in
// Perso-Arabic script every vowel letter counts (حسن / حسین do not); across
// scripts a written long vowel (ا و ی) must be matched by a vowel of its
// kind and an unwritten one by a short vowel (Hassan / حسین do not). Takes
// two VowelRuns; runs that do not align (compounds written differently)
// agree.
[[nodiscard]] bool VowelsAgree(std::string_view a, std::string_view b);

}  // namespace sanad::text
