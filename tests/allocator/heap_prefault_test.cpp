// The allocator linked into fgform: memory tcmalloc takes from the system is faulted in a chunk
// at a time (provider/allocator/heap_prefault.cpp), so it is resident before it is written.
#define CATCH_CONFIG_MAIN
#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <vector>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

namespace {

bool kernel_populates() {
  const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  void* p = ::mmap(nullptr, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return false;
  const bool ok = ::madvise(p, page, MADV_POPULATE_WRITE) == 0;
  ::munmap(p, page);
  return ok;
}

// The share of the whole pages in [p, p + size) that are resident.
double resident_share(void* p, std::size_t size) {
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto start = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t begin = (start + page - 1) & ~(page - 1);
  const std::uintptr_t end = (start + size) & ~(page - 1);
  std::vector<unsigned char> pages((end - begin) / page);
  if (pages.empty() || ::mincore(reinterpret_cast<void*>(begin), end - begin, pages.data()) != 0)
    return -1;
  std::size_t resident = 0;
  for (unsigned char c : pages) resident += c & 1;
  return static_cast<double>(resident) / static_cast<double>(pages.size());
}

}  // namespace

TEST_CASE("memory the allocator takes from the system is resident before it is written") {
  if (!kernel_populates()) {
    WARN("this kernel has no MADV_POPULATE_WRITE (Linux 5.14): memory is faulted in as written");
    return;
  }
  // 64 MB: more than the allocator keeps free at start, so it takes a fresh chunk from the
  // system for it; untouched, none of it would be resident without the prefault.
  constexpr std::size_t kSize = std::size_t{64} << 20;
  void* p = std::malloc(kSize);
  REQUIRE(p != nullptr);
  const double share = resident_share(p, kSize);
  std::free(p);
  INFO("resident share " << share);
  CHECK(share > 0.9);
}
