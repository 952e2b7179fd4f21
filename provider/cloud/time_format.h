// Formatting instants as the platform writes them (X-Sdk-Date, HTTP dates, API timestamps).
#pragma once

#include <chrono>
#include <string>

namespace fgform::cloud {

// strftime `pattern` of `when` shifted by `offset` and then read as UTC.
std::string format_utc(std::chrono::system_clock::time_point when, const char* pattern,
                       std::chrono::seconds offset = std::chrono::seconds(0));

}  // namespace fgform::cloud
