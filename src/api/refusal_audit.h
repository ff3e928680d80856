// Audits refusals (throttled sign-ins, missing CSRF tokens, permission
// refusals) without letting a flood of them flood the audit log.
//
// The first refusal of an action from an address is written at once; more
// of the same within `interval` are only counted, and the next entry written
// for that address and action says how many were folded into it
// ("<object> (+N refused)"). At most `max_keys` (address, action) pairs are
// remembered, the least recently used forgotten first. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "api/login_throttle.h"
#include "core/lru_map.h"
#include "store/store.h"

namespace sanad::api {

class RefusalAudit {
 public:
  RefusalAudit(store::Store& store, std::chrono::seconds interval, SteadyNow now = {},
               size_t max_keys = 10000);

  // Writes (or counts) a "denied" audit entry for `action` by `actor`.
  void Record(const store::Actor& actor, std::string_view action, std::string_view object_type,
              std::string_view object_id);

 private:
  struct Spell {
    std::chrono::steady_clock::time_point written;
    int64_t folded = 0;
  };

  store::Store& store_;
  std::chrono::seconds interval_;
  SteadyNow now_;
  std::mutex mutex_;
  LruMap<Spell> spells_;
};

}  // namespace sanad::api
