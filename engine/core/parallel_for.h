// Runs fn(0) .. fn(n - 1) on every core, for CPU work that everything else waits for (decoding
// the priors of a refresh batch). Not for provider calls: those go through OperationSlots, the
// one limit of concurrent operations (-parallelism).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace fgform::core {

// fn must be safe to call concurrently for distinct indexes. The first exception fn throws is
// rethrown here once every thread has stopped (the others stop taking work).
template <typename Fn>
void parallel_for(std::size_t n, Fn fn) {
  constexpr std::size_t kChunk = 64;  // indexes a thread takes at once
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t threads = std::min(cores, (n + kChunk - 1) / kChunk);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    while (!failed.load(std::memory_order_relaxed)) {
      const std::size_t from = next.fetch_add(kChunk);
      if (from >= n) return;
      try {
        for (std::size_t i = from; i < std::min(n, from + kChunk); ++i) fn(i);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();  // this thread is one of them
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace fgform::core
