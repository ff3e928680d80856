// The administrator's day in the browser: accounts, the audit log and its
// verification, site settings (the site's k), person exports downloadable
// once, crossing points, and the loaded policy. What `sanad user`,
// `sanad export persons` and `sanad audit verify` do on the server, through
// the same Store calls; every change is audited by the store in the same
// transaction. Also the disclosure check every report route shares
// (SiteDisclosure, route.h).
#include "api/json_codec.h"
#include "api/json_fields.h"
#include "api/route.h"
#include "report/flash.h"

namespace sanad::api {
namespace {

static_assert(store::kDefaultSiteK == report::kDefaultMinCellSize,
              "a new site publishes with the reports' default k");

json EncodeUser(const store::User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"role", ToString(u.role)},
          {"disabled", u.disabled},
          {"created_at", u.created_at}};
}

// user id -> username, to show who did what instead of ids.
Result<std::map<std::string, std::string>> Usernames(RouteContext& ctx) {
  auto users = ctx.store.ListUsers();
  if (!users) return Fail(users.error());
  std::map<std::string, std::string> out;
  for (const auto& u : *users) out[u.id] = u.username;
  return out;
}

std::string NameOf(const std::map<std::string, std::string>& names, const std::string& id) {
  auto it = names.find(id);
  return it == names.end() ? id : it->second;
}

// The account a route's path names: by its id (the username when `by_name`).
Result<store::User> FindUser(RouteContext& ctx, const std::string& key, bool by_name = false) {
  auto users = ctx.store.ListUsers();
  if (!users) return Fail(users.error());
  for (auto& u : *users) {
    if ((by_name ? u.username : u.id) == key) return std::move(u);
  }
  return Fail(by_name ? Error::NotFound("no user named '{}'", key)
                      : Error::NotFound("there is no such account"));
}

Result<Reply> ListUsers(RouteContext& ctx, const httplib::Request&, const Caller&) {
  auto users = ctx.store.ListUsers();
  if (!users) return Fail(users.error());
  json items = json::array();
  for (const auto& u : *users) items.push_back(EncodeUser(u));
  return Reply{200, {{"items", items}}};
}

Result<store::Role> RoleOf(const json& body) {
  store::Role role = store::Role::kRegistrar;
  if (auto ok = GetRequiredEnum<store::Role>(body, "", "role", store::ParseRole,
                                             "admin, registrar, counsellor, caseworker, analyst",
                                             &role, true);
      !ok) {
    return Fail(ok.error());
  }
  return role;
}

// The password given ("password"), or a new one the answer shows once.
Result<std::pair<std::string, bool>> PasswordOf(const json& body) {
  std::string password;
  if (auto ok = GetString(body, "", "password", &password, 4096); !ok) return Fail(ok.error());
  if (password.empty()) return std::pair{store::Store::NewPassword(), true};
  return std::pair{std::move(password), false};
}

Result<Reply> AddUser(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  if (auto ok = RejectUnknown(*body, "", {"username", "role", "password"}); !ok) {
    return Fail(ok.error());
  }
  std::string username;
  if (auto ok = GetString(*body, "", "username", &username, 64); !ok) return Fail(ok.error());
  auto role = RoleOf(*body);
  if (!role) return Fail(role.error());
  auto password = PasswordOf(*body);
  if (!password) return Fail(password.error());
  // Handed over by the administrator: the account changes it at its first sign-in.
  auto created = ctx.store.CreateUser(username, *role, password->first, c.actor, /*issued=*/true);
  if (!created) return Fail(created.error());
  json answer = EncodeUser(*created);
  if (password->second) answer["password"] = password->first;
  return Reply{201, answer};
}

