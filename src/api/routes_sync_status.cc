// Where a site's sync with its hub stands, for its admin (issue 14;
// docs/sync.md): whether `sanad serve` was started with a hub, the last
// successful round and the last attempt, its error, the clock against the
// hub's, and how many records are in conflict here. Counts and times only:
// no record is read, so nothing is audited.
#include "api/route.h"

namespace sanad::api {
namespace {

// A text that may be empty, as null.
json TextOrNull(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

Result<Reply> GetSyncStatus(RouteContext& ctx, const httplib::Request&, const Caller&) {
  auto status = ctx.store.GetSyncStatus();
  if (!status) return Fail(status.error());
  auto conflicts = ctx.store.CountConflicts();
  if (!conflicts) return Fail(conflicts.error());
  const bool configured = !ctx.options.sync_hub.empty();
  return Reply{
      200,
      {{"configured", configured},
       {"hub", TextOrNull(ctx.options.sync_hub)},
       // The name the site syncs as; before its first round the store
       // still carries its first name.
       {"site", configured ? ctx.options.sync_site : ctx.store.site_id()},
       {"every_seconds", configured ? json(ctx.options.sync_every_seconds) : json(nullptr)},
       {"last_success_at", TextOrNull(status->last_success_at)},
       {"last_attempt_at", TextOrNull(status->last_attempt_at)},
       {"last_error", TextOrNull(status->last_error)},
       {"clock_skew_ms", status->clock_skew_ms ? json(*status->clock_skew_ms) : json(nullptr)},
       {"conflicts", *conflicts}}};
}

}  // namespace

std::vector<Route> SyncStatusRoutes() {
  return {
      {"GET", "/api/v1/sync/status", Access::kPermission, Permission::kSyncStatus, GetSyncStatus},
  };
}

}  // namespace sanad::api
