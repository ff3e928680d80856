// `sanad serve`: one site's server on an SQLite database.
#include <pthread.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "api/server.h"
#include "cli/commands.h"
#include "cli/site.h"

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
};

// A random password of 20 characters from an alphabet without look-alikes.
std::string RandomPassword() {
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 20; ++i) out.push_back(kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)]);
  return out;
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
  auto policy = policy::LoadShippedPolicy();
  if (!policy) Die("the shipped policy does not load: " + policy.error().message);
  match::CandidateIndex duplicates;
  const auto index_start = std::chrono::steady_clock::now();
  auto indexed = api::IndexPersons(*store, duplicates);
  if (!indexed) Die("cannot build the duplicate index: " + indexed.error().message);
  std::printf(
      "Indexed %zu persons for duplicate detection in %.1f s.\n", *indexed,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - index_start).count());
  api::Server server(*store, *policy, duplicates, server_options);
  if (auto ok = server.Bind(); !ok) Die(ok.error().message);
  const std::string scheme = options.tls_cert.empty() ? "http" : "https";
  const std::string host =
      options.bind == "0.0.0.0" || options.bind == "127.0.0.1" ? "localhost" : options.bind;
  std::printf("sanad %s is serving %s at %s://%s:%d (database %s). Stop with Ctrl-C.\n",
              SANAD_VERSION, options.site_name.c_str(), scheme.c_str(), host.c_str(), server.port(),
              options.site.db.c_str());
  std::fflush(stdout);

  std::thread watcher([&server, signals] {
    int received = 0;
    sigwait(&signals, &received);
    if (received == SIGINT || received == SIGTERM) {
      spdlog::info("signal {} received: stopping", received);
      server.Stop();
    }
  });
  auto served = server.Serve();
  // If the server stopped by itself, wake the watcher.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  if (!served) Die(served.error().message);
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
  cmd->callback([options] { RunServe(*options); });
}

}  // namespace sanad::cli
