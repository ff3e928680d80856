// The age-sex pyramid of registered flows and its disclosure control.
#include "report/pyramid.h"

#include <gtest/gtest.h>

namespace sanad::report {
namespace {

// A registered flow of `people` persons, each {sex, band}.
FlowTally Registered(Date date, std::vector<std::pair<Sex, AgeBand>> people,
                     Direction direction = Direction::kToAfghanistan) {
  FlowTally t;
  t.date = date;
  t.crossing_point = "Torkham";
  t.direction = direction;
  for (const auto& [sex, band] : people) CountPerson(&t, sex, band);
  return t;
}

std::vector<std::pair<Sex, AgeBand>> Many(size_t n, Sex sex, AgeBand band) {
  return std::vector<std::pair<Sex, AgeBand>>(n, {sex, band});
}

TEST(CountPerson, FillsTheSexByAgeCellOnlyWhenBothAreKnown) {
  FlowTally t;
  CountPerson(&t, Sex::kFemale, AgeBand::k5To17);
  CountPerson(&t, Sex::kMale, AgeBand::k60Plus);
  CountPerson(&t, Sex::kUnknown, AgeBand::k0To4);
  CountPerson(&t, Sex::kFemale, std::nullopt);
  EXPECT_EQ(t.individuals, 4);
  EXPECT_EQ(t.sex_by_age[0], (std::array<int64_t, 4>{0, 1, 0, 0}));
  EXPECT_EQ(t.sex_by_age[1], (std::array<int64_t, 4>{0, 0, 0, 1}));
}

TEST(AgeSexPyramid, SumsTheRangeAndDirectionAndPublishesLargeCells) {
  const Date day{2025, 4, 8};
  std::vector<FlowTally> flows{
      Registered(day, Many(12, Sex::kFemale, AgeBand::k0To4)),
      Registered(day, Many(9, Sex::kMale, AgeBand::k0To4)),
      Registered(Date{2025, 4, 9}, Many(30, Sex::kFemale, AgeBand::k18To59)),
      Registered(day, Many(25, Sex::kMale, AgeBand::k18To59)),
      Registered(day, Many(7, Sex::kFemale, AgeBand::k5To17)),
      Registered(day, Many(8, Sex::kMale, AgeBand::k5To17)),
      // Outside: another day, the other direction.
      Registered(Date{2025, 4, 20}, Many(50, Sex::kMale, AgeBand::k60Plus)),
      Registered(day, Many(50, Sex::kMale, AgeBand::k60Plus), Direction::kToPakistan),
  };
  const auto p =
      BuildAgeSexPyramid(flows, Direction::kToAfghanistan, day, Date{2025, 4, 14}, 5, true);
  using Row = std::array<AgeSexPyramid::Figure, kAgeBandCount>;
  EXPECT_EQ(p.cells[0], (Row{12, 7, 30, 0}));
  EXPECT_EQ(p.cells[1], (Row{9, 8, 25, 0}));
  EXPECT_EQ(p.by_sex[0], 49);
  EXPECT_EQ(p.by_sex[1], 42);
  EXPECT_EQ(p.by_age[3], 0);  // nobody over 60: zero is not a small cell
  EXPECT_EQ(p.total, 91);
  EXPECT_EQ(p.suppressed, 0u);
}

TEST(AgeSexPyramid, ASmallCellIsWithheldAndCannotBeWorkedOutFromTheTotals) {
  const Date day{2025, 4, 8};
  std::vector<FlowTally> flows{
      Registered(day, Many(2, Sex::kFemale, AgeBand::k60Plus)),  // two old women: too few
      Registered(day, Many(20, Sex::kFemale, AgeBand::k18To59)),
      Registered(day, Many(15, Sex::kMale, AgeBand::k18To59)),
      Registered(day, Many(11, Sex::kMale, AgeBand::k60Plus)),
      Registered(day, Many(10, Sex::kFemale, AgeBand::k0To4)),
      Registered(day, Many(6, Sex::kMale, AgeBand::k0To4)),
  };
  const auto p = BuildAgeSexPyramid(flows, Direction::kToAfghanistan, day, day, 5, true);
  EXPECT_FALSE(p.cells[0][3].has_value());
  // Its row total and column total are known, so another cell of its row
  // and of its column must go too, or a subtraction gives it back.
  int withheld_in_row = 0;
  for (const auto& cell : p.cells[0]) withheld_in_row += cell.has_value() ? 0 : 1;
  int withheld_in_column = 0;
  for (const auto& row : p.cells) withheld_in_column += row[3].has_value() ? 0 : 1;
  EXPECT_GE(withheld_in_row, 2);
  EXPECT_GE(withheld_in_column, 2);
  EXPECT_GE(p.suppressed, 4u);
  // The same table with disclosure control off (admins, audited): all of it.
  const auto open = BuildAgeSexPyramid(flows, Direction::kToAfghanistan, day, day, 5, false);
  EXPECT_EQ(open.cells[0][3], 2);
  EXPECT_EQ(open.total, 64);
  EXPECT_EQ(open.suppressed, 0u);
}

TEST(AgeSexPyramid, NoRegisteredFlowsGiveZeroesNotGaps) {
  const auto p = BuildAgeSexPyramid({}, Direction::kToAfghanistan, Date{2025, 1, 1},
                                    Date{2025, 1, 31}, 5, true);
  EXPECT_EQ(p.total, 0);
  EXPECT_EQ(p.cells[1][2], 0);
}

}  // namespace
}  // namespace sanad::report
