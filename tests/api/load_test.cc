// The load test of bench/load_client.h, short: a few clients for a few
// hundred requests. What it asserts is what the full run must show (no 5xx, no
// transport error, no lost update, the audit chain verifies), never a time.
#include <gtest/gtest.h>

#include "../../bench/load_client.h"

namespace sanad::bench {
namespace {

TEST(Load, ConcurrentClientsLoseNoUpdateAndLeaveAVerifiableAuditChain) {
  LoadOptions options;
  // Bounded by count, not time, so that every kind of request is sent
  // however slow the machine (the duration is only a safety bound).
  options.clients = 8;
  options.duration = std::chrono::seconds(300);
  options.max_requests = 400;
  options.seed_households = 30;
  auto report = RunLoad(options);
  ASSERT_TRUE(report) << report.error().message;
  std::printf("%s", report->Table().c_str());
  EXPECT_EQ(report->Errors(), 0) << report->Table();
  EXPECT_EQ(report->lost_updates, 0);
  EXPECT_TRUE(report->audit_problem.empty()) << report->audit_problem;
  EXPECT_GT(report->households_checked, 0);
  for (const char* route :
       {"POST /api/v1/session", "GET /api/v1/persons", "POST /api/v1/persons/candidates",
        "POST /api/v1/households", "PATCH /api/v1/households/{id}", "GET /api/v1/reports/flash"}) {
    SCOPED_TRACE(route);
    ASSERT_TRUE(report->routes.contains(route)) << "every kind of request was sent";
    EXPECT_GT(report->routes.at(route).ok, 0);
  }
}

}  // namespace
}  // namespace sanad::bench
