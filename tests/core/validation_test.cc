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
      {"two heads",
       [](Household& h) { h.members.push_back(h.members[0]); }, "members"},
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

TEST(Validation, AcceptsPhonesInEasternArabicDigits) {
  EXPECT_TRUE(ValidatePhone("phone", "۰۷۰۰۱۲۳۴۵۶"));
  EXPECT_TRUE(ValidatePhone("phone", "+92 300 1234567"));
  EXPECT_FALSE(ValidatePhone("phone", "12"));
}

}  // namespace
}  // namespace sanad
