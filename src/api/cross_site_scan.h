// The hub's scan for possible duplicates across sites: each person whose
// `create` reached the hub is compared, with the matching engine, against
// every person the hub holds, and the alike pairs whose two persons were
// first registered at different sites are kept for caseworkers
// (GET /api/v1/duplicates/cross-site). A site's own duplicates are its own
// to decide when registering; the hub finds those no single site can see.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/clock.h"
#include "core/error.h"
#include "match/candidate_index.h"
#include "store/store.h"

namespace sanad::api {

// The lowest match probability a pair is kept at: as a person's page offers.
inline constexpr double kCrossSiteMinProbability = 0.5;

// One step of the scan: the persons created after `*position` (at most
// `batch` of them, in log order) are looked up in `index`; the cross-site
// pairs found and the new position are saved together, and `*position`
// moves. Returns how many persons it looked at (0: nothing new). Does
// nothing at a replica with no enrolled site (not a hub).
[[nodiscard]] Result<size_t> ScanCrossSiteStep(store::Store& store,
                                               const match::CandidateIndex& index,
                                               const Clock& clock, int64_t* position,
                                               size_t batch = 500);

}  // namespace sanad::api
