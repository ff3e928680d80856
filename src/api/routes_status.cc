// Legal status: a check on documents as given, and a registered person's
// status with its timeline, in the language of the request (LanguageOf).
#include "api/json_codec.h"
#include "api/route.h"
#include "api/service_json.h"
#include "policy/evaluation_json.h"

namespace sanad::api {
namespace {

Result<Reply> CheckStatus(RouteContext& ctx, const httplib::Request& req, const Caller&) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  auto check = DecodeStatusCheck(*body);
  if (!check) return Fail(check.error());
  return Reply{200, policy::EvaluationToJson(
                        ctx.policy,
                        policy::Evaluate(ctx.policy, check->documents, check->date, check->context),
                        LanguageOf(req))};
}

Result<Reply> PersonStatus(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto person = ctx.store.GetPerson(req.matches[1], c.actor);
  if (!person) return Fail(person.error());
  Date date = ctx.clock.Today();
  if (req.has_param("date")) {
    auto d = Date::ParseIso(req.get_param_value("date"), "date");
    if (!d) return Fail(d.error());
    date = *d;
  }
  const auto documents = policy::HeldDocumentsOf(*person);
  const std::string_view language = LanguageOf(req);
  json out =
      policy::EvaluationToJson(ctx.policy, policy::Evaluate(ctx.policy, documents, date), language);
  out["timeline"] = policy::TimelineToJson(
      ctx.policy, policy::Timeline(ctx.policy, documents, kTimelineStart, date.AddDays(365)),
      language);
  return Reply{200, out};
}

}  // namespace

std::vector<Route> StatusRoutes() {
  return {
      {"POST", "/api/v1/status-check", Access::kPermission, Permission::kStatusCheck, CheckStatus},
      {"GET", R"(/api/v1/persons/([0-9a-f-]{36})/status)", Access::kPermission,
       Permission::kStatusCheck, PersonStatus},
  };
}

}  // namespace sanad::api
