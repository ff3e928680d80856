#include "load_client.h"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "api/json_codec.h"
#include "api/server.h"

namespace sanad::bench {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kPassword = "load test password 2026";
// The sign-ins every client makes before the clock starts, all at once.
constexpr const char* kStartRoute = "POST /api/v1/session (at start)";
constexpr const char* kRoutes[] = {kStartRoute,
                                   "POST /api/v1/session",
                                   "GET /api/v1/persons",
                                   "POST /api/v1/persons/candidates",
                                   "POST /api/v1/households",
                                   "GET /api/v1/households/{id}",
                                   "PATCH /api/v1/households/{id}",
                                   "GET /api/v1/reports/flash"};

// Names in both scripts, so searches and candidates do the real folding.
constexpr const char* kGiven[] = {
    "Mohammad Nabi", "محمد نبی", "Gul Bibi", "گل بی بی", "Zarghuna", "زرغونه", "Abdul Wali", "Nazo",
    "Hamid Ullah",   "Shirin",   "Farid",    "فرید",     "Karima",   "Bashir", "بشیر"};
constexpr const char* kFather[] = {"Abdul Rahman",  "عبدالرحمن", "Wazir Gul", "وزیرګل",
                                   "Khan Mohammad", "Sher Ali",  "شیر علی",   "Habibullah"};

template <size_t N>
const char* Pick(const char* const (&list)[N], std::mt19937& random) {
  return list[std::uniform_int_distribution<size_t>(0, N - 1)(random)];
}

json NewHousehold(std::mt19937& random) {
  json members = json::array();
  members.push_back({{"given_name", Pick(kGiven, random)},
                     {"father_name", Pick(kFather, random)},
                     {"sex", "male"},
                     {"birth_date", std::to_string(1960 + random() % 40)},
                     {"relationship", "head"},
                     {"consents", {"registration"}}});
  members.push_back({{"given_name", Pick(kGiven, random)},
                     {"father_name", Pick(kFather, random)},
                     {"sex", "female"},
                     {"relationship", "spouse"}});
  return {{"origin_province", "Khyber Pakhtunkhwa"},
          {"origin_district", "Peshawar"},
          {"current_location", "Torkham zero point"},
          {"destination_province", "Nangarhar"},
          {"members", members}};
}

// What one client saw, merged at the end.
struct Tally {
  std::map<std::string, RouteFigures> routes;
  std::map<std::string, std::vector<double>> latencies;
};

// The households registered so far and the PATCHes that succeeded on each.
class Households {
 public:
  void Add(const std::string& id) {
    std::lock_guard lock(mutex_);
    ids_.push_back(id);
    patched_[id] += 0;
  }
  // Half the time one of the 20 newest (so edits meet), else any.
  std::string Pick(std::mt19937& random) {
    std::lock_guard lock(mutex_);
    if (ids_.empty()) return {};
    const size_t n = ids_.size();
    const size_t from = random() % 2 == 0 && n > 20 ? n - 20 : 0;
    return ids_[std::uniform_int_distribution<size_t>(from, n - 1)(random)];
  }
  void Patched(const std::string& id) {
    std::lock_guard lock(mutex_);
    ++patched_[id];
  }
  std::map<std::string, int64_t> patched() {
    std::lock_guard lock(mutex_);
    return patched_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> ids_;
  std::map<std::string, int64_t> patched_;
};

class Client {
 public:
  Client(int port, Tally& tally) : http_("127.0.0.1", port), tally_(tally) {
    http_.set_keep_alive(true);
    http_.set_read_timeout(120, 0);
    http_.set_write_timeout(120, 0);
    http_.set_connection_timeout(30, 0);
  }

  // Sends one request, records its outcome and latency under `route`;
  // returns the response when there was one.
  httplib::Result Send(const std::string& route, const std::string& method, const std::string& path,
                       const std::string& token, const std::string& body = {}) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    const auto start = Clock::now();
    httplib::Result res = method == "GET"     ? http_.Get(path, headers)
                          : method == "PATCH" ? http_.Patch(path, headers, body, "application/json")
                                              : http_.Post(path, headers, body, "application/json");
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    RouteFigures& f = tally_.routes[route];
    ++f.requests;
    if (!res) {
      ++f.transport_errors;
      spdlog::warn("{}: transport error {}", route, httplib::to_string(res.error()));
      return res;
    }
    tally_.latencies[route].push_back(ms);
    if (res->status >= 200 && res->status < 300) {
      ++f.ok;
    } else if (res->status == 409) {
      ++f.conflicts;
    } else if (res->status >= 500) {
      ++f.server_errors;
      spdlog::warn("{}: {} {}", route, res->status, res->body.substr(0, 300));
    } else {
      ++f.client_errors;
      spdlog::warn("{}: {} {}", route, res->status, res->body.substr(0, 300));
    }
    return res;
  }

  std::string SignIn(const std::string& username, const std::string& route) {
    auto res = Send(route, "POST", "/api/v1/session", "",
                    json{{"username", username}, {"password", kPassword}}.dump());
    if (!res || res->status != 200) return {};
    return json::parse(res->body).value("token", "");
  }

