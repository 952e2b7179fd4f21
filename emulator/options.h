// fgform-emulator's settings and their command line.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <variant>

namespace fgform::emulator {

struct EmulatorOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  std::string data_dir;
  std::string access_key;
  std::string secret_key;
  std::string project_id;  // empty: the one stored in the data dir, else a new random one
  std::string domain_id;   // likewise
  std::string region = "cn-north-4";
  int latency_ms = 0;
  double fail_rate = 0.0;
  int fail_status = 503;
  // A fraction of successful POSTs (creates) is carried out and then answered 504, as the API
  // gateway does when the service answers too late: clients must find out whether it happened.
  double gateway_timeout_rate = 0.0;
  std::size_t max_body_bytes = 64u << 20;
  // PUT .../config replaces the configuration: what the body omits goes back to its default,
  // as the platform may do. Proves that clients send back what they do not manage.
  bool strict_put = false;
  // Test seam for the signature clock window.
  std::function<std::chrono::system_clock::time_point()> clock;
};

struct ParsedCommandLine {
  EmulatorOptions options;
  bool show_help = false;
  bool show_version = false;
};

// Either the parsed command line or an error message naming the offending flag.
std::variant<ParsedCommandLine, std::string> parse_command_line(int argc, const char* const* argv);

std::string usage_text();

}  // namespace fgform::emulator
