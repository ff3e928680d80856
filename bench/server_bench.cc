// How long /healthz takes over loopback: on one kept-alive connection (what
// a browser does) and on a new connection per request (Connection: close).
// The server runs in this process, on an SQLite site in a temporary folder.
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "api/server.h"

namespace sanad::api {
namespace {

class Site {
 public:
  Site() {
    std::string dir = (std::filesystem::temp_directory_path() / "sanad-bench-XXXXXX").string();
    if (!mkdtemp(dir.data())) std::abort();
    dir_ = dir;
    store::Key key;
    key.fill(9);
    auto store = store::Store::OpenSqliteFile((dir_ / "site.db").string(),
                                              store::KeyRing::FromMasterKey(key));
    auto policy = policy::LoadShippedPolicy();
    if (!store || !policy) std::abort();
    store_ = std::move(*store);
    policy_ = std::make_unique<policy::Policy>(std::move(*policy));
    ServerOptions options;
    options.port = 0;
    server_ = std::make_unique<Server>(*store_, *policy_, duplicates_, options);
    if (!server_->Bind()) std::abort();
    thread_ = std::thread([this] { (void)server_->Serve(); });
  }
  ~Site() {
    server_->Stop();
    thread_.join();
    server_.reset();
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  Site(const Site&) = delete;
  Site& operator=(const Site&) = delete;

  [[nodiscard]] int port() const { return server_->port(); }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<policy::Policy> policy_;
  match::CandidateIndex duplicates_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

void Healthz(benchmark::State& state, bool keep_alive) {
  spdlog::set_level(spdlog::level::warn);
  Site site;
  httplib::Client client("127.0.0.1", site.port());
  client.set_keep_alive(keep_alive);
  for (auto _ : state) {
    auto res = client.Get("/healthz");
    if (!res || res->status != 200) {
      state.SkipWithError("/healthz failed");
      break;
    }
    benchmark::DoNotOptimize(res->body.data());
  }
}

void BM_HealthzKeptAlive(benchmark::State& state) { Healthz(state, true); }
void BM_HealthzConnectionClose(benchmark::State& state) { Healthz(state, false); }

BENCHMARK(BM_HealthzKeptAlive)->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_HealthzConnectionClose)->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(2.0);

}  // namespace
}  // namespace sanad::api
