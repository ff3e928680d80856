#include "core/validation.h"

#include <gtest/gtest.h>

namespace sanad {
namespace {

Household OneMember() {
  Household h;
  Person p;
  p.given_name = "Zarghuna";
  p.relationship = Relationship::kHead;
  h.members.push_back(p);
  return h;
}

TEST(Validation, AcceptsAMinimalHousehold) { EXPECT_TRUE(ValidateHousehold(OneMember())); }

TEST(Validation, NamesTheFieldPathOfANestedProblem) {
  Household h = OneMember();
  h.members.push_back(h.members[0]);
  h.members[1].relationship = Relationship::kSon;
  h.members[1].documents.push_back({DocumentType::kPassport, "P\x01", {}, {}});
  auto r = ValidateHousehold(h);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "members[1].documents[0].number");
}

TEST(Validation, RejectsBadValues) {
  struct Case {
    const char* name;
    void (*mutate)(Household&);
    const char* field;
  } cases[] = {
      {"no members", [](Household& h) { h.members.clear(); }, "members"},
      {"blank given name", [](Household& h) { h.members[0].given_name = "  "; },
       "members[0].given_name"},
      {"huge name", [](Household& h) { h.members[0].given_name = std::string(500, 'a'); },
       "members[0].given_name"},
      {"invalid utf8", [](Household& h) { h.members[0].father_name = "\xC0\xAF"; },
       "members[0].father_name"},
      {"letters in phone", [](Household& h) { h.members[0].phone = "call me"; },
       "members[0].phone"},
      {"two heads", [](Household& h) { h.members.push_back(h.members[0]); }, "members"},
      {"future birth",
       [](Household& h) { h.members[0].birth_date = PartialDate::Parse("2099").value(); },
       "members[0].birth_date"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Household h = OneMember();
    c.mutate(h);
    auto r = ValidateHousehold(h);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, c.field);
    EXPECT_FALSE(r.error().message.empty());
  }
}

// Names are letters: emoji, flags, math signs and private-use characters
// are refused naming the field; what names are written with is kept.
TEST(Validation, NamesRefuseSymbolsAndPicturesButKeepWhatNamesUse) {
  for (const char* name : {"Abdul-Rahman", "Md. Nabi", "O'Brien", "شاه\u200cمحمد", "Zabihullah",
                           "ذبیح الله", "Rahmatullah\u2019s", "گل‌احمد"}) {
    EXPECT_TRUE(ValidateName("given_name", name)) << name;
  }
  for (const char* name : {"Ahmad \U0001F600", "\U0001F1E6\U0001F1EB Wali", "Nabi \u2211",
                           "Karim\U0001F3FD", "Gul \uE000", "Ahmad \u00B4"}) {
    auto refused = ValidateName("father_name", name);
    ASSERT_FALSE(refused) << name;
    EXPECT_EQ(refused.error().field, "father_name");
    EXPECT_NE(refused.error().message.find("symbol or picture"), std::string::npos);
  }
  Person person;
  person.given_name = "Ahmad \U0001F600";
  EXPECT_EQ(ValidatePerson(person).error().field, "given_name");
}

TEST(Validation, AcceptsPhonesInEasternArabicDigits) {
  EXPECT_TRUE(ValidatePhone("phone", "۰۷۰۰۱۲۳۴۵۶"));
  EXPECT_TRUE(ValidatePhone("phone", "+92 300 1234567"));
  EXPECT_FALSE(ValidatePhone("phone", "12"));
}

}  // namespace
}  // namespace sanad

