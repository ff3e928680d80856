// Protection incidents (issue 11): record, read, change and list; the
// weekly figures are in ReportRoutes' neighbour below (GET
// /api/v1/reports/incidents, analysts included). An incident page carries,
// for each person, the status on the incident day and (for those who may
// check statuses) the provisions behind it.

#include "api/incident_json.h"
#include "api/route.h"
#include "policy/incident_status.h"
#include "report/incident_report.h"
#include "text/gazetteer.h"

namespace sanad::api {
namespace {

std::vector<policy::Evaluation> Explain(const RouteContext& ctx, const Incident& incident,
                                        const Caller& c) {
  std::vector<policy::Evaluation> out;
  if (!Allows(c.session.user.role, Permission::kStatusCheck)) return out;
  for (const auto& p : incident.persons) {
    out.push_back(policy::EvaluateOnIncidentDay(ctx.policy, p.documents_held, incident.date));
  }
  return out;
}

Result<Reply> RecordIncident(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  if (body->contains("version")) {
    return Fail(Error::InvalidInput("version", "a new incident has no version"));
  }
  auto incident = DecodeIncident(*body, Incident{}, /*patch=*/false);
  if (!incident) return Fail(incident.error());
  auto created = ctx.store.CreateIncident(std::move(*incident), ctx.policy, c.actor);
  if (!created) return Fail(created.error());
  return Reply{201, EncodeIncident(*created, Explain(ctx, *created, c), LanguageOf(req))};
}

Result<Reply> GetIncident(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto incident = ctx.store.GetIncident(req.matches[1], c.actor);
  if (!incident) return Fail(incident.error());
  return Reply{200, EncodeIncident(*incident, Explain(ctx, *incident, c), LanguageOf(req))};
}

Result<Reply> PatchIncident(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto body = BodyOf(req);
  if (!body) return Fail(body.error());
  auto version = body->find("version");
  if (version == body->end() || !version->is_number_integer()) {
    return Fail(Error::InvalidInput("version", "is required: the version you read"));
  }
  auto current = ctx.store.GetIncident(req.matches[1], c.actor);
  if (!current) return Fail(current.error());
  auto changed = DecodeIncident(*body, *current, /*patch=*/true);
  if (!changed) return Fail(changed.error());
  const std::string id = req.matches[1];
  auto updated =
      ctx.store.UpdateIncident(std::move(*changed), version->get<int64_t>(), ctx.policy, c.actor);
  if (!updated) return StaleWrite(ctx, updated.error(), store::Versioned::kIncident, id);
  // incident.write without incident.read (a registrar) records and corrects
  // but does not read incidents back: the answer then holds no content.
  if (!Allows(c.session.user.role, Permission::kIncidentRead)) {
    return Reply{
        200,
        {{"id", updated->id}, {"version", updated->version}, {"updated_at", updated->updated_at}}};
  }
  return Reply{200, EncodeIncident(*updated, Explain(ctx, *updated, c), LanguageOf(req))};
}

Result<Reply> ListIncidents(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  store::IncidentFilter filter;
  for (auto [name, target] : {std::pair{"from", &filter.from}, std::pair{"to", &filter.to}}) {
    if (!req.has_param(name) || req.get_param_value(name).empty()) continue;
    auto d = Date::ParseIso(req.get_param_value(name), name);
    if (!d) return Fail(d.error());
    *target = *d;
  }
  if (req.has_param("province") && !req.get_param_value("province").empty()) {
    auto place = text::ResolvePakistanPlace(req.get_param_value("province"), "");
    if (!place) return Fail(place.error());
    filter.province = place->province;
  }
  if (req.has_param("type") && !req.get_param_value("type").empty()) {
    filter.type = ParseIncidentType(req.get_param_value("type"));
    if (!filter.type) {
      return Fail(Error::InvalidInput("type", "must be one of {}", IncidentTypeNames()));
    }
  }
  if (req.has_param("documented") && !req.get_param_value("documented").empty()) {
    const std::string v = req.get_param_value("documented");
    if (v != "true" && v != "false") {
      return Fail(Error::InvalidInput("documented", "must be true or false"));
    }
    filter.documented = v == "true";
  }
  auto list = ctx.store.ListIncidents(filter, c.actor);
  if (!list) return Fail(list.error());
  json items = json::array();
  for (const auto& s : *list) items.push_back(EncodeIncidentSummary(s));
  return Reply{200, {{"items", items}}};
}

Result<Reply> IncidentReport(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  std::map<std::string, std::string, std::less<>> params;
  for (const auto& [key, value] : req.params) params[key] = value;
  auto options = report::ParseIncidentReportOptions(params);
  if (!options) return Fail(options.error());
  auto disclosure =
      SiteDisclosure(ctx, req, c, "incidents", options->k, options->disclosure_control);
  if (!disclosure) return Fail(disclosure.error());
  options->k = disclosure->k;
  const bool unsuppressed = disclosure->weakened;
  const std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
  if (format != "json" && format != "csv" && format != "xlsx") {
    return Fail(Error::InvalidInput("format", "must be json, csv or xlsx"));
  }
  auto stored = ctx.store.ListIncidentFacts(options->from, options->to);
  if (!stored) return Fail(stored.error());
  auto built = report::BuildIncidentReport(*stored, *options);
  if (!built) return Fail(built.error());
  (void)ctx.store.Audit(c.actor,
                        unsuppressed ? "report.incidents.unsuppressed" : "report.incidents",
                        "report", options->from.ToIso() + "/" + options->to.ToIso(), "ok");
  if (format == "json") return Reply{200, report::IncidentReportToJson(*built)};
  const std::string file = "incidents-" + options->from.ToIso() + "-" + options->to.ToIso();
  if (format == "csv") {
    return Reply::File(report::IncidentReportToHxlCsv(*built), "text/csv; charset=utf-8",
                       file + ".csv");
  }
  auto xlsx = report::IncidentReportToXlsx(*built);
  if (!xlsx) return Fail(xlsx.error());
  return Reply::File(std::move(*xlsx),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     file + ".xlsx");
}

}  // namespace

std::vector<Route> IncidentRoutes() {
  return {
      {"POST", "/api/v1/incidents", Access::kPermission, Permission::kIncidentWrite,
       RecordIncident},
      {"GET", "/api/v1/incidents", Access::kPermission, Permission::kIncidentRead, ListIncidents},
      {"GET", R"(/api/v1/incidents/([0-9a-f-]{36}))", Access::kPermission,
       Permission::kIncidentRead, GetIncident},
      {"PATCH", R"(/api/v1/incidents/([0-9a-f-]{36}))", Access::kPermission,
       Permission::kIncidentWrite, PatchIncident},
      {"GET", "/api/v1/reports/incidents", Access::kPermission, Permission::kReportRead,
       IncidentReport},
  };
}

}  // namespace sanad::api
