#include "time_format.h"

#include <ctime>

namespace fgform::cloud {

std::string format_utc(std::chrono::system_clock::time_point when, const char* pattern,
                       std::chrono::seconds offset) {
  std::time_t t = std::chrono::system_clock::to_time_t(when + offset);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::size_t n = std::strftime(buf, sizeof buf, pattern, &tm);
  return std::string(buf, n);
}

}  // namespace fgform::cloud
