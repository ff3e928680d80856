// Synthetic registrations (see synthetic_data.h for what they model).
//
// Idea: generate true identities household by household (clans of brother
// households, so brothers and cousins share names), then render each
// person's records: the original registration in its household's script and
// style, and each duplicate with an independently redrawn style (script,
// romanisation, joined/split compounds, keyboard letter forms, typos,
// dropped fields, birth-date precision, phone and document formats).
// The realistic model (SynthErrors::kRealistic) draws its own identities
// (twins, colliding sibling names, more names, PoR batches) and renders
// every record with RenderRealistic, a corruption model written apart from
// RenderRecord, from a random stream of its own: the default output stays
// the same byte for byte.
// Invariants: persons == options.persons exactly; every record's person is
// in the truth file; every row parses with ParsePersonCsv; the output is a
// function of the options alone.
// Cost: O(records); one string per record; memory bounded by one chunk.
#include "match/synthetic_data.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <span>
#include <vector>

#include "core/person_csv.h"

namespace sanad::match {
namespace {

// splitmix64: small, fast, and the same on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n), n > 0 (the bias of a 64-bit modulo is negligible here).
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  int Range(int lo, int hi) {
    return lo + static_cast<int>(Below(static_cast<size_t>(hi - lo + 1)));
  }
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }
  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Below(items.size())];
  }

 private:
  uint64_t state_;
};

// A name part: its romanisations (most common first; empty = none) and its
// Perso-Arabic (Dari) spelling.
struct Spelling {
  std::array<std::string_view, 4> latin;
  std::string_view arabic;
  size_t variants() const {
    size_t n = 0;
    while (n < latin.size() && !latin[n].empty()) ++n;
    return n;
  }
};

constexpr Spelling kMohammad = {{"Mohammad", "Muhammad", "Mohammed", "Mohamad"}, "محمد"};

// Male names used alone and as the second part of "Mohammad X" or "X Y".
constexpr Spelling kMaleNames[] = {
    {{"Ahmad", "Ahmed"}, "احمد"},
    {{"Mahmood", "Mahmud", "Mahmoud"}, "محمود"},
    {{"Karim", "Kareem"}, "کریم"},
    {{"Rahim", "Raheem"}, "رحیم"},
    {{"Nabi", "Nabee"}, "نبی"},
    {{"Hamid", "Hameed"}, "حمید"},
    {{"Hussain", "Hosein", "Husain", "Hussein"}, "حسین"},
    {{"Hassan", "Hasan"}, "حسن"},
    {{"Jawad", "Javad"}, "جواد"},
    {{"Bashir", "Basheer"}, "بشیر"},
    {{"Nasir", "Naser"}, "ناصر"},
    {{"Qasim", "Kasim", "Qasem"}, "قاسم"},
    {{"Yousuf", "Yusuf", "Yousaf"}, "یوسف"},
    {{"Ismail", "Esmail"}, "اسماعیل"},
    {{"Wali", "Walee"}, "ولی"},
    {{"Dawood", "Daud", "Dawud"}, "داود"},
    {{"Idrees", "Idris"}, "ادریس"},
    {{"Tariq", "Tareq"}, "طارق"},
    {{"Zalmai", "Zalmay"}, "زلمی"},
    {{"Khalid", "Khaled"}, "خالد"},
    {{"Omar", "Umar"}, "عمر"},
    {{"Usman", "Osman"}, "عثمان"},
    {{"Ibrahim", "Ebrahim"}, "ابراهیم"},
    {{"Ali"}, "علی"},
    {{"Rasool", "Rasul"}, "رسول"},
    {{"Haidar", "Haider", "Hayder"}, "حیدر"},
    {{"Farooq", "Faruq"}, "فاروق"},
    {{"Sakhi"}, "سخی"},
    {{"Hazrat", "Hazarat"}, "حضرت"},
    {{"Zaman", "Zamaan"}, "زمان"},
    {{"Nazar"}, "نظر"},
    {{"Akbar"}, "اکبر"},
    {{"Asif", "Aseef"}, "آصف"},
    {{"Aziz", "Azeez"}, "عزیز"},
    {{"Bilal"}, "بلال"},
    {{"Ghafoor", "Ghafur"}, "غفور"},
    {{"Hakim", "Hakeem"}, "حکیم"},
    {{"Jamil", "Jameel"}, "جمیل"},
    {{"Latif", "Lateef"}, "لطیف"},
    {{"Majid", "Majeed"}, "مجید"},
    {{"Mansoor", "Mansur"}, "منصور"},
    {{"Mirwais", "Mirways"}, "میرویس"},
    {{"Nadir", "Nader"}, "نادر"},
    {{"Naeem", "Naim"}, "نعیم"},
    {{"Qadir", "Qader", "Kadir"}, "قادر"},
    {{"Rashid", "Rasheed"}, "رشید"},
    {{"Sabir", "Saber"}, "صابر"},
    {{"Salim", "Saleem"}, "سلیم"},
    {{"Shafiq", "Shafeeq"}, "شفیق"},
    {{"Sharif", "Shareef"}, "شریف"},
    {{"Wahid", "Waheed", "Vahid"}, "وحید"},
    {{"Yaqub", "Yaqoob", "Yakub"}, "یعقوب"},
    {{"Zahir", "Zaheer"}, "ظاهر"},
    {{"Jamal"}, "جمال"},
    {{"Sultan"}, "سلطان"},
    {{"Saeed", "Sayeed"}, "سعید"},
    {{"Younus", "Yunus", "Younis"}, "یونس"},
    {{"Najib", "Najeeb"}, "نجیب"},
    {{"Mujib", "Mujeeb"}, "مجیب"},
    {{"Habib", "Habeeb"}, "حبیب"},
    {{"Emal", "Aimal"}, "ایمل"},
    {{"Ajmal"}, "اجمل"},
    {{"Hayat"}, "حیات"},
    {{"Ehsan", "Ihsan"}, "احسان"},
    {{"Juma", "Jumma"}, "جمعه"},
    {{"Baz"}, "باز"},
    {{"Amir", "Ameer"}, "امیر"},
    {{"Shakir", "Shaker"}, "شاکر"},
    {{"Fawad", "Fuad"}, "فواد"},
    {{"Javed", "Jawed"}, "جاوید"},
    {{"Sadiq", "Sadeq"}, "صادق"},
    {{"Siddiq", "Sediq"}, "صدیق"},
    {{"Waris", "Wares"}, "وارث"},
};

