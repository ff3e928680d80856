// The replay driver: the dev build links each harness with this file instead
// of a fuzzing engine, so `make test` runs every committed input (the seed
// corpus, and fuzz/crashes/<target>/, every input that ever crashed it)
// through the sanitizer build without afl++ installed.
//
//   <target>_fuzz PATH...   each PATH a file or a directory of files
//
// A directory that does not exist is skipped (a target with no crashes yet
// has no crashes folder). Fails when no input at all was found, so a renamed
// corpus cannot silently turn the test into a no-op. An input that breaks an
// invariant aborts the process, naming the file first.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_check.h"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> InputsUnder(const fs::path& path) {
  std::vector<fs::path> inputs;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    inputs.push_back(path);
  } else if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
      if (entry.is_regular_file()) inputs.push_back(entry.path());
    }
    std::sort(inputs.begin(), inputs.end());
  } else {
    std::fprintf(stderr, "replay: %s does not exist; skipped\n", path.c_str());
  }
  return inputs;
}

}  // namespace

// Optional in a harness, as in libFuzzer: one-time set-up.
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    for (const auto& input : InputsUnder(argv[i])) {
      std::ifstream in(input, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "replay: cannot read %s\n", input.c_str());
        return 1;
      }
      const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      std::fprintf(stderr, "replay: %s (%zu bytes)\n", input.c_str(), bytes.size());
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++replayed;
    }
  }
  if (replayed == 0) {
    std::fprintf(stderr, "replay: no input found under the paths given\n");
    return 1;
  }
  std::printf("replay: %zu input(s), no invariant broken\n", replayed);
  return 0;
}
