#include "api/server.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <regex>
#include <thread>

#include "api/connection_door.h"
#include "api/json_codec.h"
#include "api/permissions.h"
#include "api/service_json.h"
#include "core/id.h"
#include "core/utf8.h"
#include "report/flash.h"
#include "report/flash_output.h"
#include "web/web_assets.h"

namespace sanad::api {
namespace {

constexpr std::string_view kSessionCookie = "sanad_session";
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

void SendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(), "application/json; charset=utf-8");
}

void SendError(httplib::Response& res, const Error& error) {
  if (error.code == Error::Code::kInternal) spdlog::error("internal error: {}", error.message);
  Error shown = error;
  if (error.code == Error::Code::kInternal) {
    shown.message =
        "something went wrong inside sanad; the problem was logged. Try again, and "
        "tell your administrator if it happens again";
  }
  SendJson(res, HttpStatus(error.code), EncodeError(shown));
}

std::string CookieValue(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string_view part(header.data() + pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    pos = end + 1;
  }
  return {};
}

// What a handler knows about the caller.
struct Caller {
  store::Session session;
  store::Actor actor;
  bool via_cookie = false;
};

struct Reply {
  Reply(int status_code, json json_body) : status(status_code), body(std::move(json_body)) {}
  // A file download instead of JSON.
  static Reply File(std::string raw, std::string content_type, std::string file_name) {
    Reply reply(200, nullptr);
    reply.raw = std::move(raw);
    reply.content_type = std::move(content_type);
    reply.file_name = std::move(file_name);
    return reply;
  }
  int status;
  json body;
  std::string raw;
  std::string content_type;  // set for a file
  std::string file_name;
};

using Handler = std::function<Result<Reply>(const httplib::Request&, const Caller&)>;

Result<int> IntParam(const httplib::Request& req, const std::string& name, int fallback) {
  if (!req.has_param(name.c_str())) return fallback;
  const std::string text = req.get_param_value(name.c_str());
  if (text.empty() || text.size() > 9 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return Fail(Error::InvalidInput(name, "must be a whole number"));
  }
  return std::stoi(text);
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

Server::Server(store::Store& store, const policy::Policy& policy, match::CandidateIndex& duplicates,
               ServerOptions options)
    : store_(store),
      policy_(policy),
      duplicates_(duplicates),
      options_(std::move(options)),
      throttle_(options_.throttle) {
  if (!options_.tls_cert.empty() && !options_.tls_key.empty()) {
    http_ =
        std::make_unique<httplib::SSLServer>(options_.tls_cert.c_str(), options_.tls_key.c_str());
    // HTTPS reads through OpenSSL on httplib's own path: a thread per
    // connection, so more of them than the door's workers.
    http_->new_task_queue = [] { return new httplib::ThreadPool(kTlsThreads); };
    http_->set_tcp_nodelay(true);
  } else {
    http_ = std::make_unique<GuardedHttpServer>(DoorSettingsFor(options_));
  }
  http_->set_payload_max_length(options_.max_body_bytes);
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
  http_->set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                  std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    SendError(res, Error::Internal("exception in " + req.method + " " + req.path + ": " + what));
  });
  // Range requests: a few ranges, none overlapping, or 416 (with no body, so
  // the ranges have nothing to multiply).
  http_->set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    if (AcceptableRanges(req.ranges)) return httplib::Server::HandlerResponse::Unhandled;
    res.status = 416;
    return httplib::Server::HandlerResponse::Handled;
  });
  http_->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      SendJson(res, 413, EncodeError(Error::InvalidInput("body", "the request is too large")));
    } else if (res.status == 404) {
      SendJson(res, 404, EncodeError(Error::NotFound("there is nothing at " + req.path)));
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
    return Fail(Error::Unavailable("cannot listen on " + options_.bind + ":" +
                                   std::to_string(options_.port) +
                                   ": is another program (or sanad) using that port? Use --port"));
  }
  return {};
}