// First parts of two-part compounds (Noor Ahmad, Ghulam Hazrat, Gul Zaman).
constexpr Spelling kCompoundFirst[] = {
    {{"Noor", "Nur"}, "نور"},  {{"Gul", "Gool"}, "گل"},   {{"Ghulam", "Gholam"}, "غلام"},
    {{"Shah"}, "شاه"},         {{"Sher", "Shir"}, "شیر"}, {{"Mir"}, "میر"},
    {{"Faiz", "Faez"}, "فیض"}, {{"Sultan"}, "سلطان"},     {{"Jan", "Jaan"}, "جان"},
    {{"Wazir"}, "وزیر"},       {{"Khan"}, "خان"},         {{"Zar"}, "زر"},
};
// First parts of "X Mohammad" (Din Mohammad, Gul Mohammad).
constexpr Spelling kBeforeMohammad[] = {
    {{"Din", "Deen"}, "دین"}, {{"Gul", "Gool"}, "گل"},   {{"Khan"}, "خان"},
    {{"Jan", "Jaan"}, "جان"}, {{"Noor", "Nur"}, "نور"},  {{"Shah"}, "شاه"},
    {{"Dost"}, "دوست"},       {{"Sher", "Shir"}, "شیر"}, {{"Faiz", "Faez"}, "فیض"},
    {{"Ali"}, "علی"},         {{"Nazar"}, "نظر"},        {{"Wali"}, "ولی"},
};
// Second parts of abd- compounds; `sun` letters assimilate the article
// (Abdurrahman).
struct AbdPart {
  Spelling spelling;
  bool sun;
};
constexpr AbdPart kAbdSecond[] = {
    {{{"Rahman", "Rehman"}, "رحمن"}, true},
    {{{"Rahim", "Raheem"}, "رحیم"}, true},
    {{{"Karim", "Kareem"}, "کریم"}, false},
    {{{"Wahid", "Waheed"}, "واحد"}, false},
    {{{"Qadir", "Qader"}, "قادر"}, false},
    {{{"Ghafoor", "Ghafur"}, "غفور"}, false},
    {{{"Hadi"}, "هادی"}, false},
    {{{"Latif", "Lateef"}, "لطیف"}, true},
    {{{"Majid", "Majeed"}, "مجید"}, false},
    {{{"Hakim", "Hakeem"}, "حکیم"}, false},
    {{{"Bari"}, "باری"}, false},
    {{{"Jabbar", "Jabar"}, "جبار"}, false},
    {{{"Sattar", "Satar"}, "ستار"}, true},
    {{{"Rashid", "Rasheed"}, "رشید"}, true},
    {{{"Salam", "Salaam"}, "سلام"}, true},
    {{{"Wali"}, "ولی"}, false},
    {{{"Haq", "Hak"}, "حق"}, false},
    {{{"Samad"}, "صمد"}, true},
    {{{"Aziz", "Azeez"}, "عزیز"}, false},
    {{{"Ghani"}, "غنی"}, false},
    {{{"Razaq", "Razzaq"}, "رزاق"}, true},
    {{{"Qayum", "Qayyum"}, "قیوم"}, false},
    {{{"Malik"}, "مالک"}, false},
    {{{"Hamid", "Hameed"}, "حمید"}, false},
    {{{"Nasir", "Naser"}, "ناصر"}, true},
    {{{"Basir", "Baseer"}, "بصیر"}, false},
};
// Stems of -ullah compounds (Rahimullah, رحیم الله).
constexpr Spelling kUllahStem[] = {
    {{"Rahim"}, "رحیم"},
    {{"Habib"}, "حبیب"},
    {{"Hamid"}, "حمید"},
    {{"Sami"}, "سمیع"},
    {{"Zabih", "Zabi"}, "ذبیح"},
    {{"Najib"}, "نجیب"},
    {{"Ahsan"}, "احسن"},
    {{"Rahmat"}, "رحمت"},
    {{"Ehsan", "Ihsan"}, "احسان"},
    {{"Aman"}, "امان"},
    {{"Asad"}, "اسد"},
    {{"Hayat"}, "حیات"},
    {{"Inayat", "Enayat"}, "عنایت"},
    {{"Kifayat"}, "کفایت"},
    {{"Shafi"}, "شفیع"},
    {{"Naqib"}, "نقیب"},
    {{"Obaid", "Ubaid"}, "عبید"},
    {{"Sana"}, "ثناء"},
    {{"Wahid"}, "وحید"},
    {{"Zia"}, "ضیاء"},
    {{"Hafiz"}, "حفیظ"},
    {{"Ruh", "Rooh"}, "روح"},
    {{"Saif"}, "سیف"},
    {{"Nasr"}, "نصر"},
    {{"Atta", "Ata"}, "عطاء"},
    {{"Fazl", "Fazal"}, "فضل"},
    {{"Esmat", "Ismat"}, "عصمت"},
    {{"Hekmat", "Hikmat"}, "حکمت"},
    {{"Hedayat", "Hidayat"}, "هدایت"},
    {{"Ezat", "Izzat"}, "عزت"},
};
// Stems of -uddin compounds (Nasiruddin, نصیرالدین).
constexpr Spelling kUddinStem[] = {
    {{"Nasir", "Naseer"}, "نصیر"},
    {{"Shams"}, "شمس"},
    {{"Jalal"}, "جلال"},
    {{"Zain"}, "زین"},
    {{"Ala"}, "علاء"},
    {{"Noor", "Nur"}, "نور"},
    {{"Moin", "Muin"}, "معین"},
    {{"Salah"}, "صلاح"},
    {{"Fakhr"}, "فخر"},
    {{"Qamar"}, "قمر"},
    {{"Siraj"}, "سراج"},
    {{"Kamal"}, "کمال"},
    {{"Nizam"}, "نظام"},
    {{"Jamal"}, "جمال"},
};
constexpr Spelling kFemaleNames[] = {
    {{"Fatima", "Fatema", "Fatemeh"}, "فاطمه"},
    {{"Zainab", "Zaynab", "Zeinab"}, "زینب"},
    {{"Maryam", "Mariam"}, "مریم"},
    {{"Khadija", "Khadijah"}, "خدیجه"},
    {{"Aisha", "Ayesha", "Aysha"}, "عایشه"},
    {{"Zarghuna", "Zarghoona"}, "زرغونه"},
    {{"Malalai", "Malalay"}, "ملالی"},
    {{"Gulalai", "Gulalay"}, "ګلالۍ"},
    {{"Parwana", "Parvana"}, "پروانه"},
    {{"Shabnam"}, "شبنم"},
    {{"Nazanin", "Nazaneen"}, "نازنین"},
    {{"Marzia", "Marziya"}, "مرضیه"},
    {{"Sakina", "Sakeena"}, "سکینه"},
    {{"Roya"}, "رویا"},
    {{"Farzana"}, "فرزانه"},
    {{"Nasima", "Naseema"}, "نسیمه"},
    {{"Latifa", "Lateefa"}, "لطیفه"},
    {{"Halima", "Haleema"}, "حلیمه"},
    {{"Rabia", "Rabiya"}, "رابعه"},
    {{"Shakila", "Shakeela"}, "شکیله"},
    {{"Fariba"}, "فریبا"},
    {{"Hamida", "Hameeda"}, "حمیده"},
    {{"Sima", "Seema"}, "سیما"},
    {{"Nadia", "Nadiya"}, "نادیه"},
    {{"Freshta", "Fereshta"}, "فرشته"},
    {{"Mursal"}, "مرسل"},
    {{"Spogmai", "Spogmay"}, "سپوږمۍ"},
    {{"Nazo"}, "نازو"},
    {{"Bibi Gul", "Bibigul"}, "بی بی گل"},
    {{"Lailuma", "Lailoma"}, "لیلما"},
    {{"Zohra", "Zuhra"}, "زهره"},
    {{"Shaima", "Shayma"}, "شیما"},
    {{"Mahbooba", "Mahbuba"}, "محبوبه"},
    {{"Palwasha"}, "پلوشه"},
    {{"Wazhma", "Wajma"}, "وږمه"},
    {{"Storai", "Sturai"}, "ستورۍ"},
    {{"Hasina", "Haseena"}, "حسینه"},
    {{"Karima", "Kareema"}, "کریمه"},
    {{"Rahima", "Raheema"}, "رحیمه"},
    {{"Zarmina", "Zarmeena"}, "زرمینه"},
    {{"Nilofar", "Nilufar"}, "نیلوفر"},
    {{"Gulnaz"}, "گلناز"},
    {{"Sadia", "Saadia"}, "سعدیه"},
    {{"Najiba", "Najeeba"}, "نجیبه"},
    {{"Sharifa", "Shareefa"}, "شریفه"},
    {{"Soraya", "Suraya"}, "ثریا"},
    {{"Gul Bibi", "Gulbibi"}, "گل بی بی"},
    {{"Anisa", "Aneesa"}, "انیسه"},
    {{"Shukria", "Shukriya"}, "شکریه"},
    {{"Masooda", "Masuda"}, "مسعوده"},
};
// Tribe or family names: optional and mostly absent (DOMAIN.md).
constexpr Spelling kFamilyNames[] = {
    {{"Ahmadzai", "Ahmadzay"}, "احمدزی"},
    {{"Popalzai", "Popalzay"}, "پوپلزی"},
    {{"Safi"}, "صافی"},
    {{"Shinwari", "Shinwary"}, "شینواری"},
    {{"Mohmand", "Momand"}, "مومند"},
    {{"Stanikzai"}, "ستانکزی"},
    {{"Achakzai", "Achekzai"}, "اڅکزی"},
    {{"Barakzai"}, "بارکزی"},
    {{"Niazi"}, "نیازی"},
    {{"Kakar"}, "کاکړ"},
    {{"Durrani", "Durani"}, "درانی"},
    {{"Yousafzai", "Yusufzai"}, "یوسفزی"},
};
constexpr Spelling kHonorifics[] = {
    {{"Haji", "Hajji", "Alhaj"}, "حاجی"},
    {{"Mullah", "Mulla"}, "ملا"},
    {{"Qari"}, "قاری"},
    {{"Hafiz"}, "حافظ"},
    {{"Sayed", "Syed"}, "سید"},
    {{"Eng."}, "انجنیر"},
    {{"Dr."}, "داکتر"},
};

struct Province {
  Spelling spelling;
  int weight;  // share of returnees' destinations, per cent (DOMAIN.md)
  std::array<std::string_view, 5> districts;
};
constexpr Province kProvinces[] = {
    {{{"Nangarhar", "Ningarhar", "Nangrahar"}, "ننگرهار"},
     27,
     {"Jalalabad", "Behsud", "Surkh Rod", "Kama", "Shinwar"}},
    {{{"Kabul", "Kabol"}, "کابل"}, 20, {"Kabul", "Paghman", "Bagrami", "Deh Sabz", "Shakardara"}},
    {{{"Kandahar", "Qandahar"}, "کندهار"}, 12, {"Kandahar", "Spin Boldak", "Daman", "Arghandab"}},
    {{{"Kunduz", "Qunduz"}, "کندز"}, 6, {"Kunduz", "Imam Sahib", "Khanabad"}},
    {{{"Laghman"}, "لغمان"}, 6, {"Mehtarlam", "Qarghayi", "Alingar"}},
    {{{"Kunar", "Konar"}, "کنر"}, 4, {"Asadabad", "Sarkano"}},
    {{{"Khost", "Khowst"}, "خوست"}, 4, {"Khost", "Gurbuz"}},
    {{{"Paktia", "Paktiya"}, "پکتیا"}, 3, {"Gardez", "Zurmat"}},
    {{{"Logar"}, "لوگر"}, 3, {"Pul-e Alam", "Mohammad Agha"}},
    {{{"Helmand", "Hilmand"}, "هلمند"}, 3, {"Lashkargah", "Nad Ali"}},
    {{{"Baghlan"}, "بغلان"}, 3, {"Pul-e Khumri"}},
    {{{"Ghazni"}, "غزنی"}, 3, {"Ghazni", "Andar"}},
    {{{"Balkh"}, "بلخ"}, 2, {"Mazar-e Sharif"}},
    {{{"Herat", "Hirat"}, "هرات"}, 2, {"Herat", "Injil"}},
    {{{"Paktika"}, "پکتیکا"}, 2, {"Sharana"}},
};

// ---------------------------------------------------------------------------
// Tables of the realistic error model (SynthErrors::kRealistic) only.