namespace sanad {
namespace {

// Defect H: line and paragraph separators and bidirectional overrides,
// embeddings and isolates can hide or reorder what a name shows; they are
// refused in every text field like control characters.
TEST(Validation, RefusesLineSeparatorsAndBidiControlsInEveryTextField) {
  const struct {
    const char* name;
    const char* bytes;
  } characters[] = {
      {"U+0085 next line", "\xC2\x85"},
      {"U+2028 line separator", "\xE2\x80\xA8"},
      {"U+2029 paragraph separator", "\xE2\x80\xA9"},
      {"U+202A LRE", "\xE2\x80\xAA"},
      {"U+202B RLE", "\xE2\x80\xAB"},
      {"U+202C PDF", "\xE2\x80\xAC"},
      {"U+202D LRO", "\xE2\x80\xAD"},
      {"U+202E RLO", "\xE2\x80\xAE"},
      {"U+2066 LRI", "\xE2\x81\xA6"},
      {"U+2067 RLI", "\xE2\x81\xA7"},
      {"U+2068 FSI", "\xE2\x81\xA8"},
      {"U+2069 PDI", "\xE2\x81\xA9"},
      {"U+0080 C1 control", "\xC2\x80"},
      {"U+FEFF byte-order mark", "\xEF\xBB\xBF"},
  };
  const struct {
    const char* field;
    void (*set)(Household&, const std::string&);
  } fields[] = {
      {"members[0].given_name",
       [](Household& h, const std::string& v) { h.members[0].given_name = v; }},
      {"members[0].father_name",
       [](Household& h, const std::string& v) { h.members[0].father_name = v; }},
      {"members[0].family_name",
       [](Household& h, const std::string& v) { h.members[0].family_name = v; }},
      {"members[0].external_id",
       [](Household& h, const std::string& v) { h.members[0].external_id = v; }},
      {"members[0].documents[0].number",
       [](Household& h, const std::string& v) {
         h.members[0].documents.push_back({DocumentType::kTazkira, v, {}, {}});
       }},
      {"origin_district", [](Household& h, const std::string& v) { h.origin_district = v; }},
      {"current_location", [](Household& h, const std::string& v) { h.current_location = v; }},
  };
  for (const auto& c : characters) {
    for (const auto& f : fields) {
      SCOPED_TRACE(std::string(c.name) + " in " + f.field);
      Household h = OneMember();
      f.set(h, std::string("Gul") + c.bytes + "Bibi");
      auto r = ValidateHousehold(h);
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().code, Error::Code::kInvalidInput);
      EXPECT_EQ(r.error().field, f.field);
    }
  }
  // Persian and Pashto text keeps the zero-width non-joiner it needs.
  Household h = OneMember();
  h.members[0].given_name = "مهر\xE2\x80\x8Cانگیز";
  EXPECT_TRUE(ValidateHousehold(h));
  Movement m;
  m.date = Date{2025, 4, 1};
  m.crossing_point = "Torkham\xE2\x80\xAE";
  m.household_id = "h";
  EXPECT_EQ(ValidateMovement(m).error().field, "crossing_point");
}

// Defect E: the same person twice in one movement is refused before the
// store writes, naming the second.
TEST(Validation, MovementNamingAPersonTwiceIsRefusedNamingTheSecond) {
  Movement m;
  m.date = Date{2025, 4, 1};
  m.crossing_point = "Torkham";
  m.person_ids = {"p1", "p2", "p1"};
  auto r = ValidateMovement(m);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "person_ids[2]");
  m.person_ids = {"p1", "p1"};
  EXPECT_EQ(ValidateMovement(m).error().field, "person_ids[1]");
}

// Defect I: one rule for dates that cannot be in the future, for movements
// and head-count tallies alike; a date that is already today somewhere east
// of UTC (Kabul is UTC+4:30) is not "in the future".
TEST(Validation, FutureDatesAreOneRuleAndAllowTheSiteTimeZone) {
  // Late in the UTC day, when Kabul is already in the next one.
  TestClock clock(TestClock::FromIso(2025, 4, 1, 23));
  const Date today{2025, 4, 1};
  const Date tomorrow{2025, 4, 2};
  const Date later{2025, 4, 3};
  EXPECT_TRUE(ValidateNotInFuture("date", today, clock));
  EXPECT_TRUE(ValidateNotInFuture("date", tomorrow, clock));
  auto r = ValidateNotInFuture("date", later, clock);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "date");
  Movement m;
  m.date = later;
  m.crossing_point = "Torkham";
  m.household_id = "h";
  EXPECT_EQ(ValidateMovement(m, clock).error().field, "date");
  clock.Advance(std::chrono::hours(1));  // midnight UTC: 2025-04-03 is tomorrow now
  EXPECT_TRUE(ValidateMovement(m, clock));
}

TEST(Validation, ABirthOrIssueDateAfterTomorrowIsRefusedByTheClockGiven) {
  TestClock clock(TestClock::FromIso(2025, 4, 1, 8));
  Household h;
  Person p;
  p.given_name = "Nazo";
  p.birth_date = PartialDate::Parse("2025-04-03").value();
  h.members.push_back(p);
  EXPECT_EQ(ValidateHousehold(h, clock).error().field, "members[0].birth_date");
  h.members[0].birth_date = PartialDate::Parse("2025-04-02").value();
  h.members[0].documents.push_back(
      {DocumentType::kTazkira, "1401", PartialDate::Parse("2025-04-03").value(), {}});
  EXPECT_EQ(ValidateHousehold(h, clock).error().field, "members[0].documents[0].issued");
  clock.Advance(std::chrono::hours(24));
  EXPECT_TRUE(ValidateHousehold(h, clock));
}

}  // namespace
}  // namespace sanad
