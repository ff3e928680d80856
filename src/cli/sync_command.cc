// `sanad site enrol|revoke|list` at a hub, and `sanad sync` at a site
// (issue 14; docs/sync.md).
//
// A site's credential is a small TOML file the hub's admin writes with
// `site enrol` and carries to the site: the site's name, its secret token
// and, when the hub serves HTTPS, the hub's certificate, which the site then
// trusts alone (the certificate is pinned). `sanad sync` runs one round of
// sync_client.h (push, then pull; a cut link or a killed process is repaired
// by running it again). Exit status: 1 for this site's own error (its
// credential file, its database), 2 for a --hub or a credential that cannot
// be used, 3 when the link or the hub failed.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/site.h"
#include "cli/sync_client.h"
#include "sync/hlc.h"

namespace sanad::cli {
namespace {

void RunSync(const SiteOptions& options, const std::string& hub_url,
             const std::string& credential_path) {
  auto credential = ReadCredential(credential_path);
  if (!credential) Die(credential.error().message, 1, "sync");
  if (auto usable = CheckHub(hub_url, *credential); !usable) {
    Die(usable.error().message, 2, "sync");
  }
  auto store = OpenSite(options, /*create_if_missing=*/false);
  SyncHooks hooks;
  hooks.pushed = [](size_t sent) { std::fprintf(stderr, "pushed %zu operations\n", sent); };
  auto report = SyncOnce(*store, hub_url, *credential, hooks);
  if (!report) {
    // The link or the hub: 3 (run it again); this site's own store: 1.
    Die(report.error().message, report.error().field == "hub" ? 3 : 1, "sync");
  }
  std::printf("synced with %s as %s: pushed %zu operations (%zu already at the hub), pulled %zu\n",
              hub_url.c_str(), report->site.c_str(), report->pushed, report->already_at_hub,
              report->pulled);
  const int64_t skew = report->clock_skew_ms;
  if (report->hub_time_ms > 0 && (skew > 60'000 || skew < -60'000)) {
    std::printf("this machine's clock is %s of the hub's: set the date and time\n",
                sync::DescribeSkew(skew).c_str());
  }
}

}  // namespace

void AddSyncCommands(CLI::App& app) {
  auto* site = app.add_subcommand("site", "At a hub: the sites that may sync with it");
  site->require_subcommand(1);

  auto enrol_site = std::make_shared<SiteOptions>();
  auto name = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto hub_cert = std::make_shared<std::string>();
  auto* enrol = site->add_subcommand("enrol", "Enrol a site and write its credential file");
  AddSiteOptions(enrol, enrol_site.get());
  enrol->add_option("--name", *name, "The site's name: a-z, 0-9 and '-', such as torkham-1")
      ->required();
  enrol->add_option("--out", *out, "Where to write the credential (a new file, mode 0600)")
      ->required();
  enrol->add_option("--hub-cert", *hub_cert,
                    "The hub's TLS certificate (PEM), pinned in the credential");
  enrol->callback([enrol_site, name, out, hub_cert] {
    Credential credential;
    credential.site = *name;
    if (!hub_cert->empty()) credential.hub_certificate = ReadFileOrDie(*hub_cert, "site enrol");
    auto store = OpenSite(*enrol_site, /*create_if_missing=*/false);
    auto token = store->EnrolSite(*name, CliActor());
    if (!token) {
      const Error& e = token.error();
      Die((e.field.empty() ? "" : "--" + e.field + ": ") + e.message, 1, "site enrol");
    }
    credential.token = token->token;
    credential.transport_key = token->transport_key;
    if (auto written = WriteCredential(*out, credential); !written) {
      Die(written.error().message, 1, "site enrol");
    }
    std::printf(
        "enrolled %s; give %s to the site (keep it secret) and run there:\n"
        "  sanad sync --db PATH --hub https://HUB:PORT --credential %s\n",
        name->c_str(), out->c_str(), out->c_str());
  });

  auto revoke_site = std::make_shared<SiteOptions>();
  auto revoke_name = std::make_shared<std::string>();
  auto* revoke = site->add_subcommand("revoke", "Refuse a site's credential from now on");
  AddSiteOptions(revoke, revoke_site.get());
  revoke->add_option("--name", *revoke_name, "The site's name")->required();
  revoke->callback([revoke_site, revoke_name] {
    auto store = OpenSite(*revoke_site, /*create_if_missing=*/false);
    if (auto revoked = store->RevokeSite(*revoke_name, CliActor()); !revoked) {
      Die(revoked.error().message, 1, "site revoke");
    }
    std::printf("revoked %s\n", revoke_name->c_str());
  });

  auto list_site = std::make_shared<SiteOptions>();
  auto* list =
      site->add_subcommand("list", "List the sites: name, enrolled, revoked, last sync, clock");
  AddSiteOptions(list, list_site.get());
  list->callback([list_site] {
    auto store = OpenSite(*list_site, /*create_if_missing=*/false);
    auto sites = store->ListSites();
    if (!sites) Die(sites.error().message, 1, "site list");
    for (const auto& s : *sites) {
      std::printf("%s\tenrolled %s\t%s\t%s\tclock %s\n", s.name.c_str(), s.enrolled_at.c_str(),
                  s.revoked_at.empty() ? "active" : ("revoked " + s.revoked_at).c_str(),
                  s.last_sync_at.empty() ? "never synced" : ("last sync " + s.last_sync_at).c_str(),
                  sync::DescribeSkew(s.clock_skew_ms).c_str());
    }
  });

  auto sync_site = std::make_shared<SiteOptions>();
  auto hub = std::make_shared<std::string>();
  auto credential = std::make_shared<std::string>();
  auto* sync_command = app.add_subcommand("sync", "Push this site's changes to its hub, then pull");
  AddSiteOptions(sync_command, sync_site.get());
  sync_command->add_option("--hub", *hub, "The hub: https://HOST:PORT")->required();
  sync_command
      ->add_option("--credential", *credential, "The credential file from `sanad site enrol`")
      ->required();
  sync_command->callback([sync_site, hub, credential] { RunSync(*sync_site, *hub, *credential); });
}

}  // namespace sanad::cli
