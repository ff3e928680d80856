// `sanad site enrol|revoke|list` at a hub, and `sanad sync` at a site
// (issue 14; docs/sync.md).
//
// A site's credential is a small TOML file the hub's admin writes with
// `site enrol` and carries to the site: the site's name, its secret token
// and, when the hub serves HTTPS, the hub's certificate, which the site then
// trusts alone (the certificate is pinned). `sanad sync` pushes the
// operations the site wrote and not yet acknowledged, then pulls what was
// written elsewhere on its records; each batch is acknowledged only after
// the receiver committed it, and the cursors are saved after each batch, so
// a cut link or a killed process is repaired by running sync again.
#include <fcntl.h>
#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands.h"
#include "cli/site.h"
#include "sync/hlc.h"
#include "sync/operation_json.h"

namespace sanad::cli {
namespace {

struct Credential {
  std::string site;
  std::string token;
  std::string hub_certificate;  // PEM; empty: the hub serves plain HTTP on loopback
};

Credential ReadCredential(const std::string& path) {
  const std::string text = ReadFileOrDie(path, "sync");
  toml::table parsed;
  try {
    parsed = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    Die(path + ": not a credential file (" + std::string(e.description()) + ")", 1, "sync");
  }
  Credential credential;
  credential.site = parsed["site"].value_or(std::string());
  credential.token = parsed["token"].value_or(std::string());
  credential.hub_certificate = parsed["hub_certificate"].value_or(std::string());
  if (credential.site.empty() || credential.token.empty()) {
    Die(path +
            ": the credential lacks 'site' or 'token'; ask the hub's admin for a new one "
            "(sanad site enrol)",
        1, "sync");
  }
  return credential;
}

void WriteCredential(const std::string& path, const Credential& credential) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    Die("--out " + path + ": cannot create the file (it must not exist yet)", 1, "site enrol");
  std::string text = "# sanad site credential, issued by the hub for one site. Keep it secret.\n";
  text += "site = \"" + credential.site + "\"\ntoken = \"" + credential.token + "\"\n";
  if (!credential.hub_certificate.empty()) {
    text += "hub_certificate = '''\n" + credential.hub_certificate + "'''\n";
  }
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  if (!written) Die("--out " + path + ": cannot write the credential", 1, "site enrol");
}

// A client for the hub: HTTPS trusting only the pinned certificate, or plain
// HTTP to this machine (tests, a hub on the same laptop).
std::unique_ptr<httplib::Client> HubClient(const std::string& url, const Credential& credential) {
  const bool https = url.starts_with("https://");
  const bool loopback = url.starts_with("http://127.0.0.1") ||
                        url.starts_with("http://localhost") || url.starts_with("http://[::1]");
  if (!https && !loopback) {
    Die("--hub " + url +
            ": sync goes over HTTPS (https://HOST:PORT); plain HTTP only to this machine",
        2, "sync");
  }
  auto client = std::make_unique<httplib::Client>(url);
  if (!client->is_valid()) Die("--hub " + url + ": not a hub address", 2, "sync");
  client->set_connection_timeout(10);
  client->set_read_timeout(120);
  if (https) {
    if (credential.hub_certificate.empty()) {
      Die("the credential holds no hub certificate, so the hub cannot be checked: enrol again with "
          "--hub-cert",
          2, "sync");
    }
    BIO* bio = BIO_new_mem_buf(credential.hub_certificate.data(),
                               static_cast<int>(credential.hub_certificate.size()));
    X509* certificate = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!certificate) Die("the credential's hub certificate is not a PEM certificate", 2, "sync");
    X509_STORE* trusted = X509_STORE_new();  // owned by the client from here
    X509_STORE_add_cert(trusted, certificate);
    X509_free(certificate);
    client->set_ca_cert_store(trusted);
    client->enable_server_certificate_verification(true);
  }
  return client;
}

httplib::Headers HubHeaders(const Credential& credential) {
  return {{"Authorization", "Bearer " + credential.token},
          {"X-Sanad-Clock", std::to_string(sync::WallMillis(std::chrono::system_clock::now()))}};
}

