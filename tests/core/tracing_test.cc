#include "core/tracing.h"

#include <gtest/gtest.h>

#include <string>

namespace sanad {
namespace {

Person Inquirer(Sex sex = Sex::kMale) {
  Person p;
  p.given_name = "Mohammad Wali";
  p.father_name = "Abdullah";
  p.grandfather_name = "Ghulam Sakhi";
  p.sex = sex;
  return p;
}

SoughtPerson Sought(std::string given, SoughtRelationship relationship) {
  SoughtPerson s;
  s.given_name = std::move(given);
  s.relationship = relationship;
  return s;
}

TEST(Tracing, EveryVocabularyNameReadsBackAndIsListed) {
  for (int i = 0; i <= static_cast<int>(SoughtRelationship::kOther); ++i) {
    const auto r = static_cast<SoughtRelationship>(i);
    EXPECT_EQ(ParseSoughtRelationship(ToString(r)), r);
    EXPECT_NE(SoughtRelationshipNames().find(ToString(r)), std::string_view::npos);
  }
  for (int i = 0; i <= static_cast<int>(SeparationCause::kOther); ++i) {
    const auto c = static_cast<SeparationCause>(i);
    EXPECT_EQ(ParseSeparationCause(ToString(c)), c);
    EXPECT_NE(SeparationCauseNames().find(ToString(c)), std::string_view::npos);
  }
  EXPECT_FALSE(ParseSoughtRelationship("Brother"));
}

TEST(Tracing, ASiblingCarriesTheInquirersFatherAndGrandfather) {
  const TracingQuery q =
      TracingQueryOf(Inquirer(), Sought("Ahmad Wali", SoughtRelationship::kBrother), {2026, 1, 1});
  EXPECT_EQ(q.person.given_name, "Ahmad Wali");
  EXPECT_EQ(q.person.father_name, "Abdullah");
  EXPECT_EQ(q.person.grandfather_name, "Ghulam Sakhi");
  EXPECT_EQ(q.person.sex, Sex::kMale);
  EXPECT_EQ(q.derived, (std::vector<std::string_view>{"father_name", "grandfather_name"}));
  // A sister too, even when the inquirer is a woman: the same father.
  const TracingQuery sister = TracingQueryOf(
      Inquirer(Sex::kFemale), Sought("Mariam", SoughtRelationship::kSister), {2026, 1, 1});
  EXPECT_EQ(sister.person.father_name, "Abdullah");
  EXPECT_EQ(sister.person.sex, Sex::kFemale);
}

TEST(Tracing, AChildCarriesAFatherInquirerButNotAMother) {
  const TracingQuery son =
      TracingQueryOf(Inquirer(), Sought("Bilal", SoughtRelationship::kSon), {2026, 1, 1});
  EXPECT_EQ(son.person.father_name, "Mohammad Wali");
  EXPECT_EQ(son.person.grandfather_name, "Abdullah");
  // A mother's children carry their father's line, which the inquirer's
  // names do not give.
  const TracingQuery her_son = TracingQueryOf(
      Inquirer(Sex::kFemale), Sought("Bilal", SoughtRelationship::kSon), {2026, 1, 1});
  EXPECT_EQ(her_son.person.father_name, "");
  EXPECT_TRUE(her_son.derived.empty());
}

TEST(Tracing, AFatherIsTheInquirersFatherNameAndAnUncleDerivesNothing) {
  SoughtPerson father;
  father.nickname = "Kaka";
  father.relationship = SoughtRelationship::kFather;
  const TracingQuery q = TracingQueryOf(Inquirer(), father, {2026, 1, 1});
  EXPECT_EQ(q.person.given_name, "Kaka");  // a name given beats a name derived
  EXPECT_EQ(q.person.father_name, "Ghulam Sakhi");
  father.nickname.clear();
  EXPECT_EQ(TracingQueryOf(Inquirer(), father, {2026, 1, 1}).person.given_name, "Abdullah");
  // The father's or the mother's brother: the line is not known.
  const TracingQuery uncle =
      TracingQueryOf(Inquirer(), Sought("Nabi", SoughtRelationship::kUncle), {2026, 1, 1});
  EXPECT_TRUE(uncle.derived.empty());
  EXPECT_EQ(uncle.person.father_name, "");
}

TEST(Tracing, NamesGivenBeatNamesDerivedAndAnAgeBecomesABirthYear) {
  SoughtPerson s = Sought("Ahmad", SoughtRelationship::kBrother);
  s.father_name = "عبدالله";
  s.age = 19;
  s.last_known_phone = "0300 1234567";
  const TracingQuery q = TracingQueryOf(Inquirer(), s, {2026, 12, 2});
  EXPECT_EQ(q.person.father_name, "عبدالله");
  EXPECT_EQ(q.derived, std::vector<std::string_view>{"grandfather_name"});
  ASSERT_TRUE(q.person.birth_date);
  EXPECT_EQ(q.person.birth_date->year, 2007);
  EXPECT_EQ(q.person.birth_date->precision, PartialDate::Precision::kYear);
  EXPECT_EQ(q.person.phone, "0300 1234567");
}

TEST(Tracing, ValidationNamesTheField) {
  const TestClock clock(TestClock::FromIso(2026, 12, 2, 8));
  SoughtPerson s = Sought("Mariam", SoughtRelationship::kSister);
  EXPECT_TRUE(ValidateSoughtPerson(s, clock));
  s.sex = Sex::kMale;
  EXPECT_EQ(ValidateSoughtPerson(s, clock).error().field, "sex");
  s.sex = Sex::kFemale;
  s.age = 130;
  EXPECT_EQ(ValidateSoughtPerson(s, clock).error().field, "age");
  s.age.reset();
  s.separation_date = PartialDate::Parse("2027-01", "separation_date").value();
  EXPECT_EQ(ValidateSoughtPerson(s, clock).error().field, "separation_date");
  s.separation_date.reset();
  s.last_known_phone = "call me";
  EXPECT_EQ(ValidateSoughtPerson(s, clock).error().field, "last_known_phone");
  s.last_known_phone.clear();
  s.given_name.clear();
  EXPECT_EQ(ValidateSoughtPerson(s, clock).error().field, "given_name");
  s.nickname = "Bibi Gul";
  EXPECT_TRUE(ValidateSoughtPerson(s, clock));
  s.separation_place = std::string("Torkham\x01", 8);
  EXPECT_EQ(ValidateSoughtPerson(s, clock).error().field, "separation_place");
}

}  // namespace
}  // namespace sanad