 private:
  httplib::Client http_;
  Tally& tally_;
};

// The run's clock starts when every client has signed in (the barrier's
// completion sets it), so slow sign-ins at start do not eat the run.
struct RunClock {
  Clock::time_point start;
  Clock::time_point deadline;
};

template <typename Barrier>
void RunClient(int port, int index, const LoadOptions& options, Barrier& ready,
               const RunClock& clock, std::atomic<int64_t>& budget, Households& households,
               Tally& tally) {
  std::mt19937 random(options.seed * 1000 + static_cast<uint32_t>(index));
  Client client(port, tally);
  std::string registrar = client.SignIn("registrar", kStartRoute);
  std::string analyst = client.SignIn("analyst", kStartRoute);
  if (registrar.empty() || analyst.empty()) {
    ready.arrive_and_drop();
    return;
  }
  ready.arrive_and_wait();
  const Clock::time_point deadline = clock.deadline;
  const std::string today = Date::Today().ToIso();
  const std::string month_ago = Date::Today().AddDays(-30).ToIso();
  // Weights of the mix, out of 100.
  std::discrete_distribution<int> mix({2, 30, 20, 12, 30, 6});
  while (Clock::now() < deadline && budget.fetch_sub(1) > 0) {
    switch (mix(random)) {
      case 0: {  // sign in again (a new session; the old one stays valid)
        if (auto token = client.SignIn("registrar", "POST /api/v1/session"); !token.empty()) {
          registrar = token;
        }
        break;
      }
      case 1: {
        const std::string q = httplib::detail::encode_query_param(Pick(kGiven, random));
        client.Send("GET /api/v1/persons", "GET", "/api/v1/persons?q=" + q + "&page_size=20",
                    registrar);
        break;
      }
      case 2: {
        json body{{"given_name", Pick(kGiven, random)},
                  {"father_name", Pick(kFather, random)},
                  {"sex", "male"},
                  {"province", "Khyber Pakhtunkhwa"}};
        client.Send("POST /api/v1/persons/candidates", "POST", "/api/v1/persons/candidates",
                    registrar, body.dump());
        break;
      }
      case 3: {
        auto res = client.Send("POST /api/v1/households", "POST", "/api/v1/households", registrar,
                               NewHousehold(random).dump());
        if (res && res->status == 201)
          households.Add(json::parse(res->body)["id"].get<std::string>());
        break;
      }
      case 4: {
        const std::string id = households.Pick(random);
        if (id.empty()) break;
        const std::string path = "/api/v1/households/" + id;
        auto read = client.Send("GET /api/v1/households/{id}", "GET", path, registrar);
        if (!read || read->status != 200) break;
        const int64_t version = json::parse(read->body)["version"].get<int64_t>();
        json patch{{"version", version},
                   {"current_location", "Reception centre tent " + std::to_string(random() % 90)}};
        auto res =
            client.Send("PATCH /api/v1/households/{id}", "PATCH", path, registrar, patch.dump());
        if (res && res->status == 200) households.Patched(id);
        break;
      }
      case 5:
        client.Send("GET /api/v1/reports/flash", "GET",
                    "/api/v1/reports/flash?from=" + month_ago + "&to=" + today, analyst);
        break;
    }
  }
}

std::string Milliseconds(double ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, ms < 10 ? "%.2f" : "%.1f", ms);
  return buffer;
}

}  // namespace

int64_t LoadReport::Errors() const {
  int64_t errors = lost_updates + (audit_problem.empty() ? 0 : 1);
  for (const auto& [route, f] : routes) {
    errors += f.server_errors + f.transport_errors + f.client_errors;
  }
  return errors;
}

std::string LoadReport::Table() const {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%-34s %8s %8s %6s %5s %5s %5s %9s %9s %9s\n", "route",
                "requests", "ok", "409", "4xx", "5xx", "conn", "p50 ms", "p99 ms", "max ms");
  out << line;
  for (const char* route : kRoutes) {
    auto it = routes.find(route);
    if (it == routes.end()) continue;
    const RouteFigures& f = it->second;
    std::snprintf(line, sizeof line, "%-34s %8lld %8lld %6lld %5lld %5lld %5lld %9s %9s %9s\n",
                  route, static_cast<long long>(f.requests), static_cast<long long>(f.ok),
                  static_cast<long long>(f.conflicts), static_cast<long long>(f.client_errors),
                  static_cast<long long>(f.server_errors),
                  static_cast<long long>(f.transport_errors), Milliseconds(f.p50_ms).c_str(),
                  Milliseconds(f.p99_ms).c_str(), Milliseconds(f.max_ms).c_str());
    out << line;
  }
  const int64_t mix = requests - signins_at_start;
  std::snprintf(
      line, sizeof line,
      "%lld requests of the mix in %.1f s: %.0f requests/s (and %lld sign-ins before "
      "the clock started); %lld households checked, %lld lost updates; audit chain of "
      "%lld entries %s\n",
      static_cast<long long>(mix), seconds, static_cast<double>(mix) / std::max(seconds, 1e-9),
      static_cast<long long>(signins_at_start), static_cast<long long>(households_checked),
      static_cast<long long>(lost_updates), static_cast<long long>(audit_entries),
      audit_problem.empty() ? "verifies" : ("BROKEN: " + audit_problem).c_str());
  out << line;
  return out.str();
}

