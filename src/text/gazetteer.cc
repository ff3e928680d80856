// Province gazetteer. Each province lists its spellings; a lookup folds the
// input (FoldText), drops words like "province" and "ولایت", and tries
//   1. the folded spelling with spaces removed, exactly ("kpk", "سرپل");
//   2. its joined skeleton (JoinedSkeleton), which absorbs the spellings not
//      listed ("Nangarhaar", "Qandehar", "ننګرهار" with Pashto letters).
// A skeleton shared by two provinces is never used (none is, today: the test
// checks). Acronyms (KP, KPK, ICT, AJK ...) match exactly only.
#include "text/gazetteer.h"

#include <array>
#include <string>
#include <unordered_map>

#include "text/name_folding.h"

namespace sanad::text {
namespace {

struct Province {
  std::string_view name;
  std::string_view country;
  std::initializer_list<std::string_view> spellings;
  std::initializer_list<std::string_view> acronyms = {};
};

// Latin spellings, then Dari, Pashto or Urdu forms.
const std::array<Province, 41> kProvinces = {{
    {"Badakhshan", "AF", {"Badakhshan", "Badakshan", "Badakhchan", "بدخشان"}},
    {"Badghis", "AF", {"Badghis", "Badghes", "Badgis", "Badgheys", "بادغیس"}},
    {"Baghlan", "AF", {"Baghlan", "Baghlaan", "بغلان"}},
    {"Balkh", "AF", {"Balkh", "Balk", "بلخ"}},
    {"Bamyan", "AF", {"Bamyan", "Bamiyan", "Bamian", "Bamyaan", "بامیان"}},
    {"Daykundi", "AF", {"Daykundi", "Daikundi", "Daikondi", "Dai Kundi", "Day Kundi", "دایکندی",
                        "دایکنډي"}},
    {"Farah", "AF", {"Farah", "Farrah", "فراه"}},
    {"Faryab", "AF", {"Faryab", "Fariab", "Faryaab", "فاریاب"}},
    {"Ghazni", "AF", {"Ghazni", "Ghazny", "Ghaznee", "غزنی"}},
    {"Ghor", "AF", {"Ghor", "Ghowr", "Ghur", "Ghour", "غور"}},
    {"Helmand", "AF", {"Helmand", "Hilmand", "Helmend", "هلمند"}},
    {"Herat", "AF", {"Herat", "Hirat", "Heraat", "هرات"}},
    {"Jowzjan", "AF", {"Jowzjan", "Jawzjan", "Jozjan", "Juzjan", "Jauzjan", "جوزجان"}},
    {"Kabul", "AF", {"Kabul", "Kabol", "Caubul", "کابل"}},
    {"Kandahar", "AF", {"Kandahar", "Qandahar", "Kandehar", "Qandehar", "کندهار", "قندهار"}},
    {"Kapisa", "AF", {"Kapisa", "Kapissa", "کاپیسا"}},
    {"Khost", "AF", {"Khost", "Khowst", "Khust", "خوست"}},
    {"Kunar", "AF", {"Kunar", "Konar", "Kunarha", "کنر", "کونړ"}},
    {"Kunduz", "AF", {"Kunduz", "Qunduz", "Kondoz", "Konduz", "Kundoz", "کندز", "قندوز", "کندوز"}},
    {"Laghman", "AF", {"Laghman", "Lagman", "لغمان"}},
    {"Logar", "AF", {"Logar", "Lowgar", "Loghar", "لوگر"}},
    {"Nangarhar", "AF", {"Nangarhar", "Ningarhar", "Nangrahar", "Nengarhar", "ننگرهار"}},
    {"Nimroz", "AF", {"Nimroz", "Nimruz", "Nimrooz", "Neemroz", "نیمروز"}},
    {"Nuristan", "AF", {"Nuristan", "Nooristan", "Nouristan", "نورستان"}},
    {"Paktia", "AF", {"Paktia", "Paktiya", "Paktya", "Pakthia", "پکتیا"}},
    {"Paktika", "AF", {"Paktika", "Paktica", "پکتیکا"}},
    {"Panjshir", "AF", {"Panjshir", "Panjsher", "Panjsheer", "Panjshayr", "پنجشیر"}},
    {"Parwan", "AF", {"Parwan", "Parvan", "پروان"}},
    {"Samangan", "AF", {"Samangan", "Samengan", "سمنگان"}},
    {"Sar-e Pol", "AF", {"Sar-e Pol", "Sar-e-Pul", "Sari Pul", "Sar-i-Pul", "Saripul", "Sarepol",
                         "Sar e Pul", "سرپل", "سر پل"}},
    {"Takhar", "AF", {"Takhar", "Tahar", "تخار"}},
    {"Uruzgan", "AF", {"Uruzgan", "Oruzgan", "Urozgan", "Orozgan", "Uruzghan", "ارزگان",
                       "اروزگان", "روزگان"}},
    {"Wardak", "AF", {"Wardak", "Maidan Wardak", "Maidan Wardag", "Wardag", "Meydan Wardak",
                      "Maydan Wardak", "وردک", "میدان وردک"}},
    {"Zabul", "AF", {"Zabul", "Zabol", "Zaabul", "زابل"}},
    {"Balochistan", "PK", {"Balochistan", "Baluchistan", "Balochestan", "Bilochistan", "بلوچستان"}},
    {"Khyber Pakhtunkhwa", "PK",
     {"Khyber Pakhtunkhwa", "Khyber Pakhtoonkhwa", "Khyber Pukhtunkhwa", "Pakhtunkhwa",
      "North-West Frontier Province", "North West Frontier", "Khyber", "خیبر پښتونخوا",
      "خیبر پختونخوا", "خیبر پختونخواہ"},
     {"KP", "KPK", "NWFP", "FATA"}},
    {"Punjab", "PK", {"Punjab", "Panjab", "Punjaab", "پنجاب"}},
    {"Sindh", "PK", {"Sindh", "Sind", "سندھ", "سند"}},
    {"Islamabad Capital Territory", "PK",
     {"Islamabad Capital Territory", "Islamabad", "Islamabaad", "اسلام آباد", "اسلام‌آباد"},
     {"ICT"}},
    {"Gilgit-Baltistan", "PK", {"Gilgit-Baltistan", "Gilgit Baltistan", "Gilgit", "گلگت بلتستان"},
     {"GB"}},
    {"Azad Jammu and Kashmir", "PK",
     {"Azad Jammu and Kashmir", "Azad Jammu Kashmir", "Azad Kashmir", "آزاد کشمیر",
      "آزاد جموں و کشمیر"},
     {"AJK", "AJ&K"}},
}};

bool IsNoiseWord(std::string_view w) {
  static const std::array<std::string, 10> kNoise = {
      "province", "prov",     "wilayat",  "velayat", "welayat",
      "vilayat",  FoldText("ولایت"), FoldText("صوبه"), FoldText("صوبہ"), "the"};
  for (const auto& n : kNoise) {
    if (w == n) return true;
  }
  return false;
}

// The folded words of `raw` without noise words.
std::vector<std::string> Words(std::string_view raw) {
  std::vector<std::string> words;
  const std::string folded = FoldText(raw);
  size_t i = 0;
  while (i <= folded.size()) {
    size_t j = folded.find(' ', i);
    if (j == std::string::npos) j = folded.size();
    std::string w = folded.substr(i, j - i);
    if (!w.empty() && !IsNoiseWord(w)) words.push_back(std::move(w));
    i = j + 1;
  }
  return words;
}

std::string Concat(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += w;
  return out;
}

struct Index {
  std::unordered_map<std::string, size_t> exact;
  std::unordered_map<std::string, size_t> skeleton;  // SIZE_MAX: ambiguous
  std::vector<std::string_view> names;

