// Protection cases and referrals (issue 12): a caseworker opens a case for a
// registered person, moves it through the status machine (core/case.h),
// records sealed notes and tasks, refers the person to a service with their
// consent, and lists their cases, overdue first. A counsellor sees the
// cases with a legal-aid referral and records that referral's answer.
// Admins keep the list of receiving organisations; analysts read only the
// counts (GET /api/v1/reports/cases), under disclosure control.
#include <map>

#include "api/case_json.h"
#include "api/json_codec.h"
#include "api/route.h"
#include "report/case_report.h"

namespace sanad::api {
namespace {

store::CaseScope ScopeOf(const Caller& c) {
  return Allows(c.session.user.role, Permission::kCaseReadAll)
             ? store::CaseScope::kAll
             : store::CaseScope::kLegalAidReferred;
}

Result<Reply> OpenCase(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  auto decoded = DecodeNewCase(*body);
  if (!decoded) return Fail(decoded.error());
  auto created = ctx.store.CreateCase(std::move(*decoded), c.session.user.username, c.actor);
  if (!created) return Fail(created.error());
  return Reply{201, EncodeCase(*created)};
}

// The store records who wrote what by user id (what the audit log keeps); a
// caseworker reading the case needs the username: who wrote this note, who
// closed the case. An id that is not a user's stays as it is.
Status NameAuthors(RouteContext& ctx, json* file) {
  auto users = ctx.store.ListUsers();
  if (!users) return Fail(users.error());
  std::map<std::string, std::string> usernames;
  for (const auto& u : *users) usernames[u.id] = u.username;
  auto name = [&](json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return;
    if (auto user = usernames.find(it->get<std::string>()); user != usernames.end()) {
      *it = user->second;
    }
  };
  name(*file, "created_by");
  for (auto& h : (*file)["history"]) name(h, "by");
  for (auto& n : (*file)["notes"]) name(n, "author");
  for (auto& t : (*file)["tasks"]) name(t, "created_by");
  for (auto& r : (*file)["referrals"]) name(r, "created_by");
  return {};
}

Result<Reply> GetCase(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto file = ctx.store.GetCase(req.matches[1], ScopeOf(c), c.actor);
  if (!file) return Fail(file.error());
  json out = EncodeCaseFile(*file);
  if (auto named = NameAuthors(ctx, &out); !named) return Fail(named.error());
  return Reply{200, out};
}

Result<Reply> PatchCase(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  const std::string id = req.matches[1];
  auto current = ctx.store.GetCase(id, store::CaseScope::kAll, c.actor);
  if (!current) return Fail(current.error());
  Case changed = current->record;
  auto version = ApplyCasePatch(*body, &changed);
  if (!version) return Fail(version.error());
  auto updated = ctx.store.UpdateCase(changed, *version, c.actor);
  if (!updated) return StaleWrite(ctx, updated.error(), store::Versioned::kCase, id);
  return Reply{200, EncodeCase(*updated)};
}

Result<Reply> MoveCase(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  auto move = DecodeTransition(*body);
  if (!move) return Fail(move.error());
  const std::string id = req.matches[1];
  auto moved = ctx.store.TransitionCase(id, move->version, move->to, move->closure_reason, c.actor);
  if (!moved) return StaleWrite(ctx, moved.error(), store::Versioned::kCase, id);
  return Reply{200, EncodeCase(*moved)};
}

Result<Reply> AddNote(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  auto note = DecodeNote(*body);
  if (!note) return Fail(note.error());
  auto added = ctx.store.AddCaseNote(req.matches[1], std::move(*note), c.actor);
  if (!added) return Fail(added.error());
  return Reply{201, EncodeNote(*added)};
}

Result<Reply> ListCases(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  store::CaseFilter filter;
  filter.scope = ScopeOf(c);
  if (req.has_param("assigned_to")) {
    const std::string who = req.get_param_value("assigned_to");
    filter.assigned_to = who == "me" ? c.session.user.username : who;
  }
  if (req.has_param("person_id")) {
    filter.person_id = req.get_param_value("person_id");
    if (filter.person_id.empty() || filter.person_id.size() > 64) {
      return Fail(Error::InvalidInput("person_id", "must be a person's id"));
    }
  }
  if (req.has_param("overdue")) {
    const std::string v = req.get_param_value("overdue");
    if (v != "true" && v != "false") {
      return Fail(Error::InvalidInput("overdue", "must be true or false"));
    }
    filter.overdue_only = v == "true";
  }
  auto list = ctx.store.ListCases(filter, c.actor);
  if (!list) return Fail(list.error());
  json items = json::array();
  for (const auto& s : *list) items.push_back(EncodeCaseSummary(s));
  return Reply{200, {{"items", items}}};
}

Result<Reply> AddTask(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  auto task = DecodeNewTask(*body);
  if (!task) return Fail(task.error());
  auto added = ctx.store.AddCaseTask(req.matches[1], std::move(*task), c.actor);
  if (!added) return Fail(added.error());
  return Reply{201, EncodeTask(*added)};
}

Result<Reply> PatchTask(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  const std::string id = req.matches[1];
  auto change = DecodeTaskChange(*body, id);
  if (!change) return Fail(change.error());
  auto updated = ctx.store.UpdateCaseTask(*change, c.actor);
  if (!updated) return StaleWrite(ctx, updated.error(), store::Versioned::kTask, id);
  return Reply{200, EncodeTask(*updated)};
}

Result<Reply> Refer(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  auto referral = DecodeNewReferral(*body);
  if (!referral) return Fail(referral.error());
  const std::string case_id = req.matches[1];
  auto packet = ctx.store.CreateReferral(case_id, std::move(*referral), c.actor);
  if (!packet) {
    // No consent: refused, and the refusal is audited.
    if (packet.error().code == Error::Code::kForbidden) {
      ctx.refusals.Record(c.actor, "refused:referral.consent", "case", case_id);
    }
    return Fail(packet.error());
  }
  return Reply{201, EncodeReferralPacket(*packet, MaySeeNumbers(c))};
}

Result<Reply> PatchReferral(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  const std::string id = req.matches[1];
  auto change = DecodeReferralChange(*body, id);
  if (!change) return Fail(change.error());
  auto updated = ctx.store.UpdateReferral(*change, ScopeOf(c), c.actor);
  if (!updated) return StaleWrite(ctx, updated.error(), store::Versioned::kReferral, id);
  return Reply{200, EncodeReferral(*updated)};
}

Result<Reply> ListOrganisations(RouteContext& ctx, const httplib::Request&, const Caller&) {
  auto list = ctx.store.ListOrganisations();
  if (!list) return Fail(list.error());
  json items = json::array();
  for (const auto& o : *list) items.push_back(EncodeOrganisation(o));
  return Reply{200, {{"items", items}}};
}

Result<Reply> AddOrganisation(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  auto organisation = DecodeOrganisation(*body);
  if (!organisation) return Fail(organisation.error());
  auto created = ctx.store.CreateOrganisation(std::move(*organisation), c.actor);
  if (!created) return Fail(created.error());
  return Reply{201, EncodeOrganisation(*created)};
}

Result<Reply> CaseReport(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  report::CaseReportOptions options;
  auto k = IntParam(req, "k", static_cast<int>(report::kDefaultMinCellSize), 1, 1000);
  if (!k) return Fail(k.error());
  options.k = *k;
  if (req.has_param("suppression")) {
    const std::string v = req.get_param_value("suppression");
    if (v != "on" && v != "off")
      return Fail(Error::InvalidInput("suppression", "must be on or off"));
    options.disclosure_control = v == "on";
  }
  auto disclosure = SiteDisclosure(ctx, req, c, "cases", options.k, options.disclosure_control);
  if (!disclosure) return Fail(disclosure.error());
  options.k = disclosure->k;
  const bool unsuppressed = disclosure->weakened;
  auto facts = ctx.store.ListCaseFacts();
  if (!facts) return Fail(facts.error());
  auto built = report::BuildCaseReport(*facts, options);
  if (!built) return Fail(built.error());
  (void)ctx.store.Audit(c.actor, unsuppressed ? "report.cases.unsuppressed" : "report.cases",
                        "report", "cases", "ok");
  return Reply{200, report::CaseReportToJson(*built)};
}

}  // namespace

std::vector<Route> CaseRoutes() {
  return {
      {"POST", "/api/v1/cases", Access::kPermission, Permission::kCaseWrite, OpenCase},
      {"GET", "/api/v1/cases", Access::kPermission, Permission::kCaseRead, ListCases},
      {"GET", R"(/api/v1/cases/([0-9a-f-]{36}))", Access::kPermission, Permission::kCaseRead,
       GetCase},
      {"PATCH", R"(/api/v1/cases/([0-9a-f-]{36}))", Access::kPermission, Permission::kCaseWrite,
       PatchCase},
      {"POST", R"(/api/v1/cases/([0-9a-f-]{36})/transitions)", Access::kPermission,
       Permission::kCaseWrite, MoveCase},
      {"POST", R"(/api/v1/cases/([0-9a-f-]{36})/notes)", Access::kPermission,
       Permission::kCaseWrite, AddNote},
      {"POST", R"(/api/v1/cases/([0-9a-f-]{36})/tasks)", Access::kPermission,
       Permission::kCaseWrite, AddTask},
      {"PATCH", R"(/api/v1/tasks/([0-9a-f-]{36}))", Access::kPermission, Permission::kCaseWrite,
       PatchTask},
      {"POST", R"(/api/v1/cases/([0-9a-f-]{36})/referrals)", Access::kPermission,
       Permission::kCaseWrite, Refer},
      {"PATCH", R"(/api/v1/referrals/([0-9a-f-]{36}))", Access::kPermission,
       Permission::kReferralUpdate, PatchReferral},
      {"GET", "/api/v1/organisations", Access::kSignedIn, {}, ListOrganisations},
      {"POST", "/api/v1/organisations", Access::kPermission, Permission::kOrganisationAdmin,
       AddOrganisation},
      {"GET", "/api/v1/reports/cases", Access::kPermission, Permission::kReportRead, CaseReport},
  };
}

}  // namespace sanad::api
