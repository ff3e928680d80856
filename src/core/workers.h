// Work shared out over threads, with each thread's entry guarded: an
// exception thrown on a worker thread would otherwise end the program
// (std::terminate). Used by the matching engine's parallel loops.
#pragma once

#include <functional>
#include <string_view>

#include "core/error.h"

namespace sanad {

// Runs work(0) on the calling thread and work(1) .. work(threads - 1) on
// threads of their own (threads < 1 counts as 1), and returns when all have
// finished. An exception escaping any of them is caught at that thread's
// entry; the others run to their end, and the first exception is returned
// as kInternal naming `task` and saying what was thrown. `work` must be safe
// to call from several threads at once.
[[nodiscard]] Status RunWorkers(int threads, std::string_view task,
                                const std::function<void(int)>& work);

}  // namespace sanad
