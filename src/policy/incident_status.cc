#include "policy/incident_status.h"

#include <string>

namespace sanad::policy {

std::vector<HeldDocument> HeldDocumentsOf(const std::vector<HeldDocumentRecord>& documents) {
  std::vector<HeldDocument> out;
  out.reserve(documents.size());
  for (const HeldDocumentRecord& d : documents) out.push_back({d.type, d.valid_until});
  return out;
}

Evaluation EvaluateOnIncidentDay(const Policy& policy,
                                 const std::vector<HeldDocumentRecord>& documents,
                                 const PartialDate& incident_date) {
  return Evaluate(policy, HeldDocumentsOf(documents), IncidentDayOf(incident_date).date,
                  Context::kStay);
}

IncidentStatusMark MarkOnIncidentDay(const Policy& policy,
                                     const std::vector<HeldDocumentRecord>& documents,
                                     const PartialDate& incident_date, bool held) {
  const IncidentDay day = IncidentDayOf(incident_date);
  const Evaluation evaluation =
      Evaluate(policy, HeldDocumentsOf(documents), day.date, Context::kStay);
  IncidentStatusMark mark;
  mark.status = std::string(ToString(evaluation.status));
  mark.evaluated_on = day.date;
  mark.approximate = day.approximate;
  mark.valid_status = evaluation.status != LegalStatus::kRemovalInForce;
  mark.detained_while_documented = mark.valid_status && held;
  for (const AppliedProvision& p : evaluation.provisions) mark.provisions.emplace_back(p.id);
  return mark;
}

void MarkIncident(const Policy& policy, Incident* incident) {
  const bool detention = IsDetention(incident->type);
  for (IncidentPerson& person : incident->persons) {
    person.status = MarkOnIncidentDay(policy, person.documents_held, incident->date,
                                      detention || person.detention.has_value());
  }
}

}  // namespace sanad::policy
