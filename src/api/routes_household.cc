// Households: register (with possible duplicates of each member) and edit.
#include <spdlog/spdlog.h>

#include "api/json_codec.h"
#include "api/route.h"
#include "api/service_json.h"

namespace sanad::api {
namespace {

// Keeps the duplicate index true to what the store now holds for a household.
void Reindex(match::CandidateIndex& duplicates, const Household& household) {
  for (const auto& m : household.members) {
    duplicates.Remove(m.id);
    if (auto added = duplicates.Add(m.id, m, household.origin_province); !added) {
      spdlog::warn("person {} not added to the duplicate index: {}", m.id, added.error().message);
    }
  }
}

// Family tracing, as a registration is saved: each member's consent, and
// an alert for the caseworker of each open tracing request whose sought
// person a member (who consented to tracing) may be. From the indexes in
// memory, not a scan; a failure is logged, never refuses the registration.
void CheckTracing(RouteContext& ctx, const Household& household, const Caller& c) {
  if (auto ok = ctx.tracing.EnsureLoaded(ctx.store); !ok) {
    spdlog::warn("tracing not checked: {}", ok.error().message);
    return;
  }
  for (const auto& m : household.members) {
    ctx.tracing.PersonSaved(m);
    auto alerts = ctx.tracing.Check(m, ctx.duplicates, ctx.clock.Today());
    if (!alerts) {
      spdlog::warn("tracing not checked for person {}: {}", m.id, alerts.error().message);
      continue;
    }
    for (const TracingAlert& a : *alerts) {
      if (auto raised = ctx.store.RaiseTracingAlert(a.request_id, a.sought_index, a.person_id,
                                                    c.actor);
          !raised) {
        spdlog::warn("tracing alert for request {} not raised: {}", a.request_id,
                     raised.error().message);
      }
    }
  }
}

Result<Reply> CreateHousehold(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  auto household = DecodeNewHousehold(*body, ctx.clock);
  if (!household) return Fail(household.error());
  for (auto& m : household->members) {
    if (!m.consents.empty()) m.consent_recorded_by = c.actor.id;
  }
  // Look for earlier registrations of each member first, so members of the
  // new household are not offered as their own.
  std::vector<std::vector<match::Candidate>> found;
  for (const auto& m : household->members) {
    auto candidates = ctx.duplicates.Candidates(m, household->origin_province, 5);
    found.push_back(candidates ? std::move(*candidates) : std::vector<match::Candidate>{});
  }
  auto created = ctx.store.CreateHousehold(std::move(*household), c.actor);
  if (!created) return Fail(created.error());
  Reindex(ctx.duplicates, *created);
  CheckTracing(ctx, *created, c);
  json out = EncodeHousehold(*created, MaySeeNumbers(c));
  json possible = json::array();
  for (size_t i = 0; i < found.size(); ++i) {
    auto shown = CandidatesJson(ctx.store, ctx.duplicates, found[i], c.actor);
    if (!shown) return Fail(shown.error());
    for (auto& candidate : *shown) {
      candidate["candidate_id"] = candidate["person_id"];
      candidate["person_id"] = created->members[i].id;
      possible.push_back(std::move(candidate));
    }
  }
  out["possible_duplicates"] = possible;
  return Reply{201, out};
}

Result<Reply> GetHousehold(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto h = ctx.store.GetHousehold(req.matches[1], c.actor);
  if (!h) return Fail(h.error());
  return Reply{200, EncodeHousehold(*h, MaySeeNumbers(c))};
}

Result<Reply> PatchHousehold(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  auto current = ctx.store.GetHousehold(req.matches[1], c.actor);
  if (!current) return Fail(current.error());
  Household updated = *current;
  auto version = ApplyHouseholdPatch(*body, &updated, ctx.clock);
  if (!version) return Fail(version.error());
  auto saved = ctx.store.UpdateHousehold(updated, *version, c.actor);
  if (!saved) return StaleWrite(ctx, saved.error(), store::Versioned::kHousehold, updated.id);
  Reindex(ctx.duplicates, *saved);
  CheckTracing(ctx, *saved, c);
  return Reply{200, EncodeHousehold(*saved, MaySeeNumbers(c))};
}

}  // namespace

std::vector<Route> HouseholdRoutes() {
  constexpr std::string_view kOne = R"(/api/v1/households/([0-9a-f-]{36}))";
  return {
      {"POST", "/api/v1/households", Access::kPermission, Permission::kHouseholdWrite,
       CreateHousehold},
      {"GET", kOne, Access::kPermission, Permission::kPersonRead, GetHousehold},
      {"PATCH", kOne, Access::kPermission, Permission::kHouseholdWrite, PatchHousehold},
  };
}

}  // namespace sanad::api