// Given names the default tables lack, among them the partners of names that
// share a consonant skeleton (Rashid / Rashad, Kamal / Kamil).
constexpr Spelling kMoreMaleNames[] = {
    {{"Mohammad", "Muhammad", "Mohammed"}, "محمد"},
    {{"Arif", "Aref"}, "عارف"},
    {{"Rashad"}, "رشاد"},
    {{"Aslam"}, "اسلم"},
    {{"Salam", "Salaam"}, "سلام"},
    {{"Akram"}, "اکرم"},
    {{"Kamal", "Kamaal"}, "کمال"},
    {{"Kamil", "Kamel"}, "کامل"},
    {{"Fazal", "Fazl"}, "فضل"},
    {{"Fazil", "Fazel"}, "فاضل"},
    {{"Anwar", "Anwer"}, "انور"},
    {{"Sardar"}, "سردار"},
    {{"Sarwar", "Sarwer"}, "سرور"},
    {{"Farid", "Fareed"}, "فرید"},
    {{"Farhad"}, "فرهاد"},
    {{"Sohrab", "Suhrab"}, "سهراب"},
    {{"Jamshid", "Jamsheed"}, "جمشید"},
    {{"Navid", "Naveed"}, "نوید"},
    {{"Omid", "Umid"}, "امید"},
    {{"Shakib", "Shakeeb"}, "شکیب"},
    {{"Zubair", "Zubayr"}, "زبیر"},
    {{"Baryalai", "Baryalay"}, "بریالی"},
    {{"Khalil", "Khaleel"}, "خلیل"},
    {{"Jalil", "Jaleel"}, "جلیل"},
    {{"Nazir", "Nazeer"}, "نذیر"},
    {{"Munir", "Muneer"}, "منیر"},
    {{"Tahir", "Taher"}, "طاهر"},
    {{"Zakir", "Zaker"}, "ذاکر"},
    {{"Yasin", "Yaseen"}, "یاسین"},
    {{"Sohail", "Suhail"}, "سهیل"},
    {{"Ilyas", "Elyas"}, "الیاس"},
    {{"Musa", "Moosa"}, "موسی"},
    {{"Harun", "Haroon"}, "هارون"},
    {{"Sulaiman", "Suleman"}, "سلیمان"},
    {{"Mustafa", "Mostafa"}, "مصطفی"},
    {{"Abbas"}, "عباس"},
    {{"Qurban", "Kurban"}, "قربان"},
    {{"Ramazan", "Ramzan"}, "رمضان"},
    {{"Niaz", "Nyaz"}, "نیاز"},
    {{"Gulab", "Gulaab"}, "گلاب"},
};
constexpr Spelling kMoreFemaleNames[] = {
    {{"Sana", "Sanaa"}, "ثنا"},
    {{"Sina", "Seena"}, "سینا"},
    {{"Sahar"}, "سحر"},
    {{"Sahra", "Sehra"}, "صحرا"},
    {{"Shakiba", "Shakeeba"}, "شکیبا"},
    {{"Nilab", "Neelab"}, "نیلاب"},
    {{"Mina", "Meena"}, "مینا"},
    {{"Salima", "Saleema"}, "سلیمه"},
    {{"Nargis", "Narges"}, "نرگس"},
    {{"Pari", "Paree"}, "پری"},
    {{"Jamila", "Jameela"}, "جمیله"},
    {{"Farida", "Fareeda"}, "فریده"},
    {{"Rana", "Raana"}, "رعنا"},
    {{"Rona"}, "رونا"},
    {{"Sara", "Sarah"}, "سارا"},
    {{"Nasrin", "Nasreen"}, "نسرین"},
    {{"Hawa", "Hava"}, "حوا"},
    {{"Zulaikha", "Zulekha"}, "زلیخا"},
    {{"Tahira", "Tahera"}, "طاهره"},
    {{"Amina", "Ameena"}, "آمنه"},
    {{"Safia", "Safiya"}, "صفیه"},
    {{"Maliha", "Maleeha"}, "ملیحه"},
    {{"Fawzia", "Fauzia"}, "فوزیه"},
    {{"Marjan"}, "مرجان"},
    {{"Nahid", "Naheed"}, "ناهید"},
    {{"Suhaila", "Sohaila"}, "سهیلا"},
    {{"Kulsum", "Kulsoom"}, "کلثوم"},
    {{"Masooma", "Masuma"}, "معصومه"},
    {{"Zahra", "Zehra"}, "زهرا"},
    {{"Shagufa", "Shagufta"}, "شگوفه"},
};

// Names brothers (and sisters) are given that one consonant skeleton, a
// suffix or most letters join: each group by its first Latin spellings.
constexpr std::array<std::string_view, 4> kCollisionGroups[] = {
    {"Hassan", "Hussain"},  {"Ahmad", "Hamid", "Mahmood", "Mohammad"},
    {"Omar", "Amir"},       {"Jamil", "Jamal"},
    {"Sadiq", "Siddiq"},    {"Karim", "Akram", "Akbar"},
    {"Rashid", "Rashad"},   {"Salim", "Aslam", "Salam"},
    {"Kamal", "Kamil"},     {"Fazal", "Fazil"},
    {"Anwar", "Nasir"},     {"Sardar", "Sarwar"},
    {"Arif", "Asif"},       {"Najib", "Mujib", "Habib"},
    {"Sana", "Sina"},       {"Sahar", "Sahra"},
    {"Shakila", "Shakiba"}, {"Nilofar", "Nilab"},
    {"Jamila", "Jameela"},  {"Farida", "Farzana"},
};

// Titles as registrars write them: before the name, or after it.
constexpr Spelling kTitlesBefore[] = {
    {{"Haji", "Hajji", "Alhaj", "Al-Haj"}, "حاجی"},
    {{"Maulvi", "Mawlawi", "Moulvi", "Molvi"}, "مولوی"},
    {{"Mullah", "Mulla", "Molla"}, "ملا"},
    {{"Qari", "Qary"}, "قاری"},
    {{"Hafiz", "Hafez"}, "حافظ"},
    {{"Sayed", "Sayyid", "Syed", "Seyed"}, "سید"},
    {{"Eng.", "Engineer", "Engr."}, "انجنیر"},
    {{"Dr.", "Dr", "Doctor"}, "داکتر"},
    {{"Alhaj", "Al-Haj"}, "الحاج"},
};
constexpr Spelling kTitlesAfter[] = {
    {{"Khan"}, "خان"},
    {{"Jan", "Jaan"}, "جان"},
    {{"Sahib", "Saheb"}, "صاحب"},
    {{"Agha", "Aga"}, "آغا"},
};
constexpr Spelling kWomenTitles[] = {
    {{"Bibi"}, "بی بی"},
    {{"Sayeda", "Syeda", "Sayyida"}, "سیده"},
};

// Province spellings seen in registrations, Latin and Perso-Arabic.
struct RealisticProvince {
  std::array<std::string_view, 5> latin;
  std::array<std::string_view, 3> arabic;
  int weight;
};
constexpr RealisticProvince kRealisticProvinces[] = {
    {{"Nangarhar", "Nangrahar", "Ningarhar", "Nangarhaar", "Jalalabad"},
     {"ننگرهار", "ننګرهار"},
     26},
    {{"Kabul", "Kabol"}, {"کابل"}, 19},
    {{"Kandahar", "Qandahar", "Kandhar"}, {"کندهار", "قندهار"}, 11},
    {{"Kunduz", "Qunduz", "Kundoz"}, {"کندز", "قندوز"}, 5},
    {{"Laghman", "Lughman", "Lagman"}, {"لغمان"}, 6},
    {{"Kunar", "Konar"}, {"کنر", "کونر"}, 4},
    {{"Khost", "Khowst"}, {"خوست"}, 4},
    {{"Paktia", "Paktya", "Paktiya"}, {"پکتیا"}, 3},
    {{"Logar", "Lowgar"}, {"لوگر", "لوګر"}, 3},
    {{"Helmand", "Hilmand"}, {"هلمند"}, 3},
    {{"Baghlan"}, {"بغلان"}, 3},
    {{"Ghazni", "Ghazny"}, {"غزنی"}, 3},
    {{"Balkh", "Mazar-i-Sharif"}, {"بلخ"}, 2},
    {{"Herat", "Hirat"}, {"هرات"}, 2},
    {{"Sar-e Pol", "Sari Pul", "Sar-i-Pul", "Saripul"}, {"سرپل", "سر پل"}, 2},
    {{"Daykundi", "Daikundi", "Daykondi"}, {"دایکندی"}, 2},
    {{"Bamyan", "Bamiyan"}, {"بامیان"}, 2},
};

// ---------------------------------------------------------------------------
// Identities.

enum class NameKind : uint8_t {
  kSingle,
  kMohammadX,
  kXMohammad,
  kTwoPart,
  kAbd,
  kUllah,
  kUddin,
  kFemale,
  kExtraMale,    // realistic model only
  kExtraFemale,  // realistic model only
};

struct Name {
  NameKind kind = NameKind::kSingle;
  uint16_t a = 0;
  uint16_t b = 0;
  bool operator==(const Name&) const = default;
};

template <typename T, size_t N>
uint16_t Index(Rng& rng, const T (&)[N]) {
  return static_cast<uint16_t>(rng.Below(N));
}

Name RandomMaleName(Rng& rng, bool realistic = false) {
  if (realistic && rng.Chance(0.2)) return {NameKind::kExtraMale, Index(rng, kMoreMaleNames), 0};
  const size_t r = rng.Below(100);
  if (r < 36) return {NameKind::kSingle, Index(rng, kMaleNames), 0};
  if (r < 46) return {NameKind::kMohammadX, Index(rng, kMaleNames), 0};
  if (r < 52) return {NameKind::kXMohammad, Index(rng, kBeforeMohammad), 0};
  if (r < 62) return {NameKind::kTwoPart, Index(rng, kCompoundFirst), Index(rng, kMaleNames)};
  if (r < 78) return {NameKind::kAbd, Index(rng, kAbdSecond), 0};
  if (r < 93) return {NameKind::kUllah, Index(rng, kUllahStem), 0};
  return {NameKind::kUddin, Index(rng, kUddinStem), 0};
}

Name RandomFemaleName(Rng& rng, bool realistic = false) {
  if (realistic && rng.Chance(0.3))
    return {NameKind::kExtraFemale, Index(rng, kMoreFemaleNames), 0};
  return {NameKind::kFemale, Index(rng, kFemaleNames), 0};
}

// The first Latin spelling of a single name, for the collision groups.
std::string_view FirstSpelling(const Name& name) {
  switch (name.kind) {
    case NameKind::kSingle:
      return kMaleNames[name.a].latin[0];
    case NameKind::kFemale:
      return kFemaleNames[name.a].latin[0];
    case NameKind::kExtraMale:
      return kMoreMaleNames[name.a].latin[0];
    case NameKind::kExtraFemale:
      return kMoreFemaleNames[name.a].latin[0];
    case NameKind::kUllah:
      return kUllahStem[name.a].latin[0];
    default:
      return {};
  }
}

// The single name spelt `latin` first, male or female, if there is one.
std::optional<Name> NameBySpelling(std::string_view latin, bool female) {
  auto find = [latin](std::span<const Spelling> table) -> int {
    for (size_t i = 0; i < table.size(); ++i) {
      if (table[i].latin[0] == latin) return static_cast<int>(i);
    }
    return -1;
  };
  if (female) {
    if (int i = find(kFemaleNames); i >= 0)
      return Name{NameKind::kFemale, static_cast<uint16_t>(i), 0};
    if (int i = find(kMoreFemaleNames); i >= 0) {
      return Name{NameKind::kExtraFemale, static_cast<uint16_t>(i), 0};
    }
    return std::nullopt;
  }
  if (int i = find(kMaleNames); i >= 0) return Name{NameKind::kSingle, static_cast<uint16_t>(i), 0};
  if (int i = find(kMoreMaleNames); i >= 0)
    return Name{NameKind::kExtraMale, static_cast<uint16_t>(i), 0};
  return std::nullopt;
}

