// Shared by the fuzz targets: the input as text, and a bound on it so one input cannot spend the
// whole per-input time limit on sheer size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace fgform::fuzz {

inline constexpr std::size_t kMaxInput = 64 * 1024;

inline bool too_big(std::size_t size) {
  return size > kMaxInput;
}

inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A broken invariant: abort, which libFuzzer reports as a crash with the input saved.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

}  // namespace fgform::fuzz
