#include "text/phone.h"

#include <gtest/gtest.h>

#include "text/document_number.h"

namespace sanad::text {
namespace {

TEST(Phone, LocalAndInternationalFormsToE164) {
  struct Case {
    const char* raw;
    const char* e164;
  } cases[] = {
      {"0700 123 456", "+93700123456"},     {"0700-123-456", "+93700123456"},
      {"+93 70 012 3456", "+93700123456"},  {"0093700123456", "+93700123456"},
      {"+93 0700 123 456", "+93700123456"}, {"۰۷۰۰۱۲۳۴۵۶", "+93700123456"},
      {"700123456", "+93700123456"},        {"0300-1234567", "+923001234567"},
      {"+92 300 1234567", "+923001234567"}, {"03001234567", "+923001234567"},
      {"(0300) 123 4567", "+923001234567"}, {"+44 20 7946 0958", "+442079460958"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.raw);
    ASSERT_TRUE(NormalizePhone(c.raw));
    EXPECT_EQ(*NormalizePhone(c.raw), c.e164);
  }
  for (const char* bad : {"", "123", "call me", "0700 123 45", "+1 2"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(NormalizePhone(bad));
  }
}

// Found by the phone fuzzer (fuzz/crashes/phone/): a second trunk zero
// after the country code lost one zero per normalisation, so a stored
// number did not normalise to itself and a search for it missed.
TEST(Phone, NormalisingANormalisedNumberChangesNothing) {
  for (const char* raw : {"+92 00120123234 25", "+9300030000000", "+930\u06F0\u06F022 31700-1",
                          "0093 0 0700 123 456", "+93 0700 123 456", "+44 20 7946 0958"}) {
    SCOPED_TRACE(raw);
    const auto once = NormalizePhone(raw);
    ASSERT_TRUE(once);
    EXPECT_EQ(NormalizePhone(*once), once);
  }
  EXPECT_EQ(NormalizePhone("+93 00 700 123 456"), "+93700123456");
}

TEST(DocumentNumber, SeparatorsDigitsAndCase) {
  EXPECT_EQ(NormalizeDocumentNumber("1401-0100-55512"), "1401010055512");
  EXPECT_EQ(NormalizeDocumentNumber("۱۴۰۱ ۰۱۰۰ ۵۵۵۱۲"), "1401010055512");
  EXPECT_EQ(NormalizeDocumentNumber("por-4417/2291"), "POR44172291");
  EXPECT_EQ(NormalizeDocumentNumber(" - "), "");
}

}  // namespace
}  // namespace sanad::text

namespace sanad::text {
namespace {

TEST(Phone, KeyReadsNumbersTheNormaliserRefuses) {
  EXPECT_EQ(PhoneKey("0799-123-456"), "+93799123456");
  EXPECT_EQ(PhoneKey("07770001111"), "+937770001111");  // a digit too many
  EXPECT_EQ(PhoneKey("0092 333 512345"), "+92333512345");
  EXPECT_EQ(PhoneKey("12345"), "");
}

TEST(DocumentNumber, KeyIsTheDigitsWhateverTheFormat) {
  for (const char* raw : {"PoR 294155287", "PoR No. 294155287", "POR-294155287", "294155287",
                          "PoR# 294155287", "۲۹۴ ۱۵۵ ۲۸۷"}) {
    SCOPED_TRACE(raw);
    EXPECT_EQ(DocumentKey(raw), "294155287");
  }
  EXPECT_EQ(DocumentKey("1403/0607/22919"), DocumentKey("1403-0607-22919"));
  EXPECT_EQ(DocumentKey("AB-123"), "AB123");  // too few digits: letters kept
}

}  // namespace
}  // namespace sanad::text
