// What case_store.cc and referral_store.cc share: loading a case row, its
// data key, and the check of a read's scope. Private to src/store.
#pragma once

#include <string>
#include <vector>

#include "core/case.h"
#include "store/database.h"
#include "store/key_ring.h"
#include "store/store.h"

namespace sanad::store::internal {

// The case row (no history, notes, tasks or referrals); kNotFound naming
// the id when there is none. Damaged values are errors naming the column.
[[nodiscard]] Result<Case> LoadCase(Database& db, const KeyRing& keys, const std::string& id);

// The case's own data key (the caller wipes it with sodium_memzero).
[[nodiscard]] Result<Key> CaseKey(Database& db, const KeyRing& keys, const std::string& case_id);

// Whether `scope` lets a reader see the case.
[[nodiscard]] Result<bool> CaseInScope(Database& db, const std::string& case_id, CaseScope scope);

// The case's tasks by due date, titles opened with `case_key`.
[[nodiscard]] Result<std::vector<CaseTask>> LoadTasks(Database& db, const Key& case_key,
                                                      const std::string& case_id);

// The case's referrals, oldest first, outcome notes opened with `case_key`.
[[nodiscard]] Result<std::vector<Referral>> LoadReferrals(Database& db, const Key& case_key,
                                                          const std::string& case_id);

// Crypto-shreds the cases of an erased person (in the caller's transaction):
// each case's data key is destroyed, so its notes, task titles, outcome
// notes and copied vulnerabilities can never be read again; what the counts
// read (status, risks, referral service and status) stays.
[[nodiscard]] Status ShredCasesOf(Database& db, const std::string& person_id);

}  // namespace sanad::store::internal
