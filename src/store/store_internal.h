// Helpers shared by the files that implement Store (store.cc, audit_log.cc,
// person_records.cc, search_index.cc, household_store.cc,
// movement_flow_store.cc, user_store.cc). Private to src/store: nothing
// outside the folder includes it.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/model.h"
#include "store/store.h"

namespace sanad::store::internal {

// The current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ".
[[nodiscard]] std::string NowIso();

// A destination (where a household goes, what a tally counts): empty for
// unknown, else a province of Afghanistan the gazetteer knows, made
// canonical in place so that flows by destination add up. kInvalidInput
// naming destination_province otherwise.
[[nodiscard]] Status CanonicalDestination(std::string* province);

// Who recorded a person's consent, one rule for create, update and import:
// when the consents are new (`before` is null and there are consents) or
// changed, it is `actor`, unless the caller named someone else; an
// unchanged consent keeps its recorder.
void StampConsentRecorder(Person* p, const Person* before, const Actor& actor);

// A search result for `p`, with its household's origin province.
[[nodiscard]] PersonSummary Summarize(const Person& p, std::string province);

// The columns Store::LoadPerson reads, in its order (persons p, person_keys k).
inline constexpr std::string_view kPersonColumns =
    "p.id, p.household_id, p.sex, p.relationship, p.consents, p.consent_recorded_by, p.sealed, "
    "k.wrapped_key, p.erased_at";

}  // namespace sanad::store::internal
