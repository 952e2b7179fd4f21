#include "options.h"

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace fgform::emulator {
namespace {

bool parse_int(std::string_view text, long min, long max, long& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && out >= min && out <= max;
}

// A fraction from 0 to 1, written as a plain decimal number.
bool parse_rate(std::string_view value, double& out) {
  char* end = nullptr;
  const std::string text(value);
  const double r = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(r >= 0.0 && r <= 1.0)) return false;
  out = r;
  return true;
}

bool parse_listen(std::string_view text, std::string& host, int& port) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view h = text.substr(0, colon);
  if (h.front() == '[') {
    if (h.back() != ']') return false;
    h = h.substr(1, h.size() - 2);
  }
  long p = 0;
  if (h.empty() || !parse_int(text.substr(colon + 1), 0, 65535, p)) return false;
  host = std::string(h);
  port = static_cast<int>(p);
  return true;
}

}  // namespace

std::string usage_text() {
  return R"(Usage: fgform-emulator --data DIR --access-key AK --secret-key SK [options]

A local emulator of the Huawei Cloud FunctionGraph v2, IAM and VPC v1 management APIs.
It verifies SDK-HMAC-SHA256 signatures and keeps its data in SQLite under DIR.
The first line on stdout is "listening on http://HOST:PORT".

Options:
  --listen HOST:PORT       address to listen on (default 127.0.0.1:0, 0 = any free port)
  --data DIR               directory for the SQLite database (created if missing)
  --access-key AK          the access key clients sign with (default: $HW_ACCESS_KEY)
  --secret-key SK          its secret key (default: $HW_SECRET_KEY; prefer the variable,
                           command lines are visible to other users)
  --project-id ID          the project ID of the region (default: kept in DIR, else random)
  --domain-id ID           the account (domain) ID (default: kept in DIR, else random)
  --region REGION          the region name (default cn-north-4)
  --latency-ms N           wait N milliseconds before answering each API request
  --fail-rate R            answer a fraction R (0..1) of API requests with --fail-status
  --fail-status S          429, 500 or 503 (default 503)
  --gateway-timeout-rate R
                           carry out a fraction R (0..1) of successful POSTs (creates), then
                           answer 504 as a gateway timing out: the create happened, its answer
                           was lost
  --strict-put             PUT .../config resets every setting its body omits to the default
                           (the platform may; a client must send back what it does not manage)
  --help                   show this text
  --version                show the version
)";
}

std::variant<ParsedCommandLine, std::string> parse_command_line(int argc, const char* const* argv) {
  ParsedCommandLine out;
  EmulatorOptions& o = out.options;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h" || flag == "-help") {
      out.show_help = true;
      return out;
    }
    if (flag == "--version" || flag == "-version") {
      out.show_version = true;
      return out;
    }
    if (flag == "--strict-put") {
      o.strict_put = true;
      continue;
    }
    std::string_view value;
    std::size_t eq = flag.find('=');
    if (flag.rfind("--", 0) == 0 && eq != std::string_view::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
    } else {
      if (i + 1 >= argc) return "flag " + std::string(flag) + " needs a value (see --help)";
      value = argv[++i];
    }
    long n = 0;
    if (flag == "--listen") {
      if (!parse_listen(value, o.host, o.port)) {
        return "--listen: expected HOST:PORT such as 127.0.0.1:0, got \"" + std::string(value) +
               "\"";
      }
    } else if (flag == "--data") {
      o.data_dir = value;
    } else if (flag == "--access-key") {
      o.access_key = value;
    } else if (flag == "--secret-key") {
      o.secret_key = value;
    } else if (flag == "--project-id") {
      o.project_id = value;
    } else if (flag == "--domain-id") {
      o.domain_id = value;
    } else if (flag == "--region") {
      o.region = value;
    } else if (flag == "--latency-ms") {
      if (!parse_int(value, 0, 600000, n)) return "--latency-ms: expected 0 to 600000";
      o.latency_ms = static_cast<int>(n);
    } else if (flag == "--fail-rate") {
      if (!parse_rate(value, o.fail_rate)) return "--fail-rate: expected a number from 0 to 1";
    } else if (flag == "--gateway-timeout-rate") {
      if (!parse_rate(value, o.gateway_timeout_rate))
        return "--gateway-timeout-rate: expected a number from 0 to 1";
    } else if (flag == "--fail-status") {
      if (!parse_int(value, 0, 999, n) || (n != 429 && n != 500 && n != 503)) {
        return "--fail-status: expected 429, 500 or 503";
      }
      o.fail_status = static_cast<int>(n);
    } else {
      return "unknown flag " + std::string(flag) + " (see --help)";
    }
  }
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
  };
  if (o.access_key.empty()) o.access_key = env("HW_ACCESS_KEY");
  if (o.secret_key.empty()) o.secret_key = env("HW_SECRET_KEY");
  if (o.data_dir.empty()) return "--data DIR is required (see --help)";
  if (o.access_key.empty()) return "--access-key (or HW_ACCESS_KEY) is required";
  if (o.secret_key.empty()) return "--secret-key (or HW_SECRET_KEY) is required";
  return out;
}

}  // namespace fgform::emulator