// A name that collides with `sibling`'s (realistic model): another of its
// collision group, another stem with the same -ullah suffix, another abd-
// compound, or Mohammad with another second part.
std::optional<Name> CollidingName(Rng& rng, const Name& sibling, bool female) {
  switch (sibling.kind) {
    case NameKind::kUllah:
      return Name{NameKind::kUllah, Index(rng, kUllahStem), 0};
    case NameKind::kAbd:
      return Name{NameKind::kAbd, Index(rng, kAbdSecond), 0};
    case NameKind::kMohammadX:
      return Name{NameKind::kMohammadX, Index(rng, kMaleNames), 0};
    default:
      break;
  }
  const std::string_view spelling = FirstSpelling(sibling);
  for (const auto& group : kCollisionGroups) {
    if (std::find(group.begin(), group.end(), spelling) == group.end()) continue;
    size_t size = 0;
    while (size < group.size() && !group[size].empty()) ++size;
    for (int tries = 0; tries < 4; ++tries) {
      const std::string_view other = group[rng.Below(size)];
      if (other == spelling) continue;
      if (std::optional<Name> name = NameBySpelling(other, female)) return name;
    }
  }
  return std::nullopt;
}

// A name not among `taken` (siblings are not named alike). In the realistic
// model a brother's or sister's name often resembles one already given.
Name DistinctName(Rng& rng, bool female, std::vector<Name>* taken, bool realistic = false) {
  Name name;
  if (realistic && !taken->empty() && rng.Chance(0.25)) {
    const Name& sibling = (*taken)[rng.Below(taken->size())];
    if (std::optional<Name> colliding = CollidingName(rng, sibling, female)) {
      if (std::find(taken->begin(), taken->end(), *colliding) == taken->end()) {
        taken->push_back(*colliding);
        return *colliding;
      }
    }
  }
  for (int tries = 0; tries < 20; ++tries) {
    name = female ? RandomFemaleName(rng, realistic) : RandomMaleName(rng, realistic);
    if (std::find(taken->begin(), taken->end(), name) == taken->end()) break;
  }
  taken->push_back(name);
  return name;
}

struct Identity {
  uint64_t person_id = 0;
  Name given;
  Name father;
  Name grandfather;
  bool has_father = true;  // known to the registrar
  bool has_grandfather = true;
  bool female = false;
  int birth_year = 0, birth_month = 1, birth_day = 1;
  int age = 0;
  std::string phone;    // digits as first written; empty if none
  std::string tazkira;  // digits; empty if none
  bool e_tazkira = false;
  std::string por;     // digits; empty if none
  int honorific = -1;  // index into kHonorifics, or -1
  std::string_view relationship;
  bool married_woman = false;  // her husband's name may stand in her father's field
  Name husband;
};

struct HouseholdIdentity {
  uint64_t id = 0;
  size_t province = 0;
  int district = -1;     // -1: none recorded
  int family_name = -1;  // -1: none
  std::vector<Identity> members;
};

constexpr int kReferenceYear = 2024;

void SetBirth(Rng& rng, int age, Identity* p) {
  p->age = age;
  p->birth_year = kReferenceYear - age;
  p->birth_month = rng.Range(1, 12);
  p->birth_day = rng.Range(1, 28);
}

std::string Digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng.Below(10)));
  return s;
}

std::string NewPhone(Rng& rng) {
  if (rng.Chance(0.3)) return "03" + std::to_string(rng.Below(5)) + Digits(rng, 8);  // Pakistan
  static constexpr char kAfghanSecond[] = {'0', '2', '3', '4', '7', '8', '9'};
  return std::string("07") + kAfghanSecond[rng.Below(std::size(kAfghanSecond))] + Digits(rng, 7);
}

// `por_batch` (realistic model): a household's cards come from one batch
// and share their first six digits.
void GiveDocuments(Rng& rng, bool por_household, Identity* p,
                   const std::string* por_batch = nullptr) {
  if (rng.Chance(p->age >= 18 ? 0.75 : 0.3)) {
    p->e_tazkira = rng.Chance(0.5);
    p->tazkira = p->e_tazkira ? std::to_string(rng.Range(1398, 1403)) + Digits(rng, 9)
                              : std::to_string(rng.Range(1, 9)) + Digits(rng, rng.Range(5, 7));
  }
  if (por_household && p->age >= 5)
    p->por = por_batch ? *por_batch + Digits(rng, 3) : Digits(rng, 8);
}

// One clan: 1-3 households whose male heads are brothers (sons of the same
// father and grandfather); a widow heads a quarter of them.
// `realistic`: the identities of the realistic error model (more names,
// brothers and sisters with colliding names, twins, cards in batches).
void GenerateClan(Rng& rng, uint64_t* next_household, uint64_t* next_person,
                  std::vector<HouseholdIdentity>* out, bool realistic = false) {
  const Name great_grandfather = RandomMaleName(rng, realistic);
  const Name grandfather = RandomMaleName(rng, realistic);
  const size_t province = [&rng, realistic] {
    int r = static_cast<int>(rng.Below(100));
    if (realistic) {  // an index into kRealisticProvinces
      for (size_t i = 0; i < std::size(kRealisticProvinces); ++i) {
        r -= kRealisticProvinces[i].weight;
        if (r < 0) return i;
      }
      return size_t{0};
    }
    for (size_t i = 0; i < std::size(kProvinces); ++i) {
      r -= kProvinces[i].weight;
      if (r < 0) return i;
    }
    return size_t{0};
  }();
  const int family_name =
      rng.Chance(0.12) ? static_cast<int>(rng.Below(std::size(kFamilyNames))) : -1;
  const int households = rng.Chance(0.7) ? 1 : rng.Chance(0.67) ? 2 : 3;
  std::vector<Name> brothers;
  auto new_person = [&](Identity p) {
    p.person_id = (*next_person)++;
    return p;
  };
  for (int h = 0; h < households; ++h) {
    HouseholdIdentity hh;
    hh.id = (*next_household)++;
    if (realistic) {
      hh.province = rng.Chance(0.9) ? province : rng.Below(std::size(kRealisticProvinces));
      hh.district = -1;
    } else {
      hh.province = rng.Chance(0.9) ? province : rng.Below(std::size(kProvinces));
      const auto& districts = kProvinces[hh.province].districts;
      size_t n_districts = 0;
      while (n_districts < districts.size() && !districts[n_districts].empty()) ++n_districts;
      hh.district = rng.Chance(0.7) ? static_cast<int>(rng.Below(n_districts)) : -1;
    }
    hh.family_name = family_name;
    const bool por_household = rng.Chance(0.45);
    const std::string por_batch = realistic ? Digits(rng, 6) : std::string();
    const std::string* batch = realistic ? &por_batch : nullptr;
    const int target = rng.Range(6, 10);
    const bool widow = rng.Chance(0.25);

    const Name husband = DistinctName(rng, false, &brothers, realistic);
    const int husband_age = rng.Range(30, 62);
    const std::string head_phone = rng.Chance(0.85) ? NewPhone(rng) : "";
    auto& m = hh.members;

    auto add_wife = [&](std::string_view relationship) {
      Identity w;
      w.female = true;
      w.given = RandomFemaleName(rng, realistic);
      w.father = RandomMaleName(rng, realistic);
      w.grandfather = RandomMaleName(rng, realistic);
      w.has_grandfather = rng.Chance(0.7);
      SetBirth(rng, std::max(18, husband_age - rng.Range(0, 15)), &w);
      w.phone = relationship == "head"
                    ? (head_phone.empty() && rng.Chance(0.6) ? NewPhone(rng) : head_phone)
                    : (rng.Chance(0.4) ? head_phone : "");
      w.relationship = relationship;
      w.married_woman = relationship == "spouse";
      w.husband = husband;
      GiveDocuments(rng, por_household, &w, batch);
      m.push_back(new_person(std::move(w)));
    };
    if (widow) {
      add_wife("head");
    } else {
      Identity head;
      head.given = husband;
      head.father = grandfather;
      head.grandfather = great_grandfather;
      SetBirth(rng, husband_age, &head);
      head.phone = head_phone;
      head.relationship = "head";
      if (husband_age > 40 && rng.Chance(0.08))
        head.honorific = static_cast<int>(rng.Below(std::size(kHonorifics)));
      GiveDocuments(rng, por_household, &head, batch);
      m.push_back(new_person(std::move(head)));
      add_wife("spouse");
      if (rng.Chance(0.1)) add_wife("spouse");
    }
    if (!widow && rng.Chance(0.15) && static_cast<int>(m.size()) < target) {
      Identity parent;  // the head's father or mother
      parent.female = rng.Chance(0.6);
      if (parent.female) {
        parent.given = RandomFemaleName(rng, realistic);
        parent.father = RandomMaleName(rng, realistic);
        parent.grandfather = RandomMaleName(rng, realistic);
        parent.relationship = "mother";
      } else {
        parent.given = grandfather;
        parent.father = great_grandfather;
        parent.grandfather = RandomMaleName(rng, realistic);
        parent.relationship = "father";
      }
      parent.has_grandfather = rng.Chance(0.5);
      SetBirth(rng, std::min(90, husband_age + rng.Range(20, 32)), &parent);
      GiveDocuments(rng, por_household, &parent, batch);
      m.push_back(new_person(std::move(parent)));
    }
    if (!widow && rng.Chance(0.1) && static_cast<int>(m.size()) < target) {
      Identity brother;  // the head's unmarried brother: same father and grandfather
      brother.given = DistinctName(rng, false, &brothers, realistic);
      brother.father = grandfather;
      brother.grandfather = great_grandfather;
      SetBirth(rng, std::max(16, husband_age - rng.Range(2, 14)), &brother);
      brother.phone = rng.Chance(0.5) ? head_phone : (rng.Chance(0.5) ? NewPhone(rng) : "");
      brother.relationship = "brother";
      GiveDocuments(rng, por_household, &brother, batch);
      m.push_back(new_person(std::move(brother)));
    }
    std::vector<Name> children;
    const int mother_age = m[widow ? 0 : 1].age;
    while (static_cast<int>(m.size()) < target) {
      Identity child;
      child.female = rng.Chance(0.5);
      child.given = DistinctName(rng, child.female, &children, realistic);
      child.father = husband;
      child.grandfather = grandfather;
      SetBirth(rng, rng.Range(0, std::max(0, mother_age - 17)), &child);
      child.relationship = child.female ? "daughter" : "son";
      if (child.age >= 18) {
        child.phone = !child.female && rng.Chance(0.6)       ? NewPhone(rng)
                      : rng.Chance(child.female ? 0.2 : 0.3) ? head_phone
                                                             : "";
      } else {
        child.phone = rng.Chance(0.3) ? head_phone : "";
      }
      GiveDocuments(rng, por_household, &child, batch);
      const bool married_son = !child.female && child.age >= 20 && rng.Chance(0.3);
      const Name son_name = child.given;
      const int son_age = child.age;
      // Twins (realistic model): one birth date, often names that collide.
      std::optional<Identity> twin;
      if (realistic && child.age < 30 && rng.Chance(0.05) &&
          static_cast<int>(m.size()) + 2 <= target) {
        twin = child;
        twin->female = rng.Chance(0.7) ? child.female : !child.female;
        std::optional<Name> colliding;
        if (twin->female == child.female && rng.Chance(0.6)) {
          colliding = CollidingName(rng, child.given, twin->female);
        }
        if (colliding &&
            std::find(children.begin(), children.end(), *colliding) == children.end()) {
          twin->given = *colliding;
          children.push_back(*colliding);
        } else {
          twin->given = DistinctName(rng, twin->female, &children, realistic);
        }
        twin->relationship = twin->female ? "daughter" : "son";
        twin->tazkira.clear();
        twin->por.clear();
        GiveDocuments(rng, por_household, &*twin, batch);
      }
      m.push_back(new_person(std::move(child)));
      if (twin) m.push_back(new_person(std::move(*twin)));
      if (married_son && static_cast<int>(m.size()) + 2 <= target) {
        Identity wife;
        wife.female = true;
        wife.given = RandomFemaleName(rng, realistic);
        wife.father = RandomMaleName(rng, realistic);
        wife.grandfather = RandomMaleName(rng, realistic);
        SetBirth(rng, std::max(17, son_age - rng.Range(0, 6)), &wife);
        wife.relationship = "other_relative";
        wife.married_woman = true;
        wife.husband = son_name;
        GiveDocuments(rng, por_household, &wife, batch);
        m.push_back(new_person(std::move(wife)));
        Identity grandchild;
        grandchild.female = rng.Chance(0.5);
        grandchild.given =
            grandchild.female ? RandomFemaleName(rng, realistic) : RandomMaleName(rng, realistic);
        grandchild.father = son_name;
        grandchild.grandfather = husband;
        SetBirth(rng, rng.Range(0, std::max(0, son_age - 19)), &grandchild);
        grandchild.relationship = "grandchild";
        m.push_back(new_person(std::move(grandchild)));
      }
    }
    out->push_back(std::move(hh));
  }
}

