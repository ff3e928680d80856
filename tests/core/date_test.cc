#include "core/date.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "core/utf8.h"

namespace sanad {
namespace {

TEST(Date, ParsesAndPrintsIso) {
  auto d = Date::ParseIso("2024-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->ToIso(), "2024-02-29");
}

TEST(Date, RejectsImpossibleDaysNamingTheField) {
  for (const char* text : {"2023-02-29", "2024-13-01", "2024-1-01", "24-01-01", "", "1899-12-31",
                           "2024-01-01x", "2024/01/01"}) {
    SCOPED_TRACE(text);
    auto d = Date::ParseIso(text, "valid_until");
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().field, "valid_until");
    EXPECT_EQ(d.error().code, Error::Code::kInvalidInput);
  }
}

TEST(Date, DaysSinceEpochRoundTripsAcrossCenturies) {
  EXPECT_EQ((Date{1970, 1, 1}.DaysSinceEpoch()), 0);
  EXPECT_EQ((Date{2000, 3, 1}.DaysSinceEpoch()), 11017);
  for (int32_t days = -30000; days < 50000; days += 7) {
    EXPECT_EQ(Date::FromDaysSinceEpoch(days).DaysSinceEpoch(), days);
  }
  EXPECT_EQ((Date{2023, 10, 31}.AddDays(1)), (Date{2023, 11, 1}));
}

TEST(PartialDate, ParsesTheFourForms) {
  struct Case {
    const char* text;
    PartialDate::Precision precision;
    const char* earliest;
    const char* latest;
  } cases[] = {
      {"1986-03-14", PartialDate::Precision::kDay, "1986-03-14", "1986-03-14"},
      {"1986-02", PartialDate::Precision::kMonth, "1986-02-01", "1986-02-28"},
      {"1986", PartialDate::Precision::kYear, "1986-01-01", "1986-12-31"},
      {"1986~5", PartialDate::Precision::kEstimate, "1981-01-01", "1991-12-31"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto d = PartialDate::Parse(c.text);
    ASSERT_TRUE(d) << d.error().message;
    EXPECT_EQ(d->precision, c.precision);
    EXPECT_EQ(d->ToIso(), c.text);
    EXPECT_EQ(d->Earliest().ToIso(), c.earliest);
    EXPECT_EQ(d->Latest().ToIso(), c.latest);
  }
  auto plus_minus = PartialDate::Parse(
      "1986\xC2\xB1"
      "3");
  ASSERT_TRUE(plus_minus);
  EXPECT_EQ(plus_minus->ToIso(), "1986~3");
}

TEST(PartialDate, RejectsMalformedWithAnActionableMessage) {
  for (const char* text : {"1986-13", "86", "1986~0", "1986~", "abcd", "1986-03-32", "1986~99"}) {
    SCOPED_TRACE(text);
    auto d = PartialDate::Parse(text);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().field, "birth_date");
    EXPECT_NE(d.error().message.find("YYYY"), std::string::npos);
  }
}

// Found by fuzz/date_fuzz (fuzz/crashes/date/): the message quoted the
// first 40 bytes of the text, which could end inside a Persian digit, so a
// refusal of valid UTF-8 was not UTF-8 itself.
TEST(PartialDate, QuotesLongTextWithoutCuttingACharacter) {
  std::string text = "1986-";
  for (int i = 0; i < 20; ++i) text += "\xDB\xB1";  // ۱, two bytes, from byte 5
  for (auto error : {PartialDate::Parse(text).error(), Date::ParseIso(text).error()}) {
    EXPECT_TRUE(IsValidUtf8(error.message)) << error.message;
    EXPECT_NE(error.message.find("1986-\xDB\xB1"), std::string::npos);
  }
  for (const char* name : {"utf8_cut_in_message_1", "utf8_cut_in_message_2"}) {
    SCOPED_TRACE(name);
    std::ifstream in(std::string(SANAD_SOURCE_DIR) + "/fuzz/crashes/date/" + name,
                     std::ios::binary);
    ASSERT_TRUE(in);
    const std::string found{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto partial = PartialDate::Parse(found);
    ASSERT_FALSE(partial);
    EXPECT_TRUE(IsValidUtf8(partial.error().message));
  }
}

TEST(Utf8Prefix, NeverCutsASequence) {
  EXPECT_EQ(Utf8Prefix("abc", 5), "abc");
  EXPECT_EQ(Utf8Prefix("abc", 2), "ab");
  EXPECT_EQ(Utf8Prefix("a\xDB\xB1", 2), "a");           // 2-byte sequence cut after its lead
  EXPECT_EQ(Utf8Prefix("a\xE2\x80\x8C", 3), "a");       // 3-byte (ZWNJ) cut inside
  EXPECT_EQ(Utf8Prefix("a\xF0\x9F\x98\x80" "b", 4), "a");  // 4-byte cut before its last byte
  EXPECT_EQ(Utf8Prefix("a\xF0\x9F\x98\x80" "b", 5), "a\xF0\x9F\x98\x80");
  EXPECT_EQ(Utf8Prefix("", 0), "");
}

TEST(SolarHijri, ConvertsKnownDays) {
  struct Case {
    SolarHijriDate hijri;
    Date gregorian;
  };
  const Case cases[] = {
      {{1402, 8, 10}, {2023, 11, 1}},   // the first day of deportations, 2023
      {{1402, 1, 1}, {2023, 3, 21}},    // Nowruz 1402
      {{1403, 1, 1}, {2024, 3, 20}},    // Nowruz 1403
      {{1402, 12, 29}, {2024, 3, 19}},  // the last day of 1402, not a leap year
      {{1399, 12, 30}, {2021, 3, 20}},  // 1399 is a leap year
      {{1403, 12, 30}, {2025, 3, 20}},  // so is 1403
      {{1404, 1, 1}, {2025, 3, 21}},   {{1365, 1, 1}, {1986, 3, 21}},
      {{1300, 1, 1}, {1921, 3, 21}},   {{1279, 1, 1}, {1900, 3, 21}},
      {{1404, 4, 10}, {2025, 7, 1}},   {{1404, 6, 31}, {2025, 9, 22}},
      {{1404, 7, 1}, {2025, 9, 23}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.hijri.year) + "/" + std::to_string(c.hijri.month) + "/" +
                 std::to_string(c.hijri.day));
    auto gregorian = SolarHijriToGregorian(c.hijri);
    ASSERT_TRUE(gregorian) << gregorian.error().message;
    EXPECT_EQ(gregorian->ToIso(), c.gregorian.ToIso());
    EXPECT_EQ(GregorianToSolarHijri(c.gregorian), c.hijri);
  }
}

TEST(SolarHijri, EveryDayFrom1900To2100RoundTrips) {
  const int32_t first = Date{1900, 3, 21}.DaysSinceEpoch();
  const int32_t last = Date{2100, 12, 31}.DaysSinceEpoch();
  SolarHijriDate previous = GregorianToSolarHijri(Date::FromDaysSinceEpoch(first - 1));
  for (int32_t day = first; day <= last; ++day) {
    const Date date = Date::FromDaysSinceEpoch(day);
    const SolarHijriDate hijri = GregorianToSolarHijri(date);
    auto back = SolarHijriToGregorian(hijri);
    ASSERT_TRUE(back) << date.ToIso();
    ASSERT_EQ(*back, date);
    ASSERT_GT(hijri, previous) << date.ToIso();  // one calendar day after the other
    previous = hijri;
  }
}

TEST(SolarHijri, RefusesDaysThatDoNotExistNamingTheField) {
  for (SolarHijriDate d :
       {SolarHijriDate{1402, 12, 30}, SolarHijriDate{1402, 7, 31}, SolarHijriDate{1402, 13, 1},
        SolarHijriDate{1402, 0, 1}, SolarHijriDate{1250, 1, 1}}) {
    SCOPED_TRACE(std::to_string(d.year) + "/" + std::to_string(d.month) + "/" +
                 std::to_string(d.day));
    auto gregorian = SolarHijriToGregorian(d, "birth_date");
    ASSERT_FALSE(gregorian);
    EXPECT_EQ(gregorian.error().field, "birth_date");
  }
}

TEST(SolarHijri, ParsesTheDatesPeopleWrite) {
  struct Case {
    const char* text;
    const char* iso;
  };
  const Case cases[] = {
      {"1402/08/10", "2023-11-01"},
      {"1402-08-10", "2023-11-01"},
      {"1402/8/10", "2023-11-01"},
      {"1365/04", "1986-07"},  // 15 Saratan 1365 is 6 July 1986
      {"1365", "1986"},        // most of 1365 is in 1986
      {"1403/12/30", "2025-03-20"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto date = ParseSolarHijriDate(c.text);
    ASSERT_TRUE(date) << date.error().message;
    EXPECT_EQ(date->ToIso(), c.iso);
  }
  for (const char* bad : {"", "1402/13/01", "1402/12/30", "14020/1/1", "1402/", "1402//10",
                          "1402/08/10/1", "98/08/10", "abcd", "1402/08/1x"}) {
    SCOPED_TRACE(bad);
    auto date = ParseSolarHijriDate(bad, "members[1].birth_date");
    ASSERT_FALSE(date);
    EXPECT_EQ(date.error().field, "members[1].birth_date");
    EXPECT_NE(date.error().message.find("Solar Hijri"), std::string::npos) << date.error().message;
  }
}

TEST(EasternDigits, PersianAndArabicDigitsReadAsAscii) {
  EXPECT_EQ(ToAsciiDigits("۱۴۰۲/۰۸/۱۰"), "1402/08/10");
  EXPECT_EQ(ToAsciiDigits("٠١٢٣٤٥٦٧٨٩"), "0123456789");
  EXPECT_EQ(ToAsciiDigits("۰۷۰۰ ۱۲۳ ۴۵۶"), "0700 123 456");
  EXPECT_EQ(ToAsciiDigits("١٤٠٢٫٠٨٫١٠"), "1402/08/10");  // the Arabic date separator
  EXPECT_EQ(ToAsciiDigits("محمد 12"), "محمد 12");        // letters stay
  EXPECT_EQ(ToAsciiDigits("\xD9"), "\xD9");              // a cut sequence stays as it was
  auto date = ParseSolarHijriDate(ToAsciiDigits("۱۴۰۲/۰۸/۱۰"));
  ASSERT_TRUE(date);
  EXPECT_EQ(date->ToIso(), "2023-11-01");
}

}  // namespace
}  // namespace sanad
