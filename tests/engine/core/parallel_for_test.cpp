// CPU work spread over the cores (core/parallel_for.h).
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "core/parallel_for.h"

using fgform::core::parallel_for;

TEST_CASE("parallel_for: every index once, for sizes around the chunk size") {
  for (std::size_t n : {0u, 1u, 63u, 64u, 65u, 1000u, 10007u}) {
    std::vector<std::atomic<int>> seen(n);
    parallel_for(n, [&](std::size_t i) { seen[i].fetch_add(1); });
    std::size_t once = 0;
    for (auto& s : seen) once += s.load() == 1 ? 1 : 0;
    CHECK(once == n);
  }
}

TEST_CASE("parallel_for: an exception reaches the caller, after every thread stopped") {
  std::atomic<int> calls{0};
  CHECK_THROWS_WITH(parallel_for(100000,
                                 [&](std::size_t i) {
                                   calls.fetch_add(1);
                                   if (i == 500) throw std::runtime_error("index 500");
                                 }),
                    "index 500");
  // The others stopped taking work: far fewer calls than indexes.
  CHECK(calls.load() < 100000);
}
