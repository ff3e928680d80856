// Resident memory under hostile traffic (issue 10): 10,000 searches with
// distinct word patterns and 1,000 failed sign-ins with long usernames must
// leave the server's resident size within 50 MB of where it started.
// Prints the figures; exits 1 when the bound is broken. Run from a release
// build (sanitizers keep freed memory in quarantine): make bench.
#include <httplib.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>

#include "api/server.h"
#include "policy/policy.h"

namespace {

using nlohmann::json;
using sanad::api::Server;
using sanad::api::ServerOptions;

std::string PercentEncoded(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

int64_t ResidentKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stoll(line.substr(6));
  }
  return -1;
}

}  // namespace

int main() {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("sanad-hostile-" + std::to_string(getpid()));
  fs::create_directories(dir);
  sanad::store::Key key;
  key.fill(7);
  auto store = sanad::store::Store::OpenSqliteFile((dir / "site.db").string(),
                                                   sanad::store::KeyRing::FromMasterKey(key));
  auto policy = sanad::policy::LoadShippedPolicy();
  if (!store || !policy) return 2;
  const std::string password = "a good long password";
  if (!(*store)->CreateUser("registrar", sanad::store::Role::kRegistrar, password,
                            sanad::store::Actor{"bench", ""})) {
    return 2;
  }
  sanad::match::CandidateIndex duplicates;
  ServerOptions options;
  options.port = 0;
  Server server(**store, *policy, duplicates, options);
  if (!server.Bind()) return 2;
  std::thread serving([&] { (void)server.Serve(); });
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(30, 0);

  auto login = client.Post("/api/v1/session",
                           json{{"username", "registrar"}, {"password", password}}.dump(),
                           "application/json");
  if (!login || login->status != 200) return 2;
  const httplib::Headers bearer = {
      {"Authorization", "Bearer " + json::parse(login->body)["token"].get<std::string>()}};
  const char* words[] = {"Mohammad", "Ahmad", "Karim", "Nabi",  "Hamid", "Rahim", "Jawad",
                         "Bashir",   "Nasir", "Qasim", "Wali",  "Sakhi", "Daud",  "Tariq",
                         "محمد",     "احمد",  "کریم",  "نبی",   "Gul",   "Zarghuna"};
  std::mt19937 rng(42);
  for (int h = 0; h < 200; ++h) {
    json household = {{"origin_province", "Khyber Pakhtunkhwa"},
                      {"members", json::array()}};
    for (int m = 0; m < 3; ++m) {
      household["members"].push_back({{"given_name", words[rng() % 20]},
                                      {"father_name", words[rng() % 20]},
                                      {"sex", m == 1 ? "female" : "male"}});
    }
    (void)client.Post("/api/v1/households", bearer, household.dump(), "application/json");
  }
  // Warm every path once before the baseline.
  (void)client.Get("/api/v1/persons?q=Nabi", bearer);
  (void)client.Post("/api/v1/session", json{{"username", "x"}, {"password", "y"}}.dump(),
                    "application/json");
  const int64_t start_kb = ResidentKb();

  for (int i = 0; i < 10000; ++i) {
    std::string q;
    const int count = 1 + static_cast<int>(rng() % 12);
    for (int w = 0; w < count; ++w) {
      std::string word = words[rng() % 20];
      word.resize(1 + rng() % word.size());  // prefixes and counts vary the SQL shape
      if (rng() % 4 == 0) word = std::to_string(rng() % 100000);  // a number
      q += (w ? " " : "") + word;
    }
    (void)client.Get("/api/v1/persons?q=" + PercentEncoded(q) + "&page=" +
                         std::to_string(1 + i % 7),
                     bearer);
  }
  const int64_t after_searches_kb = ResidentKb();
  for (int i = 0; i < 1000; ++i) {
    const std::string user = std::to_string(i) + std::string(i % 2 ? 100 : 200000, 'u');
    (void)client.Post("/api/v1/session", json{{"username", user}, {"password", "wrong"}}.dump(),
                      "application/json");
  }
  const int64_t end_kb = ResidentKb();
  server.Stop();
  serving.join();
  fs::remove_all(dir);

  const int64_t growth_mb = (end_kb - start_kb) / 1024;
  std::printf("resident memory: start %lld MB, after 10,000 distinct searches %lld MB, after "
              "1,000 failed sign-ins with long usernames %lld MB; growth %lld MB (bound 50 MB)\n",
              static_cast<long long>(start_kb / 1024),
              static_cast<long long>(after_searches_kb / 1024),
              static_cast<long long>(end_kb / 1024), static_cast<long long>(growth_mb));
  return growth_mb <= 50 ? 0 : 1;
}
