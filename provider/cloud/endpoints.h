// Where each service lives. Defaults follow the public cloud's naming; each can be overridden,
// and one base URL can serve all three (that is how the emulator is reached).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fgform::cloud {

enum class Service { kFunctionGraph, kIam, kVpc };

std::string_view service_name(Service service);

struct Endpoints {
  std::string functiongraph;
  std::string iam;
  std::string vpc;

  static Endpoints defaults_for(std::string_view region);
  static Endpoints all(std::string_view base_url);
  const std::string& of(Service service) const;
  std::string& of(Service service);
};

struct ParsedUrl {
  std::string scheme;     // http or https
  std::string host_port;  // what goes into the Host header: port only when not the default
  std::string base_path;  // "" or "/prefix" without the trailing slash
};

// nullopt when the URL is not http(s)://host[:port][/path].
std::optional<ParsedUrl> parse_base_url(std::string_view url);

}  // namespace fgform::cloud
