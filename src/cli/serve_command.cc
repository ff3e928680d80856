// `sanad serve`: one site's server on an SQLite database, or a hub's on
// PostgreSQL. Beside serving, on intervals of their own: encrypted backups
// (--backup-dir) and sync with a hub (--hub, --credential).
#include <pthread.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <thread>

#include "api/duplicate_index.h"
#include "api/server.h"
#include "cli/commands.h"
#include "cli/site.h"
#include "cli/sync_client.h"
#include "store/backup.h"

namespace sanad::cli {
namespace {

struct ServeOptions {
  SiteOptions site;
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::string site_name = "sanad";
  int session_idle_minutes = 30;
  std::string tls_cert;
  std::string tls_key;
  int worker_threads = 8;
  int max_connections = 1024;
  int max_connections_per_address = 256;
  int request_head_seconds = 10;
  std::string backup_dir;  // empty: no scheduled backups
  int64_t backup_every_seconds = 6 * 3600;
  int backup_keep = 7;
  std::string hub;         // empty: no background sync
  std::string credential;  // the site's credential file, with --hub
  int64_t sync_every_seconds = 300;
  bool sync_every_given = false;
};

// The credential for --hub, checked before anything starts: both flags or
// neither, a readable credential, a hub address it may be used with. Dies
// naming the flag at fault; nothing when no hub is configured.
std::optional<Credential> SyncCredential(const ServeOptions& options) {
  if (options.hub.empty() && options.credential.empty()) {
    if (options.sync_every_given) {
      Die("--sync-every: give --hub and --credential too, or leave it out");
    }
    return std::nullopt;
  }
  if (options.credential.empty()) {
    Die("--hub needs --credential: the credential file the hub's admin wrote with `sanad site "
        "enrol`");
  }
  if (options.hub.empty()) {
    Die("--credential needs --hub: the hub's address, such as https://HUB:8443");
  }
  auto credential = ReadCredential(options.credential);
  if (!credential) Die("--credential: " + credential.error().message);
  if (auto usable = CheckHub(options.hub, *credential); !usable) {
    const Error& e = usable.error();
    Die(e.field == "credential" ? "--credential: " + e.message : e.message);
  }
  return std::move(*credential);
}

// A random password of 20 characters from an alphabet without look-alikes.
std::string RandomPassword() {
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 20; ++i) out.push_back(kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)]);
  return out;
}

// Each connection is a descriptor; a soft limit of 1024 (common) would stop
// accepting before --max-connections is reached.
void RaiseOpenFileLimit(int connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t wanted = static_cast<rlim_t>(connections) + 256;
  if (limit.rlim_cur >= wanted) return;
  limit.rlim_cur = std::min(wanted, limit.rlim_max);
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur < wanted) {
    spdlog::warn("the open-file limit ({}) is below --max-connections plus the database's files",
                 limit.rlim_cur);
  }
}

void RunServe(const ServeOptions& options) {
  // Block SIGINT/SIGTERM in every thread; one thread waits for them and
  // stops the server cleanly (requests in flight finish, the database
  // closes).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::optional<Credential> credential = SyncCredential(options);
  if (!options.backup_dir.empty() && store::IsPostgresUrl(options.site.db)) {
    Die("--backup-dir: sanad's scheduled backups copy an SQLite file; back up a database on "
        "PostgreSQL with pg_basebackup or pg_dump");
  }
  auto store = OpenSite(options.site, /*create_if_missing=*/true);
  auto users = store->ListUsers();
  if (!users) Die(users.error().message);
  if (users->empty()) {
    const std::string password = RandomPassword();
    auto admin =
        store->CreateUser("admin", store::Role::kAdmin, password, store::Actor{"system", ""});
    if (!admin) Die(admin.error().message);
    std::printf(
        "\nFirst start: created the administrator account.\n"
        "  username: admin\n  password: %s\n"
        "Write it down now: it is not shown again (reset it with `sanad user reset-password`).\n\n",
        password.c_str());
    std::fflush(stdout);
  }
  api::ServerOptions server_options;
  server_options.bind = options.bind;
  server_options.port = options.port;
  server_options.site_name = options.site_name;
  server_options.session_idle_seconds = int64_t{options.session_idle_minutes} * 60;
  server_options.tls_cert = options.tls_cert;
  server_options.tls_key = options.tls_key;
  server_options.worker_threads = options.worker_threads;
  server_options.max_connections = options.max_connections;
  server_options.max_connections_per_address = options.max_connections_per_address;
  server_options.request_head_seconds = options.request_head_seconds;
  if (credential) {
    server_options.sync_hub = options.hub;
    server_options.sync_site = credential->site;
    server_options.sync_every_seconds = options.sync_every_seconds;
  }
  RaiseOpenFileLimit(options.max_connections);
  auto policy = policy::LoadShippedPolicy();
  if (!policy) Die("the shipped policy does not load: " + policy.error().message);
  match::CandidateIndex duplicates;
  const auto index_start = std::chrono::steady_clock::now();
  // The index's sealed snapshot lives beside the database (duplicate_index.h).
  const std::string snapshot = api::IndexSnapshotPath(options.site.db);
  server_options.index_snapshot = snapshot;
  auto indexed = api::StartDuplicateIndex(*store, duplicates, snapshot);
  if (!indexed) Die("cannot build the duplicate index: " + indexed.error().message);
  std::printf(
      "Indexed %zu persons for duplicate detection and search in %.1f s (%s).\n",
      indexed->persons,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - index_start).count(),
      indexed->from_snapshot ? "from the index snapshot" : "from the records");
  if (!options.backup_dir.empty() && !std::filesystem::is_directory(options.backup_dir)) {
    Die("--backup-dir: the folder '" + options.backup_dir + "' does not exist: create it first");
  }
  api::Server server(*store, *policy, duplicates, server_options);
  if (auto ok = server.Bind(); !ok) Die(ok.error().message);
  std::optional<store::ScheduledBackups> backups;
  if (!options.backup_dir.empty()) {
    backups.emplace(*store,
                    store::BackupSchedule{options.backup_dir,
                                          std::chrono::seconds(options.backup_every_seconds),
                                          options.backup_keep});
  }
  // A round at start, then one every --sync-every; a failed one is logged
  // and shown to the admin, never fatal.
  std::optional<BackgroundSync> sync;
  if (credential) {
    sync.emplace(*store, options.hub, *credential,
                 std::chrono::seconds(options.sync_every_seconds),
                 [&server](const store::IngestCount& count) { server.RecordsChanged(count); });
  }
  const std::string scheme = options.tls_cert.empty() ? "http" : "https";
  const std::string host =
      options.bind == "0.0.0.0" || options.bind == "127.0.0.1" ? "localhost" : options.bind;
  std::printf("sanad %s is serving %s at %s://%s:%d (database %s). Stop with Ctrl-C.\n",
              SANAD_VERSION, options.site_name.c_str(), scheme.c_str(), host.c_str(), server.port(),
              store::RedactUrl(options.site.db).c_str());
  std::fflush(stdout);

  std::thread watcher([&server, signals] {
    // Caught at the thread's entry: an exception here must not end the site.
    try {
      int received = 0;
      sigwait(&signals, &received);
      if (received == SIGINT || received == SIGTERM) {
        spdlog::info("signal {} received: stopping", received);
        server.Stop();
      }
    } catch (const std::exception& e) {
      spdlog::error("the signal watcher stopped: {}; stop the site with kill -9", e.what());
    }
  });
  auto served = server.Serve();
  // If the server stopped by itself, wake the watcher.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  sync.reset();  // a round in progress stops at its next batch
  if (!served) Die(served.error().message);
  if (auto saved = api::SaveDuplicateIndex(*store, duplicates, snapshot, *indexed); !saved) {
    spdlog::warn("{}", saved.error().message);
  }
  std::printf("sanad stopped.\n");
}

}  // namespace

