// `sanad org add NAME --services legal_aid,shelter` and `sanad org list`:
// the list of organisations that receive referrals, which an administrator
// keeps; `sanad cases overdue [--caseworker USER]`: the cases with a task
// past its due date, most overdue first, for a supervisor's morning list
// (case ids, caseworker, priority and due date: no names, no notes).
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/site.h"
#include "core/referral.h"

namespace sanad::cli {
namespace {

std::vector<ServiceType> ParseServices(const std::string& text) {
  std::vector<ServiceType> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    const std::string name = text.substr(start, comma - start);
    auto service = ParseServiceType(name);
    if (!service) {
      Die("--services: '" + name + "' is not a service; use " + std::string(ServiceTypeNames()));
    }
    out.push_back(*service);
    start = comma + 1;
  }
  return out;
}

std::string ServiceList(const std::vector<ServiceType>& services) {
  std::string out;
  for (ServiceType s : services) out += (out.empty() ? "" : ",") + std::string(ToString(s));
  return out;
}

}  // namespace

void AddCaseCommands(CLI::App& app) {
  auto* org = app.add_subcommand("org", "The organisations that receive referrals");
  org->require_subcommand(1);

  auto site = std::make_shared<SiteOptions>();
  auto name = std::make_shared<std::string>();
  auto services = std::make_shared<std::string>();
  auto* add = org->add_subcommand("add", "Add an organisation to the list");
  AddSiteOptions(add, site.get());
  add->add_option("name", *name, "The organisation's name, as caseworkers know it")->required();
  add->add_option("--services", *services,
                  "What it offers, comma-separated: " + std::string(ServiceTypeNames()))
      ->required();
  add->callback([site, name, services] {
    Organisation o;
    o.name = *name;
    o.services = ParseServices(*services);
    auto store = OpenSite(*site, /*create_if_missing=*/false);
    auto created = store->CreateOrganisation(o, CliActor());
    if (!created) {
      const Error& e = created.error();
      Die((e.field.empty() ? "" : e.field + ": ") + e.message + ". Nothing was added.");
    }
    std::printf("%s\t%s\t%s\n", created->id.c_str(), created->name.c_str(),
                ServiceList(created->services).c_str());
  });

  auto list_site = std::make_shared<SiteOptions>();
  auto* list = org->add_subcommand("list", "List the organisations: id, name, services");
  AddSiteOptions(list, list_site.get());
  list->callback([list_site] {
    auto store = OpenSite(*list_site, /*create_if_missing=*/false);
    auto organisations = store->ListOrganisations();
    if (!organisations) Die(organisations.error().message);
    for (const auto& o : *organisations) {
      std::printf("%s\t%s\t%s\n", o.id.c_str(), o.name.c_str(), ServiceList(o.services).c_str());
    }
  });

  auto* cases = app.add_subcommand("cases", "Protection cases");
  cases->require_subcommand(1);
  auto overdue_site = std::make_shared<SiteOptions>();
  auto caseworker = std::make_shared<std::string>();
  auto* overdue = cases->add_subcommand(
      "overdue",
      "Cases with a task past its due date, most overdue first: case id, caseworker, "
      "priority, status, the earliest due date");
  AddSiteOptions(overdue, overdue_site.get());
  overdue->add_option("--caseworker", *caseworker, "Only this caseworker's cases (a username)");
  overdue->callback([overdue_site, caseworker] {
    auto store = OpenSite(*overdue_site, /*create_if_missing=*/false);
    store::CaseFilter filter;
    filter.assigned_to = *caseworker;
    filter.overdue_only = true;
    auto overdue_cases = store->ListCases(filter, CliActor());
    if (!overdue_cases) Die(overdue_cases.error().message);
    for (const auto& c : *overdue_cases) {
      std::printf("%s\t%s\t%s\t%s\t%s\n", c.id.c_str(), c.assigned_to.c_str(),
                  std::string(ToString(c.priority)).c_str(),
                  std::string(ToString(c.status)).c_str(),
                  c.next_due ? c.next_due->ToIso().c_str() : "");
    }
    std::fprintf(stderr, "%zu overdue case(s)\n", overdue_cases->size());
  });
}

}  // namespace sanad::cli
