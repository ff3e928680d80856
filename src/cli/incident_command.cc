// `sanad import incidents FILE.csv` (protection incidents collected on paper
// or in a form tool) and `sanad report incidents` (the weekly figures by
// province, type and documentation, as JSON, HXL CSV or XLSX).
//
// Import checks every row (core/incident_csv.h) and every place (the
// Pakistan gazetteer) before it touches the database; any problem is
// printed as FILE:LINE: column: problem and nothing is written. Statuses on
// the incident dates come from the policy embedded at build time.
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "cli/commands.h"
#include "cli/report_output.h"
#include "cli/site.h"
#include "core/incident_csv.h"
#include "core/person_csv.h"
#include "core/validation.h"
#include "policy/policy.h"
#include "report/incident_report.h"
#include "text/gazetteer.h"

namespace sanad::cli {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("cannot read '" + path + "': does the file exist?");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const policy::Policy& ShippedPolicy() {
  static const policy::Policy kPolicy = [] {
    auto loaded = policy::LoadShippedPolicy();
    if (!loaded) Die("the shipped policy does not load: " + loaded.error().message);
    return *loaded;
  }();
  return kPolicy;
}

void RunImportIncidents(const SiteOptions& site, const std::string& file, bool again) {
  const std::string content = ReadFile(file);
  IncidentCsv csv = ParseIncidentCsv(content);
  if (csv.errors.empty()) {
    for (size_t i = 0; i < csv.incidents.size() && csv.errors.size() < 100; ++i) {
      Incident& incident = csv.incidents[i];
      auto place = text::ResolvePakistanPlace(incident.province, incident.district);
      if (!place) {
        csv.errors.push_back(LocateIncidentError(csv, i, place.error()));
        continue;
      }
      incident.province = place->province;
      incident.district = place->district;
    }
  }
  if (!csv.errors.empty()) {
    for (const auto& e : csv.errors) std::fprintf(stderr, "%s\n", FormatFileError(file, e).c_str());
    Die(std::to_string(csv.errors.size()) + (csv.errors.size() >= 100 ? "+" : "") +
        " bad row(s) in " + file + ": nothing was imported. Fix them and import again.");
  }
  if (csv.incidents.empty()) Die(file + " has no rows to import");
  auto store = OpenSite(site, /*create_if_missing=*/true);
  auto ok = store->ImportIncidents(&csv.incidents, ShippedPolicy(), CliActor(),
                                   store::ImportFile{content, again});
  if (!ok && ok.error().field == "file") {
    Die(file + ": " + ok.error().message +
        ". Nothing was imported: importing it again would count the same incidents twice. If "
        "that is really meant, run the same command with --again");
  }
  if (!ok) {
    // The store names "incidents[i].field": point at the row.
    std::string_view field = ok.error().field;
    size_t index = 0;
    if (field.starts_with("incidents[")) {
      index = std::stoul(std::string(field.substr(10, field.find(']') - 10)));
    }
    if (index < csv.incidents.size()) {
      std::fprintf(stderr, "%s\n",
                   FormatFileError(file, LocateIncidentError(csv, index, ok.error())).c_str());
    }
    Die("nothing was imported: " + ok.error().message);
  }
  size_t persons = 0;
  size_t documented = 0;
  for (const Incident& incident : csv.incidents) {
    persons += incident.persons.size();
    for (const auto& p : incident.persons) {
      documented += p.status && p.status->detained_while_documented ? 1 : 0;
    }
  }
  std::printf("imported %zu incidents (%zu persons, %zu detained while documented) from %s\n",
              csv.incidents.size(), persons, documented, file.c_str());
}

struct ReportCommand : PublishFlags {
  SiteOptions site;
  std::string by = "week";
  std::string type;
};

void RunReport(const ReportCommand& c) {
  auto store = OpenSite(c.site, /*create_if_missing=*/false);
  const PublishK k = ResolvePublishK(*store, c);
  std::map<std::string, std::string, std::less<>> params = {
      {"from", c.from},
      {"to", c.to},
      {"by", c.by},
      {"type", c.type},
      {"k", std::to_string(k.k)},
      {"suppression", c.no_suppression ? "off" : "on"}};
  auto options = report::ParseIncidentReportOptions(params);
  if (!options) Die("--" + options.error().field + ": " + options.error().message);
  CheckPublishFlags(c, k);
  auto stored = store->ListIncidentFacts(options->from, options->to);
  if (!stored) Die(stored.error().message);
  auto built = report::BuildIncidentReport(*stored, *options);
  if (!built) Die("--" + built.error().field + ": " + built.error().message);
  if (k.weakened) AuditSmallCells(*store, "incidents", "report.incidents.small_cells", c, k.k);
  if (c.format == "xlsx") {
    if (auto ok = report::WriteIncidentReportXlsx(*built, c.out); !ok) Die(ok.error().message);
  } else {
    const std::string text = c.format == "json"
                                 ? report::IncidentReportToJson(*built).dump(2) + "\n"
                                 : report::IncidentReportToHxlCsv(*built);
    WriteReportText(text, c.out);
  }
  SayWritten(c, built->rows.size(), built->primary_suppressed + built->secondary_suppressed,
             options->k);
}

}  // namespace

void AddIncidentCommands(CLI::App& app) {
  CLI::App* import_cmd = app.get_subcommand("import");
  AddImportCommand(import_cmd, "incidents",
                   "Import protection incidents, one row per person involved (header: " +
                       std::string(kIncidentCsvHeader) + "); all or nothing",
                   RunImportIncidents);

  CLI::App* report_cmd = app.get_subcommand("report");
  auto c = std::make_shared<ReportCommand>();
  auto* report = report_cmd->add_subcommand(
      "incidents",
      "Arrests, detentions and other incidents by period, province, type and documentation; "
      "small cells suppressed");
  AddPublishFlags(report, c.get());
  report->add_option("--by", c->by, "week (ISO) or month")->capture_default_str();
  report->add_option("--type", c->type, "Only these incident types, comma-separated");
  AddSiteOptions(report, &c->site);
  report->callback([c] { RunReport(*c); });
}

}  // namespace sanad::cli
