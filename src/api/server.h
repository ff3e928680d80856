// The HTTP service: JSON API under /api/v1/, the embedded web app at /, and
// /healthz. Every /api/v1/ route but the session route needs a session
// (Bearer token or the HttpOnly cookie); writes made with the cookie need the
// session's CSRF token in X-CSRF-Token. Each route names one permission
// (permissions.h) in the route table (route.h), checked in one place;
// refusals are audited. Errors are
// {"error":{"code","message","field"}} with the status mapped from the code.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "api/login_throttle.h"
#include "core/clock.h"
#include "core/error.h"
#include "match/candidate_index.h"
#include "policy/policy.h"
#include "store/store.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace sanad::api {

struct Caller;
struct Route;
struct RouteContext;
class RefusalAudit;
class TracingIndex;

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0: any free port (see Server::port())
  std::string site_name = "sanad";
  int64_t session_idle_seconds = 30 * 60;  // measured on the store's clock
  // What "today" is for policy answers, reports and validation; must outlive
  // the server. Null: the store's clock (Store::clock()), the usual choice,
  // since sessions expire and the audit log is stamped by the store's.
  const Clock* clock = nullptr;
  // The duplicate index's snapshot file (duplicate_index.h), removed when a
  // person is erased; empty: none.
  std::string index_snapshot;
  size_t max_body_bytes = 1 << 20;
  std::string tls_cert;  // both set: HTTPS
  std::string tls_key;
  ThrottleSettings throttle;
  int64_t audit_anchor_seconds = 600;  // how often the audit head is logged
  // Connections (connection_door.h). Plain HTTP only: HTTPS keeps httplib's
  // thread per connection, with kTlsThreads threads.
  int worker_threads = 8;  // requests answered at once
  int max_connections = 1024;
  int max_connections_per_address = 256;
  int64_t request_head_seconds = 10;  // request line and headers must arrive within this
  int64_t request_body_seconds = 30;  // and the body within this after them
  int64_t keep_alive_seconds = 15;    // an idle kept-alive connection is closed after this
  // Background sync with a hub (`sanad serve --hub`), as GET
  // /api/v1/sync/status tells it; the sync itself runs outside the server.
  std::string sync_hub;            // the hub's address; empty: not configured
  std::string sync_site;           // the site's name in its credential
  int64_t sync_every_seconds = 0;  // between two rounds
  // At a hub (a replica with enrolled sites): how often the scan for
  // possible duplicates across sites (cross_site_scan.h) looks for persons
  // new here; 0: never.
  int64_t cross_site_scan_seconds = 10;
};

// Adds every person of `store` to `index`; returns how many. Decrypts each
// record once: seconds per million persons (docs/benchmarks.md).
[[nodiscard]] Result<size_t> IndexPersons(store::Store& store, match::CandidateIndex& index);

class Server {
 public:
  // `store`, `policy` and `duplicates` must outlive the server. The
  // duplicate index must already hold the store's persons (see
  // IndexPersons); the server adds the persons it registers.
  Server(store::Store& store, const policy::Policy& policy, match::CandidateIndex& duplicates,
         ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket. kUnavailable when the address is taken or
  // the TLS files cannot be loaded.
  [[nodiscard]] Status Bind();
  [[nodiscard]] int port() const { return port_; }
  // Serves until Stop() is called (from a signal handler's thread or
  // another thread). Blocks.
  [[nodiscard]] Status Serve();
  // Thread-safe; stops accepting and lets requests in flight finish.
  void Stop();
  // Keeps the duplicate and tracing indexes true to persons another replica
  // changed or erased here (a background sync's pull). Thread-safe.
  void RecordsChanged(const store::IngestCount& count);

 private:
  void RegisterRoutes();
  void Dispatch(const Route& route, const httplib::Request& req, httplib::Response& res);
  // Whether the request's session may call `route` (session, CSRF token for
  // cookie writes, permission); refusals are audited. Needs only the head.
  [[nodiscard]] Result<Caller> Admit(const Route& route, const httplib::Request& req);
  // The most bytes the body of the request with this head may have: a
  // route's own max_body_bytes when the caller may call it, else
  // options_.max_body_bytes.
  [[nodiscard]] size_t BodyLimit(const httplib::Request& head);
  void AnchorAuditLoop();
  void CrossSiteScanLoop();

  store::Store& store_;
  ServerOptions options_;
  LoginThrottle throttle_;
  std::unique_ptr<RefusalAudit> refusals_;
  std::unique_ptr<TracingIndex> tracing_;  // filled at construction (tracing_index.h)
  std::unique_ptr<RouteContext> context_;
  std::unique_ptr<httplib::Server> http_;
  int port_ = 0;
  std::mutex anchor_mutex_;
  std::condition_variable anchor_wakeup_;
  bool stopping_ = false;
  std::atomic<bool> serving_{false};
  std::atomic<bool> stop_requested_{false};
};

}  // namespace sanad::api
