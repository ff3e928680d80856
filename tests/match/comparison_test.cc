#include "match/comparison.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "match/features.h"
#include "match/model.h"

namespace sanad::match {
namespace {

// One field of each comparator.
Model OneFieldOfEach() {
  Model model;
  model.fields.resize(7);
  model.fields[0] = {"name", {"name"}, Comparator::kName, Normalizer::kNone, DateFormat::kIso,
                     true,   -1};
  model.fields[1] = {"birth", {"birth"}, Comparator::kDate, Normalizer::kNone, DateFormat::kIso,
                     false,   -1};
  model.fields[2] = {"document",
                     {"tazkira", "por"},
                     Comparator::kExact,
                     Normalizer::kDocument,
                     DateFormat::kIso,
                     true,
                     -1};
  model.fields[3] = {"code", {"code"}, Comparator::kCode, Normalizer::kNone, DateFormat::kIso,
                     false,  -1};
  model.fields[4] = {"text", {"text"}, Comparator::kText, Normalizer::kNone, DateFormat::kIso,
                     false,  -1};
  model.fields[5] = {"papers",
                     {"tazkira", "por"},
                     Comparator::kIdentifier,
                     Normalizer::kDocument,
                     DateFormat::kIso,
                     true,
                     -1};
  model.fields[6] = {
      "phone", {"phone"}, Comparator::kIdentifier, Normalizer::kPhone, DateFormat::kIso, true, -1};
  return model;
}

// The level name two raw values of field `field` compare at.
std::string Level(size_t field, std::vector<std::string_view> a, std::vector<std::string_view> b) {
  FeatureStore store(OneFieldOfEach());
  std::vector<std::vector<std::string_view>> raw_a(7);
  std::vector<std::vector<std::string_view>> raw_b(7);
  raw_a[field] = std::move(a);
  raw_b[field] = std::move(b);
  EXPECT_TRUE(store.Add("a", raw_a));
  EXPECT_TRUE(store.Add("b", raw_b));
  uint32_t agreed = 0;
  const FieldSpec& spec = store.model().fields[field];
  const int level =
      CompareField(spec, store.Record(0)[field], store.Record(1)[field], store.pool(), &agreed);
  return std::string(LevelName(spec.comparator, level));
}

struct ComparisonCase {
  std::string_view a;
  std::string_view b;
  std::string_view level;
};

TEST(NameComparator, LevelsWithRealNamesInBothScripts) {
  const ComparisonCase cases[] = {
      {"Mohammad Nabi", "mohammad  nabi", "exact"},
      {"محمد نبی", "محمد نبي", "exact"},             // Persian and Arabic yeh fold together
      {"Haji Mohammad Nabi", "Mohd Nabi", "exact"},  // a title aside, Mohd read
      {"Mohammad", "Muhammad", "spelling"},
      {"Muhammad", "محمد", "spelling"},
      {"Abdul Rahman", "Abdurrahman", "spelling"},
      {"عبدالرحمن", "Abdul Rahman", "spelling"},
      {"Hussain", "Hosein", "spelling"},
      {"Hussain", "حسین", "spelling"},
      {"Gulalai", "Gulalay", "spelling"},
      // One skeleton, another name: the vowels (Latin) or a letter
      // (Perso-Arabic) tell them apart.
      {"Hassan", "Hussain", "skeleton"},
      {"حسن", "حسین", "skeleton"},
      {"Hassan", "حسین", "skeleton"},
      {"Ahmad", "Hamid", "skeleton"},
      {"Mahmood", "Mohammad", "skeleton"},
      {"Omar", "Amir", "skeleton"},
      {"Mohammad Nabi", "Nabi", "tokens"},
      {"Ahmad", "Karim", "else"},
      {"احمد", "Karim", "else"},
      {"", "Karim", "missing"},
  };
  for (const ComparisonCase& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " / " + std::string(c.b));
    EXPECT_EQ(Level(0, {c.a}, {c.b}), c.level);
  }
}

TEST(NameComparator, JaroWinklerBandsCatchTypos) {
  // A typo that changes the skeleton still lands in a similarity band.
  const std::string level = Level(0, {"Rahmatullah"}, {"Rahmatulah Khan"});
  EXPECT_TRUE(level == "jw>=0.92" || level == "jw>=0.80" || level == "spelling" ||
              level == "tokens")
      << level;
  EXPECT_EQ(Level(0, {"Zabihullah"}, {"Zabihulah"}), "spelling");
  const std::string typo = Level(0, {"Shafiqullah"}, {"Shafiqulah"});
  EXPECT_NE(typo, "else");
}

TEST(DateComparator, LevelsForPartialDates) {
  const ComparisonCase cases[] = {
      {"1986-03-14", "1986-03-14", "exact"},
      {"1986", "1986", "exact"},
      {"1986-03-14", "1986-03-15", "one typo"},  // same year and month
      {"1986-03-14", "1986-14-03", ""},          // not a date: handled below
      {"1986-03-14", "1986-11-02", "same year"},
      {"1986", "1986-03-14", "same year"},  // year only against a full date
      {"1986", "1987-01-01", "1 year"},
      {"1986", "1989", "3 years"},
      {"1980~10", "1983", "3 years"},
      {"1980~10", "1988", "estimates overlap"},
      {"1980~2", "1988", "else"},
      {"1950", "1990", "else"},
      {"", "1990", "missing"},
  };
  for (const ComparisonCase& c : cases) {
    if (c.level.empty()) continue;
    SCOPED_TRACE(std::string(c.a) + " / " + std::string(c.b));
    EXPECT_EQ(Level(1, {c.a}, {c.b}), c.level);
  }
}

TEST(DateComparator, MalformedIsoDateIsAnErrorNamingTheColumn) {
  FeatureStore store(OneFieldOfEach());
  std::vector<std::vector<std::string_view>> raw(7);
  raw[1] = {"1986-14-03"};
  Status status = store.Add("a", raw);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().field, "birth");
  EXPECT_EQ(store.size(), 0U);
}

