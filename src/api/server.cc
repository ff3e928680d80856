// The HTTP server: binds, serves the route table (route.h) through the one
// access check (Dispatch), and the embedded web app.
//
// Hostile traffic is met here: text from a request is made safe before it
// reaches JSON or a log (invalid UTF-8 in a path or a parameter is a 400
// naming it); an exception anywhere in a handler becomes a 500 for that
// request and never ends the process; refusals are audited without letting
// a flood of them flood the log (refusal_audit.h).
#include "api/server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <regex>
#include <thread>

#include "api/connection_door.h"
#include "api/cross_site_scan.h"
#include "api/json_codec.h"
#include "api/route.h"
#include "api/session_cookie.h"
#include "core/utf8.h"
#include "web/web_assets.h"

namespace sanad::api {
namespace {

constexpr size_t kMaxShownPathBytes = 200;
constexpr size_t kTlsThreads = 64;

int HttpStatus(Error::Code code) {
  switch (code) {
    case Error::Code::kInvalidInput:
      return 400;
    case Error::Code::kNotFound:
      return 404;
    case Error::Code::kConflict:
      return 409;
    case Error::Code::kForbidden:
      return 403;
    case Error::Code::kUnauthenticated:
      return 401;
    case Error::Code::kRateLimited:
      return 429;
    case Error::Code::kUnavailable:
      return 503;
    case Error::Code::kInternal:
      return 500;
  }
  return 500;
}

// A request's text as it may appear in a message or a log line: valid UTF-8
// without control characters, at most kMaxShownPathBytes.
std::string Shown(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size() && out.size() < kMaxShownPathBytes; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    out += (byte < 0x20 || byte >= 0x7F) ? '?' : static_cast<char>(byte);
  }
  return out;
}

void SendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  // Replacing what is not UTF-8 instead of throwing: no text can make an
  // answer impossible to write.
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

// The error in the language the request asks for (Accept-Language), with
// the status of its code unless `status` is given; an internal error's own
// words go to the log only.
void SendError(const httplib::Request& req, httplib::Response& res, const Error& error,
               int status = 0) {
  const std::string_view language = LanguageOf(req);
  res.set_header("Content-Language", std::string(language));
  if (status == 0) status = HttpStatus(error.code);
  if (error.code != Error::Code::kInternal) {
    return SendJson(res, status, EncodeError(error, language));
  }
  spdlog::error("internal error: {}", error.message);
  SendJson(res, status,
           EncodeError(Error::Internal("something went wrong inside sanad; the problem was "
                                       "logged. Try again, and tell your administrator if it "
                                       "happens again"),
                       language));
}

void SendReply(const httplib::Request& req, httplib::Response& res, Reply& reply) {
  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  if (reply.refusal) {
    const std::string_view language = LanguageOf(req);
    res.set_header("Content-Language", std::string(language));
    json body = EncodeError(*reply.refusal, language);
    for (const auto& [name, value] : reply.body.items()) body["error"][name] = value;
    return SendJson(res, reply.status, body);
  }
  if (reply.content_type.empty()) return SendJson(res, reply.status, reply.body);
  res.status = reply.status;
  res.set_header("Cache-Control", "no-store");
  if (!reply.file_name.empty()) {
    res.set_header("Content-Disposition", "attachment; filename=\"" + reply.file_name + "\"");
  }
  res.set_content(std::move(reply.raw), reply.content_type.c_str());
}

// The first part of a request that is not UTF-8 (the path or a parameter's
// name or value), for a 400 that names it; empty when all is well.
std::string FirstInvalidText(const httplib::Request& req) {
  if (!IsValidUtf8(req.path)) return "path";
  for (const auto& [name, value] : req.params) {
    if (!IsValidUtf8(name)) return "query";
    if (!IsValidUtf8(value)) return name;
  }
  return {};
}

// The Content-Length a request announces (0 without one; the largest value
// for one that is not a number, so that it is held to the smallest limit).
uint64_t AnnouncedBody(const httplib::Request& req) {
  if (!req.has_header("Content-Length")) return 0;
  const std::string text = req.get_header_value("Content-Length");
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return UINT64_MAX;
  return value;
}

}  // namespace

