// What every harness in fuzz/ shares: the libFuzzer entry point's signature,
// a view of the input as text, and FUZZ_CHECK, which stops the process with
// a message when an invariant fails (abort(), so afl-fuzz and the replay
// driver both see a crash).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace sanad::fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

[[noreturn]] inline void CheckFailed(const char* condition, const char* what, const char* file,
                                     int line) {
  std::fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", file, line, what, condition);
  std::abort();
}

// An error about valid UTF-8 input is itself valid UTF-8: a message that
// quotes the input must not cut a character in half (it is printed, logged
// and sent as JSON).
inline bool MessageFitsInput(std::string_view input, std::string_view message) {
  return !IsValidUtf8(input) || IsValidUtf8(message);
}

}  // namespace sanad::fuzz

#define FUZZ_CHECK(condition, what)                                                     \
  do {                                                                                  \
    if (!(condition)) ::sanad::fuzz::CheckFailed(#condition, what, __FILE__, __LINE__); \
  } while (false)