TEST(ExactComparator, AnyDocumentOfOneAgreesWithAnyOfTheOther) {
  EXPECT_EQ(Level(2, {"1400-0101-12345", ""}, {"", "14000101 12345"}), "exact");
  EXPECT_EQ(Level(2, {"AB-123", "PK-99"}, {"XY-1", "pk99"}), "exact");
  EXPECT_EQ(Level(2, {"AB-123"}, {"AB-124"}), "else");
  EXPECT_EQ(Level(2, {""}, {"AB-124"}), "missing");
}

TEST(IdentifierComparator, DocumentNumbersInEveryFormatAndOneEditApart) {
  const ComparisonCase cases[] = {
      {"PoR 294155287", "294155287", "exact"},
      {"PoR No. 294155287", "POR-294155287", "exact"},
      {"1403/7607/22919", "1403-7607-22919", "exact"},
      {"۱۴۰۳ ۷۶۰۷ ۲۲۹۱۹", "1403760722919", "exact"},
      {"1403/7607/22919", "1403-0607-22919", "one edit"},  // a digit wrong
      {"1401-0100-55512", "1401-0100-55521", "one edit"},  // two digits swapped
      {"5487123", "548712", "one edit"},                   // a digit dropped
      {"1401-0100-55512", "1399-0412-77811", "else"},
      {"12345", "12346", "else"},  // too short for one edit to mean a typo
  };
  for (const ComparisonCase& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " / " + std::string(c.b));
    EXPECT_EQ(Level(5, {c.a, ""}, {c.b, ""}), c.level);
  }
  // A number in the other column still agrees; a Tazkira on one record and a
  // PoR number on the other are two documents, not a disagreement.
  EXPECT_EQ(Level(5, {"5487123", ""}, {"", "5487123"}), "exact");
  EXPECT_EQ(Level(5, {"1401-0100-55512", ""}, {"", "PoR 294155287"}), "missing");
}

TEST(IdentifierComparator, PhonesInEveryFormatAndOneDigitOff) {
  const ComparisonCase cases[] = {
      {"+93 799 123 456", "0799-123-456", "exact"},  {"799123456", "0799123456", "exact"},
      {"0092-333-5123456", "923335123456", "exact"}, {"۰۷۹۹ ۴۴۴ ۵۵۵", "0799444555", "exact"},
      {"0700 456 789", "0700 456 780", "one edit"},  {"0788123123", "0788132123", "one edit"},
      {"0777 000 111", "07770001111", "one edit"},  // a digit too many
      {"0788123123", "0799555111", "else"},
  };
  for (const ComparisonCase& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " / " + std::string(c.b));
    EXPECT_EQ(Level(6, {c.a}, {c.b}), c.level);
  }
}

TEST(CodeComparator, CountsTypingErrors) {
  const ComparisonCase cases[] = {
      {"6988048", "6988048", "exact"},     {"6988048", "6988043", "one edit"},
      {"6988048", "6980848", "one edit"},  // transposition
      {"6988048", "6980843", "two edits"}, {"6988048", "1234567", "else"},
  };
  for (const ComparisonCase& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " / " + std::string(c.b));
    EXPECT_EQ(Level(3, {c.a}, {c.b}), c.level);
  }
}

TEST(TextComparator, JaroWinklerBands) {
  EXPECT_EQ(Level(4, {"Wallaby Place"}, {"wallaby  place"}), "exact");
  EXPECT_EQ(Level(4, {"hoseason street"}, {"hoseason stret"}), "jw>=0.94");
  EXPECT_EQ(Level(4, {"giblin street"}, {"maltby circuit"}), "else");
}

}  // namespace
}  // namespace sanad::match