Result<size_t> IndexPersons(store::Store& store, match::CandidateIndex& index) {
  size_t count = 0;
  Status failed;
  auto ok = store.ForEachPerson([&](const Person& p, const Household& h) {
    if (!failed) return;
    if (auto added = index.Add(p.id, p, h.origin_province); !added) {
      failed = Fail(added.error());
    } else {
      ++count;
    }
  });
  if (!ok) return Fail(ok.error());
  if (!failed) return Fail(failed.error());
  return count;
}

void Server::RecordsChanged(const store::IngestCount& count) {
  KeepIndexesTrue(*context_, count);
}

Server::Server(store::Store& store, const policy::Policy& policy, match::CandidateIndex& duplicates,
               ServerOptions options)
    : store_(store),
      options_(std::move(options)),
      throttle_(options_.throttle),
      refusals_(std::make_unique<RefusalAudit>(store, std::chrono::seconds(60))),
      tracing_(std::make_unique<TracingIndex>(options_.clock ? *options_.clock : store.clock())),
      context_(std::make_unique<RouteContext>(
          RouteContext{store, policy, duplicates, options_, throttle_, *refusals_,
                       options_.clock ? *options_.clock : store.clock(), *tracing_})) {
  // Tracing routes load it again when this fails (a database busy at start).
  if (auto loaded = tracing_->Load(store); !loaded) {
    spdlog::error("tracing index not loaded: {}", loaded.error().message);
  }
  if (!options_.tls_cert.empty() && !options_.tls_key.empty()) {
    http_ =
        std::make_unique<httplib::SSLServer>(options_.tls_cert.c_str(), options_.tls_key.c_str());
    // HTTPS reads through OpenSSL on httplib's own path: a thread per
    // connection, so more of them than the door's workers.
    http_->new_task_queue = [] { return new httplib::ThreadPool(kTlsThreads); };
    http_->set_tcp_nodelay(true);
  } else {
    DoorSettings door = DoorSettingsFor(options_);
    door.body_limit = [this](const httplib::Request& head) { return BodyLimit(head); };
    http_ = std::make_unique<GuardedHttpServer>(std::move(door));
  }
  // httplib's own limit is the largest any route allows; the door (or,
  // under TLS, the pre-routing handler) holds each request to its route's.
  size_t largest_body = options_.max_body_bytes;
  for (const Route& route : AllRoutes())
    largest_body = std::max(largest_body, route.max_body_bytes);
  http_->set_payload_max_length(largest_body);
  const bool door_limits_bodies = options_.tls_cert.empty() || options_.tls_key.empty();
  http_->set_read_timeout(std::chrono::seconds(30));
  http_->set_default_headers({
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
       "form-action 'self'"},
      {"X-Frame-Options", "DENY"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
  });
  // Before any route: text that is not UTF-8 is a 400 naming where it is;
  // ranges are a few, none overlapping, or 416 (with no body, so they have
  // nothing to multiply).
  http_->set_pre_routing_handler(
      [this, door_limits_bodies](const httplib::Request& req, httplib::Response& res) {
        if (!door_limits_bodies && AnnouncedBody(req) > options_.max_body_bytes &&
            AnnouncedBody(req) > BodyLimit(req)) {
          SendError(req, res, Error::InvalidInput("body", "the request is too large"), 413);
          return httplib::Server::HandlerResponse::Handled;
        }
        if (const std::string invalid = FirstInvalidText(req); !invalid.empty()) {
          SendError(req, res, Error::InvalidInput(invalid, "is not valid UTF-8 text"));
          return httplib::Server::HandlerResponse::Handled;
        }
        if (!AcceptableRanges(req.ranges)) {
          res.status = 416;
          return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });
  // Handlers catch their own exceptions (Dispatch); this one catches what is
  // thrown before a handler runs, and must not throw itself.
  http_->set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                  std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    SendError(req, res,
              Error::Internal("exception in {} {}: {}", Shown(req.method), Shown(req.path), what));
  });
  http_->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty() || res.status == 416) return;
    try {
      if (res.status == 413) {
        SendError(req, res, Error::InvalidInput("body", "the request is too large"), 413);
      } else if (res.status == 404) {
        SendError(req, res, Error::NotFound("there is nothing at {}", Shown(req.path)));
      } else {
        SendError(req, res, Error::InvalidInput("", "the request was refused"), res.status);
      }
    } catch (const std::exception& e) {
      spdlog::error("error handler: {}", e.what());
      res.body.clear();
    }
  });
  RegisterRoutes();
}

