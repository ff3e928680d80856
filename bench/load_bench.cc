// The site under load: 50 clients for 60 s on loopback by default (see
// load_client.h for the mix and the checks). Prints throughput and p50/p99
// per route; exits non-zero when any request failed, an update was lost or
// the audit chain does not verify.
//
//   build/release/bench/load_bench [--clients N] [--seconds S] [--seed N]
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "load_client.h"

int main(int argc, char** argv) {
  sanad::bench::LoadOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const bool has_value = i + 1 < argc;
    char* end = nullptr;
    const long value = has_value ? std::strtol(argv[i + 1], &end, 10) : 0;
    if (!has_value || *end != '\0' || value <= 0) {
      std::fprintf(stderr,
                   "usage: %s [--clients N] [--seconds S] [--seed N] (%s needs a number > 0)\n",
                   argv[0], flag.c_str());
      return 2;
    }
    if (flag == "--clients" && value <= 1000) {
      options.clients = static_cast<int>(value);
    } else if (flag == "--seconds" && value <= 3600) {
      options.duration = std::chrono::seconds(value);
    } else if (flag == "--seed") {
      options.seed = static_cast<uint32_t>(value);
    } else {
      std::fprintf(stderr, "unknown or out-of-range option %s\n", flag.c_str());
      return 2;
    }
    ++i;
  }
  spdlog::set_level(spdlog::level::warn);
  std::printf("load: %d clients for %lld s on loopback...\n", options.clients,
              static_cast<long long>(options.duration.count()));
  std::fflush(stdout);
  auto report = sanad::bench::RunLoad(options);
  if (!report) {
    std::fprintf(stderr, "load: the site did not start: %s\n", report.error().message.c_str());
    return 1;
  }
  std::printf("%s", report->Table().c_str());
  if (report->Errors() != 0) {
    std::printf("load: FAILED with %lld errors\n", static_cast<long long>(report->Errors()));
    return 1;
  }
  std::printf("load: no errors, no lost update, audit chain verifies\n");
  return 0;
}
