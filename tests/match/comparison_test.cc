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
  model.fields.resize(5);
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
  return model;
}

// The level name two raw values of field `field` compare at.
std::string Level(size_t field, std::vector<std::string_view> a, std::vector<std::string_view> b) {
  FeatureStore store(OneFieldOfEach());
  std::vector<std::vector<std::string_view>> raw_a(5);
  std::vector<std::vector<std::string_view>> raw_b(5);
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

struct Case {
  std::string_view a;
  std::string_view b;
  std::string_view level;
};

TEST(NameComparator, LevelsWithRealNamesInBothScripts) {
  const Case cases[] = {
      {"Mohammad Nabi", "mohammad  nabi", "exact"},
      {"محمد نبی", "محمد نبي", "exact"},  // Persian and Arabic yeh fold together
      {"Mohammad", "Muhammad", "skeleton"},
      {"Muhammad", "محمد", "skeleton"},
      {"Abdul Rahman", "Abdurrahman", "skeleton"},
      {"عبدالرحمن", "Abdul Rahman", "skeleton"},
      {"Hussain", "Hosein", "skeleton"},
      {"Gulalai", "Gulalay", "skeleton"},
      {"Mohammad Nabi", "Nabi", "tokens"},
      {"Ahmad", "Karim", "else"},
      {"احمد", "Karim", "else"},
      {"", "Karim", "missing"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.a) + " / " + std::string(c.b));
    EXPECT_EQ(Level(0, {c.a}, {c.b}), c.level);
  }
}

TEST(NameComparator, JaroWinklerBandsCatchTypos) {
  // A typo that changes the skeleton still lands in a similarity band.
  const std::string level = Level(0, {"Rahmatullah"}, {"Rahmatulah Khan"});
  EXPECT_TRUE(level == "jw>=0.92" || level == "jw>=0.80" || level == "skeleton" ||
              level == "tokens")
      << level;
  EXPECT_EQ(Level(0, {"Zabihullah"}, {"Zabihulah"}), "skeleton");
  const std::string typo = Level(0, {"Shafiqullah"}, {"Shafiqulah"});
  EXPECT_NE(typo, "else");
}

TEST(DateComparator, LevelsForPartialDates) {
  const Case cases[] = {
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
  for (const Case& c : cases) {
    if (c.level.empty()) continue;
    SCOPED_TRACE(std::string(c.a) + " / " + std::string(c.b));
    EXPECT_EQ(Level(1, {c.a}, {c.b}), c.level);
  }
}

TEST(DateComparator, MalformedIsoDateIsAnErrorNamingTheColumn) {
  FeatureStore store(OneFieldOfEach());
  std::vector<std::vector<std::string_view>> raw(5);
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

TEST(CodeComparator, CountsTypingErrors) {
  const Case cases[] = {
      {"6988048", "6988048", "exact"},     {"6988048", "6988043", "one edit"},
      {"6988048", "6980848", "one edit"},  // transposition
      {"6988048", "6980843", "two edits"}, {"6988048", "1234567", "else"},
  };
  for (const Case& c : cases) {
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
