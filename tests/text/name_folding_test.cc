#include "text/name_folding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace sanad::text {
namespace {

std::string Folded(std::string_view raw) {
  std::string out;
  for (const auto& t : FoldName(raw).tokens) out += (out.empty() ? "" : " ") + t;
  return out;
}

TEST(NameFolding, EveryFoldingRule) {
  struct Case {
    const char* rule;
    const char* raw;
    const char* folded;
  } cases[] = {
      {"Arabic yeh -> Persian yeh", "علي", "علی"},
      {"alef maksura -> yeh", "موسى", "موسی"},
      {"Pashto yeh forms", "ښځې", "شځی"},
      {"Arabic kaf -> keheh", "كريم", "کریم"},
      {"teh marbuta -> heh", "فاطمة", "فاطمه"},
      {"heh goal -> heh", "ہاشم", "هاشم"},
      {"alef with hamza above", "أحمد", "احمد"},
      {"alef with hamza below", "إسماعیل", "اسماعیل"},
      {"alef madda", "آمنه", "امنه"},
      {"Pashto tteh, ddal, rreh", "ټډړ", "تدر"},
      {"Pashto zheh, sheen, noon, gaf", "ږښڼګ", "ژشنگ"},
      {"tatweel removed", "محـــمد", "محمد"},
      {"harakat removed", "مُحَمَّد", "محمد"},
      {"ZWNJ and ZWJ removed", "رحیم\u200Cالله\u200D", "رحیمالله"},
      {"bidi marks removed", "\u200Fنور\u202Bاحمد\u202C", "نوراحمد"},
      {"Eastern Arabic-Indic digits", "۱۲۳٤٥", "12345"},
      {"Latin case folding", "MOHAMMAD Zaman", "mohammad zaman"},
      {"Latin diacritics removed", "Muḥammad Ḥusayn Özil", "muhammad husayn ozil"},
      {"punctuation to spaces", "Abdul-Rahman, s/o", "abdul rahman s o"},
      {"NFKC presentation forms", "\uFEED\uFEDF\uFEF2", "ولی"},
      {"honorific set aside", "Haji Mohammad Zaman", "mohammad zaman"},
      {"Perso-Arabic honorific", "حاجی محمد", "محمد"},
      {"abbreviated honorific", "Eng. Noor Ahmad", "noor ahmad"},
      {"an honorific alone is the name", "Hafiz", "hafiz"},
      {"invalid UTF-8 dropped", "Gul\xFF", "gul"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.rule);
    EXPECT_EQ(Folded(c.raw), c.folded);
  }
  EXPECT_EQ(FoldName("Haji Dr. Gul").honorifics, (std::vector<std::string>{"haji", "dr"}));
}

TEST(NameFolding, SkeletonEquivalencesFromTheDataFile) {
  std::ifstream in(SANAD_TEST_DATA_DIR "/text/skeletons.tsv");
  ASSERT_TRUE(in);
  std::string line;
  int groups = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const bool different = line[0] == '!';
    if (different) line.erase(0, 1);
    std::vector<std::string> names;
    std::stringstream fields(line);
    for (std::string name; std::getline(fields, name, '\t');) names.push_back(name);
    ASSERT_GE(names.size(), 2u) << line;
    ++groups;
    const std::string first = JoinedSkeleton(names[0]);
    EXPECT_FALSE(first.empty()) << names[0];
    for (size_t i = 1; i < names.size(); ++i) {
      SCOPED_TRACE(names[0] + " / " + names[i]);
      if (different) {
        EXPECT_NE(JoinedSkeleton(names[i]), first);
      } else {
        EXPECT_EQ(JoinedSkeleton(names[i]), first);
      }
    }
  }
  EXPECT_GE(groups, 30);
}

TEST(NameFolding, SkeletonsAreAsciiConsonantClasses) {
  EXPECT_EQ(NameSkeleton("Mohammad"), "mhmd");
  EXPECT_EQ(NameSkeleton("Mohd. Nabi"), "mhmd nb");  // the abbreviation registrars write
  EXPECT_EQ(TokenSkeleton("md"), "mhmd");
  EXPECT_EQ(NameSkeleton("عبدالرحمن"), "bdrhmn");
  EXPECT_EQ(NameSkeleton("Khan Mohammad"), "xn mhmd");
  EXPECT_EQ(NameSkeleton(""), "");
  EXPECT_EQ(NameSkeleton("..."), "");
}

TEST(NameFolding, SearchKeysOfferCompoundsJoinedAndSplit) {
  auto keys = SearchKeys("Abdul Rahman");
  for (const char* key : {"bdrhmn", "bd", "rhmn"}) {
    EXPECT_NE(std::find(keys.begin(), keys.end(), key), keys.end()) << key;
  }
  EXPECT_EQ(SearchKeys("محمد نبی"), SearchKeys("Muhammad Nabi"));
  auto hamid = SearchKeys("Hamid Ullah");
  EXPECT_NE(std::find(hamid.begin(), hamid.end(), NameSkeleton("Hamidullah")), hamid.end());
}

}  // namespace
}  // namespace sanad::text

