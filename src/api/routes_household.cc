// Households: register (with possible duplicates of each member) and edit.
#include <spdlog/spdlog.h>

#include "api/json_codec.h"
#include "api/json_fields.h"
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
      if (auto raised =
              ctx.store.RaiseTracingAlert(a.request_id, a.sought_index, a.person_id, c.actor);
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

json EncodeMove(const store::HouseholdMove& m) {
  return {{"id", m.id},
          {"person_id", m.person_id},
          {"from_household_id", m.from_household_id},
          {"to_household_id", m.to_household_id},
          {"relationship", std::string(ToString(m.relationship))},
          {"by", m.by},
          {"at", m.at}};
}

// {"version", "person_id", "to_household_id", "relationship"}: a member
// moved to another household, recorded and audited (never a silent drop).
// The moved person is indexed again under the new household's province.
Result<Reply> MoveMember(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  if (auto ok =
          RejectUnknown(*body, "", {"version", "person_id", "to_household_id", "relationship"});
      !ok) {
    return Fail(ok.error());
  }
  std::optional<int64_t> version;
  if (auto ok = GetInt(*body, "", "version", &version); !ok) return Fail(ok.error());
  if (!version) {
    return Fail(
        Error::InvalidInput("version", "is required: the version of the household you read"));
  }
  std::string person;
  std::string to;
  if (auto ok = GetString(*body, "", "person_id", &person, 64); !ok) return Fail(ok.error());
  if (person.empty()) return Fail(Error::InvalidInput("person_id", "is required"));
  if (auto ok = GetString(*body, "", "to_household_id", &to, 64); !ok) return Fail(ok.error());
  Relationship relationship = Relationship::kOtherRelative;
  if (auto ok = GetRequiredEnum(*body, "", "relationship", &ParseRelationship, RelationshipNames(),
                                &relationship, true);
      !ok) {
    return Fail(ok.error());
  }
  const std::string from = req.matches[1];
  auto moved = ctx.store.MoveMember(from, *version, person, to, relationship, c.actor);
  if (!moved) return StaleWrite(ctx, moved.error(), store::Versioned::kHousehold, from);
  if (auto now = ctx.store.GetHousehold(to, c.actor); now) {
    Reindex(ctx.duplicates, *now);
  } else {
    spdlog::warn("household {} not indexed again after a move: {}", to, now.error().message);
  }
  return Reply{201, EncodeMove(*moved)};
}

Result<Reply> ListMoves(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto moves = ctx.store.ListHouseholdMoves(req.matches[1], c.actor);
  if (!moves) return Fail(moves.error());
  json items = json::array();
  for (const auto& m : *moves) items.push_back(EncodeMove(m));
  return Reply{200, {{"items", items}}};
}

}  // namespace

std::vector<Route> HouseholdRoutes() {
  constexpr std::string_view kOne = R"(/api/v1/households/([0-9a-f-]{36}))";
  return {
      {"POST", "/api/v1/households", Access::kPermission, Permission::kHouseholdWrite,
       CreateHousehold},
      {"GET", kOne, Access::kPermission, Permission::kPersonRead, GetHousehold},
      {"PATCH", kOne, Access::kPermission, Permission::kHouseholdWrite, PatchHousehold},
      {"POST", R"(/api/v1/households/([0-9a-f-]{36})/moves)", Access::kPermission,
       Permission::kHouseholdWrite, MoveMember},
      {"GET", R"(/api/v1/households/([0-9a-f-]{36})/moves)", Access::kPermission,
       Permission::kPersonRead, ListMoves},
  };
}

}  // namespace sanad::api
