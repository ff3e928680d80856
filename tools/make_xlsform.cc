// Writes forms/sanad-household.xlsx, the XLSForm field teams load into
// KoboToolbox or ODK Central as is; forms/sanad-household.mapping.toml maps
// its answers to sanad (docs/forms.md). Run by `cmake --build build/dev
// --target xlsform`; the generated file is committed beside this source,
// and tests/core/xlsform_test.cc checks the two agree.
//
//   make_xlsform OUT.xlsx
//
// The form asks for what a registration needs and nothing more (no
// ethnicity, no tribe beyond the optional family name, no location of the
// person beyond provinces and districts), in English, Dari and Pashto.
// Birth dates are typed in Solar Hijri, as people give them; numbers may be
// typed with Eastern Arabic-Indic digits.
#include <xlsxwriter.h>

#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

namespace {

struct SurveyRow {
  const char* type;
  const char* name;
  const char* label_en;
  const char* label_prs;
  const char* label_ps;
  const char* hint = "";
  const char* required = "";
  const char* relevant = "";
  const char* constraint = "";
  const char* constraint_message = "";
  const char* appearance = "";
};

struct Choice {
  const char* list;
  const char* name;
  const char* label_en;
  const char* label_prs;
  const char* label_ps;
};

constexpr const char* kSolarHijriDate =
    "regex(., '^[0-9\u06F0-\u06F9\u0660-\u0669]{4}([/-][0-9\u06F0-\u06F9\u0660-\u0669]{1,2}([/-]["
    "0-9\u06F0-\u06F9\u0660-\u0669]{1,2})?)?$')";

const std::vector<SurveyRow>& Survey() {
  static const std::vector<SurveyRow> rows = {
      {"start", "start", "", "", ""},
      {"end", "end", "", "", ""},
      {"today", "today", "", "", ""},
      {"note", "consent_note",
       "Explain why the data is collected and who will see it. Record a person only with their "
       "consent (a parent's or guardian's for a child).",
       "توضیح دهید که معلومات چرا جمع‌آوری می‌شود و چه کسی آن را می‌بیند. معلومات شخص را "
       "فقط "
       "با موافقه او ثبت کنید (برای طفل، با موافقه والدین یا سرپرست).",
       "ووایاست چې معلومات ولې راټولېږي او څوک یې ویني. د یو کس معلومات یوازې د هغه په رضایت "
       "ثبت کړئ (د ماشوم لپاره، د مور و پلار یا سرپرست په رضایت)."},
      {"begin_group", "household", "Household", "خانواده", "کورنۍ"},
      {"text", "origin_province", "Province in Pakistan where the household lived",
       "ولایت محل سکونت در پاکستان", "په پاکستان کې د اوسېدو ولایت"},
      {"text", "origin_district", "District in Pakistan", "ضلع در پاکستان", "په پاکستان کې ضلع"},
      {"text", "current_location", "Where the household is now (crossing point or centre)",
       "محل فعلی خانواده (گذرگاه یا مرکز)", "د کورنۍ اوسنی ځای (تېرېدنځی یا مرکز)"},
      {"select_one af_province", "destination_province", "Province of destination in Afghanistan",
       "ولایت مقصد در افغانستان", "په افغانستان کې د تګ ولایت"},
      {"text", "destination_district", "District of destination", "ولسوالی مقصد", "د تګ ولسوالي"},
      {"begin_repeat", "members", "Household member", "عضو خانواده", "د کورنۍ غړی"},
      {"text", "given_name", "Given name", "نام", "نوم", "", "yes"},
      {"text", "father_name", "Father's name", "نام پدر", "د پلار نوم"},
      {"text", "grandfather_name", "Grandfather's name", "نام پدرکلان", "د نیکه نوم"},
      {"text", "family_name", "Family name (optional)", "تخلص (اختیاری)", "تخلص (اختیاري)"},
      {"select_one sex", "sex", "Sex", "جنسیت", "جنسیت", "", "yes"},
      {"select_one relationship", "relationship", "Relationship to the head of household",
       "رابطه با سرپرست خانواده", "د کورنۍ له مشر سره اړیکه", "", "yes"},
      {"text", "birth_date", "Date of birth (Solar Hijri)", "تاریخ تولد (هجری شمسی)",
       "د زیږېدو نېټه (لمریز)",
       "1365/04/12, or 1365/04, or the year 1365 alone if that is all that is known", "", "",
       kSolarHijriDate, "Write YYYY/MM/DD in Solar Hijri, e.g. 1365/04/12"},
      {"text", "phone", "Phone number", "شماره تلفن", "د تلیفون شمېره", "", "", "", "", "",
       "numbers"},
      {"select_multiple document", "documents", "Documents the person holds", "اسنادی که شخص دارد",
       "هغه اسناد چې دا کس یې لري"},
      {"text", "tazkira_number", "Tazkira number", "نمبر تذکره", "د تذکرې شمېره", "", "",
       "selected(${documents}, 'tazkira')"},
      {"text", "e_tazkira_number", "e-Tazkira number", "نمبر تذکره الکترونیکی",
       "د برېښنايي تذکرې شمېره", "", "", "selected(${documents}, 'e_tazkira')"},
      {"text", "por_number", "PoR card number", "نمبر کارت PoR", "د PoR کارت شمېره", "", "",
       "selected(${documents}, 'por')"},
      {"date", "por_valid_until", "PoR card valid until (as printed)",
       "تاریخ اعتبار کارت PoR (طوری که چاپ شده)", "د PoR کارت د اعتبار نېټه (لکه چې چاپ ده)", "",
       "", "selected(${documents}, 'por')"},
      {"text", "acc_number", "ACC number", "نمبر کارت ACC", "د ACC کارت شمېره", "", "",
       "selected(${documents}, 'acc')"},
      {"text", "passport_number", "Passport number", "نمبر پاسپورت", "د پاسپورت شمېره", "", "",
       "selected(${documents}, 'passport')"},
      {"select_multiple vulnerability", "vulnerabilities", "Specific needs",
       "نیازمندی‌های خاص", "ځانګړې اړتیاوې"},
      {"select_multiple consent", "consents", "The person agrees to their data being used for",
       "شخص موافقه دارد که معلوماتش برای این موارد استفاده شود",
       "دا کس موافق دی چې معلومات یې د دې لپاره وکارول شي"},
      {"end_repeat", "members", "", "", ""},
      {"end_group", "household", "", "", ""},
  };
  return rows;
}

const std::vector<Choice>& Choices() {
  static const std::vector<Choice> choices = {
      {"sex", "f", "Female", "زن", "ښځینه"},
      {"sex", "m", "Male", "مرد", "نارینه"},
      {"relationship", "head", "Head of household", "سرپرست خانواده", "د کورنۍ مشر"},
      {"relationship", "spouse", "Spouse", "همسر", "مېړه یا مېرمن"},
      {"relationship", "son", "Son", "پسر", "زوی"},
      {"relationship", "daughter", "Daughter", "دختر", "لور"},
      {"relationship", "father", "Father", "پدر", "پلار"},
      {"relationship", "mother", "Mother", "مادر", "مور"},
      {"relationship", "brother", "Brother", "برادر", "ورور"},
      {"relationship", "sister", "Sister", "خواهر", "خور"},
      {"relationship", "grandchild", "Grandchild", "نواسه", "لمسی"},
      {"relationship", "grandparent", "Grandparent", "پدرکلان یا مادرکلان", "نیکه یا انا"},
      {"relationship", "other_relative", "Other relative", "خویشاوند دیگر", "بل خپلوان"},
      {"relationship", "not_related", "Not related", "غیر خویشاوند", "خپلوان نه دی"},
      {"document", "tazkira", "Tazkira (paper)", "تذکره (کاغذی)", "تذکره (کاغذي)"},
      {"document", "e_tazkira", "e-Tazkira", "تذکره الکترونیکی", "برېښنايي تذکره"},
      {"document", "por", "PoR card", "کارت PoR", "د PoR کارت"},
      {"document", "acc", "Afghan Citizen Card (ACC)", "کارت ACC", "د ACC کارت"},
      {"document", "passport", "Passport", "پاسپورت", "پاسپورټ"},
      {"document", "visa", "Visa", "ویزه", "ویزه"},
      {"document", "unhcr_slip", "UNHCR asylum-seeker certificate", "سند پناهجویی UNHCR",
       "د UNHCR د پناه غوښتنې سند"},
      {"document", "vrf", "Voluntary repatriation form (VRF)", "فورم عودت داوطلبانه (VRF)",
       "د داوطلبانه راستنېدو فورمه (VRF)"},
      {"vulnerability", "disability", "Disability", "معلولیت", "معلولیت"},
      {"vulnerability", "medical", "Serious medical condition", "بیماری جدی", "جدي ناروغي"},
      {"vulnerability", "elderly_alone", "Older person alone", "سالمند تنها", "یوازې زوړ کس"},
      {"vulnerability", "pregnant_lactating", "Pregnant or breastfeeding", "باردار یا شیرده",
       "امیندواره یا شیدې ورکوونکې"},
      {"vulnerability", "uasc", "Unaccompanied or separated child",
       "طفل بی‌همراه یا جدا شده", "بې سرپرسته یا جلا شوی ماشوم"},
      {"vulnerability", "female_head", "Woman heading the household", "زن سرپرست خانواده",
       "ښځه د کورنۍ مشره"},
      {"consent", "registration", "Registration", "ثبت نام", "نوم لیکنه"},
      {"consent", "assistance", "Assistance", "کمک", "مرسته"},
      {"consent", "tracing", "Tracing family members", "جستجوی اعضای خانواده",
       "د کورنۍ د غړو لټون"},
      {"consent", "legal_aid", "Legal aid", "کمک حقوقی", "حقوقي مرسته"},
      {"consent", "referral", "Referral to other services", "راجع ساختن به خدمات دیگر",
       "نورو خدمتونو ته لېږل"},
  };
  return choices;
}

// Afghanistan's provinces: the choice name, then English and Dari/Pashto.
struct Province {
  const char* name;
  const char* label_en;
  const char* label_local;
};

constexpr Province kProvinces[] = {
    {"badakhshan", "Badakhshan", "بدخشان"},
    {"badghis", "Badghis", "بادغیس"},
    {"baghlan", "Baghlan", "بغلان"},
    {"balkh", "Balkh", "بلخ"},
    {"bamyan", "Bamyan", "بامیان"},
    {"daykundi", "Daykundi", "دایکندی"},
    {"farah", "Farah", "فراه"},
    {"faryab", "Faryab", "فاریاب"},
    {"ghazni", "Ghazni", "غزنی"},
    {"ghor", "Ghor", "غور"},
    {"helmand", "Helmand", "هلمند"},
    {"herat", "Herat", "هرات"},
    {"jowzjan", "Jowzjan", "جوزجان"},
    {"kabul", "Kabul", "کابل"},
    {"kandahar", "Kandahar", "کندهار"},
    {"kapisa", "Kapisa", "کاپیسا"},
    {"khost", "Khost", "خوست"},
    {"kunar", "Kunar", "کنر"},
    {"kunduz", "Kunduz", "کندز"},
    {"laghman", "Laghman", "لغمان"},
    {"logar", "Logar", "لوگر"},
    {"nangarhar", "Nangarhar", "ننگرهار"},
    {"nimroz", "Nimroz", "نیمروز"},
    {"nuristan", "Nuristan", "نورستان"},
    {"paktia", "Paktia", "پکتیا"},
    {"paktika", "Paktika", "پکتیکا"},
    {"panjshir", "Panjshir", "پنجشیر"},
    {"parwan", "Parwan", "پروان"},
    {"samangan", "Samangan", "سمنگان"},
    {"sar_e_pol", "Sar-e Pol", "سرپل"},
    {"takhar", "Takhar", "تخار"},
    {"uruzgan", "Uruzgan", "ارزگان"},
    {"wardak", "Wardak", "وردک"},
    {"zabul", "Zabul", "زابل"},
};

void WriteRow(lxw_worksheet* sheet, lxw_row_t row, const std::vector<const char*>& cells,
              lxw_format* format = nullptr) {
  for (size_t c = 0; c < cells.size(); ++c) {
    if (cells[c][0] == '\0') continue;
    worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), cells[c], format);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_xlsform OUT.xlsx\n");
    return 2;
  }
  lxw_workbook* book = workbook_new(argv[1]);
  if (book == nullptr) {
    std::fprintf(stderr, "cannot create %s\n", argv[1]);
    return 1;
  }
  // A fixed creation time, so the same form gives the same file.
  // (libxlsxwriter takes char*, and copies.)
  std::string title = "sanad household registration (XLSForm)";
  std::string author = "sanad";
  std::string comments = "Generated by tools/make_xlsform.cc; see docs/forms.md";
  lxw_doc_properties properties = {};
  properties.title = title.data();
  properties.author = author.data();
  properties.comments = comments.data();
  properties.created = 1767225600;  // 2026-01-01T00:00:00Z
  workbook_set_properties(book, &properties);
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);

  lxw_worksheet* survey = workbook_add_worksheet(book, "survey");
  WriteRow(survey, 0,
           {"type", "name", "label::English (en)", "label::Dari (prs)", "label::Pashto (ps)",
            "hint::English (en)", "required", "relevant", "constraint",
            "constraint_message::English (en)", "appearance"},
           bold);
  lxw_row_t row = 1;
  for (const SurveyRow& r : Survey()) {
    WriteRow(survey, row++,
             {r.type, r.name, r.label_en, r.label_prs, r.label_ps, r.hint, r.required, r.relevant,
              r.constraint, r.constraint_message, r.appearance});
  }
  worksheet_set_column(survey, 0, 1, 28, nullptr);
  worksheet_set_column(survey, 2, 4, 40, nullptr);

  lxw_worksheet* choices = workbook_add_worksheet(book, "choices");
  WriteRow(choices, 0,
           {"list_name", "name", "label::English (en)", "label::Dari (prs)", "label::Pashto (ps)"},
           bold);
  row = 1;
  for (const Choice& c : Choices()) {
    WriteRow(choices, row++, {c.list, c.name, c.label_en, c.label_prs, c.label_ps});
  }
  for (const Province& p : kProvinces) {
    WriteRow(choices, row++, {"af_province", p.name, p.label_en, p.label_local, p.label_local});
  }
  worksheet_set_column(choices, 0, 1, 20, nullptr);
  worksheet_set_column(choices, 2, 4, 36, nullptr);

  lxw_worksheet* settings = workbook_add_worksheet(book, "settings");
  WriteRow(settings, 0, {"form_title", "form_id", "version", "default_language"}, bold);
  WriteRow(settings, 1,
           {"sanad: household registration", "sanad_household", "2025120101", "English (en)"});

  const lxw_error error = workbook_close(book);
  if (error != LXW_NO_ERROR) {
    std::fprintf(stderr, "cannot write %s: %s\n", argv[1], lxw_strerror(error));
    return 1;
  }
  return 0;
}