// ---------------------------------------------------------------------------
// Rendering.

// How one registration writes names and numbers.
struct Style {
  bool arabic = false;           // Perso-Arabic script
  uint64_t variant_seed = 0;     // which romanisation of each part
  int compound_form = 0;         // joined / split / hyphenated ...
  bool arabic_keyboard = false;  // ي ك instead of ی ک
  bool pashto_keyboard = false;  // ګ instead of گ
  bool abbreviate = false;       // Mohd
  bool eastern_digits = false;
  int phone_form = 0;
  int document_form = 0;
  bool capitals = false;  // realistic model: a Latin record typed in capitals
};

std::string_view Latin(const Spelling& s, const Style& style, uint64_t part) {
  const size_t n = s.variants();
  uint64_t r = (style.variant_seed + part * 0x9E3779B97F4A7C15ull) * 0xBF58476D1CE4E5B9ull;
  r ^= r >> 29;
  if (n <= 1 || r % 100 < 55) return s.latin[0];
  return s.latin[1 + (r >> 8) % (n - 1)];
}

void AppendLower(std::string* out, std::string_view s) {
  for (char c : s) out->push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
}

// "A B", "Ab", "A-B" for Latin; "ا ب", "اب", "ا‌ب" (ZWNJ) for Arabic.
void AppendCompound(std::string* out, std::string_view a, std::string_view b, bool arabic,
                    int form) {
  out->append(a);
  switch (form % 3) {
    case 0:
      out->push_back(' ');
      out->append(b);
      break;
    case 1:
      if (arabic)
        out->append(b);
      else
        AppendLower(out, b);
      break;
    default:
      out->append(arabic ? "\u200c" : "-");
      out->append(b);
      break;
  }
}

std::string RenderName(const Name& name, const Style& st) {
  std::string out;
  const bool ar = st.arabic;
  auto part = [&](const Spelling& s, uint64_t i) { return ar ? s.arabic : Latin(s, st, i); };
  auto mohammad = [&]() -> std::string_view {
    if (!ar && st.abbreviate) return "Mohd";
    return part(kMohammad, 99);
  };
  switch (name.kind) {
    case NameKind::kSingle:
      out = part(kMaleNames[name.a], name.a);
      break;
    case NameKind::kFemale:
      out = part(kFemaleNames[name.a], name.a + 500);
      break;
    case NameKind::kExtraMale:
      out = part(kMoreMaleNames[name.a], name.a + 600);
      break;
    case NameKind::kExtraFemale:
      out = part(kMoreFemaleNames[name.a], name.a + 700);
      break;
    case NameKind::kMohammadX:
      AppendCompound(&out, mohammad(), part(kMaleNames[name.a], name.a), ar,
                     !ar && st.abbreviate ? 0 : st.compound_form);
      break;
    case NameKind::kXMohammad:
      AppendCompound(&out, part(kBeforeMohammad[name.a], name.a + 100), mohammad(), ar,
                     !ar && st.abbreviate ? 0 : st.compound_form);
      break;
    case NameKind::kTwoPart:
      AppendCompound(&out, part(kCompoundFirst[name.a], name.a + 200),
                     part(kMaleNames[name.b], name.b), ar, st.compound_form);
      break;
    case NameKind::kAbd: {
      const AbdPart& p = kAbdSecond[name.a];
      if (ar) {
        out = st.compound_form % 2 ? "عبد " : "عبد";
        out += "ال";
        out += p.spelling.arabic;
        break;
      }
      const std::string_view x = Latin(p.spelling, st, name.a + 300);
      switch (st.compound_form % 4) {
        case 0:
          out = "Abdul ";
          out += x;
          break;
        case 1:
          out = "Abdul";
          AppendLower(&out, x);
          break;
        case 2:
          if (p.sun) {  // Abdurrahman: the article assimilates
            out = "Abdu";
            AppendLower(&out, x.substr(0, 1));
            AppendLower(&out, x);
          } else {
            out = "Abdul-";
            out += x;
          }
          break;
        default:
          out = "Abd al-";
          out += x;
          break;
      }
      break;
    }
    case NameKind::kUllah: {
      const Spelling& s = kUllahStem[name.a];
      if (ar) {
        out = s.arabic;
        out += st.compound_form % 2 ? "الله" : " الله";
        break;
      }
      out = Latin(s, st, name.a + 400);
      switch (st.compound_form % 4) {
        case 0:
          out += "ullah";
          break;
        case 1:
          out += " Ullah";
          break;
        case 2:
          out += "ulla";
          break;
        default:
          out += "-ullah";
          break;
      }
      break;
    }
    case NameKind::kUddin: {
      const Spelling& s = kUddinStem[name.a];
      if (ar) {
        out = s.arabic;
        out += st.compound_form % 2 ? "الدین" : " الدین";
        break;
      }
      out = Latin(s, st, name.a + 450);
      switch (st.compound_form % 4) {
        case 0:
          out += "uddin";
          break;
        case 1:
          out += " ud Din";
          break;
        case 2:
          out += "-ud-Din";
          break;
        default:
          out += " Uddin";
          break;
      }
      break;
    }
  }
  return out;
}

void ReplaceAll(std::string* s, std::string_view from, std::string_view to) {
  for (size_t pos = s->find(from); pos != std::string::npos; pos = s->find(from, pos + to.size())) {
    s->replace(pos, from.size(), to);
  }
}

// Arabic-keyboard and Pashto-keyboard letter forms, as typed at some sites.
void ApplyKeyboard(const Style& st, std::string* s) {
  if (!st.arabic) return;
  if (st.arabic_keyboard) {
    ReplaceAll(s, "ی", "ي");
    ReplaceAll(s, "ک", "ك");
  }
  if (st.pashto_keyboard) ReplaceAll(s, "گ", "ګ");
}

size_t Utf8Length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// One typing error: a letter dropped, doubled, swapped with the next, or
// replaced by a vowel (Latin) or a similar-sounding letter (Arabic).
void AddTypo(Rng& rng, std::string* s) {
  std::vector<size_t> starts;  // code point starts, letters only
  for (size_t i = 0; i < s->size(); i += Utf8Length(static_cast<unsigned char>((*s)[i]))) {
    const char c = (*s)[i];
    if (c != ' ' && c != '-' && c != '.') starts.push_back(i);
  }
  if (starts.size() < 3) return;
  const size_t k = 1 + rng.Below(starts.size() - 1);  // never the first letter
  const size_t at = starts[k];
  const size_t len = Utf8Length(static_cast<unsigned char>((*s)[at]));
  const std::string letter = s->substr(at, len);
  switch (rng.Below(4)) {
    case 0:
      s->erase(at, len);
      break;
    case 1:
      s->insert(at, letter);
      break;
    case 2:
      if (k + 1 < starts.size() && starts[k + 1] == at + len) {
        const size_t len2 = Utf8Length(static_cast<unsigned char>((*s)[at + len]));
        std::string next = s->substr(at + len, len2);
        s->replace(at, len + len2, next + letter);
      }
      break;
    default:
      if (len == 1) {
        static constexpr char kVowels[] = {'a', 'e', 'i', 'o', 'u'};
        (*s)[at] = kVowels[rng.Below(std::size(kVowels))];
      } else {
        static constexpr std::string_view kSimilar[][2] = {
            {"س", "ص"}, {"ص", "س"}, {"ز", "ذ"}, {"ذ", "ز"}, {"ت", "ط"}, {"ط", "ت"},
            {"ح", "ه"}, {"ه", "ح"}, {"ق", "ک"}, {"ک", "ق"}, {"ا", "ع"}, {"ع", "ا"}};
        for (const auto& pair : kSimilar) {
          if (letter == pair[0]) {
            s->replace(at, len, pair[1]);
            return;
          }
        }
        s->erase(at, len);
      }
      break;
  }
}

