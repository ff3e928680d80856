// Referrals from a protection case to a service (issue 12), and the
// organisations that receive them (a list the administrator keeps).
//
// The referral's status machine:
//
//   pending → accepted → completed
//   pending → declined
//   pending | accepted → withdrawn
//
// declined, completed and withdrawn are final. A refused move's message
// names the moves allowed from where the referral is.
//
// Minimum data: a referral carries only the fields of the person chosen on
// the form (`shared_fields`, from kShareableFields), and the audit entry of
// its creation lists them. Whose consent covers it is recorded
// (`consent_of`). Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace sanad {

enum class ServiceType {
  kLegalAid,
  kShelter,
  kHealth,
  kPsychosocial,
  kCash,
  kFamilyTracing,
  kChildProtection,
  kGbvSpecialised,
  kCivilDocumentation,
  kLivelihoods,
};
inline constexpr size_t kServiceTypeCount = 10;

enum class ReferralStatus { kPending, kAccepted, kDeclined, kCompleted, kWithdrawn };
inline constexpr size_t kReferralStatusCount = 5;

[[nodiscard]] std::string_view ToString(ServiceType value);
[[nodiscard]] std::string_view ToString(ReferralStatus value);
[[nodiscard]] std::optional<ServiceType> ParseServiceType(std::string_view text);
[[nodiscard]] std::optional<ReferralStatus> ParseReferralStatus(std::string_view text);
[[nodiscard]] std::string_view ServiceTypeNames();
[[nodiscard]] std::string_view ReferralStatusNames();
[[nodiscard]] const std::vector<ServiceType>& AllServiceTypes();
[[nodiscard]] const std::vector<ReferralStatus>& AllReferralStatuses();

// The statuses a referral in `from` may move to.
[[nodiscard]] std::vector<ReferralStatus> AllowedReferralTransitions(ReferralStatus from);
// kInvalidInput naming "status" when the machine has no such move; the
// message names the allowed ones.
[[nodiscard]] Status CheckReferralTransition(ReferralStatus from, ReferralStatus to);

// The person's fields a referral may carry, as named on the form.
inline constexpr std::string_view kShareableFields[] = {
    "given_name", "father_name", "grandfather_name", "family_name",     "sex",
    "birth_date", "phone",       "documents",        "vulnerabilities", "risks",
};
[[nodiscard]] bool IsShareableField(std::string_view name);

struct Organisation {
  std::string id;
  std::string name;  // unique on the site
  std::vector<ServiceType> services;
  std::string created_at;

  bool operator==(const Organisation&) const = default;
};

struct Referral {
  std::string id;
  std::string case_id;
  int64_t version = 0;
  ServiceType service = ServiceType::kLegalAid;
  std::string organisation_id;
  ReferralStatus status = ReferralStatus::kPending;
  std::vector<std::string> shared_fields;  // from kShareableFields, each once
  std::string outcome_note;                // sealed at rest
  // Whose recorded `referral` consent covers it: "person", or
  // "household_head" for a child (docs/api.md).
  std::string consent_of;
  std::string created_by;
  std::string created_at;
  std::string updated_at;

  bool operator==(const Referral&) const = default;
};

inline constexpr size_t kMaxOutcomeNoteBytes = 4000;

// Checks a referral as a caller gives it: organisation_id given, at least
// one shared field, each known and listed once, the outcome note as text.
// kInvalidInput naming the field ("shared_fields[1]").
[[nodiscard]] Status ValidateReferral(const Referral& r);
// An organisation: a name of 1..200 bytes of text, at least one service,
// none twice (kInvalidInput naming "name" or "services[i]").
[[nodiscard]] Status ValidateOrganisation(const Organisation& o);

}  // namespace sanad
