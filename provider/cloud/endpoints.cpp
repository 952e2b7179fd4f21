#include "endpoints.h"

namespace fgform::cloud {

std::string_view service_name(Service service) {
  switch (service) {
    case Service::kIam:
      return "iam";
    case Service::kVpc:
      return "vpc";
    case Service::kFunctionGraph:
      break;
  }
  return "functiongraph";
}

std::string_view default_cloud_for(std::string_view region) {
  return region.rfind("eu-west-1", 0) == 0 ? kEuropeCloud : kDefaultCloud;
}

bool valid_cloud_domain(std::string_view cloud) {
  if (cloud.empty() || cloud.size() > 253) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i < cloud.size(); ++i) {
    const char c = cloud[i];
    if (c == '.') {
      if (label == 0 || cloud[i - 1] == '-') return false;
      label = 0;
      continue;
    }
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && !(c == '-' && label > 0)) return false;
    if (++label > 63) return false;
  }
  return label > 0 && cloud.back() != '-';
}

Endpoints Endpoints::defaults_for(std::string_view region, std::string_view cloud) {
  const std::string r(region);
  const std::string domain(cloud.empty() ? default_cloud_for(region) : cloud);
  return Endpoints{"https://functiongraph." + r + "." + domain, "https://iam." + r + "." + domain,
                   "https://vpc." + r + "." + domain};
}

Endpoints Endpoints::all(std::string_view base_url) {
  std::string b(base_url);
  return Endpoints{b, b, b};
}

const std::string& Endpoints::of(Service service) const {
  switch (service) {
    case Service::kIam:
      return iam;
    case Service::kVpc:
      return vpc;
    case Service::kFunctionGraph:
      break;
  }
  return functiongraph;
}

std::string& Endpoints::of(Service service) {
  return const_cast<std::string&>(static_cast<const Endpoints&>(*this).of(service));
}

std::optional<ParsedUrl> parse_base_url(std::string_view url) {
  ParsedUrl out;
  std::size_t sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  out.scheme = std::string(url.substr(0, sep));
  if (out.scheme != "http" && out.scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(sep + 3);
  std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (authority.empty() || authority.find_first_of("@ ?#") != std::string_view::npos)
    return std::nullopt;
  std::string default_port = out.scheme == "https" ? ":443" : ":80";
  if (authority.size() > default_port.size() &&
      authority.substr(authority.size() - default_port.size()) == default_port) {
    authority.remove_suffix(default_port.size());
  }
  out.host_port = std::string(authority);
  if (slash != std::string_view::npos) {
    std::string_view path = rest.substr(slash);
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    out.base_path = std::string(path);
  }
  return out;
}

}  // namespace fgform::cloud
