#include "core/workers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

namespace sanad {
namespace {

TEST(RunWorkers, RunsEveryThreadIndexOnce) {
  std::atomic<int> sum{0};
  std::atomic<int> calls{0};
  ASSERT_TRUE(RunWorkers(4, "adding", [&](int t) {
    sum += t;
    ++calls;
  }));
  EXPECT_EQ(calls.load(), 4);
  EXPECT_EQ(sum.load(), 0 + 1 + 2 + 3);
  calls = 0;
  ASSERT_TRUE(RunWorkers(0, "adding", [&](int) { ++calls; }));
  EXPECT_EQ(calls.load(), 1) << "fewer than one thread counts as one";
}

// Defect: an exception on a worker thread ended the program (std::terminate).
TEST(RunWorkers, AnExceptionOnAWorkerThreadIsAnErrorNotACrash) {
  std::atomic<int> finished{0};
  auto ok = RunWorkers(3, "scoring pairs", [&](int t) {
    if (t == 2) throw std::runtime_error("out of cheese");
    ++finished;
  });
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, Error::Code::kInternal);
  EXPECT_NE(ok.error().message.find("scoring pairs"), std::string::npos) << ok.error().message;
  EXPECT_NE(ok.error().message.find("out of cheese"), std::string::npos) << ok.error().message;
  EXPECT_EQ(finished.load(), 2) << "the other workers run to their end";
  auto on_caller = RunWorkers(2, "training", [](int t) {
    if (t == 0) throw 42;
  });
  ASSERT_FALSE(on_caller);
  EXPECT_NE(on_caller.error().message.find("training"), std::string::npos);
}

}  // namespace
}  // namespace sanad
