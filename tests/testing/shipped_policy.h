// The policy sanad ships (policies/*.toml), loaded once per test binary.
#pragma once

#include <gtest/gtest.h>

#include "policy/policy.h"

namespace sanad::testing {

inline const policy::Policy& ShippedPolicy() {
  static const policy::Policy kPolicy = [] {
    auto loaded = policy::LoadShippedPolicy();
    EXPECT_TRUE(loaded.has_value()) << loaded.error().message;
    return loaded.value_or(policy::Policy{});
  }();
  return kPolicy;
}

}  // namespace sanad::testing
