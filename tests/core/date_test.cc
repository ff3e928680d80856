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

}  // namespace
}  // namespace sanad
