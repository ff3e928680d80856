// Reports: aggregates with disclosure control, never a person.
#include "api/route.h"
#include "api/service_json.h"
#include "report/flash.h"
#include "report/flash_output.h"
#include "report/status_changes.h"

namespace sanad::api {
namespace {

Result<Reply> FlashReport(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  std::map<std::string, std::string, std::less<>> params;
  for (const auto& [key, value] : req.params) params[key] = value;
  auto options = report::ParseFlashOptions(params);
  if (!options) return Fail(options.error());
  auto disclosure = SiteDisclosure(ctx, req, c, "flash", options->k, options->disclosure_control);
  if (!disclosure) return Fail(disclosure.error());
  options->k = disclosure->k;
  const bool unsuppressed = disclosure->weakened;
  auto tallies = ctx.store.ListTallies(report::FirstDateNeeded(*options), options->to);
  if (!tallies) return Fail(tallies.error());
  auto registered = ctx.store.ListRegisteredFlows(report::FirstDateNeeded(*options), options->to);
  if (!registered) return Fail(registered.error());
  auto built = report::BuildFlashReport(*tallies, *registered, *options);
  if (!built) return Fail(built.error());
  const std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
  if (format != "json" && format != "csv" && format != "xlsx") {
    return Fail(Error::InvalidInput("format", "must be json, csv or xlsx"));
  }
  (void)ctx.store.Audit(c.actor, unsuppressed ? "report.flash.unsuppressed" : "report.flash",
                        "report", options->from.ToIso() + "/" + options->to.ToIso(), "ok");
  if (format == "json") return Reply{200, report::FlashToJson(*built)};
  const std::string file = "flash-" + options->from.ToIso() + "-" + options->to.ToIso();
  if (format == "csv") {
    return Reply::File(report::FlashToHxlCsv(*built), "text/csv; charset=utf-8", file + ".csv");
  }
  auto xlsx = report::FlashToXlsx(*built);
  if (!xlsx) return Fail(xlsx.error());
  return Reply::File(std::move(*xlsx),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     file + ".xlsx");
}

Result<Reply> StatusChanges(RouteContext& ctx, const httplib::Request& req, const Caller& c) {
  auto days = IntParam(req, "days", 30, 1, 366);
  if (!days) return Fail(days.error());
  auto settings = ctx.store.GetSiteSettings();
  if (!settings) return Fail(settings.error());
  report::StatusChangeCount counts(ctx.policy, ctx.clock.Today(), *days);
  auto read = ctx.store.ForEachPerson(
      [&](const Person& p, const Household& h) { counts.Add(p, h.origin_province); });
  if (!read) return Fail(read.error());
  (void)ctx.store.Audit(c.actor, "report.status_changes", "report",
                        std::to_string(*days) + " days", "ok");
  return Reply{200, counts.ToJson(settings->k)};
}

}  // namespace

std::vector<Route> ReportRoutes() {
  return {
      {"GET", "/api/v1/reports/flash", Access::kPermission, Permission::kReportRead, FlashReport},
      {"GET", "/api/v1/reports/status-changes", Access::kPermission, Permission::kReportRead,
       StatusChanges},
  };
}

}  // namespace sanad::api