Result<Reply> SetDisabled(RouteContext& ctx, const httplib::Request& req, const Caller& c,
                          bool disabled) {
  auto user = FindUser(ctx, req.matches[1]);
  if (!user) return Fail(user.error());
  if (disabled && user->id == c.session.user.id) {
    return Fail(Error::InvalidInput(
        "id", "you cannot disable your own account: ask another administrator"));
  }
  if (auto ok = ctx.store.SetUserDisabled(user->username, disabled, c.actor); !ok) {
    return Fail(ok.error());
  }
  user->disabled = disabled;
  return Reply{200, EncodeUser(*user)};
}

Result<Reply> DisableUser(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  return SetDisabled(ctx, req, c, true);
}

Result<Reply> EnableUser(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  return SetDisabled(ctx, req, c, false);
}

Result<Reply> ResetPassword(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = req.body.empty() ? Result<json>(json::object()) : BodyOf(req);
  if (!body) return Fail(body.error());
  if (auto ok = RejectUnknown(*body, "", {"password"}); !ok) return Fail(ok.error());
  auto password = PasswordOf(*body);
  if (!password) return Fail(password.error());
  auto user = FindUser(ctx, req.matches[1]);
  if (!user) return Fail(user.error());
  if (auto ok = ctx.store.ResetPassword(user->username, password->first, c.actor, /*issued=*/true);
      !ok) {
    return Fail(ok.error());
  }
  json answer = EncodeUser(*user);
  answer["sessions_ended"] = true;
  if (password->second) answer["password"] = password->first;
  return Reply{200, answer};
}

Result<Reply> ChangeRole(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  if (auto ok = RejectUnknown(*body, "", {"role"}); !ok) return Fail(ok.error());
  auto role = RoleOf(*body);
  if (!role) return Fail(role.error());
  auto user = FindUser(ctx, req.matches[1]);
  if (!user) return Fail(user.error());
  auto changed = ctx.store.SetUserRole(user->username, *role, c.actor);
  if (!changed) return Fail(changed.error());
  return Reply{200, EncodeUser(*changed)};
}

Result<std::string> TextParam(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return std::string();
  std::string value = req.get_param_value(name);
  if (auto ok = ValidateText(name, value); !ok) return Fail(ok.error());
  return value;
}

Result<Reply> ListAudit(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  store::AuditFilter filter;
  auto page = IntParam(req, "page", 1, 1, store::kMaxSearchPage);
  if (!page) return Fail(page.error());
  auto page_size = IntParam(req, "page_size", 50, 1, store::kMaxSearchPageSize);
  if (!page_size) return Fail(page_size.error());
  filter.page = *page;
  filter.page_size = *page_size;
  auto user = TextParam(req, "user");
  auto action = TextParam(req, "action");
  auto record = TextParam(req, "record");
  for (const auto* param : {&user, &action, &record}) {
    if (!*param) return Fail(param->error());
  }
  filter.action = *action;
  filter.object_id = *record;
  auto names = Usernames(ctx);
  if (!names) return Fail(names.error());
  if (!user->empty()) {
    auto found = FindUser(ctx, *user, /*by_name=*/true);
    if (!found) return Fail(Error::InvalidInput("user", "no user named '{}'", *user));
    filter.user_id = found->id;
  }
  auto listed = ctx.store.ListAudit(filter, c.actor);
  if (!listed) return Fail(listed.error());
  json items = json::array();
  for (const auto& e : listed->items) {
    // "id@address", "cli:name" or "system".
    const size_t at = e.actor.find('@');
    const std::string id = e.actor.substr(0, at);
    items.push_back({{"seq", e.seq},
                     {"at", e.at},
                     {"actor", NameOf(*names, id)},
                     {"address", at == std::string::npos ? "" : e.actor.substr(at + 1)},
                     {"action", e.action},
                     {"object_type", e.object_type},
                     {"object_id", e.object_id},
                     {"outcome", e.outcome},
                     {"detail", e.detail},
                     {"hash", e.hash}});
  }
  return Reply{200,
               {{"items", items},
                {"page", filter.page},
                {"page_size", filter.page_size},
                {"has_more", listed->has_more}}};
}

