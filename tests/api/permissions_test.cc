#include "api/permissions.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace sanad::api {
namespace {

// The permission table written out as a reviewer reads it: any change to
// who may do what must change this test too.
TEST(Permissions, TableRowByRow) {
  const std::map<Role, std::set<Permission>> expected = {
      {Role::kAdmin,
       {Permission::kHouseholdWrite, Permission::kPersonRead, Permission::kPersonDuplicates,
        Permission::kDocumentNumbers, Permission::kStatusCheck, Permission::kMovementWrite,
        Permission::kMovementRead, Permission::kReportRead, Permission::kReportUnsuppressed,
        Permission::kUserAdmin, Permission::kExportPersons, Permission::kPersonErase,
        Permission::kIncidentWrite, Permission::kIncidentRead, Permission::kPropertyRecords}},
      {Role::kRegistrar,
       {Permission::kHouseholdWrite, Permission::kPersonRead, Permission::kPersonDuplicates,
        Permission::kDocumentNumbers, Permission::kMovementWrite, Permission::kMovementRead,
        Permission::kIncidentWrite}},
      {Role::kCounsellor,
       {Permission::kPersonRead, Permission::kDocumentNumbers, Permission::kStatusCheck,
        Permission::kIncidentWrite, Permission::kIncidentRead, Permission::kPropertyRecords}},
      {Role::kCaseworker,
       {Permission::kPersonRead, Permission::kStatusCheck, Permission::kIncidentRead}},
      {Role::kAnalyst, {Permission::kReportRead}},
  };
  for (Role role : kAllRoles) {
    for (Permission permission : kAllPermissions) {
      SCOPED_TRACE(std::string(store::ToString(role)) + " " + std::string(ToString(permission)));
      EXPECT_EQ(Allows(role, permission), expected.at(role).contains(permission));
    }
  }
}

TEST(Permissions, AnalystNeverReadsAPersonRecord) {
  for (Permission p : {Permission::kPersonRead, Permission::kPersonDuplicates,
                       Permission::kDocumentNumbers, Permission::kExportPersons}) {
    EXPECT_FALSE(Allows(Role::kAnalyst, p));
  }
}

// Issue 11: a property record is what a confiscation drive would want.
TEST(Permissions, PropertyRecordsAreForCounsellorsAndAdminsOnly) {
  for (Role role : kAllRoles) {
    SCOPED_TRACE(std::string(store::ToString(role)));
    EXPECT_EQ(Allows(role, Permission::kPropertyRecords),
              role == Role::kCounsellor || role == Role::kAdmin);
  }
  EXPECT_FALSE(Allows(Role::kAnalyst, Permission::kIncidentRead));
  EXPECT_FALSE(Allows(Role::kAnalyst, Permission::kIncidentWrite));
  EXPECT_FALSE(Allows(Role::kCaseworker, Permission::kIncidentWrite));
}

}  // namespace
}  // namespace sanad::api
