#include "core/provider.h"

namespace fgform::core {

std::vector<Outcome> Provider::read_many(const std::string& type,
                                         const std::vector<value::Value>& current) {
  std::vector<Outcome> out;
  out.reserve(current.size());
  for (const auto& c : current) out.push_back(read(type, c));
  return out;
}

Outcome import_object(Provider& provider, const std::string& type, const schema::Schema& schema,
                      const std::string& id) {
  Outcome out{value::Value::null(schema.block.implied_type()), {}};
  auto imported = provider.import(type, id);
  if (!imported.ok()) {
    out.diagnostics = std::move(imported.diagnostics);
    return out;
  }
  auto read = provider.read(type, imported.value);
  out.diagnostics = std::move(read.diagnostics);
  if (read.ok()) out.value = read.value;
  return out;
}

}  // namespace fgform::core
