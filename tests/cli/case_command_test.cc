// `sanad org add|list` and `sanad cases overdue`, run as an administrator or
// a supervisor would run them, against a real site.
#include <gtest/gtest.h>

#include <fstream>

#include "../testing/cli_site.h"
#include "core/person_csv.h"
#include "store/store.h"

namespace sanad {
namespace {

namespace proc = sanad::testing;

using Site = sanad::testing::CliSite;

TEST(CaseCommands, OrganisationsAreAddedAndListedAndBadServicesNamed) {
  Site site;
  std::ofstream(site.dir.File("in.csv"))
      << std::string(kPersonCsvHeader) + ",household_ref,relationship\n" +
             "r1,Mohammad Nabi,Abdul Rahman,,,m,1979,,,,Peshawar,,h1,head\n";
  ASSERT_EQ(site.Sanad({"import", "persons", site.dir.File("in.csv")}).exit_code, 0);
  auto added = site.Sanad({"org", "add", "Legal Aid Torkham", "--services", "legal_aid,shelter"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("Legal Aid Torkham\tlegal_aid,shelter"), std::string::npos);
  auto bad = site.Sanad({"org", "add", "NRC", "--services", "legal_aid,food"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("'food' is not a service"), std::string::npos) << bad.err;
  auto twice = site.Sanad({"org", "add", "Legal Aid Torkham", "--services", "cash"});
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_NE(twice.err.find("already listed"), std::string::npos) << twice.err;
  auto list = site.Sanad({"org", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("Legal Aid Torkham"), std::string::npos);
  EXPECT_EQ(list.out.find("NRC"), std::string::npos);

  // An overdue task on one caseworker's case.
  {
    auto store = site.Open();
    const store::Actor actor{"test", ""};
    ASSERT_TRUE(
        store->CreateUser("amina", store::Role::kCaseworker, "a good long password", actor));
    ASSERT_TRUE(
        store->CreateUser("bilal", store::Role::kCaseworker, "a good long password", actor));
    auto people = store->SearchPersons("Nabi", 1, 10, actor);
    ASSERT_TRUE(people && !people->items.empty());
    Case c;
    c.person_id = people->items[0].id;
    c.risks = {ProtectionRisk::kForcedReturn};
    auto created = store->CreateCase(c, "amina", actor);
    ASSERT_TRUE(created) << created.error().message;
    CaseTask task;
    task.title = "Call back";
    task.due = Date{2020, 1, 1};
    ASSERT_TRUE(store->AddCaseTask(created->id, task, actor));
    ASSERT_TRUE(store->CreateCase(c, "bilal", actor));
  }
  auto overdue = site.Sanad({"cases", "overdue", "--caseworker", "amina"});
  ASSERT_EQ(overdue.exit_code, 0) << overdue.err;
  EXPECT_NE(overdue.out.find("\tamina\tmedium\topen\t2020-01-01"), std::string::npos)
      << overdue.out;
  EXPECT_NE(overdue.err.find("1 overdue case(s)"), std::string::npos);
  auto none = site.Sanad({"cases", "overdue", "--caseworker", "bilal"});
  ASSERT_EQ(none.exit_code, 0);
  EXPECT_TRUE(none.out.empty());
}

}  // namespace
}  // namespace sanad
