// The emulator's AK/SK signature check (the Authorization header parser, SignedHeaders, the
// X-Sdk-Date, the canonical request of the target). The input is a request head:
//   METHOD TARGET\n
//   Name: value\n ...
//   \n
//   body
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_input.h"
#include "verifier.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fgform;
  if (fuzz::too_big(size)) return -1;
  std::string_view rest = fuzz::text(data, size);
  auto next_line = [&rest]() {
    const std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    return line;
  };
  const std::string_view request_line = next_line();
  const std::size_t space = request_line.find(' ');
  emulator::SignedRequestView request;
  request.method = request_line.substr(0, space);
  request.target =
      space == std::string_view::npos ? std::string_view{} : request_line.substr(space + 1);
  std::vector<std::pair<std::string, std::string>> headers;
  while (!rest.empty()) {
    const std::string_view line = next_line();
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    headers.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
  }
  request.headers = &headers;
  request.body = rest;
  auto keys = [](std::string_view access_key) -> std::optional<emulator::KeyRecord> {
    if (access_key != "MYAK") return std::nullopt;
    return emulator::KeyRecord{"my-secret"};
  };
  // A fixed clock: 2024-01-02T03:04:05Z, so a seed's X-Sdk-Date can be inside the window.
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1704164645));
  emulator::verify_signature(request, keys, now);
  return 0;
}
