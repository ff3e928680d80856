// Family tracing (issue 12): a caseworker, or a registrar registering the
// inquirer, opens a tracing request for the relatives a registered person
// lost; a caseworker reads its ranked matches (registered persons who
// consented to tracing, and other open requests: tracing_index.h) with
// their evidence, and confirms or rejects each. A confirmation links the
// two persons and their households and closes that trace. The matches are
// never shown to a registrar: they name people who are not theirs to see.
#include "api/json_codec.h"
#include "api/route.h"
#include "api/tracing_json.h"

namespace sanad::api {
namespace {

// The request as the store now has it, put back into the tracing index.
Status Reindex(RouteContext& ctx, const std::string& id, const Caller& c) {
  auto file = ctx.store.GetTracingRequest(id, c.actor);
  if (!file) return Fail(file.error());
  ctx.tracing.Put(*file);
  return {};
}

Result<Reply> OpenTracingRequest(RouteContext& ctx, const httplib::Request& req,
                                 const Caller& c) {
  if (auto ok = ctx.tracing.EnsureLoaded(ctx.store); !ok) return Fail(ok.error());
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  auto request = DecodeNewTracingRequest(*body, ctx.clock);
  if (!request) return Fail(request.error());
  // A caseworker who opens a request follows it; one a registrar opens goes
  // to the case's caseworker, or to any caseworker.
  if (c.session.user.role == store::Role::kCaseworker) {
    request->caseworker = c.session.user.username;
  }
  const std::string inquirer = request->inquirer_id;
  auto created = ctx.store.CreateTracingRequest(std::move(*request), c.actor);
  if (!created) {
    // No consent to tracing: refused, and the refusal is audited.
    if (created.error().code == Error::Code::kForbidden) {
      ctx.refusals.Record(c.actor, "refused:tracing.consent", "person", inquirer);
    }
    return Fail(created.error());
  }
  if (auto ok = Reindex(ctx, created->id, c); !ok) return Fail(ok.error());
  return Reply{201, EncodeTracingRequest(*created, MaySeeNumbers(c))};
}

Result<Reply> GetTracingRequest(RouteContext& ctx, const httplib::Request& req,
                                const Caller& c) {
  auto file = ctx.store.GetTracingRequest(req.matches[1], c.actor);
  if (!file) return Fail(file.error());
  return Reply{200, EncodeTracingFile(*file, MaySeeNumbers(c))};
}

// ?status=open|closed (all when absent): the caller's requests and those
// assigned to no one.
Result<Reply> ListTracingRequests(RouteContext& ctx, const httplib::Request& req,
                                  const Caller& c) {
  store::TracingFilter filter;
  filter.caseworker = c.session.user.username;
  if (req.has_param("status")) {
    filter.status = ParseTracingStatus(req.get_param_value("status"));
    if (!filter.status) return Fail(Error::InvalidInput("status", "must be open or closed"));
  }
  auto list = ctx.store.ListTracingRequests(filter, c.actor);
  if (!list) return Fail(list.error());
  json items = json::array();
  for (const auto& s : *list) items.push_back(EncodeTracingSummary(s));
  return Reply{200, {{"items", items}}};
}

Result<Reply> TracingMatches(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  if (auto ok = ctx.tracing.EnsureLoaded(ctx.store); !ok) return Fail(ok.error());
  auto file = ctx.store.GetTracingRequest(req.matches[1], c.actor);
  if (!file) return Fail(file.error());
  auto matches = ctx.tracing.Matches(*file, ctx.duplicates, ctx.clock.Today());
  if (!matches) return Fail(matches.error());
  // The persons shown, read (and audited) once, so the page can tell them apart.
  std::vector<std::string> ids;
  for (const TracingMatch& m : *matches) {
    if (!m.person_id.empty()) ids.push_back(m.person_id);
  }
  std::vector<store::PersonSummary> summaries;
  if (!ids.empty()) {
    auto read = ctx.store.GetSummaries(ids, c.actor, "tracing.matches");
    if (!read) return Fail(read.error());
    summaries = std::move(*read);
  }
  json out = json::array();
  for (const TracingMatch& m : *matches) {
    json one = EncodeTracingMatch(m, ctx.duplicates.model());
    if (!m.person_id.empty()) {
      const store::PersonSummary* s = nullptr;
      for (const auto& summary : summaries) {
        if (summary.id == m.person_id) s = &summary;
      }
      if (!s) continue;  // erased since it was indexed
      one["household_id"] = s->household_id;
      one["given_name"] = s->given_name;
      one["father_name"] = s->father_name;
      one["grandfather_name"] = s->grandfather_name;
      one["birth_date"] = s->birth_date.empty() ? json(nullptr) : json(s->birth_date);
      one["province"] = s->province;
    }
    out.push_back(std::move(one));
  }
  return Reply{200, {{"matches", out}}};
}

Result<Reply> DecideTracingMatch(RouteContext& ctx, const httplib::Request& req,
                                 const Caller& c) {
  if (auto ok = ctx.tracing.EnsureLoaded(ctx.store); !ok) return Fail(ok.error());
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  const std::string id = req.matches[1];
  auto decision = DecodeTracingDecision(*body, id);
  if (!decision) return Fail(decision.error());
  auto decided = ctx.store.DecideTracingMatch(decision->decision, decision->version, c.actor);
  if (!decided) return StaleWrite(ctx, decided.error(), store::Versioned::kTracingRequest, id);
  if (auto ok = Reindex(ctx, id, c); !ok) return Fail(ok.error());
  return Reply{200, EncodeTracingRequest(*decided, MaySeeNumbers(c))};
}

}  // namespace

std::vector<Route> TracingRoutes() {
  constexpr std::string_view kOne = R"(/api/v1/tracing-requests/([0-9a-f-]{36}))";
  return {
      {"POST", "/api/v1/tracing-requests", Access::kPermission, Permission::kTracingCreate,
       OpenTracingRequest},
      {"GET", "/api/v1/tracing-requests", Access::kPermission, Permission::kTracingWork,
       ListTracingRequests},
      {"GET", kOne, Access::kPermission, Permission::kTracingWork, GetTracingRequest},
      {"GET", R"(/api/v1/tracing-requests/([0-9a-f-]{36})/matches)", Access::kPermission,
       Permission::kTracingWork, TracingMatches},
      {"POST", R"(/api/v1/tracing-requests/([0-9a-f-]{36})/decisions)", Access::kPermission,
       Permission::kTracingWork, DecideTracingMatch},
  };
}

}  // namespace sanad::api
