#include "router.h"

namespace fgform::emulator {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = path.empty() || path[0] != '/' ? 0 : 1;
  std::string trimmed = path;
  if (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  while (start <= trimmed.size()) {
    std::size_t slash = trimmed.find('/', start);
    out.push_back(
        trimmed.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

void Router::add(std::string method, std::string pattern, Family family, Handler handler) {
  Route r;
  r.segments = split_path(pattern);
  r.mutating = method != "GET" && method != "HEAD";
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.family = family;
  r.handler = std::move(handler);
  routes_.push_back(std::move(r));
}

std::optional<RouteMatch> Router::match(const std::string& method,
                                        const std::vector<std::string>& segments) const {
  std::optional<RouteMatch> best;
  int best_literals = -1;
  for (const Route& r : routes_) {
    if (r.method != method || r.segments.size() != segments.size()) continue;
    RouteMatch m{&r, {}};
    int literals = 0;
    bool matched = true;
    for (std::size_t i = 0; i < segments.size() && matched; ++i) {
      const std::string& p = r.segments[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        if (segments[i].empty()) matched = false;
        m.params[p.substr(1, p.size() - 2)] = segments[i];
      } else if (p == segments[i]) {
        ++literals;
      } else {
        matched = false;
      }
    }
    if (matched && literals > best_literals) {
      best = std::move(m);
      best_literals = literals;
    }
  }
  return best;
}

Family Router::family_for(const std::vector<std::string>& segments) const {
  if (segments.size() >= 3 && segments[0] == "v3" && segments[2] == "vpc") return Family::kVpcV3;
  if (segments.size() >= 1 && (segments[0] == "v3" || segments[0] == "v3.0")) return Family::kIam;
  if (segments.size() >= 3 && segments[0] == "v1" &&
      (segments[2] == "vpcs" || segments[2] == "subnets")) {
    return Family::kVpc;
  }
  if (segments.size() >= 2 && segments[0] == "v2") return Family::kFunctionGraph;
  return Family::kGateway;
}

}  // namespace fgform::emulator
