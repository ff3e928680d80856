// Movements: crossings of registered persons.
#include "api/json_codec.h"
#include "api/route.h"

namespace sanad::api {
namespace {

Result<Reply> RecordMovement(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  auto movement = DecodeMovement(*body, ctx.clock);
  if (!movement) return Fail(movement.error());
  auto created = ctx.store.CreateMovement(std::move(*movement), c.actor);
  if (!created) return Fail(created.error());
  return Reply{201, EncodeMovement(*created)};
}

Result<Reply> ListMovements(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  store::MovementFilter filter;
  for (auto [name, target] : {std::pair{"from", &filter.from}, std::pair{"to", &filter.to}}) {
    if (!req.has_param(name)) continue;
    auto d = Date::ParseIso(req.get_param_value(name), name);
    if (!d) return Fail(d.error());
    *target = *d;
  }
  filter.crossing_point = req.get_param_value("crossing");
  auto list = ctx.store.ListMovements(filter, c.actor);
  if (!list) return Fail(list.error());
  json items = json::array();
  for (const auto& m : *list) items.push_back(EncodeMovement(m));
  return Reply{200, {{"items", items}}};
}

}  // namespace

std::vector<Route> MovementRoutes() {
  return {
      {"POST", "/api/v1/movements", Access::kPermission, Permission::kMovementWrite,
       RecordMovement},
      {"GET", "/api/v1/movements", Access::kPermission, Permission::kMovementRead, ListMovements},
  };
}

}  // namespace sanad::api