std::string EasternDigits(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    if (c >= '0' && c <= '9') {
      out += "\xDB";
      out.push_back(static_cast<char>(0xB0 + (c - '0')));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string RenderPhone(std::string_view digits, const Style& st) {
  const bool pakistani = digits.starts_with("03");
  const std::string_view national = digits.substr(1);
  std::string out;
  switch (st.phone_form % 5) {
    case 0:
      out = digits;
      break;
    case 1:
      out = pakistani ? std::string(digits.substr(0, 4)) + " " + std::string(digits.substr(4))
                      : std::string(digits.substr(0, 4)) + " " + std::string(digits.substr(4, 3)) +
                            " " + std::string(digits.substr(7));
      break;
    case 2:
      out = (pakistani ? "+92" : "+93") + std::string(national);
      break;
    case 3:
      out = (pakistani ? "+92 " : "+93 ") + std::string(national.substr(0, 3)) + " " +
            std::string(national.substr(3));
      break;
    default:
      out = (pakistani ? "0092" : "0093") + std::string(national);
      break;
  }
  return st.eastern_digits ? EasternDigits(out) : out;
}

std::string RenderTazkira(const Identity& p, const Style& st) {
  std::string out = p.tazkira;
  if (p.e_tazkira && st.document_form % 3 != 0) {  // 1400-0123-45678
    out = out.substr(0, 4) + (st.document_form % 3 == 1 ? "-" : " ") + out.substr(4, 4) +
          (st.document_form % 3 == 1 ? "-" : " ") + out.substr(8);
  }
  return st.eastern_digits ? EasternDigits(out) : out;
}

std::string RenderPor(std::string_view digits, const Style& st) {
  switch (st.document_form % 3) {
    case 0:
      return "POR-" + std::string(digits);
    case 1:
      return "POR " + std::string(digits);
    default:
      return "por" + std::string(digits);
  }
}

std::string RenderBirth(Rng& rng, const Identity& p, bool careful) {
  char buf[32];
  const int r = static_cast<int>(rng.Below(100));
  // Children's dates are known better than adults'.
  const int full = careful || p.age < 10 ? 60 : 35;
  if (r < full) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.birth_year, p.birth_month, p.birth_day);
  } else if (r < full + 10) {
    std::snprintf(buf, sizeof buf, "%04d-01-01", p.birth_year);  // the 1 January convention
  } else if (r < full + 35) {
    int year = p.birth_year + (rng.Chance(0.08) ? (rng.Chance(0.5) ? 1 : -1) : 0);
    year = std::min(year, kReferenceYear);
    std::snprintf(buf, sizeof buf, "%04d", year);
  } else if (r < full + 37) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", p.birth_year, p.birth_month);
  } else if (r < 95) {
    const int n = p.age < 15 ? 1 : rng.Chance(0.5) ? 2 : rng.Chance(0.5) ? 3 : 5;
    const int year = std::min(kReferenceYear, p.birth_year + rng.Range(-n, n));
    std::snprintf(buf, sizeof buf, "%04d~%d", year, n);
  } else {
    return "";
  }
  return buf;
}

Style RandomStyle(Rng& rng, bool arabic) {
  Style st;
  st.arabic = arabic;
  st.variant_seed = rng.Next();
  st.compound_form = static_cast<int>(rng.Below(4));
  st.arabic_keyboard = arabic && rng.Chance(0.25);
  st.pashto_keyboard = arabic && rng.Chance(0.3);
  st.abbreviate = !arabic && rng.Chance(0.08);
  st.eastern_digits = arabic && rng.Chance(0.3);
  st.phone_form = static_cast<int>(rng.Below(5));
  st.document_form = static_cast<int>(rng.Below(3));
  return st;
}

// A duplicate registration: a new clerk, perhaps another script.
Style VaryStyle(Rng& rng, const Style& original) {
  Style st = RandomStyle(rng, rng.Chance(0.35) ? !original.arabic : original.arabic);
  if (rng.Chance(0.5)) st.variant_seed = original.variant_seed;
  if (rng.Chance(0.5)) st.compound_form = original.compound_form;
  return st;
}

struct Row {
  std::string line;  // the CSV line after record_id, with '\n'
  uint64_t person_id = 0;
};

// Renders one record of person `p` of household `hh`.
Row RenderRecord(Rng& rng, const HouseholdIdentity& hh, const Identity& p, const Style& st,
                 bool duplicate, std::string_view household_ref, std::string_view head_phone) {
  auto name_field = [&](const Name& name, double typo) {
    Style field_style = st;
    if (rng.Chance(0.06)) field_style.arabic = !st.arabic;  // a mixed-script record
    std::string s = RenderName(name, field_style);
    ApplyKeyboard(field_style, &s);
    if (rng.Chance(typo)) AddTypo(rng, &s);
    if (field_style.arabic && rng.Chance(0.03)) ReplaceAll(&s, "م", "مـ");  // tatweel
    return s;
  };
  const double typo = duplicate ? 0.12 : 0.04;
  std::string given = name_field(p.given, typo);
  int honorific = p.honorific;
  if (duplicate) {
    if (honorific >= 0 && rng.Chance(0.5)) honorific = -1;
    if (honorific < 0 && !p.female && p.age > 30 && rng.Chance(0.15)) honorific = 0;  // Haji
  }
  if (honorific >= 0) {
    const Spelling& h = kHonorifics[honorific];
    given = std::string(st.arabic ? h.arabic : Latin(h, st, 900)) + " " + given;
  }
  std::string father, grandfather;
  if (p.has_father && !(duplicate && rng.Chance(0.04))) father = name_field(p.father, typo * 0.8);
  if (p.has_grandfather && !rng.Chance(duplicate ? 0.3 : 0.1)) {
    grandfather = name_field(p.grandfather, typo * 0.8);
  }
  std::string family;
  if (hh.family_name >= 0 && !rng.Chance(0.3)) {
    family = st.arabic ? std::string(kFamilyNames[hh.family_name].arabic)
                       : std::string(Latin(kFamilyNames[hh.family_name], st, 950));
  }
  std::string_view sex =
      p.female ? (rng.Chance(0.2) ? "female" : "f") : (rng.Chance(0.2) ? "male" : "m");
  if (rng.Chance(duplicate ? 0.05 : 0.01)) sex = "";
  const std::string birth = RenderBirth(rng, p, !duplicate && rng.Chance(0.3));
  std::string phone;
  if (!p.phone.empty() && !(duplicate && rng.Chance(0.25))) {
    phone = RenderPhone(p.phone, st);
  } else if (duplicate && p.phone.empty() && !head_phone.empty() && rng.Chance(0.1)) {
    phone = RenderPhone(head_phone, st);
  }
  std::string tazkira;
  if (!p.tazkira.empty() && !(duplicate && rng.Chance(0.3))) {
    tazkira = RenderTazkira(p, st);
    if (rng.Chance(0.02)) AddTypo(rng, &tazkira);
  }
  std::string por;
  if (!p.por.empty() && !rng.Chance(duplicate ? 0.3 : 0.1)) por = RenderPor(p.por, st);
  std::string province;
  size_t province_index = hh.province;
  if (duplicate && rng.Chance(0.04)) province_index = rng.Below(std::size(kProvinces));  // moved on
  if (!rng.Chance(duplicate ? 0.15 : 0.05)) {
    const Spelling& s = kProvinces[province_index].spelling;
    province = st.arabic && st.variant_seed % 10 < 7 ? std::string(s.arabic)
                                                     : std::string(Latin(s, st, 990));
  }
  std::string district;
  if (hh.district >= 0 && province_index == hh.province && !rng.Chance(0.3)) {
    district = kProvinces[hh.province].districts[static_cast<size_t>(hh.district)];
  }

  Row row;
  row.person_id = p.person_id;
  std::string& line = row.line;
  line.reserve(160);
  const std::string_view fields[] = {given,    father,        grandfather,   family, sex,
                                     birth,    phone,         tazkira,       por,    province,
                                     district, household_ref, p.relationship};
  for (const auto& f : fields) {
    line.push_back(',');
    AppendCsvField(&line, f);
  }
  line.push_back('\n');
  return row;
}

// ---------------------------------------------------------------------------
// The realistic error model (SynthErrors::kRealistic): another corruption
// model, written apart from the one above and used to report, never to fit.
// Every record, first or again, draws each kind of error at a rate that
// suits its field; duplicates draw more.

// How often each kind of error touches one name field.
struct NameErrors {
  double drop = 0;    // a part of a compound left out (Ghulam Hazrat -> Hazrat)
  double abbrev = 0;  // Mohammad written Mohd, Md. or Muhd
  double shift = 0;   // another romanisation (ee/i, oo/u, o/u, doubled letters, q/k, w/v)
  double typo = 0;    // a key missed
  double title = 0;   // a title before or after
};

const std::string_view kQwertyRows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};

// A letter next to `c` on a QWERTY keyboard (lower case), or `c`.
char NeighbourKey(Rng& rng, char c) {
  for (size_t row = 0; row < std::size(kQwertyRows); ++row) {
    const size_t at = kQwertyRows[row].find(c);
    if (at == std::string_view::npos) continue;
    std::vector<char> around;
    if (at > 0) around.push_back(kQwertyRows[row][at - 1]);
    if (at + 1 < kQwertyRows[row].size()) around.push_back(kQwertyRows[row][at + 1]);
    return around.empty() ? c : around[rng.Below(around.size())];
  }
  return c;
}

