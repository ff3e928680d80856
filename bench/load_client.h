// The load a site must carry: many clients at once on loopback, each a
// registrar's browser (one kept-alive connection, signed in once and then
// using its session) mixing sign-in, person search, candidate queries while
// typing, household registration and edits (PATCH with the version read,
// so concurrent edits of one household meet as 409s), and an analyst's
// flash report. Run by bench/load_bench.cc (`make bench`, figures in
// docs/benchmarks.md) and, short, by tests/api/load_test.cc.
//
// The server runs in this process on a real SQLite file (the same library
// `sanad serve` runs), with the sign-in throttle's per-address limits
// raised for the run: every client comes from 127.0.0.1, and the throttle
// reserves each attempt until its password is checked, so 50 clients
// signing in at once would be refused as a guessing attack would.
//
// What it checks afterwards: no answer was a 5xx and no request failed in
// transport; every household's version is 1 + the PATCHes that succeeded
// on it (no update lost, none applied twice); the audit chain verifies.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"

namespace sanad::bench {

struct LoadOptions {
  int clients = 50;
  std::chrono::seconds duration{60};
  int64_t max_requests = 5'000'000;  // a bound on the run whatever its duration
  int seed_households = 300;         // registered before the run, so searches find people
  uint32_t seed = 1;
};

struct RouteFigures {
  int64_t requests = 0;
  int64_t ok = 0;             // 2xx
  int64_t conflicts = 0;      // 409: a PATCH that named an old version
  int64_t client_errors = 0;  // other 4xx
  int64_t server_errors = 0;  // 5xx
  int64_t transport_errors = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

struct LoadReport {
  double seconds = 0;            // from the moment every client had signed in
  int64_t requests = 0;          // all of them, the sign-ins at start included
  int64_t signins_at_start = 0;  // two per client (registrar, analyst), before the clock
  std::map<std::string, RouteFigures> routes;  // "POST /api/v1/households", ...
  int64_t households_checked = 0;
  int64_t lost_updates = 0;   // households whose version != 1 + successful PATCHes
  int64_t audit_entries = 0;  // verified after the run
  std::string audit_problem;  // empty when the chain verifies
  // Errors of any kind: 5xx, transport, unexpected 4xx, lost updates, a broken chain.
  [[nodiscard]] int64_t Errors() const;
  // A table of the figures, for people.
  [[nodiscard]] std::string Table() const;
};

// Starts a site in a temporary folder, runs the load, stops the site and
// checks it. kUnavailable when the site cannot start.
[[nodiscard]] Result<LoadReport> RunLoad(const LoadOptions& options);

}  // namespace sanad::bench
