// Sign-in, the current session, sign-out.
#include "api/json_codec.h"
#include "api/json_fields.h"
#include "api/route.h"
#include "api/session_cookie.h"

namespace sanad::api {
namespace {

Result<Reply> SignIn(RouteContext& ctx, const httplib::Request& req, const Caller&) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  auto request = DecodeSignIn(*body);
  if (!request) return Fail(request.error());
  const std::string& username = request->username;
  const std::string& password = request->password;
  const std::string device = CookieValue(req, kDeviceCookie);
  store::Actor actor{"anonymous", req.remote_addr};
  if (int64_t wait = ctx.throttle.Admit(username, req.remote_addr, device); wait > 0) {
    ctx.refusals.Record(actor, "login.throttled", "user", "-");
    Reply refused = Reply::Refused(
        429,
        wait < 120
            ? Error::RateLimited("too many failed sign-ins: wait {} second(s) and try again", wait)
            : Error::RateLimited("too many failed sign-ins: wait {} minute(s) and try again",
                                 (wait + 59) / 60));
    refused.headers.emplace_back("Retry-After", std::to_string(wait));
    return refused;
  }
  auto session = ctx.store.Login(username, password, actor);
  if (!session) return Fail(session.error());
  ctx.throttle.RecordSuccess(username, req.remote_addr, device);
  Reply reply{
      200,
      {{"token", session->token},
       {"csrf_token", session->csrf_token},
       {"user", {{"username", session->user.username}, {"role", ToString(session->user.role)}}},
       {"password_change_required", session->password_change_required}}};
  const bool secure = !ctx.options.tls_cert.empty();
  reply.headers.emplace_back("Set-Cookie", SessionCookie(session->token, secure));
  if (!ctx.throttle.IsKnownDevice(username, device)) {
    reply.headers.emplace_back("Set-Cookie",
                               DeviceCookie(ctx.throttle.IssueDeviceCookie(username), secure));
  }
  return reply;
}

Result<Reply> CurrentSession(RouteContext&, const httplib::Request&, const Caller& c) {
  json permissions = json::array();
  for (auto p : PermissionsOf(c.session.user.role)) permissions.push_back(ToString(p));
  return Reply{
      200,
      {{"user", {{"username", c.session.user.username}, {"role", ToString(c.session.user.role)}}},
       {"csrf_token", c.session.csrf_token},
       {"permissions", permissions},
       {"password_change_required", c.session.password_change_required}}};
}

// The signed-in user replaces their password: the one way on for a session
// whose password an administrator issued (Server::Admit refuses the rest).
Result<Reply> ChangePassword(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  if (auto ok = RejectUnknown(*body, "", {"current", "password"}); !ok) return Fail(ok.error());
  std::string current;
  std::string password;
  if (auto ok = GetString(*body, "", "current", &current, 4096); !ok) return Fail(ok.error());
  if (auto ok = GetString(*body, "", "password", &password, 4096); !ok) return Fail(ok.error());
  if (current.empty()) return Fail(Error::InvalidInput("current", "is required"));
  if (auto ok = ctx.store.ChangeOwnPassword(SessionToken(req), current, password, c.actor); !ok) {
    return Fail(ok.error());
  }
  return Reply{200, {{"password_change_required", false}}};
}

// Signed-in only, so a cookie sign-out needs the CSRF token like any write.
Result<Reply> SignOut(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  if (auto out = ctx.store.Logout(SessionToken(req), c.actor); !out) return Fail(out.error());
  Reply reply{200, {{"signed_out", true}}};
  reply.headers.emplace_back("Set-Cookie", ExpiredSessionCookie());
  return reply;
}

}  // namespace

std::vector<Route> SessionRoutes() {
  return {
      {"POST", "/api/v1/session", Access::kPublic, {}, SignIn},
      {"GET", "/api/v1/session", Access::kSignedIn, {}, CurrentSession},
      {"DELETE", "/api/v1/session", Access::kSignedIn, {}, SignOut},
      {"POST", "/api/v1/session/password", Access::kSignedIn, {}, ChangePassword},
  };
}

}  // namespace sanad::api