namespace sanad::text {
namespace {

TEST(NameFolding, TitlesAreSetAsideInEveryPosition) {
  struct Case {
    const char* raw;
    const char* folded;
  } cases[] = {
      {"Hajji Gul Zaman", "gul zaman"},
      {"Alhaj Abdul Rasheed", "abdul rasheed"},
      {"Al-Haj Abdul Rasheed", "abdul rasheed"},
      {"Maulvi Abdul Hadi", "abdul hadi"},
      {"Mawlawi Abdul Hadi", "abdul hadi"},
      {"Qary Naqibullah", "naqibullah"},
      {"Sayyid Hashim", "hashim"},
      {"Syeda Masooma", "masooma"},
      {"Engineer Farid", "farid"},
      {"Doctor Sharif", "sharif"},
      {"Fatima Bibi", "fatima"},
      {"Bibi Aisha", "aisha"},
      {"Karim Jan", "karim"},
      {"Ahmad Khan", "ahmad"},
      {"عایشه بی بی", "عایشه"},
      {"کریم جان", "کریم"},
      {"سیده معصومه", "معصومه"},
      {"Khan Mohammad", "khan mohammad"},
      {"Jan Mohammad", "jan mohammad"},
      {"Khan", "khan"},
      {"Mohd Nabi", "mohammad nabi"},
      {"Md. Younus", "mohammad younus"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.raw);
    EXPECT_EQ(Folded(c.raw), c.folded);
  }
}

TEST(NameFolding, VowelsTellApartNamesThatShareASkeleton) {
  struct Case {
    const char* a;
    const char* b;
    bool agree;
  } cases[] = {
      // One name, many spellings.
      {"Hassan", "Hasan", true},
      {"Hussain", "Hosein", true},
      {"Hussain", "Hossein", true},
      {"Hussain", "حسین", true},
      {"Hosein", "حسین", true},
      {"Hassan", "حسن", true},
      {"Mohammad", "Muhammad", true},
      {"Mohammad", "Mohammed", true},
      {"Mohammad", "محمد", true},
      {"Mohd", "Mohammad", true},
      {"Mahmood", "Mahmud", true},
      {"Mahmood", "محمود", true},
      {"Ahmad", "Ahmed", true},
      {"Ahmad", "احمد", true},
      {"Hamid", "Hameed", true},
      {"Hamid", "حمید", true},
      {"Omar", "Umar", true},
      {"Omar", "عمر", true},
      {"Amir", "امیر", true},
      {"Fatima", "فاطمه", true},
      {"Zarghuna", "زرغونه", true},
      {"Rahimullah", "رحیم الله", true},
      {"Rahim Ullah", "رحیم‌الله", true},
      {"Abdul Rahman", "عبدالرحمن", true},
      {"Abdurrahman", "Abdul Rahman", true},
      {"Nasiruddin", "نصیرالدین", true},
      {"Noor Ahmad", "Nurahmad", true},
      {"Noor Ahmad", "نوراحمد", true},
      {"Najibullah", "Najeebullah", true},
      {"Hazrat", "Hazarat", true},
      {"داود", "داوود", true},
      // Different names, one skeleton.
      {"Hassan", "Hussain", false},
      {"حسن", "حسین", false},
      {"Hassan", "حسین", false},
      {"Hussain", "حسن", false},
      {"Ahmad", "Hamid", false},
      {"Ahmed", "Hamed", false},
      {"احمد", "حمید", false},
      {"Ahmad", "حمید", false},
      {"Mahmood", "Mohammad", false},
      {"محمود", "محمد", false},
      {"Mahmood", "محمد", false},
      {"Omar", "Amir", false},
      {"عمر", "امیر", false},
      {"Umar", "امیر", false},
      {"Jamil", "Jamal", false},
      {"جمیل", "جمال", false},
      {"Sadiq", "Siddiq", false},
      {"صادق", "صدیق", false},
      {"Karim", "Akram", false},
      {"Hamidullah", "Ahmadullah", false},
      {"حمیدالله", "حمدالله", false},
      {"Sana", "Sina", false},
      {"Noor", "Anwar", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " / " + c.b);
    ASSERT_EQ(JoinedSkeleton(c.a), JoinedSkeleton(c.b));
    EXPECT_EQ(VowelsAgree(VowelRuns(c.a), VowelRuns(c.b)), c.agree)
        << VowelRuns(c.a) << " " << VowelRuns(c.b);
  }
}

}  // namespace
}  // namespace sanad::text

namespace sanad::text {
namespace {

TEST(NameFolding, CommonNamesAreToldFromTypos) {
  for (const char* name : {"Hassan", "Hussain", "Hosein", "حسین", "Mohammad Asif", "Najibullah",
                           "Abdul Rahman", "Abdurrahman", "Fatima", "ګلالۍ", "Karim"}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(IsCommonName(name));
  }
  for (const char* typo : {"Haasn", "Gulanz", "Naidr", "ثیا", "Xyzzy"}) {
    SCOPED_TRACE(typo);
    EXPECT_FALSE(IsCommonName(typo));
  }
}

TEST(NameFolding, NamesRunTogetherOfferTheirParts) {
  auto has = [](std::string_view raw, const std::string& key) {
    const auto keys = SearchKeys(raw);
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  };
  EXPECT_TRUE(has("Mohammadtariq", "trk"));
  EXPECT_TRUE(has("Mohammadtariq", "mhmd"));
  EXPECT_TRUE(has("Ghulamhazrat", "hzrt"));
  EXPECT_TRUE(has("محمدعمر", "mr"));
  EXPECT_TRUE(has("Abdool Haq", "hk"));  // abd- however romanised
  EXPECT_EQ(JoinedSkeleton("Abdool Haq"), JoinedSkeleton("Abdul Haq"));
  EXPECT_EQ(JoinedSkeleton("Jamaluddin"), JoinedSkeleton("جمال الدین"));
  EXPECT_FALSE(has("Mirwais", "ws") && !has("Mirwais", "mrws"));
}

}  // namespace
}  // namespace sanad::text
