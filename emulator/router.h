// Maps (method, decoded path segments) to a handler. Patterns are written like the API
// reference: "/v2/{project_id}/fgs/functions/{function_urn}/config". A literal segment wins over a
// parameter, so "/fgs/dependencies/version" and "/fgs/dependencies/{depend_id}" can coexist.
// The pattern doubles as the route's name in /_emulator/stats.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api.h"

namespace fgform::emulator {

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Family family;
  Handler handler;
  bool mutating;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Family family, Handler handler);
  std::optional<RouteMatch> match(const std::string& method,
                                  const std::vector<std::string>& segments) const;
  // The family whose paths these are, for errors on unmatched requests.
  Family family_for(const std::vector<std::string>& segments) const;

 private:
  std::vector<Route> routes_;
};

// Splits a decoded path into segments, ignoring one trailing slash.
std::vector<std::string> split_path(const std::string& path);

}  // namespace fgform::emulator
