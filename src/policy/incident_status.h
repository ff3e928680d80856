// A person's legal status on the day of a protection incident, and the
// *detained while documented* mark that the weekly figures count.
//
// The status is the policy engine's answer in the `stay` context for the
// documents the person held that day (not the documents they hold now). An
// incident dated by month only is evaluated on the 1st of the month and the
// answer is marked approximate. A person whose status that day was anything
// but removal_in_force (lawful, tolerated, or removal_announced with the
// deadline still ahead) had a valid status; a person with a valid status who
// was held (an arrest or a detention, or detention details recorded for
// them) is *detained while documented*: detained regardless of their legal
// status. Pure and thread-safe, like the rest of the policy layer.
#pragma once

#include <vector>

#include "core/incident.h"
#include "policy/evaluation.h"
#include "policy/policy.h"

namespace sanad::policy {

[[nodiscard]] std::vector<HeldDocument> HeldDocumentsOf(
    const std::vector<HeldDocumentRecord>& documents);

// The full evaluation (provisions, warnings, next steps: what a counsellor
// sees on the incident page) on the incident's day (IncidentDayOf).
[[nodiscard]] Evaluation EvaluateOnIncidentDay(const Policy& policy,
                                               const std::vector<HeldDocumentRecord>& documents,
                                               const PartialDate& incident_date);

// The mark for one person: status wire name, the day evaluated, whether
// approximate, valid_status, detained_while_documented (valid and `held`),
// and the ids of the provisions behind it.
[[nodiscard]] IncidentStatusMark MarkOnIncidentDay(const Policy& policy,
                                                   const std::vector<HeldDocumentRecord>& documents,
                                                   const PartialDate& incident_date, bool held);

// Sets `status` on every person of `incident` (MarkOnIncidentDay, held when
// the incident is an arrest or detention or the person has detention
// details), replacing any mark already there.
void MarkIncident(const Policy& policy, Incident* incident);

}  // namespace sanad::policy
