// The flash update over a real SQLite store: tallies imported at a crossing
// and registered households' movements, counted once.
#include <gtest/gtest.h>

#include "../testing/temp_dir.h"
#include "report/flash.h"
#include "store/store.h"

namespace sanad::report {
namespace {

const store::Actor kActor{"test-user", "127.0.0.1"};

Person Member(Sex sex, const char* birth, Relationship relationship) {
  Person p;
  p.given_name = "Test";
  p.father_name = "Father";
  p.sex = sex;
  p.birth_date = PartialDate::Parse(birth).value();
  p.relationship = relationship;
  return p;
}

TEST(FlashOverStore, RegisteredHouseholdsAndTalliesAreCountedOnce) {
  sanad::testing::TempDir dir;
  store::Key key;
  key.fill(3);
  auto opened =
      store::Store::OpenSqliteFile(dir.File("site.db"), store::KeyRing::FromMasterKey(key));
  ASSERT_TRUE(opened) << opened.error().message;
  auto& db = **opened;

  // A registered household of four crossing at Torkham, deported, to Kabul.
  Household h;
  h.destination_province = "Kabul";
  h.members = {Member(Sex::kMale, "1980", Relationship::kHead),
               Member(Sex::kFemale, "1985", Relationship::kSpouse),
               Member(Sex::kFemale, "2012", Relationship::kDaughter),
               Member(Sex::kMale, "2023", Relationship::kSon)};
  auto created = db.CreateHousehold(h, kActor);
  ASSERT_TRUE(created) << created.error().message;
  Movement m;
  m.date = Date{2025, 4, 8};
  m.crossing_point = "Torkham";
  m.mode = MovementMode::kDeported;
  m.household_id = created->id;
  for (const auto& p : created->members) m.person_ids.push_back(p.id);
  auto moved = db.CreateMovement(m, kActor);
  ASSERT_TRUE(moved) << moved.error().message;

  // The head count at Torkham that day: 30 deported, the 4 above among them.
  FlowTally tally;
  tally.date = Date{2025, 4, 8};
  tally.crossing_point = "Torkham";
  tally.mode = MovementMode::kDeported;
  tally.households = 8;
  tally.individuals = 30;
  tally.female = 10;
  tally.male = 20;
  tally.age_0_4 = 4;
  tally.age_5_17 = 6;
  tally.age_18_59 = 18;
  tally.age_60_plus = 2;
  tally.destination_province = "Kabul";
  tally.registered_individuals = 4;
  // And 12 spontaneous at Chaman, not registered.
  FlowTally chaman = tally;
  chaman.crossing_point = "Chaman–Spin Boldak";
  chaman.mode = MovementMode::kSpontaneous;
  chaman.households = 2;
  chaman.individuals = 12;
  chaman.female = 6;
  chaman.male = 6;
  chaman.age_0_4 = 2;
  chaman.age_5_17 = 4;
  chaman.age_18_59 = 5;
  chaman.age_60_plus = 1;
  chaman.destination_province = "Kandahar";
  chaman.registered_individuals = 0;
  ASSERT_TRUE(db.AddTallies({tally, chaman}, kActor));

  FlashOptions options;
  options.from = Date{2025, 4, 7};
  options.to = Date{2025, 4, 13};
  options.by = Period::kWeek;
  options.disclosure_control = false;
  auto tallies = db.ListTallies(FirstDateNeeded(options), options.to);
  auto registered = db.ListRegisteredFlows(FirstDateNeeded(options), options.to);
  ASSERT_TRUE(tallies && registered);
  ASSERT_EQ(registered->size(), 1u);
  EXPECT_EQ((*registered)[0].individuals, 4);
  auto report = BuildFlashReport(*tallies, *registered, options);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->total.figures[kIndividuals], 42);  // not 46
  EXPECT_EQ(report->by_mode[static_cast<size_t>(MovementMode::kDeported)].figures[kIndividuals],
            30);
  // The pyramid counts the registered household only (the tallies record
  // sex and age apart): ages on 2025-04-08.
  const auto& pyramid = report->pyramid;
  using Row = std::array<AgeSexPyramid::Figure, kAgeBandCount>;
  EXPECT_EQ(pyramid.cells[0], (Row{0, 1, 1, 0}));  // the daughter of 13, the spouse of 40
  EXPECT_EQ(pyramid.cells[1], (Row{1, 0, 1, 0}));  // the son of 2, the head of 45
  EXPECT_EQ(pyramid.total, 4);

  // Without the declaration the registered four would be added.
  tally.registered_individuals = 0;
  tally.date = Date{2025, 4, 9};
  ASSERT_TRUE(db.AddTallies({tally}, kActor));
  tallies = db.ListTallies(FirstDateNeeded(options), options.to);
  report = BuildFlashReport(*tallies, *registered, options);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->total.figures[kIndividuals], 42 + 30);
}

TEST(FlashOverStore, AllOrNothingImport) {
  sanad::testing::TempDir dir;
  store::Key key;
  key.fill(4);
  auto opened =
      store::Store::OpenSqliteFile(dir.File("site.db"), store::KeyRing::FromMasterKey(key));
  ASSERT_TRUE(opened);
  FlowTally good;
  good.date = Date{2025, 4, 8};
  good.crossing_point = "Torkham";
  good.households = 1;
  good.individuals = 2;
  good.female = 1;
  good.male = 1;
  good.age_18_59 = 2;
  FlowTally bad = good;
  bad.male = 2;  // 1 + 2 != 2
  EXPECT_FALSE((*opened)->AddTallies({good, bad}, kActor));
  auto listed = (*opened)->ListTallies(Date{2025, 1, 1}, Date{2025, 12, 31});
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
}

}  // namespace
}  // namespace sanad::report
