// Corrections of who is who and who lives where: a verdict on a possible
// duplicate (duplicate_decisions.cc) and a member moved to another household
// (household_moves.cc). Part of Store's interface (store.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/model.h"

namespace sanad::store {

// What a registrar or caseworker said of a possible duplicate
// (duplicate_decisions.cc): the same person, or not.
enum class DuplicateVerdict { kSame, kNotSame };
[[nodiscard]] std::string_view ToString(DuplicateVerdict verdict);  // "same", "not_same"
[[nodiscard]] std::optional<DuplicateVerdict> ParseDuplicateVerdict(std::string_view text);

// A decision as the person it was decided from sees it: `candidate_id` is
// the other person of the pair.
struct DuplicateDecision {
  std::string person_id;
  std::string candidate_id;
  DuplicateVerdict verdict = DuplicateVerdict::kNotSame;
  std::string by;  // the username (the actor's id when it is no user)
  std::string at;
};

// A member moved from one household to another (household_moves.cc).
struct HouseholdMove {
  std::string id;
  std::string person_id;
  std::string from_household_id;
  std::string to_household_id;
  Relationship relationship = Relationship::kOtherRelative;  // to the new household's head
  std::string by;  // the username (the actor's id when it is no user)
  std::string at;
};

}  // namespace sanad::store
