// A site's side of sync with its hub (issue 14; docs/sync.md): the
// credential the hub's admin issued, and one round of push then pull over
// HTTPS that trusts only the hub certificate pinned in the credential (or
// plain HTTP to this machine). Used by `sanad sync` (one round, then exit)
// and by `sanad serve --hub` (a round at start, then one on an interval:
// BackgroundSync).
//
// A round pushes the operations the site wrote that the hub has not
// acknowledged, in batches, then pulls what was written elsewhere on the
// site's records. Each batch is acknowledged only after the receiver
// committed it, and the cursors are saved after each batch, so a cut link or
// a killed process loses nothing: the next round carries on. Every round is
// recorded in the store (Store::RecordSyncAttempt) for the admin's screen.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/error.h"
#include "store/store.h"

namespace sanad::cli {

// A site's credential file (TOML, mode 0600), written by `sanad site enrol`.
struct Credential {
  std::string site;
  std::string token;
  std::string hub_certificate;  // PEM; empty: the hub serves plain HTTP on loopback
  // The key the site's persons' data keys travel under, shared with the hub
  // alone; none in a credential issued before keys travelled (the hub then
  // keeps the site's operations but cannot read its records).
  std::optional<store::Key> transport_key;
};

// The credential at `path`. kInvalidInput naming "credential" when the file
// cannot be read, is not TOML, or lacks the site or the token; the message
// names the file and what to do.
[[nodiscard]] Result<Credential> ReadCredential(const std::string& path);

// Writes `credential` to a new file `path` (mode 0600). kConflict naming
// "out" when the file cannot be made (it must not exist yet); kUnavailable
// naming "out" when it cannot be written.
[[nodiscard]] Status WriteCredential(const std::string& path, const Credential& credential);

// Whether sync may go to `hub_url` with `credential`: HTTPS with a pinned
// certificate, or plain HTTP to this machine. kInvalidInput naming "hub"
// (the address) or "credential" (its certificate) otherwise. Pure apart
// from parsing the certificate; thread-safe.
[[nodiscard]] Status CheckHub(const std::string& hub_url, const Credential& credential);

struct SyncReport {
  std::string site;           // the name the site synced as
  size_t pushed = 0;          // operations the hub took in
  size_t already_at_hub = 0;  // pushed again, the hub already had them
  size_t pulled = 0;          // operations written elsewhere, taken in here
  int64_t hub_time_ms = 0;    // the hub's clock in its last answer (0: none)
  int64_t clock_skew_ms = 0;  // this machine's clock minus the hub's, at that answer
};

// What a caller may add to a round; each may be empty.
struct SyncHooks {
  // After each pushed batch, with the operations sent so far.
  std::function<void(size_t sent)> pushed;
  // Asked between batches: true stops the round (kUnavailable naming "hub";
  // nothing is lost, the next round carries on).
  std::function<bool()> stopping;
  // After each pulled batch was taken in: the persons it changed or erased
  // here (a server keeps its indexes true with it).
  std::function<void(const store::IngestCount&)> ingested;
};

// One round with the hub at `hub_url` as the site `credential` names: the
// store first takes the site's enrolled name (Store::AdoptSiteId), then
// pushes and pulls as above, and records the attempt (its time, its error
// if any, the clock skew against the hub) in the store. Never exits.
//
// Errors: those of the link or of the hub's answer name "hub" in `field`:
// kUnavailable when the hub cannot be reached ("Nothing is lost ...") or its
// answer cannot be read, kUnauthenticated or kForbidden when it refuses the
// credential, kUnavailable for its other refusals. CheckHub's errors as
// they are. Any other error is this store's own (its code as the store
// gave it). Thread-safe as the store is; a caller runs one round at a time
// per store (the cursors are read at the start).
[[nodiscard]] Result<SyncReport> SyncOnce(store::Store& store, const std::string& hub_url,
                                          const Credential& credential,
                                          const SyncHooks& hooks = {});

// Background sync for `sanad serve --hub`: a round at start, then one every
// `every`, on a thread of its own; each result is logged (counts and
// errors, no personal data) and recorded by SyncOnce. A failed round never
// stops the server: the next is tried at the next interval.
class BackgroundSync {
 public:
  // `store` must outlive this object; `credential` has passed CheckHub for
  // `hub_url`. Starts the thread.
  // `ingested` (may be empty) as SyncHooks::ingested.
  BackgroundSync(store::Store& store, std::string hub_url, Credential credential,
                 std::chrono::seconds every,
                 std::function<void(const store::IngestCount&)> ingested = {});
  // Wakes the thread and joins it: a round in progress stops at its next
  // batch (or when its current request ends).
  ~BackgroundSync();
  BackgroundSync(const BackgroundSync&) = delete;
  BackgroundSync& operator=(const BackgroundSync&) = delete;

  // Runs one round now and logs it; what the thread runs. Rounds never
  // overlap: a second caller waits for the first. Thread-safe.
  Result<SyncReport> RunOnce();
  // Rounds that ended, successful or not.
  [[nodiscard]] int64_t rounds() const;

 private:
  void Loop();

  store::Store& store_;
  const std::string hub_url_;
  const Credential credential_;
  const std::chrono::seconds every_;
  const std::function<void(const store::IngestCount&)> ingested_;
  mutable std::mutex mutex_;
  std::mutex run_mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;
  int64_t rounds_ = 0;
  std::thread thread_;  // last: started once everything above is set
};

}  // namespace sanad::cli
