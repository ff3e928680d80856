// Replication as the store sees it: the change log (change_log.cc), a site's
// sync status (sync_status.cc) and the sites enrolled at a hub
// (site_credentials.cc). Part of Store's interface
// (store.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model.h"
#include "store/key_ring.h"
#include "sync/operation.h"
#include "sync/operation_json.h"

namespace sanad::store {

// Operations of the change log in the order they arrived here, and where to
// continue (change_log.cc).
struct ChangeBatch {
  std::vector<sync::Operation> operations;
  int64_t last_position = 0;  // pass back to continue after these; 0: none yet
  // The data keys of the batch's persons, sealed for the replica it goes
  // to; empty unless OperationsSince was given that replica's key.
  sync::RecordKeys keys;
};

// What enrolment gives a site: its secret token, and the key its records'
// data keys travel under between it and the hub (both go in its credential).
struct SiteEnrolment {
  std::string token;
  Key transport_key{};
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

// One value of a field in conflict, for the screen that resolves it.
struct ConflictValue {
  sync::OpId op;
  std::string value;     // the plaintext (a person's is opened here)
  std::string user;      // the writer's user id, at the site that wrote it (op.site)
  std::string username;  // when that user is known here
  std::string written_at;  // the writer's clock, ISO 8601 UTC
};

// A field two replicas set while apart; `values` in the merge's order (the
// one shown first is values[0]).
struct FieldConflict {
  std::string record_type;  // "person" or "household"
  std::string record_id;
  std::string field;
  std::string household_id;  // the household the record is or belongs to
  std::vector<ConflictValue> values;
};

// One round of a site's sync with its hub, as the site records it
// (sync_status.cc).
struct SyncAttempt {
  std::string error;  // empty: the round succeeded
  // This site's clock minus the hub's, at the hub's last answer; none when
  // the hub did not answer (the last known skew is then kept).
  std::optional<int64_t> clock_skew_ms;
};

// Where a site's sync with its hub stands, for the admin's screen.
struct SyncStatus {
  std::string last_success_at;           // empty: never synced
  std::string last_attempt_at;           // empty: never tried
  std::string last_error;                // empty when the last attempt succeeded
  std::optional<int64_t> clock_skew_ms;  // none until the hub first answered
};

struct IngestCount {
  size_t applied = 0;
  size_t already_known = 0;  // delivered before: applied once
  // Persons whose record here changed (created or edited) or was erased, for
  // the indexes a server keeps in memory.
  std::vector<std::string> persons_changed;
  std::vector<std::string> persons_erased;
  // Of persons_changed, those built new here in a household built with them,
  // with its province of origin: a server's indexes take them as they are
  // rather than reading them back (at the initial sync, every person).
  std::vector<std::pair<Person, std::string>> persons_built;
  // Persons whose operations are kept in the log but who could not be built
  // here: no data key came with them (a site enrolled before keys
  // travelled), or their household is not known here.
  size_t persons_waiting = 0;
};

}  // namespace sanad::store
