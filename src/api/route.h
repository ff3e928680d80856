// The route table: every HTTP route of the API as data (method, pattern,
// who may call it, and one named handler function), grouped by resource in
// routes_*.cc. Server registers the table and wraps each handler with the
// one access check (server.cc, Server::Dispatch); tests iterate the same
// table, so a route cannot be added without its permission being tested.
//
// Handlers are plain functions of (context, request, caller): they return a
// Reply or an Error and never touch the response, sessions or roles
// themselves, except where the table says the route is public.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/login_throttle.h"
#include "api/permissions.h"
#include "api/refusal_audit.h"
#include "api/server.h"
#include "api/tracing_index.h"
#include "core/error.h"
#include "core/translation.h"
#include "match/candidate_index.h"
#include "policy/policy.h"
#include "store/store.h"

namespace sanad::api {

using nlohmann::json;

// What a handler knows about the caller (empty for public routes).
struct Caller {
  store::Session session;
  store::Actor actor;
  bool via_cookie = false;
  std::string site;  // the enrolled site calling a kSite route
};

// Whether the caller's role may see (and so search by) phones and document
// numbers.
[[nodiscard]] inline bool MaySeeNumbers(const Caller& c) {
  return Allows(c.session.user.role, Permission::kDocumentNumbers);
}

// A handler's answer: JSON by default, or a file download.
struct Reply {
  Reply(int status_code, json json_body) : status(status_code), body(std::move(json_body)) {}
  static Reply File(std::string raw, std::string content_type, std::string file_name) {
    Reply reply(200, nullptr);
    reply.raw = std::move(raw);
    reply.content_type = std::move(content_type);
    reply.file_name = std::move(file_name);
    return reply;
  }
  // Bytes that are not a download (no Content-Disposition), e.g. a document
  // already serialised.
  static Reply Inline(std::string raw, std::string content_type) {
    Reply reply(200, nullptr);
    reply.raw = std::move(raw);
    reply.content_type = std::move(content_type);
    return reply;
  }
  // A refusal with a status of its own (413, 415, 429, 410, a 409 that
  // carries the record's version). Its message is said in the request's
  // language when it is sent; `details` are added to the answer's "error"
  // object, replacing fields of the same name ("code": "gone").
  static Reply Refused(int status_code, Error error, json details = json::object()) {
    Reply reply(status_code, std::move(details));
    reply.refusal = std::move(error);
    return reply;
  }
  int status;
  json body;
  std::optional<Error> refusal;
  std::string raw;
  std::string content_type;                                  // set for a file
  std::string file_name;                                     // empty: not an attachment
  std::vector<std::pair<std::string, std::string>> headers;  // extra response headers
};

// Everything a handler may use; owned by the Server, shared by all requests.
struct RouteContext {
  store::Store& store;
  const policy::Policy& policy;
  match::CandidateIndex& duplicates;
  const ServerOptions& options;
  LoginThrottle& throttle;
  RefusalAudit& refusals;
  const Clock& clock;     // options.clock: "today" for policies and validation
  TracingIndex& tracing;  // consent to tracing and the open tracing requests
};

using RouteHandler = Result<Reply> (*)(RouteContext&, const httplib::Request&, const Caller&);

enum class Access {
  kPublic,      // no session needed (health, sign-in)
  kSignedIn,    // any valid session; cookie writes need the CSRF token
  kPermission,  // a valid session whose role has `permission`
  kSite,        // an enrolled, unrevoked site's token (Authorization: Bearer); no user
};

struct Route {
  std::string_view method;   // "GET", "POST", "PATCH", "PUT", "DELETE"
  std::string_view pattern;  // httplib regex; groups become req.matches
  Access access;
  Permission permission;  // read only when access is kPermission
  RouteHandler handler;
  // A body limit above ServerOptions::max_body_bytes, for callers the route
  // admits (Server decides from the request head, before any of the body is
  // read); 0: the server's limit.
  size_t max_body_bytes = 0;
};

// The route groups, one per resource (routes_<resource>.cc), and all of them
// in registration order (specific patterns before the /api/ fallback).
[[nodiscard]] std::vector<Route> SiteRoutes();  // health, audit head
[[nodiscard]] std::vector<Route> SessionRoutes();
[[nodiscard]] std::vector<Route> HouseholdRoutes();
[[nodiscard]] std::vector<Route> PersonRoutes();
[[nodiscard]] std::vector<Route> StatusRoutes();
[[nodiscard]] std::vector<Route> MovementRoutes();
[[nodiscard]] std::vector<Route> ReportRoutes();
[[nodiscard]] std::vector<Route> IncidentRoutes();  // and the incident report
[[nodiscard]] std::vector<Route> PropertyRoutes();
[[nodiscard]] std::vector<Route> CaseRoutes();     // cases, tasks, referrals, organisations, counts
[[nodiscard]] std::vector<Route> SyncRoutes();     // push and pull, for enrolled sites
// A site's sync with its hub as its admin sees it (routes_sync_status.cc).
[[nodiscard]] std::vector<Route> SyncStatusRoutes();
// Brings the duplicate and tracing indexes (and the index snapshot) up to
// date with persons another replica changed or erased here (routes_sync.cc).
void KeepIndexesTrue(RouteContext& ctx, const store::IngestCount& count);
[[nodiscard]] std::vector<Route> TracingRoutes();  // tracing requests, matches, decisions
// Accounts, the audit log, site settings, exports, crossing points, the
// loaded policy (routes_admin.cc).
[[nodiscard]] std::vector<Route> AdminRoutes();
[[nodiscard]] std::vector<Route> FallbackRoutes();  // any other /api/ path: 404
[[nodiscard]] const std::vector<Route>& AllRoutes();

// The language to answer in: the best of Accept-Language (core/translation.h).
[[nodiscard]] std::string_view LanguageOf(const httplib::Request& req);

// A whole-number query parameter within [min, max]; `fallback` when absent.
// kInvalidInput naming the parameter otherwise.
[[nodiscard]] Result<int> IntParam(const httplib::Request& req, const std::string& name,
                                   int fallback, int min, int max);
// A write refused: a stale one (kConflict) is a 409 whose error carries
// "current_version" (the record's version now, read from the store); any
// other error passes through as it is.
[[nodiscard]] Result<Reply> StaleWrite(RouteContext& ctx, const Error& error, store::Versioned kind,
                                       const std::string& id);
// The request body as a JSON object (kInvalidInput naming "body" otherwise).
[[nodiscard]] Result<json> BodyOf(const httplib::Request& req);

// Disclosure control of a report (routes_admin.cc): the smallest published
// cell is the site's k (PUT /api/v1/settings) unless the request gives `k`
// (`requested_k`, as the report parsed it). A k below the site's, or
// suppression off, weakens it: that needs report.unsuppressed, else
// kForbidden and the refusal audited. `report` names it in the refusal.
struct Disclosure {
  int64_t k;      // the k to apply
  bool weakened;  // audit the report as unsuppressed
};
[[nodiscard]] Result<Disclosure> SiteDisclosure(RouteContext& ctx, const httplib::Request& req,
                                                const Caller& c, std::string_view report,
                                                int64_t requested_k, bool disclosure_control);

}  // namespace sanad::api