  Index() {
    for (size_t p = 0; p < kProvinces.size(); ++p) {
      names.push_back(kProvinces[p].name);
      for (auto spelling : kProvinces[p].spellings) {
        auto words = Words(spelling);
        exact.emplace(Concat(words), p);
        FoldedName folded{words, {}};
        const std::string key = JoinedSkeleton(folded);
        if (key.empty()) continue;
        auto [it, inserted] = skeleton.emplace(key, p);
        if (!inserted && it->second != p) it->second = SIZE_MAX;
      }
      for (auto acronym : kProvinces[p].acronyms) exact.emplace(Concat(Words(acronym)), p);
    }
  }
};

const Index& GetIndex() {
  static const Index index;
  return index;
}

}  // namespace

std::optional<std::string_view> CanonicalProvince(std::string_view raw) {
  const Index& index = GetIndex();
  auto words = Words(raw);
  if (words.empty()) return std::nullopt;
  if (auto it = index.exact.find(Concat(words)); it != index.exact.end()) {
    return kProvinces[it->second].name;
  }
  FoldedName folded{std::move(words), {}};
  const std::string key = JoinedSkeleton(folded);
  if (auto it = index.skeleton.find(key); it != index.skeleton.end() && it->second != SIZE_MAX) {
    return kProvinces[it->second].name;
  }
  return std::nullopt;
}

std::string_view ProvinceCountry(std::string_view canonical) {
  for (const auto& p : kProvinces) {
    if (p.name == canonical) return p.country;
  }
  return {};
}

const std::vector<std::string_view>& AllProvinces() { return GetIndex().names; }

}  // namespace sanad::text
