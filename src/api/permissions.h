// Who may do what: the one permission table of sanad. Every route names the
// permission it needs and `Allows` decides; nothing else checks roles.
//
//   admin       users, sites, keys, exports, sync, and everything a registrar does
//   registrar   register and edit households, see possible duplicates, open
//               a tracing request (never its matches)
//   counsellor  read persons and documents, status checks, cases with a
//               legal-aid referral (and that referral's answer)
//   caseworker  own protection cases and referrals, family tracing; read
//               incidents and persons (document numbers hidden), and decide
//               possible duplicates of a person
//   analyst     aggregate reports only: never a person record
#pragma once

#include <string_view>
#include <vector>

#include "store/store.h"

namespace sanad::api {

using store::Role;

enum class Permission {
  kHouseholdWrite,      // create and edit households, record movements of them
  kPersonRead,          // open a person or household record, search persons
  kPersonDuplicates,    // see possible duplicates of a person
  kDocumentNumbers,     // see document numbers and phones in a person record
  kStatusCheck,         // legal-status checks
  kMovementWrite,       // record a crossing
  kMovementRead,        // list crossings (person ids, no names)
  kReportRead,          // aggregate, disclosure-controlled reports
  kReportUnsuppressed,  // turn disclosure control off (audited)
  kUserAdmin,           // manage accounts, read the audit head
  kExportPersons,       // person-level exports
  kPersonErase,         // erase a person (crypto-shredding; audited with a reason)
  kIncidentWrite,       // record and edit protection incidents
  kIncidentRead,        // open and list protection incidents (notes included; audited)
  kPropertyRecords,     // property left behind (HLP): read and write; never in bulk
  kCaseWrite,           // open and work protection cases: update, transitions, notes, tasks, referrals
  kCaseRead,            // open and list cases: with case.read_all every case, else only those
                        // with a legal-aid referral
  kCaseReadAll,         // every case (caseworkers), not only legal-aid referred ones
  kReferralUpdate,      // record a referral's answer and outcome (legal-aid ones only without
                        // case.read_all)
  kOrganisationAdmin,   // add receiving organisations
  kTracingCreate,       // open a tracing request for a registered person
  kTracingWork,         // read tracing requests, their matches, and confirm or reject them
  kAuditRead,           // read the audit log page by page and verify its chain
  kSiteSettings,        // the site's settings (its k) and the crossing points it adds
  kSyncStatus,          // where the site's sync with its hub stands: times, error, conflicts
};

inline constexpr Permission kAllPermissions[] = {
    Permission::kHouseholdWrite,  Permission::kPersonRead,   Permission::kPersonDuplicates,
    Permission::kDocumentNumbers, Permission::kStatusCheck,  Permission::kMovementWrite,
    Permission::kMovementRead,    Permission::kReportRead,   Permission::kReportUnsuppressed,
    Permission::kUserAdmin,       Permission::kExportPersons, Permission::kPersonErase,
    Permission::kIncidentWrite,   Permission::kIncidentRead, Permission::kPropertyRecords,
    Permission::kCaseWrite,       Permission::kCaseRead,     Permission::kCaseReadAll,
    Permission::kReferralUpdate,  Permission::kOrganisationAdmin, Permission::kTracingCreate,
    Permission::kTracingWork,     Permission::kAuditRead,    Permission::kSiteSettings,
    Permission::kSyncStatus};

inline constexpr Role kAllRoles[] = {Role::kAdmin, Role::kRegistrar, Role::kCounsellor,
                                     Role::kCaseworker, Role::kAnalyst};

// "household.write", ... as the UI sees them.
[[nodiscard]] std::string_view ToString(Permission permission);
[[nodiscard]] bool Allows(Role role, Permission permission);
[[nodiscard]] std::vector<Permission> PermissionsOf(Role role);

}  // namespace sanad::api