Result<Reply> VerifyAudit(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto checked = ctx.store.VerifyAudit();
  if (!checked && checked.error().code != Error::Code::kConflict) return Fail(checked.error());
  json answer;
  if (checked) {
    answer = {{"intact", true}, {"entries", *checked}};
  } else {
    answer = {{"intact", false},
              {"problem", Say(checked.error().text, LanguageOf(req))},
              {"broken_at", checked.error().line}};
  }
  // The head the check reached, for the administrator to write down elsewhere.
  auto head = ctx.store.AuditHead();
  if (!head) return Fail(head.error());
  answer["head"] = {{"seq", head->seq}, {"hash", head->hash}, {"at", head->at}};
  if (auto ok = ctx.store.Audit(c.actor, "audit.verify", "audit_log", std::to_string(head->seq),
                                checked ? "ok" : "failed");
      !ok) {
    return Fail(ok.error());
  }
  return Reply{200, answer};
}

Result<Reply> SettingsReply(RouteContext& ctx, const store::SiteSettings& s) {
  auto names = Usernames(ctx);
  if (!names) return Fail(names.error());
  return Reply{200,
               {{"k", s.k},
                {"k_default", store::kDefaultSiteK},
                {"k_min", store::kMinSiteK},
                {"k_max", store::kMaxSiteK},
                {"k_updated_by",
                 s.k_updated_by.empty() ? json(nullptr) : json(NameOf(*names, s.k_updated_by))},
                {"k_updated_at", s.k_updated_at.empty() ? json(nullptr) : json(s.k_updated_at)}}};
}

Result<Reply> GetSettings(RouteContext& ctx, const httplib::Request&, const Caller&) {
  auto settings = ctx.store.GetSiteSettings();
  if (!settings) return Fail(settings.error());
  return SettingsReply(ctx, *settings);
}

Result<Reply> PutSettings(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  if (auto ok = RejectUnknown(*body, "", {"k"}); !ok) return Fail(ok.error());
  std::optional<int64_t> k;
  if (auto ok = GetInt(*body, "", "k", &k); !ok) return Fail(ok.error());
  if (!k) return Fail(Error::InvalidInput("k", "is required: a whole number"));
  auto changed = ctx.store.SetSiteK(*k, c.actor);
  if (!changed) return Fail(changed.error());
  return SettingsReply(ctx, *changed);
}

json EncodeExport(const store::PersonExport& e, const std::map<std::string, std::string>& names) {
  return {{"id", e.id},
          {"purpose", e.purpose},
          {"persons", e.persons},
          {"bytes", e.bytes},
          {"made_by", NameOf(names, e.made_by)},
          {"made_at", e.made_at},
          {"downloaded_at", e.downloaded_at.empty() ? json(nullptr) : json(e.downloaded_at)}};
}

Result<Reply> ListExports(RouteContext& ctx, const httplib::Request&, const Caller&) {
  auto exports = ctx.store.ListPersonExports();
  if (!exports) return Fail(exports.error());
  auto names = Usernames(ctx);
  if (!names) return Fail(names.error());
  json items = json::array();
  for (const auto& e : *exports) items.push_back(EncodeExport(e, *names));
  return Reply{200, {{"items", items}}};
}

Result<Reply> MakeExport(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  if (auto ok = RejectUnknown(*body, "", {"purpose", "passphrase"}); !ok) return Fail(ok.error());
  std::string purpose;
  std::string passphrase;
  if (auto ok = GetString(*body, "", "purpose", &purpose, 500); !ok) return Fail(ok.error());
  if (auto ok = GetString(*body, "", "passphrase", &passphrase, 1024); !ok) {
    return Fail(ok.error());
  }
  auto made = ctx.store.CreatePersonExport(purpose, passphrase, c.actor);
  if (!made) return Fail(made.error());
  auto names = Usernames(ctx);
  if (!names) return Fail(names.error());
  return Reply{201, EncodeExport(*made, *names)};
}

