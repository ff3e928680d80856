// `sanad import movements FILE.csv` (head-count tallies at crossing points)
// and `sanad report flash` (the returns flash update as JSON, HXL CSV or
// XLSX). The report library is pure: this file fetches the flows from the
// store and hands them over.
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "cli/commands.h"
#include "cli/report_output.h"
#include "cli/site.h"
#include "core/flow.h"
#include "core/person_csv.h"
#include "core/validation.h"
#include "report/flash.h"
#include "report/flash_output.h"
#include "report/tally_csv.h"

namespace sanad::cli {
namespace {

void RunImportMovements(const SiteOptions& site, const std::string& file, bool again) {
  const std::string content = ReadFileOrDie(file);
  // The site's crossing points: the built-in ones and those its administrator added.
  auto store = OpenSite(site, /*create_if_missing=*/true);
  auto gazetteer = store->CrossingPoints();
  if (!gazetteer) Die(gazetteer.error().message);
  auto csv = report::ParseFlowTallyCsv(content, *gazetteer);
  if (!csv.errors.empty()) {
    for (const auto& e : csv.errors) std::fprintf(stderr, "%s\n", FormatFileError(file, e).c_str());
    Die(std::to_string(csv.errors.size()) + (csv.errors.size() >= 100 ? "+" : "") +
        " bad row(s) in " + file + ": nothing was imported. Fix them and import again.");
  }
  if (csv.records.empty()) Die(file + " has no rows to import");
  std::vector<FlowTally> tallies;
  tallies.reserve(csv.records.size());
  int64_t people = 0;
  for (auto& record : csv.records) {
    people += record.tally.individuals;
    tallies.push_back(std::move(record.tally));
  }
  if (auto ok = store->AddTallies(tallies, CliActor(), store::ImportFile{content, again}); !ok) {
    if (ok.error().field == "file") {
      Die(file + ": " + ok.error().message +
          ". Nothing was imported: importing it again would count the same people twice. If "
          "that is really meant, run the same command with --again");
    }
    Die("nothing was imported: " + (ok.error().field.empty() ? "" : ok.error().field + ": ") +
        ok.error().message);
  }
  std::printf("imported %zu tallies (%lld individuals) from %s\n", tallies.size(),
              static_cast<long long>(people), file.c_str());
}

struct FlashCommand : PublishFlags {
  SiteOptions site;
  std::string by = "day";
  std::string since;
  std::string direction = "to_afghanistan";
  bool by_destination = false;
};

void RunFlash(const FlashCommand& c) {
  auto store = OpenSite(c.site, /*create_if_missing=*/false);
  const PublishK k = ResolvePublishK(*store, c);
  std::map<std::string, std::string, std::less<>> params = {
      {"from", c.from},
      {"to", c.to},
      {"by", c.by},
      {"direction", c.direction},
      {"since", c.since},
      {"k", std::to_string(k.k)},
      {"by_destination", c.by_destination ? "true" : "false"},
      {"suppression", c.no_suppression ? "off" : "on"}};
  auto parsed = report::ParseFlashOptions(params);
  if (!parsed) {
    const std::string flag = parsed.error().field == "cumulative_since" ? "since"
                             : parsed.error().field == "by_destination" ? "by-destination"
                                                                        : parsed.error().field;
    Die("--" + flag + ": " + parsed.error().message);
  }
  const report::FlashOptions options = *parsed;
  CheckPublishFlags(c, k);

  const Date first = report::FirstDateNeeded(options);
  auto tallies = store->ListTallies(first, options.to);
  if (!tallies) Die(tallies.error().message);
  auto registered = store->ListRegisteredFlows(first, options.to);
  if (!registered) Die(registered.error().message);
  auto report = report::BuildFlashReport(*tallies, *registered, options);
  if (!report) Die("--" + report.error().field + ": " + report.error().message);
  if (k.weakened) AuditSmallCells(*store, "flash", "report.flash.small_cells", c, k.k);

  if (c.format == "xlsx") {
    if (auto ok = report::WriteFlashXlsx(*report, c.out); !ok) Die(ok.error().message);
  } else {
    const std::string text = c.format == "json" ? report::FlashToJson(*report).dump(2) + "\n"
                                                : report::FlashToHxlCsv(*report);
    WriteReportText(text, c.out);
  }
  SayWritten(c, report->rows.size(), report->primary_suppressed + report->secondary_suppressed,
             options.k);
}

}  // namespace

void AddReportCommands(CLI::App& app) {
  // `import` is created by AddImportExportCommands; add to it when present.
  CLI::App* import_cmd = nullptr;
  try {
    import_cmd = app.get_subcommand("import");
  } catch (const CLI::OptionNotFound&) {
    import_cmd = app.add_subcommand("import", "Import records from a CSV file");
    import_cmd->require_subcommand(1);
  }
  AddImportCommand(import_cmd, "movements",
                   "Import head-count tallies made at crossing points (header: " +
                       std::string(report::kFlowTallyCsvHeader) +
                       "[,registered_individuals]); all or nothing",
                   RunImportMovements);

  auto* report_cmd = app.add_subcommand("report", "Publishable statistics");
  report_cmd->require_subcommand(1);
  auto c = std::make_shared<FlashCommand>();
  auto* flash = report_cmd->add_subcommand(
      "flash",
      "Returns flash update: flows by period, crossing point and mode, small cells "
      "suppressed");
  AddPublishFlags(flash, c.get());
  flash->add_option("--by", c->by, "day, week (ISO) or month")->capture_default_str();
  flash->add_option("--since", c->since, "Add a cumulative total from this day (YYYY-MM-DD)");
  flash->add_option("--direction", c->direction, "to_afghanistan or to_pakistan")
      ->capture_default_str();
  flash->add_flag("--by-destination", c->by_destination,
                  "Split rows by intended province too (more cells suppressed)");
  AddSiteOptions(flash, &c->site);
  flash->callback([c] { RunFlash(*c); });
}

}  // namespace sanad::cli
