#include "api/permissions.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "api/route.h"

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
        Permission::kIncidentWrite, Permission::kIncidentRead, Permission::kPropertyRecords,
        Permission::kOrganisationAdmin, Permission::kAuditRead, Permission::kSiteSettings,
        Permission::kSyncStatus}},
      {Role::kRegistrar,
       {Permission::kHouseholdWrite, Permission::kPersonRead, Permission::kPersonDuplicates,
        Permission::kDocumentNumbers, Permission::kMovementWrite, Permission::kMovementRead,
        Permission::kIncidentWrite, Permission::kTracingCreate}},
      {Role::kCounsellor,
       {Permission::kPersonRead, Permission::kDocumentNumbers, Permission::kStatusCheck,
        Permission::kIncidentWrite, Permission::kIncidentRead, Permission::kPropertyRecords,
        Permission::kCaseRead, Permission::kReferralUpdate}},
      {Role::kCaseworker,
       {Permission::kPersonRead, Permission::kPersonDuplicates, Permission::kStatusCheck,
        Permission::kIncidentRead, Permission::kCaseWrite, Permission::kCaseRead,
        Permission::kCaseReadAll, Permission::kReferralUpdate, Permission::kTracingCreate,
        Permission::kTracingWork}},
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

// Issue 12: caseworkers own cases; counsellors see only legal-aid referred
// ones; registrars none; analysts only the counts; admins keep the list of
// organisations but read no case.
TEST(Permissions, CasesAreForCaseworkersAndLegalAidForCounsellors) {
  for (Role role : kAllRoles) {
    SCOPED_TRACE(std::string(store::ToString(role)));
    EXPECT_EQ(Allows(role, Permission::kCaseWrite), role == Role::kCaseworker);
    EXPECT_EQ(Allows(role, Permission::kCaseReadAll), role == Role::kCaseworker);
    EXPECT_EQ(Allows(role, Permission::kCaseRead),
              role == Role::kCaseworker || role == Role::kCounsellor);
    EXPECT_EQ(Allows(role, Permission::kOrganisationAdmin), role == Role::kAdmin);
  }
  EXPECT_TRUE(Allows(Role::kAnalyst, Permission::kReportRead));
  EXPECT_FALSE(Allows(Role::kRegistrar, Permission::kReferralUpdate));
}

// Issue 12, tracing: caseworkers open, read and decide; a registrar opens a
// request for the person they register but never sees its matches (they
// name people who are not the registrar's to see); analysts only counts.
TEST(Permissions, TracingMatchesAreForCaseworkersOnly) {
  for (Role role : kAllRoles) {
    SCOPED_TRACE(std::string(store::ToString(role)));
    EXPECT_EQ(Allows(role, Permission::kTracingWork), role == Role::kCaseworker);
    EXPECT_EQ(Allows(role, Permission::kTracingCreate),
              role == Role::kCaseworker || role == Role::kRegistrar);
  }
}

// Issue 16: the audit log, the site's k and its crossing points are the
// administrator's alone; a report below the site's k needs
// report.unsuppressed as before. Issue 14: so is the site's sync status.
TEST(Permissions, AuditLogAndSiteSettingsAreForAdminsOnly) {
  for (Role role : kAllRoles) {
    SCOPED_TRACE(std::string(store::ToString(role)));
    EXPECT_EQ(Allows(role, Permission::kAuditRead), role == Role::kAdmin);
    EXPECT_EQ(Allows(role, Permission::kSiteSettings), role == Role::kAdmin);
    EXPECT_EQ(Allows(role, Permission::kSyncStatus), role == Role::kAdmin);
    EXPECT_EQ(Allows(role, Permission::kReportUnsuppressed), role == Role::kAdmin);
  }
}

// Issue 16: the routes anyone may call, written out. The API description is
// public as docs/api.md is (the web app serves it to anyone); it holds no
// data. Adding a public route must change this test.
TEST(Permissions, PublicRoutesAreHealthSignInAndTheDescription) {
  std::set<std::string> public_routes;
  for (const Route& route : AllRoutes()) {
    if (route.access == Access::kPublic) {
      public_routes.insert(std::string(route.method) + " " + std::string(route.pattern));
    }
  }
  EXPECT_EQ(public_routes, (std::set<std::string>{"GET /healthz", "POST /api/v1/session",
                                                  "GET /api/v1/openapi.json"}));
}

}  // namespace
}  // namespace sanad::api