// One keying error: a neighbouring key, a letter dropped, doubled or two
// swapped (Latin); a letter dropped, a similar one, or a long vowel letter
// added or left out (Perso-Arabic).
void RealisticTypo(Rng& rng, std::string* s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s->size(); i += Utf8Length(static_cast<unsigned char>((*s)[i]))) {
    const char c = (*s)[i];
    if (c != ' ' && c != '-' && c != '.') starts.push_back(i);
  }
  if (starts.size() < 4) return;
  const size_t k = 1 + rng.Below(starts.size() - 1);
  const size_t at = starts[k];
  const size_t len = Utf8Length(static_cast<unsigned char>((*s)[at]));
  if (len == 1) {
    const char c = static_cast<char>((*s)[at] | 0x20);
    switch (rng.Below(4)) {
      case 0:
        (*s)[at] = NeighbourKey(rng, c);
        break;
      case 1:
        s->erase(at, 1);
        break;
      case 2:
        s->insert(at, 1, c);
        break;
      default:
        if (k + 1 < starts.size() && starts[k + 1] == at + 1) std::swap((*s)[at], (*s)[at + 1]);
        break;
    }
    return;
  }
  const std::string letter = s->substr(at, len);
  static constexpr std::string_view kSimilar[][2] = {{"س", "ص"}, {"ز", "ذ"}, {"ت", "ط"}, {"ح", "ه"},
                                                     {"ق", "غ"}, {"ر", "ز"}, {"د", "ذ"}};
  switch (rng.Below(3)) {
    case 0:
      s->erase(at, len);
      break;
    case 1:
      for (const auto& pair : kSimilar) {
        if (letter == pair[0] || letter == pair[1]) {
          s->replace(at, len, letter == pair[0] ? pair[1] : pair[0]);
          return;
        }
      }
      s->erase(at, len);
      break;
    default: {
      static constexpr std::string_view kLong[] = {"ا", "و", "ی"};
      if (letter == "ا" || letter == "و" || letter == "ی") {
        s->erase(at, len);
      } else {
        s->insert(at, kLong[rng.Below(std::size(kLong))]);
      }
      break;
    }
  }
}

// Another common romanisation of one Latin name: one rewrite where it applies.
void ShiftRomanisation(Rng& rng, std::string* s) {
  static constexpr std::string_view kRewrites[][2] = {
      {"ee", "i"},  {"i", "ee"}, {"oo", "u"}, {"u", "oo"}, {"o", "u"},   {"u", "o"},
      {"ss", "s"},  {"s", "ss"}, {"q", "k"},  {"w", "v"},  {"v", "w"},   {"ai", "ay"},
      {"ay", "ai"}, {"ou", "u"}, {"y", "i"},  {"ah", "a"}, {"ad", "ed"}, {"ia", "iya"},
  };
  for (int tries = 0; tries < 6; ++tries) {
    const auto& rewrite = kRewrites[rng.Below(std::size(kRewrites))];
    // Not the first letter: Omar / Umar is a choice, Qasim / Kasim too.
    const size_t at = s->find(rewrite[0], 1);
    if (at == std::string::npos) continue;
    s->replace(at, rewrite[0].size(), rewrite[1]);
    return;
  }
}

void ToCapitals(std::string* s) {
  for (char& c : *s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
}

// A name as one realistic registration writes it.
std::string RealisticName(Rng& rng, const Name& name, const Style& st, const NameErrors& e,
                          bool female, int age) {
  std::string out;
  const bool ar = st.arabic;
  if (rng.Chance(e.drop)) {
    // People are called by the less common part of a compound.
    switch (name.kind) {
      case NameKind::kMohammadX:
        out = RenderName(Name{NameKind::kSingle, name.a, 0}, st);
        break;
      case NameKind::kTwoPart:
        out = RenderName(Name{NameKind::kSingle, name.b, 0}, st);
        break;
      case NameKind::kXMohammad:
        out =
            ar ? kBeforeMohammad[name.a].arabic : Latin(kBeforeMohammad[name.a], st, name.a + 100);
        break;
      case NameKind::kAbd:
        out = ar ? kAbdSecond[name.a].spelling.arabic
                 : Latin(kAbdSecond[name.a].spelling, st, name.a + 300);
        break;
      default:
        break;
    }
  }
  if (out.empty()) out = RenderName(name, st);
  if (!ar) {
    if (rng.Chance(e.abbrev)) {
      for (std::string_view full : {"Mohammad", "Muhammad", "Mohammed", "Mohamad"}) {
        const size_t at = out.find(full);
        if (at == std::string::npos) continue;
        static constexpr std::string_view kShort[] = {"Mohd", "Md.", "Muhd", "Mohd."};
        out.replace(at, full.size(), kShort[rng.Below(std::size(kShort))]);
        break;
      }
    }
    if (rng.Chance(e.shift)) ShiftRomanisation(rng, &out);
  }
  if (rng.Chance(e.typo)) RealisticTypo(rng, &out);
  if (rng.Chance(e.title)) {
    if (female) {
      const Spelling& t = kWomenTitles[rng.Below(std::size(kWomenTitles))];
      const std::string_view title = ar ? t.arabic : t.latin[rng.Below(t.variants())];
      const bool after = t.latin[0] == "Bibi" && rng.Chance(0.5);
      out = after ? out + " " + std::string(title) : std::string(title) + " " + out;
    } else if (age >= 16) {
      const bool after = rng.Chance(0.25);
      const Spelling& t = after ? kTitlesAfter[rng.Below(std::size(kTitlesAfter))]
                                : kTitlesBefore[rng.Below(std::size(kTitlesBefore))];
      const std::string_view title = ar ? t.arabic : t.latin[rng.Below(t.variants())];
      out = after ? out + " " + std::string(title) : std::string(title) + " " + out;
    }
  }
  ApplyKeyboard(st, &out);
  if (st.capitals) ToCapitals(&out);
  return out;
}

// A digit changed, or two neighbouring digits swapped.
void DigitError(Rng& rng, std::string* digits, bool swap) {
  if (digits->size() < 4) return;
  const size_t at = 1 + rng.Below(digits->size() - 2);
  if (swap) {
    if ((*digits)[at] == (*digits)[at + 1]) (*digits)[at + 1] = (*digits)[at] == '9' ? '0' : '9';
    std::swap((*digits)[at], (*digits)[at + 1]);
  } else {
    const auto digit = static_cast<size_t>((*digits)[at] - '0');
    (*digits)[at] = static_cast<char>('0' + (digit + 1 + rng.Below(9)) % 10);
  }
}

std::string RealisticPhone(Rng& rng, std::string digits, bool eastern) {
  const bool pakistani = digits.starts_with("03");
  const std::string n = digits.substr(1);  // national number
  std::string out;
  if (pakistani) {
    switch (rng.Below(7)) {
      case 0:
        out = digits;
        break;
      case 1:
        out = digits.substr(0, 4) + "-" + digits.substr(4);
        break;
      case 2:
        out = digits.substr(0, 4) + " " + digits.substr(4);
        break;
      case 3:
        out = "+92 " + n.substr(0, 3) + " " + n.substr(3);
        break;
      case 4:
        out = "+92" + n;
        break;
      case 5:
        out = "92" + n;
        break;
      default:
        out = "0092-" + n.substr(0, 3) + "-" + n.substr(3);
        break;
    }
  } else {
    switch (rng.Below(8)) {
      case 0:
        out = digits;
        break;
      case 1:
        out = digits.substr(0, 4) + " " + digits.substr(4, 3) + " " + digits.substr(7);
        break;
      case 2:
        out = digits.substr(0, 4) + "-" + digits.substr(4, 3) + "-" + digits.substr(7);
        break;
      case 3:
        out = "+93 " + n.substr(0, 3) + " " + n.substr(3, 3) + " " + n.substr(6);
        break;
      case 4:
        out = "+93" + n;
        break;
      case 5:
        out = "0093" + n;
        break;
      case 6:
        out = n;
        break;
      default:
        out = "+93 (0)" + n.substr(0, 3) + " " + n.substr(3);
        break;
    }
  }
  return eastern ? EasternDigits(out) : out;
}

std::string RealisticBirth(Rng& rng, const Identity& p, bool duplicate) {
  int year = p.birth_year;
  int month = p.birth_month;
  int day = p.birth_day;
  if (duplicate) {
    const double r = static_cast<double>(rng.Below(1000)) / 1000.0;
    if (r < 0.12) {
      year += rng.Chance(0.5) ? 1 : -1;
    } else if (r < 0.17) {
      year += rng.Chance(0.5) ? 2 : -2;
    }
    if (p.age < 12 && rng.Chance(0.2)) {  // a child's date remembered a few days off
      day += rng.Chance(0.5) ? rng.Range(1, 10) : -rng.Range(1, 10);
      if (day < 1) day += 28, month = month == 1 ? 12 : month - 1;
      if (day > 28) day -= 28, month = month == 12 ? 1 : month + 1;
    }
    if (day <= 12 && day != month && rng.Chance(0.02)) std::swap(day, month);
  }
  year = std::min(year, kReferenceYear);
  char buf[32];
  const int r = static_cast<int>(rng.Below(100));
  const int full = p.age < 10 ? 65 : 45;
  if (r < full) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  } else if (r < full + 12) {
    std::snprintf(buf, sizeof buf, "%04d-01-01", year);  // the 1 January default
  } else if (r < 88) {
    std::snprintf(buf, sizeof buf, "%04d", year);
  } else if (r < (duplicate ? 94 : 96)) {
    const int n = p.age < 15 ? 1 : rng.Chance(0.5) ? 2 : 3;
    std::snprintf(buf, sizeof buf, "%04d~%d", std::min(kReferenceYear, year + rng.Range(-1, 1)), n);
  } else {
    return "";
  }
  return buf;
}

