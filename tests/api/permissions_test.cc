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
        Permission::kUserAdmin, Permission::kExportPersons, Permission::kPersonErase}},
      {Role::kRegistrar,
       {Permission::kHouseholdWrite, Permission::kPersonRead, Permission::kPersonDuplicates,
        Permission::kDocumentNumbers, Permission::kMovementWrite, Permission::kMovementRead}},
      {Role::kCounsellor,
       {Permission::kPersonRead, Permission::kDocumentNumbers, Permission::kStatusCheck}},
      {Role::kCaseworker, {Permission::kPersonRead, Permission::kStatusCheck}},
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

}  // namespace
}  // namespace sanad::api
