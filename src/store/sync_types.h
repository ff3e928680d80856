// Replication as the store sees it: the change log (change_log.cc) and the
// sites enrolled at a hub (site_credentials.cc). Part of Store's interface
// (store.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sync/operation.h"

namespace sanad::store {

// Operations of the change log in the order they arrived here, and where to
// continue (change_log.cc).
struct ChangeBatch {
  std::vector<sync::Operation> operations;
  int64_t last_position = 0;  // pass back to continue after these; 0: none yet
};

// Which operations OperationsSince hands out (empty: no restriction).
struct OperationFilter {
  std::string written_by;          // only operations written at this site (a push)
  std::string records_created_by;  // only records this site created (a site's pull)
  std::string not_written_by;      // leave out what this site wrote (it has them)
};

// A site enrolled at this hub (site_credentials.cc).
struct EnrolledSite {
  std::string name;
  std::string enrolled_at;
  std::string revoked_at;     // empty while the site may sync
  std::string last_sync_at;   // empty until it first synced
  int64_t clock_skew_ms = 0;  // the site's clock minus the hub's, at its last sync
};

// Where a site's sync stands with its hub.
struct SyncCursor {
  int64_t pushed = 0;  // own operations up to this log position are at the hub
  int64_t pulled = 0;  // the hub's position this site has taken in
  std::string last_success_at;
};

struct IngestCount {
  size_t applied = 0;
  size_t already_known = 0;  // delivered before: applied once
};

}  // namespace sanad::store