Server::~Server() { Stop(); }

Status Server::Bind() {
  if (!http_->is_valid()) {
    return Fail(
        Error::Unavailable("the TLS certificate or key cannot be loaded (--tls-cert, --tls-key)"));
  }
  if (options_.port == 0) {
    port_ = http_->bind_to_any_port(options_.bind);
  } else {
    port_ = http_->bind_to_port(options_.bind, options_.port) ? options_.port : -1;
  }
  if (port_ <= 0) {
    return Fail(Error::Unavailable(
        "cannot listen on {}:{}: is another program (or sanad) using that port? Use --port",
        options_.bind, options_.port));
  }
  return {};
}

Status Server::Serve() {
  serving_ = true;
  std::thread anchor([this] {
    // Caught at the thread's entry: an exception must not end the site.
    try {
      AnchorAuditLoop();
    } catch (const std::exception& e) {
      spdlog::error("the audit anchor stopped: {}", e.what());
    }
  });
  std::thread scan([this] {
    // Background work: below the requests and the sync (nice 10, this
    // thread only), so that a hub taking in a site's million persons
    // answers its users first and compares them after.
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
    try {
      CrossSiteScanLoop();
    } catch (const std::exception& e) {
      spdlog::error("the scan for duplicates across sites stopped: {}", e.what());
    }
  });
  const bool ok = stop_requested_ || http_->listen_after_bind();
  serving_ = false;
  {
    std::lock_guard lock(anchor_mutex_);
    stopping_ = true;
  }
  anchor_wakeup_.notify_all();
  anchor.join();
  scan.join();
  if (!ok) return Fail(Error::Unavailable("the server stopped unexpectedly"));
  return {};
}

