// Corrections of who is who and who lives where: a verdict on a possible
// duplicate (duplicate_decisions.cc) and a member moved to another household
// (household_moves.cc). Part of Store's interface (store.h).
#pragma once

#include <cstdint>
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

// A person's `create` in the change log: where they were first registered.
struct PersonCreated {
  std::string person_id;
  std::string site;
  int64_t log_position = 0;
};

// Two persons first registered at different sites whom the matching engine
// found alike (cross_site_duplicates.cc); person_a < person_b.
struct CrossSitePair {
  std::string person_a;
  std::string person_b;
  std::string site_a;
  std::string site_b;
  int probability_permille = 0;
  std::string found_at;
};

// How far the scan for cross-site duplicates has come: the log position of
// the last `create` it looked at, and how many persons' creates are after it.
struct CrossSiteScanState {
  int64_t scanned_position = 0;
  int64_t waiting = 0;
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
