// The province gazetteer: each province with its common spellings. Lookup
// folds the input like a name (text/name_folding.h) and ignores spaces, so
// "Nangrahar", "NANGARHAR" and "ننګرهار" all find Nangarhar.
#include "text/gazetteer.h"

#include <map>
#include <string>
#include <vector>

#include "text/name_folding.h"

namespace sanad::text {
namespace {

struct Province {
  std::string_view name;
  std::vector<std::string_view> spellings;
  bool afghan = true;  // else a province of Pakistan
};

const std::vector<Province>& Provinces() {
  static const std::vector<Province> kProvinces = {
      // Afghanistan
      {"Badakhshan", {"Badakshan", "بدخشان"}},
      {"Badghis", {"Badghes", "بادغیس"}},
      {"Baghlan", {"بغلان"}},
      {"Balkh", {"Mazar-i-Sharif", "بلخ"}},
      {"Bamyan", {"Bamiyan", "Bamian", "بامیان"}},
      {"Daykundi", {"Daikundi", "Daykondi", "دایکندی"}},
      {"Farah", {"فراه"}},
      {"Faryab", {"Fariab", "فاریاب"}},
      {"Ghazni", {"Ghazny", "غزنی"}},
      {"Ghor", {"Ghowr", "غور"}},
      {"Helmand", {"Hilmand", "هلمند"}},
      {"Herat", {"Hirat", "هرات"}},
      {"Jowzjan", {"Jawzjan", "Jozjan", "جوزجان"}},
      {"Kabul", {"Kabol", "Cabul", "کابل"}},
      {"Kandahar", {"Qandahar", "Kandhar", "قندهار", "کندهار"}},
      {"Kapisa", {"کاپیسا"}},
      {"Khost", {"Khowst", "خوست"}},
      {"Kunar", {"Konar", "کنر", "کونر"}},
      {"Kunduz", {"Kundoz", "Qunduz", "کندز", "قندوز"}},
      {"Laghman", {"Lagman", "Lughman", "لغمان"}},
      {"Logar", {"Lowgar", "لوگر"}},
      {"Nangarhar", {"Nangrahar", "Ningarhar", "Jalalabad", "ننگرهار", "ننګرهار"}},
      {"Nimroz", {"Nimruz", "نیمروز"}},
      {"Nuristan", {"Nooristan", "نورستان"}},
      {"Paktia", {"Paktiya", "Paktya", "پکتیا"}},
      {"Paktika", {"Paktica", "پکتیکا"}},
      {"Panjshir", {"Panjsher", "Panjshear", "پنجشیر"}},
      {"Parwan", {"Parvan", "پروان"}},
      {"Samangan", {"سمنگان"}},
      {"Sar-e Pol", {"Sar-e-Pul", "Sari Pul", "Sar-i-Pul", "Saripul", "سرپل"}},
      {"Takhar", {"Tahar", "تخار"}},
      {"Uruzgan", {"Oruzgan", "Urozgan", "ارزگان", "اروزگان"}},
      {"Wardak", {"Maidan Wardak", "Wardag", "وردک", "میدان وردک"}},
      {"Zabul", {"Zabol", "زابل"}},
      // Pakistan
      {"Khyber Pakhtunkhwa",
       {"KPK", "KP", "NWFP", "Khyber Pakhtoonkhwa", "Peshawar", "خیبر پښتونخوا", "خیبر پختونخوا"},
       false},
      {"Punjab", {"Panjab", "پنجاب"}, false},
      {"Sindh", {"Sind", "Karachi", "سندھ", "سند"}, false},
      {"Balochistan", {"Baluchistan", "Quetta", "بلوچستان"}, false},
      {"Islamabad Capital Territory", {"Islamabad", "ICT", "اسلام آباد", "اسلام اباد"}, false},
      {"Gilgit-Baltistan", {"Gilgit Baltistan", "گلگت بلتستان"}, false},
      {"Azad Jammu and Kashmir", {"AJK", "Azad Kashmir", "آزاد کشمیر"}, false},
  };
  return kProvinces;
}

std::string Key(std::string_view text) {
  std::string key;
  for (const auto& t : FoldName(text).tokens) key += t;
  return key;
}

// The consonant skeleton of a spelling, spaces dropped: the fallback key
// for spellings the table lacks (Nangarhaar, Lughmaan).
std::string SkeletonKey(std::string_view text) { return JoinedSkeleton(text); }

}  // namespace

std::optional<std::string_view> CanonicalProvince(std::string_view raw) {
  static const std::map<std::string, std::string_view> kIndex = [] {
    std::map<std::string, std::string_view> index;
    for (const auto& p : Provinces()) {
      index.emplace(Key(p.name), p.name);
      for (auto s : p.spellings) index.emplace(Key(s), p.name);
    }
    return index;
  }();
  // Skeletons that only one province's spellings give.
  static const std::map<std::string, std::string_view> kSkeletons = [] {
    std::map<std::string, std::string_view> index;
    std::map<std::string, int> provinces;
    for (const auto& p : Provinces()) {
      std::map<std::string, bool> mine;
      mine[SkeletonKey(p.name)] = true;
      for (auto s : p.spellings) mine[SkeletonKey(s)] = true;
      for (const auto& [key, unused] : mine) {
        if (key.size() < 3) continue;
        ++provinces[key];
        index.emplace(key, p.name);
      }
    }
    for (const auto& [key, count] : provinces) {
      if (count > 1) index.erase(key);
    }
    return index;
  }();
  if (auto it = kIndex.find(Key(raw)); it != kIndex.end()) return it->second;
  if (auto it = kSkeletons.find(SkeletonKey(raw)); it != kSkeletons.end()) return it->second;
  return std::nullopt;
}

std::optional<std::string_view> CanonicalAfghanProvince(std::string_view raw) {
  auto found = CanonicalProvince(raw);
  if (!found) return std::nullopt;
  for (const auto& p : Provinces()) {
    if (p.name == *found) return p.afghan ? found : std::nullopt;
  }
  return std::nullopt;
}

std::string_view AfghanProvinceNames() {
  static const std::string kNames = [] {
    std::string names;
    for (const auto& p : Provinces()) {
      if (!p.afghan) continue;
      if (!names.empty()) names += ", ";
      names += p.name;
    }
    return names;
  }();
  return kNames;
}

}  // namespace sanad::text
