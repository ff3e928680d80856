#include "core/workers.h"

#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sanad {

Status RunWorkers(int threads, std::string_view task, const std::function<void(int)>& work) {
  std::mutex mutex;
  std::string failure;  // the first exception's text; guarded by `mutex`
  auto guarded = [&](int thread) {
    std::string what;
    try {
      work(thread);
      return;
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
      what = "an exception that is not a std::exception";
    }
    std::lock_guard lock(mutex);
    if (failure.empty()) failure = what.empty() ? "an exception without a message" : what;
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(guarded, t);
  guarded(0);
  for (std::thread& thread : pool) thread.join();
  if (!failure.empty()) {
    return Fail(Error::Internal("{} failed on a worker thread: {}", task, failure));
  }
  return {};
}

}  // namespace sanad
