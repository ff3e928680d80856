// The duplicate index a site serves from (match::CandidateIndex, which also
// answers person search), filled at start and saved at a clean stop.
//
//   match::CandidateIndex index;
//   const std::string snapshot = api::IndexSnapshotPath(site.db);
//   auto started = api::StartDuplicateIndex(*store, index, snapshot);
//   ... serve ...
//   (void)api::SaveDuplicateIndex(*store, index, snapshot, *started);
//
// Start: from the sealed snapshot (Store::ReadIndexSnapshot) when it is
// fresh; else, saying why in the log, from every person's record (seconds
// per hundred thousand: they are decrypted and every name folded), after
// which a new snapshot is written so the next start is fast.
#pragma once

#include <cstddef>
#include <string>

#include "core/error.h"
#include "match/candidate_index.h"
#include "store/store.h"

namespace sanad::api {

// Where a site's snapshot lives: beside its database. Empty (no snapshot:
// the index is built from the records at each start) for a database on
// PostgreSQL, which has no folder of its own to put one in.
[[nodiscard]] inline std::string IndexSnapshotPath(const std::string& database) {
  if (store::IsPostgresUrl(database)) return {};
  return database + ".index";
}

// Removes the snapshot after a person is erased: it holds the person's
// folded names and numbers (sealed under the site key, not the person's),
// which must not outlive the erasure. The next clean stop or start writes a
// new one. Logs when the file cannot be removed.
void ForgetIndexSnapshot(const std::string& snapshot_path);

struct IndexStart {
  size_t persons = 0;
  bool from_snapshot = false;
  std::string rebuilt_because;  // why the snapshot was not used; empty when it was
  store::AuditEntry head;       // the audit head the index reflects at start
};

// Fills the empty `index` with the store's persons. An empty
// `snapshot_path` never reads or writes a snapshot. Errors: those of
// reading the records (a failed snapshot is not an error: the records are
// read instead); a snapshot that cannot be written is logged, not an error.
[[nodiscard]] Result<IndexStart> StartDuplicateIndex(store::Store& store,
                                                     match::CandidateIndex& index,
                                                     const std::string& snapshot_path);

// Saves `index` as the snapshot at a clean stop, reflecting the current
// audit head: unless a command-line write (actor "cli:...") may have changed
// persons since `started`, which the serving index never saw, or a person
// was erased (the index's strings keep what was theirs); the old snapshot
// is then removed, so the next start reads the records. Call with no
// request in flight.
[[nodiscard]] Status SaveDuplicateIndex(store::Store& store, const match::CandidateIndex& index,
                                        const std::string& snapshot_path,
                                        const IndexStart& started);

}  // namespace sanad::api
