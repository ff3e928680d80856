#include "core/referral.h"

#include <string>

#include "core/incident.h"
#include "core/name_table.h"
#include "core/validation.h"

namespace sanad {
namespace {

constexpr NameTable<ServiceType, kServiceTypeCount> kServiceNames{{
    {ServiceType::kLegalAid, "legal_aid"},
    {ServiceType::kShelter, "shelter"},
    {ServiceType::kHealth, "health"},
    {ServiceType::kPsychosocial, "psychosocial"},
    {ServiceType::kCash, "cash"},
    {ServiceType::kFamilyTracing, "family_tracing"},
    {ServiceType::kChildProtection, "child_protection"},
    {ServiceType::kGbvSpecialised, "gbv_specialised"},
    {ServiceType::kCivilDocumentation, "civil_documentation"},
    {ServiceType::kLivelihoods, "livelihoods"},
}};

constexpr NameTable<ReferralStatus, kReferralStatusCount> kStatusNames{{
    {ReferralStatus::kPending, "pending"},
    {ReferralStatus::kAccepted, "accepted"},
    {ReferralStatus::kDeclined, "declined"},
    {ReferralStatus::kCompleted, "completed"},
    {ReferralStatus::kWithdrawn, "withdrawn"},
}};

struct Move {
  ReferralStatus from;
  ReferralStatus to;
};
constexpr Move kMoves[] = {
    {ReferralStatus::kPending, ReferralStatus::kAccepted},
    {ReferralStatus::kPending, ReferralStatus::kDeclined},
    {ReferralStatus::kPending, ReferralStatus::kWithdrawn},
    {ReferralStatus::kAccepted, ReferralStatus::kCompleted},
    {ReferralStatus::kAccepted, ReferralStatus::kWithdrawn},
};

}  // namespace

std::string_view ToString(ServiceType v) { return NameOf(kServiceNames, v); }
std::string_view ToString(ReferralStatus v) { return NameOf(kStatusNames, v); }
std::optional<ServiceType> ParseServiceType(std::string_view t) {
  return ValueOf(kServiceNames, t);
}
std::optional<ReferralStatus> ParseReferralStatus(std::string_view t) {
  return ValueOf(kStatusNames, t);
}
std::string_view ServiceTypeNames() {
  static const std::string kNames = JoinNames(kServiceNames);
  return kNames;
}
std::string_view ReferralStatusNames() {
  static const std::string kNames = JoinNames(kStatusNames);
  return kNames;
}
const std::vector<ServiceType>& AllServiceTypes() {
  static const std::vector<ServiceType> kAll = AllValues(kServiceNames);
  return kAll;
}
const std::vector<ReferralStatus>& AllReferralStatuses() {
  static const std::vector<ReferralStatus> kAll = AllValues(kStatusNames);
  return kAll;
}

std::vector<ReferralStatus> AllowedReferralTransitions(ReferralStatus from) {
  std::vector<ReferralStatus> out;
  for (const Move& m : kMoves) {
    if (m.from == from) out.push_back(m.to);
  }
  return out;
}

Status CheckReferralTransition(ReferralStatus from, ReferralStatus to) {
  std::string allowed;
  for (ReferralStatus s : AllowedReferralTransitions(from)) {
    if (s == to) return {};
    if (!allowed.empty()) allowed += ", ";
    allowed += ToString(s);
  }
  if (allowed.empty()) {
    return Fail(Error::InvalidInput(
        "status",
        "a referral that is {} cannot become {}; it is final: no further change is allowed",
        ToString(from), ToString(to)));
  }
  return Fail(Error::InvalidInput(
      "status", "a referral that is {} cannot become {}; from {} it may become: {}", ToString(from),
      ToString(to), ToString(from), allowed));
}

bool IsShareableField(std::string_view name) {
  for (std::string_view f : kShareableFields) {
    if (f == name) return true;
  }
  return false;
}

Status ValidateReferral(const Referral& r) {
  if (r.organisation_id.empty()) {
    return Fail(Error::InvalidInput("organisation_id", "is required: the receiving organisation"));
  }
  if (auto ok = ValidateText("organisation_id", r.organisation_id, 64); !ok) return ok;
  if (r.shared_fields.empty()) {
    return Fail(
        Error::InvalidInput("shared_fields",
                            "choose the fields the service needs (at least one) from: given_name, "
                            "father_name, grandfather_name, family_name, sex, birth_date, phone, "
                            "documents, vulnerabilities, risks"));
  }
  for (size_t i = 0; i < r.shared_fields.size(); ++i) {
    const std::string field = "shared_fields[" + std::to_string(i) + "]";
    if (!IsShareableField(r.shared_fields[i])) {
      return Fail(Error::InvalidInput(field, "is not a field a referral may carry"));
    }
    for (size_t j = 0; j < i; ++j) {
      if (r.shared_fields[j] == r.shared_fields[i]) {
        return Fail(Error::InvalidInput(field, "is listed twice"));
      }
    }
  }
  return ValidateNotes("outcome_note", r.outcome_note, kMaxOutcomeNoteBytes);
}

Status ValidateOrganisation(const Organisation& o) {
  if (o.name.empty()) return Fail(Error::InvalidInput("name", "is required"));
  if (auto ok = ValidateText("name", o.name); !ok) return ok;
  if (o.services.empty()) {
    return Fail(Error::InvalidInput("services", "at least one service is required: {}",
                                    ServiceTypeNames()));
  }
  for (size_t i = 0; i < o.services.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (o.services[j] == o.services[i]) {
        return Fail(Error::InvalidInput("services[" + std::to_string(i) + "]", "is listed twice"));
      }
    }
  }
  return {};
}

}  // namespace sanad
