#include "api/permissions.h"

namespace sanad::api {
namespace {

struct Grant {
  Role role;
  Permission permission;
};

// The single source of truth; tests/api/permissions_test.cc checks it row by row.
constexpr Grant kGrants[] = {
    {Role::kAdmin, Permission::kHouseholdWrite},
    {Role::kAdmin, Permission::kPersonRead},
    {Role::kAdmin, Permission::kPersonDuplicates},
    {Role::kAdmin, Permission::kDocumentNumbers},
    {Role::kAdmin, Permission::kStatusCheck},
    {Role::kAdmin, Permission::kMovementWrite},
    {Role::kAdmin, Permission::kMovementRead},
    {Role::kAdmin, Permission::kReportRead},
    {Role::kAdmin, Permission::kReportUnsuppressed},
    {Role::kAdmin, Permission::kUserAdmin},
    {Role::kAdmin, Permission::kExportPersons},
    {Role::kAdmin, Permission::kPersonErase},
    {Role::kAdmin, Permission::kIncidentWrite},
    {Role::kAdmin, Permission::kIncidentRead},
    {Role::kAdmin, Permission::kPropertyRecords},
    {Role::kAdmin, Permission::kOrganisationAdmin},
    {Role::kAdmin, Permission::kAuditRead},
    {Role::kAdmin, Permission::kSiteSettings},
    {Role::kAdmin, Permission::kSyncStatus},

    {Role::kRegistrar, Permission::kHouseholdWrite},
    {Role::kRegistrar, Permission::kPersonRead},
    {Role::kRegistrar, Permission::kPersonDuplicates},
    {Role::kRegistrar, Permission::kDocumentNumbers},
    {Role::kRegistrar, Permission::kMovementWrite},
    {Role::kRegistrar, Permission::kMovementRead},
    {Role::kRegistrar, Permission::kIncidentWrite},
    {Role::kRegistrar, Permission::kTracingCreate},

    {Role::kCounsellor, Permission::kPersonRead},
    {Role::kCounsellor, Permission::kDocumentNumbers},
    {Role::kCounsellor, Permission::kStatusCheck},
    {Role::kCounsellor, Permission::kIncidentWrite},
    {Role::kCounsellor, Permission::kIncidentRead},
    {Role::kCounsellor, Permission::kPropertyRecords},
    {Role::kCounsellor, Permission::kCaseRead},
    {Role::kCounsellor, Permission::kReferralUpdate},

    {Role::kCaseworker, Permission::kPersonRead},
    {Role::kCaseworker, Permission::kPersonDuplicates},
    {Role::kCaseworker, Permission::kStatusCheck},
    {Role::kCaseworker, Permission::kIncidentRead},
    {Role::kCaseworker, Permission::kCaseWrite},
    {Role::kCaseworker, Permission::kCaseRead},
    {Role::kCaseworker, Permission::kCaseReadAll},
    {Role::kCaseworker, Permission::kReferralUpdate},
    {Role::kCaseworker, Permission::kTracingCreate},
    {Role::kCaseworker, Permission::kTracingWork},

    {Role::kAnalyst, Permission::kReportRead},
};

}  // namespace

std::string_view ToString(Permission permission) {
  switch (permission) {
    case Permission::kHouseholdWrite:
      return "household.write";
    case Permission::kPersonRead:
      return "person.read";
    case Permission::kPersonDuplicates:
      return "person.duplicates";
    case Permission::kDocumentNumbers:
      return "person.document_numbers";
    case Permission::kStatusCheck:
      return "status.check";
    case Permission::kMovementWrite:
      return "movement.write";
    case Permission::kMovementRead:
      return "movement.read";
    case Permission::kReportRead:
      return "report.read";
    case Permission::kReportUnsuppressed:
      return "report.unsuppressed";
    case Permission::kUserAdmin:
      return "user.admin";
    case Permission::kExportPersons:
      return "export.persons";
    case Permission::kPersonErase:
      return "person.erase";
    case Permission::kIncidentWrite:
      return "incident.write";
    case Permission::kIncidentRead:
      return "incident.read";
    case Permission::kPropertyRecords:
      return "property.records";
    case Permission::kCaseWrite:
      return "case.write";
    case Permission::kCaseRead:
      return "case.read";
    case Permission::kCaseReadAll:
      return "case.read_all";
    case Permission::kReferralUpdate:
      return "referral.update";
    case Permission::kOrganisationAdmin:
      return "organisation.admin";
    case Permission::kTracingCreate:
      return "tracing.create";
    case Permission::kTracingWork:
      return "tracing.work";
    case Permission::kAuditRead:
      return "audit.read";
    case Permission::kSiteSettings:
      return "site.settings";
    case Permission::kSyncStatus:
      return "sync.status";
  }
  return "unknown";
}

bool Allows(Role role, Permission permission) {
  for (const auto& grant : kGrants) {
    if (grant.role == role && grant.permission == permission) return true;
  }
  return false;
}

std::vector<Permission> PermissionsOf(Role role) {
  std::vector<Permission> out;
  for (auto p : kAllPermissions) {
    if (Allows(role, p)) out.push_back(p);
  }
  return out;
}

}  // namespace sanad::api