Row RenderRealistic(Rng& rng, const HouseholdIdentity& hh, const Identity& p, Style st,
                    bool duplicate, std::string_view household_ref, std::string_view head_phone) {
  // Given and father's names swapped, most often with the other script.
  const bool swap = duplicate && p.has_father && rng.Chance(0.03);
  if (swap && rng.Chance(0.6)) st.arabic = !st.arabic, st.capitals = false;
  const NameErrors given_errors = duplicate
                                      ? NameErrors{0.15, 0.3, 0.2, 0.05, p.age > 20 ? 0.10 : 0.02}
                                      : NameErrors{0.0, 0.1, 0.1, 0.015, p.age > 20 ? 0.04 : 0.0};
  const NameErrors father_errors = duplicate ? NameErrors{0.08, 0.3, 0.15, 0.04, 0.12}
                                             : NameErrors{0.02, 0.1, 0.08, 0.015, 0.06};
  const NameErrors grandfather_errors = duplicate ? NameErrors{0.05, 0.3, 0.15, 0.04, 0.06}
                                                  : NameErrors{0.02, 0.1, 0.08, 0.015, 0.04};
  auto field_style = [&] {
    Style f = st;
    if (rng.Chance(0.05))
      f.arabic = !st.arabic, f.capitals = false;  // one field in the other script
    return f;
  };
  std::string given = RealisticName(rng, p.given, field_style(), given_errors, p.female, p.age);
  if (p.honorific >= 0 && !rng.Chance(duplicate ? 0.5 : 0.1)) {
    const Spelling& h = kHonorifics[p.honorific];
    given = std::string(st.arabic ? h.arabic : h.latin[rng.Below(h.variants())]) + " " + given;
    if (st.capitals) ToCapitals(&given);
  }
  std::string father, grandfather;
  bool husband_in_father = false;
  if (p.has_father && !rng.Chance(duplicate ? 0.05 : 0.01)) {
    husband_in_father = duplicate && p.married_woman && rng.Chance(0.3);
    father = RealisticName(rng, husband_in_father ? p.husband : p.father, field_style(),
                           father_errors, false, 40);
  }
  if (p.has_grandfather && !husband_in_father && !rng.Chance(duplicate ? 0.35 : 0.1)) {
    grandfather = RealisticName(rng, p.grandfather, field_style(), grandfather_errors, false, 60);
  }
  if (swap && !father.empty()) std::swap(given, father);
  std::string family;
  if (hh.family_name >= 0 && !rng.Chance(0.3)) {
    const Spelling& f = kFamilyNames[hh.family_name];
    family = st.arabic ? std::string(f.arabic) : std::string(Latin(f, st, 950));
    if (st.capitals) ToCapitals(&family);
  }
  // The values the person CSV format accepts (core/person_csv.h).
  static constexpr std::string_view kMale[] = {"m", "male", "M"};
  static constexpr std::string_view kFemale[] = {"f", "female", "F"};
  std::string_view sex = p.female ? kFemale[rng.Below(3)] : kMale[rng.Below(3)];
  if (rng.Chance(duplicate ? 0.05 : 0.01)) sex = "";
  const std::string birth = RealisticBirth(rng, p, duplicate);
  const bool eastern = st.arabic && rng.Chance(0.3);
  std::string phone;
  if (!p.phone.empty() && !rng.Chance(duplicate ? 0.25 : 0.05)) {
    std::string digits = p.phone;
    if (duplicate && rng.Chance(0.08)) {
      digits = NewPhone(rng);  // another phone altogether
    } else if (rng.Chance(duplicate ? 0.06 : 0.02)) {
      DigitError(rng, &digits, rng.Chance(0.33));
    }
    phone = RealisticPhone(rng, digits, eastern);
  } else if (duplicate && p.phone.empty() && !head_phone.empty() && rng.Chance(0.08)) {
    phone = RealisticPhone(rng, std::string(head_phone), eastern);
  }
  std::string tazkira;
  if (!p.tazkira.empty() && !rng.Chance(duplicate ? 0.3 : 0.08)) {
    std::string digits = p.tazkira;
    if (rng.Chance(duplicate ? 0.05 : 0.02)) DigitError(rng, &digits, rng.Chance(0.4));
    if (p.e_tazkira && digits.size() >= 9) {
      static constexpr std::string_view kSeparators[] = {"-", "/", " ", ""};
      const std::string_view sep = kSeparators[rng.Below(std::size(kSeparators))];
      tazkira = digits.substr(0, 4) + std::string(sep) + digits.substr(4, 4) + std::string(sep) +
                digits.substr(8);
    } else {
      tazkira = rng.Chance(0.2) ? "No. " + digits : digits;
    }
    if (eastern) tazkira = EasternDigits(tazkira);
  }
  std::string por;
  if (!p.por.empty() && !rng.Chance(duplicate ? 0.3 : 0.1)) {
    std::string digits = p.por;
    if (rng.Chance(duplicate ? 0.05 : 0.02)) DigitError(rng, &digits, rng.Chance(0.4));
    static constexpr std::string_view kPrefixes[] = {"PoR ", "PoR No. ", "", "POR-", "PoR# "};
    por = std::string(kPrefixes[rng.Below(std::size(kPrefixes))]) + digits;
  }
  if (duplicate && !tazkira.empty() && por.empty() && rng.Chance(0.03)) std::swap(tazkira, por);
  std::string province;
  size_t province_index = hh.province;
  if (duplicate && rng.Chance(0.03)) province_index = rng.Below(std::size(kRealisticProvinces));
  if (!rng.Chance(duplicate ? 0.1 : 0.04)) {
    const RealisticProvince& pr = kRealisticProvinces[province_index];
    if (st.arabic && rng.Chance(0.8)) {
      size_t n = 0;
      while (n < pr.arabic.size() && !pr.arabic[n].empty()) ++n;
      province = pr.arabic[rng.Below(n)];
      ApplyKeyboard(st, &province);
    } else {
      size_t n = 0;
      while (n < pr.latin.size() && !pr.latin[n].empty()) ++n;
      province = pr.latin[rng.Chance(0.6) ? 0 : rng.Below(n)];
      if (st.capitals) ToCapitals(&province);
    }
  }
  Row row;
  row.person_id = p.person_id;
  std::string& line = row.line;
  line.reserve(180);
  const std::string_view fields[] = {given, father,        grandfather,   family, sex,
                                     birth, phone,         tazkira,       por,    province,
                                     "",    household_ref, p.relationship};
  for (const auto& f : fields) {
    line.push_back(',');
    AppendCsvField(&line, f);
  }
  line.push_back('\n');
  return row;
}

Style RealisticStyle(Rng& rng, bool arabic) {
  Style st = RandomStyle(rng, arabic);
  st.abbreviate = false;  // RealisticName abbreviates on its own
  st.capitals = !arabic && rng.Chance(0.06);
  return st;
}

Style VaryRealisticStyle(Rng& rng, const Style& original) {
  Style st = RealisticStyle(rng, rng.Chance(0.35) ? !original.arabic : original.arabic);
  if (rng.Chance(0.5)) st.variant_seed = original.variant_seed;
  if (rng.Chance(0.5)) st.compound_form = original.compound_form;
  return st;
}

constexpr size_t kChunkRecords = 16384;

}  // namespace

SynthStats GenerateSynthetic(const SynthOptions& options, const SynthSink& sink) {
  const bool realistic = options.errors == SynthErrors::kRealistic;
  // "ZNADSYNT"; the realistic model draws from a stream of its own ("REALISTC").
  Rng rng(options.seed ^ (realistic ? 0x5245414C'49535443ull : 0x5A4E4144'53594E54ull));
  const double share = std::clamp(options.duplicate_share, 0.0, 1.0);
  // A household re-registers together (as "recyclers" do) or a person alone;
  // together they duplicate `share` of the persons.
  const double household_rate = share * 0.6;
  const double member_rate = 0.8;
  const double alone_rate = household_rate >= 1.0
                                ? 0.0
                                : std::max(0.0, (share - household_rate * member_rate) /
                                                    (1.0 - household_rate * member_rate));

  SynthStats stats;
  uint64_t next_household = 1, next_person = 1, next_record = 1;
  std::vector<HouseholdIdentity> clan;
  std::vector<Row> rows;
  std::string persons, truth;
  persons.append(kSynthPersonsHeader);
  truth.append(kSynthTruthHeader);
  std::vector<uint32_t> records_of_person;

  auto flush = [&] {
    for (size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[rng.Below(i)]);
    char id[24];
    for (const Row& row : rows) {
      const int n =
          std::snprintf(id, sizeof id, "R%08llu", static_cast<unsigned long long>(next_record++));
      persons.append(id, static_cast<size_t>(n));
      persons.append(row.line);
      truth.append(id, static_cast<size_t>(n));
      truth.append(",P");
      truth.append(std::to_string(row.person_id));
      truth.push_back('\n');
    }
    stats.records += rows.size();
    rows.clear();
    sink(persons, truth);
    persons.clear();
    truth.clear();
  };

  while (stats.persons < options.persons) {
    clan.clear();
    GenerateClan(rng, &next_household, &next_person, &clan, realistic);
    for (HouseholdIdentity& hh : clan) {
      if (stats.persons >= options.persons) break;
      const size_t room = options.persons - stats.persons;
      if (hh.members.size() > room) hh.members.resize(room);
      stats.persons += hh.members.size();
      ++stats.households;
      const std::string hh_ref = "H" + std::to_string(hh.id);
      const std::string& head_phone = hh.members.front().phone;
      const Style original =
          realistic ? RealisticStyle(rng, rng.Chance(0.4)) : RandomStyle(rng, rng.Chance(0.4));
      auto render = [&](const Identity& p, const Style& st, bool duplicate, std::string_view ref) {
        return realistic ? RenderRealistic(rng, hh, p, st, duplicate, ref, head_phone)
                         : RenderRecord(rng, hh, p, st, duplicate, ref, head_phone);
      };
      auto vary = [&] {
        return realistic ? VaryRealisticStyle(rng, original) : VaryStyle(rng, original);
      };
      records_of_person.assign(hh.members.size(), 1);
      for (const Identity& p : hh.members) rows.push_back(render(p, original, false, hh_ref));
      auto extra_registrations = [&rng] { return rng.Chance(0.65) ? 1 : rng.Chance(0.7) ? 2 : 3; };
      if (rng.Chance(household_rate)) {
        const int times = extra_registrations();
        for (int t = 1; t <= times; ++t) {
          const Style again = vary();
          const std::string ref = hh_ref + "-" + std::to_string(t);
          for (size_t i = 0; i < hh.members.size(); ++i) {
            if (!rng.Chance(member_rate)) continue;
            rows.push_back(render(hh.members[i], again, true, ref));
            ++records_of_person[i];
          }
        }
      }
      for (size_t i = 0; i < hh.members.size(); ++i) {
        if (!rng.Chance(alone_rate)) continue;
        const int times = extra_registrations();
        for (int t = 1; t <= times; ++t) {
          const Style again = vary();
          const std::string ref =
              "S" + std::to_string(hh.members[i].person_id) + "-" + std::to_string(t);
          rows.push_back(render(hh.members[i], again, true, ref));
          ++records_of_person[i];
        }
      }
      for (uint32_t n : records_of_person) stats.duplicated_persons += n > 1;
    }
    if (rows.size() >= kChunkRecords) flush();
  }
  flush();
  return stats;
}

SyntheticData GenerateSynthetic(const SynthOptions& options) {
  SyntheticData data;
  data.stats = GenerateSynthetic(options, [&data](std::string_view p, std::string_view t) {
    data.persons_csv.append(p);
    data.truth_csv.append(t);
  });
  return data;
}

}  // namespace sanad::match