void Server::Stop() {
  // httplib's stop() does nothing before its loop has started, so a stop
  // that races a start waits for the loop to run first.
  stop_requested_ = true;
  while (serving_ && !http_->is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (http_->is_running()) http_->stop();
}

void Server::AnchorAuditLoop() {
  // Periodically print the audit chain's head to the log, so it can be
  // written down elsewhere and a later rewrite of the log detected.
  std::unique_lock lock(anchor_mutex_);
  while (true) {
    if (auto head = store_.AuditHead()) {
      spdlog::info("audit anchor: seq {} hash {}", head->seq, head->hash);
    }
    if (anchor_wakeup_.wait_for(lock, std::chrono::seconds(options_.audit_anchor_seconds),
                                [this] { return stopping_; })) {
      return;
    }
  }
}

void Server::CrossSiteScanLoop() {
  if (options_.cross_site_scan_seconds <= 0) return;
  int64_t position = -1;  // read from the store at the first turn
  std::unique_lock lock(anchor_mutex_);
  while (!stopping_) {
    lock.unlock();
    // A full step is followed at once by the next, until the scan has
    // caught up; a failure waits for the next turn.
    Result<size_t> step = size_t{0};
    if (position < 0) {
      auto state = store_.GetCrossSiteScan();
      if (state) {
        position = state->scanned_position;
      } else {
        step = Fail(state.error());
      }
    }
    if (position >= 0) {
      step = ScanCrossSiteStep(store_, context_->duplicates, context_->clock, &position);
    }
    if (!step) spdlog::warn("scan for duplicates across sites: {}", step.error().message);
    lock.lock();
    if (step && *step > 0) continue;
    anchor_wakeup_.wait_for(lock, std::chrono::seconds(options_.cross_site_scan_seconds),
                            [this] { return stopping_; });
  }
}

// The one place where access is decided: the session (Bearer token or
// cookie), the CSRF token for cookie writes, the route's permission.
Result<Caller> Server::Admit(const Route& route, const httplib::Request& req) {
  Caller caller;
  caller.actor.address = req.remote_addr;
  if (route.access == Access::kPublic) return caller;
  if (route.access == Access::kSite) {
    // A site syncing: its token only, never a browser's cookie.
    const std::string authorization = req.get_header_value("Authorization");
    const std::string_view bearer = "Bearer ";
    auto site = store_.AuthenticateSite(authorization.starts_with(bearer)
                                            ? std::string_view(authorization).substr(bearer.size())
                                            : std::string_view());
    if (!site) {
      refusals_->Record({"site:unknown", req.remote_addr}, "sync.refused", "route",
                        Shown(req.path));
      return Fail(site.error());
    }
    caller.site = *site;
    caller.actor.id = "site:" + *site;
    return caller;
  }
  const std::string token = SessionToken(req, &caller.via_cookie);
  auto session = store_.FindSession(token, options_.session_idle_seconds);
  if (!session) return Fail(session.error());
  caller.session = *session;
  caller.actor.id = session->user.id;
  const std::string shown_path = Shown(req.path);
  if (caller.via_cookie && req.method != "GET" && req.method != "HEAD" &&
      req.get_header_value("X-CSRF-Token") != session->csrf_token) {
    refusals_->Record(caller.actor, "csrf.refused", "route", shown_path);
    return Fail(
        Error::Forbidden("this request lacks the session's CSRF token "
                         "(X-CSRF-Token): reload the page and try again"));
  }
  // A password an administrator issued is replaced before anything else is
  // done with it (the session routes stay open: who am I, change, sign out).
  if (session->password_change_required && !route.pattern.starts_with("/api/v1/session")) {
    return Fail(
        Error(Error::Code::kForbidden,
              Message("change the password you were given first (POST /api/v1/session/password)"),
              "password", 0));
  }
  if (route.access == Access::kPermission && !Allows(session->user.role, route.permission)) {
    refusals_->Record(caller.actor, "refused:" + std::string(ToString(route.permission)), "route",
                      shown_path);
    return Fail(Error::Forbidden("your role ({}) may not do this", ToString(session->user.role)));
  }
  return caller;
}

size_t Server::BodyLimit(const httplib::Request& head) {
  for (const Route& route : AllRoutes()) {
    if (route.max_body_bytes <= options_.max_body_bytes || route.method != head.method ||
        !std::regex_match(head.path, std::regex(std::string(route.pattern)))) {
      continue;
    }
    return Admit(route, head) ? route.max_body_bytes : options_.max_body_bytes;
  }
  return options_.max_body_bytes;
}

// Admit, then the handler, its errors mapped to statuses, its exceptions to
// a 500.
void Server::Dispatch(const Route& route, const httplib::Request& req, httplib::Response& res) {
  try {
    auto caller = Admit(route, req);
    if (!caller) return SendError(req, res, caller.error());
    auto reply = route.handler(*context_, req, *caller);
    if (!reply) return SendError(req, res, reply.error());
    SendReply(req, res, *reply);
  } catch (const std::exception& e) {
    res.headers.clear();
    SendError(
        req, res,
        Error::Internal("exception in {} {}: {}", Shown(req.method), Shown(req.path), e.what()));
  }
}

void Server::RegisterRoutes() {
  auto& http = *http_;
  for (const Route& route : AllRoutes()) {
    auto handler = [this, &route](const httplib::Request& req, httplib::Response& res) {
      Dispatch(route, req, res);
    };
    const std::string pattern(route.pattern);
    if (route.method == "GET") {
      http.Get(pattern, handler);
    } else if (route.method == "POST") {
      http.Post(pattern, handler);
    } else if (route.method == "PATCH") {
      http.Patch(pattern, handler);
    } else if (route.method == "PUT") {
      http.Put(pattern, handler);
    } else if (route.method == "DELETE") {
      http.Delete(pattern, handler);
    }
  }

  // The web app: assets by path, and index.html for the app's own routes.
  http.Get(R"(/.*)", [](const httplib::Request& req, httplib::Response& res) {
    const web::Asset* asset = web::FindAsset(req.path);
    if (!asset && req.path.find('.') == std::string::npos) asset = web::FindAsset("/index.html");
    if (!asset) {
      SendError(req, res, Error::NotFound("there is nothing at {}", Shown(req.path)));
      return;
    }
    if (asset->gzipped) res.set_header("Content-Encoding", "gzip");
    res.set_header("Cache-Control", asset->path.starts_with("/assets/")
                                        ? "public, max-age=31536000, immutable"
                                        : "no-cache");
    res.set_content(asset->body.data(), asset->body.size(),
                    std::string(asset->content_type).c_str());
  });
}

}  // namespace sanad::api