Result<Reply> ExportFile(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  const std::string id = req.matches[1];
  auto file = ctx.store.TakePersonExportFile(id, c.actor);
  if (!file && file.error().code == Error::Code::kConflict) {
    // Handed out once already: gone for good, not a conflict to retry.
    return Reply::Refused(410, file.error(), {{"code", "gone"}});
  }
  if (!file) return Fail(file.error());
  return Reply::File(std::move(*file), "application/octet-stream",
                     "sanad-persons-" + ctx.clock.Today().ToIso() + ".sanadexp");
}

Result<Reply> ListCrossingPoints(RouteContext& ctx, const httplib::Request&, const Caller&) {
  auto points = ctx.store.ListCrossingPoints();
  if (!points) return Fail(points.error());
  auto names = Usernames(ctx);
  if (!names) return Fail(names.error());
  json items = json::array();
  for (const auto& p : *points) {
    items.push_back({{"name", p.point.name},
                     {"afghan_province", p.point.afghan_province},
                     {"spellings", p.point.spellings},
                     {"built_in", p.built_in},
                     {"added_by", p.built_in ? json(nullptr) : json(NameOf(*names, p.added_by))},
                     {"added_at", p.built_in ? json(nullptr) : json(p.added_at)}});
  }
  return Reply{200, {{"items", items}}};
}

Result<Reply> AddCrossingPoint(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  if (auto ok = RejectUnknown(*body, "", {"name", "afghan_province", "spellings"}); !ok) {
    return Fail(ok.error());
  }
  CrossingPoint point;
  if (auto ok = GetString(*body, "", "name", &point.name); !ok) return Fail(ok.error());
  if (auto ok = GetString(*body, "", "afghan_province", &point.afghan_province); !ok) {
    return Fail(ok.error());
  }
  if (auto it = body->find("spellings"); it != body->end() && !it->is_null()) {
    if (!it->is_array()) return Fail(Error::InvalidInput("spellings", "must be a list of names"));
    for (size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string()) {
        return Fail(Error::InvalidInput("spellings[" + std::to_string(i) + "]", "must be text"));
      }
      point.spellings.push_back((*it)[i].get<std::string>());
    }
  }
  auto added = ctx.store.AddCrossingPoint(std::move(point), c.actor);
  if (!added) return Fail(added.error());
  return Reply{201,
               {{"name", added->point.name},
                {"afghan_province", added->point.afghan_province},
                {"spellings", added->point.spellings},
                {"built_in", false},
                {"added_by", c.session.user.username},
                {"added_at", added->added_at}}};
}

json DocumentNames(policy::DocumentMask mask) {
  json out = json::array();
  for (int t = static_cast<int>(DocumentType::kTazkira);
       t <= static_cast<int>(DocumentType::kOther); ++t) {
    const auto type = static_cast<DocumentType>(t);
    if (mask & policy::MaskOf(type)) out.push_back(ToString(type));
  }
  if (mask & policy::kNoDocumentsMask) out.push_back("none");
  return out;
}

json OptionalDate(const std::optional<Date>& d) { return d ? json(d->ToIso()) : json(nullptr); }

