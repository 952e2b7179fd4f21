// Where each service lives. Defaults follow the cloud's naming, https://<service>.<region>.<cloud>;
// each can be overridden, and one base URL can serve all three (that is how the emulator is
// reached).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fgform::cloud {

enum class Service { kFunctionGraph, kIam, kVpc };

inline constexpr std::string_view kDefaultCloud = "myhuaweicloud.com";
inline constexpr std::string_view kEuropeCloud = "myhuaweicloud.eu";

// The cloud domain of a region when none is configured: the Europe regions (eu-west-1xx) live
// under their own domain, as in the official provider; every other region under the default.
std::string_view default_cloud_for(std::string_view region);

// Whether `cloud` can stand in a host name after "<service>.<region>.": dot-separated labels
// of letters, digits and hyphens, with no scheme, port or path.
bool valid_cloud_domain(std::string_view cloud);

std::string_view service_name(Service service);

struct Endpoints {
  std::string functiongraph;
  std::string iam;
  std::string vpc;

  // Empty `cloud`: default_cloud_for(region).
  static Endpoints defaults_for(std::string_view region, std::string_view cloud = {});
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
