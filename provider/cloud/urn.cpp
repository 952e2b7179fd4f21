#include "urn.h"

#include <vector>

namespace fgform::cloud {

std::optional<FunctionUrn> FunctionUrn::parse(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t colon = text.find(':', start);
    parts.push_back(text.substr(start, colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (parts.size() != 7 && parts.size() != 8) return std::nullopt;
  if (parts[0] != "urn" || parts[1] != "fss" || parts[4] != "function") return std::nullopt;
  for (std::size_t i = 2; i < parts.size(); ++i) {
    if (parts[i].empty()) return std::nullopt;
  }
  FunctionUrn urn{std::string(parts[2]), std::string(parts[3]), std::string(parts[5]),
                  std::string(parts[6]), parts.size() == 8 ? std::string(parts[7]) : std::string()};
  if (urn.qualifier == "!") return std::nullopt;
  return urn;
}

std::string FunctionUrn::unqualified() const {
  return "urn:fss:" + region + ":" + project_id + ":function:" + package + ":" + name;
}

std::string FunctionUrn::with_qualifier(std::string_view q) const {
  return unqualified() + ":" + std::string(q);
}

}  // namespace fgform::cloud