Result<LoadReport> RunLoad(const LoadOptions& options) {
  std::string folder = (fs::temp_directory_path() / "sanad-load-XXXXXX").string();
  if (!mkdtemp(folder.data())) return Fail(Error::Unavailable("cannot make a temporary folder"));
  struct Remove {
    std::string path;
    ~Remove() {
      std::error_code ignored;
      fs::remove_all(path, ignored);
    }
  } remove{folder};

  store::Key key;
  key.fill(5);
  auto opened =
      store::Store::OpenSqliteFile(folder + "/site.db", store::KeyRing::FromMasterKey(key));
  if (!opened) return Fail(opened.error());
  std::unique_ptr<store::Store> store = std::move(*opened);
  const store::Actor setup{"load-setup", ""};
  for (auto [name, role] : {std::pair{"registrar", store::Role::kRegistrar},
                            std::pair{"analyst", store::Role::kAnalyst}}) {
    if (auto ok = store->CreateUser(name, role, kPassword, setup); !ok) return Fail(ok.error());
  }
  Households households;
  std::mt19937 random(options.seed);
  for (int i = 0; i < options.seed_households; ++i) {
    auto household = api::DecodeNewHousehold(NewHousehold(random));
    if (!household) return Fail(household.error());
    auto created = store->CreateHousehold(std::move(*household), setup);
    if (!created) return Fail(created.error());
    households.Add(created->id);
  }
  auto policy = policy::LoadShippedPolicy();
  if (!policy) return Fail(policy.error());
  match::CandidateIndex duplicates;
  if (auto indexed = api::IndexPersons(*store, duplicates); !indexed) {
    return Fail(indexed.error());
  }
  api::ServerOptions server_options;
  server_options.port = 0;
  server_options.throttle.max_failures = 1 << 30;  // see load_client.h
  server_options.throttle.slow_after = 1 << 30;
  server_options.max_connections_per_address = options.clients + 16;
  auto server = std::make_unique<api::Server>(*store, *policy, duplicates, server_options);
  if (auto ok = server->Bind(); !ok) return Fail(ok.error());
  std::thread serving([&] { (void)server->Serve(); });

  std::atomic<int64_t> budget{options.max_requests};
  std::vector<Tally> tallies(static_cast<size_t>(options.clients));
  std::vector<std::thread> clients;
  RunClock clock;
  auto started = [&clock, &options]() noexcept {
    clock.start = Clock::now();
    clock.deadline = clock.start + options.duration;
  };
  std::barrier ready(options.clients, started);
  for (int i = 0; i < options.clients; ++i) {
    clients.emplace_back([&, i] {
      try {
        RunClient(server->port(), i, options, ready, clock, budget, households,
                  tallies[static_cast<size_t>(i)]);
      } catch (const std::exception& e) {
        spdlog::error("load client {} stopped: {}", i, e.what());
        ++tallies[static_cast<size_t>(i)].routes["client exception"].transport_errors;
      }
    });
  }
  for (auto& t : clients) t.join();
  LoadReport report;
  report.seconds = std::chrono::duration<double>(Clock::now() - clock.start).count();
  report.signins_at_start = 2 * static_cast<int64_t>(options.clients);
  server->Stop();
  serving.join();
  server.reset();

  std::map<std::string, std::vector<double>> latencies;
  for (auto& tally : tallies) {
    for (auto& [route, f] : tally.routes) {
      RouteFigures& sum = report.routes[route];
      sum.requests += f.requests;
      sum.ok += f.ok;
      sum.conflicts += f.conflicts;
      sum.client_errors += f.client_errors;
      sum.server_errors += f.server_errors;
      sum.transport_errors += f.transport_errors;
      report.requests += f.requests;
    }
    for (auto& [route, ms] : tally.latencies) {
      auto& all = latencies[route];
      all.insert(all.end(), ms.begin(), ms.end());
    }
  }
  for (auto& [route, ms] : latencies) {
    if (ms.empty()) continue;
    std::sort(ms.begin(), ms.end());
    RouteFigures& f = report.routes[route];
    f.p50_ms = ms[ms.size() / 2];
    f.p99_ms = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
    f.max_ms = ms.back();
  }

  // No update lost: each household's version is 1 + its successful PATCHes.
  const store::Actor check{"load-check", ""};
  for (const auto& [id, patched] : households.patched()) {
    auto h = store->GetHousehold(id, check);
    ++report.households_checked;
    if (!h || h->version != 1 + patched) {
      ++report.lost_updates;
      spdlog::error("household {}: version {} after {} successful PATCHes", id, h ? h->version : -1,
                    patched);
    }
  }
  auto verified = store->VerifyAudit();
  if (verified) {
    report.audit_entries = *verified;
  } else {
    report.audit_problem = verified.error().message;
  }
  return report;
}

}  // namespace sanad::bench