// The provisions' texts in the request's language where the file has them
// (each provision's "language" says which), and the languages each lacks.
Result<Reply> LoadedPolicy(RouteContext& ctx, const httplib::Request& req, const Caller&) {
  const policy::Policy& p = ctx.policy;
  const std::string_view language = LanguageOf(req);
  json provisions = json::array();
  for (const auto& v : p.provisions) {
    const policy::ProvisionTextView text = v.TextIn(language);
    json missing = json::array();
    for (std::string_view m : v.MissingLanguages()) missing.push_back(m);
    json requires_any = json::array();
    for (auto mask : v.requires_any) requires_any.push_back(DocumentNames(mask));
    json statuses = json::array();
    for (auto s : v.for_statuses) statuses.push_back(ToString(s));
    provisions.push_back(
        {{"id", v.id},
         {"title", text.title},
         {"language", text.language},
         {"missing_languages", missing},
         {"context", ToString(v.context)},
         {"effect", ToString(v.effect)},
         {"from", OptionalDate(v.from)},
         {"to", OptionalDate(v.to)},
         {"leave_by", OptionalDate(v.leave_by)},
         {"removal_from", OptionalDate(v.removal_from)},
         {"documents", DocumentNames(v.documents)},
         {"requires_any", requires_any},
         {"for_statuses", statuses},
         {"source",
          {{"authority", v.source.authority},
           {"date", v.source.date},
           {"reference", v.source.reference}}},
         {"citation", v.citation},
         {"explanation", text.explanation},
         {"sources_differ", text.sources_differ},
         {"next_steps", std::vector<std::string>(text.next_steps.begin(), text.next_steps.end())}});
  }
  return Reply{200,
               {{"id", p.id},
                {"title", p.title},
                {"jurisdiction", p.jurisdiction},
                {"version", p.version},
                {"file", p.file_name},
                {"language", language},
                {"provisions", provisions}}};
}

}  // namespace

Result<Disclosure> SiteDisclosure(RouteContext& ctx, const httplib::Request& req, const Caller& c,
                                  std::string_view report, int64_t requested_k,
                                  bool disclosure_control) {
  auto settings = ctx.store.GetSiteSettings();
  if (!settings) return Fail(settings.error());
  const bool asked = req.has_param("k") && !req.get_param_value("k").empty();
  Disclosure d{asked ? requested_k : settings->k, false};
  d.weakened = !disclosure_control || d.k < settings->k;
  if (d.weakened && !Allows(c.session.user.role, Permission::kReportUnsuppressed)) {
    ctx.refusals.Record(c.actor, "refused:report.unsuppressed", "report", std::string(report));
    return Fail(Error::Forbidden(
        "only an administrator may publish figures about fewer than {} people (this site's k)",
        settings->k));
  }
  return d;
}

std::vector<Route> AdminRoutes() {
  using enum Access;
  return {
      {"GET", "/api/v1/users", kPermission, Permission::kUserAdmin, ListUsers},
      {"POST", "/api/v1/users", kPermission, Permission::kUserAdmin, AddUser},
      {"POST", R"(/api/v1/users/([0-9a-f-]{36})/disable)", kPermission, Permission::kUserAdmin,
       DisableUser},
      {"POST", R"(/api/v1/users/([0-9a-f-]{36})/enable)", kPermission, Permission::kUserAdmin,
       EnableUser},
      {"POST", R"(/api/v1/users/([0-9a-f-]{36})/password)", kPermission, Permission::kUserAdmin,
       ResetPassword},
      {"POST", R"(/api/v1/users/([0-9a-f-]{36})/role)", kPermission, Permission::kUserAdmin,
       ChangeRole},
      {"GET", "/api/v1/audit", kPermission, Permission::kAuditRead, ListAudit},
      {"POST", "/api/v1/audit/verify", kPermission, Permission::kAuditRead, VerifyAudit},
      {"GET", "/api/v1/settings", kPermission, Permission::kSiteSettings, GetSettings},
      {"PUT", "/api/v1/settings", kPermission, Permission::kSiteSettings, PutSettings},
      {"GET", "/api/v1/exports", kPermission, Permission::kExportPersons, ListExports},
      {"POST", "/api/v1/exports", kPermission, Permission::kExportPersons, MakeExport},
      {"GET", R"(/api/v1/exports/([0-9a-f-]{36})/file)", kPermission, Permission::kExportPersons,
       ExportFile},
      {"GET", "/api/v1/crossing-points", kSignedIn, {}, ListCrossingPoints},
      {"POST", "/api/v1/crossing-points", kPermission, Permission::kSiteSettings, AddCrossingPoint},
      {"GET", "/api/v1/policy", kSignedIn, {}, LoadedPolicy},
  };
}

}  // namespace sanad::api