Status Server::Serve() {
  serving_ = true;
  std::thread anchor([this] { AnchorAuditLoop(); });
  const bool ok = stop_requested_ || http_->listen_after_bind();
  serving_ = false;
  {
    std::lock_guard lock(anchor_mutex_);
    stopping_ = true;
  }
  anchor_wakeup_.notify_all();
  anchor.join();
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

void Server::RegisterRoutes() {
  auto& http = *http_;

  // Wraps a handler with authentication, CSRF, the permission check and
  // error mapping: the one place where access is decided.
  auto guarded = [this](std::optional<Permission> permission, Handler handler) {
    return [this, permission, handler](const httplib::Request& req, httplib::Response& res) {
      Caller caller;
      caller.actor.address = req.remote_addr;
      std::string token;
      const std::string auth = req.get_header_value("Authorization");
      if (auth.starts_with("Bearer ")) {
        token = auth.substr(7);
      } else {
        token = CookieValue(req, kSessionCookie);
        caller.via_cookie = !token.empty();
      }
      auto session = store_.FindSession(token, options_.session_idle_seconds);
      if (!session) {
        SendError(res, session.error());
        return;
      }
      caller.session = *session;
      caller.actor.id = session->user.id;
      if (caller.via_cookie && req.method != "GET" && req.method != "HEAD" &&
          req.get_header_value("X-CSRF-Token") != session->csrf_token) {
        (void)store_.Audit(caller.actor, "csrf.refused", "route", req.path, "denied");
        SendError(res, Error::Forbidden("this request lacks the session's CSRF token "
                                        "(X-CSRF-Token): reload the page and try again"));
        return;
      }
      if (permission && !Allows(session->user.role, *permission)) {
        (void)store_.Audit(caller.actor,
                           std::string("refused:") + std::string(ToString(*permission)), "route",
                           req.path, "denied");
        SendError(res, Error::Forbidden("your role (" + std::string(ToString(session->user.role)) +
                                        ") may not do this"));
        return;
      }
      auto reply = handler(req, caller);
      if (!reply) {
        SendError(res, reply.error());
        return;
      }
      if (!reply->content_type.empty()) {
        res.status = reply->status;
        res.set_header("Cache-Control", "no-store");
        res.set_header("Content-Disposition", "attachment; filename=\"" + reply->file_name + "\"");
        res.set_content(reply->raw, reply->content_type.c_str());
        return;
      }
      SendJson(res, reply->status, reply->body);
    };
  };
  auto body_of = [](const httplib::Request& req) { return ParseBody(req.body); };

  http.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200,
             {{"status", "ok"},
              {"version", SANAD_VERSION},
              {"site", options_.site_name},
              {"backend", store_.backend()}});
  });

  // Sessions.
  http.Post("/api/v1/session", [this](const httplib::Request& req, httplib::Response& res) {
    auto body = ParseBody(req.body);
    if (!body) return SendError(res, body.error());
    const json& j = *body;
    if (!j.contains("username") || !j["username"].is_string() || !j.contains("password") ||
        !j["password"].is_string()) {
      return SendError(res, Error::InvalidInput("username", "send {\"username\", \"password\"}"));
    }
    const std::string username = j["username"].get<std::string>();
    const std::string password = j["password"].get<std::string>();
    store::Actor actor{"anonymous", req.remote_addr};
    if (int64_t wait = throttle_.LockedFor(username, req.remote_addr); wait > 0) {
      (void)store_.Audit(actor, "login.throttled", "user", "-", "denied");
      res.set_header("Retry-After", std::to_string(wait));
      return SendError(res, Error{Error::Code::kRateLimited,
                                  "too many failed sign-ins: wait " +
                                      std::to_string((wait + 59) / 60) + " minute(s) and try again",
                                  {},
                                  0});
    }
    if (int64_t delay = throttle_.DelayFor(username, req.remote_addr); delay > 0) {
      std::this_thread::sleep_for(std::chrono::seconds(std::min<int64_t>(delay, 5)));
    }
    auto session = store_.Login(username, password, actor);
    if (!session) {
      if (session.error().code == Error::Code::kUnauthenticated) {
        throttle_.RecordFailure(username, req.remote_addr);
      }
      return SendError(res, session.error());
    }
    throttle_.RecordSuccess(username);
    std::string cookie =
        std::string(kSessionCookie) + "=" + session->token + "; Path=/; HttpOnly; SameSite=Strict";
    if (!options_.tls_cert.empty()) cookie += "; Secure";
    res.set_header("Set-Cookie", cookie);
    SendJson(
        res, 200,
        {{"token", session->token},
         {"csrf_token", session->csrf_token},
         {"user", {{"username", session->user.username}, {"role", ToString(session->user.role)}}}});
  });
  http.Get(
      "/api/v1/session",
      guarded(std::nullopt, [](const httplib::Request&, const Caller& c) -> Result<Reply> {
        json permissions = json::array();
        for (auto p : PermissionsOf(c.session.user.role)) permissions.push_back(ToString(p));
        return Reply{
            200,
            {{"user",
              {{"username", c.session.user.username}, {"role", ToString(c.session.user.role)}}},
             {"csrf_token", c.session.csrf_token},
             {"permissions", permissions}}};
      }));
  http.Delete("/api/v1/session", [this](const httplib::Request& req, httplib::Response& res) {
    std::string token;
    const std::string auth = req.get_header_value("Authorization");
    token = auth.starts_with("Bearer ") ? auth.substr(7) : CookieValue(req, kSessionCookie);
    auto session = store_.FindSession(token, options_.session_idle_seconds);
    if (session) (void)store_.Logout(token, store::Actor{session->user.id, req.remote_addr});
    res.set_header("Set-Cookie",
                   std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    SendJson(res, 200, {{"signed_out", true}});
  });

  // Households.
  http.Post("/api/v1/households",
            guarded(Permission::kHouseholdWrite,
                    [this, body_of](const httplib::Request& req, const Caller& c) -> Result<Reply> {
                      auto body = body_of(req);
                      if (!body) return Fail(body.error());
                      auto household = DecodeNewHousehold(*body);
                      if (!household) return Fail(household.error());
                      for (auto& m : household->members) {
                        if (!m.consents.empty()) m.consent_recorded_by = c.actor.id;
                      }
                      // Look for earlier registrations of each member first, so
                      // members of the new household are not offered as their own.
                      std::vector<std::vector<match::Candidate>> found;
                      for (const auto& m : household->members) {
                        auto candidates = duplicates_.Candidates(m, household->origin_province, 5);
                        found.push_back(candidates ? std::move(*candidates)
                                                   : std::vector<match::Candidate>{});
                      }
                      auto created = store_.CreateHousehold(std::move(*household), c.actor);
                      if (!created) return Fail(created.error());
                      for (const auto& m : created->members) {
                        if (auto added = duplicates_.Add(m.id, m, created->origin_province);
                            !added) {
                          spdlog::warn("person {} not added to the duplicate index: {}", m.id,
                                       added.error().message);
                        }
                      }
                      json out = EncodeHousehold(*created, true);
                      json possible = json::array();
                      for (size_t i = 0; i < found.size(); ++i) {
                        auto shown = CandidatesJson(store_, duplicates_, found[i], c.actor);
                        if (!shown) return Fail(shown.error());
                        for (auto& candidate : *shown) {
                          candidate["candidate_id"] = candidate["person_id"];
                          candidate["person_id"] = created->members[i].id;
                          possible.push_back(std::move(candidate));
                        }
                      }
                      out["possible_duplicates"] = possible;
                      return Reply{201, out};
                    }));
  http.Get(R"(/api/v1/households/([0-9a-f-]{36}))",
           guarded(Permission::kPersonRead,
                   [this](const httplib::Request& req, const Caller& c) -> Result<Reply> {
                     auto h = store_.GetHousehold(req.matches[1], c.actor);
                     if (!h) return Fail(h.error());
                     return Reply{200, EncodeHousehold(*h, Allows(c.session.user.role,
                                                                  Permission::kDocumentNumbers))};
                   }));
  http.Patch(
      R"(/api/v1/households/([0-9a-f-]{36}))",
      guarded(Permission::kHouseholdWrite,
              [this, body_of](const httplib::Request& req, const Caller& c) -> Result<Reply> {
                auto body = body_of(req);
                if (!body) return Fail(body.error());
                auto current = store_.GetHousehold(req.matches[1], c.actor);
                if (!current) return Fail(current.error());
                Household updated = *current;
                auto version = ApplyHouseholdPatch(*body, &updated);
                if (!version) return Fail(version.error());
                auto saved = store_.UpdateHousehold(updated, *version, c.actor);
                if (!saved) return Fail(saved.error());
                return Reply{200, EncodeHousehold(*saved, true)};
              }));

  // Persons.
  http.Get("/api/v1/persons",
           guarded(Permission::kPersonRead,
                   [this](const httplib::Request& req, const Caller& c) -> Result<Reply> {
                     auto page = IntParam(req, "page", 1);
                     if (!page) return Fail(page.error());
                     auto size = IntParam(req, "page_size", 20);
                     if (!size) return Fail(size.error());
                     auto found =
                         store_.SearchPersons(req.get_param_value("q"), *page, *size, c.actor);
                     if (!found) return Fail(found.error());
                     json items = json::array();
                     for (const auto& s : found->items) items.push_back(EncodeSummary(s));
                     return Reply{200,
                                  {{"items", items},
                                   {"page", *page},
                                   {"page_size", *size},
                                   {"has_more", found->has_more}}};
                   }));
  http.Get(R"(/api/v1/persons/([0-9a-f-]{36}))",
           guarded(Permission::kPersonRead,
                   [this](const httplib::Request& req, const Caller& c) -> Result<Reply> {
                     auto p = store_.GetPerson(req.matches[1], c.actor);
                     if (!p) return Fail(p.error());
                     return Reply{200, EncodePerson(*p, Allows(c.session.user.role,
                                                               Permission::kDocumentNumbers))};
                   }));

  // Possible duplicates while a registrar types, and of a registered person.
  http.Post("/api/v1/persons/candidates",
            guarded(Permission::kPersonDuplicates,
                    [this, body_of](const httplib::Request& req, const Caller& c) -> Result<Reply> {
                      auto body = body_of(req);
                      if (!body) return Fail(body.error());
                      json person_json = *body;
                      std::string province;
                      if (auto it = person_json.find("province"); it != person_json.end()) {
                        if (!it->is_string()) {
                          return Fail(Error::InvalidInput("province", "must be a string"));
                        }
                        province = it->get<std::string>();
                        person_json.erase("province");
                      }
                      // While typing, the given name may not be there yet: validate
                      // the rest, then match on what there is.
                      const bool has_given_name = person_json.contains("given_name");
                      Person base;
                      if (!has_given_name) base.given_name = "-";
                      auto person = DecodePerson(person_json, base, "");
                      if (!person) return Fail(person.error());
                      if (!has_given_name) person->given_name.clear();
                      auto found = duplicates_.Candidates(*person, province, 5);
                      if (!found) return Fail(found.error());
                      auto shown = CandidatesJson(store_, duplicates_, *found, c.actor);
                      if (!shown) return Fail(shown.error());
                      return Reply{200, {{"candidates", *shown}}};
                    }));
  http.Get(R"(/api/v1/persons/([0-9a-f-]{36})/duplicates)",
           guarded(Permission::kPersonDuplicates,
                   [this](const httplib::Request& req, const Caller& c) -> Result<Reply> {
                     const std::string id = req.matches[1];
                     auto person = store_.GetPerson(id, c.actor);
                     if (!person) return Fail(person.error());
                     auto household = store_.GetHousehold(person->household_id, c.actor);
                     if (!household) return Fail(household.error());
                     auto found =
                         duplicates_.Candidates(*person, household->origin_province, 10, 0.5, id);
                     if (!found) return Fail(found.error());
                     auto shown = CandidatesJson(store_, duplicates_, *found, c.actor);
                     if (!shown) return Fail(shown.error());
                     return Reply{200, {{"candidates", *shown}}};
                   }));

  // Legal status.
  http.Post("/api/v1/status-check",
            guarded(Permission::kStatusCheck,
                    [this, body_of](const httplib::Request& req, const Caller&) -> Result<Reply> {
                      auto body = body_of(req);
                      if (!body) return Fail(body.error());
                      auto check = DecodeStatusCheck(*body);
                      if (!check) return Fail(check.error());
                      return Reply{200,
                                   EncodeEvaluation(policy::Evaluate(policy_, check->documents,
                                                                     check->date, check->context))};
                    }));
  http.Get(R"(/api/v1/persons/([0-9a-f-]{36})/status)",
           guarded(Permission::kStatusCheck,
                   [this](const httplib::Request& req, const Caller& c) -> Result<Reply> {
                     auto person = store_.GetPerson(req.matches[1], c.actor);
                     if (!person) return Fail(person.error());
                     Date date = Date::Today();
                     if (req.has_param("date")) {
                       auto d = Date::ParseIso(req.get_param_value("date"), "date");
                       if (!d) return Fail(d.error());
                       date = *d;
                     }
                     const auto documents = policy::HeldDocumentsOf(*person);
                     json out = EncodeEvaluation(policy::Evaluate(policy_, documents, date));
                     out["timeline"] = EncodeTimeline(
                         policy::Timeline(policy_, documents, kTimelineStart, date.AddDays(365)));
                     return Reply{200, out};
                   }));

  // Movements.
  http.Post("/api/v1/movements",
            guarded(Permission::kMovementWrite,
                    [this, body_of](const httplib::Request& req, const Caller& c) -> Result<Reply> {
                      auto body = body_of(req);
                      if (!body) return Fail(body.error());
                      auto movement = DecodeMovement(*body);
                      if (!movement) return Fail(movement.error());
                      auto created = store_.CreateMovement(std::move(*movement), c.actor);
                      if (!created) return Fail(created.error());
                      return Reply{201, EncodeMovement(*created)};
                    }));
  http.Get("/api/v1/movements",
           guarded(Permission::kMovementRead,
                   [this](const httplib::Request& req, const Caller& c) -> Result<Reply> {
                     store::MovementFilter filter;
                     for (auto [name, target] :
                          {std::pair{"from", &filter.from}, std::pair{"to", &filter.to}}) {
                       if (!req.has_param(name)) continue;
                       auto d = Date::ParseIso(req.get_param_value(name), name);
                       if (!d) return Fail(d.error());
                       *target = *d;
                     }
                     filter.crossing_point = req.get_param_value("crossing");
                     auto list = store_.ListMovements(filter, c.actor);
                     if (!list) return Fail(list.error());
                     json items = json::array();
                     for (const auto& m : *list) items.push_back(EncodeMovement(m));
                     return Reply{200, {{"items", items}}};
                   }));

  // Reports: aggregates with disclosure control, never a person.
  http.Get(
      "/api/v1/reports/flash",
      guarded(Permission::kReportRead,
              [this](const httplib::Request& req, const Caller& c) -> Result<Reply> {
                std::map<std::string, std::string, std::less<>> params;
                for (const auto& [key, value] : req.params) params[key] = value;
                auto options = report::ParseFlashOptions(params);
                if (!options) return Fail(options.error());
                if (report::WeakensDisclosureControl(*options)) {
                  if (!Allows(c.session.user.role, Permission::kReportUnsuppressed)) {
                    (void)store_.Audit(c.actor, "refused:report.unsuppressed", "report", "flash",
                                       "denied");
                    return Fail(
                        Error::Forbidden("only an administrator may publish cells smaller than " +
                                         std::to_string(report::kDefaultMinCellSize) + " people"));
                  }
                }
                auto tallies = store_.ListTallies(report::FirstDateNeeded(*options), options->to);
                if (!tallies) return Fail(tallies.error());
                auto registered =
                    store_.ListRegisteredFlows(report::FirstDateNeeded(*options), options->to);
                if (!registered) return Fail(registered.error());
                auto built = report::BuildFlashReport(*tallies, *registered, *options);
                if (!built) return Fail(built.error());
                const std::string format =
                    req.has_param("format") ? req.get_param_value("format") : "json";
                (void)store_.Audit(
                    c.actor,
                    report::WeakensDisclosureControl(*options) ? "report.flash.unsuppressed"
                                                               : "report.flash",
                    "report", options->from.ToIso() + "/" + options->to.ToIso(), "ok");
                if (format == "json") return Reply{200, report::FlashToJson(*built)};
                const std::string file =
                    "flash-" + options->from.ToIso() + "-" + options->to.ToIso();
                if (format == "csv") {
                  return Reply::File(report::FlashToHxlCsv(*built), "text/csv; charset=utf-8",
                                     file + ".csv");
                }
                if (format == "xlsx") {
                  auto xlsx = report::FlashToXlsx(*built);
                  if (!xlsx) return Fail(xlsx.error());
                  return Reply::File(std::move(*xlsx),
                                     "application/vnd.openxmlformats-officedocument."
                                     "spreadsheetml.sheet",
                                     file + ".xlsx");
                }
                return Fail(Error::InvalidInput("format", "must be json, csv or xlsx"));
              }));
  http.Get("/api/v1/reports/status-changes",
           guarded(Permission::kReportRead,
                   [this](const httplib::Request& req, const Caller& c) -> Result<Reply> {
                     auto days = IntParam(req, "days", 30);
                     if (!days) return Fail(days.error());
                     if (*days < 1 || *days > 366) {
                       return Fail(Error::InvalidInput("days", "must be between 1 and 366"));
                     }
                     auto counts = StatusChangesByProvince(store_, policy_, Date::Today(), *days);
                     if (!counts) return Fail(counts.error());
                     (void)store_.Audit(c.actor, "report.status_changes", "report",
                                        std::to_string(*days) + " days", "ok");
                     return Reply{200, *counts};
                   }));

  // Audit head, for anchoring elsewhere.
  http.Get(
      "/api/v1/audit/head",
      guarded(Permission::kUserAdmin,
              [this](const httplib::Request&, const Caller&) -> Result<Reply> {
                auto head = store_.AuditHead();
                if (!head) return Fail(head.error());
                return Reply{200, {{"seq", head->seq}, {"hash", head->hash}, {"at", head->at}}};
              }));

  // Any other /api/ path is a JSON 404 (or 401 first, so routes are not probed).
  auto api_not_found =
      guarded(std::nullopt, [](const httplib::Request& req, const Caller&) -> Result<Reply> {
        return Fail(Error::NotFound("there is no API route " + req.method + " " + req.path));
      });
  http.Get(R"(/api/.*)", api_not_found);
  http.Post(R"(/api/.*)", api_not_found);
  http.Patch(R"(/api/.*)", api_not_found);
  http.Put(R"(/api/.*)", api_not_found);
  http.Delete(R"(/api/.*)", api_not_found);

  // The web app: assets by path, and index.html for the app's own routes.
  http.Get(R"(/.*)", [](const httplib::Request& req, httplib::Response& res) {
    const web::Asset* asset = web::FindAsset(req.path);
    if (!asset && req.path.find('.') == std::string::npos) asset = web::FindAsset("/index.html");
    if (!asset) {
      SendJson(res, 404, EncodeError(Error::NotFound("there is nothing at " + req.path)));
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
