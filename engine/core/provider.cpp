#include "core/provider.h"

namespace fgform::core {

std::vector<Outcome> Provider::read_many(const std::string& type,
                                         const std::vector<value::Value>& current) {
  std::vector<Outcome> out;
  out.reserve(current.size());
  for (const auto& c : current) out.push_back(read(type, c));
  return out;
}

}  // namespace fgform::core