// The hub's answer, or Die() with its message (the link failing, or the hub
// refusing). Nothing acknowledged is lost either way.
nlohmann::json HubAnswer(const httplib::Result& result, const std::string& what) {
  if (!result) {
    Die("cannot reach the hub (" + httplib::to_string(result.error()) + ") during " + what +
            ". Nothing is lost: run sanad sync again when the link is back",
        3, "sync");
  }
  nlohmann::json body = nlohmann::json::parse(result->body, nullptr, false);
  if (result->status != 200) {
    std::string message = "the hub answered " + std::to_string(result->status);
    if (body.is_object() && body.contains("error") && body["error"].is_object()) {
      // The hub's error names the field at fault when there is one.
      const auto& error = body["error"];
      auto text = [&](const char* key) {
        return error.contains(key) && error[key].is_string() ? error[key].get<std::string>()
                                                             : std::string();
      };
      message += ": " + (text("field").empty() ? "" : text("field") + ": ") + text("message");
    }
    Die(message + " (during " + what + ")", 3, "sync");
  }
  if (body.is_discarded()) Die("the hub's answer is not JSON (during " + what + ")", 3, "sync");
  return body;
}

void RunSync(const SiteOptions& options, const std::string& hub_url,
             const std::string& credential_path) {
  const Credential credential = ReadCredential(credential_path);
  auto store = OpenSite(options, /*create_if_missing=*/false);
  if (auto adopted = store->AdoptSiteId(credential.site, CliActor()); !adopted) {
    Die(adopted.error().message, 1, "sync");
  }
  auto client = HubClient(hub_url, credential);
  auto cursor = store->GetSyncCursor();
  if (!cursor) Die(cursor.error().message, 1, "sync");
  // Saved after each batch, so that a cut link or a killed process loses no
  // progress.
  const auto save_cursor = [&] {
    if (auto saved = store->SaveSyncCursor(*cursor); !saved) Die(saved.error().message, 1, "sync");
  };

  size_t pushed = 0, already = 0, pulled = 0;
  store::OperationFilter own;
  own.written_by = credential.site;
  for (;;) {
    auto batch = store->OperationsSince(cursor->pushed, sync::kMaxBatchOperations, own);
    if (!batch) Die(batch.error().message, 1, "sync");
    if (batch->operations.empty()) {
      // Nothing of this site's after the cursor: it moves past what was
      // looked at (operations pulled from others), so as not to look again.
      if (batch->last_position != cursor->pushed) {
        cursor->pushed = batch->last_position;
        save_cursor();
      }
      break;
    }
    auto answer = HubAnswer(client->Post("/api/v1/sync/push", HubHeaders(credential),
                                         sync::EncodeBatch(batch->operations), "application/json"),
                            "push");
    pushed += answer.value("applied", size_t{0});
    already += answer.value("already_known", size_t{0});
    cursor->pushed = batch->last_position;
    save_cursor();
    std::fprintf(stderr, "pushed %zu operations\n", pushed + already);
  }
  int64_t hub_time_ms = 0;
  for (;;) {
    auto result = client->Get("/api/v1/sync/pull?after=" + std::to_string(cursor->pulled),
                              HubHeaders(credential));
    auto answer = HubAnswer(result, "pull");
    hub_time_ms = answer.value("hub_time_ms", int64_t{0});
    auto operations = sync::DecodeBatch(result->body);
    if (!operations)
      Die("the hub sent a batch sanad cannot read: " + operations.error().message, 3, "sync");
    if (!operations->empty()) {
      auto ingested = store->IngestOperations(*operations, CliActor());
      if (!ingested) Die(ingested.error().message, 1, "sync");
      pulled += ingested->applied;
    }
    // The hub's cursor moves even past a batch with nothing for this site:
    // it looked at those operations and need not again.
    const int64_t position = answer.value("last_position", cursor->pulled);
    if (position != cursor->pulled) {
      cursor->pulled = position;
      save_cursor();
    }
    if (operations->empty()) break;
  }
  cursor->last_success_at = store->clock().NowIso();
  save_cursor();
  std::printf("synced with %s as %s: pushed %zu operations (%zu already at the hub), pulled %zu\n",
              hub_url.c_str(), credential.site.c_str(), pushed, already, pulled);
  const int64_t skew = sync::WallMillis(std::chrono::system_clock::now()) - hub_time_ms;
  if (hub_time_ms > 0 && (skew > 60'000 || skew < -60'000)) {
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
    WriteCredential(*out, credential);
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
