// The whole route table, the routes of the site itself (health, audit head,
// the /api/ fallback) and the small helpers every route group shares.
#include <charconv>

#include "api/json_codec.h"
#include "api/openapi_document.h"
#include "api/route.h"

namespace sanad::api {
namespace {

Result<Reply> Health(RouteContext& ctx, const httplib::Request&, const Caller&) {
  return Reply{200,
               {{"status", "ok"},
                {"version", SANAD_VERSION},
                {"site", ctx.options.site_name},
                {"backend", ctx.store.backend()}}};
}

Result<Reply> AuditHead(RouteContext& ctx, const httplib::Request&, const Caller&) {
  auto head = ctx.store.AuditHead();
  if (!head) return Fail(head.error());
  return Reply{200, {{"seq", head->seq}, {"hash", head->hash}, {"at", head->at}}};
}

// The description of every route: public, as docs/api.md already is (the web
// app serves it as /docs/api.md to anyone), and it holds no data.
Result<Reply> OpenApi(RouteContext&, const httplib::Request&, const Caller&) {
  return Reply::Inline(std::string(OpenApiDocument()), "application/json");
}

// Signed-in callers learn that a route does not exist; others get 401 first,
// so routes cannot be probed without an account.
Result<Reply> NoSuchRoute(RouteContext&, const httplib::Request& req, const Caller&) {
  return Fail(Error::NotFound("there is no API route {} {}", req.method, req.path));
}

}  // namespace

std::vector<Route> SiteRoutes() {
  return {
      {"GET", "/healthz", Access::kPublic, {}, Health},
      {"GET", "/api/v1/openapi.json", Access::kPublic, {}, OpenApi},
      {"GET", "/api/v1/audit/head", Access::kPermission, Permission::kUserAdmin, AuditHead},
  };
}

std::vector<Route> FallbackRoutes() {
  std::vector<Route> routes;
  for (std::string_view method : {"GET", "POST", "PATCH", "PUT", "DELETE"}) {
    routes.push_back({method, R"(/api/.*)", Access::kSignedIn, {}, NoSuchRoute});
  }
  return routes;
}

const std::vector<Route>& AllRoutes() {
  static const std::vector<Route> kRoutes = [] {
    std::vector<Route> all;
    for (auto group : {SiteRoutes, SessionRoutes, HouseholdRoutes, PersonRoutes, StatusRoutes,
                       MovementRoutes, ReportRoutes, IncidentRoutes, PropertyRoutes, CaseRoutes,
                       TracingRoutes, SyncRoutes, SyncStatusRoutes, AdminRoutes, FallbackRoutes}) {
      for (auto& route : group()) all.push_back(route);
    }
    return all;
  }();
  return kRoutes;
}

Result<int> IntParam(const httplib::Request& req, const std::string& name, int fallback, int min,
                     int max) {
  if (!req.has_param(name.c_str())) return fallback;
  const std::string text = req.get_param_value(name.c_str());
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min ||
      value > max) {
    return Fail(Error::InvalidInput(name, "must be a whole number from {} to {}", min, max));
  }
  return value;
}

Result<Reply> StaleWrite(RouteContext& ctx, const Error& error, store::Versioned kind,
                         const std::string& id) {
  if (error.code != Error::Code::kConflict) return Fail(error);
  json details = json::object();
  if (auto now = ctx.store.CurrentVersion(kind, id)) details["current_version"] = *now;
  return Reply::Refused(409, error, std::move(details));
}

std::string_view LanguageOf(const httplib::Request& req) {
  return NegotiateLanguage(req.get_header_value("Accept-Language"));
}

Result<json> BodyOf(const httplib::Request& req) { return ParseBody(req.body); }

}  // namespace sanad::api
