// The district gazetteer of Pakistan, for protection monitoring: where an
// arrest, an eviction or a seizure happened. Each district is listed under
// its province with the spellings monitors write: the official Latin name,
// common variants and former names, and the Urdu (Perso-Arabic) name, with
// the Pashto spelling where it differs. Lookup folds like a name
// (text/name_folding.h) and ignores spaces, so "Qila Abdullah",
// "Killa Abdullah" and "قلعہ عبداللہ" all find Killa Abdullah.
//
// Districts as notified up to 2023 (Balochistan's Chaman, Hub, Karezat,
// Sohbatpur, Surab and Usta Muhammad included; Karachi's seven districts
// named one by one). Districts split since then are found by their parent's
// name until the list is updated.
#include <map>
#include <string>
#include <vector>

#include "text/gazetteer.h"
#include "text/name_folding.h"

namespace sanad::text {
namespace {

struct District {
  std::string_view name;
  std::vector<std::string_view> spellings;
};

struct ProvinceDistricts {
  std::string_view province;  // canonical, as CanonicalProvince gives it
  std::vector<District> districts;
};

const std::vector<ProvinceDistricts>& PakistanDistricts() {
  static const std::vector<ProvinceDistricts> kDistricts = {
      {"Balochistan",
       {
           {"Quetta", {"Kwatah", "کوئٹہ", "کوټه"}},
           {"Pishin", {"Pisheen", "پشین"}},
           {"Killa Abdullah", {"Qila Abdullah", "Qilla Abdullah", "قلعہ عبداللہ", "قلعه عبدالله"}},
           {"Chaman", {"چمن"}},
           {"Karezat", {"کاریزات"}},
           {"Zhob", {"ژوب"}},
           {"Sherani", {"شیرانی"}},
           {"Killa Saifullah", {"Qila Saifullah", "قلعہ سیف اللہ", "قلعه سیف الله"}},
           {"Loralai", {"لورالائی"}},
           {"Duki", {"دکی"}},
           {"Musakhel", {"Musa Khel", "موسیٰ خیل", "موسی خیل"}},
           {"Barkhan", {"بارکھان"}},
           {"Kohlu", {"کوہلو"}},
           {"Dera Bugti", {"ڈیرہ بگٹی"}},
           {"Sibi", {"سبی"}},
           {"Ziarat", {"زیارت"}},
           {"Harnai", {"ہرنائی"}},
           {"Kachhi", {"Bolan", "Kachi", "کچھی", "بولان"}},
           {"Jhal Magsi", {"جھل مگسی"}},
           {"Nasirabad", {"Naseerabad", "نصیرآباد"}},
           {"Jaffarabad", {"Jafarabad", "جعفرآباد"}},
           {"Sohbatpur", {"Sohbat Pur", "صحبت پور"}},
           {"Usta Muhammad", {"Usta Mohammad", "استا محمد"}},
           {"Kalat", {"Qalat", "قلات"}},
           {"Mastung", {"مستونگ"}},
           {"Surab", {"سوراب"}},
           {"Khuzdar", {"خضدار"}},
           {"Awaran", {"آواران"}},
           {"Lasbela", {"Las Bela", "لسبیلہ"}},
           {"Hub", {"حب"}},
           {"Kharan", {"خاران"}},
           {"Washuk", {"واشک"}},
           {"Noshki", {"Nushki", "نوشکی"}},
           {"Chagai", {"Chaghi", "چاغی"}},
           {"Panjgur", {"پنجگور"}},
           {"Kech", {"Turbat", "کیچ", "تربت"}},
           {"Gwadar", {"گوادر"}},
       }},
      {"Khyber Pakhtunkhwa",
       {
           {"Peshawar", {"Pekhawar", "پشاور", "پېښور"}},
           {"Charsadda", {"چارسدہ"}},
           {"Nowshera", {"Nowshehra", "نوشہرہ"}},
           {"Mardan", {"مردان"}},
           {"Swabi", {"صوابی"}},
           {"Kohat", {"کوہاٹ"}},
           {"Hangu", {"ہنگو"}},
           {"Karak", {"کرک"}},
           {"Kurram", {"Kuram", "کرم"}},
           {"Orakzai", {"اورکزئی"}},
           {"Khyber", {"Khyber Agency", "خیبر"}},
           {"Mohmand", {"مہمند"}},
           {"Bajaur", {"Bajour", "باجوڑ"}},
           {"Bannu", {"بنوں"}},
           {"Lakki Marwat", {"Lakki", "لکی مروت"}},
           {"North Waziristan", {"شمالی وزیرستان"}},
           {"South Waziristan", {"جنوبی وزیرستان"}},
           {"Dera Ismail Khan", {"D.I. Khan", "DI Khan", "ڈیرہ اسماعیل خان"}},
           {"Tank", {"ٹانک"}},
           {"Abbottabad", {"Abbotabad", "ایبٹ آباد"}},
           {"Haripur", {"ہری پور"}},
           {"Mansehra", {"مانسہرہ"}},
           {"Battagram", {"Batagram", "بٹگرام"}},
           {"Kohistan", {"Upper Kohistan", "Lower Kohistan", "Kolai-Palas", "کوہستان"}},
           {"Torghar", {"تورغر"}},
           {"Swat", {"سوات"}},
           {"Shangla", {"شانگلہ"}},
           {"Buner", {"بونیر"}},
           {"Malakand", {"مالاکنڈ"}},
           {"Lower Dir", {"Dir Lower", "دیر زیریں", "دیر پائین"}},
           {"Upper Dir", {"Dir Upper", "دیر بالا"}},
           {"Chitral", {"Lower Chitral", "Upper Chitral", "چترال"}},
       }},
      {"Punjab",
       {
           {"Lahore", {"لاہور"}},
           {"Rawalpindi", {"Pindi", "راولپنڈی"}},
           {"Attock", {"اٹک"}},
           {"Jhelum", {"جہلم"}},
           {"Chakwal", {"چکوال"}},
           {"Faisalabad", {"Lyallpur", "فیصل آباد"}},
           {"Gujranwala", {"گوجرانوالہ"}},
           {"Sialkot", {"سیالکوٹ"}},
           {"Gujrat", {"گجرات"}},
           {"Sheikhupura", {"شیخوپورہ"}},
           {"Kasur", {"Qasur", "قصور"}},
           {"Okara", {"اوکاڑہ"}},
           {"Sahiwal", {"ساہیوال"}},
           {"Multan", {"ملتان"}},
           {"Bahawalpur", {"بہاولپور"}},
           {"Rahim Yar Khan", {"رحیم یار خان"}},
           {"Dera Ghazi Khan", {"D.G. Khan", "DG Khan", "ڈیرہ غازی خان"}},
           {"Muzaffargarh", {"مظفرگڑھ"}},
           {"Sargodha", {"سرگودھا"}},
           {"Mianwali", {"میانوالی"}},
           {"Bhakkar", {"بھکر"}},
           {"Khushab", {"خوشاب"}},
           {"Jhang", {"جھنگ"}},
           {"Toba Tek Singh", {"ٹوبہ ٹیک سنگھ"}},
           {"Vehari", {"وہاڑی"}},
           {"Khanewal", {"خانیوال"}},
           {"Lodhran", {"لودھراں"}},
           {"Bahawalnagar", {"بہاولنگر"}},
           {"Pakpattan", {"پاکپتن"}},
           {"Layyah", {"Leiah", "لیہ"}},
           {"Rajanpur", {"راجن پور"}},
           {"Narowal", {"نارووال"}},
           {"Hafizabad", {"حافظ آباد"}},
           {"Mandi Bahauddin", {"منڈی بہاؤالدین"}},
           {"Nankana Sahib", {"ننکانہ صاحب"}},
           {"Chiniot", {"چنیوٹ"}},
       }},
      {"Sindh",
       {
           {"Karachi Central", {"کراچی وسطی"}},
           {"Karachi East", {"کراچی شرقی"}},
           {"Karachi South", {"کراچی جنوبی"}},
           {"Karachi West", {"کراچی غربی"}},
           {"Korangi", {"کورنگی"}},
           {"Malir", {"ملیر"}},
           {"Keamari", {"Kemari", "کیماڑی"}},
           {"Hyderabad", {"حیدرآباد"}},
           {"Sukkur", {"سکھر"}},
           {"Larkana", {"لاڑکانہ"}},
           {"Jacobabad", {"جیکب آباد"}},
           {"Shikarpur", {"شکارپور"}},
           {"Kashmore", {"کشمور"}},
           {"Ghotki", {"گھوٹکی"}},
           {"Khairpur", {"خیرپور"}},
           {"Naushahro Feroze", {"Naushahro Firoz", "نوشہرو فیروز"}},
           {"Shaheed Benazirabad", {"Nawabshah", "شہید بینظیر آباد", "نوابشاہ"}},
           {"Sanghar", {"سانگھڑ"}},
           {"Mirpur Khas", {"Mirpurkhas", "میرپور خاص"}},
           {"Umerkot", {"Umarkot", "عمرکوٹ"}},
           {"Tharparkar", {"Thar", "تھرپارکر"}},
           {"Badin", {"بدین"}},
           {"Thatta", {"ٹھٹھہ"}},
           {"Sujawal", {"سجاول"}},
           {"Jamshoro", {"جامشورو"}},
           {"Dadu", {"دادو"}},
           {"Matiari", {"مٹیاری"}},
           {"Tando Allahyar", {"ٹنڈو الہ یار"}},
           {"Tando Muhammad Khan", {"ٹنڈو محمد خان"}},
           {"Qambar Shahdadkot", {"Kambar Shahdadkot", "قمبر شہدادکوٹ"}},
       }},
      {"Islamabad Capital Territory", {{"Islamabad", {"اسلام آباد", "اسلام اباد"}}}},
      {"Gilgit-Baltistan",
       {
           {"Gilgit", {"گلگت"}},
           {"Skardu", {"سکردو"}},
           {"Hunza", {"ہنزہ"}},
           {"Nagar", {"نگر"}},
           {"Ghizer", {"غذر"}},
           {"Diamer", {"دیامر"}},
           {"Astore", {"استور"}},
           {"Ghanche", {"گانچھے"}},
           {"Kharmang", {"کھرمنگ"}},
           {"Shigar", {"شگر"}},
       }},
      {"Azad Jammu and Kashmir",
       {
           {"Muzaffarabad", {"مظفرآباد"}},
           {"Mirpur", {"میرپور"}},
           {"Kotli", {"کوٹلی"}},
           {"Bhimber", {"بھمبر"}},
           {"Bagh", {"باغ"}},
           {"Poonch", {"Rawalakot", "پونچھ"}},
           {"Sudhnoti", {"سدھنوتی"}},
           {"Neelum", {"نیلم"}},
           {"Hattian Bala", {"ہٹیاں بالا"}},
           {"Haveli", {"حویلی"}},
       }},
  };
  return kDistricts;
}

std::string Key(std::string_view text) {
  std::string key;
  for (const auto& t : FoldName(text).tokens) key += t;
  return key;
}

struct Index {
  // (province, folded spelling) -> district
  std::map<std::pair<std::string_view, std::string>, std::string_view> districts;
  std::map<std::string_view, std::string> names;  // province -> "A, B, C"
};

const Index& DistrictIndex() {
  static const Index kIndex = [] {
    Index index;
    for (const auto& p : PakistanDistricts()) {
      std::string& names = index.names[p.province];
      for (const auto& d : p.districts) {
        index.districts.emplace(std::pair(p.province, Key(d.name)), d.name);
        for (auto s : d.spellings) index.districts.emplace(std::pair(p.province, Key(s)), d.name);
        if (!names.empty()) names += ", ";
        names += d.name;
      }
    }
    return index;
  }();
  return kIndex;
}

}  // namespace

std::optional<std::string_view> CanonicalPakistanProvince(std::string_view raw) {
  auto found = CanonicalProvince(raw);
  if (!found || CanonicalAfghanProvince(raw)) return std::nullopt;
  return found;
}

std::string_view PakistanProvinceNames() {
  return "Balochistan, Khyber Pakhtunkhwa, Punjab, Sindh, Islamabad Capital Territory, "
         "Gilgit-Baltistan, Azad Jammu and Kashmir";
}

std::optional<std::string_view> CanonicalPakistanDistrict(std::string_view province,
                                                          std::string_view raw) {
  auto canonical_province = CanonicalPakistanProvince(province);
  if (!canonical_province) return std::nullopt;
  const Index& index = DistrictIndex();
  auto it = index.districts.find(std::pair(*canonical_province, Key(raw)));
  if (it == index.districts.end()) return std::nullopt;
  return it->second;
}

std::string_view PakistanDistrictNames(std::string_view province) {
  auto canonical_province = CanonicalPakistanProvince(province);
  if (!canonical_province) return {};
  const Index& index = DistrictIndex();
  auto it = index.names.find(*canonical_province);
  return it == index.names.end() ? std::string_view{} : std::string_view(it->second);
}

Result<PakistanPlace> ResolvePakistanPlace(std::string_view province, std::string_view district) {
  auto canonical_province = CanonicalPakistanProvince(province);
  if (!canonical_province) {
    return Fail(Error::InvalidInput("province",
                                    "'{}' is not a province of Pakistan; write one of {}", province,
                                    PakistanProvinceNames()));
  }
  PakistanPlace place{std::string(*canonical_province), {}};
  if (district.empty()) return place;
  auto canonical_district = CanonicalPakistanDistrict(*canonical_province, district);
  if (!canonical_district) {
    return Fail(Error::InvalidInput("district", "'{}' is not a district of {}; write one of {}",
                                    district, place.province,
                                    PakistanDistrictNames(place.province)));
  }
  place.district = std::string(*canonical_district);
  return place;
}

}  // namespace sanad::text