void AddServeCommands(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "Serve the site's web app and API");
  AddSiteOptions(cmd, &options->site);
  cmd->add_option("--bind", options->bind, "Address to listen on (0.0.0.0 for the site's Wi-Fi)")
      ->capture_default_str();
  cmd->add_option("--port", options->port, "Port (0: any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--site-name", options->site_name, "Name shown on the first page")
      ->capture_default_str();
  cmd->add_option("--session-idle-minutes", options->session_idle_minutes,
                  "Sign users out after this many idle minutes")
      ->capture_default_str()
      ->check(CLI::Range(1, 24 * 60));
  cmd->add_option("--tls-cert", options->tls_cert, "TLS certificate (PEM) for HTTPS");
  cmd->add_option("--tls-key", options->tls_key, "TLS private key (PEM) for HTTPS");
  cmd->add_option("--worker-threads", options->worker_threads,
                  "Requests answered at once (HTTP; HTTPS uses a thread per connection)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_option("--max-connections", options->max_connections,
                  "Connections open at once; more are answered 503")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--max-connections-per-address", options->max_connections_per_address,
                  "Connections open at once from one address (a site's NAT may share one)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--request-deadline-seconds", options->request_head_seconds,
                  "Seconds a client has to send a request's headers (its body gets 30)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--backup-dir", options->backup_dir,
                  "Take encrypted backups into this folder (one at start, then every "
                  "--backup-every); see `sanad restore`");
  cmd->add_option("--backup-every", options->backup_every_seconds,
                  "Time between backups, e.g. 6h, 90m, 1d")
      ->transform(CLI::AsNumberWithUnit(
          std::map<std::string, int64_t>{{"s", 1}, {"m", 60}, {"h", 3600}, {"d", 86400}},
          CLI::AsNumberWithUnit::CASE_SENSITIVE))
      ->check(CLI::Range(int64_t{60}, int64_t{30} * 86400))
      ->default_str("6h");
  cmd->add_option("--backup-keep", options->backup_keep,
                  "How many of the newest backups to keep in --backup-dir")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--hub", options->hub,
                  "Sync with this hub in the background (https://HUB:PORT); needs --credential");
  cmd->add_option("--credential", options->credential,
                  "The site's credential file from `sanad site enrol`, with --hub");
  auto* sync_every =
      cmd->add_option("--sync-every", options->sync_every_seconds,
                      "Time between two syncs with --hub (one runs at start), e.g. 300, 5m, 1h")
          ->transform(CLI::AsNumberWithUnit(
              std::map<std::string, int64_t>{{"s", 1}, {"m", 60}, {"h", 3600}, {"d", 86400}},
              CLI::AsNumberWithUnit::CASE_SENSITIVE))
          ->check(CLI::Range(int64_t{30}, int64_t{7} * 86400))
          ->default_str("300");
  cmd->callback([options, sync_every] {
    options->sync_every_given = sync_every->count() > 0;
    RunServe(*options);
  });
}

}  // namespace sanad::cli
