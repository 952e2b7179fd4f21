#include "path.h"

#include <nlohmann/json.hpp>

namespace fgform::value {

Path Path::attr(std::string name) const {
  Path p = *this;
  p.steps_.push_back({PathStep::Kind::kAttribute, std::move(name), 0});
  return p;
}

Path Path::key(std::string k) const {
  Path p = *this;
  p.steps_.push_back({PathStep::Kind::kKeyString, std::move(k), 0});
  return p;
}

Path Path::index(std::int64_t i) const {
  Path p = *this;
  p.steps_.push_back({PathStep::Kind::kKeyInt, {}, i});
  return p;
}

std::string Path::to_string() const {
  std::string out;
  for (const auto& s : steps_) {
    switch (s.kind) {
      case PathStep::Kind::kAttribute:
        if (!out.empty()) out.push_back('.');
        out += s.name;
        break;
      case PathStep::Kind::kKeyString:
        out += "[" + nlohmann::json(s.name).dump() + "]";
        break;
      case PathStep::Kind::kKeyInt:
        out += "[" + std::to_string(s.index) + "]";
        break;
    }
  }
  return out;
}

}  // namespace fgform::value
